// Internal to archive/: the BagIt checks verify_zip() runs over a zip's entries.
#pragma once

#include "docket/diagnostic.h"

#include <map>
#include <string>

namespace docket {

// Finds every bag among `entries` (path -> bytes) and checks its manifests, that every payload
// file is listed, and its Payload-Oxum. Problems are reported against `archive`.
bool verify_bags(const std::map<std::string, std::string>& entries, const std::string& archive,
                 Diagnostics& diags);

} // namespace docket
