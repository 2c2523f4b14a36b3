// JavaScript string semantics that the index format depends on, for UTF-8 strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lunr {

// Array.prototype.sort's default order: by UTF-16 code units. It equals UTF-8
// byte order except that code points above U+FFFF (surrogate pairs) sort
// before U+E000..U+FFFF.
bool js_string_less(std::string_view a, std::string_view b);
int js_string_compare(std::string_view a, std::string_view b);

// If `key` is an array index ("0", "1", ... "4294967294", no leading zeros), its
// value. JavaScript lists such object keys first, in numeric order, before
// all other keys in insertion order; lunr's JSON inherits that order.
std::optional<std::uint32_t> js_array_index(std::string_view key);

// Appends `text` as JSON.stringify quotes a string: `"` and `\` escaped,
// \b \t \n \f \r, other control characters as \u00xx, everything else literal.
void append_json_string(std::string& out, std::string_view text);

} // namespace lunr
