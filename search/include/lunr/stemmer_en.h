// lunr.stemmer (lunr.js 2.3.9): the Porter stemmer as lunr.js has it.
//
// It is implemented here from lunr.js's code, not taken from libstemmer: libstemmer's "porter"
// (the Snowball port of Porter's algorithm) gives other stems for 665 of 46,233 English words
// tried (the Snowball porter and english vocabularies, the common licences, the seed text), e.g.
// "always" (lunr.js "alway", Snowball "alwai"): lunr.js turns a final y into i only after a
// letter that is not a vowel (step 1c), and reads y as a vowel where Snowball reads it by
// position. An index must hold the stems lunr.js computes for the query, so only lunr.js's
// algorithm will do.
#pragma once

#include <string>
#include <string_view>

namespace lunr {

// The stem of `word` (UTF-8), as lunr.stemmer computes it over the word's UTF-16 code units.
std::string stem_en(std::string_view word);

} // namespace lunr
