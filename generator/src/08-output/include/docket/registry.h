// output/: the registry of output paths. Everything a build writes (content pages, generated
// pages, theme assets, search scripts, archives) is registered with what writes it before
// anything is written, so nothing the build writes can silently replace or shadow another.
#pragma once

#include "docket/diagnostic.h"

#include <string>
#include <vector>

namespace docket {

// A file the build will write, and what writes it.
struct PlannedFile {
    std::string path; // relative output path, '/'-separated; ending in '/': a directory that
                      // this writer alone writes into
    std::string what; // for messages: "content/a.md:2:1", "the list page of kind plan"
    std::string file; // where a collision is reported ("" for none)
    int line = 0, column = 0;
};

// Reports every output path that two sources write (or that differ only in case), every path one
// source writes as a file while another needs it as a directory, naming both, and every path
// that would leave the output directory; returns false when there is any.
bool check_output_paths(std::vector<PlannedFile> files, Diagnostics& diags);

} // namespace docket
