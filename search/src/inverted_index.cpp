#include "lunr/inverted_index.h"

#include <algorithm>
#include <numeric>

#include "lunr/js_string.h"

namespace lunr {

std::uint32_t InvertedIndex::intern(std::string_view term) {
    if (auto it = lookup_.find(term); it != lookup_.end()) return it->second;
    const auto index = static_cast<std::uint32_t>(terms_.size());
    terms_.emplace_back(term);
    lookup_.emplace(terms_.back(), index);
    return index;
}

Vocabulary::Vocabulary(const InvertedIndex& index) {
    ends_.reserve(index.size() + 1);
    for (std::uint32_t t = 0; t < index.size(); ++t) {
        chars_ += index.term(t);
        ends_.push_back(chars_.size());
    }
}

std::vector<std::uint32_t> InvertedIndex::sorted_term_indexes() const {
    std::vector<std::uint32_t> order(terms_.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return js_string_less(terms_[a], terms_[b]);
    });
    return order;
}

std::vector<std::uint32_t> posting_counts(const FieldVectors& vectors, std::size_t term_count) {
    std::vector<std::uint32_t> counts(term_count, 0);
    for (std::size_t v = 0; v < vectors.size(); ++v)
        for (const FieldVectors::Term& term : vectors.terms(v))
            ++counts[term.index];
    return counts;
}

Postings::Postings(const FieldVectors& vectors, std::span<const std::uint32_t> counts,
                   std::span<const std::uint32_t> terms)
    : slot_(counts.size(), none), first_(terms.size() + 1, 0) {
    for (std::size_t k = 0; k < terms.size(); ++k) {
        slot_[terms[k]] = static_cast<std::uint32_t>(k);
        first_[k + 1] = first_[k] + counts[terms[k]];
    }
    postings_.resize(first_.back());
    std::vector<std::size_t> next(first_.begin(), first_.end() - 1);
    for (std::size_t v = 0; v < vectors.size(); ++v)
        for (const FieldVectors::Term& term : vectors.terms(v))
            if (const std::uint32_t k = slot_[term.index]; k != none)
                postings_[next[k]++] = {static_cast<std::uint32_t>(v),
                                        vectors.thousandths(v, term)};
}

} // namespace lunr
