// Internal to render/: the order and the index letters of a glossary, in the site's language.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace docket {

// ICU's collation and alphabetic index for a language: the order Intl.Collator(language) gives
// in a browser (Swedish: a-z, then å, ä, ö; é with e, ü with y; case and accents break ties).
// One per thread: ICU's collator is not shared.
class Collation {
  public:
    // `language` is a BCP 47 tag ("sv", "en"); one ICU does not know orders as ICU's root.
    explicit Collation(const std::string& language);
    ~Collation();
    Collation(const Collation&) = delete;
    Collation& operator=(const Collation&) = delete;

    // This thread's Collation for `language`, made on first use and kept for the thread's life:
    // making one (ICU's collator and its alphabetic index) costs more than sorting a list, and
    // each meeting pack's lists and glossary sort again.
    static const Collation& of(const std::string& language);

    bool less(std::string_view a, std::string_view b) const;

    // The letter an index files `word` under ("A", ..., "Z", "Å", "Ä", "Ö" in Swedish), or "#"
    // when it does not start with a letter of the language's alphabet.
    std::string initial(std::string_view word) const;

  private:
    struct Icu;
    std::unique_ptr<Icu> icu_;
};

// A jump-link anchor per index letter, after the theme's `prefix` ("bokstav"); Å, Ä and Ö must
// not collide with A and O, and `other` names the group of the rest.
std::string letter_anchor(const std::string& letter, const std::string& prefix,
                          const std::string& other);

} // namespace docket
