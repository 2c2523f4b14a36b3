#include "render/template.h"

#include "docket/diagnostic.h"
#include "docket/render.h"

#include <doctest/doctest.h>

#include <map>

namespace {

// Compiles `xml` with the partials in `partials`, fills it with `ctx`, returns the HTML.
std::string fill(const char* xml, const docket::Context& ctx, const std::map<std::string, std::string>& partials = {},
                 docket::Diagnostics* diags_out = nullptr) {
    std::map<std::string, pugi::xml_document> docs;
    for (const auto& [name, text] : partials) REQUIRE(docs[name].load_string(text.c_str(), pugi::parse_default | pugi::parse_ws_pcdata));
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml, pugi::parse_default | pugi::parse_ws_pcdata));
    docket::Diagnostics local;
    docket::Diagnostics& diags = diags_out ? *diags_out : local;
    const auto t = docket::Template::compile(
        doc.document_element(), "t.html",
        [&](const std::string& n) -> const pugi::xml_document* { return docs.contains(n) ? &docs.at(n) : nullptr; },
        [](const std::string& key) { return "<" + key + ">"; }, diags);
    if (!t) return "(not compiled)";
    std::string out;
    docket::HtmlWriter w(out);
    t->write(w, ctx);
    return out;
}

} // namespace

TEST_CASE("template: data-attr replaces an attribute in place or appends it; directives are not written") {
    docket::Context c;
    c.set("href", "a&b.html").set("label", "Öppna \"x\"");
    CHECK(fill("<a href=\"#\" class=\"k\" data-attr-href=\"href\" data-attr-aria-label=\"label\">t</a>", c) ==
          "<a href=\"a&amp;b.html\" class=\"k\" aria-label=\"Öppna &quot;x&quot;\">t</a>");
    // An unset key leaves the template's value.
    CHECK(fill("<a href=\"#\" data-attr-href=\"missing\">t</a>", c) == "<a href=\"#\">t</a>");
}

TEST_CASE("template: data-text and data-i18n replace the content, escaped") {
    docket::Context c;
    c.set("title", "<b> & co");
    CHECK(fill("<p data-text=\"title\">x<em>y</em></p>", c) == "<p>&lt;b&gt; &amp; co</p>");
    CHECK(fill("<p data-text=\"missing\">x</p>", c) == "<p></p>");
    CHECK(fill("<p data-i18n=\"hello\" data-i18n-attr-title=\"tip\">x</p>", c) == "<p title=\"&lt;tip&gt;\">&lt;hello&gt;</p>");
}

TEST_CASE("template: data-if, data-unless and data-each see the enclosing context") {
    docket::Context c;
    c.set("site", "S").list("items", {docket::Context().set("t", "a"), docket::Context().set("t", "b")});
    CHECK(fill("<ul><li data-each=\"items\"><span data-text=\"t\"></span>/<span data-text=\"site\"></span></li></ul>", c) ==
          "<ul><li><span>a</span>/<span>S</span></li><li><span>b</span>/<span>S</span></li></ul>");
    CHECK(fill("<div><p data-if=\"site\">1</p><p data-if=\"nope\">2</p><p data-unless=\"site\">3</p></div>", c) ==
          "<div><p>1</p></div>");
    CHECK(fill("<ul><li data-each=\"none\">x</li></ul>", c) == "<ul></ul>");
}

TEST_CASE("template: slots write after the element's children; partials are included; void elements") {
    docket::Context c;
    c.slot("body", [](docket::HtmlWriter& w) {
        w.open("p", {});
        w.text("<slot>");
        w.close();
    });
    CHECK(fill("<main data-slot=\"body\"></main>", c) == "<main><p>&lt;slot&gt;</p></main>");
    CHECK(fill("<div><br/><x data-include=\"_p\"/></div>", c, {{"_p", "<nav data-slot=\"body\"/>"}}) ==
          "<div><br><nav><p>&lt;slot&gt;</p></nav></div>");
    docket::Diagnostics diags;
    CHECK(fill("<div><x data-include=\"_missing\"/></div>", c, {}, &diags) == "(not compiled)");
    CHECK(diags.error_count() == 1);
    docket::Diagnostics cycle;
    CHECK(fill("<div data-include=\"_a\"/>", c, {{"_a", "<p data-include=\"_a\"/>"}}, &cycle) == "(not compiled)");
    CHECK(cycle.error_count() == 1);
}

TEST_CASE("HtmlWriter: a scope rewrites links, turns outside links into marked text, and notes links and ids") {
    docket::LinkScope scope;
    scope.outside_note = " (finns på webbplatsen)";
    scope.rewrite = [](std::string_view url) -> docket::UrlChange {
        if (url == "in.html") return {docket::UrlChange::replace, "../in.html"};
        if (url == "out.html") return {docket::UrlChange::outside, {}};
        return {};
    };
    std::string out;
    docket::StringList links, ids;
    docket::HtmlWriter w(out, &scope, &links, &ids);
    pugi::xml_document doc;
    REQUIRE(doc.load_string("<p id=\"x\"><a href=\"in.html\">a</a><a class=\"c\" href=\"out.html\">b</a><img src=\"out.html\"/></p>"));
    w.dom(doc);
    CHECK(out == "<p id=\"x\"><a href=\"../in.html\">a</a><span class=\"outside-scope\">b<span class=\"outside-scope-note\"> "
                 "(finns på webbplatsen)</span></span><img src=\"out.html\"></p>");
    REQUIRE(links.size() == 2);
    CHECK(links[0] == "../in.html");
    CHECK(links[1] == "out.html");
    REQUIRE(ids.size() == 1);
    CHECK(ids[0] == "x");
    CHECK(ids.contains("x"));
    CHECK_FALSE(ids.contains("y"));
}

TEST_CASE("HtmlWriter: an element's name may be a temporary; void elements have no end tag") {
    std::string out;
    docket::HtmlWriter w(out);
    for (int level : {2, 3}) {
        REQUIRE(w.open("h" + std::to_string(level)));
        w.text("a<b");
        w.close();
    }
    CHECK_FALSE(w.open("br"));
    CHECK(out == "<h2>a&lt;b</h2><h3>a&lt;b</h3><br>");
}
