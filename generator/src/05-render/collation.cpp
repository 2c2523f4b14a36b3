#include "collation.h"

#include "docket/markdown.h"

#include <map>
#include <stdexcept>
#include <unicode/alphaindex.h>
#include <unicode/coll.h>
#include <unicode/locid.h>

namespace docket {

struct Collation::Icu {
    std::unique_ptr<icu::Collator> collator;
    std::unique_ptr<icu::AlphabeticIndex::ImmutableIndex> index;
};

namespace {

void check(UErrorCode status, const char* what) {
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ICU ") + what + ": " + u_errorName(status));
}

icu::Locale locale_of(const std::string& language) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(language, status);
    return U_FAILURE(status) ? icu::Locale::getRoot() : locale;
}

} // namespace

Collation::Collation(const std::string& language) : icu_(std::make_unique<Icu>()) {
    const icu::Locale locale = locale_of(language);
    UErrorCode status = U_ZERO_ERROR;
    icu_->collator.reset(icu::Collator::createInstance(locale, status));
    check(status, "collator");
    icu::AlphabeticIndex index(locale, status);
    check(status, "alphabetic index");
    icu_->index.reset(index.buildImmutableIndex(status));
    check(status, "alphabetic index");
}

Collation::~Collation() = default;

const Collation& Collation::of(const std::string& language) {
    thread_local std::map<std::string, std::unique_ptr<Collation>, std::less<>> made;
    auto it = made.find(language);
    if (it == made.end()) it = made.emplace(language, std::make_unique<Collation>(language)).first;
    return *it->second;
}

bool Collation::less(std::string_view a, std::string_view b) const {
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult order = icu_->collator->compareUTF8(a, b, status);
    check(status, "collation");
    return order == UCOL_LESS;
}

std::string Collation::initial(std::string_view word) const {
    UErrorCode status = U_ZERO_ERROR;
    const std::int32_t bucket =
        icu_->index->getBucketIndex(icu::UnicodeString::fromUTF8(word), status);
    check(status, "alphabetic index");
    const icu::AlphabeticIndex::Bucket* b = icu_->index->getBucket(bucket);
    if (!b || b->getLabelType() != U_ALPHAINDEX_NORMAL) return "#";
    std::string letter;
    return b->getLabel().toUTF8String(letter);
}

std::string letter_anchor(const std::string& letter, const std::string& prefix,
                          const std::string& other) {
    if (letter == "Å") return prefix + "-aa";
    if (letter == "Ä") return prefix + "-ae";
    if (letter == "Ö") return prefix + "-oe";
    if (letter == "#") return prefix + "-" + other;
    return prefix + "-" + slugify(letter);
}

} // namespace docket
