// lunr.tokenizer: lower-case a field's text and split it on lunr.tokenizer.separator.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lunr {

// lunr.tokenizer.separator, /[\s\-]+/: JavaScript's \s (WhiteSpace and
// LineTerminator: TAB, LF, VT, FF, CR, space, NBSP, U+1680, U+2000..U+200A,
// U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF) and the hyphen-minus.
constexpr bool is_separator(char32_t c) {
    if (c < 0x80) return c == ' ' || c == '-' || (c >= 0x09 && c <= 0x0D);
    return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Splits `text` as lunr.tokenizer does: lower-cases it as
// String.prototype.toLowerCase does (Unicode full lower-case mapping, so "İ"
// becomes "i̇", i + U+0307, and a word-final "Σ" becomes "ς"; input must be
// valid UTF-8) into `lowered` (which is overwritten) and replaces `tokens` with
// views into `lowered`.
void tokenize(std::string_view text, std::string& lowered, std::vector<std::string_view>& tokens);

// Convenience form that owns its tokens.
std::vector<std::string> tokenize(std::string_view text);

} // namespace lunr
