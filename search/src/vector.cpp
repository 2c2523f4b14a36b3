#include "lunr/vector.h"

#include <algorithm>
#include <stdexcept>

namespace lunr {

void Vector::insert(std::uint32_t index, double value) {
    auto it = std::lower_bound(elements_.begin(), elements_.end(), index,
                               [](const Element& e, std::uint32_t i) { return e.index < i; });
    if (it != elements_.end() && it->index == index) throw std::invalid_argument("duplicate index");
    elements_.insert(it, Element{index, value});
}

} // namespace lunr
