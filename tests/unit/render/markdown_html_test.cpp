// A page's Markdown as docket writes it (render/markdown_html.cpp, through render_body): where
// it follows cmark-gfm's own HTML (tests/content/commonmark-spec.test.mjs compares every
// example of the specs).
#include "../memory_site.h"

#include <doctest/doctest.h>

namespace {

// The body of a page alone on a site, whose text is `text`.
std::string body(const std::string& text) {
    MemorySite s({{std::string("a"), text}});
    return docket::render_body(s.site, *s.theme, 0);
}

} // namespace

TEST_CASE("an image keeps its title") {
    CHECK(body("![a cat](cat.png \"Our cat\")\n") ==
          "<p><span class=\"image\"><img src=\"cat.png\" alt=\"a cat\" title=\"Our "
          "cat\"></span></p>");
    CHECK(body("![a cat](cat.png)\n") ==
          "<p><span class=\"image\"><img src=\"cat.png\" alt=\"a cat\"></span></p>");
}
