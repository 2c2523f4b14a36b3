#include "lunr/vector.h"

#include <cstdint>
#include <stdexcept>

#include "lunr/js_number.h"

namespace lunr {

namespace {

void append_varint(std::string& out, std::uint32_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

std::uint32_t read_varint(const unsigned char*& at, const unsigned char* end) {
    std::uint32_t value = 0;
    for (int shift = 0; at != end; shift += 7) {
        const unsigned char byte = *at++;
        value |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
    }
    return value;
}

} // namespace

void FieldVectors::TermIterator::read() {
    done_ = at_ == end_;
    if (done_) return;
    term_.index += read_varint(at_, end_);
    term_.frequency = read_varint(at_, end_);
}

void FieldVectors::add(std::uint32_t length, std::span<const Term> terms) {
    begins_.push_back(bytes_.size());
    lengths_.push_back(length);
    std::uint32_t previous = 0;
    for (const Term& term : terms) {
        append_varint(bytes_, term.index - previous);
        append_varint(bytes_, term.frequency);
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
