#include "docket/personal_data.h"

namespace docket {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the run of digits starting at pos.
std::size_t digit_run(std::string_view s, std::size_t pos) {
    std::size_t k = pos;
    while (k < s.size() && is_digit(s[k])) ++k;
    return k - pos;
}

int number(std::string_view digits) {
    int n = 0;
    for (char c : digits) n = n * 10 + (c - '0');
    return n;
}

// YYMMDD (century unknown when `year` < 0) with day + 60 allowed for samordningsnummer.
bool valid_date(int year, int month, int day) {
    if (day > 60) day -= 60;
    if (month < 1 || month > 12 || day < 1) return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    // Without a century, "00" may be 2000 (a leap year): allow 29 February for any YY % 4 == 0.
    const bool leap = year < 100 ? year % 4 == 0 : (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap);
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
    for (std::size_t i = 0; i < 6; ++i) ten[i] = yymmdd[i];
    for (std::size_t i = 0; i < 4; ++i) ten[6 + i] = serial[i];
    return luhn(std::string_view(ten, 10));
}

} // namespace

std::size_t personal_number_at(std::string_view s, std::size_t pos) {
    if (pos >= s.size() || !is_digit(s[pos]) || (pos > 0 && is_digit(s[pos - 1]))) return 0;
    const std::size_t run = digit_run(s, pos);
    if (run == 10 || run == 12) { // YYMMDDNNNN, YYYYMMDDNNNN
        const std::string_view d = s.substr(pos, run);
        return valid(d.substr(0, run - 4), d.substr(run - 4)) ? run : 0;
    }
    if ((run == 6 || run == 8) && pos + run < s.size() && (s[pos + run] == '-' || s[pos + run] == '+')) {
        const std::size_t serial = pos + run + 1;
        if (digit_run(s, serial) != 4) return 0;
        return valid(s.substr(pos, run), s.substr(serial, 4)) ? run + 5 : 0;
    }
    return 0;
}

void check_personal_data(const Page& page, Diagnostics& diags) {
    if (const Value* allow = page.get("allow_personal_numbers");
        allow && allow->is(FieldType::boolean) && allow->flag)
        return;
    const std::string_view s = page.text;
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n') {
            ++line;
            line_start = i + 1;
            continue;
        }
        if (!is_digit(s[i])) continue;
        const std::size_t len = personal_number_at(s, i);
        if (len == 0) {
            i += digit_run(s, i) - 1; // skip the rest of the run: a match never starts inside one
            continue;
        }
        int column = 1;
        for (std::size_t k = line_start; k < i; ++k) column += (static_cast<unsigned char>(s[k]) & 0xc0) != 0x80;
        // The message names the number with its serial masked, so the build log does not
        // republish it.
        std::string shown(s.substr(i, len - 4));
        shown += "****";
        diags.error(page.source, line, column,
                    "possible personal identity number \"" + shown +
                        "\" (GDPR): remove it, or set allow_personal_numbers = true in the front matter");
        i += len - 1;
    }
}

} // namespace docket
