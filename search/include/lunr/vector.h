// lunr.Vector: a sparse vector of (term index, score), kept sorted by index.
// lunr.js scores a query by walking two vectors in index order, so an
// unsorted vector would silently score 0.
#pragma once

#include <cstdint>
#include <vector>

namespace lunr {

class Vector {
  public:
    struct Element {
        std::uint32_t index;
        double value;
    };

    Vector() = default;
    // Takes elements already sorted by strictly increasing index.
    explicit Vector(std::vector<Element> sorted) : elements_(std::move(sorted)) {}

    // lunr.Vector.prototype.insert: throws std::invalid_argument on a duplicate index.
    void insert(std::uint32_t index, double value);

    const std::vector<Element>& elements() const { return elements_; }
    bool empty() const { return elements_.empty(); }

  private:
    std::vector<Element> elements_;
};

} // namespace lunr
