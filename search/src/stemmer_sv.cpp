#include "lunr/stemmer_sv.h"

#include <libstemmer.h>

#include <new>
#include <stdexcept>

#include "utf8.h"

namespace lunr {

void StemmerSv::Deleter::operator()(sb_stemmer* s) const noexcept {
    sb_stemmer_delete(s);
}

StemmerSv::StemmerSv() : stemmer_(sb_stemmer_new("swedish", "UTF_8")) {
    if (!stemmer_) throw std::runtime_error("libstemmer has no Swedish UTF-8 stemmer");
}
StemmerSv::StemmerSv(StemmerSv&&) noexcept = default;
StemmerSv& StemmerSv::operator=(StemmerSv&&) noexcept = default;
StemmerSv::~StemmerSv() = default;

const std::string& StemmerSv::stem(std::string_view word) {
    if (auto it = cache_.find(word); it != cache_.end()) return it->second;
    return cache_.emplace(std::string(word), stem_uncached(word)).first->second;
}

// lunr.js runs the stemmer over UTF-16 code units, libstemmer over code
// points. The only place that differs is the Swedish stemmer's "3 characters
// from the start" hop, for words with a character above U+FFFF. Such a
// character is two non-vowels to lunr.js, so it is handed to libstemmer as
// two private-use characters (also non-vowels). Every step of the Swedish
// stemmer deletes a suffix ("löst" -> "lös" and "fullt" -> "full" too), so
// the stem is a prefix of the word and is cut from the original word.
std::string StemmerSv::stem_uncached(std::string_view word) {
    bool supplementary = false;
    for (char c : word) {
        if ((static_cast<unsigned char>(c) & 0xF8) == 0xF0) {
            supplementary = true;
            break;
        }
    }
    std::string_view input = word;
    if (supplementary) {
        scratch_.clear();
        for (std::size_t i = 0; i < word.size();) {
            const std::size_t at = i;
            const char32_t c = utf8::decode(word, i);
            if (c > 0xFFFF) {
                scratch_ += "\xEE\x80\x80\xEE\x80\x80"; // U+E000 U+E000
            } else {
                scratch_.append(word.substr(at, i - at));
            }
        }
        input = scratch_;
    }
    const sb_symbol* out =
        sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(input.data()),
                        static_cast<int>(input.size()));
    if (!out) throw std::bad_alloc();
    const auto length = static_cast<std::size_t>(sb_stemmer_length(stemmer_.get()));
    if (!supplementary) return std::string(reinterpret_cast<const char*>(out), length);
    // Map the stem's length in the encoded word back to the original word.
    std::size_t encoded = 0, original = 0;
    while (encoded < length && original < word.size()) {
        const std::size_t at = original;
        const char32_t c = utf8::decode(word, original);
        encoded += c > 0xFFFF ? 6 : original - at;
    }
    return std::string(word.substr(0, original));
}

} // namespace lunr
