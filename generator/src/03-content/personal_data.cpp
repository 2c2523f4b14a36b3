#include "docket/personal_data.h"
#include "docket/files.h"
#include "docket/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <set>
#include <tuple>
#include <unordered_map>

namespace docket {

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Length of the run of digits starting at pos.
std::size_t digit_run(std::string_view s, std::size_t pos) {
    std::size_t k = pos;
    while (k < s.size() && is_digit(s[k]))
        ++k;
    return k - pos;
}

int number(std::string_view digits) {
    int n = 0;
    for (char c : digits)
        n = n * 10 + (c - '0');
    return n;
}

// A date of YYYYMMDD, or of YYMMDD (century unknown when `year` < 100), with day + 60 allowed for
// samordningsnummer.
bool valid_date(int year, int month, int day) {
    if (day > 60) day -= 60;
    if (month < 1 || day < 1) return false;
    // Without a century, "00" may be 2000 (a leap year): read YY as 20YY, which allows 29 February
    // for any YY % 4 == 0.
    const std::chrono::year y(year < 100 ? 2000 + year : year);
    return std::chrono::year_month_day(y, std::chrono::month(unsigned(month)),
                                       std::chrono::day(unsigned(day)))
        .ok();
}

// The Luhn check over the 10-digit form YYMMDDNNNN: weights 2, 1, 2, ... on the first nine.
bool luhn(std::string_view ten) {
    int sum = 0;
    for (std::size_t i = 0; i < 9; ++i) {
        int d = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += d > 9 ? d - 9 : d;
    }
    return (10 - sum % 10) % 10 == ten[9] - '0';
}

bool valid(std::string_view date, std::string_view serial) {
    // date is YYMMDD or YYYYMMDD, serial NNNN.
    const bool century = date.size() == 8;
    const int year = century ? number(date.substr(0, 4)) : number(date.substr(0, 2));
    const std::string_view yymmdd = century ? date.substr(2) : date;
    if (!valid_date(year, number(yymmdd.substr(2, 2)), number(yymmdd.substr(4, 2)))) return false;
    char ten[10];
    for (std::size_t i = 0; i < 6; ++i)
        ten[i] = yymmdd[i];
    for (std::size_t i = 0; i < 4; ++i)
        ten[6 + i] = serial[i];
    return luhn(std::string_view(ten, 10));
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::size_t spaces(std::string_view s, std::size_t pos) {
    std::size_t n = 0;
    while (pos + n < s.size() && is_space(s[pos + n]))
        ++n;
    return n;
}

// The separator between date and serial at `pos`: '-' or '+' with spaces on either side, or
// spaces. Its length; 0 when there is none. In normalised text a space is one ' '; reading runs of
// ASCII spaces lets ASCII text be read as it is, without normalising it.
std::size_t separator_length(std::string_view s, std::size_t pos) {
    std::size_t n = spaces(s, pos);
    if (pos + n < s.size() && (s[pos + n] == '-' || s[pos + n] == '+'))
        n += 1 + spaces(s, pos + n + 1);
    return n;
}

// What normalise_for_guard makes of a code point above ASCII: the ASCII byte it becomes, 0 to
// drop it, -1 to keep it.
int guard_map(utf8proc_int32_t cp) {
    if (cp >= 0xFF10 && cp <= 0xFF19) return '0' + (cp - 0xFF10); // fullwidth digits
    if (cp == 0xFF0B || cp == 0xFE62) return '+';                 // fullwidth and small plus
    if (cp == 0x2212) return '-';                                 // minus sign (Sm)
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PD:
        return '-';
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return ' ';
    case UTF8PROC_CATEGORY_CF:
        return 0;
    default:
        return -1;
    }
}

// At most this many bytes of markup may part a number's date and serial in a source text for the
// guard to trace a published number back to it ("811218-**9876**", "811218&#45;9876").
constexpr std::size_t markup_gap = 32;

// The length of a character reference, percent-escape or TOML escape (&#45; %E2 \u2013) at
// `pos`, or 0: its digits are not the number's.
std::size_t escape_length(std::string_view s, std::size_t pos) {
    const std::string_view rest = s.substr(pos);
    if (rest.starts_with("&#")) {
        std::size_t k = 2;
        const bool hex = k < rest.size() && (rest[k] == 'x' || rest[k] == 'X');
        k += hex;
        while (k < rest.size() &&
               (hex ? std::isxdigit(static_cast<unsigned char>(rest[k])) != 0 : is_digit(rest[k])))
            ++k;
        return k < rest.size() && rest[k] == ';' ? k + 1 : k;
    }
    if (rest.size() >= 3 && rest[0] == '%' && std::isxdigit(static_cast<unsigned char>(rest[1])) &&
        std::isxdigit(static_cast<unsigned char>(rest[2])))
        return 3;
    if (rest.starts_with("\\u")) return std::min<std::size_t>(6, rest.size());
    if (rest.starts_with("\\U")) return std::min<std::size_t>(10, rest.size());
    return 0;
}

// Where a serial of exactly four digits starts after the date ending at `pos` with only markup
// between them, or npos.
std::size_t serial_after_markup(std::string_view s, std::size_t pos) {
    const std::size_t limit = std::min(s.size(), pos + markup_gap);
    for (std::size_t j = pos; j < limit;) {
        if (is_digit(s[j])) return digit_run(s, j) == 4 ? j : npos;
        const std::size_t escape = escape_length(s, j);
        j += escape ? escape : 1;
    }
    return npos;
}

// A match's date and serial digits, whatever parts them: the key a number is traced by.
std::string key_of(std::string_view match) {
    const std::size_t run = digit_run(match, 0);
    std::string out(match.substr(0, run));
    if (run < 10) out += match.substr(match.size() - 4);
    return out;
}

// Calls found(pos, length, strict) for every number in normalised text `s`; with `lenient`, also
// for a date and serial parted only by markup (strict = false).
template <typename F> void each_number(std::string_view s, bool lenient, F&& found) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!is_digit(s[i])) continue;
        const std::size_t run = digit_run(s, i);
        if (const std::size_t len = personal_number_at(s, i)) {
            found(i, len, true);
            i += len - 1;
            continue;
        }
        if (lenient && (run == 6 || run == 8)) {
            const std::size_t serial = serial_after_markup(s, i + run);
            if (serial != npos && valid(s.substr(i, run), s.substr(serial, 4)))
                found(i, serial + 4 - i, false);
        }
        i += run - 1; // a match never starts inside a run
    }
}

