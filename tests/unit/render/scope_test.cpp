// A page rendered once with its marks, written for different outputs (render/scope.h).
#include "05-render/scope.h"
#include "05-render/template.h"

#include "docket/diagnostic.h"
#include "docket/files.h"

#include <doctest/doctest.h>

#include <filesystem>

namespace {

// A page written through an HtmlWriter that marks it, as render_site writes pages.
struct Marked {
    docket::OutputFile file;
    std::vector<docket::PageMark> marks;
};

Marked render_dom(const char* xml) {
    Marked m;
    docket::HtmlWriter w(m.file.content, &m.marks, &m.file.links, &m.file.ids, &m.file.origins);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml));
    w.dom(doc);
    return m;
}

Marked render_template(const char* xml, const docket::Context& ctx) {
    docket::Diagnostics diags;
    docket::TemplateSource source;
    source.file = "t.html";
    source.text = xml;
    REQUIRE(source.parse(diags));
    const auto t = docket::Template::compile(
        source, [](const std::string&) { return nullptr; }, [](const std::string& k) { return k; },
        diags);
    REQUIRE(t);
    Marked m;
    docket::HtmlWriter w(m.file.content, &m.marks, &m.file.links, &m.file.ids, &m.file.origins);
    t->write(w, ctx);
    return m;
}

// The page written as a built site writes it: from its marks as the site keeps them, packed.
docket::OutputFile write(const Marked& m, const docket::PageOutput& how) {
    return docket::write_page(m.file, docket::PackedMarks(m.marks).unpack(), m.file.content, how);
}

void check_same(const std::vector<docket::PageMark>& a, const std::vector<docket::PageMark>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CAPTURE(i);
        CHECK(a[i].kind == b[i].kind);
        CHECK(a[i].at == b[i].at);
        CHECK(a[i].to == b[i].to);
        CHECK(a[i].arg == b[i].arg);
    }
}

} // namespace

TEST_CASE("write_page: a scope rewrites links, turns outside links into marked text, and notes "
          "links and ids") {
    const Marked page = render_dom(
        "<p id=\"x\"><a href=\"in.html\">a</a><a class=\"c\" href=\"out.html\" title=\"t\">b</a>"
        "<img src=\"out.html\"/><form action=\"in.html\"></form></p>");
    // Without a scope the page is written as rendered.
    docket::PageOutput site;
    site.keep = [](std::uint32_t) { return true; };
    CHECK(write(page, site).content == page.file.content);

    docket::LinkScope scope;
    scope.outside_note = " (finns på webbplatsen)";
    scope.rewrite = [](std::string_view url) -> docket::UrlChange {
        if (url == "in.html") return {docket::UrlChange::replace, "../in.html?a&b"};
        if (url == "out.html") return {docket::UrlChange::outside, {}};
        return {};
    };
    docket::PageOutput pack = site;
    pack.path = "x/index.html";
    pack.links = &scope;
    const docket::OutputFile out = write(page, pack);
    CHECK(out.path == "x/index.html");
    CHECK(out.content == "<p id=\"x\"><a href=\"../in.html?a&amp;b\">a</a><span title=\"t\" "
                         "class=\"outside-scope\">b"
                         "<span class=\"outside-scope-note\"> (finns på "
                         "webbplatsen)</span></span><img src=\"out.html\">"
                         "<form action=\"../in.html?a&amp;b\"></form></p>");
    REQUIRE(out.links.size() == 2);
    CHECK(out.links[0] == "../in.html?a&b");
    CHECK(out.links[1] == "out.html");
    REQUIRE(out.ids.size() == 1);
    CHECK(out.ids[0] == "x");
}

