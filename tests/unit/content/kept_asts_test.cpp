// Which pages' ASTs a build keeps (kept_asts): the terms first, then the pages in order, within
// the bytes given; and how long (KeptDocs): until its uses are done, from any thread.
#include "docket/site.h"

#include <cmark-gfm.h>
#include <doctest/doctest.h>

#include <memory>
#include <thread>

namespace {

docket::Page page(const std::string& kind, std::size_t body_bytes) {
    docket::Page p;
    p.kind = kind;
    p.text = "---\n---\n" + std::string(body_bytes, 'x');
    p.body_offset = 8;
    return p;
}

} // namespace

TEST_CASE("kept_asts: the terms first, then the pages in order until one does not fit") {
    const std::vector<docket::Page> pages = {page("area", 10), page("term", 5), page("case", 10),
                                             page("term", 20), page("goal", 1)};
    // The terms (25 bytes) fit; the area does not, and the pages after it are not looked at.
    CHECK(docket::kept_asts(pages, 30) == std::vector<bool>{false, true, false, true, false});
    CHECK(docket::kept_asts(pages, 40) == std::vector<bool>{true, true, false, true, false});
    CHECK(docket::kept_asts(pages, 46) == std::vector<bool>{true, true, true, true, true});
    // A term that does not fit is passed over; the next one may.
    CHECK(docket::kept_asts(pages, 6) == std::vector<bool>{false, true, false, false, false});
    CHECK(docket::kept_asts(pages, 0) == std::vector<bool>(5, false));
}

TEST_CASE("KeptDocs: an AST goes at its last use; a holder keeps its copy; 0 uses, the build") {
    docket::KeptDocs kept;
    kept.resize(3);
    auto doc = [](const char* markdown) {
        auto d = std::make_shared<docket::PageDoc>();
        d->doc = docket::parse_markdown(markdown);
        return std::shared_ptr<const docket::PageDoc>(std::move(d));
    };
    kept.keep(0, doc("# a\n\ntext"), 2);
    kept.keep(2, doc("a term"), 0);
    CHECK(kept.get(1) == nullptr); // not kept
    kept.used(1);                  // a page not kept: nothing happens
    const auto held = kept.get(0);
    REQUIRE(held != nullptr);
    kept.used(0);
    CHECK(kept.get(0) == held); // one use left
    kept.used(0);
    CHECK(kept.get(0) == nullptr);
    // The copy taken before is whole: its nodes were not freed under it.
    CHECK(cmark_node_get_type(cmark_node_first_child(held->doc.get())) == CMARK_NODE_HEADING);
    for (int k = 0; k < 5; ++k)
        kept.used(2);
    CHECK(kept.get(2) != nullptr); // kept for the whole build
    CHECK(kept.get(7) == nullptr); // past the pages

    // Many pages, each used by two threads at once while others read it: each goes once.
    constexpr std::size_t n = 2000;
    docket::KeptDocs many;
    many.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        many.keep(i, doc("text"), 2);
    auto use_all = [&] {
        for (std::size_t i = 0; i < n; ++i) {
            const auto d = many.get(i);
            if (d) CHECK(d->doc != nullptr);
            many.used(i);
        }
    };
    std::thread a(use_all), b(use_all);
    a.join();
    b.join();
    for (std::size_t i = 0; i < n; ++i)
        CHECK(many.get(i) == nullptr);
}
