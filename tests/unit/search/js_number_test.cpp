#include "lunr/js_number.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using lunr::js_number_to_string;

TEST_CASE("numbers print as JavaScript's Number.prototype.toString") {
    CHECK(js_number_to_string(0) == "0");
    CHECK(js_number_to_string(-0.0) == "0");
    CHECK(js_number_to_string(42) == "42");
    CHECK(js_number_to_string(-17.549) == "-17.549");
    CHECK(js_number_to_string(1.1) == "1.1");
    CHECK(js_number_to_string(0.1 + 0.2) == "0.30000000000000004");
    CHECK(js_number_to_string(0.001) == "0.001");
    CHECK(js_number_to_string(0.000001) == "0.000001");
    CHECK(js_number_to_string(0.0000001) == "1e-7");
    CHECK(js_number_to_string(1.5e-7) == "1.5e-7");
    CHECK(js_number_to_string(1e21) == "1e+21");
    CHECK(js_number_to_string(1e20) == "100000000000000000000");
    CHECK(js_number_to_string(123456789012345680000.0) == "123456789012345680000");
    CHECK(js_number_to_string(2.5e21) == "2.5e+21");
    CHECK(js_number_to_string(9007199254740993.0) == "9007199254740992");
    CHECK(js_number_to_string(5e-324) == "5e-324");
    CHECK(js_number_to_string(1.7976931348623157e308) == "1.7976931348623157e+308");
    CHECK(js_number_to_string(std::numeric_limits<double>::infinity()) == "Infinity");
    CHECK(js_number_to_string(std::nan("")) == "NaN");
    std::string json;
    lunr::append_json_number(json, std::numeric_limits<double>::infinity());
    CHECK(json == "null");
}

TEST_CASE("Math.round rounds ties towards +infinity") {
    CHECK(lunr::js_round(2.5) == 3);
    CHECK(lunr::js_round(-2.5) == -2);
    CHECK(lunr::js_round(0.49999999999999994) == 0);
    CHECK(std::signbit(lunr::js_round(-0.4)));
    CHECK(lunr::js_round(1234.5) == 1235);
    // lunr's 3-decimal rounding of a score.
    CHECK(js_number_to_string(lunr::js_round(1.2345 * 1000) / 1000) == "1.235");
}

TEST_CASE("Math.log is V8's (fdlibm), not the C library's") {
    // Values where glibc's log and V8's Math.log differ in the last bit;
    // expected strings are Node's Math.log(x).toString().
    CHECK(js_number_to_string(lunr::js_log(2.337620258331299)) ==
          "0.8491334282717915"); // glibc: ...916
    CHECK(js_number_to_string(lunr::js_log(3.078688383102417)) ==
          "1.1245036566437014"); // glibc: ...012
    CHECK(js_number_to_string(lunr::js_log(6.9094207882881165)) ==
          "1.932885812021452"); // glibc: ...0214523
    CHECK(js_number_to_string(lunr::js_log(1)) == "0");
    CHECK(js_number_to_string(lunr::js_log(2)) == "0.6931471805599453");
    CHECK(js_number_to_string(lunr::js_log(10)) == "2.302585092994046");
    CHECK(std::isinf(lunr::js_log(0)));
    CHECK(std::isnan(lunr::js_log(-1)));
}
