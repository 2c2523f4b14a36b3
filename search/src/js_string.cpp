#include "lunr/js_string.h"

#include <cstring>

#include "utf8.h"

namespace lunr {

namespace {

// Position in UTF-16 code unit order of a code point: U+E000..U+FFFF move
// above every supplementary code point, whose surrogates (D800..DFFF) precede them.
std::uint64_t utf16_rank(char32_t c) {
    return (c >= 0xE000 && c <= 0xFFFF) ? static_cast<std::uint64_t>(c) + 0x200000 : c;
}

} // namespace

int js_string_compare(std::string_view a, std::string_view b) {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    std::size_t i = 0;
    while (i < n && a[i] == b[i])
        ++i;
    if (i == n) return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    const auto ca = static_cast<unsigned char>(a[i]);
    const auto cb = static_cast<unsigned char>(b[i]);
    if (ca < 0x80 && cb < 0x80) return ca < cb ? -1 : 1;
    // Back up to the start of the code point (the same in both: the bytes before i agree).
    std::size_t start = i;
    while (start > 0 && (static_cast<unsigned char>(a[start]) & 0xC0) == 0x80)
        --start;
    std::size_t ia = start, ib = start;
    const std::uint64_t ra = utf16_rank(utf8::decode(a, ia));
    const std::uint64_t rb = utf16_rank(utf8::decode(b, ib));
    if (ra != rb) return ra < rb ? -1 : 1;
    return ca < cb ? -1 : 1; // not reached for valid UTF-8
}

bool js_string_less(std::string_view a, std::string_view b) {
    return js_string_compare(a, b) < 0;
}

std::optional<std::uint32_t> js_array_index(std::string_view key) {
    if (key.empty() || key.size() > 10) return std::nullopt;
    if (key.size() > 1 && key[0] == '0') return std::nullopt;
    std::uint64_t value = 0;
    for (char c : key) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value >= 4294967295ull) return std::nullopt;
    return static_cast<std::uint32_t>(value);
}

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    std::size_t run = 0; // start of the pending run of literal bytes
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\r':
            out += "\\r";
            break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(esc, 6);
        }
        }
    }
    out.append(text.data() + run, text.size() - run);
    out.push_back('"');
}

} // namespace lunr
