#include "lunr/builder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "lunr/idf.h"
#include "lunr/js_string.h"
#include "lunr/tokenizer.h"

namespace lunr {

namespace {

// `x || 1` for a number.
double or_one(double boost) {
    return (boost == 0 || std::isnan(boost)) ? 1 : boost;
}

} // namespace

void Builder::field(std::string_view name, double boost) {
    if (name.find('/') != std::string_view::npos) {
        throw std::invalid_argument("field '" + std::string(name) +
                                    "' contains illegal character '/'");
    }
    if (name == "_index") throw std::invalid_argument("field name '_index' is reserved by lunr");
    if (std::find(fields_.begin(), fields_.end(), name) != fields_.end()) {
        throw std::invalid_argument("field '" + std::string(name) + "' is declared twice");
    }
    if (!documents_.empty())
        throw std::logic_error("fields must be declared before documents are added");
    // Object.keys order: array-index names first, ascending; the rest as declared.
    std::size_t position = fields_.size();
    if (auto index = js_array_index(name)) {
        position = 0;
        while (position < fields_.size()) {
            auto other = js_array_index(fields_[position]);
            if (!other || *other > *index) break;
            ++position;
        }
    }
    const std::size_t declared = fields_.size();
    fields_.insert(fields_.begin() + static_cast<std::ptrdiff_t>(position), std::string(name));
    field_boosts_.insert(field_boosts_.begin() + static_cast<std::ptrdiff_t>(position),
                         or_one(boost));
    declared_order_.insert(declared_order_.begin() + static_cast<std::ptrdiff_t>(position),
                           declared);
}

void Builder::b(double value) {
    b_ = value < 0 ? 0 : (value > 1 ? 1 : value);
}
void Builder::k1(double value) {
    k1_ = value;
}

std::int64_t Builder::term_for_token(std::string_view token) {
    if (const std::int64_t cached = token_cache_.find(token); cached != TokenCache::kMissing)
        return cached;
    token_.assign(token);
    std::int64_t term = -1;
    if (pipeline_.run(token_)) {
        term = inverted_index_.intern(token_);
        if (counts_.size() < inverted_index_.size()) counts_.resize(inverted_index_.size() * 2, 0);
    }
    token_cache_.insert(token, term);
    return term;
}

void Builder::add_document(std::string_view ref, std::size_t field_texts, double boost) {
    if (field_texts != fields_.size()) {
        throw std::invalid_argument("document '" + std::string(ref) + "' has " +
                                    std::to_string(field_texts) + " field texts for " +
                                    std::to_string(fields_.size()) + " fields");
    }
    if (!refs_.emplace(ref).second) {
        throw std::invalid_argument("document ref '" + std::string(ref) + "' is used twice");
    }
    documents_.push_back({std::string(ref), or_one(boost)});
}

void Builder::add_field(std::uint32_t length) {
    // Vectors are sorted by term index; first-seen numbering is already fixed.
    std::sort(field_.begin(), field_.end(),
              [](const auto& a, const auto& b) { return a.index < b.index; });
    vectors_.add(length, field_);
}

void Builder::add(std::string_view ref, std::span<const std::string_view> texts, double boost,
                  std::span<AnalysedField> analysed) {
    if (!analysed.empty() && analysed.size() != fields_.size())
        throw std::invalid_argument("analysed fields for another number of fields");
    add_document(ref, texts.size(), boost);
    for (std::size_t f = 0; f < fields_.size(); ++f) {
        tokenize(texts[declared_order_[f]], lowered_, tokens_);
        std::uint32_t length = 0;
        touched_.clear();
        for (std::string_view token : tokens_) {
            const std::int64_t term = term_for_token(token);
            if (term < 0) continue;
            ++length;
            auto& count = counts_[static_cast<std::size_t>(term)];
            if (count++ == 0) touched_.push_back(static_cast<std::uint32_t>(term));
        }
        field_.clear();
        for (std::uint32_t term : touched_) {
            field_.push_back({term, counts_[term]});
            counts_[term] = 0;
        }
        if (!analysed.empty()) {
            AnalysedField& a = analysed[f];
            a.length = length;
            a.terms.clear();
            for (const auto& term : field_)
                a.terms.emplace_back(term.index, term.frequency);
        }
        add_field(length);
    }
}

void Builder::add_analysed(std::string_view ref, std::span<const AnalysedField> fields,
                           const Vocabulary& vocabulary, double boost) {
    add_document(ref, fields.size(), boost);
    for (const AnalysedField& a : fields) {
        field_.clear();
        for (const auto& [term, frequency] : a.terms) {
            if (term >= vocabulary.size())
                throw std::invalid_argument("an analysed term outside the vocabulary");
            field_.push_back({inverted_index_.intern(vocabulary[term]), frequency});
        }
        add_field(a.length);
    }
}

Index Builder::build() {
    const std::size_t field_count = fields_.size();
    const std::size_t document_count = documents_.size();
    if (vectors_.size() > UINT32_MAX)
        throw std::length_error("more field vectors than a posting can number");

    FieldVectors::Scoring scoring;
    scoring.k1 = k1_;
    scoring.b = b_;
    scoring.field_boosts = field_boosts_;
    // lunr's averageFieldLength: every document has every field.
    std::vector<double> total_length(field_count, 0);
    for (std::size_t v = 0; v < vectors_.size(); ++v)
        total_length[v % field_count] += vectors_.length(v);
    for (std::size_t f = 0; f < field_count; ++f)
        scoring.average_lengths.push_back(total_length[f] / static_cast<double>(document_count));
    scoring.document_boosts.reserve(document_count);
    for (const Document& d : documents_)
        scoring.document_boosts.push_back(d.boost);
    // The number of field vectors each term is in, then its idf.
    std::vector<std::uint32_t> count = posting_counts(vectors_, inverted_index_.size());
    scoring.idf.reserve(count.size());
    for (const std::uint32_t c : count)
        scoring.idf.push_back(idf(c, document_count));
    vectors_.score(std::move(scoring));

    Index index;
    index.field_vectors = std::move(vectors_);
    index.fields = std::move(fields_);
    index.document_refs.reserve(document_count);
    for (auto& d : documents_)
        index.document_refs.push_back(std::move(d.ref));
    index.inverted_index = std::move(inverted_index_);
    index.posting_counts = std::move(count);
    index.pipeline = search_pipeline_.labels();
    std::vector<Document>().swap(documents_);
    decltype(refs_)().swap(refs_);
    token_cache_ = TokenCache();
    return index;
}

} // namespace lunr
