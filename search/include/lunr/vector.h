// lunr's field vectors: one sparse vector of (term index, score) per (document, field), each
// sorted by term index (lunr.js scores a query by walking two vectors in index order, so an
// unsorted vector would silently score 0).
#pragma once

#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <vector>

namespace lunr {

// Every field vector of an index, packed. A vector holds what its score is made of: the field's
// length and each term's frequency in it, as varints (the term's index as the gap from the
// previous one's, then its frequency), about 2 bytes a term against 8 for a term and its score;
// the score is computed when it is read, as lunr.Builder.prototype.createFieldVectors computes
// it, once `score` has given what the whole index decides (each term's idf, the fields' average
// lengths). An index has a vector per document and field, millions on a large site.
class FieldVectors {
  public:
    // A term of a vector and its score. lunr.js rounds each score to thousandths
    // (Math.round(score * 1000) / 1000), so an element holds that whole number of thousandths:
    // the same double once divided by 1000.
    struct Element {
        std::uint32_t index;
        std::int32_t thousandths;
        double value() const { return thousandths / 1000.0; }
    };
    // A term of a vector and its frequency in the vector's field.
    struct Term {
        std::uint32_t index;
        std::uint32_t frequency;
    };
    // What lunr's BM25 needs beyond a field's length and a term's frequency.
    struct Scoring {
        double k1 = 1.2;
        double b = 0.75;
        std::vector<double> field_boosts;    // by field (a vector's number modulo their count)
        std::vector<double> average_lengths; // by field
        std::vector<double> document_boosts; // by document (a vector's number over the fields')
        std::vector<double> idf;             // by term index
    };

    // Reads the terms of one vector, in index order.
    class TermIterator {
      public:
        using iterator_category = std::input_iterator_tag;
        using value_type = Term;
        using difference_type = std::ptrdiff_t;
        using pointer = const Term*;
        using reference = const Term&;

        TermIterator() = default;
        TermIterator(const unsigned char* at, const unsigned char* end) : at_(at), end_(end) {
            read();
        }
        const Term& operator*() const { return term_; }
        const Term* operator->() const { return &term_; }
        TermIterator& operator++() {
            read();
            return *this;
        }
        void operator++(int) { read(); }
        // Iterators of one vector are equal where they stand on the same term, or both at its end.
        bool operator==(const TermIterator& other) const {
            return at_ == other.at_ && done_ == other.done_;
        }

      private:
        void read();
        const unsigned char* at_ = nullptr;
        const unsigned char* end_ = nullptr;
        bool done_ = true;
        Term term_{0, 0};
    };

    // One vector's terms: `for (const Term& t : vectors.terms(v))`.
    struct Terms {
        const unsigned char* begin_;
        const unsigned char* end_;
        TermIterator begin() const { return {begin_, end_}; }
        TermIterator end() const { return {end_, end_}; }
        bool empty() const { return begin_ == end_; }
    };

    // One vector's elements, scored as they are read.
    class Vector {
      public:
        class Iterator {
          public:
            using iterator_category = std::input_iterator_tag;
            using value_type = Element;
            using difference_type = std::ptrdiff_t;
            using pointer = void;
            using reference = Element;

            Iterator() = default;
            Iterator(const FieldVectors* vectors, std::size_t v, TermIterator at)
                : vectors_(vectors), v_(v), at_(at) {}
            Element operator*() const { return {at_->index, vectors_->thousandths(v_, *at_)}; }
            Iterator& operator++() {
                ++at_;
                return *this;
            }
            void operator++(int) { ++at_; }
            bool operator==(const Iterator& other) const { return at_ == other.at_; }

          private:
            const FieldVectors* vectors_ = nullptr;
            std::size_t v_ = 0;
            TermIterator at_;
        };

        Vector(const FieldVectors* vectors, std::size_t v) : vectors_(vectors), v_(v) {}
        Iterator begin() const { return {vectors_, v_, vectors_->terms(v_).begin()}; }
        Iterator end() const { return {vectors_, v_, vectors_->terms(v_).end()}; }
        bool empty() const { return vectors_->terms(v_).empty(); }
        std::vector<Element> elements() const { return {begin(), end()}; }

      private:
        const FieldVectors* vectors_;
        std::size_t v_;
    };

    // Appends the next vector: its field's length and its terms, by strictly increasing index.
    void add(std::uint32_t length, std::span<const Term> terms);
    // Sets what every score is computed from; the vectors are complete. Scores are read only
    // after this.
    void score(Scoring scoring) { scoring_ = std::move(scoring); }

    std::size_t size() const { return lengths_.size(); }
    std::size_t element_count() const { return element_count_; }
    std::uint32_t length(std::size_t v) const { return lengths_[v]; }
    Terms terms(std::size_t v) const {
        const std::uint64_t at = begins_[v];
        const std::string& block = blocks_[at >> 32];
        const auto* data = reinterpret_cast<const unsigned char*>(block.data());
        const bool next_here = v + 1 < begins_.size() && begins_[v + 1] >> 32 == at >> 32;
        return {data + (at & 0xffffffffu),
                data + (next_here ? begins_[v + 1] & 0xffffffffu : block.size())};
    }
    // Term `term` of vector `v`'s score in thousandths. Throws std::range_error for a score
    // whose thousandths an int32 cannot hold.
    std::int32_t thousandths(std::size_t v, const Term& term) const;
    Vector operator[](std::size_t v) const { return {this, v}; }

  private:
    // The vectors' bytes in blocks, each made with room for block_bytes (or for one vector
    // that needs more) and never grown past it: a vector's bytes are in one block. One string
    // grown by doubling was up to half room, and held twice while it grew (at 100,000 pages
    // 126 MB for 63 MB of bytes). block_bytes and std::string's terminator fill jemalloc's
    // 4 MiB size class.
    static constexpr std::size_t block_bytes = (std::size_t{1} << 22) - 64;
    std::vector<std::string> blocks_;
    std::vector<std::uint64_t> begins_; // vector v's: block begins_[v] >> 32, from its low half
    std::vector<std::uint32_t> lengths_;
    std::size_t element_count_ = 0;
    Scoring scoring_;
};

} // namespace lunr
