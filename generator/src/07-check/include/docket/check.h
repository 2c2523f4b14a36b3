// check/: the rendered site's links, read as a browser reads them.
#pragma once

#include "docket/diagnostic.h"
#include "docket/file_links.h"

#include <string>
#include <vector>

namespace docket {

// After rendering: every internal href and src of every file, fragments included, must name a
// file the build writes (one of `files`, or one of `other_paths`) and an id in it. Reports each
// broken one against the content file the page came from. Files are checked on `threads` threads;
// with `only`, the links of those files alone (docket serve, the files it rendered again).
void check_rendered_links(const std::vector<FileLinks>& files,
                          const std::vector<std::string>& other_paths, Diagnostics& diags,
                          unsigned threads = 1, const std::vector<std::size_t>* only = nullptr);

} // namespace docket
