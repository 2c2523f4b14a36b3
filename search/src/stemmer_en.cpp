#include "lunr/stemmer_en.h"

#include <array>
#include <initializer_list>
#include <utility>

#include "utf8.h"

// lunr.stemmer's regular expressions, each as a function over UTF-16 code units. Its patterns
// of letter classes ("^(C)?V C" and the like) are matched by one pass of a small automaton, so a
// token of any length costs time linear in its length and no recursion.
namespace lunr {

namespace {

using Word = std::u16string;

// The letter classes of lunr.stemmer: c = [^aeiou], cy = [^aeiouy], v = [aeiouy],
// vn = [aeiou], x = [^aeiouwxy].
enum class Class { c, cy, v, vn, x };

bool in(Class k, char16_t u) {
    const bool vowel = u == 'a' || u == 'e' || u == 'i' || u == 'o' || u == 'u';
    switch (k) {
    case Class::c:
        return !vowel;
    case Class::cy:
        return !vowel && u != 'y';
    case Class::v:
        return vowel || u == 'y';
    case Class::vn:
        return vowel;
    case Class::x:
        return !vowel && u != 'w' && u != 'x' && u != 'y';
    }
    return false;
}

struct Item {
    Class cls;
    bool star; // any number of times, else once
};

// Whether the items match a prefix of `s` (all of `s` when `to_end`), anchored at its start.
bool matches(std::u16string_view s, std::initializer_list<Item> items, bool to_end = false) {
    const std::size_t m = items.size();
    const Item* item = items.begin();
    const auto closure = [&](unsigned set) {
        for (std::size_t k = 0; k < m; ++k)
            if ((set >> k & 1u) && item[k].star) set |= 1u << (k + 1);
        return set;
    };
    const unsigned accept = 1u << m;
    unsigned states = closure(1u);
    for (char16_t u : s) {
        if (!to_end && (states & accept)) return true;
        unsigned next = 0;
        for (std::size_t k = 0; k < m; ++k)
            if ((states >> k & 1u) && in(item[k].cls, u))
                next |= item[k].star ? 1u << k : 1u << (k + 1);
        states = closure(next);
        if (states == 0) return false;
    }
    return (states & accept) != 0;
}

constexpr Item c1{Class::c, false}, cy_{Class::cy, true}, v1{Class::v, false}, vn_{Class::vn, true};

// "^(C)?VC": m > 0.
bool mgr0(std::u16string_view s) {
    return matches(s, {c1, cy_, v1, vn_, c1, cy_}) || matches(s, {v1, vn_, c1, cy_});
}

// "^(C)?VCVC": m > 1.
bool mgr1(std::u16string_view s) {
    return matches(s, {c1, cy_, v1, vn_, c1, cy_, v1, vn_, c1, cy_}) ||
           matches(s, {v1, vn_, c1, cy_, v1, vn_, c1, cy_});
}

// "^(C)?VC(V)?$": m = 1.
bool meq1(std::u16string_view s) {
    return matches(s, {c1, cy_, v1, vn_, c1, cy_}, true) || matches(s, {v1, vn_, c1, cy_}, true) ||
           matches(s, {c1, cy_, v1, vn_, c1, cy_, v1, vn_}, true) ||
           matches(s, {v1, vn_, c1, cy_, v1, vn_}, true);
}

// "^(C)?v": a vowel in the stem.
bool has_vowel(std::u16string_view s) {
    return matches(s, {c1, cy_, v1}) || matches(s, {v1});
}

// "^Cv[^aeiouwxy]$": consonant, vowel, consonant (not w, x or y), as in "hop".
bool cvc(std::u16string_view s) {
    return matches(s, {c1, cy_, v1, {Class::x, false}}, true);
}

bool ends_with(const Word& w, std::u16string_view suffix) {
    return w.size() >= suffix.size() &&
           std::u16string_view(w).substr(w.size() - suffix.size()) == suffix;
}

// ".$" replaced by "": the last unit goes unless it ends a line (JavaScript's "." stops there).
void drop_last(Word& w) {
    const char16_t u = w.back();
    if (u != '\n' && u != '\r' && u != 0x2028 && u != 0x2029) w.pop_back();
}

template <std::size_t N>
using Suffixes = std::array<std::pair<std::u16string_view, std::u16string_view>, N>;

// "^(.+?)(s1|s2|...)$": the shortest stem, so the longest of the suffixes that ends `w` after
// at least one unit; when there is one, it is replaced by its pair's second when the stem
// passes `test`. Returns whether one matched.
template <std::size_t N>
bool replace_suffix(Word& w, const Suffixes<N>& suffixes, bool (*test)(std::u16string_view)) {
    const std::pair<std::u16string_view, std::u16string_view>* best = nullptr;
    for (const auto& s : suffixes)
        if (w.size() > s.first.size() && ends_with(w, s.first) &&
            (!best || s.first.size() > best->first.size()))
            best = &s;
    if (!best) return false;
    const std::size_t stem = w.size() - best->first.size();
    if (test(std::u16string_view(w).substr(0, stem)))
        w.replace(stem, best->first.size(), best->second);
    return true;
}

constexpr Suffixes<21> step2list{{
    {u"ational", u"ate"}, {u"tional", u"tion"}, {u"enci", u"ence"},   {u"anci", u"ance"},
    {u"izer", u"ize"},    {u"bli", u"ble"},     {u"alli", u"al"},     {u"entli", u"ent"},
    {u"eli", u"e"},       {u"ousli", u"ous"},   {u"ization", u"ize"}, {u"ation", u"ate"},
    {u"ator", u"ate"},    {u"alism", u"al"},    {u"iveness", u"ive"}, {u"fulness", u"ful"},
    {u"ousness", u"ous"}, {u"aliti", u"al"},    {u"iviti", u"ive"},   {u"biliti", u"ble"},
    {u"logi", u"log"},
}};

constexpr Suffixes<7> step3list{{
    {u"icate", u"ic"},
    {u"ative", u""},
    {u"alize", u"al"},
    {u"iciti", u"ic"},
    {u"ical", u"ic"},
    {u"ful", u""},
    {u"ness", u""},
}};

constexpr Suffixes<18> step4list{{
    {u"al", u""},
    {u"ance", u""},
    {u"ence", u""},
    {u"er", u""},
    {u"ic", u""},
    {u"able", u""},
    {u"ible", u""},
    {u"ant", u""},
    {u"ement", u""},
    {u"ment", u""},
    {u"ent", u""},
    {u"ou", u""},
    {u"ism", u""},
    {u"ate", u""},
    {u"iti", u""},
    {u"ous", u""},
    {u"ive", u""},
    {u"ize", u""},
}};

void step1a(Word& w) {
    const std::size_t n = w.size();
    if ((n >= 5 && ends_with(w, u"sses")) || (n >= 4 && ends_with(w, u"ies")))
        w.resize(n - 2);
    else if (n >= 3 && w[n - 1] == 's' && w[n - 2] != 's')
        w.resize(n - 1);
}

void step1b(Word& w) {
    if (w.size() >= 4 && ends_with(w, u"eed")) {
        if (mgr0(std::u16string_view(w).substr(0, w.size() - 3))) drop_last(w);
        return;
    }
    std::size_t suffix = 0;
    if (w.size() >= 3 && ends_with(w, u"ed"))
        suffix = 2;
    else if (w.size() >= 4 && ends_with(w, u"ing"))
        suffix = 3;
    if (suffix == 0 || !has_vowel(std::u16string_view(w).substr(0, w.size() - suffix))) return;
    w.resize(w.size() - suffix);
    const std::size_t n = w.size();
    // "([^aeiouylsz])\1$": a doubled consonant other than l, s or z.
    const auto doubled = [&] {
        const char16_t u = w[n - 1];
        return n >= 2 && u == w[n - 2] && in(Class::c, u) && u != 'y' && u != 'l' && u != 's' &&
               u != 'z';
    };
    if (ends_with(w, u"at") || ends_with(w, u"bl") || ends_with(w, u"iz"))
        w += u'e';
    else if (doubled())
        drop_last(w);
    else if (cvc(w))
        w += u'e';
}

// Steps 1c (a final y after a consonant becomes i), 2, 3, 4 and 5.
void steps_1c_to_5(Word& w) {
    if (const std::size_t n = w.size(); n >= 3 && w[n - 1] == 'y' && in(Class::c, w[n - 2]))
        w[n - 1] = 'i';
    replace_suffix(w, step2list, mgr0);
    replace_suffix(w, step3list, mgr0);
    // "^(.+?)(s|t)(ion)$" only where no suffix of step 4's list ends the word.
    if (!replace_suffix(w, step4list, mgr1) && w.size() >= 5 &&
        (ends_with(w, u"sion") || ends_with(w, u"tion")) &&
        mgr1(std::u16string_view(w).substr(0, w.size() - 3)))
        w.resize(w.size() - 3);
    if (w.size() >= 2 && w.back() == 'e') {
        const std::u16string_view stem = std::u16string_view(w).substr(0, w.size() - 1);
        if (mgr1(stem) || (meq1(stem) && !cvc(stem))) w.pop_back();
    }
}

Word utf16(std::string_view s) {
    Word out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = utf8::decode(s, i);
        if (c < 0x10000) {
            out += static_cast<char16_t>(c);
        } else {
            out += static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10));
            out += static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF));
        }
    }
    return out;
}

