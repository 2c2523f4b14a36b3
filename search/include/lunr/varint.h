// Unsigned LEB128 varints: seven bits a byte, the lowest first, the high bit set on every byte
// but the last. The one implementation of docket's packed forms: the builder's field vectors
// here (lunr::FieldVectors), and in generator/ the rendered pages' marks (PackedMarks) and
// origins (Origins), and the search records of the analysed pages (AnalysedPages).
#pragma once

#include <cstdint>
#include <string>

namespace lunr {

inline void append_varint(std::string& out, std::uint64_t value) {
    for (; value >= 0x80; value >>= 7)
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    out.push_back(static_cast<char>(value));
}

// Reads the varint at `at` into `value` and moves `at` past it; false when the bytes end
// (`end`) inside it or it runs past 64 bits.
inline bool read_varint(const unsigned char*& at, const unsigned char* end, std::uint64_t& value) {
    value = 0;
    for (int shift = 0; at != end && shift < 64; shift += 7) {
        const unsigned char byte = *at++;
        value |= std::uint64_t{byte & 0x7fu} << shift;
        if (byte < 0x80) return true;
    }
    return false;
}

// The varint at `at`, moving `at` past it, in bytes that a packed form wrote itself (so whole:
// no varint ends past `end`).
inline std::uint64_t next_varint(const unsigned char*& at, const unsigned char* end) {
    std::uint64_t value = 0;
    read_varint(at, end, value);
    return value;
}

// A signed distance as an unsigned number, small for small distances either way (zigzag), and
// back.
inline std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
inline std::int64_t unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

} // namespace lunr
