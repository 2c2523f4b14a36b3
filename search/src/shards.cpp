#include "lunr/shards.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "lunr/js_number.h"
#include "lunr/js_string.h"
#include "lunr/serialiser.h"

namespace lunr {

namespace {

// The passes over the field vectors that make the postings, a range of terms at a time.
constexpr std::size_t postings_passes = 8;

void append_number(std::string& out, std::uint64_t n) {
    out += std::to_string(n);
}

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

// Term t's entry of a term shard: [term, _index, <posting of each field>].
void term_entry(std::string& entry, const std::string& term, std::uint32_t t,
                std::span<const Posting> postings, std::size_t field_count,
                std::span<const std::uint32_t> group_of,
                const std::vector<std::uint32_t>& position) {
    entry.clear();
    entry.push_back('[');
    append_json_string(entry, term);
    entry.push_back(',');
    append_number(entry, t);
    for (std::size_t f = 0; f < field_count; ++f) {
        entry += ",[";
        std::uint32_t previous = 0;
        bool first = true;
        for (const Posting& p : postings) {
            if (p.vector % field_count != f) continue;
            const std::uint32_t document = p.vector / field_count;
            if (!first) entry.push_back(',');
            first = false;
            append_number(entry, group_of[document] - previous);
            entry.push_back(',');
            append_number(entry, position[document]);
            entry.push_back(',');
            entry += std::to_string(p.thousandths);
            previous = group_of[document];
        }
        entry.push_back(']');
    }
    entry.push_back(']');
}

} // namespace

void write_shards(Index index, std::span<const std::uint32_t> group_of, std::size_t shard_bytes,
                  const EmitPart& emit) {
    const std::vector<std::uint32_t> position = group_positions(index, group_of);
    const std::size_t field_count = index.fields.size();
    const InvertedIndex& inverted = index.inverted_index;
    const std::vector<std::uint32_t> sorted = inverted.sorted_term_indexes();
    const std::vector<std::uint32_t>& counts = index.posting_counts;
    // The postings held at once: those of the terms of about an eighth of them.
    const std::size_t held = std::max<std::size_t>(
        std::size_t(1) << 16, index.field_vectors.element_count() / postings_passes + 1);
    std::vector<std::string> firsts; // the first term of every shard but the first
    std::string vocabulary = "[";
    std::string shard, entry;
    std::size_t shards = 0;
    auto close = [&] {
        shard.push_back(']');
        emit("t/" + std::to_string(shards++), std::move(shard));
        shard.clear();
    };
    for (std::size_t from = 0, to = 0; from < sorted.size(); from = to) {
        for (std::size_t n = 0;
             to < sorted.size() && (to == from || n + counts[sorted[to]] <= held);)
            n += counts[sorted[to++]];
        const std::span<const std::uint32_t> range(sorted.data() + from, to - from);
        const Postings postings_of(index.field_vectors, counts, range);
        for (std::uint32_t t : range) {
            term_entry(entry, inverted.term(t), t, postings_of.of(t), field_count, group_of,
                       position);
            if (!shard.empty() && shard.size() + entry.size() > shard_bytes) {
                close();
                firsts.push_back(inverted.term(t));
            }
            shard.push_back(shard.empty() ? '[' : ',');
            shard += entry;
            if (vocabulary.size() > 1) vocabulary.push_back(',');
            append_json_string(vocabulary, inverted.term(t));
        }
    }
    index.field_vectors = FieldVectors();
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
