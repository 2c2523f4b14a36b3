#include "lunr/serialiser.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <string_view>

#include "lunr/builder.h"
#include "lunr/corpus.h"
#include "lunr/js_string.h"
#include "lunr/sv.h"

namespace {

lunr::Index small_index() {
    lunr::Builder builder;
    builder.use(lunr::sv);
    builder.field("title", 10);
    builder.field("body");
    using Texts = std::array<std::string_view, 2>;
    builder.add("b", Texts{"Trygghet", "Polisen och tryggheten. Polisen!"});
    builder.add("10", Texts{"Plan", ""}, 2);
    builder.add("2", Texts{"", "xａy x😀y !!!"});
    return builder.build();
}

} // namespace

TEST_CASE("the JSON of a small index is lunr.js's, byte for byte") {
    // Expected text from lunr.js 2.3.9 + lunr.sv with the same documents.
    CHECK(
        lunr::to_json(small_index()) ==
        R"({"version":"2.3.9","fields":["title","body"],"fieldVectors":[["title/b",[0,3.902]],)"
        R"(["body/b",[0,0.39,1,1.182]],["title/10",[2,16.285]],["body/10",[]],["title/2",[]],)"
        R"(["body/2",[3,0.814,4,0.814,5,0.814]]],"invertedIndex":[["",{"_index":5,"title":{},"body":{"2":{}}}],)"
        R"(["plan",{"_index":2,"title":{"10":{}},"body":{}}],["polis",{"_index":1,"title":{},"body":{"b":{}}}],)"
        R"(["trygg",{"_index":0,"title":{"b":{}},"body":{"b":{}}}],["x😀y",{"_index":4,"title":{},"body":{"2":{}}}],)"
        R"(["xａy",{"_index":3,"title":{},"body":{"2":{}}}]],"pipeline":["trimmer-sv","stemmer-sv"]})");
}

TEST_CASE("serialised index invariants lunr.Index.load relies on") {
    const std::string text = lunr::to_json(small_index());
    const auto json = nlohmann::json::parse(text);
    const auto& fields = json["fields"];
    const auto& inverted = json["invertedIndex"];

    // Sorted by UTF-16 code units, _index a permutation of 0..n-1.
    std::vector<bool> seen(inverted.size(), false);
    for (std::size_t i = 0; i < inverted.size(); ++i) {
        if (i > 0) {
            CHECK(lunr::js_string_less(inverted[i - 1][0].get<std::string>(),
                                       inverted[i][0].get<std::string>()));
        }
        const auto& posting = inverted[i][1];
        const auto index = posting["_index"].get<std::size_t>();
        REQUIRE(index < seen.size());
        CHECK_FALSE(seen[index]);
        seen[index] = true;
        for (const auto& field : fields)
            CHECK(posting.contains(field.get<std::string>())); // every field, even empty
    }

    // A vector for every (field, document) pair, elements sorted by term index.
    CHECK(json["fieldVectors"].size() == fields.size() * 3);
    for (const auto& entry : json["fieldVectors"]) {
        const auto& elements = entry[1];
        REQUIRE(elements.size() % 2 == 0);
        for (std::size_t i = 2; i < elements.size(); i += 2)
            CHECK(elements[i - 2] < elements[i]);
    }
}

TEST_CASE("array-index keys come first, as in JavaScript objects") {
    // Fields "7" and "0" are listed before the others and before "_index";
    // document "1" before "b" in each posting.
    const std::string text = lunr::build_index_json_from_corpus(
        R"({"ref": "key", "fields": [{"name": "title"}, {"name": "7"}, {"name": "0"}],
          "documents": [{"key": "b", "title": "plan", "7": "plan", "0": "x"},
                        {"key": "1", "title": "plan"}]})");
    const auto json = nlohmann::json::parse(text);
    CHECK(json["fields"] == nlohmann::json::array({"0", "7", "title"}));
    CHECK(text.find(R"(["plan",{"0":{},"7":{"b":{}},"_index":1,"title":{"1":{},"b":{}}}])") !=
          std::string::npos);
    CHECK(
        text.find(
            R"("fieldVectors":[["0/b",[0,0.492]],["7/b",[1,0.095]],["title/b",[1,0.134]],["0/1",[]],)") !=
        std::string::npos);
}

