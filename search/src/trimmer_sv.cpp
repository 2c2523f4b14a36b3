#include "lunr/trimmer_sv.h"

#include <algorithm>
#include <array>

#include "utf8.h"

namespace lunr {

namespace {

struct Range {
    char32_t first, last;
};

// lunr.sv.wordCharacters, range by range, in order. All are in the BMP, so a
// supplementary character (two UTF-16 surrogates in lunr.js) is never a word
// character, here as there.
constexpr std::array<Range, 29> kWordRanges{{
    {0xAA, 0xAA},     {0xBA, 0xBA},     {0xC0, 0xD6},     {0xD8, 0xF6},     {0xF8, 0x2B8},
    {0x2E0, 0x2E4},   {0x1D00, 0x1D25}, {0x1D2C, 0x1D5C}, {0x1D62, 0x1D65}, {0x1D6B, 0x1D77},
    {0x1D79, 0x1DBE}, {0x1E00, 0x1EFF}, {0x2071, 0x2071}, {0x207F, 0x207F}, {0x2090, 0x209C},
    {0x212A, 0x212B}, {0x2132, 0x2132}, {0x214E, 0x214E}, {0x2160, 0x2188}, {0x2C60, 0x2C7F},
    {0xA722, 0xA787}, {0xA78B, 0xA7AD}, {0xA7B0, 0xA7B7}, {0xA7F7, 0xA7FF}, {0xAB30, 0xAB5A},
    {0xAB5C, 0xAB64}, {0xFB00, 0xFB06}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A},
}};

} // namespace

bool is_word_character_sv(char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    auto it = std::upper_bound(kWordRanges.begin(), kWordRanges.end(), c,
                               [](char32_t v, const Range& r) { return v < r.first; });
    if (it == kWordRanges.begin()) return false;
    --it;
    return c <= it->last;
}

std::string_view trim_sv(std::string_view token) {
    std::size_t begin = 0;
    while (begin < token.size()) {
        std::size_t next = begin;
        if (is_word_character_sv(utf8::decode(token, next))) break;
        begin = next;
    }
    std::size_t end = token.size();
    while (end > begin) {
        std::size_t prev = end;
        if (is_word_character_sv(utf8::decode_back(token, prev))) break;
        end = prev;
    }
    return token.substr(begin, end - begin);
}

} // namespace lunr
