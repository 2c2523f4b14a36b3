// lunr.js 2.3.9's own English pipeline: lunr.trimmer, lunr.stopWordFilter and lunr.stemmer, as
// `lunr(function () { ... })` sets them up, as `builder.use(lunr::en)`.
#pragma once

#include <span>
#include <string_view>

namespace lunr {

class Builder;
class Pipeline;

// lunr.trimmer: the token without the characters other than [A-Za-z0-9_] at either end (the
// JavaScript \W, over UTF-16 code units; every unit of a character outside ASCII is one).
std::string_view trim_en(std::string_view token);

// lunr.stopWordFilter's 119 words, in lunr.js's order.
std::span<const std::string_view> stop_words_en();
bool is_stop_word_en(std::string_view token);

// Index pipeline: trimmer, stopWordFilter, stemmer.
Pipeline index_pipeline_en();
// Search pipeline (serialised with the index): stemmer.
Pipeline search_pipeline_en();

// Sets the builder's pipelines to the two above, as lunr() does.
void en(Builder& builder);

} // namespace lunr
