// The personal-data guard over published text: the HtmlWriter's blocks and attributes, the
// search documents, and how a number found there is traced back to the sources.
#include "05-render/html_writer.h"
#include "docket/personal_data.h"
#include "docket/site.h"
#include "docket/site_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

// Pages from (source, text) pairs, parsed, with a guard over them; one copied theme asset.
struct Guarded {
    docket::Diagnostics diags;
    docket::Site site;

    explicit Guarded(const Files& files) {
        for (const auto& [source, text] : files) {
            docket::Page p;
            p.source = source;
            p.id = source.substr(source.rfind('/') + 1, source.size() - source.rfind('/') - 4);
            p.url = p.id + "/";
            p.text = text;
            REQUIRE(docket::parse_page(p, diags));
            site.pages.push_back(std::move(p));
        }
        docket::parse_bodies(site, diags, 1);
        site.guard = std::make_unique<docket::PersonalDataGuard>(
            site.pages, "/nonexistent/site.toml",
            std::vector<std::string>{"tema/assets/811218-9876.pdf"}, diags);
    }
    const docket::PersonalDataGuard& guard() const { return *site.guard; }

    std::vector<std::string> errors() {
        site.guard->report_errors();
        std::vector<std::string> out;
        for (const auto& d : diags.sorted())
            out.push_back(docket::format(d));
        return out;
    }
};

const std::string hint = ": remove it, or set allow_personal_numbers = true in the front matter";

} // namespace

TEST_CASE("published data: a number is traced to where the source writes it, and reported once") {
    Guarded g(Files{
        {"content/a.md", "+++\ntitle = \"A\"\n+++\nText 811218\\-9876 och *701003*-2543.\n"}});
    g.guard().check("Text 811218-9876 och 701003-2543.", {"content/a.md", "a/index.html", "text"});
    g.guard().check("Text 811218-9876", {"content/a.md", "index.html", "text"}); // again, in a pack
    CHECK(g.errors() ==
          std::vector<std::string>{"content/a.md:4:6: error: possible personal identity number "
                                   "\"811218-****\" (GDPR) in the published text" +
                                       hint,
                                   "content/a.md:4:24: error: possible personal identity number "
                                   "\"701003-****\" (GDPR) in the published text" +
                                       hint});
}

TEST_CASE("published data: numbers the source check reports, or allowed pages publish, pass") {
    Guarded g(Files{{"content/a.md", "+++\ntitle = \"A 811218-9876\"\n+++\n"},
                    {"content/b.md",
                     "+++\ntitle = \"B 701003\u20132543\"\nallow_personal_numbers = true\n+++\n"}});
    // a's title on a list page: the source check reports it at its key already.
    g.guard().check("A 811218-9876", {"", "sidor/index.html", "text"});
    // b allows numbers: its title may be published anywhere, and b's own page may publish any.
    g.guard().check("B 701003-2543", {"", "sidor/index.html", "text"});
    g.guard().check("Ring 640521-5044", {"content/b.md", "b/index.html", "text"});
    CHECK(g.errors().empty());
}

TEST_CASE("published data: names, addresses and numbers no source writes") {
    Guarded g(Files{{"content/811218-9876.md", "+++\ntitle = \"Namn\"\n+++\n"},
                    {"content/c.md", "+++\ntitle = \"C\"\n+++\n"}});
    g.guard().check("811218-9876/index.html",
                    {"content/811218-9876.md", "811218-9876/index.html", "address"});
    g.guard().check("assets/811218-9876.pdf",
                    {"tema/assets/811218-9876.pdf", "assets/811218-9876.pdf", "address"});
    g.guard().check_url("https://example.org/?p=640521%E2%80%935044",
                        {"content/c.md", "c/index.html", "attribute", "href"});
    g.guard().check("Ring 701003-2543", {"", "moten/index.html", "text"});
    const auto e = g.errors();
    REQUIRE(e.size() == 4);
    CHECK(e[0] ==
          "content/811218-****.md: error: possible personal identity number \"811218-****\" (GDPR) "
          "in the file name, "
          "which the site publishes (in addresses or archive entry names): rename the file, or set "
          "allow_personal_numbers = true in the front matter");
    CHECK(e[1] == "content/c.md: error: possible personal identity number \"640521-****\" (GDPR) "
                  "in the href attribute of "
                  "c/index.html" +
                      hint);
    CHECK(e[2] == "moten/index.html: error: possible personal identity number \"701003-****\" "
                  "(GDPR) in the text of "
                  "moten/index.html: remove it");
    CHECK(e[3].starts_with("tema/assets/811218-****.pdf: error: possible personal identity number "
                           "\"811218-****\" (GDPR) in the file name"));
}

