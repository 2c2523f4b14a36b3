// lunr.Builder: documents in, Index out, with lunr 2.3.9's BM25 scoring.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lunr/index.h"
#include "lunr/pipeline.h"
#include "lunr/token_cache.h"

namespace lunr {

// A field of a document as the index pipeline made it: its length (the terms the pipeline
// kept, repeats counted) and each term's index with its frequency, in the order the terms
// first occur in it (lunr numbers new terms in that order).
struct AnalysedField {
    std::uint32_t length = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> terms; // (term index, frequency)
};

class Builder {
  public:
    Builder() = default;

    // lunr.Builder.prototype.field. `boost` 0 means 1, as in lunr.js (`boost || 1`).
    // Throws std::invalid_argument for a name with '/', a repeated name, or
    // "_index" (which lunr.js would overwrite with the term index).
    void field(std::string_view name, double boost = 1);

    // BM25 parameters; lunr's defaults are b = 0.75 (clamped to [0, 1]) and k1 = 1.2.
    void b(double value);
    void k1(double value);

    Pipeline& pipeline() { return pipeline_; }
    Pipeline& search_pipeline() { return search_pipeline_; }

    // lunr.Builder.prototype.use: `builder.use(lunr::sv)`.
    template <typename Plugin> void use(Plugin&& plugin) { plugin(*this); }

    // lunr.Builder.prototype.add(doc, {boost}): `texts` holds one text per field,
    // in the order the fields were declared (an absent field is an empty text).
    // `boost` 0 means 1. Throws std::invalid_argument on a repeated ref or a
    // wrong number of texts.
    //
    // Tokens are cached through the whole index pipeline, so its functions must
    // give the same result for the same token (lunr's all do).
    // `analysed`, when not empty, gets each field as the pipeline made it (one per field, in
    // the index's field order, Index::fields), with this builder's term indexes.
    void add(std::string_view ref, std::span<const std::string_view> texts, double boost = 1,
             std::span<AnalysedField> analysed = {});

    // Adds a document another builder with the same fields and pipeline analysed (add's
    // `analysed`, its term indexes those of `vocabulary`): the index is the same as if its
    // texts were added, without running the pipeline again.
    void add_analysed(std::string_view ref, std::span<const AnalysedField> fields,
                      const Vocabulary& vocabulary, double boost = 1);

    std::size_t document_count() const { return documents_.size(); }

    // Computes the field vectors and hands the index over; the builder is spent.
    Index build();

  private:
    struct Document {
        std::string ref;
        double boost;
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };

    std::int64_t term_for_token(std::string_view token);
    void add_document(std::string_view ref, std::size_t field_texts, double boost);
    // Appends the field whose terms (term index, frequency), each once, are in `field_`, to
    // vectors_.
    void add_field(std::uint32_t length);

    std::vector<std::string> fields_;         // in object-key order
    std::vector<double> field_boosts_;        // by key order
    std::vector<std::size_t> declared_order_; // key-order position -> declaration position
    double b_ = 0.75;
    double k1_ = 1.2;
    Pipeline pipeline_;
    Pipeline search_pipeline_;

    std::vector<Document> documents_;
    std::unordered_set<std::string, Hash, std::equal_to<>> refs_;
    // Each (document, field)'s length and terms: the field vectors, scored by build().
    FieldVectors vectors_;
    InvertedIndex inverted_index_;
    // Raw token -> term index after the pipeline, or -1 when it drops the token.
    TokenCache token_cache_;

    // Scratch space for counting term frequencies in one field.
    std::string lowered_;
    std::vector<std::string_view> tokens_;
    std::string token_;
    std::vector<std::uint32_t> counts_; // by term index; 0 outside the field being counted
    std::vector<std::uint32_t> touched_;
    std::vector<FieldVectors::Term> field_;
};

} // namespace lunr
