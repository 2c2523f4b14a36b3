#include "docket/markdown.h"

#include <doctest/doctest.h>

TEST_CASE("slugify transliterates Swedish letters and collapses the rest") {
    CHECK(docket::slugify("Mål och syfte") == "mal-och-syfte");
    CHECK(docket::slugify("Åtaganden") == "ataganden");
    CHECK(docket::slugify("Utmaningar/prioritering") == "utmaningar-prioritering");
    CHECK(docket::slugify("4.2 Trygghetsvandring") == "4-2-trygghetsvandring");
    CHECK(docket::slugify("  Öppna drogscener!  ") == "oppna-drogscener");
    CHECK(docket::slugify("Café") == "cafe");
    CHECK(docket::slugify("???") == "");
}

TEST_CASE("heading ids are stable and unique within a page") {
    auto doc = docket::parse_markdown(
        "## Syfte\n\n## Syfte\n\n### Syfte-2\n\n## !!!\n\n## Mål[^1]\n\n[^1]: Not.\n");
    const auto h = docket::collect_headings(doc.get());
    REQUIRE(h.size() == 5);
    CHECK(h[0].id == "syfte");
    CHECK(h[1].id == "syfte-2");
    CHECK(h[2].id == "syfte-2-2");
    CHECK(h[3].id == "avsnitt");
    CHECK(h[4].id == "mal"); // a footnote marker is not part of the heading's text
    CHECK(h[4].text == "Mål");
    CHECK(h[1].line == 3);
    // The same input gives the same ids.
    auto again = docket::parse_markdown("## Syfte\n\n## Syfte\n");
    CHECK(docket::collect_headings(again.get())[1].id == "syfte-2");
}

TEST_CASE("heading ids never take the page's footnote ids nor the template's reserved ids") {
    auto doc =
        docket::parse_markdown("## main\n\nText[^a] och[^a] igen[^b].\n\n## fn-1\n\n## Fotnoter\n\n"
                               "## fnref-1\n\n## fnref-1-2\n\n## fn-3\n\n## Refereras från\n\n"
                               "[^a]: En.\n[^b]: Två.\n");
    const auto h = docket::collect_headings(doc.get(), {"main", "refereras-fran"});
    REQUIRE(h.size() == 7);
    CHECK(h[0].id == "main-2");
    CHECK(h[1].id == "fn-1-2");     // note 1 is "fn-1"
    CHECK(h[2].id == "fotnoter-2"); // the notes' heading
    CHECK(h[3].id == "fnref-1-3");  // note 1's two references are "fnref-1" and "fnref-1-2"
    CHECK(h[4].id == "fnref-1-2-2");
    CHECK(h[5].id == "fn-3"); // there is no third note
    CHECK(h[6].id == "refereras-fran-2");
    // A page without notes keeps "fotnoter".
    auto plain = docket::parse_markdown("## Fotnoter\n");
    CHECK(docket::collect_headings(plain.get())[0].id == "fotnoter");
}

TEST_CASE("footnote ids: an excerpt's prefix keeps them apart from the page's") {
    CHECK(docket::footnote_id("", 2) == "fn-2");
    CHECK(docket::footnote_ref_id("", 2, 1) == "fnref-2");
    CHECK(docket::footnote_ref_id("a--", 2, 3) == "a--fnref-2-3");
    CHECK(docket::footnotes_heading_id("") == "fotnoter");
}

TEST_CASE("wiki links are one text node after parsing") {
    auto doc = docket::parse_markdown("Se [[4-2-trygghetsvandring|vandring]] här.\n");
    CHECK(docket::node_text(doc.get()) == "Se [[4-2-trygghetsvandring|vandring]] här.");
}

#include <cmark-gfm.h>

#include <atomic>
#include <thread>

