// The inverted index: every term and its `_index` (numbered in first-seen order: document by
// document, field by field, token by token); the (document, field) pairs it occurs in (its
// postings) are made from the field vectors when they are written (Postings).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lunr/vector.h"

namespace lunr {

// A (document, field) pair the term occurs in, and the term's weight in that field's vector.
struct Posting {
    // The document's ordinal (in the order added) times the index's fields, plus the field's
    // position in Index::fields: the field vector's.
    std::uint32_t vector;
    std::int32_t thousandths; // FieldVectors::Element's
};

class InvertedIndex {
  public:
    // The term's index, adding it at the end if it is new.
    std::uint32_t intern(std::string_view term);

    std::size_t size() const { return terms_.size(); }
    const std::string& term(std::uint32_t index) const { return terms_[index]; }

    // Term indexes in JavaScript's default sort order of the terms (UTF-16 code
    // units): the order of the serialised invertedIndex, which lunr.Index.load
    // requires.
    std::vector<std::uint32_t> sorted_term_indexes() const;

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::vector<std::string> terms_;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> lookup_;
};

// Every term of an inverted index by its index, packed in one buffer: what a document another
// builder analysed needs to be added to a new one (Builder::add_analysed).
class Vocabulary {
  public:
    Vocabulary() = default;
    explicit Vocabulary(const InvertedIndex& index);

    std::size_t size() const { return ends_.size() - 1; }
    std::string_view operator[](std::uint32_t index) const {
        return std::string_view(chars_).substr(ends_[index], ends_[index + 1] - ends_[index]);
    }

  private:
    std::string chars_;
    std::vector<std::size_t> ends_{0}; // term k is chars_[ends_[k], ends_[k + 1])
};

// The number of postings of each term of an index of `term_count` terms with field vectors
// `vectors`: how many of the vectors hold it.
std::vector<std::uint32_t> posting_counts(const FieldVectors& vectors, std::size_t term_count);

// The postings of some of an index's terms, made from its field vectors (whose elements they
// repeat) in one pass over them: each term's (document, field) pairs in document and field
// order, lunr's, with its weight in each. Made for a range of terms at a time, the postings of a
// large index are never all held beside its field vectors.
class Postings {
  public:
    // The postings of `terms` (each once), given every term's count (posting_counts).
    Postings(const FieldVectors& vectors, std::span<const std::uint32_t> counts,
             std::span<const std::uint32_t> terms);
    // Term `term`'s postings; it must be one of the terms they were made for.
    std::span<const Posting> of(std::uint32_t term) const {
        const std::uint32_t k = slot_[term];
        return std::span<const Posting>(postings_).subspan(first_[k], first_[k + 1] - first_[k]);
    }

  private:
    static constexpr std::uint32_t none = UINT32_MAX;
    std::vector<std::uint32_t> slot_; // per term: its place in `terms`, or none
    std::vector<std::size_t> first_;  // the k-th term's postings start at first_[k]
    std::vector<Posting> postings_;
};

} // namespace lunr
