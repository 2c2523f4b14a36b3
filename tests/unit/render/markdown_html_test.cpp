// A page's Markdown as docket writes it (render/markdown_html.cpp, through render_body): where
// it follows cmark-gfm's own HTML (tests/content/commonmark-spec.test.mjs compares every
// example of the specs).
#include "../memory_site.h"

#include "docket/href.h"

#include <doctest/doctest.h>

namespace {

// The body of a page alone on a site, whose text is `text`.
std::string body(const std::string& text) {
    MemorySite s({{std::string("a"), text}});
    return docket::render_body(s.site, s.graph, *s.theme, 0);
}

} // namespace

TEST_CASE("an image keeps its title") {
    CHECK(body("![a cat](cat.png \"Our cat\")\n") ==
          "<p><span class=\"image\"><img src=\"cat.png\" alt=\"a cat\" title=\"Our "
          "cat\"></span></p>");
    CHECK(body("![a cat](cat.png)\n") ==
          "<p><span class=\"image\"><img src=\"cat.png\" alt=\"a cat\"></span></p>");
}

TEST_CASE("a link destination is percent-encoded as cmark-gfm encodes it") {
    CHECK(docket::encode_href("foo\\bar") == "foo%5Cbar");
    CHECK(docket::encode_href("/my uri") == "/my%20uri");
    CHECK(docket::encode_href("http://foo.bar.`baz") == "http://foo.bar.%60baz");
    CHECK(docket::encode_href("?search=](uri)") == "?search=%5D(uri)");
    CHECK(docket::encode_href("f\xc3\xb6\xc3\xb6") == "f%C3%B6%C3%B6");
    // Already encoded, reserved and sub-delimiter characters stay.
    CHECK(docket::encode_href("a%20b?x=1&y=2#f;g:h@i$j~k'l(m)n*o+p,q!r") ==
          "a%20b?x=1&y=2#f;g:h@i$j~k'l(m)n*o+p,q!r");
    CHECK(body("[link](<foo\\\\bar baz>)\n") == "<p><a href=\"foo%5Cbar%20baz\">link</a></p>");
    CHECK(body("![x](</a b.png>)\n") ==
          "<p><span class=\"image\"><img src=\"/a%20b.png\" alt=\"x\"></span></p>");
}

TEST_CASE("a code fence's language is the info string's first word, as written") {
    CHECK(body("``` f&ouml;&ouml; bar\nx\n```\n") ==
          "<pre tabindex=\"0\"><code class=\"language-f\xc3\xb6\xc3\xb6\">x\n</code></pre>");
    CHECK(body("``` foo\\+bar\nx\n```\n") ==
          "<pre tabindex=\"0\"><code class=\"language-foo+bar\">x\n</code></pre>");
    CHECK(body("````;\n````\n") == "<pre tabindex=\"0\"><code class=\"language-;\"></code></pre>");
    CHECK(body("```\nx\n```\n") == "<pre tabindex=\"0\"><code>x\n</code></pre>");
}

TEST_CASE("under a plain page's heading shift, h5 and h6 stay apart") {
    // The first "# " heading is the title, not repeated; a second one moves every heading down.
    CHECK(body("# T\n\n# U\n\n##### five\n\n###### six\n") ==
          "<h2 id=\"u\">U</h2><h6 id=\"five\">five</h6>"
          "<p id=\"six\" role=\"heading\" aria-level=\"7\">six</p>");
    CHECK(body("# T\n\n## two\n") == "<h2 id=\"two\">two</h2>");
    CHECK(body("> # T\n") == "<blockquote><h2 id=\"t\">T</h2></blockquote>");
    CHECK(body("###### six\n") == "<h6 id=\"six\">six</h6>");
}
