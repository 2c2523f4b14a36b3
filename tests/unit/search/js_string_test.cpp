#include "lunr/js_string.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

TEST_CASE("strings sort by UTF-16 code units, as Array.prototype.sort does") {
    CHECK(lunr::js_string_less("", "a"));
    CHECK(lunr::js_string_less("a", "ab"));
    CHECK(lunr::js_string_less("Z", "a"));
    CHECK(lunr::js_string_less("z", "ä"));
    CHECK(lunr::js_string_less("ä", "å")); // U+00E4 < U+00E5 < U+00F6
    CHECK(lunr::js_string_less("å", "ö"));
    CHECK_FALSE(lunr::js_string_less("ö", "ö"));
    // A supplementary character (surrogates D800..DFFF) sorts before U+E000..U+FFFF,
    // unlike in UTF-8 byte or code point order.
    CHECK(lunr::js_string_less("x😀y", "x\xEE\x80\x80y")); // U+1F600 < U+E000 in UTF-16
    CHECK(lunr::js_string_less("x😀y", "xａy"));           // U+FF41
    CHECK(lunr::js_string_less("x\xED\x9F\xBF", "x😀"));   // U+D7FF < surrogates
    CHECK(lunr::js_string_less("😀", "🙂"));

    // The order lunr.js's Object.keys(invertedIndex).sort() gives (from Node).
    std::vector<std::string> terms{"xａy",           "x😀y", "åäö", "", "2020", "11", "a",
                                   "x\xEE\x80\x80y", "ö",   "ä",   "Z"};
    std::sort(terms.begin(), terms.end(), lunr::js_string_less);
    CHECK(terms == std::vector<std::string>{"", "11", "2020", "Z", "a", "x😀y", "x\xEE\x80\x80y",
                                            "xａy", "ä", "åäö", "ö"});
}

TEST_CASE("array-index keys are recognised as JavaScript orders object keys") {
    CHECK(lunr::js_array_index("0") == 0u);
    CHECK(lunr::js_array_index("10") == 10u);
    CHECK(lunr::js_array_index("4294967294") == 4294967294u);
    CHECK_FALSE(lunr::js_array_index("4294967295")); // 2^32 - 1 is not an array index
    CHECK_FALSE(lunr::js_array_index("007"));
    CHECK_FALSE(lunr::js_array_index("-1"));
    CHECK_FALSE(lunr::js_array_index("1.5"));
    CHECK_FALSE(lunr::js_array_index(""));
    CHECK_FALSE(lunr::js_array_index("99999999999"));
}

TEST_CASE("strings are quoted as JSON.stringify quotes them") {
    auto quote = [](std::string_view s) {
        std::string out;
        lunr::append_json_string(out, s);
        return out;
    };
    CHECK(quote("plan") == "\"plan\"");
    CHECK(quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(quote("\b\t\n\f\r") == "\"\\b\\t\\n\\f\\r\"");
    CHECK(quote(std::string_view("\x01\x1f\x7f", 3)) == "\"\\u0001\\u001f\x7f\"");
    CHECK(quote("åäö\xE2\x80\xA8😀") == "\"åäö\xE2\x80\xA8😀\""); // U+2028 stays literal
}
