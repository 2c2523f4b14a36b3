// A whole index from one JSON "corpus" document:
//
//   {"ref": "id",
//    "fields": [{"name": "title", "boost": 10}, {"name": "body"}],
//    "documents": [{"id": "a", "title": "…", "body": "…", "boost": 2}, …]}
//
// built as lunr.js does with `this.use(lunr.sv)` (nothing for lunr::en: lunr's
// own pipeline), `this.ref(ref)`, `this.field(name, {boost})` and
// `this.add(doc, {boost: doc.boost})`, the documents in array order. "ref" defaults to "id"; a
// field's and a document's "boost" are optional. A field value may be a string, a number or a
// boolean (as JavaScript's String() of it), or null or absent (empty).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "lunr/index.h"
#include "lunr/languages.h"
#include "lunr/sv.h"

namespace lunr {

// Malformed JSON or a corpus that breaks the shape above; what() says where.
class CorpusError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

Index build_index_from_corpus(std::string_view corpus_json, Language language = sv);

// The index as lunr.js's JSON.stringify(idx) writes it.
std::string build_index_json_from_corpus(std::string_view corpus_json, Language language = sv);

} // namespace lunr
