// Internal to archive/: the BagIt checks verify_zip() runs over a zip's entries.
#pragma once

#include "docket/diagnostic.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace docket {

// What verify_bags reads of an entry of a bag: its size, the SHA-256 of its bytes, and the bytes
// themselves only for a tag file (is_tag_file).
struct BagEntry {
    std::uint64_t size = 0;
    std::string sha256;
    std::string text;
};

// Whether `path` names one of the files of a bag verify_bags reads: bagit.txt, bag-info.txt and
// the two manifests.
bool is_tag_file(std::string_view path);

// Finds every bag among `entries` (path -> what it holds) and checks its manifests, that every
// payload file is listed, and its Payload-Oxum. Problems are reported against `archive`.
bool verify_bags(const std::map<std::string, BagEntry>& entries, const std::string& archive,
                 Diagnostics& diags);

} // namespace docket
