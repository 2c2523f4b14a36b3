// lunr.Index as the builder makes it: everything that lunr 2.3.9 serialises.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lunr/inverted_index.h"
#include "lunr/vector.h"

namespace lunr {

struct Index {
    // Field names in JavaScript object-key order (array-index names such as
    // "0" first, numerically; then the others as declared): Object.keys(_fields).
    std::vector<std::string> fields;
    std::vector<std::string> document_refs; // in the order added
    // One vector per (document, field), document-major, fields as above; the
    // serialised key is "field/ref".
    FieldVectors field_vectors;
    InvertedIndex inverted_index;
    // The number of field vectors each term is in, by term index: its idf's count, and the size
    // of its postings (Postings).
    std::vector<std::uint32_t> posting_counts;
    std::vector<std::string> pipeline; // labels of the search pipeline
};

} // namespace lunr
