#include "lunr/tokenizer.h"

#include <utf8proc.h>

#include <array>
#include <cstring>

#include "utf8.h"

namespace lunr {

namespace {

utf8proc_category_t category(char32_t c) {
    return static_cast<utf8proc_category_t>(utf8proc_category(static_cast<utf8proc_int32_t>(c)));
}

// Unicode's Cased property: Lu, Ll, Lt and Other_Lowercase / Other_Uppercase.
bool is_cased(char32_t c) {
    switch (category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
        return true;
    default:
        break;
    }
    return c == 0xAA || c == 0xBA || (c >= 0x2B0 && c <= 0x2B8) || c == 0x2C0 || c == 0x2C1 ||
           (c >= 0x2E0 && c <= 0x2E4) || c == 0x345 || c == 0x37A || (c >= 0x1D2C && c <= 0x1D6A) ||
           c == 0x1D78 || (c >= 0x1D9B && c <= 0x1DBF) || c == 0x2071 || c == 0x207F ||
           (c >= 0x2090 && c <= 0x209C) || (c >= 0x2160 && c <= 0x217F) ||
           (c >= 0x24B6 && c <= 0x24E9) || c == 0x2C7C || c == 0x2C7D || c == 0xA69C ||
           c == 0xA69D || c == 0xA770 || c == 0xA7F8 || c == 0xA7F9 ||
           (c >= 0xAB5C && c <= 0xAB5F) || (c >= 0x1F130 && c <= 0x1F149) ||
           (c >= 0x1F150 && c <= 0x1F169) || (c >= 0x1F170 && c <= 0x1F189);
}

// Unicode's Case_Ignorable property: Mn, Me, Cf, Lm, Sk and the word-break
// MidLetter, MidNumLet and Single_Quote characters.
bool is_case_ignorable(char32_t c) {
    switch (category(c)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_SK:
        return true;
    default:
        break;
    }
    switch (c) {
    case 0x27:
    case 0x2E:
    case 0x3A:
    case 0xB7:
    case 0x387:
    case 0x55F:
    case 0x5F4:
    case 0x2018:
    case 0x2019:
    case 0x2024:
    case 0x2027:
    case 0xFE13:
    case 0xFE52:
    case 0xFE55:
    case 0xFF07:
    case 0xFF0E:
    case 0xFF1A:
        return true;
    default:
        return false;
    }
}

// Final_Sigma: preceded by a cased letter (case-ignorables between) and not
// followed by one. `at` is the offset of the Σ, `after` the offset past it.
bool is_final_sigma(std::string_view text, std::size_t at, std::size_t after) {
    bool cased_before = false;
    for (std::size_t i = at; i > 0;) {
        const char32_t c = utf8::decode_back(text, i);
        if (is_case_ignorable(c)) continue;
        cased_before = is_cased(c);
        break;
    }
    if (!cased_before) return false;
    for (std::size_t i = after; i < text.size();) {
        const char32_t c = utf8::decode(text, i);
        if (is_case_ignorable(c)) continue;
        return !is_cased(c);
    }
    return true;
}

// Lower-case mappings that Node's ICU (Unicode 17) has and utf8proc 2.8
// (Unicode 15) lacks; lunr.js in Node is the reference.
char32_t lower_newer_unicode(char32_t c) {
    if (c >= 0x10D50 && c <= 0x10D65) return c + 0x20; // Garay
    if (c >= 0x16EA0 && c <= 0x16EB8) return c + 0x1B; // Beria Erfe
    switch (c) {
    case 0x1C89:
        return 0x1C8A;
    case 0xA7CB:
        return 0x0264;
    case 0xA7CC:
        return 0xA7CD;
    case 0xA7CE:
        return 0xA7CF;
    case 0xA7D2:
        return 0xA7D3;
    case 0xA7D4:
        return 0xA7D5;
    case 0xA7DA:
        return 0xA7DB;
    case 0xA7DC:
        return 0x019B;
    default:
        return c;
    }
}

} // namespace

namespace {

constexpr auto kAsciiLower = [] {
    std::array<char, 128> table{};
    for (int c = 0; c < 128; ++c)
        table[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return table;
}();

constexpr auto kAsciiSeparator = [] {
    std::array<bool, 128> table{};
    for (char32_t c = 0; c < 128; ++c)
        table[c] = is_separator(c);
    return table;
}();

// Lower case of U+0080..U+07FF (two-byte UTF-8), or 0 where the context
// matters (U+03A3) or the mapping has more than one character (U+0130).
const std::array<char32_t, 0x800>& two_byte_lower() {
    static const auto table = [] {
        std::array<char32_t, 0x800> t{};
        for (char32_t c = 0x80; c < 0x800; ++c) {
            t[c] = (c == 0x03A3 || c == 0x0130)
                       ? 0
                       : static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
        }
        return t;
    }();
    return table;
}

// Writes the lower case of the non-ASCII code point `c`, which spans
// text[at, after), at `out` (room for 4 bytes); returns the bytes written.
std::size_t lower_non_ascii(std::string_view text, std::size_t at, std::size_t after, char32_t c,
                            char* out) {
    if (c == 0x0130) { // the one unconditional multi-character lower-case mapping
        std::memcpy(out, "i\xCC\x87", 3);
        return 3;
    }
    char32_t lower;
    if (c < 0x800 && two_byte_lower()[c] != 0) {
        lower = two_byte_lower()[c];
    } else if (c == 0x03A3) {
        lower = is_final_sigma(text, at, after) ? 0x03C2 : 0x03C3;
    } else {
        lower = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
        if (lower == c) lower = lower_newer_unicode(c);
    }
    char buffer[4];
    const std::size_t length = utf8::encode(lower, buffer);
    std::memcpy(out, buffer, length);
    return length;
}

} // namespace

// One pass: lower-case into `lowered` and cut tokens at separators. No
// separator has a case mapping, so testing the original character is the same
// as testing its lower case, as lunr.js does.
void tokenize(std::string_view text, std::string& lowered, std::vector<std::string_view>& tokens) {
    tokens.clear();
    if (lowered.size() < text.size() * 2) lowered.resize(text.size() * 2);
    char* const p = lowered.data();
    std::size_t o = 0, start = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            ++i;
            if (kAsciiSeparator[b]) {
                if (o > start) tokens.emplace_back(p + start, o - start);
                start = o;
            } else {
                p[o++] = kAsciiLower[b];
            }
            continue;
        }
        const std::size_t at = i;
        const char32_t c = utf8::decode(text, i);
        if (is_separator(c)) {
            if (o > start) tokens.emplace_back(p + start, o - start);
            start = o;
        } else {
            o += lower_non_ascii(text, at, i, c, p + o);
        }
    }
    if (o > start) tokens.emplace_back(p + start, o - start);
}

std::vector<std::string> tokenize(std::string_view text) {
    std::string lowered;
    std::vector<std::string_view> views;
    tokenize(text, lowered, views);
    return {views.begin(), views.end()};
}

} // namespace lunr