// A strict match as messages show it: the serial masked, so the build log does not republish it.
std::string masked(std::string_view match) {
    return std::string(match.substr(0, match.size() - 4)) + "****";
}

// `s` with the serial of every number in it masked: for file names in messages.
std::string mask_numbers(std::string_view s) {
    const std::string n = normalise_for_guard(s);
    std::string out;
    std::size_t from = 0;
    each_number(n, false, [&](std::size_t pos, std::size_t len, bool) {
        out.append(n, from, pos - from).append(masked(std::string_view(n).substr(pos, len)));
        from = pos + len;
    });
    return from == 0 ? std::string(s) : out.append(n, from);
}

// What one pass over a text tells: whether a number can be in it once normalised, and whether
// it is ASCII. A number is a run of ten or twelve digits, or of six or eight followed by a space
// or a sign; normalising only joins digits across non-ASCII characters it drops, and non-ASCII
// separators and fullwidth digits are non-ASCII too. So a run here goes on through digits and
// non-ASCII bytes, counting digits (and fullwidth ones by their lead byte): a run of ten or more,
// or of six or more that an ASCII space or sign ends, may hold a number. Most blocks and
// attributes end here, links to "are-000139" too.
struct Prefilter {
    bool may_hold_number = false;
    bool ascii = true;
};

// SWAR over eight bytes: true when one of them is below `n` (bytes below 0x80; a borrow can
// only add a false true above a true byte), or equal to `b`.
constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
bool has_less(std::uint64_t x, std::uint64_t n) {
    return ((x - ones * n) & ~x & highs) != 0;
}
bool has_byte(std::uint64_t w, unsigned char b) {
    return has_less(w ^ (ones * b), 1);
}

