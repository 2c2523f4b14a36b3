// lunr.sv.stopWordFilter (lunr-languages 1.22.0).
#pragma once

#include <span>
#include <string_view>

namespace lunr {

// The 114 Swedish stop words, in lunr.sv's order.
std::span<const std::string_view> stop_words_sv();

// True when the (trimmed, lower-case) token is one of them and is dropped.
bool is_stop_word_sv(std::string_view token);

} // namespace lunr
