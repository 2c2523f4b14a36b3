#include "docket/diagnostic.h"
#include "docket/model.h"

#include <doctest/doctest.h>

namespace {

// A site of pages from (id, front matter) pairs; only what the model reads: front matter, ids.
docket::Site site_of(const std::vector<std::pair<std::string, std::string>>& pages) {
    docket::Site site;
    docket::Diagnostics diags;
    for (const auto& [id, front] : pages) {
        docket::Page p;
        p.id = id;
        p.source = "content/" + id + ".md";
        p.text = "+++\n" + front + "+++\n";
        REQUIRE(docket::parse_page(p, diags));
        site.by_id[id] = site.pages.size();
        site.pages.push_back(std::move(p));
    }
    return site;
}

std::vector<std::string> chain_ids(const docket::Site& site, const std::string& id) {
    std::vector<std::string> out;
    for (std::size_t i : docket::breadcrumb_chain(site, *site.find(id)))
        out.push_back(site.pages[i].id);
    return out;
}

const std::string plan = "title = \"Plan\"\nkind = \"plan\"\ndate = 2020-01-01\n";
std::string area(const std::string& number, const std::string& parent) {
    return "title = \"Område\"\nkind = \"area\"\nplan = \"p\"\nnumber = \"" + number + "\"\n" +
           (parent.empty() ? "" : "parent = \"" + parent + "\"\n");
}

} // namespace

TEST_CASE("model: the breadcrumb chain follows each kind's parent keys, outermost first") {
    const auto site = site_of({{"p", plan},
                               {"g", area("4", "")},
                               {"a", area("4.2", "g")},
                               {"b", area("5", "")},
                               {"f", "title = \"Uppföljning\"\nkind = \"followup\"\narea = \"a\"\n"
                                     "period = \"2020\"\ncase = \"c\"\n"},
                               {"s", "title = \"Sida\"\n"}});
    CHECK(chain_ids(site, "f") == std::vector<std::string>{"p", "g", "a"});
    CHECK(chain_ids(site, "a") == std::vector<std::string>{"p", "g"}); // parent before plan
    CHECK(chain_ids(site, "b") == std::vector<std::string>{"p"});
    CHECK(chain_ids(site, "p").empty());
    CHECK(chain_ids(site, "s").empty());
}

TEST_CASE("model: a cycle of parents ends the chain at the first repeat") {
    const auto site =
        site_of({{"p", plan}, {"x", area("1", "y")}, {"y", area("2", "x")}, {"z", area("3", "z")}});
    CHECK(chain_ids(site, "x") == std::vector<std::string>{"y"});
    CHECK(chain_ids(site, "z").empty()); // its own parent (an error of links/)
}

TEST_CASE("model: display titles carry the kind's number, crumbs its qualifier") {
    const auto site = site_of({{"p", plan},
                               {"a", area("4.2", "")},
                               {"f", "title = \"Trygghet\"\nkind = \"followup\"\narea = \"a\"\n"
                                     "period = \"2020\"\ncase = \"c\"\n"}});
    CHECK(docket::display_title(*site.find("a")) == "4.2 Område");
    CHECK(docket::qualified_title(*site.find("a")) == "4.2 Område");
    CHECK(docket::display_title(*site.find("f")) == "Trygghet");
    CHECK(docket::title_qualifier(*site.find("f")) == "2020");
    CHECK(docket::qualified_title(*site.find("f")) == "Trygghet 2020");
    CHECK(docket::qualified_title(*site.find("p")) == "Plan");
}
