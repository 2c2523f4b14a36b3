#include "lunr/en.h"

#include <algorithm>
#include <array>

#include "lunr/builder.h"
#include "lunr/pipeline.h"
#include "lunr/stemmer_en.h"

namespace lunr {

namespace {

// lunr.stopWordFilter's words, in lunr.js's order, which is byte order (the unit test checks).
constexpr std::array<std::string_view, 119> kStopWords{
    "a",       "able",    "about", "across", "after",  "all",    "almost", "also",  "am",
    "among",   "an",      "and",   "any",    "are",    "as",     "at",     "be",    "because",
    "been",    "but",     "by",    "can",    "cannot", "could",  "dear",   "did",   "do",
    "does",    "either",  "else",  "ever",   "every",  "for",    "from",   "get",   "got",
    "had",     "has",     "have",  "he",     "her",    "hers",   "him",    "his",   "how",
    "however", "i",       "if",    "in",     "into",   "is",     "it",     "its",   "just",
    "least",   "let",     "like",  "likely", "may",    "me",     "might",  "most",  "must",
    "my",      "neither", "no",    "nor",    "not",    "of",     "off",    "often", "on",
    "only",    "or",      "other", "our",    "own",    "rather", "said",   "say",   "says",
    "she",     "should",  "since", "so",     "some",   "than",   "that",   "the",   "their",
    "them",    "then",    "there", "these",  "they",   "this",   "tis",    "to",    "too",
    "twas",    "us",      "wants", "was",    "we",     "were",   "what",   "when",  "where",
    "which",   "while",   "who",   "whom",   "why",    "will",   "with",   "would", "yet",
    "you",     "your",
};

bool is_word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool trimmer(std::string& token) {
    const std::string_view trimmed = trim_en(token);
    if (trimmed.size() != token.size()) token = std::string(trimmed);
    return true;
}

bool stop_word_filter(std::string& token) {
    return !is_stop_word_en(token);
}

bool stemmer(std::string& token) {
    token = stem_en(token);
    return true;
}

} // namespace

std::string_view trim_en(std::string_view token) {
    std::size_t begin = 0, end = token.size();
    while (begin < end && !is_word_byte(token[begin]))
        ++begin;
    while (end > begin && !is_word_byte(token[end - 1]))
        --end;
    return token.substr(begin, end - begin);
}

std::span<const std::string_view> stop_words_en() {
    return kStopWords;
}

bool is_stop_word_en(std::string_view token) {
    return std::binary_search(kStopWords.begin(), kStopWords.end(), token);
}

Pipeline index_pipeline_en() {
    Pipeline p;
    p.add("trimmer", trimmer);
    p.add("stopWordFilter", stop_word_filter);
    p.add("stemmer", stemmer);
    return p;
}

Pipeline search_pipeline_en() {
    Pipeline p;
    p.add("stemmer", stemmer);
    return p;
}

void en(Builder& builder) {
    builder.pipeline() = index_pipeline_en();
    builder.search_pipeline() = search_pipeline_en();
}

} // namespace lunr
