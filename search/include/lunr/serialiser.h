// lunr.Index.prototype.toJSON, as JSON.stringify writes it: byte for byte the
// text lunr.js 2.3.9 produces for the same index.
#pragma once

#include <string>

#include "lunr/index.h"

namespace lunr {

inline constexpr const char* kLunrVersion = "2.3.9";

std::string to_json(const Index& index);
void append_json(std::string& out, const Index& index);

} // namespace lunr
