#include "05-render/template.h"

#include "docket/diagnostic.h"
#include "docket/render.h"

#include <doctest/doctest.h>

#include <map>

namespace {

// Compiles `xml` with the partials in `partials`, fills it with `ctx`, returns the HTML.
std::string fill(const char* xml, const docket::Context& ctx,
                 const std::map<std::string, std::string>& partials = {},
                 docket::Diagnostics* diags_out = nullptr) {
    docket::Diagnostics local;
    docket::Diagnostics& diags = diags_out ? *diags_out : local;
    std::map<std::string, docket::TemplateSource> sources;
    for (const auto& [name, text] : partials) {
        sources[name].file = name + ".html";
        sources[name].text = text;
        REQUIRE(sources[name].parse(diags));
    }
    docket::TemplateSource source;
    source.file = "t.html";
    source.text = xml;
    REQUIRE(source.parse(diags));
    const auto t = docket::Template::compile(
        source,
        [&](const std::string& n) { return sources.contains(n) ? &sources.at(n) : nullptr; },
        [](const std::string& key) { return "<" + key + ">"; }, diags);
    if (!t) return "(not compiled)";
    std::string out;
    docket::HtmlWriter w(out);
    t->write(w, ctx);
    return out;
}

std::string messages(const docket::Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.sorted())
        out += docket::format(d) + "\n";
    return out;
}

} // namespace

TEST_CASE("template: data-attr replaces an attribute in place or appends it; directives are not "
          "written") {
    docket::Context c;
    c.set("href", "a&b.html").set("label", "Öppna \"x\"");
    CHECK(fill("<a href=\"#\" class=\"k\" data-attr-href=\"href\" "
               "data-attr-aria-label=\"label\">t</a>",
               c) ==
          "<a href=\"a&amp;b.html\" class=\"k\" aria-label=\"Öppna &quot;x&quot;\">t</a>");
    // An unset key leaves the template's value.
    CHECK(fill("<a href=\"#\" data-attr-href=\"missing\">t</a>", c) == "<a href=\"#\">t</a>");
}

TEST_CASE("template: data-text and data-i18n replace the content, escaped") {
    docket::Context c;
    c.set("title", "<b> & co");
    CHECK(fill("<p data-text=\"title\">x<em>y</em></p>", c) == "<p>&lt;b&gt; &amp; co</p>");
    CHECK(fill("<p data-text=\"missing\">x</p>", c) == "<p></p>");
    CHECK(fill("<p data-i18n=\"hello\" data-i18n-attr-title=\"tip\">x</p>", c) ==
          "<p title=\"&lt;tip&gt;\">&lt;hello&gt;</p>");
}

TEST_CASE("template: data-if, data-unless and data-each see the enclosing context") {
    docket::Context c;
    c.set("site", "S")
        .list("items", {docket::Context().set("t", "a"), docket::Context().set("t", "b")});
    CHECK(fill("<ul><li data-each=\"items\"><span data-text=\"t\"></span>/<span "
               "data-text=\"site\"></span></li></ul>",
               c) ==
          "<ul><li><span>a</span>/<span>S</span></li><li><span>b</span>/<span>S</span></li></ul>");
    CHECK(fill("<div><p data-if=\"site\">1</p><p data-if=\"nope\">2</p><p "
               "data-unless=\"site\">3</p></div>",
               c) == "<div><p>1</p></div>");
    CHECK(fill("<ul><li data-each=\"none\">x</li></ul>", c) == "<ul></ul>");
}

TEST_CASE(
    "template: slots write after the element's children; partials are included; void elements") {
    docket::Context c;
    c.slot("body", [](docket::HtmlWriter& w) {
        w.open("p", {});
        w.text("<slot>");
        w.close();
    });
    CHECK(fill("<main data-slot=\"body\"></main>", c) == "<main><p>&lt;slot&gt;</p></main>");
    CHECK(fill("<div><br/><x data-include=\"_p\"/></div>", c,
               {{"_p", "<nav data-slot=\"body\"/>"}}) ==
          "<div><br><nav><p>&lt;slot&gt;</p></nav></div>");
    docket::Diagnostics diags;
    CHECK(fill("<div><x data-include=\"_missing\"/></div>", c, {}, &diags) == "(not compiled)");
    CHECK(diags.error_count() == 1);
    docket::Diagnostics cycle;
    CHECK(fill("<div data-include=\"_a\"/>", c, {{"_a", "<p data-include=\"_a\"/>"}}, &cycle) ==
          "(not compiled)");
    CHECK(cycle.error_count() == 1);
}

