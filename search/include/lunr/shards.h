// The index in shards that a browser loads on demand (docs/architecture.md, "Search shards").
// A query's score in lunr 2.3.9 is the dot product of the query vector with each matching
// field vector, divided by the query vector's magnitude: only the query's terms take part. So
// the postings of the terms a query uses, each with its weight in every field vector it is in,
// are enough for lunr.js to rebuild an index that scores that query exactly as the whole index
// does. This writes them, split by ranges of terms.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "lunr/index.h"

namespace lunr {

// Receives one part of the shards: its name ("manifest", "vocabulary", "t/<n>") and its JSON.
using EmitPart = std::function<void(const std::string& name, std::string json)>;

// Writes `index` as parts to `emit`:
// - "manifest": {"version","fields","pipeline","documents","shards":[the first term of every
//   term shard but the first]};
// - "t/<n>": the n-th term shard, a contiguous range of the terms in lunr's order, closed once
//   it holds `shard_bytes` of JSON (a term is never split):
//   [[term, _index, <posting of field 0>, <field 1>, ...], ...], where a field's posting is a
//   flat array of triples (group gap, position in group, weight x 1000): document d is
//   labelled "<group>.<position>" by `group_of` (one per document: 0, 1, 2... in order), gaps are
//   from the previous triple's group (from 0 for the first), and the weight is the term's
//   value in the document's field vector, which lunr rounds to thousandths;
// - "vocabulary": every term, in lunr's order (for fuzzy and inner wildcard queries);
// - "documents": the number of documents of each group, in order (for a query of only
//   prohibited terms, which lunr answers with every document).
// Throws std::invalid_argument when `group_of` does not fit the index or a ref is an array
// index (lunr orders such keys first, which document order would not reproduce).
// Takes the index: the postings are made from its field vectors (the largest part of it) for a
// range of terms at a time, about an eighth of them (Postings), so that they are never all held
// beside the vectors; the vectors are dropped once the term shards are written.
void write_shards(Index index, std::span<const std::uint32_t> group_of, std::size_t shard_bytes,
                  const EmitPart& emit);

} // namespace lunr
