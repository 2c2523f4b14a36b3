#include "docket/file_links.h"

#include <algorithm>
#include <iterator>

namespace docket {

StringPool::StringPool() : chunks_(max_chunks) {}

StringPool::~StringPool() = default;

std::vector<std::uint32_t> StringPool::intern(const StringList& list) {
    std::vector<std::uint32_t> ids(list.size());
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < list.size(); ++i)
        ids[i] = add(list[i]);
    return ids;
}

std::uint32_t StringPool::add(std::string_view s) {
    if (const auto it = ids_.find(s); it != ids_.end()) return it->second;
    const std::uint32_t id = count_++;
    auto& chunk = chunks_[id >> chunk_bits];
    if (!chunk) chunk = std::make_unique<std::string_view[]>(chunk_size);
    const std::string_view kept = strings_.emplace_back(s);
    chunk[id & (chunk_size - 1)] = kept;
    ids_.emplace(kept, id);
    return id;
}

Origin FileLinks::origin_of(std::size_t k, std::uint32_t Origin::*index) const {
    // The last origin that starts at or before k.
    const auto after =
        std::upper_bound(origins.begin(), origins.end(), k,
                         [&](std::size_t v, const Origin& o) { return v < o.*index; });
    if (after == origins.begin() || std::prev(after)->file.empty())
        return {0, 0, source.empty() ? path : source, 0, 0};
    return *std::prev(after);
}

} // namespace docket