TEST_CASE("write_page: parts are left out where their condition fails, with their links and ids; "
          "late texts are filled in") {
    docket::Context ctx;
    std::vector<docket::Context> items;
    items.push_back(docket::Context().set("t", "one").set("h", "1.html").when(0));
    items.push_back(docket::Context().set("t", "two").set("h", "2.html").when(1));
    ctx.list("items", std::move(items));
    ctx.set("zip", "a.zip")
        .when("zip", docket::archive_links)
        .late("size", docket::LateText::offline_label);
    const Marked page = render_template(
        "<div><a data-each=\"items\" data-attr-id=\"t\" data-attr-href=\"h\" data-text=\"t\">x</a>"
        "<p data-if=\"zip\"><a data-attr-href=\"zip\">zip (<span "
        "data-text=\"size\">s</span>)</a></p>"
        "<p data-unless=\"zip\">none</p><a id=\"end\" href=\"#end\">e</a></div>",
        ctx);
    // As rendered: every part (the one data-unless keeps where the archives are not linked too),
    // the late text empty.
    CHECK(page.file.content ==
          "<div><a id=\"one\" href=\"1.html\">one</a><a id=\"two\" href=\"2.html\">two</a>"
          "<p><a href=\"a.zip\">zip (<span></span>)</a></p><p>none</p><a id=\"end\" "
          "href=\"#end\">e</a></div>");

    docket::PageOutput site;
    site.keep = [](std::uint32_t) { return true; };
    site.late = [](std::uint32_t t) {
        return t == docket::LateText::offline_label ? "1 <kB>" : "?";
    };
    CHECK(write(page, site).content ==
          "<div><a id=\"one\" href=\"1.html\">one</a><a id=\"two\" href=\"2.html\">two</a>"
          "<p><a href=\"a.zip\">zip (<span>1 &lt;kB&gt;</span>)</a></p><a id=\"end\" "
          "href=\"#end\">e</a></div>");

    docket::PageOutput pack;
    pack.keep = [](std::uint32_t c) { return c == 1; }; // page 1 only, no archive links
    const docket::OutputFile out = write(page, pack);
    CHECK(out.content == "<div><a id=\"two\" href=\"2.html\">two</a><p>none</p><a id=\"end\" "
                         "href=\"#end\">e</a></div>");
    REQUIRE(out.links.size() == 2);
    CHECK(out.links[0] == "2.html");
    CHECK(out.links[1] == "#end");
    REQUIRE(out.ids.size() == 2);
    CHECK(out.ids[0] == "two");
    CHECK(out.ids[1] == "end");
}

TEST_CASE("PackedMarks: a page's marks come back as they were, in a third of their bytes, from "
          "memory or a record file") {
    docket::Context ctx;
    std::vector<docket::Context> items;
    for (int i = 0; i < 40; ++i)
        items.push_back(docket::Context()
                            .set("t", "item" + std::to_string(i))
                            .set("h", std::to_string(i) + ".html")
                            .when(std::uint32_t(i)));
    ctx.list("items", std::move(items));
    ctx.set("zip", "a.zip").when("zip", docket::archive_links).late("size", 7);
    const Marked page = render_template(
        "<div><p data-each=\"items\"><a class=\"c\" data-attr-id=\"t\" data-attr-href=\"h\" "
        "data-text=\"t\">x</a></p><a data-if=\"zip\" data-attr-href=\"zip\"><span "
        "data-text=\"size\">s</span></a><form action=\"q.html\"></form></div>",
        ctx);
    REQUIRE(page.marks.size() > 200);
    const docket::PackedMarks packed(page.marks);
    check_same(packed.unpack(), page.marks);
    CHECK(packed.byte_size() * 3 <= page.marks.size() * sizeof(docket::PageMark));
    // Marks as far apart as a page's bytes allow (256 MiB), backwards too, and every kind.
    using M = docket::PageMark;
    const std::vector<M> far = {{M::late, (1u << 28) - 1, 0, 0xffffffffu},
                                {M::link, 0, 0xffffffffu, 5},
                                {M::anchor, 12, 20, 0},
                                {M::begin, 12, 0, 123456},
                                {M::url, (1u << 28) - 2, 3, (1u << 28) - 1},
                                {M::id, 9, 0, 0},
                                {M::anchor_end, 9, 0, 0},
                                {M::end, 1u << 27, 0, 0}};
    check_same(docket::PackedMarks(far).unpack(), far);
    check_same(docket::PackedMarks(std::vector<M>()).unpack(), {});
    // Kept in a record file instead, beside other records: read back the same.
    const docket::TemporaryDirectory dir(std::filesystem::temp_directory_path() /
                                         "docket-marks-XXXXXX");
    REQUIRE(!dir.path().empty());
    docket::RecordFile file(dir.path());
    const docket::PackedMarks in_file(page.marks, &file), far_in_file(far, &file);
    file.append("other bytes");
    check_same(in_file.unpack(), page.marks);
    check_same(far_in_file.unpack(), far);
    CHECK(in_file.byte_size() == packed.byte_size());
}
