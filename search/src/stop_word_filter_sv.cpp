#include "lunr/stop_word_filter_sv.h"

#include <algorithm>
#include <array>

namespace lunr {

namespace {

constexpr std::array<std::string_view, 114> kStopWords{
    "alla",   "allt",   "att",   "av",     "blev",   "bli",    "blir",   "blivit", "de",    "dem",
    "den",    "denna",  "deras", "dess",   "dessa",  "det",    "detta",  "dig",    "din",   "dina",
    "ditt",   "du",     "där",   "då",     "efter",  "ej",     "eller",  "en",     "er",    "era",
    "ert",    "ett",    "från",  "för",    "ha",     "hade",   "han",    "hans",   "har",   "henne",
    "hennes", "hon",    "honom", "hur",    "här",    "i",      "icke",   "ingen",  "inom",  "inte",
    "jag",    "ju",     "kan",   "kunde",  "man",    "med",    "mellan", "men",    "mig",   "min",
    "mina",   "mitt",   "mot",   "mycket", "ni",     "nu",     "när",    "någon",  "något", "några",
    "och",    "om",     "oss",   "på",     "samma",  "sedan",  "sig",    "sin",    "sina",  "sitta",
    "själv",  "skulle", "som",   "så",     "sådan",  "sådana", "sådant", "till",   "under", "upp",
    "ut",     "utan",   "vad",   "var",    "vara",   "varför", "varit",  "varje",  "vars",  "vart",
    "vem",    "vi",     "vid",   "vilka",  "vilkas", "vilken", "vilket", "vår",    "våra",  "vårt",
    "än",     "är",     "åt",    "över",
};

// The same words in byte order, for binary search.
const std::array<std::string_view, 114>& sorted_stop_words() {
    static const auto sorted = [] {
        auto words = kStopWords;
        std::sort(words.begin(), words.end());
        return words;
    }();
    return sorted;
}

} // namespace

std::span<const std::string_view> stop_words_sv() {
    return kStopWords;
}

bool is_stop_word_sv(std::string_view token) {
    if (token.empty() || token.size() > 7) return false; // "sådana", "varför": 7 bytes
    const auto& words = sorted_stop_words();
    return std::binary_search(words.begin(), words.end(), token);
}

} // namespace lunr
