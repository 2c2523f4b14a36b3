// The languages the library builds indexes for, by their code in site.toml.
#pragma once

#include <string_view>

namespace lunr {

class Builder;

// A pipeline plugin, for `builder.use(...)`.
using Language = void (*)(Builder&);

// lunr::en for "en" (lunr.js's own pipeline), lunr::sv for "sv" (lunr.sv); nullptr otherwise.
Language language(std::string_view code);

} // namespace lunr
