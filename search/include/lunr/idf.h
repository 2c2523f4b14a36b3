// lunr.idf: the inverse document frequency of a term.
#pragma once

#include <cstddef>

namespace lunr {

// `documents_with_term` counts (field, document) pairs, as lunr.js sums the
// documents of every field of the posting: a term in both the title and the
// body of one document counts twice.
double idf(std::size_t documents_with_term, std::size_t document_count);

} // namespace lunr
