#include "lunr/pipeline.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "lunr/builder.h"
#include "lunr/en.h"
#include "lunr/languages.h"
#include "lunr/stemmer_en.h"
#include "lunr/stemmer_sv.h"
#include "lunr/stop_word_filter_sv.h"
#include "lunr/sv.h"
#include "lunr/trimmer_sv.h"

TEST_CASE("trimmer-sv strips non-word characters from both ends only") {
    CHECK(lunr::trim_sv("(trygghet),") == "trygghet");
    CHECK(lunr::trim_sv("§39") == "39"); // digits are word characters (lunr-languages >= 1.16)
    CHECK(lunr::trim_sv("a\"b") == "a\"b");
    CHECK(lunr::trim_sv("!!!") == "");
    CHECK(lunr::trim_sv("«åäö»") == "åäö");
    CHECK(lunr::trim_sv("😀ord😀") == "ord");
    CHECK(lunr::trim_sv("a😀b") == "a😀b");
    CHECK(lunr::trim_sv("café\xCC\x81") == "café"); // a combining accent is not a word character
    CHECK(lunr::is_word_character_sv(U'ﬁ'));
    CHECK(lunr::is_word_character_sv(U'Ａ'));
    CHECK(lunr::is_word_character_sv(0x212B)); // Å (Angstrom sign)
    CHECK_FALSE(lunr::is_word_character_sv(U'×'));
    CHECK_FALSE(lunr::is_word_character_sv(U'÷'));
    CHECK_FALSE(lunr::is_word_character_sv(U'α'));
    CHECK_FALSE(lunr::is_word_character_sv(0x1F600));
}

TEST_CASE("stopWordFilter-sv has lunr.sv's 114 words") {
    CHECK(lunr::stop_words_sv().size() == 114);
    CHECK(lunr::stop_words_sv().front() == "alla");
    CHECK(lunr::stop_words_sv().back() == "över");
    for (auto word : {"och", "att", "det", "sådana", "varför", "över", "i"})
        CHECK(lunr::is_stop_word_sv(word));
    for (auto word : {"Och", "trygghet", "", "constructor", "oc"})
        CHECK_FALSE(lunr::is_stop_word_sv(word));
}

TEST_CASE("stemmer-sv gives Snowball Swedish stems") {
    lunr::StemmerSv stemmer;
    CHECK(stemmer.stem("tryggheten") == "trygg");
    CHECK(stemmer.stem("poliserna") == "polis");
    CHECK(stemmer.stem("upplöst") == "upplös");
    CHECK(stemmer.stem("löst") ==
          "löst"); // too short: the suffix must lie after the first 3 letters
    CHECK(stemmer.stem("kraftfullt") == "kraftfull");
    CHECK(stemmer.stem("") == "");
    // A supplementary character counts as two characters, as in lunr.js.
    CHECK(stemmer.stem("a😀en") == "a😀");
    CHECK(&stemmer.stem("tryggheten") == &stemmer.stem("tryggheten")); // cached
}

TEST_CASE("the Swedish pipelines run trimmer, stop word filter and stemmer") {
    lunr::Pipeline index = lunr::index_pipeline_sv();
    CHECK(index.labels() ==
          std::vector<std::string>{"trimmer-sv", "stopWordFilter-sv", "stemmer-sv"});
    std::string token = "(poliserna),";
    CHECK(index.run(token));
    CHECK(token == "polis");
    token = "och.";
    CHECK_FALSE(index.run(token));
    token = "--!"; // lunr.js keeps the empty string
    CHECK(index.run(token));
    CHECK(token == "");

    lunr::Pipeline search = lunr::search_pipeline_sv();
    CHECK(search.labels() == std::vector<std::string>{"trimmer-sv", "stemmer-sv"});
    token = "och";
    CHECK(search.run(token)); // the search pipeline has no stop word filter
    CHECK(token == "och");

    lunr::Builder builder;
    builder.use(lunr::sv);
    CHECK(builder.search_pipeline().labels() ==
          std::vector<std::string>{"trimmer-sv", "stemmer-sv"});
}

TEST_CASE("lunr.trimmer strips characters other than [A-Za-z0-9_] from both ends only") {
    CHECK(lunr::trim_en("(safety),") == "safety");
    CHECK(lunr::trim_en("_x_") == "_x_");
    CHECK(lunr::trim_en("café") == "caf"); // é is \W to JavaScript
    CHECK(lunr::trim_en("«åäö»") == "");
    CHECK(lunr::trim_en("a😀b") == "a😀b");
    CHECK(lunr::trim_en("!!!") == "");
}

TEST_CASE("lunr.stopWordFilter has lunr.js's 119 words, in byte order") {
    CHECK(lunr::stop_words_en().size() == 119);
    CHECK(std::is_sorted(lunr::stop_words_en().begin(), lunr::stop_words_en().end()));
    for (auto word : {"a", "the", "your", "twas", "however"})
        CHECK(lunr::is_stop_word_en(word));
    for (auto word : {"The", "safety", "", "constructor", "yours"})
        CHECK_FALSE(lunr::is_stop_word_en(word));
}

TEST_CASE("lunr.stemmer: Porter's steps as lunr.js has them") {
    CHECK(lunr::stem_en("relational") == "relat");
    CHECK(lunr::stem_en("always") == "alway"); // libstemmer's porter: "alwai"
    CHECK(lunr::stem_en("cries") == "cri");
    CHECK(lunr::stem_en("hopping") == "hop");
    CHECK(lunr::stem_en("agreed") == "agre");
    CHECK(lunr::stem_en("yelling") == "yell"); // an initial y is a consonant
    CHECK(lunr::stem_en("by") == "by");
    CHECK(lunr::stem_en("") == "");
    // One character outside ASCII is one letter that is not a vowel; one above U+FFFF is two.
    CHECK(lunr::stem_en("tébé") == "tébé");
    CHECK(lunr::stem_en("x😀😀ed") == "x😀😀ed");
}

TEST_CASE("the English pipelines: lunr()'s trimmer, stop word filter and stemmer") {
    lunr::Pipeline index = lunr::index_pipeline_en();
    CHECK(index.labels() == std::vector<std::string>{"trimmer", "stopWordFilter", "stemmer"});
    std::string token = "(meetings),";
    CHECK(index.run(token));
    CHECK(token == "meet");
    token = "the.";
    CHECK_FALSE(index.run(token));
    lunr::Builder builder;
    builder.use(lunr::en);
    CHECK(builder.search_pipeline().labels() == std::vector<std::string>{"stemmer"});
    CHECK((lunr::language("en") == &lunr::en));
    CHECK((lunr::language("sv") == &lunr::sv));
    CHECK((lunr::language("fr") == nullptr));
}
