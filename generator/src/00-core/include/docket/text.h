// core/: UTF-8 text (over utf8proc) and positions in it, as every stage counts them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace docket {

// The number of code points of valid UTF-8 (bytes that are not continuation bytes).
int utf8_length(std::string_view s);

// Returns the byte offset of the first invalid UTF-8 sequence (overlong forms and surrogates
// included, as utf8proc decides), or npos.
std::size_t invalid_utf8_at(std::string_view s);

// `text` (valid UTF-8) in Unicode Normalization Form C: "a" + U+030A (as macOS writes file names
// and PDFs give text) becomes "å", so names, ids, headings and link targets that look the same
// are the same.
std::string to_nfc(std::string text);

// True for [a-z0-9-]+ without a leading or trailing '-': page ids, and the names site.toml
// gives to URL segments and archives.
bool valid_id(std::string_view id);

// Line and column (1-based, columns in code points) of byte offsets of a text, asked in
// increasing order: the text is read once however many offsets are asked.
class TextCursor {
  public:
    explicit TextCursor(std::string_view text) : text_(text) {}
    std::pair<int, int> at(std::size_t offset);

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
    int line_ = 1, column_ = 1;
};

// Line and column (1-based, columns in code points) of one byte offset of a text.
inline std::pair<int, int> line_column(std::string_view text, std::size_t offset) {
    return TextCursor(text).at(offset);
}

} // namespace docket
