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

TEST_CASE("a pool keeps strings of every length, past its first block, each where it was") {
    docket::StringPool pool;
    // 3 MB of 100-byte strings (the pool's blocks are 1 MiB), long ones (a block each) among them.
    std::vector<std::string> strings;
    for (std::size_t k = 0; k < 30'000; ++k) {
        strings.push_back(std::to_string(k) + std::string(100 - std::to_string(k).size(), 'x'));
        if (k % 10'000 == 5) strings.push_back(std::string(300'000 + k, 'L'));
    }
    docket::StringList list;
    for (const std::string& s : strings)
        list.push_back(s);
    std::vector<std::uint32_t> ids = pool.intern(list);
    REQUIRE(ids.size() == strings.size());
    for (std::size_t i = 0; i < strings.size(); ++i) {
        CHECK(ids[i] == i);
        CHECK(pool[ids[i]] == strings[i]);
    }
    // Interned again: the same numbers, nothing added.
    CHECK(pool.intern(list) == ids);
    docket::StringList more;
    more.push_back("new");
    CHECK(pool.intern(more) == std::vector<std::uint32_t>{std::uint32_t(strings.size())});
}
