#include "lunr/vector.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "lunr/js_number.h"
#include "lunr/varint.h"

namespace lunr {

void FieldVectors::TermIterator::read() {
    done_ = at_ == end_;
    if (done_) return;
    term_.index += static_cast<std::uint32_t>(next_varint(at_, end_)); // the vector's own bytes
    term_.frequency = static_cast<std::uint32_t>(next_varint(at_, end_));
}

void FieldVectors::add(std::uint32_t length, std::span<const Term> terms) {
    const std::size_t most = terms.size() * 10; // two varints of 32 bits a term: 5 bytes each
    if (most > 0xffffffffu)
        throw std::length_error("a field vector of more than 400 million terms");
    if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < most) {
        blocks_.emplace_back();
        blocks_.back().reserve(std::max(block_bytes, most));
    }
    std::string& block = blocks_.back(); // appended within its room: never moved
    begins_.push_back(std::uint64_t{blocks_.size() - 1} << 32 | block.size());
    lengths_.push_back(length);
    std::uint32_t previous = 0;
    for (const Term& term : terms) {
        append_varint(block, term.index - previous);
        append_varint(block, term.frequency);
        previous = term.index;
    }
    element_count_ += terms.size();
}

std::int32_t FieldVectors::thousandths(std::size_t v, const Term& term) const {
    const std::size_t field_count = scoring_.field_boosts.size();
    const std::size_t f = v % field_count;
    const double k1 = scoring_.k1;
    const double b = scoring_.b;
    const double frequency = term.frequency;
    const double field_length = lengths_[v];
    // Term for term as lunr.Builder.prototype.createFieldVectors computes it.
    double score = scoring_.idf[term.index] * ((k1 + 1) * frequency) /
                   (k1 * (1 - b + b * (field_length / scoring_.average_lengths[f])) + frequency);
    score *= scoring_.field_boosts[f];
    score *= scoring_.document_boosts[v / field_count];
    const double thousandths = js_round(score * 1000);
    if (!(thousandths >= INT32_MIN && thousandths <= INT32_MAX))
        throw std::range_error("a field vector's score past 2,147,483");
    return static_cast<std::int32_t>(thousandths);
}

} // namespace lunr
