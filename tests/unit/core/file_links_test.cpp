// A rendered file's links, interned in the site's pool: the same strings in the same order, each
// distinct string kept once, from many threads at once.
#include "docket/file_links.h"
#include "docket/parallel.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

namespace {

// File k's links: a few the pages share, and some of its own.
docket::StringList links_of(std::size_t k) {
    docket::StringList list;
    list.push_back("../../index.html");
    list.push_back("../arenden/a-" + std::to_string(k % 50) + "/");
    list.push_back("");
    list.push_back("#own-" + std::to_string(k));
    list.push_back("../../index.html");
    return list;
}

} // namespace

TEST_CASE("interned links are the same strings, each distinct one kept once, from any thread") {
    const auto pool = std::make_shared<docket::StringPool>();
    constexpr std::size_t files = 2'000;
    std::vector<docket::StringList> lists(files);
    docket::parallel_for(files, 4, [&](std::size_t k) {
        lists[k] = links_of(k);
        lists[k].intern(pool);
    });
    for (std::size_t k = 0; k < files; ++k) {
        const docket::StringList written = links_of(k);
        REQUIRE(lists[k].size() == written.size());
        for (std::size_t i = 0; i < written.size(); ++i)
            CHECK(lists[k][i] == written[i]);
        CHECK(lists[k] == written);
        CHECK(lists[k].contains("#own-" + std::to_string(k)));
        CHECK_FALSE(lists[k].contains("#own-" + std::to_string(k + 1)));
    }
    // One string for "../../index.html" wherever it is written.
    CHECK(lists[0][0].data() == lists[0][4].data());
    CHECK(lists[0][0].data() == lists[files - 1][0].data());
    CHECK(lists[7][1].data() == lists[57][1].data());
    // Every file's own fragment: a number each, after the shared ones.
    CHECK(pool->intern(links_of(files)) == pool->intern(links_of(files)));
}
