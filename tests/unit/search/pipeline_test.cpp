#include "lunr/pipeline.h"

#include <doctest/doctest.h>

#include <string>

#include "lunr/builder.h"
#include "lunr/stemmer_sv.h"
#include "lunr/stop_word_filter_sv.h"
#include "lunr/sv.h"
#include "lunr/trimmer_sv.h"

TEST_CASE("trimmer-sv strips non-word characters from both ends only") {
  CHECK(lunr::trim_sv("(trygghet),") == "trygghet");
  CHECK(lunr::trim_sv("§39") == "39");  // digits are word characters (lunr-languages >= 1.16)
  CHECK(lunr::trim_sv("a\"b") == "a\"b");
  CHECK(lunr::trim_sv("!!!") == "");
  CHECK(lunr::trim_sv("«åäö»") == "åäö");
  CHECK(lunr::trim_sv("😀ord😀") == "ord");
  CHECK(lunr::trim_sv("a😀b") == "a😀b");
  CHECK(lunr::trim_sv("café\xCC\x81") == "café");  // a combining accent is not a word character
  CHECK(lunr::is_word_character_sv(U'ﬁ'));
  CHECK(lunr::is_word_character_sv(U'Ａ'));
  CHECK(lunr::is_word_character_sv(0x212B));  // Å (Angstrom sign)
  CHECK_FALSE(lunr::is_word_character_sv(U'×'));
  CHECK_FALSE(lunr::is_word_character_sv(U'÷'));
  CHECK_FALSE(lunr::is_word_character_sv(U'α'));
  CHECK_FALSE(lunr::is_word_character_sv(0x1F600));
}

TEST_CASE("stopWordFilter-sv has lunr.sv's 114 words") {
  CHECK(lunr::stop_words_sv().size() == 114);
  CHECK(lunr::stop_words_sv().front() == "alla");
  CHECK(lunr::stop_words_sv().back() == "över");
  for (auto word : {"och", "att", "det", "sådana", "varför", "över", "i"}) CHECK(lunr::is_stop_word_sv(word));
  for (auto word : {"Och", "trygghet", "", "constructor", "oc"}) CHECK_FALSE(lunr::is_stop_word_sv(word));
}

TEST_CASE("stemmer-sv gives Snowball Swedish stems") {
  lunr::StemmerSv stemmer;
  CHECK(stemmer.stem("tryggheten") == "trygg");
  CHECK(stemmer.stem("poliserna") == "polis");
  CHECK(stemmer.stem("upplöst") == "upplös");
  CHECK(stemmer.stem("löst") == "löst");  // too short: the suffix must lie after the first 3 letters
  CHECK(stemmer.stem("kraftfullt") == "kraftfull");
  CHECK(stemmer.stem("") == "");
  // A supplementary character counts as two characters, as in lunr.js.
  CHECK(stemmer.stem("a😀en") == "a😀");
  CHECK(&stemmer.stem("tryggheten") == &stemmer.stem("tryggheten"));  // cached
}

TEST_CASE("the Swedish pipelines run trimmer, stop word filter and stemmer") {
  lunr::Pipeline index = lunr::index_pipeline_sv();
  CHECK(index.labels() == std::vector<std::string>{"trimmer-sv", "stopWordFilter-sv", "stemmer-sv"});
  std::string token = "(poliserna),";
  CHECK(index.run(token));
  CHECK(token == "polis");
  token = "och.";
  CHECK_FALSE(index.run(token));
  token = "--!";  // lunr.js keeps the empty string
  CHECK(index.run(token));
  CHECK(token == "");

  lunr::Pipeline search = lunr::search_pipeline_sv();
  CHECK(search.labels() == std::vector<std::string>{"trimmer-sv", "stemmer-sv"});
  token = "och";
  CHECK(search.run(token));  // the search pipeline has no stop word filter
  CHECK(token == "och");

  lunr::Builder builder;
  builder.use(lunr::sv);
  CHECK(builder.search_pipeline().labels() == std::vector<std::string>{"trimmer-sv", "stemmer-sv"});
}
