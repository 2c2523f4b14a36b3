// Which pages' ASTs a build keeps (kept_asts): the terms first, then the pages in order, within
// the bytes given.
#include "docket/site.h"

#include <doctest/doctest.h>

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
