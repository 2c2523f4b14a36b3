#include "../memory_site.h"

#include "docket/links.h"
#include "docket/render.h"

#include <cmark-gfm.h>
#include <doctest/doctest.h>

#include <thread>

namespace {

// The site's pages as the link stage leaves them, and as rendered.
struct LinkedSite : MemorySite {
    using MemorySite::MemorySite;

    // The page's AST as cmark writes it, each internal link's URL (it has none) showing its
    // LinkTarget: "page:b/index.html#del-ett", "term:est".
    std::string ast_html(const std::string& id) {
        cmark_node* doc = site.docs[site.by_id.at(id)].doc.get();
        cmark_iter* it = cmark_iter_new(doc);
        for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
            cmark_node* n = cmark_iter_get_node(it);
            if (ev != CMARK_EVENT_ENTER) continue;
            const auto* t = static_cast<const docket::LinkTarget*>(cmark_node_get_user_data(n));
            if (!t) continue;
            const char* url = cmark_node_get_url(n);
            CHECK((!url || !*url));
            const docket::Page& to = site.pages[t->page_index];
            const std::string shown = t->kind == docket::LinkTarget::term
                                          ? "term:" + to.id
                                          : "page:" + docket::page_href(to) + t->fragment;
            cmark_node_set_url(n, shown.c_str());
        }
        cmark_iter_free(it);
        char* html = cmark_render_html(doc, 0, nullptr);
        std::string out(html);
        free(html);
        return out;
    }

    std::string rendered(const std::string& id) {
        const auto files = docket::render_site(site, graph, *theme, {}, 2, diags).files;
        for (const auto& f : files)
            if (f.path == docket::page_href(*site.find(id))) return f.content;
        FAIL("page not rendered");
        return {};
    }
};

const char* est = "+++\ntitle = \"EST\"\nkind = \"term\"\nterm = \"EST\"\nexpansion = \"Effektiv "
                  "Samordning för Trygghet\"\n+++\nEST är en arbetsmetod.\n";
const char* vandring =
    "+++\ntitle = \"trygghetsvandring\"\nkind = \"term\"\nterm = \"trygghetsvandring\"\naliases = "
    "[\"trygghetsvandringar\"]\n+++\nEn metod.\n";

} // namespace

TEST_CASE("terms: only the first occurrence is linked, as <abbr> with the expansion") {
    LinkedSite s({{"est", est}, {"a", "Arbetet med EST pågår. EST används mer.\n"}});
    CHECK(s.diags.error_count() == 0);
    const std::string html = s.ast_html("a");
    CHECK(html == "<p>Arbetet med <a href=\"term:est\">EST</a> pågår. EST används mer.</p>\n");
    const std::string page = s.rendered("a");
    CHECK(page.find("<a href=\"../begrepp/est/index.html\" class=\"term\"><abbr title=\"Effektiv "
                    "Samordning för Trygghet\">EST</abbr></a>") != std::string::npos);
}

TEST_CASE("terms: skipped in headings, links, code and on the term's own page") {
    LinkedSite s({{"est", est},
                  {"a", "## EST i rubrik\n\n[EST i länk](https://example.org) och `EST` i "
                        "kod.\n\nSedan EST i text.\n"}});
    const std::string html = s.ast_html("a");
    CHECK(html.find("<h2>EST i rubrik</h2>") != std::string::npos);
    CHECK(html.find("<a href=\"https://example.org\">EST i länk</a>") != std::string::npos);
    CHECK(html.find("<code>EST</code>") != std::string::npos);
    CHECK(html.find("Sedan <a href=\"term:est\">EST</a> i text.") != std::string::npos);
    CHECK(s.ast_html("est") == "<p>EST är en arbetsmetod.</p>\n");
}

TEST_CASE("terms: whole words only, case-sensitive abbreviations, inflections through aliases") {
    LinkedSite s({{"est", est},
                  {"vandring", vandring},
                  {"a", "BEST och est är inte termer. Trygghetsvandringar görs.\n"}});
    const std::string html = s.ast_html("a");
    CHECK(html.find("term:est") == std::string::npos);
    CHECK(html.find("<a href=\"term:vandring\">Trygghetsvandringar</a>") != std::string::npos);
    // The term page lists every page that mentions it.
    const auto& mentions = s.graph.mentions[s.site.by_id.at("vandring")];
    CHECK(mentions == docket::PageList{static_cast<std::uint32_t>(s.site.by_id.at("a"))});
}

TEST_CASE("terms: switched off in site.toml") {
    LinkedSite s({{"est", est}, {"a", "Med EST.\n"}}, false);
    CHECK(s.ast_html("a") == "<p>Med EST.</p>\n");
}

