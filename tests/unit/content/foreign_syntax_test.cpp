#include "docket/foreign_syntax.h"
#include "docket/markdown.h"

#include <cmark-gfm.h>
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

namespace {

struct Checked {
    std::vector<std::string> warnings; // formatted
    std::string xml;                   // the AST afterwards, as cmark writes it
    std::size_t errors = 0;
};

// Reports the foreign syntax of `body` (a page starting at line 4 of page.md).
Checked check(const std::string& body, bool raw_html_allowed = false) {
    docket::Page page;
    page.source = "page.md";
    page.text = body;
    page.body_line = 4;
    auto doc = docket::parse_markdown(page.body());
    docket::Diagnostics diags;
    docket::report_foreign_syntax(page, page.body(), doc.get(), raw_html_allowed, diags);
    Checked out;
    for (const auto& d : diags.sorted())
        out.warnings.push_back(docket::format(d));
    out.errors = diags.error_count();
    std::unique_ptr<char, decltype(&std::free)> xml(cmark_render_xml(doc.get(), 0), &std::free);
    out.xml = xml.get();
    return out;
}

std::string ast(const std::string& body) {
    auto doc = docket::parse_markdown(body);
    std::unique_ptr<char, decltype(&std::free)> xml(cmark_render_xml(doc.get(), 0), &std::free);
    return xml.get();
}

} // namespace

TEST_CASE("other tools' syntax is a warning at its line and column, and is not published") {
    const auto c = check("A {{< figure src=\"x.png\" >}} b {{<youtube id=\"a\">}}.\n\n"
                         "{{#include ../ch01.rs}}\n\n"
                         "Zola: {{ youtube(id=\"x\") }} and [post](@/blog/post.md).\n\n"
                         "Å <kbd>Ctrl</kbd>\n");
    REQUIRE(c.warnings.size() == 6); // five, and one saying there is one more
    CHECK(c.errors == 0);
    CHECK(c.warnings[0] == "page.md:4:3: warning: Hugo's shortcode \"{{< figure >}}\" is not "
                           "published: docket has no shortcodes or includes");
    CHECK(c.warnings[1] == "page.md:4:32: warning: Hugo's shortcode \"{{<youtube id=\"a\">}}\" is "
                           "not published: docket has no shortcodes or includes");
    CHECK(c.warnings[2] == "page.md:6:1: warning: mdBook's \"{{#include}}\" is not published: "
                           "docket has no shortcodes or includes");
    CHECK(c.warnings[3] == "page.md:8:7: warning: Zola's shortcode \"{{ youtube() }}\" is not "
                           "published: docket has no shortcodes or includes");
    CHECK(c.warnings[4] ==
          "page.md:8:33: warning: Zola's internal link \"@/blog/post.md\" is published as its "
          "text: link to the file by its relative path, or write [[id]]");
    // Columns count characters, not bytes.
    CHECK(c.warnings[5] == "page.md:10:3: warning: 1 more of other tools' syntax in this file "
                           "from here on, not listed (1 raw HTML element dropped)");
    CHECK(c.xml.find("{{") == std::string::npos);
    CHECK(c.xml.find("@/") == std::string::npos);
    CHECK(c.xml.find("<text xml:space=\"preserve\">post</text>") != std::string::npos);
    // The paragraph that held only the include is gone; the others keep their text.
    CHECK(c.xml.find("ch01") == std::string::npos);
    CHECK(c.xml.find("Zola: ") != std::string::npos);
}

TEST_CASE("code is what the author meant to show: no warning, nothing taken out") {
    const std::string body = "`{{< x >}}` and `<b>` and `{{#include a.rs}}`\n\n"
                             "```\n{{< highlight go >}}\n<div>x</div>\n[a](@/b.md)\n```\n\n"
                             "    {{% note %}}\n\n"
                             "Braces in prose: {{ name }}, {%raw%}, { x }.\n\n"
                             "<!-- a comment shows nothing -->\n";
    const auto c = check(body);
    CHECK(c.warnings.empty());
    // A page without such syntax keeps its AST as it was.
    CHECK(c.xml == ast(body));
}

TEST_CASE("raw HTML: what was dropped, blocks with their lines; none when it is allowed") {
    const std::string body = "<div align=\"center\">\n  <img src=\"logo.png\">\n</div>\n\n"
                             "</details>\n\nText <br> and <span class=\"x\">y</span>.\n";
    const auto c = check(body);
    REQUIRE(c.warnings.size() == 3);
    CHECK(c.warnings[0] == "page.md:4:1: warning: raw HTML dropped: <div align=\"center\"> (a "
                           "block of 3 lines) ([markdown] raw_html = true in site.toml keeps it)");
    CHECK(c.warnings[1] == "page.md:10:6: warning: raw HTML dropped: <br> ([markdown] raw_html = "
                           "true in site.toml keeps it)");
    CHECK(
        c.warnings[2].starts_with("page.md:10:15: warning: raw HTML dropped: <span class=\"x\">"));
    CHECK(check(body, true).warnings.empty());
}

TEST_CASE("a file with many: five warnings, then one that says how many more") {
    std::string body;
    for (int i = 0; i < 8; ++i)
        body += "{{< s" + std::to_string(i) + " >}}\n\n";
    body += "<p>x</p>\n\n[a](@/a.md)\n";
    const auto c = check(body);
    REQUIRE(c.warnings.size() == 6);
    CHECK(c.warnings[4].starts_with("page.md:12:1: warning: Hugo's shortcode \"{{< s4 >}}\""));
    CHECK(c.warnings[5] ==
          "page.md:14:1: warning: 5 more of other tools' syntax in this file from here on, not "
          "listed (3 shortcodes, 1 \"@/\" link, 1 raw HTML element dropped)");
}

TEST_CASE("MkDocs' snippet includes and plugin blocks: a warning each, their paragraphs left out") {
    docket::Page page;
    page.source = "page.md";
    page.text = "Intro.\n\n--8<-- \"CONTRIBUTING.md\"\n\n::: mkdocs-click\n    :module: "
                "mkdocs.__main__\n\n::: not a block\n\nEnd.\n";
    page.body_line = 4;
    auto doc = docket::parse_markdown(page.body());
    docket::Diagnostics diags;
    // The line of the first content another tool inserts.
    CHECK(docket::report_foreign_syntax(page, page.body(), doc.get(), false, diags) == 6);
    const auto found = diags.sorted();
    REQUIRE(found.size() == 2);
    CHECK(docket::format(found[0]) ==
          "page.md:6:1: warning: MkDocs' snippet include \"--8<-- \"CONTRIBUTING.md\"\" is not "
          "published: docket has no shortcodes or includes");
    CHECK(docket::format(found[1]) ==
          "page.md:8:1: warning: MkDocs' plugin block \"::: mkdocs-click\" is not published: "
          "docket has no shortcodes or includes");
    std::unique_ptr<char, decltype(&std::free)> xml(cmark_render_xml(doc.get(), 0), &std::free);
    const std::string ast = xml.get();
    CHECK(ast.find("CONTRIBUTING") == std::string::npos);
    CHECK(ast.find(":module:") == std::string::npos);
    CHECK(ast.find("::: not a block") != std::string::npos); // not a plugin's name
    CHECK(ast.find("End.") != std::string::npos);
    // A page with nothing inserted says 0.
    page.text = "Plain <b>HTML</b> is not inserted content.\n";
    auto plain = docket::parse_markdown(page.body());
    CHECK(docket::report_foreign_syntax(page, page.body(), plain.get(), false, diags) == 0);
}
