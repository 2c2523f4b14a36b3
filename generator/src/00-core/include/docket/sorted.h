// Sorted vectors of values, as sets.
#pragma once

#include <algorithm>
#include <vector>

namespace docket {

// Sorts v and removes its repeated values.
template <typename T> void sort_unique(std::vector<T>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Whether the sorted vectors a and b share a value (linear in their sizes).
template <typename T> bool meet(const std::vector<T>& a, const std::vector<T>& b) {
    for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();)
        if (*i < *j)
            ++i;
        else if (*j < *i)
            ++j;
        else
            return true;
    return false;
}

} // namespace docket
