// Small UTF-8 helpers shared by the search library's sources (not installed).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lunr::utf8 {

// Decodes the code point starting at s[i] and advances i past it. Input is
// assumed to be valid UTF-8 (the corpus reader validates it); a stray byte is
// returned as itself so that nothing loops forever.
inline char32_t decode(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    auto cont = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]) & 0x3Fu; };
    if ((b0 & 0xE0) == 0xC0 && i + 1 < s.size()) {
        char32_t c = ((b0 & 0x1Fu) << 6) | cont(1);
        i += 2;
        return c;
    }
    if ((b0 & 0xF0) == 0xE0 && i + 2 < s.size()) {
        char32_t c = ((b0 & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
        i += 3;
        return c;
    }
    if ((b0 & 0xF8) == 0xF0 && i + 3 < s.size()) {
        char32_t c = ((b0 & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
        i += 4;
        return c;
    }
    ++i;
    return b0;
}

// Decodes the code point that ends just before s[i] and moves i back to its start.
inline char32_t decode_back(std::string_view s, std::size_t& i) {
    std::size_t start = i - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
        --start;
    std::size_t j = start;
    char32_t c = decode(s, j);
    i = start;
    return c;
}

// Writes c at out (room for 4 bytes); returns the number of bytes.
inline std::size_t encode(char32_t c, char* out) {
    if (c < 0x80) {
        out[0] = static_cast<char>(c);
        return 1;
    }
    if (c < 0x800) {
        out[0] = static_cast<char>(0xC0 | (c >> 6));
        out[1] = static_cast<char>(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (c >> 12));
        out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (c >> 18));
    out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (c & 0x3F));
    return 4;
}

inline void append(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

} // namespace lunr::utf8
