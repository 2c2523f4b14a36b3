#include "05-render/collation.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

std::vector<std::string> sorted(const std::string& language, std::vector<std::string> words) {
    const docket::Collation collation(language);
    std::stable_sort(words.begin(), words.end(), [&](const std::string& a, const std::string& b) {
        return collation.less(a, b);
    });
    return words;
}

const std::vector<std::string> words = {
    "ört",      "Öl",   "ål",   "Ål",   "äpple",    "Äpple",      "zebra",   "Zon",
    "ära",      "åra",  "öra",  "ara",  "Ara",      "ægir",       "øre",     "über",
    "ytter",    "yxa",  "vägg", "wiki", "Västerås", "e-tjänst",   "ebrev",   "e tjänst",
    "élan",     "elak", "Eld",  "1177", "2 a",      "(parentes)", "Ökenräv", "översikt",
    "Översikt", "Aa",   "ab",   "av",   "AV"};

} // namespace

TEST_CASE("Swedish and English order as Intl.Collator gives it") {
    // The expected orders are [...words].sort(new Intl.Collator(lang).compare) in node 20 (ICU 78).
    CHECK(sorted("sv", words) ==
          std::vector<std::string>{
              "(parentes)", "1177",    "2 a",      "Aa",       "ab",    "ara",   "Ara",
              "av",         "AV",      "e tjänst", "e-tjänst", "ebrev", "elak",  "élan",
              "Eld",        "vägg",    "Västerås", "wiki",     "über",  "ytter", "yxa",
              "zebra",      "Zon",     "ål",       "Ål",       "åra",   "ægir",  "äpple",
              "Äpple",      "ära",     "Ökenräv",  "Öl",       "öra",   "øre",   "ört",
              "översikt",   "Översikt"});
    CHECK(sorted("en", words) ==
          std::vector<std::string>{
              "(parentes)", "1177",    "2 a",      "Aa",       "ab",    "ægir",  "ål",
              "Ål",         "äpple",   "Äpple",    "ara",      "Ara",   "åra",   "ära",
              "av",         "AV",      "e tjänst", "e-tjänst", "ebrev", "elak",  "élan",
              "Eld",        "Ökenräv", "Öl",       "öra",      "øre",   "ört",   "översikt",
              "Översikt",   "über",    "vägg",     "Västerås", "wiki",  "ytter", "yxa",
              "zebra",      "Zon"});
    // A tag ICU does not know orders as its root collation, which is English's.
    CHECK(sorted("x-okänt", words) == sorted("en", words));
}

TEST_CASE("the letter an index files a word under") {
    const docket::Collation sv("sv");
    // Swedish files Å, Ä and Ö as letters of their own after Z; æ with ä, ø with ö, ü with y.
    CHECK(sv.initial("ål") == "Å");
    CHECK(sv.initial("Äpple") == "Ä");
    CHECK(sv.initial("ægir") == "Ä");
    CHECK(sv.initial("Örebro") == "Ö");
    CHECK(sv.initial("øre") == "Ö");
    CHECK(sv.initial("über") == "Y");
    CHECK(sv.initial("élan") == "E");
    CHECK(sv.initial("wiki") == "W");
    CHECK(sv.initial("ytter") == "Y");
    CHECK(sv.initial("1177") == "#");
    CHECK(sv.initial("(parentes)") == "#");
    CHECK(sv.initial("Ωmega") == "#");
    CHECK(sv.initial("") == "#");
    const docket::Collation en("en");
    CHECK(en.initial("ål") == "A");
    CHECK(en.initial("Örebro") == "O");
    CHECK(en.initial("über") == "U");
    CHECK(en.initial("Zon") == "Z");
    CHECK(docket::letter_anchor("Å", "bokstav", "ovrigt") == "bokstav-aa");
    CHECK(docket::letter_anchor("Ä", "bokstav", "ovrigt") == "bokstav-ae");
    CHECK(docket::letter_anchor("Ö", "bokstav", "ovrigt") == "bokstav-oe");
    CHECK(docket::letter_anchor("W", "bokstav", "ovrigt") == "bokstav-w");
    CHECK(docket::letter_anchor("#", "bokstav", "ovrigt") == "bokstav-ovrigt");
}
