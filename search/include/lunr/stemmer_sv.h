// lunr.sv.stemmer: the Snowball Swedish stemmer, through libstemmer 2.2
// (sb_stemmer_new("swedish", "UTF_8")), which gives lunr-languages 1.22.0's
// stem for every word of the Snowball Swedish vocabulary.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sb_stemmer;

namespace lunr {

class StemmerSv {
  public:
    StemmerSv();
    StemmerSv(StemmerSv&&) noexcept;
    StemmerSv& operator=(StemmerSv&&) noexcept;
    ~StemmerSv();

    // The stem of `word`. The reference stays valid as long as the stemmer:
    // stems are cached per distinct word.
    const std::string& stem(std::string_view word);

  private:
    std::string stem_uncached(std::string_view word);

    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct Deleter {
        void operator()(sb_stemmer* s) const noexcept;
    };
    std::unique_ptr<sb_stemmer, Deleter> stemmer_;
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> cache_;
    std::string scratch_;
};

} // namespace lunr