TEST_CASE("template: a cycle of partials is an error at the data-include that closes it") {
    docket::Diagnostics diags;
    CHECK(fill("<main>\n<div data-include=\"_a\"/>\n</main>", {},
               {{"_a", "<div>\n<p data-include=\"_b\"/></div>"},
                {"_b", "<div>\n\n  <p data-include=\"_a\"/></div>"}},
               &diags) == "(not compiled)");
    CHECK(messages(diags) ==
          "_b.html:3:3: error: data-include=\"_a\" closes a cycle of partials: _a -> _b -> _a\n");
    // The template itself is on the stack too.
    docket::Diagnostics self;
    CHECK(fill("<main><p data-include=\"_a\"/></main>", docket::Context(),
               {{"_a", "<div><p data-include=\"t\"/></div>"}}, &self) == "(not compiled)");
    CHECK(self.error_count() == 1);
}

TEST_CASE("template: partials that include each other twice stop at the inlined size limit") {
    // _p0 includes _p1 twice, ..., _p30 is a leaf: 2^31 copies of _p30 if nothing stopped it.
    std::map<std::string, std::string> partials;
    for (int k = 0; k < 31; ++k) {
        const std::string next = "_p" + std::to_string(k + 1);
        partials["_p" + std::to_string(k)] =
            k == 30
                ? "<span>x</span>"
                : "<div><i data-include=\"" + next + "\"/><i data-include=\"" + next + "\"/></div>";
    }
    docket::Diagnostics diags;
    CHECK(fill("<main data-include=\"_p0\"/>", docket::Context(), partials, &diags) ==
          "(not compiled)");
    REQUIRE(diags.error_count() == 1);
    CHECK(messages(diags).find("the partials inlined into one template pass 1048576 bytes") !=
          std::string::npos);
    // Fewer levels stay under the limit and are inlined in full: 2^10 copies of the leaf.
    partials["_p20"] = "<span>x</span>";
    std::string ten;
    for (int k = 0; k < 1024; ++k)
        ten += "<span>x</span>";
    const std::string html = fill("<main data-include=\"_p10\"/>", docket::Context(), partials);
    std::string spans;
    for (std::size_t at = html.find("<span>x</span>"); at != std::string::npos;
         at = html.find("<span>x</span>", at + 1))
        spans += "<span>x</span>";
    CHECK(spans == ten);
}

TEST_CASE("template: elements nested deeper than the limit are an error, not a stack overflow") {
    std::string deep;
    for (int k = 0; k < 100000; ++k)
        deep += "<b>";
    for (int k = 0; k < 100000; ++k)
        deep += "</b>";
    docket::Diagnostics diags;
    CHECK(fill(deep.c_str(), docket::Context(), {}, &diags) == "(not compiled)");
    CHECK(messages(diags) ==
          "t.html:1:769: error: elements nest deeper than 256 levels with the partials inlined\n");
    std::string ok;
    for (int k = 0; k < 200; ++k)
        ok += "<b>";
    for (int k = 0; k < 200; ++k)
        ok += "</b>";
    CHECK(fill(ok.c_str(), docket::Context()) == ok);
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

TEST_CASE("template: positions count columns in characters, as every other message does") {
    docket::TemplateSource source;
    source.file = "t.html";
    source.text = "<main>\n<p>Åtgärd</p> <p>ö</main>";
    docket::Diagnostics diags;
    CHECK_FALSE(source.parse(diags));
    // pugixml stops at the name of "</main>": on line 2 after 20 characters (23 bytes: Å, ä and
    // ö are two each).
    CHECK(messages(diags).starts_with("t.html:2:21: error: template is not well-formed XHTML"));
}
