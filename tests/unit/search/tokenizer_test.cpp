#include "lunr/tokenizer.h"

#include <doctest/doctest.h>

#include <ios>
#include <string>
#include <vector>

using Tokens = std::vector<std::string>;

TEST_CASE("tokenizer splits on JavaScript whitespace and hyphens, lower-cased") {
    CHECK(lunr::tokenize("Trygghet i  skolan") == Tokens{"trygghet", "i", "skolan"});
    CHECK(lunr::tokenize("hedersrelaterat-våld --x-") == Tokens{"hedersrelaterat", "våld", "x"});
    CHECK(lunr::tokenize("") == Tokens{});
    CHECK(lunr::tokenize(" \t\n ") == Tokens{});
    CHECK(lunr::tokenize("2020-11-20") == Tokens{"2020", "11", "20"});
    // Punctuation stays in the token; the trimmer deals with it.
    CHECK(lunr::tokenize("!!! (a) ord.") == Tokens{"!!!", "(a)", "ord."});
}

TEST_CASE("tokenizer separators are exactly JavaScript's \\s set and '-'") {
    for (char32_t c : {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000, 0x2005, 0x200A,
                       0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF, 0x2D}) {
        CHECK_MESSAGE(lunr::is_separator(c), "U+" << std::hex << static_cast<unsigned>(c));
    }
    // Not \s in JavaScript: NEL, zero-width space, Mongolian vowel separator,
    // word joiner, en dash, soft hyphen.
    for (char32_t c : {0x85, 0x200B, 0x180E, 0x2060, 0x2013, 0xAD}) {
        CHECK_FALSE_MESSAGE(lunr::is_separator(c), "U+" << std::hex << static_cast<unsigned>(c));
    }
    CHECK(lunr::tokenize("ett\xC2\xA0tv\xC3\xA5\xE3\x80\x80tre\xEF\xBB\xBF"
                         "fyra") == Tokens{"ett", "två", "tre", "fyra"});
    CHECK(lunr::tokenize("noll\xE2\x80\x8B"
                         "bredd") == Tokens{"noll\xE2\x80\x8B"
                                            "bredd"});
}

TEST_CASE("lower-casing follows String.prototype.toLowerCase") {
    CHECK(lunr::tokenize("ÅÄÖ Örebro") == Tokens{"åäö", "örebro"});
    CHECK(lunr::tokenize("\xC4\xB0stanbul") == Tokens{"i\xCC\x87stanbul"}); // İ -> i + U+0307
    CHECK(lunr::tokenize("STRASSE ẞ") == Tokens{"strasse", "ß"});
    CHECK(lunr::tokenize("ǄUNGLA ǅ") == Tokens{"ǆungla", "ǆ"});
    // Final sigma: word-final Σ becomes ς, elsewhere σ.
    CHECK(lunr::tokenize("ΣΑΣ") == Tokens{"σας"});
    CHECK(lunr::tokenize("aΣ1") == Tokens{"aς1"});
    CHECK(lunr::tokenize("Σ") == Tokens{"σ"});
    CHECK(lunr::tokenize("ΑΣ.") == Tokens{"ας."});
    CHECK(lunr::tokenize("ΑΣΑ") == Tokens{"ασα"});
    CHECK(lunr::tokenize("ΑΣ Β") == Tokens{"ας", "β"});
    // Newer than utf8proc's Unicode 15, as Node's ICU maps them.
    CHECK(lunr::tokenize("\xEA\x9F\x9C") == Tokens{"\xC6\x9B"}); // U+A7DC -> U+019B
    // Supplementary characters pass through.
    CHECK(lunr::tokenize("A😀B") == Tokens{"a😀b"});
}