std::string utf8_of(const Word& w) {
    std::string out;
    out.reserve(w.size());
    char buffer[4];
    for (std::size_t i = 0; i < w.size(); ++i) {
        char32_t c = w[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < w.size() && (w[i + 1] & 0xFC00) == 0xDC00)
            c = 0x10000 + ((c - 0xD800) << 10) + (w[++i] - 0xDC00);
        out.append(buffer, utf8::encode(c, buffer));
    }
    return out;
}

} // namespace

std::string stem_en(std::string_view word) {
    Word w = utf16(word);
    if (w.size() < 3) return std::string(word);
    const bool initial_y = w[0] == 'y';
    if (initial_y) w[0] = 'Y';
    // Every step but the last matches "^(.+?)…$", and "." stops at a line end: a word holding one
    // (lunr's tokenizer never makes such a token) only meets the last.
    bool line_end = false;
    for (char16_t u : w)
        line_end = line_end || u == '\n' || u == '\r' || u == 0x2028 || u == 0x2029;
    if (!line_end) {
        step1a(w);
        step1b(w);
        steps_1c_to_5(w);
    }
    if (ends_with(w, u"ll") && mgr1(w)) drop_last(w);
    if (initial_y) w[0] = 'y';
    return utf8_of(w);
}

} // namespace lunr