TEST_CASE("wiki links: page, heading and text; unknown targets are errors with positions") {
    LinkedSite s({{"b", "+++\ntitle = \"Sidan B\"\n+++\n## Del ett\n"},
                  {"a", "+++\ntitle = \"A\"\n+++\nSe [[b]], [[b|den]], [[b#del-ett]] och "
                        "[[#egen]].\n\n## Egen\n\n"
                        "Fel: [[saknas]] och [[b#saknas]].\n"}});
    const std::string html = s.ast_html("a");
    CHECK(html.find("<a href=\"page:b/index.html\">Sidan B</a>") != std::string::npos);
    CHECK(html.find("<a href=\"page:b/index.html\">den</a>") != std::string::npos);
    CHECK(html.find("<a href=\"page:b/index.html#del-ett\">Del ett</a>") != std::string::npos);
    CHECK(html.find("<a href=\"#egen\">Egen</a>") != std::string::npos);
    const auto errors = s.diags.sorted();
    REQUIRE(errors.size() == 2);
    CHECK(docket::format(errors[0]) ==
          "content/a.md:8:6: error: unknown page \"saknas\" in [[saknas]]");
    CHECK(docket::format(errors[1]).starts_with(
        "content/a.md:8:21: error: unknown heading \"#saknas\" in [[b#saknas]]"));
    // The graph has the edge both ways.
    CHECK(s.graph.incoming[s.site.by_id.at("b")] ==
          docket::PageList{static_cast<std::uint32_t>(s.site.by_id.at("a"))});
}

TEST_CASE("wiki links: an attribute list's anchor is a target; a page with inserted content "
          "is not checked") {
    LinkedSite s({{"b", "+++\ntitle = \"B\"\n+++\n**locale**{ #b-locale }: text.\n"},
                  {"c", "+++\ntitle = \"C\"\n+++\n--8<-- \"CONTRIBUTING.md\"\n"},
                  {"a", "+++\ntitle = \"A\"\n+++\nSe [[b#b-locale]], [[c#somewhere]] och "
                        "[[b#saknas]].\n"}});
    const std::string html = s.ast_html("a");
    CHECK(html.find("<a href=\"page:b/index.html#b-locale\">B</a>") != std::string::npos);
    // The heading may be in what another tool inserts: the link leads to the page.
    CHECK(html.find("<a href=\"page:c/index.html\">C</a>") != std::string::npos);
    const auto found = s.diags.sorted();
    REQUIRE(found.size() == 3);
    CHECK(docket::format(found[0]) ==
          "content/a.md:4:20: warning: unknown heading \"#somewhere\" in [[c#somewhere]] "
          "(content/c.md has no such heading id), which may be in what another tool inserts at "
          "content/c.md:4 (not published): the link leads to the page");
    CHECK(docket::format(found[1]).starts_with(
        "content/a.md:4:40: error: unknown heading \"#saknas\" in [[b#saknas]]"));
    CHECK(docket::format(found[2]).starts_with("content/c.md:4:1: warning: MkDocs' snippet"));
    CHECK(s.rendered("b").find("<span id=\"b-locale\"><strong>locale</strong></span>: text.") !=
          std::string::npos);
}

TEST_CASE("wiki links: an escaped bracket writes a literal [[x]], in a table cell too") {
    LinkedSite s({{"b", "+++\ntitle = \"Sidan B\"\n+++\nText.\n"},
                  {"a", "+++\ntitle = \"A\"\n+++\n\\[\\[saknas]], \\[[saknas]], [\\[saknas]], "
                        "&#91;&#91;saknas]] och [[b]].\n\n| x |\n|---|\n| \\[[saknas]] |\n"}});
    CHECK(s.diags.sorted().empty());
    const std::string html = s.ast_html("a");
    CHECK(html.find("<p>[[saknas]], [[saknas]], [[saknas]], [[saknas]] och <a "
                    "href=\"page:b/index.html\">Sidan B</a>.</p>") != std::string::npos);
    CHECK(html.find("<td>[[saknas]]</td>") != std::string::npos);
}

TEST_CASE("diarienummer in running text link to the page that carries them") {
    LinkedSite s(
        {{"ks-20-0600",
          "+++\ntitle = \"Ärende\"\nkind = \"case\"\ndiarienummer = \"KS 20/0600\"\ndate = "
          "2020-11-03\n"
          "unit = \"U\"\nofficer = \"O\"\nmeeting = \"m\"\nitem = 33\nproposal = [\"P\"]\n+++\n"
          "## Sammanfattning\n\n## Ärendet\n"},
         {"m",
          "+++\ntitle = \"Möte\"\nkind = \"meeting\"\nbody = \"TU\"\ndate = 2020-11-20\n+++\n"},
         {"a", "Se KS 20/0600 och KS 20/0601, men inte `KS 20/0600`.\n"}});
    CHECK(s.diags.error_count() == 0);
    CHECK(s.ast_html("a") == "<p>Se <a href=\"page:arenden/ks-20-0600/index.html\">KS 20/0600</a> "
                             "och KS 20/0601, men inte <code>KS 20/0600</code>.</p>\n");
}

