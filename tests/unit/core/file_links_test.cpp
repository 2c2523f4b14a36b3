// A rendered file's links, interned in the site's pool: the same strings in the same order, each
// distinct string kept once, from many threads at once. Its origins, packed: the same origins.
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

TEST_CASE("packed origins are the origins noted, and tell where each link and id comes from") {
    const std::string page = "content/cases/a.md", part = "themes/default/templates/case.html";
    docket::Origins origins;
    origins.note({0, 0, "", 0, 0}); // the page's own source, alone: none
    CHECK(origins.empty());
    origins.note({0, 0, part, 3, 1}); // replaced: nothing noted under it
    origins.note({0, 0, page, 12, 40});
    origins.note({2, 1, part, 7, 200000}); // a long line's column
    origins.note({5, 1, page, 9, 3});      // a line above the previous one
    origins.note({5, 4, "", 0, 0});
    origins.note({300, 4, page, 4000000, 1});
    const std::vector<docket::Origin> noted = origins.unpack();
    REQUIRE(noted.size() == 5);
    CHECK(noted[0].file == page);
    CHECK(noted[0].line == 12);
    origins.pack();
    const std::vector<docket::Origin> packed = origins.unpack();
    REQUIRE(packed.size() == noted.size());
    for (std::size_t k = 0; k < noted.size(); ++k) {
        CHECK(packed[k].links == noted[k].links);
        CHECK(packed[k].ids == noted[k].ids);
        CHECK(packed[k].file == noted[k].file);
        CHECK(packed[k].file.data() == noted[k].file.data()); // a view, never a copy
        CHECK(packed[k].line == noted[k].line);
        CHECK(packed[k].column == noted[k].column);
    }
    const docket::StringList none;
    const docket::FileLinks file{"arenden/a/index.html", page, &none, &none, &origins};
    CHECK(file.link_origin(1).line == 12);
    CHECK(file.link_origin(4).file == part);
    CHECK(file.link_origin(4).column == 200000);
    CHECK(file.link_origin(299).line == 0); // the page's source, without a line
    CHECK(file.link_origin(299).file == page);
    CHECK(file.link_origin(300).line == 4000000);
    CHECK(file.id_origin(0).line == 12);
    CHECK(file.id_origin(3).line == 9); // ids 1..3: the last origin that starts at or before
    CHECK(file.id_origin(4).line == 4000000);
}