Prefilter prefilter(std::string_view s) {
    Prefilter p;
    std::size_t digits = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::uint64_t w;
        if (digits == 0 && i + 8 <= s.size()) {
            // Outside a run, eight bytes without a digit (or a fullwidth one's lead byte) start
            // none: skipped at once. Most text is such words, Swedish letters or not.
            std::memcpy(&w, s.data() + i, 8);
            if (!has_less(w ^ (ones * '0'), 10) && !has_byte(w, 0xef)) {
                if (w & highs) p.ascii = false;
                i += 8;
                continue;
            }
        }
        const char c = s[i++];
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x80) p.ascii = false;
        if (is_digit(c) || b == 0xef) {
            ++digits;
        } else if (b < 0x80) {
            if (digits >= 6 && (is_space(c) || c == '-' || c == '+')) p.may_hold_number = true;
            digits = 0;
        }
        if (digits >= 10) p.may_hold_number = true;
    }
    return p;
}

// Calls found(line, column, match as normalised, strict) for every number in a source text; with
// `lenient`, also for a date and serial parted only by markup.
template <typename F> void each_source_number(std::string_view text, bool lenient, F&& found) {
    // ASCII text reads the same normalised or not; only a match is normalised, to be shown.
    if (prefilter(text).ascii) {
        TextCursor cursor(text);
        each_number(text, lenient, [&](std::size_t pos, std::size_t len, bool strict) {
            const auto [line, column] = cursor.at(pos);
            found(line, column, normalise_for_guard(text.substr(pos, len)), strict);
        });
        return;
    }
    std::vector<std::uint32_t> offsets;
    const std::string n = normalise_for_guard(text, &offsets);
    TextCursor cursor(text);
    each_number(n, lenient, [&](std::size_t pos, std::size_t len, bool strict) {
        const auto [line, column] = cursor.at(offsets[pos]);
        found(line, column, std::string_view(n).substr(pos, len), strict);
    });
}

