#include "lunr/vector.h"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace {

using Term = lunr::FieldVectors::Term;

std::vector<std::pair<std::uint32_t, std::uint32_t>> read_back(const lunr::FieldVectors& vectors,
                                                               std::size_t v) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> terms;
    for (const Term& t : vectors.terms(v))
        terms.emplace_back(t.index, t.frequency);
    return terms;
}

} // namespace

TEST_CASE("packed field vectors give back every term and frequency, of any size") {
    // Gaps and frequencies at each varint length's edges, up to the largest 32-bit numbers.
    const std::array<Term, 7> wide{Term{0, 1},          Term{127, 128},
                                   Term{128, 16383},    Term{16511, 16384},
                                   Term{2097279, 1},    Term{4294967294u, 4294967295u},
                                   Term{4294967295u, 2}};
    const std::array<Term, 1> one{Term{5, 3}};
    lunr::FieldVectors vectors;
    vectors.add(40, wide);
    vectors.add(0, {});
    vectors.add(3, one);
    REQUIRE(vectors.size() == 3);
    CHECK(vectors.element_count() == 8);
    CHECK(vectors.length(0) == 40);
    CHECK(vectors.length(2) == 3);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> expected;
    for (const Term& t : wide)
        expected.emplace_back(t.index, t.frequency);
    CHECK(read_back(vectors, 0) == expected);
    CHECK(vectors.terms(1).empty());
    CHECK(read_back(vectors, 1).empty());
    CHECK(read_back(vectors, 2) == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{5, 3}});
}

TEST_CASE("a packed field vector's element is scored as lunr's BM25 when it is read") {
    // Two fields (boosts 1 and 10), two documents (boosts 1 and 2); term 0's idf 0.5.
    lunr::FieldVectors vectors;
    const std::array<Term, 1> term{Term{0, 2}};
    vectors.add(4, term);
    vectors.add(0, {});
    vectors.add(0, {});
    vectors.add(2, term);
    vectors.score({1.2, 0.75, {1, 10}, {2, 1}, {1, 2}, {0.5}});
    // Field 0 of document 0: 0.5 * 2.2 * 2 / (1.2 * (0.25 + 0.75 * 4 / 2) + 2) = 2.2 / 4.1.
    const auto first = vectors[0].elements();
    REQUIRE(first.size() == 1);
    CHECK(first[0].index == 0);
    CHECK(first[0].thousandths == 537);
    CHECK(vectors[1].empty());
    // Field 1 of document 1: 0.5 * 2.2 * 2 / (1.2 * (0.25 + 0.75 * 2 / 1) + 2) = 2.2 / 4.1,
    // times the field boost 10 and the document boost 2.
    const auto last = vectors[3].elements();
    REQUIRE(last.size() == 1);
    CHECK(last[0].thousandths == 10732);
}
