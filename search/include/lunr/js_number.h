// JavaScript number semantics that the index format depends on.
//
// lunr.js computes scores with JavaScript doubles and writes them with
// JSON.stringify, so matching its output byte for byte needs the same
// rounding, the same logarithm and the same Number-to-string conversion.
#pragma once

#include <string>

namespace lunr {

// Number.prototype.toString() (radix 10): the shortest digits that round-trip,
// laid out as ECMAScript's Number::toString does ("0.001", "1e-7", "1e+21",
// "123", "-0" is "0"). NaN and the infinities give "NaN", "Infinity", "-Infinity".
std::string js_number_to_string(double value);
void append_js_number(std::string& out, double value);

// As JSON.stringify writes a number: like js_number_to_string, but "null" for
// a value that is not finite.
void append_json_number(std::string& out, double value);

// Math.round: the nearest integer, ties towards +infinity (Math.round(-2.5) is -2).
double js_round(double value);

// Math.log as V8 computes it (fdlibm's __ieee754_log), so that a last-bit
// difference from the C library can never move a rounded score.
double js_log(double value);

} // namespace lunr
