#include "lunr/js_number.h"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace lunr {

namespace {

// Integers below 2^53 and 1e21 (term indexes, ids), printed directly. False when `value` is not
// one.
bool append_integer(std::string& out, double value) {
    if (value != std::trunc(value) || std::fabs(value) >= 9007199254740992.0) return false;
    std::array<char, 24> buf;
    auto [end, ec] =
        std::to_chars(buf.data(), buf.data() + buf.size(), static_cast<std::int64_t>(value));
    (void)ec;
    if (std::fabs(value) >= 1e21) return false;
    out.append(buf.data(), end);
    return true;
}

// Scores are rounded to 3 decimals: when the value is the double nearest to some m / 1000, that
// decimal is its shortest round-trip form (below 1e9 doubles are far closer together than 0.001,
// so no shorter decimal can land on the same double). False when `value` is not such a double.
bool append_thousandths(std::string& out, double value) {
    if (std::fabs(value) >= 1e9) return false;
    const double m = std::nearbyint(value * 1000);
    if (m / 1000 != value) return false;
    auto units = static_cast<std::int64_t>(std::fabs(m));
    if (value < 0) out.push_back('-');
    std::array<char, 24> buf;
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), units / 1000);
    (void)ec;
    out.append(buf.data(), end);
    int fraction = static_cast<int>(units % 1000);
    if (fraction != 0) {
        char digits[4] = {'.', static_cast<char>('0' + fraction / 100),
                          static_cast<char>('0' + fraction / 10 % 10),
                          static_cast<char>('0' + fraction % 10)};
        std::size_t length = 4;
        while (digits[length - 1] == '0')
            --length;
        out.append(digits, length);
    }
    return true;
}

// Shortest round-trip digits, as "d.ddde±x", re-laid out by ECMAScript's Number::toString rules.
void append_shortest(std::string& out, double value) {
    std::array<char, 40> buf;
    auto [end, ec] =
        std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::scientific);
    (void)ec;
    const char* p = buf.data();
    if (*p == '-') {
        out.push_back('-');
        ++p;
    }
    std::array<char, 24> digits;
    int k = 0;
    while (p < end && *p != 'e') {
        if (*p != '.') digits[k++] = *p;
        ++p;
    }
    int exponent = 0;
    std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exponent);
    const int n = exponent + 1; // value = 0.digits × 10^n
    if (k <= n && n <= 21) {
        out.append(digits.data(), k);
        out.append(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out.append(digits.data(), n);
        out.push_back('.');
        out.append(digits.data() + n, k - n);
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-n), '0');
        out.append(digits.data(), k);
    } else {
        out.push_back(digits[0]);
        if (k > 1) {
            out.push_back('.');
            out.append(digits.data() + 1, k - 1);
        }
        out.push_back('e');
        out.push_back(n - 1 < 0 ? '-' : '+');
        out += std::to_string(std::abs(n - 1));
    }
}

} // namespace

void append_js_number(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
    } else if (std::isinf(value)) {
        out += value < 0 ? "-Infinity" : "Infinity";
    } else if (value == 0) { // also -0, which JavaScript prints as "0"
        out.push_back('0');
    } else if (!append_integer(out, value) && !append_thousandths(out, value)) {
        append_shortest(out, value);
    }
}

std::string js_number_to_string(double value) {
    std::string out;
    append_js_number(out, value);
    return out;
}

void append_json_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    append_js_number(out, value);
}

double js_round(double value) {
    if (!std::isfinite(value)) return value;
    double r = std::floor(value);
    if (value - r >= 0.5) r += 1; // exact: value - floor(value) is representable
    if (r == 0 && std::signbit(value)) return -0.0;
    return r;
}

namespace {

std::uint32_t high_word(double x) {
    return static_cast<std::uint32_t>(std::bit_cast<std::uint64_t>(x) >> 32);
}
std::uint32_t low_word(double x) {
    return static_cast<std::uint32_t>(std::bit_cast<std::uint64_t>(x));
}
double with_high_word(double x, std::uint32_t hi) {
    return std::bit_cast<double>((static_cast<std::uint64_t>(hi) << 32) | low_word(x));
}

} // namespace

// fdlibm e_log.c, as ported to V8 (src/base/ieee754.cc).
double js_log(double x) {
    constexpr double ln2_hi = 6.93147180369123816490e-01;
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    constexpr double two54 = 1.80143985094819840000e+16;
    constexpr double Lg1 = 6.666666666666735130e-01;
    constexpr double Lg2 = 3.999999999940941908e-01;
    constexpr double Lg3 = 2.857142874366239149e-01;
    constexpr double Lg4 = 2.222219843214978396e-01;
    constexpr double Lg5 = 1.818357216161805012e-01;
    constexpr double Lg6 = 1.531383769920937332e-01;
    constexpr double Lg7 = 1.479819860511658591e-01;

    auto hx = static_cast<std::int32_t>(high_word(x));
    const std::uint32_t lx = low_word(x);
    std::int32_t k = 0;
    if (hx < 0x00100000) { // x < 2^-1022
        if (((hx & 0x7FFFFFFF) | lx) == 0) return -HUGE_VAL;
        if (hx < 0) return std::nan("");
        k -= 54;
        x *= two54;
        hx = static_cast<std::int32_t>(high_word(x));
    }
    if (hx >= 0x7FF00000) return x + x;
    k += (hx >> 20) - 1023;
    hx &= 0x000FFFFF;
    std::int32_t i = (hx + 0x95F64) & 0x100000;
    x = with_high_word(x, static_cast<std::uint32_t>(hx | (i ^ 0x3FF00000)));
    k += (i >> 20);
    const double f = x - 1.0;
    double dk;
    if ((0x000FFFFF & (2 + hx)) < 3) { // -2^-20 <= f < 2^-20
        if (f == 0.0) {
            if (k == 0) return 0.0;
            dk = static_cast<double>(k);
            return dk * ln2_hi + dk * ln2_lo;
        }
        const double R = f * f * (0.5 - 0.33333333333333333 * f);
        if (k == 0) return f - R;
        dk = static_cast<double>(k);
        return dk * ln2_hi - ((R - dk * ln2_lo) - f);
    }
    const double s = f / (2.0 + f);
    dk = static_cast<double>(k);
    const double z = s * s;
    i = hx - 0x6147A;
    const double w = z * z;
    const std::int32_t j = 0x6B851 - hx;
    const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    i |= j;
    const double R = t2 + t1;
    if (i > 0) {
        const double hfsq = 0.5 * f * f;
        if (k == 0) return f - (hfsq - s * (hfsq + R));
        return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
    }
    if (k == 0) return f - s * (f - R);
    return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

} // namespace lunr
