// The inverted index: every term, its `_index` (numbered in first-seen order:
// document by document, field by field, token by token) and the (document,
// field) pairs it occurs in (its postings).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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
    // Term `index`'s postings, by document, then field (lunr's order); set_postings first.
    std::span<const Posting> postings(std::uint32_t index) const {
        return std::span<const Posting>(postings_).subspan(first_[index],
                                                           first_[index + 1] - first_[index]);
    }
    // Every term's postings at once, term t's from first[t] to first[t + 1]: the builder makes
    // them from its field vectors when it is done (one flat array, not a growing one a term).
    void set_postings(std::vector<Posting> postings, std::vector<std::size_t> first) {
        postings_ = std::move(postings);
        first_ = std::move(first);
    }

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
    std::vector<Posting> postings_;
    std::vector<std::size_t> first_; // term t's postings start at first_[t]
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> lookup_;
};

} // namespace lunr
