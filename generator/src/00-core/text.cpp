#include "docket/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>

namespace docket {

int utf8_length(std::string_view s) {
    int n = 0;
    for (unsigned char c : s)
        n += (c & 0xc0) != 0x80;
    return n;
}

std::size_t invalid_utf8_at(std::string_view s) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) { // ASCII, most of a text: no call
            ++i;
            continue;
        }
        utf8proc_int32_t cp;
        const utf8proc_ssize_t len =
            utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
        if (len <= 0) return i;
        i += static_cast<std::size_t>(len);
    }
    return std::string_view::npos;
}

namespace {

// NFC of one piece of text (utf8proc); the piece as it is if utf8proc refuses it.
void append_nfc(std::string& out, std::string_view piece) {
    utf8proc_uint8_t* composed = nullptr;
    const utf8proc_ssize_t n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(piece.data()),
                     static_cast<utf8proc_ssize_t>(piece.size()), &composed,
                     static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n >= 0)
        out.append(reinterpret_cast<const char*>(composed), static_cast<std::size_t>(n));
    else
        out.append(piece);
    std::free(composed);
}

} // namespace

std::string to_nfc(std::string text) {
    // Code points below U+0300 (lead bytes below 0xCC) are NFC as they are and never compose
    // with what precedes them, so NFC only changes a run of code points from U+0300 up together
    // with the one code point before it. Only those runs go through utf8proc: a text with a
    // dash or a quote in every line is not normalised whole.
    const auto high = [](char c) { return static_cast<unsigned char>(c) >= 0xcc; };
    const auto lead = [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; };
    std::size_t i = std::find_if(text.begin(), text.end(), high) - text.begin();
    if (i == text.size()) return text;
    std::string out;
    out.reserve(text.size());
    std::size_t done = 0;
    while (i < text.size()) {
        std::size_t start = i; // the code point before the run
        while (start > done && !lead(text[start - 1]))
            --start;
        if (start > done) --start;
        std::size_t end = i;
        while (end < text.size() && (high(text[end]) || !lead(text[end])))
            ++end;
        out.append(text, done, start - done);
        append_nfc(out, std::string_view(text).substr(start, end - start));
        done = end;
        i = std::find_if(text.begin() + static_cast<std::ptrdiff_t>(end), text.end(), high) -
            text.begin();
    }
    out.append(text, done, std::string::npos);
    return out;
}

bool valid_id(std::string_view id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

std::pair<int, int> TextCursor::at(std::size_t offset) {
    for (; pos_ < offset && pos_ < text_.size(); ++pos_) {
        if (text_[pos_] == '\n') {
            ++line_;
            column_ = 1;
        } else if ((static_cast<unsigned char>(text_[pos_]) & 0xc0) != 0x80) {
            ++column_;
        }
    }
    return {line_, column_};
}

} // namespace docket
