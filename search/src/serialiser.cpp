#include "lunr/serialiser.h"

#include <algorithm>
#include <numeric>
#include <optional>

#include "lunr/js_number.h"
#include "lunr/js_string.h"

namespace lunr {

namespace {

// Documents in the order their refs appear as keys of a posting's field
// object: array-index refs first, ascending, then the rest in the order added.
// Returns an empty vector when that is simply the order added.
std::vector<std::uint32_t> document_key_ranks(const std::vector<std::string>& refs) {
    std::vector<std::uint32_t> order(refs.size());
    std::iota(order.begin(), order.end(), 0u);
    std::vector<std::optional<std::uint32_t>> as_index(refs.size());
    bool any = false;
    for (std::size_t d = 0; d < refs.size(); ++d) {
        as_index[d] = js_array_index(refs[d]);
        any = any || as_index[d].has_value();
    }
    if (!any) return {};
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (as_index[a] && as_index[b]) return *as_index[a] < *as_index[b];
        return as_index[a].has_value() && !as_index[b].has_value();
    });
    std::vector<std::uint32_t> rank(refs.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        rank[order[i]] = static_cast<std::uint32_t>(i);
    return rank;
}

// The field vectors, `["field/ref",[index,value,…]]`, in the order of the documents and fields.
void append_field_vectors(std::string& out, const Index& index) {
    const std::size_t field_count = index.fields.size();
    std::string key;
    for (std::size_t e = 0; e < index.field_vectors.size(); ++e) {
        if (e) out.push_back(',');
        key = index.fields[e % field_count];
        key.push_back('/');
        key += index.document_refs[e / field_count];
        out.push_back('[');
        append_json_string(out, key);
        out += ",[";
        bool first = true;
        for (const auto& element : index.field_vectors[e]) {
            if (!first) out.push_back(',');
            first = false;
            append_js_number(out, element.index);
            out.push_back(',');
            append_json_number(out, element.value());
        }
        out += "]]";
    }
}

// The inverted index's entries, `["term",{"field":{"ref":{},…},…,"_index":n,…}]`, by term.
void append_inverted_index(std::string& out, const Index& index) {
    const std::size_t field_count = index.fields.size();
    // Posting objects: array-index field names come before "_index" (which
    // lunr.js sets first), the rest follow in declaration order.
    std::size_t index_fields = 0;
    while (index_fields < field_count && js_array_index(index.fields[index_fields]))
        ++index_fields;
    const std::vector<std::uint32_t> rank = document_key_ranks(index.document_refs);
    std::vector<std::uint32_t> documents;
    std::vector<std::string> document_keys; // `"ref":{}`, quoted once
    document_keys.reserve(index.document_refs.size());
    for (const auto& ref : index.document_refs) {
        std::string quoted;
        append_json_string(quoted, ref);
        quoted += ":{}";
        document_keys.push_back(std::move(quoted));
    }

    const InvertedIndex& inverted = index.inverted_index;
    const std::vector<std::uint32_t> sorted = inverted.sorted_term_indexes();
    const Postings all(index.field_vectors, index.posting_counts, sorted);
    bool first_term = true;
    for (std::uint32_t t : sorted) {
        if (!first_term) out.push_back(',');
        first_term = false;
        out.push_back('[');
        append_json_string(out, inverted.term(t));
        out += ",{";
        const std::span<const Posting> postings = all.of(t);
        auto write_field = [&](std::size_t f) {
            append_json_string(out, index.fields[f]);
            out += ":{";
            documents.clear();
            for (const Posting& p : postings) {
                if (p.vector % field_count == f) documents.push_back(p.vector / field_count);
            }
            if (!rank.empty()) {
                std::sort(documents.begin(), documents.end(),
                          [&](std::uint32_t a, std::uint32_t b) { return rank[a] < rank[b]; });
            }
            for (std::size_t i = 0; i < documents.size(); ++i) {
                if (i) out.push_back(',');
                out += document_keys[documents[i]];
            }
            out.push_back('}');
        };
        for (std::size_t f = 0; f < index_fields; ++f) {
            write_field(f);
            out.push_back(',');
        }
        out += "\"_index\":";
        append_js_number(out, t);
        for (std::size_t f = index_fields; f < field_count; ++f) {
            out.push_back(',');
            write_field(f);
        }
        out += "}]";
    }
}

} // namespace

void append_json(std::string& out, const Index& index) {
    out += "{\"version\":\"";
    out += kLunrVersion;
    out += "\",\"fields\":[";
    for (std::size_t f = 0; f < index.fields.size(); ++f) {
        if (f) out.push_back(',');
        append_json_string(out, index.fields[f]);
    }
    out += "],\"fieldVectors\":[";
    append_field_vectors(out, index);
    out += "],\"invertedIndex\":[";
    append_inverted_index(out, index);
    out += "],\"pipeline\":[";
    for (std::size_t i = 0; i < index.pipeline.size(); ++i) {
        if (i) out.push_back(',');
        append_json_string(out, index.pipeline[i]);
    }
    out += "]}";
}

std::string to_json(const Index& index) {
    std::string out;
    // Roughly: a posting costs a ref and 4 bytes, a vector element ~10 bytes.
    std::size_t estimate = 256;
    for (std::uint32_t t = 0; t < index.inverted_index.size(); ++t)
        estimate += 32 + index.inverted_index.term(t).size();
    // Each element of a field vector is written there and once more as a posting.
    estimate += 32 * index.field_vectors.size() + 28 * index.field_vectors.element_count();
    out.reserve(estimate);
    append_json(out, index);
    return out;
}

} // namespace lunr
