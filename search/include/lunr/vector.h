// lunr's field vectors: one sparse vector of (term index, score) per (document, field), each
// sorted by term index (lunr.js scores a query by walking two vectors in index order, so an
// unsorted vector would silently score 0).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lunr {

// Every field vector of an index, held flat: vector v's elements are elements()[offsets[v],
// offsets[v + 1]). lunr.js rounds each score to thousandths (Math.round(score * 1000) / 1000),
// so an element holds that whole number of thousandths: the same double once divided by 1000,
// in half the room of a double beside its term, and no allocation per vector (an index has a
// vector per document and field, hundreds of thousands on a large site).
class FieldVectors {
  public:
    struct Element {
        std::uint32_t index;
        std::int32_t thousandths;
        double value() const { return thousandths / 1000.0; }
    };

    FieldVectors() = default;
    // `offsets` starts at 0, does not decrease and ends at elements.size(); each vector's
    // elements are sorted by strictly increasing index.
    FieldVectors(std::vector<Element> elements, std::vector<std::uint32_t> offsets)
        : elements_(std::move(elements)), offsets_(std::move(offsets)) {}

    std::size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    std::span<const Element> operator[](std::size_t v) const {
        return std::span<const Element>(elements_).subspan(offsets_[v],
                                                           offsets_[v + 1] - offsets_[v]);
    }
    std::size_t element_count() const { return elements_.size(); }

  private:
    std::vector<Element> elements_;
    std::vector<std::uint32_t> offsets_;
};

} // namespace lunr
