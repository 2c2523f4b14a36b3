// `docket index`: builds a Lunr search index from a search corpus file.
#pragma once

#include <string>
#include <vector>

namespace docket {

// Runs `docket index CORPUS.json -o INDEX.json` with `args` being the words
// after "index". Writes the index lunr.js 2.3.9 + lunr.sv would build for the
// corpus (see search/include/lunr/corpus.h for its format). Returns the exit
// status: 0 done (or --help), 1 unreadable or bad corpus or unwritable output
// (reported on stderr as `FILE: error: ...`), 2 usage error.
int run_index_command(const std::vector<std::string>& args);

} // namespace docket