TEST_CASE("language spans: a BCP 47 tag of two or three letters and subtags of one to eight") {
    LinkedSite s(
        {{"start", "Start.\n"},
         {"a", "[a]{lang=en} [b]{lang=en-GB} [c]{lang=sma-Latn-SE} [d]{lang=x-12345678}\n\n"
               "[e]{lang=EN} [f]{lang=e} [g]{lang=engl} [h]{lang=en-} [i]{lang=en-123456789} "
               "[j]{lang=en_GB} "
               "[[k]{lang=en} [l]{lang=en\n"}});
    const std::string page = s.rendered("a");
    for (const char* span : {"<span lang=\"en\">a</span>", "<span lang=\"en-GB\">b</span>",
                             "<span lang=\"sma-Latn-SE\">c</span>", "<span lang=\"en\">k</span>"})
        CHECK(page.find(span) != std::string::npos);
    for (const char* text :
         {"[d]{lang=x-12345678}", "[e]{lang=EN}", "[f]{lang=e}", "[g]{lang=engl}", "[h]{lang=en-}",
          "[i]{lang=en-123456789}", "[j]{lang=en_GB}", "[l]{lang=en"})
        CHECK(page.find(text) != std::string::npos);
}

TEST_CASE("first pass: links resolved while the bodies are parsed give the graph and the "
          "problems of resolve_links") {
    const std::vector<std::pair<std::string, std::string>> files = {
        {"est", est},
        {"b", "+++\ntitle = \"Sidan B\"\n+++\nText om EST.\n\n## Del ett\n\nSe [[a]].\n"},
        {"c", "+++\ntitle = \"C\"\n+++\n--8<-- \"CONTRIBUTING.md\"\n"},
        {"plain", "# Rubrik ur texten\n\nSe [[b|B]] och EST.\n"},
        // Wiki and Markdown links to headings that are, and are not, there; to a page with
        // inserted content; to a page titled by its "# " heading; a term; a diarienummer.
        {"a", "+++\ntitle = \"A\"\n+++\nEST: [[b#del-ett|ett]], [[b#saknas|två]], "
              "[tre](b.md#del-ett), [fyra](b.md#inte), [[c#somewhere|fem]], [[c]].\n"},
        {"d", "+++\ntitle = \"D\"\n+++\nSe [[b#del-ett]].\n"},
        {"e", "+++\ntitle = \"E\"\n+++\nSe [[plain]] och [[saknas]].\n"},
        {"f", "+++\ntitle = \"F\"\n+++\nSe [[#egen]].\n\n## Egen\n"}};
    LinkedSite kept(files);
    LinkedSite dropped(files, true, true);
    const auto formatted = [](const docket::Diagnostics& d) {
        std::vector<std::string> out;
        for (const auto& x : d.sorted())
            out.push_back(docket::format(x));
        return out;
    };
    CHECK(formatted(dropped.diags) == formatted(kept.diags));
    CHECK(kept.diags.error_count() == 3); // [[b#saknas]], [fyra](b.md#inte), [[saknas]]
    CHECK(dropped.graph.outgoing == kept.graph.outgoing);
    CHECK(dropped.graph.incoming == kept.graph.incoming);
    CHECK(dropped.graph.mentions == kept.graph.mentions);
    CHECK(dropped.graph.titled == kept.graph.titled);
    // The pages whose links show a heading's text or a title from a "# " heading (d, e, f)
    // are left to resolve_links; the others are resolved in the first pass.
    const auto first = [&](const char* id) {
        return dropped.resolved_first[dropped.site.by_id.at(id)] != 0;
    };
    for (const char* id : {"est", "b", "c", "plain", "a"})
        CHECK_MESSAGE(first(id), id);
    for (const char* id : {"d", "e", "f"})
        CHECK_MESSAGE(!first(id), id);
    // The first sentence, with its links' texts, as the render shows it in lists; but for a
    // link to an unknown heading, which resolve_links leaves as written and the first pass
    // (which cannot know) as a link: the build fails then, and publishes nothing.
    const std::size_t a = kept.site.by_id.at("a");
    for (std::size_t i = 0; i < kept.site.pages.size(); ++i) {
        docket::release_ast(kept.site.docs[i]);
        if (i != a) CHECK(dropped.site.docs[i].first_sentence == kept.site.docs[i].first_sentence);
    }
    CHECK(kept.site.docs[a].first_sentence == "EST: ett, [[b#saknas|två]], tre, fyra, fem, C.");
    CHECK(dropped.site.docs[a].first_sentence == "EST: ett, två, tre, fyra, fem, C.");
}