TEST_CASE("builder scoring: BM25 with field and document boosts, 3 decimals") {
    const lunr::Index index = small_index();
    // "plan" only in document 10's title: idf = log(1 + (3 - 1 + 0.5) / 1.5) = 0.98083,
    // tf 1 in a field of length 1, average 2/3: 0.98083 * 2.2 / (1.2 * 1.375 + 1) = 0.81428,
    // times the field boost 10 and the document boost 2.
    const auto title_10 = index.field_vectors[2].elements();
    REQUIRE(title_10.size() == 1);
    CHECK(title_10[0].value() == 16.285);
    CHECK(index.field_vectors[3].empty()); // body/10 has no terms but still a vector
}

TEST_CASE("builder rejects what lunr.js would get wrong") {
    lunr::Builder builder;
    CHECK_THROWS_AS(builder.field("a/b"), std::invalid_argument);
    CHECK_THROWS_AS(builder.field("_index"), std::invalid_argument);
    builder.field("body");
    CHECK_THROWS_AS(builder.field("body"), std::invalid_argument);
    std::array<std::string_view, 1> texts{"x"};
    builder.add("a", texts);
    CHECK_THROWS_AS(builder.add("a", texts), std::invalid_argument);
    CHECK_THROWS_AS(builder.add("c", std::array<std::string_view, 2>{"x", "y"}),
                    std::invalid_argument);
}

TEST_CASE("corpus errors say where") {
    auto message = [](std::string_view corpus) -> std::string {
        try {
            lunr::build_index_json_from_corpus(corpus);
        } catch (const lunr::CorpusError& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(message("{").rfind("invalid JSON: ", 0) == 0);
    CHECK(message(R"({"documents": []})") == R"("fields" must be an array)");
    CHECK(message(R"({"fields": [{"name": 3}], "documents": []})") ==
          R"(fields[0]: "name" must be a string)");
    CHECK(message(R"({"fields": [], "documents": [{"id": "a"}, {"id": null}]})") ==
          R"(documents[1]: the ref "id" must be a string or a number)");
    CHECK(message(R"({"fields": [{"name": "t"}], "documents": [{"id": 1, "t": {}}]})") ==
          R"(documents[0]: field "t" must be a string, number, boolean or null)");
    // The reader (nlohmann-json's) is strict JSON, like JSON.parse, and says where it stopped.
    CHECK(message("{\n  \"fields\": [,]}") == "invalid JSON: parse error at line 2, column 14: "
                                              "syntax error while parsing value - unexpected ','; "
                                              "expected '[', '{', or a literal");
    CHECK(message(R"({"fields": [], "documents": []} x)").find("line 1, column 33: ") !=
          std::string::npos);
    CHECK(message(R"({"fields": [], "documents": []} x)").find("expected end of input") !=
          std::string::npos);
    CHECK(message("{\"fields\": [], \"documents\": [{\"id\": \"a\xFF\"}]}")
              .find("ill-formed UTF-8") != std::string::npos);
    CHECK(message("\xEF\xBB\xBF{}") ==
          "invalid JSON: parse error at line 1, column 1: byte order mark before the JSON text");
    CHECK(message("\n " + std::string(600, '[') + std::string(600, ']')) ==
          "invalid JSON: parse error at line 2, column 514: arrays and objects nested more than "
          "512 deep");
    CHECK(message(R"({"fields": [], "documents": [[[[[]]]]]})") ==
          "documents[0] must be an object");
    CHECK(message(R"({"fields": [], "documents": [{"id": "\ud800"}]})").find("surrogate") !=
          std::string::npos);
    CHECK(message("{\"fields\": [], \"documents\": [{\"id\": \"a\tb\"}]}")
              .find("control character") != std::string::npos);
    CHECK(message(R"({"fields": [], "documents": [01]})").find("unexpected text") ==
          std::string::npos);
    CHECK(message(R"({"fields": [], "documents": [01]})").rfind("invalid JSON: ", 0) == 0);
    // Escapes are decoded, surrogate pairs included.
    const std::string escaped = lunr::build_index_json_from_corpus(
        R"({"fields": [{"name": "t"}], "documents": [{"id": "a\"\u00e5\ud83d\ude00", "t": "x\u00C5y\nz"}]})");
    CHECK(escaped.find(R"(["t/a\"å😀",)") != std::string::npos);
    CHECK(escaped.find(R"(["xåy",)") != std::string::npos);
    // Numbers become refs and texts as JavaScript's String() writes them.
    const std::string text = lunr::build_index_json_from_corpus(
        R"({"fields": [{"name": "t"}], "documents": [{"id": 1e21, "t": 0.000001}, {"id": 2.50, "t": true}]})");
    CHECK(text.find(R"(["t/1e+21",)") != std::string::npos);
    CHECK(text.find(R"(["t/2.5",)") != std::string::npos);
    CHECK(text.find(R"(["0.000001",)") != std::string::npos);
    CHECK(text.find(R"(["true",)") != std::string::npos);
}

