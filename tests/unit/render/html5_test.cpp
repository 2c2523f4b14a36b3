#include "05-render/html_writer.h"
#include "docket/href.h"

#include "docket/render.h"

#include <doctest/doctest.h>

namespace {

// A DOM (raw HTML in Markdown, parsed by pugixml) as HtmlWriter writes it.
std::string html_of(const pugi::xml_node& root) {
    std::string out;
    docket::HtmlWriter(out).dom(root);
    return out;
}

std::string serialise(const char* xml) {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml, pugi::parse_default | pugi::parse_ws_pcdata));
    return html_of(doc);
}

} // namespace

TEST_CASE("HTML5 serialiser: void elements have no end tag, empty elements keep theirs") {
    CHECK(serialise("<p>a<br/>b</p>") == "<p>a<br>b</p>");
    CHECK(serialise("<div></div>") == "<div></div>");
    CHECK(serialise("<div/>") == "<div></div>");
    CHECK(serialise(
              "<head><meta charset=\"utf-8\"/><link rel=\"stylesheet\" href=\"a.css\"/></head>") ==
          "<head><meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"a.css\"></head>");
    CHECK(serialise("<p><img src=\"x.png\" alt=\"\"/><input type=\"search\"/></p>") ==
          "<p><img src=\"x.png\" alt=\"\"><input type=\"search\"></p>");
}

TEST_CASE("HTML5 serialiser: text and attributes are escaped") {
    pugi::xml_document doc;
    auto p = doc.append_child("p");
    p.append_attribute("title") = "a \"b\" & <c>";
    p.append_child(pugi::node_pcdata).set_value("<script>alert(1)</script> & more");
    CHECK(html_of(doc) == "<p title=\"a &quot;b&quot; &amp; "
                          "&lt;c&gt;\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>");
}

TEST_CASE("HTML5 serialiser: comments are dropped") {
    pugi::xml_document doc;
    REQUIRE(doc.load_string("<html lang=\"sv\"><!-- x --><body><p>Hej</p></body></html>"));
    CHECK(html_of(doc) == "<html lang=\"sv\"><body><p>Hej</p></body></html>");
}

TEST_CASE("HTML5 serialiser: deep nesting does not exhaust the stack") {
    pugi::xml_document doc;
    pugi::xml_node n = doc;
    for (int i = 0; i < 100000; ++i)
        n = n.append_child("blockquote");
    n.append_child(pugi::node_pcdata).set_value("x");
    const std::string out = html_of(doc);
    CHECK(out.size() == 100000 * (12 + 13) + 1);
    CHECK(out.substr(0, 24) == "<blockquote><blockquote>");
}

TEST_CASE("relative_href climbs one level per directory") {
    CHECK(docket::relative_href("", "planer/x/index.html") == "planer/x/index.html");
    CHECK(docket::relative_href("omraden/4-2/", "planer/x/index.html") ==
          "../../planer/x/index.html");
    CHECK(docket::relative_href("omraden/4-2/", "") == "../../index.html");
    CHECK(docket::relative_href("a/", "#top") == "#top");
}
