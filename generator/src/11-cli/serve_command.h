// `docket serve`: builds the site into a private folder, serves it over HTTP, rebuilds when a
// source changes and reloads the open tabs.
#pragma once

#include "docket/diagnostic.h"

#include <filesystem>
#include <string>

namespace docket::serve {

// The default port: none of the other site generators' (Hugo 1313, Zola 1111, mkdocs 8000,
// Jekyll 4000, Eleventy 8080), so docket can run beside them.
inline constexpr int default_port = 4180;

struct ServeOptions {
    std::filesystem::path source = ".";
    int port = default_port;
    std::string bind = "127.0.0.1";
    bool open = false; // open the site in the desktop's browser (xdg-open)
};

// Prints diagnostics as `docket build` does; 1 when one is an error.
using Report = int (*)(const Diagnostics& diags);

// Serves until SIGINT or SIGTERM: 0, or 1 when the port cannot be had.
int serve(const ServeOptions& options, Report report);

} // namespace docket::serve