std::string percent_decoded(std::string_view url) {
    std::string out;
    out.reserve(url.size());
    for (std::size_t i = 0; i < url.size(); ++i) {
        if (url[i] == '%' && i + 2 < url.size() &&
            std::isxdigit(static_cast<unsigned char>(url[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(url[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(url.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += url[i];
        }
    }
    return out;
}

const std::string allow_hint =
    ": remove it, or set allow_personal_numbers = true in the front matter";

} // namespace

std::string normalise_for_guard(std::string_view text, std::vector<std::uint32_t>* offsets) {
    // Never longer than the text: written in place, then cut.
    std::string out(text.size(), '\0');
    if (offsets) offsets->resize(text.size());
    std::size_t n = 0;
    auto put = [&](char c, std::size_t from) {
        if (c == ' ' && n > 0 && out[n - 1] == ' ') return;
        out[n] = c;
        if (offsets) (*offsets)[n] = static_cast<std::uint32_t>(from);
        ++n;
    };
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            put(is_space(text[i]) ? ' ' : text[i], i);
            ++i;
            continue;
        }
        utf8proc_int32_t cp;
        const utf8proc_ssize_t len =
            utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
        if (len <= 0) { // not UTF-8: kept as it is
            put(text[i], i);
            ++i;
            continue;
        }
        const int mapped = guard_map(cp);
        if (mapped > 0) put(static_cast<char>(mapped), i);
        for (utf8proc_ssize_t k = 0; mapped < 0 && k < len; ++k)
            put(text[i + k], i + k);
        i += static_cast<std::size_t>(len);
    }
    out.resize(n);
    if (offsets) offsets->resize(n);
    return out;
}

std::size_t personal_number_at(std::string_view s, std::size_t pos) {
    if (pos >= s.size() || !is_digit(s[pos]) || (pos > 0 && is_digit(s[pos - 1]))) return 0;
    const std::size_t run = digit_run(s, pos);
    if (run == 10 || run == 12) { // YYMMDDNNNN, YYYYMMDDNNNN
        const std::string_view d = s.substr(pos, run);
        return valid(d.substr(0, run - 4), d.substr(run - 4)) ? run : 0;
    }
    if (run != 6 && run != 8) return 0;
    const std::size_t separator = separator_length(s, pos + run);
    const std::size_t serial = pos + run + separator;
    if (separator == 0 || digit_run(s, serial) != 4) return 0;
    return valid(s.substr(pos, run), s.substr(serial, 4)) ? run + separator + 4 : 0;
}

bool allows_personal_numbers(const Page& page) {
    const Value* allow = page.get("allow_personal_numbers");
    return allow && allow->type == FieldType::boolean && allow->flag;
}

void check_personal_data(const Page& page, Diagnostics& diags) {
    if (allows_personal_numbers(page) || !prefilter(page.text).may_hold_number) return;
    each_source_number(page.text, false, [&](int line, int column, std::string_view match, bool) {
        diags.error(page.source, line, column,
                    "possible personal identity number \"" + masked(match) + "\" (GDPR)" +
                        allow_hint);
    });
}

// --- the guard over published text ----------------------------------------------------------

namespace {

// Where a number is written in the sources.
struct Origin {
    std::size_t page;  // npos: `file` (site.toml, a copied file)
    std::string file;  // when page is npos
    int line, column;  // 0: in the file's name
    bool reported;     // check_personal_data reported it already
    std::string shown; // as written there, masked
};

const std::string config_name = "site.toml";

} // namespace

struct PersonalDataGuard::State {
    std::span<const Page> pages;
    std::filesystem::path config_file;
    std::vector<std::string> copied;
    Diagnostics& diags;
    std::vector<bool> allowed;
    std::unordered_map<std::string_view, std::size_t> by_source;

    std::once_flag indexed;
    std::unordered_map<std::string, std::vector<Origin>> index; // by key_of()
    std::mutex mutex;
    // Kept, sorted, until report_errors(): the threads find them in any order.
    std::set<std::tuple<std::string, int, int, std::string>> errors;

    State(std::span<const Page> p, const std::filesystem::path& file, std::vector<std::string> c,
          Diagnostics& d)
        : pages(p), config_file(file), copied(std::move(c)), diags(d) {
        for (std::size_t i = 0; i < pages.size(); ++i) {
            allowed.push_back(allows_personal_numbers(pages[i]));
            by_source.emplace(pages[i].source, i);
        }
    }

    std::size_t page_of(std::string_view source) const {
        const auto it = by_source.find(source);
        return it == by_source.end() ? npos : it->second;
    }

    void add(Origin o, std::string_view match, bool strict) {
        // A lenient match (markup between date and serial) is shown with a '-'.
        o.shown =
            strict ? masked(match) : std::string(match.substr(0, digit_run(match, 0))) + "-****";
        index[key_of(match)].push_back(std::move(o));
    }

    void add_name(std::size_t page, const std::string& file) {
        const std::string name = normalise_for_guard(file);
        each_number(name, false, [&](std::size_t pos, std::size_t len, bool) {
            const Origin o{page, page == npos ? file : std::string(), 0, 0, false, {}};
            add(o, std::string_view(name).substr(pos, len), true);
        });
    }

    // Every number in every page's file name and text, the copied files' names and site.toml,
    // markup between date and serial allowed: what a published number is traced back to.
    void build_index() {
        std::string read;
        for (std::size_t i = 0; i < pages.size(); ++i) {
            add_name(i, pages[i].source);
            // A file changed since it was read gives no places: a number it publishes is still
            // reported, at the page.
            each_source_number(
                page_text(pages[i], read).value_or(""), true,
                [&](int line, int column, std::string_view match, bool strict) {
                    add({i, {}, line, column, strict && !allowed[i], {}}, match, strict);
                });
        }
        for (const std::string& file : copied)
            add_name(npos, file);
        each_source_number(read_file(config_file).value_or(""), true,
                           [&](int line, int column, std::string_view match, bool strict) {
                               add({npos, config_name, line, column, false, {}}, match, strict);
                           });
    }

    void emit(std::string file, int line, int column, std::string message) {
        std::lock_guard lock(mutex);
        errors.emplace(mask_numbers(file), line, column, std::move(message));
    }

    void report(const Origin& o) {
        const std::string shown = "possible personal identity number \"" + o.shown + "\" (GDPR)";
        const std::string& file = o.page == npos ? o.file : pages[o.page].source;
        const std::string allow =
            o.page == npos ? "" : ", or set allow_personal_numbers = true in the front matter";
        if (o.line == 0)
            return emit(file, 0, 0,
                        shown +
                            " in the file name, which the site publishes (in addresses or archive "
                            "entry names): "
                            "rename the file" +
                            allow);
        if (o.page == npos)
            return emit(file, o.line, o.column,
                        shown + ", published on the site's pages: remove it");
        emit(file, o.line, o.column, shown + " in the published text: remove it" + allow);
    }

    // A number published for `page` (or for the copied file `where.source`): every place its
    // sources write it (its file name only, for an address) that the source check did not report;
    // if they do not write it, the first place any source does, unless a page that allows numbers
    // writes it or it was reported.
    void found(std::string_view match, std::size_t page, const Published& where) {
        std::call_once(indexed, [this] { build_index(); });
        const auto it = index.find(key_of(match));
        if (it != index.end()) {
            const bool address = where.what == "address" || where.what == "entry name";
            std::vector<const Origin*> own, name;
            for (const Origin& o : it->second) {
                const bool mine = page != npos ? o.page == page
                                               : o.page == npos && !where.source.empty() &&
                                                     o.file == where.source;
                if (!mine) continue;
                own.push_back(&o);
                if (o.line == 0) name.push_back(&o);
            }
            if (address && !name.empty()) own = std::move(name);
            for (const Origin* o : own)
                if (!o->reported) report(*o);
            if (!own.empty()) return;
            for (const Origin& o : it->second)
                if (o.reported || (o.page != npos && allowed[o.page])) return;
            return report(it->second.front());
        }
        // Not in any source as written (a theme's text, a name the build made).
        const std::string shown = "possible personal identity number \"" +
                                  masked(normalise_for_guard(match)) + "\" (GDPR)";
        const std::string in = where.what == "attribute"
                                   ? "the " + std::string(where.detail) + " attribute"
                                   : "the " + std::string(where.what);
        const std::string context = " in " + in + " of " + mask_numbers(where.file);
        if (page != npos) return emit(pages[page].source, 0, 0, shown + context + allow_hint);
        emit(std::string(where.source.empty() ? where.file : where.source), 0, 0,
             shown + context + ": remove it");
    }
};

PersonalDataGuard::PersonalDataGuard(std::span<const Page> pages,
                                     const std::filesystem::path& config_file,
                                     std::vector<std::string> copied, Diagnostics& diags)
    : state_(std::make_unique<State>(pages, config_file, std::move(copied), diags)) {}

PersonalDataGuard::~PersonalDataGuard() = default;

void PersonalDataGuard::check(std::string_view text, const Published& where) const {
    const Prefilter p = prefilter(text);
    if (!p.may_hold_number) return;
    const std::size_t page = state_->page_of(where.source);
    if (page != npos && state_->allowed[page]) return;
    // ASCII text reads the same normalised or not (the matcher takes runs of spaces).
    const std::string normalised = p.ascii ? std::string() : normalise_for_guard(text);
    const std::string_view n = p.ascii ? text : std::string_view(normalised);
    each_number(n, false, [&](std::size_t pos, std::size_t len, bool) {
        state_->found(n.substr(pos, len), page, where);
    });
}

void PersonalDataGuard::report_errors() const {
    std::lock_guard lock(state_->mutex);
    for (const auto& [file, line, column, message] : state_->errors)
        state_->diags.error(file, line, column, message);
    state_->errors.clear();
}

void PersonalDataGuard::check_url(std::string_view url, const Published& where) const {
    if (url.find('%') == std::string_view::npos) return check(url, where);
    check(percent_decoded(url), where);
}

} // namespace docket
