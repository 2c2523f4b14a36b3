#include "docket/file_links.h"

#include <algorithm>
#include <iterator>

namespace docket {

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
