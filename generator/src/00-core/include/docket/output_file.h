// A file the build writes, as rendered: its bytes, and its links and ids for the link check. Its
// own header so that output/ and index/ need not include render/.
#pragma once

#include "docket/file_links.h"

#include <string>
#include <vector>

namespace docket {

struct OutputFile {
    std::string path; // relative to the output root, '/'-separated
    std::string content;
    std::string source; // the content file it was rendered from; "" if generated
    StringList links;   // every href and src, as written (for the link check)
    StringList ids;     // every id attribute (fragment targets)
    Origins origins;    // in order; none: everything is the source's

    // Where link or id `k` comes from: its origin's file and line, else the page's source (its
    // path if generated) without a line.
    Origin link_origin(std::size_t k) const { return view().link_origin(k); }
    Origin id_origin(std::size_t k) const { return view().id_origin(k); }
    // What the link check reads of it.
    FileLinks view() const { return {path, source, &links, &ids, &origins}; }
};

// What the link check reads of each file.
inline std::vector<FileLinks> views(const std::vector<OutputFile>& files) {
    std::vector<FileLinks> out;
    out.reserve(files.size());
    for (const auto& f : files)
        out.push_back(f.view());
    return out;
}

} // namespace docket
