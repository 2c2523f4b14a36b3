#include "lunr/shards.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lunr/builder.h"
#include "lunr/sv.h"

namespace {

// Two pages: "a" with one section "a#s", and "b".
lunr::Index two_pages() {
    lunr::Builder builder;
    builder.use(lunr::sv);
    builder.field("title", 10);
    builder.field("body");
    using Texts = std::array<std::string_view, 2>;
    builder.add("a", Texts{"Trygghet", "Polisen och tryggheten."});
    builder.add("a#s", Texts{"Trygghet – Plan", "Planen för polisen."});
    builder.add("b", Texts{"Plan", "Trygga platser"});
    return builder.build();
}

std::map<std::string, nlohmann::json>
parts(const lunr::Index& index, const std::vector<std::uint32_t>& pages, std::size_t shard_bytes) {
    std::map<std::string, nlohmann::json> out;
    lunr::write_shards(index, pages, shard_bytes, [&](const std::string& name, std::string json) {
        CHECK(out.count(name) == 0);
        out[name] = nlohmann::json::parse(json);
    });
    return out;
}

} // namespace

TEST_CASE("shards: every posting with its label and its field vector weight") {
    const lunr::Index index = two_pages();
    const auto p = parts(index, {0, 0, 1}, 1); // one term a shard
    const auto& manifest = p.at("manifest");
    CHECK(manifest["fields"] == nlohmann::json({"title", "body"}));
    CHECK(manifest["pipeline"] == nlohmann::json({"trimmer-sv", "stemmer-sv"}));
    CHECK(manifest["documents"] == 3);
    CHECK(p.at("documents") == nlohmann::json({2, 1}));
    const auto& vocabulary = p.at("vocabulary");
    REQUIRE(vocabulary.size() == index.inverted_index.size());
    // One shard a term: the manifest names the first term of every shard but the first.
    REQUIRE(manifest["shards"].size() + 1 == vocabulary.size());
    for (std::size_t n = 0; n < vocabulary.size(); ++n) {
        const auto& shard = p.at("t/" + std::to_string(n));
        REQUIRE(shard.size() == 1);
        const auto& entry = shard[0];
        CHECK(entry[0] == vocabulary[n]);
        if (n > 0) CHECK(manifest["shards"][n - 1] == vocabulary[n]);
        const auto term = entry[1].get<std::uint32_t>();
        CHECK(index.inverted_index.term(term) == entry[0].get<std::string>());
        std::size_t postings = 0;
        for (std::size_t f = 0; f < 2; ++f) {
            const auto& flat = entry[2 + f];
            REQUIRE(flat.size() % 3 == 0);
            std::uint32_t page = 0;
            for (std::size_t i = 0; i < flat.size(); i += 3) {
                page += flat[i].get<std::uint32_t>();
                const std::uint32_t document = page == 0 ? flat[i + 1].get<std::uint32_t>() : 2;
                CHECK((page == 1) == (flat[i + 1] == 0 && document == 2));
                bool found = false;
                for (const auto& e : index.field_vectors[document * 2 + f])
                    if (e.index == term) {
                        CHECK(flat[i + 2].get<double>() / 1000 == e.value());
                        found = true;
                    }
                CHECK(found);
                ++postings;
            }
        }
        std::size_t vectors_with_term = 0;
        for (std::size_t v = 0; v < index.field_vectors.size(); ++v)
            for (const auto& e : index.field_vectors[v])
                vectors_with_term += e.index == term;
        CHECK(postings == vectors_with_term);
    }
}

TEST_CASE("shards: large shards hold consecutive terms; an empty index has one empty shard") {
    const auto p = parts(two_pages(), {0, 0, 1}, 1 << 20);
    CHECK(p.at("manifest")["shards"].empty());
    CHECK(p.at("t/0").size() == p.at("vocabulary").size());

    lunr::Builder empty;
    empty.field("body");
    const auto none = parts(empty.build(), {}, 1 << 20);
    CHECK(none.at("t/0") == nlohmann::json::array());
    CHECK(none.at("documents") == nlohmann::json::array());
}

TEST_CASE("shards: pages must be numbered in order, and refs must not be array indexes") {
    const lunr::Index index = two_pages();
    auto write = [&](const std::vector<std::uint32_t>& pages) {
        lunr::write_shards(index, pages, 1, [](const std::string&, std::string) {});
    };
    CHECK_THROWS_AS(write({0, 0}), std::invalid_argument);
    CHECK_THROWS_AS(write({0, 2, 2}), std::invalid_argument);
    CHECK_THROWS_AS(write({1, 1, 2}), std::invalid_argument);
    CHECK_THROWS_AS(write({0, 1, 0}), std::invalid_argument);

    lunr::Builder builder;
    builder.field("body");
    const std::array<std::string_view, 1> text{"ord"};
    builder.add("12", text);
    const lunr::Index numbered = builder.build();
    CHECK_THROWS_AS(lunr::write_shards(numbered, std::vector<std::uint32_t>{0}, 1,
                                       [](const std::string&, std::string) {}),
                    std::invalid_argument);
}

TEST_CASE("shards: an index of more postings than are made at once has every posting, in order") {
    // 3,000 documents of 60 words each from 4,000: about 180,000 postings, made in passes over
    // the field vectors a range of terms at a time (at most 65,536 postings a pass).
    lunr::Builder builder;
    builder.use(lunr::sv);
    builder.field("body");
    std::uint32_t seed = 7;
    std::vector<std::uint32_t> pages;
    for (std::uint32_t d = 0; d < 3000; ++d) {
        std::string body;
        for (int w = 0; w < 60; ++w) {
            seed = seed * 1103515245u + 12345u;
            body += "ord" + std::to_string((seed >> 8) % 4000) + "x ";
        }
        builder.add("d" + std::to_string(d), std::array<std::string_view, 1>{body});
        pages.push_back(d);
    }
    const lunr::Index index = builder.build();
    REQUIRE(index.field_vectors.element_count() > 2 * 65536);
    // Each term's postings as the field vectors give them: (document, weight) in document order.
    std::vector<std::vector<std::pair<std::uint32_t, std::int32_t>>> expected(
        index.inverted_index.size());
    for (std::uint32_t v = 0; v < index.field_vectors.size(); ++v)
        for (const auto& e : index.field_vectors[v])
            expected[e.index].emplace_back(v, e.thousandths);
    const auto p = parts(index, pages, 16 * 1024);
    std::size_t terms = 0;
    for (std::size_t n = 0; p.contains("t/" + std::to_string(n)); ++n)
        for (const auto& entry : p.at("t/" + std::to_string(n))) {
            const auto t = entry[1].get<std::uint32_t>();
            CHECK(p.at("vocabulary")[terms++] == entry[0]);
            std::vector<std::pair<std::uint32_t, std::int32_t>> got;
            std::uint32_t document = 0;
            for (std::size_t i = 0; i < entry[2].size(); i += 3) {
                document += entry[2][i].get<std::uint32_t>();
                CHECK(entry[2][i + 1] == 0);
                got.emplace_back(document, entry[2][i + 2].get<std::int32_t>());
            }
            CHECK(got == expected[t]);
        }
    CHECK(terms == index.inverted_index.size());
}
