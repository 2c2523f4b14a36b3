// The inverted index: every term, its `_index` (numbered in first-seen order:
// document by document, field by field, token by token) and the (document,
// field) pairs it occurs in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lunr {

struct Posting {
    std::uint32_t document; // ordinal of the document, in the order added
    std::uint32_t field;    // position of the field in Index::fields
};

class InvertedIndex {
  public:
    // The term's index, adding it at the end if it is new.
    std::uint32_t intern(std::string_view term);

    std::size_t size() const { return terms_.size(); }
    const std::string& term(std::uint32_t index) const { return terms_[index]; }
    // In the order they were added: by document, then field.
    const std::vector<Posting>& postings(std::uint32_t index) const { return postings_[index]; }
    void add_posting(std::uint32_t index, Posting posting) { postings_[index].push_back(posting); }

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
    std::vector<std::vector<Posting>> postings_;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> lookup_;
};

} // namespace lunr