TEST_CASE("parsing on many threads at once keeps every autolink and strikethrough") {
    // cmark-gfm's extensions share global state; parse_markdown must not lose them in parallel.
    std::string text;
    for (int i = 0; i < 100; ++i)
        text += "Se www.bra.se och ~~gammalt~~ här.\n\n";
    // Table rows hold autolinks too: cmark-gfm releases after the pinned one parse table rows'
    // inlines during feed, outside the lock.
    text += "| a | b |\n|---|---|\n";
    for (int i = 0; i < 50; ++i)
        text += "| www.nck.uu.se | ~~2~~ |\n";
    std::atomic<int> missing{0};
    auto work = [&] {
        for (int i = 0; i < 100; ++i) {
            auto doc = docket::parse_markdown(text);
            int links = 0, dels = 0;
            cmark_iter* it = cmark_iter_new(doc.get());
            for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
                cmark_node* n = cmark_iter_get_node(it);
                if (ev != CMARK_EVENT_ENTER) continue;
                if (cmark_node_get_type(n) == CMARK_NODE_LINK) ++links;
                if (std::string_view(cmark_node_get_type_string(n)) == "strikethrough") ++dels;
            }
            cmark_iter_free(it);
            if (links != 150 || dels != 150) ++missing;
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back(work);
    for (auto& t : threads)
        t.join();
    CHECK(missing == 0);
}

TEST_CASE("github_slug writes ids as GitHub does") {
    // Expected values as github-slugger 2.0.0 (npm) gives them for these texts.
    const std::pair<const char*, const char*> cases[] = {
        {"Mål och syfte", "mål-och-syfte"},
        {"snake_case_name", "snake_case_name"},
        {"Foo - Bar", "foo---bar"},
        {"What's new in 2.0?", "whats-new-in-20"},
        {"`docket build` --source", "docket-build---source"},
        {"Привет non-latin 你好", "привет-non-latin-你好"},
        {"ΑΣ ΟΔΟΣ", "ας-οδος"}, // a final sigma, as toLowerCase writes it
        {"😄 emoji", "-emoji"},
        {"Ⓐ circled", "ⓐ-circled"}, // Alphabetic, though a symbol
        {"???", ""},
    };
    for (const auto& [text, id] : cases)
        CHECK(docket::github_slug(text) == id);
}

TEST_CASE("GitHub-style heading ids count repeats from -1, past ids already taken") {
    auto doc = docket::parse_markdown("## Foo\n\n## Foo\n\n## Foo-1\n\n## Foo\n\n## !!!\n\n"
                                      "## main\n\n## Note[^1]\n\n[^1]: Text.\n");
    const auto h = docket::collect_headings(doc.get(), {"main"}, docket::HeadingIds::github);
    REQUIRE(h.size() == 7);
    CHECK(h[0].id == "foo");
    CHECK(h[1].id == "foo-1");
    CHECK(h[2].id == "foo-1-1"); // as github-slugger: "foo-1" is taken
    CHECK(h[3].id == "foo-2");
    CHECK(h[4].id == "section"); // GitHub's empty id is no valid id
    CHECK(h[5].id == "main-1");
    CHECK(h[6].id == "note");
}

TEST_CASE("attribute lists: a heading's own id, as Hugo, Zola and MkDocs read \"{#id}\"") {
    CHECK(docket::attribute_list_id("{#setup}") == "setup");
    CHECK(docket::attribute_list_id("{ #setup .wide }") == "setup");
    CHECK(docket::attribute_list_id("{: #setup }") == "setup");
    CHECK(docket::attribute_list_id("{ .wide }").empty()); // no id
    CHECK(docket::attribute_list_id("{#a #b}").empty());   // two
    CHECK(docket::attribute_list_id("{ name }").empty());  // not an attribute list
    CHECK(docket::attribute_list_id("{lang=en}").empty()); // a key is not read
    auto doc = docket::parse_markdown("## Install {#setup}\n\n## Setup\n\n## Again { #setup }\n\n"
                                      "## Set {braces}\n\n```\n## Code {#not}\n```\n");
    const auto h = docket::collect_headings(doc.get(), {}, docket::HeadingIds::github);
    REQUIRE(h.size() == 4);
    CHECK(h[0].id == "setup");
    CHECK(h[0].text == "Install"); // the list leaves the text
    CHECK(h[1].id == "setup-1");   // the author's id came first
    CHECK(h[2].id == "setup-2");   // an own id that is taken is suffixed
    CHECK(h[2].text == "Again");
    CHECK(h[3].id == "set-braces");
    CHECK(h[3].text == "Set {braces}");
}

TEST_CASE("attribute lists after an inline element are anchors, as MkDocs' attr_list writes them") {
    auto doc = docket::parse_markdown("* **`locale`**{ #mkdocs-locale }: the locale.\n\n"
                                      "[](){#bare} and `code`{.x} and text {#not-after-an-element}"
                                      "\n\n## Heading **bold**{#heading-own}\n");
    const auto anchors = docket::attribute_anchors(doc.get());
    CHECK(anchors == std::vector<std::string>{"mkdocs-locale", "bare"});
    const auto h = docket::collect_headings(doc.get());
    REQUIRE(h.size() == 1);
    CHECK(h[0].id == "heading-own");
    char* xml = cmark_render_xml(doc.get(), 0);
    const std::string ast(xml);
    free(xml);
    // The element is wrapped, and the list has left the text.
    CHECK(ast.find("on_enter=\"id=mkdocs-locale\"") != std::string::npos);
    CHECK(ast.find("{ #mkdocs-locale }") == std::string::npos);
    CHECK(ast.find(">: the locale.<") != std::string::npos);
    CHECK(ast.find("{.x}") != std::string::npos);
    CHECK(ast.find("{#not-after-an-element}") != std::string::npos);
}