TEST_CASE(
    "published data: the writer joins a block's text across inline elements, not across blocks") {
    Guarded g(Files{{"content/a.md", "+++\ntitle = \"A\"\n+++\n"}});
    std::string out;
    docket::HtmlWriter w(out);
    w.guard(&g.guard(), {"content/a.md", "a/index.html", "text"});
    w.open("div");
    w.open("p");
    w.text("Sökande 880909-");
    w.open("strong");
    w.text("9404");
    w.close();
    w.close();
    w.open("p");
    w.text("Ärende 701003-");
    w.close();
    w.open("p");
    w.text("2543 kronor");
    w.close();
    w.open("img", {{"src", "bild.png"}, {"alt", "Foto 640521 5044"}});
    w.close();
    const auto e = g.errors();
    REQUIRE(e.size() == 2);
    CHECK(e[0].find("\"640521 ****\" (GDPR) in the alt attribute of a/index.html") !=
          std::string::npos);
    CHECK(e[1].find("\"880909-****\" (GDPR) in the text of a/index.html") != std::string::npos);
    CHECK(out.find("9404") != std::string::npos); // the writer writes; the build stops on the error
}

TEST_CASE("published data: the search documents are read") {
    Guarded g(Files{{"content/a.md", "+++\ntitle = \"A\"\n+++\nBeslut om 811218&#45;9876.\n"}});
    docket::Diagnostics theme_diags;
    const auto theme = docket::Theme::load(DOCKET_SOURCE_DIR "/themes/default", "sv", theme_diags);
    REQUIRE(theme);
    docket::build_search(g.site, docket::LinkGraph{}, *theme);
    CHECK(g.errors() ==
          std::vector<std::string>{"content/a.md:4:11: error: possible personal identity number "
                                   "\"811218-****\" (GDPR) in the published text" +
                                   hint});
}

TEST_CASE("published data: every form is found wherever it starts in the text") {
    // The guard skips text eight bytes at a time: a number must be found at every alignment.
    Guarded g(Files{{"content/a.md", "+++\ntitle = \"A\"\n+++\n"}});
    // 640521-5044, written in no source here: each find is an error of its own file.
    const std::vector<std::string> forms = {"640521-5044",
                                            "640521\u20135044",
                                            "6405215044",
                                            "196405215044",
                                            "\uff16\uff14\uff10\uff15\uff12\uff11-5044",
                                            "64\u00ad0521 5044",
                                            "\u00e4640521+5044",
                                            "640521 \u2212 5044"};
    std::size_t expected = 0;
    for (const auto& form : forms)
        for (std::size_t pad = 0; pad <= 16; ++pad) {
            const std::string file = "p" + std::to_string(expected++) + ".html";
            g.guard().check(std::string(pad, 'a') + " " + form + (pad % 2 ? "" : " slut"),
                            {"", file, "text"});
        }
    CHECK(g.errors().size() == expected);
    // Digits that run on, or a separator that is not one, are not numbers at any alignment.
    for (std::size_t pad = 0; pad <= 16; ++pad)
        for (const char* text :
             {"1640521-5044", "640521-50445", "640521/5044", "are-000139/index.html"})
            g.guard().check(std::string(pad, 'a') + text, {"", "q.html", "text"});
    CHECK(g.errors().size() == expected);
}

TEST_CASE("published data: the guard reads the JSON-LD a page publishes") {
    // No source writes the number: the guard reports it where it is published.
    Guarded g(Files{{"content/a.md", "+++\ntitle = \"A\"\n+++\n"}});
    std::string out;
    docket::HtmlWriter w(out);
    w.guard(&g.guard(), {"content/a.md", "a/index.html", "text"});
    w.open("script", {{"type", "application/ld+json"}});
    w.json({{"description", "Sökande 880909-9404"}});
    w.close();
    const auto e = g.errors();
    REQUIRE(e.size() == 1);
    CHECK(e[0].find("\"880909-****\" (GDPR) in the text of a/index.html") != std::string::npos);
}