TEST_CASE("a document another builder analysed indexes as its texts do") {
    // Fields whose object-key order is not their declared one ("0" comes first).
    auto builder = [] {
        lunr::Builder b;
        b.use(lunr::sv);
        b.field("title", 10);
        b.field("0");
        return b;
    };
    using Texts = std::array<std::string_view, 2>;
    const std::array<Texts, 4> texts = {Texts{"Trygghet", "Polisen och tryggheten. Polisen!"},
                                        Texts{"Planen", "Planer för skolor och skolan"},
                                        Texts{"", "trygghet, skolor, polis polis polis"},
                                        Texts{"Skolplan", "Skolplanen: skolor i kommunen"}};
    // The site's builder analyses every document.
    lunr::Builder site = builder();
    std::vector<std::vector<lunr::AnalysedField>> analysed(texts.size());
    for (std::size_t d = 0; d < texts.size(); ++d) {
        analysed[d].resize(2);
        site.add(std::to_string(d + 100), texts[d], d == 1 ? 2 : 1, analysed[d]);
    }
    // Field "0" of document 2 as analysed, in the site's numbering: "trygg" (term 1), "skol" (3),
    // "polis" (0) three times.
    CHECK(analysed[2][0].length == 5);
    CHECK(analysed[2][0].terms ==
          std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 1}, {3, 1}, {0, 3}});
    const lunr::Index site_index = site.build();
    const lunr::Vocabulary vocabulary(site_index.inverted_index);
    CHECK(vocabulary.size() == site_index.inverted_index.size());

    // A pack's builder takes some of them, in another order: its terms are numbered anew.
    lunr::Builder from_analysis = builder(), from_texts = builder();
    for (std::size_t d : {3, 2, 1}) {
        from_analysis.add_analysed(std::to_string(d + 100), analysed[d], vocabulary,
                                   d == 1 ? 2 : 1);
        from_texts.add(std::to_string(d + 100), texts[d], d == 1 ? 2 : 1);
    }
    const std::string json = lunr::to_json(from_texts.build());
    CHECK(json.find(R"(["skol",{"0":{"101":{},"102":{},"103":{}},"_index":1,)") !=
          std::string::npos);
    CHECK(lunr::to_json(from_analysis.build()) == json);

    lunr::Builder wrong = builder();
    lunr::AnalysedField outside;
    outside.terms = {{static_cast<std::uint32_t>(vocabulary.size()), 1}};
    CHECK_THROWS_AS(wrong.add_analysed("x", std::array{outside, outside}, vocabulary),
                    std::invalid_argument);
}
