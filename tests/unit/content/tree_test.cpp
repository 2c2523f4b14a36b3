// The navigation of a plain tree (make_tree): its folders, each folder's page, the order of the
// entries (SUMMARY.md, weight, path) and the reading order.
#include "docket/diagnostic.h"
#include "docket/tree.h"

#include <doctest/doctest.h>

namespace {

// A plain page at its path, as load_content makes it: "guide/index.md" is the folder "guide"'s.
docket::Page page_at(const std::string& file, int weight = -1) {
    docket::Page p;
    p.file = file;
    p.at_path = true;
    std::string id = file.substr(0, file.size() - 3);
    if (id.ends_with("/index")) id.resize(id.size() - 6);
    p.id = id;
    p.url = id == "index" ? "" : id + "/";
    if (weight >= 0) {
        docket::Value w;
        w.type = docket::FieldType::integer;
        w.number = weight;
        p.meta["weight"] = w;
    }
    return p;
}

// The reading order as the files of its pages ("" for a folder without a page: its path + "/").
std::vector<std::string> reading(const docket::SiteTree& tree,
                                 const std::vector<docket::Page>& pages) {
    std::vector<std::string> out;
    for (const docket::TreeEntry& e : tree.order)
        out.push_back(e.folder ? tree.folders[e.index].path + "/" : pages[e.index].file);
    return out;
}

docket::SiteConfig tree_config() {
    docket::SiteConfig c;
    c.page_paths = true;
    return c;
}

} // namespace

TEST_CASE("summary_links: SUMMARY.md's links in order, with the depth of their lists") {
    const auto links = docket::summary_links("# Summary\n\n[Intro](index.md)\n- [A](a/index.md)\n"
                                             "    - [B](./a/b.md#x)\n- [Draft]()\n"
                                             "- [Out](https://example.org/)\n- [Up](../x.md)\n");
    REQUIRE(links.size() == 3);
    CHECK(links[0].file == "index.md");
    CHECK(links[0].depth == 0);
    CHECK(links[1].file == "a/index.md");
    CHECK(links[1].depth == 1);
    CHECK(links[2].file == "a/b.md");
    CHECK(links[2].depth == 2);
    CHECK(links[2].line == 5);
}

TEST_CASE("make_tree: folders without a page, weight, then path; the reading order") {
    const std::vector<docket::Page> pages = {
        page_at("index.md"),      page_at("about.md", 2), page_at("about/team.md"),
        page_at("guide/b.md", 1), page_at("guide/c.md"),  page_at("guide/deep/x.md"),
        page_at("guide/a.md", 1), page_at("notes.md"),
    };
    docket::Diagnostics diags;
    const docket::SiteTree tree = docket::make_tree(tree_config(), pages, {}, diags);
    REQUIRE(tree.active());
    // about.md beside about/ is that folder's page; guide/ and guide/deep/ have none.
    CHECK(tree.folders[tree.page_of_folder[1]].path == "about");
    CHECK(reading(tree, pages) == std::vector<std::string>{"index.md", "about.md", "about/team.md",
                                                           "guide/", "guide/a.md", "guide/b.md",
                                                           "guide/c.md", "guide/deep/",
                                                           "guide/deep/x.md", "notes.md"});
    CHECK(diags.sorted().empty());
    // Without pages at their paths there is no tree.
    CHECK_FALSE(docket::make_tree({}, pages, {}, diags).active());
}

TEST_CASE("make_tree: SUMMARY.md's order and nesting; a link to no page is a warning") {
    const std::vector<docket::Page> pages = {
        page_at("index.md"),   page_at("a/index.md"), page_at("a/w.md"), page_at("a/m.md"),
        page_at("a/other.md"), page_at("b.md", 1),    page_at("c.md"),
    };
    const docket::Summary summary{"SUMMARY.md", "[I](index.md)\n- [C](c.md)\n- [A](a/index.md)\n"
                                                "  - [W](a/w.md)\n    - [M](a/m.md)\n"
                                                "  - [Gone](a/gone.md)\n"};
    docket::Diagnostics diags;
    const docket::SiteTree tree = docket::make_tree(tree_config(), pages, summary, diags);
    // Linked first in SUMMARY.md's order; then by weight, then path.
    CHECK(reading(tree, pages) == std::vector<std::string>{"index.md", "c.md", "a/index.md",
                                                           "a/w.md", "a/m.md", "a/other.md",
                                                           "b.md"});
    // m.md is nested under w.md, both entries of a/.
    const docket::TreeFolder& a = tree.folders[tree.page_of_folder[1]];
    REQUIRE(a.entries.size() == 3);
    CHECK(a.entries[0].depth == 0);
    CHECK(a.entries[1].depth == 1);
    CHECK(a.entries[2].depth == 0);
    const auto d = diags.sorted();
    REQUIRE(d.size() == 1);
    CHECK(d[0].severity == docket::Severity::warning);
    CHECK(d[0].line == 6);
    CHECK(d[0].message == "\"a/gone.md\" is no page of the tree");
}
