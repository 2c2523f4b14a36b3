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

std::vector<std::uint32_t> InvertedIndex::sorted_term_indexes() const {
    std::vector<std::uint32_t> order(terms_.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return js_string_less(terms_[a], terms_[b]);
    });
    return order;
}

} // namespace lunr
