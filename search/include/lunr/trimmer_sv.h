// lunr.sv.trimmer (lunr-languages 1.22.0): strips characters that are not
// Swedish word characters from both ends of a token.
#pragma once

#include <string_view>

namespace lunr {

// lunr.sv.wordCharacters, plus the ASCII digits that lunr.trimmerSupport
// .generateTrimmer adds (lunr-languages >= 1.16).
bool is_word_character_sv(char32_t c);

// The token without its leading and trailing non-word characters; a view into
// `token`, empty when the token has no word character at all.
std::string_view trim_sv(std::string_view token);

} // namespace lunr
