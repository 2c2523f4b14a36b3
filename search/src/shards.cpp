#include "lunr/shards.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "lunr/js_number.h"
#include "lunr/js_string.h"
#include "lunr/serialiser.h"

namespace lunr {

namespace {

void append_number(std::string& out, std::uint64_t n) {
    out += std::to_string(n);
}

// Each posting's weight: the term's value in the document's field vector, in thousandths
// (lunr rounds every weight to three decimals, so the integer is exact), at `first_[t]` + k
// for posting k of term t. Made in one pass over the field vectors, in document order, as the
// postings are: a posting's element is found among its term's postings of the same document
// (one per field at most), not searched for in its field vector.
class PostingWeights {
  public:
    explicit PostingWeights(const Index& index) : first_(index.inverted_index.size() + 1) {
        const InvertedIndex& inverted = index.inverted_index;
        for (std::uint32_t t = 0; t < inverted.size(); ++t)
            first_[t + 1] = first_[t] + inverted.postings(t).size();
        weights_.resize(first_.back());
        std::vector<std::size_t> next(inverted.size()); // a term's first posting not passed
        std::size_t elements = 0; // each finds its own posting: a vector has a term once
        const std::size_t fields = index.fields.size();
        for (std::size_t v = 0; v < index.field_vectors.size(); ++v) {
            const auto document = static_cast<std::uint32_t>(v / fields);
            const auto field = static_cast<std::uint32_t>(v % fields);
            for (const FieldVectors::Element& e : index.field_vectors[v]) {
                const std::span<const Posting> postings = inverted.postings(e.index);
                std::size_t k = next[e.index];
                while (k < postings.size() && postings[k].document < document)
                    ++k;
                next[e.index] = k;
                while (k < postings.size() && postings[k].document == document &&
                       postings[k].field != field)
                    ++k;
                if (k == postings.size() || postings[k].document != document)
                    throw std::logic_error("a field vector element without its posting");
                weights_[first_[e.index] + k] = e.thousandths;
                ++elements;
            }
        }
        if (elements != weights_.size())
            throw std::logic_error("a posting without its field vector element");
    }

    std::int64_t operator()(std::uint32_t term, std::size_t k) const {
        return weights_[first_[term] + k];
    }

  private:
    std::vector<std::size_t> first_;
    std::vector<std::int32_t> weights_; // a posting each: half the room of std::int64_t
};

// The positions of the documents in their groups; checks the groups.
std::vector<std::uint32_t> group_positions(const Index& index,
                                           std::span<const std::uint32_t> group_of) {
    if (group_of.size() != index.document_refs.size())
        throw std::invalid_argument("one group per document is needed");
    std::vector<std::uint32_t> position(group_of.size());
    for (std::size_t d = 0; d < group_of.size(); ++d) {
        if (js_array_index(index.document_refs[d]))
            throw std::invalid_argument("document ref '" + index.document_refs[d] +
                                        "' is an array index");
        const std::uint32_t previous = d == 0 ? 0 : group_of[d - 1] + 1;
        if (group_of[d] != previous && (d == 0 || group_of[d] != group_of[d - 1]))
            throw std::invalid_argument("document groups must be numbered 0, 1, 2... in order");
        if (d == 0 || group_of[d] != group_of[d - 1]) {
            position[d] = 0;
        } else {
            position[d] = position[d - 1] + 1;
        }
    }
    return position;
}

void append_strings(std::string& out, const std::vector<std::string>& strings) {
    out.push_back('[');
    for (std::size_t i = 0; i < strings.size(); ++i) {
        if (i) out.push_back(',');
        append_json_string(out, strings[i]);
    }
    out.push_back(']');
}

} // namespace

void write_shards(Index index, std::span<const std::uint32_t> group_of, std::size_t shard_bytes,
                  const EmitPart& emit) {
    const std::vector<std::uint32_t> position = group_positions(index, group_of);
    const std::size_t field_count = index.fields.size();
    const InvertedIndex& inverted = index.inverted_index;
    const PostingWeights weight(index);
    index.field_vectors = FieldVectors();
    std::vector<std::string> firsts; // the first term of every shard but the first
    std::string vocabulary = "[";
    std::string shard, entry;
    std::size_t shards = 0;
    auto close = [&] {
        shard.push_back(']');
        emit("t/" + std::to_string(shards++), std::move(shard));
        shard.clear();
    };
    for (std::uint32_t t : inverted.sorted_term_indexes()) {
        entry.clear();
        entry.push_back('[');
        append_json_string(entry, inverted.term(t));
        entry.push_back(',');
        append_number(entry, t);
        const std::span<const Posting> postings = inverted.postings(t);
        for (std::size_t f = 0; f < field_count; ++f) {
            entry += ",[";
            std::uint32_t previous = 0;
            bool first = true;
            for (std::size_t k = 0; k < postings.size(); ++k) {
                const Posting& p = postings[k];
                if (p.field != f) continue;
                if (!first) entry.push_back(',');
                first = false;
                append_number(entry, group_of[p.document] - previous);
                entry.push_back(',');
                append_number(entry, position[p.document]);
                entry.push_back(',');
                entry += std::to_string(weight(t, k));
                previous = group_of[p.document];
            }
            entry.push_back(']');
        }
        entry.push_back(']');
        if (!shard.empty() && shard.size() + entry.size() > shard_bytes) {
            close();
            firsts.push_back(inverted.term(t));
        }
        shard.push_back(shard.empty() ? '[' : ',');
        shard += entry;
        if (vocabulary.size() > 1) vocabulary.push_back(',');
        append_json_string(vocabulary, inverted.term(t));
    }
    if (shard.empty()) shard = "["; // an index without terms still has its one shard
    close();
    vocabulary.push_back(']');

    std::string manifest = "{\"version\":\"";
    manifest += kLunrVersion;
    manifest += "\",\"fields\":";
    append_strings(manifest, index.fields);
    manifest += ",\"pipeline\":";
    append_strings(manifest, index.pipeline);
    manifest += ",\"documents\":";
    append_number(manifest, index.document_refs.size());
    manifest += ",\"shards\":";
    append_strings(manifest, firsts);
    manifest.push_back('}');
    std::string documents = "[";
    for (std::size_t d = 0; d < group_of.size(); ++d)
        if (d + 1 == group_of.size() || group_of[d + 1] != group_of[d]) {
            if (documents.size() > 1) documents.push_back(',');
            append_number(documents, position[d] + 1);
        }
    documents.push_back(']');
    emit("documents", std::move(documents));
    emit("vocabulary", std::move(vocabulary));
    emit("manifest", std::move(manifest));
}

} // namespace lunr
