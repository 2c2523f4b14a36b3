#include "docket/personal_data.h"

#include <doctest/doctest.h>

namespace {

std::vector<std::string> errors_of(const std::string& text) {
    docket::Diagnostics diags;
    docket::Page p;
    p.id = "x";
    p.source = "content/x.md";
    p.text = text;
    REQUIRE(docket::parse_page(p, diags));
    docket::check_personal_data(p, diags);
    std::vector<std::string> out;
    for (const auto& d : diags.sorted())
        out.push_back(docket::format(d));
    return out;
}

} // namespace

TEST_CASE("personal data: numbers with a valid Luhn digit are found in every form") {
    // 811218-9876 has a valid check digit (Skatteverket's example number).
    CHECK(docket::personal_number_at("811218-9876", 0) == 11);
    CHECK(docket::personal_number_at("19811218-9876", 0) == 13);
    CHECK(docket::personal_number_at("198112189876", 0) == 12);
    CHECK(docket::personal_number_at("8112189876", 0) == 10);
    CHECK(docket::personal_number_at("811218+9876", 0) == 11);
    // Samordningsnummer: day + 60.
    CHECK(docket::personal_number_at("811278-9873", 0) == 11);
}

TEST_CASE("personal data: look-alikes are not numbers") {
    CHECK(docket::personal_number_at("811218-9875", 0) == 0);  // wrong check digit
    CHECK(docket::personal_number_at("811318-9876", 0) == 0);  // month 13
    CHECK(docket::personal_number_at("2811218-9876", 1) == 0); // inside a longer run of digits
    CHECK(errors_of("Dnr KS 20/0600, 2020-11-20, tel 08 581 690 00, 811218-9875.\n").empty());
}

TEST_CASE("personal data: a number in the body or front matter stops the build at its position") {
    const auto e = errors_of(
        "+++\ntitle = \"Anm\u00e4lan 811218-9876\"\n+++\nText\n\nPerson 19811218-9876 h\u00e4r.\n");
    REQUIRE(e.size() == 2);
    CHECK(e[0].starts_with("content/x.md:2:18: error: possible personal identity number"));
    CHECK(e[1].starts_with("content/x.md:6:8: error: possible personal identity number"));
    CHECK(e[1].find("allow_personal_numbers = true") != std::string::npos);
    CHECK(
        errors_of("+++\ntitle = \"T\"\nallow_personal_numbers = true\n+++\n811218-9876\n").empty());
}

TEST_CASE("personal data: normalisation maps dashes and spaces, drops format characters") {
    using docket::normalise_for_guard;
    // Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign, fullwidth hyphen.
    for (const char* dash : {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uff0d"})
        CHECK(normalise_for_guard(std::string("811218") + dash + "9876") == "811218-9876");
    // No-break, narrow no-break, thin, figure and ideographic spaces, tab and line end.
    for (const char* space : {"\u00a0", "\u202f", "\u2009", "\u2007", "\u3000", "\t", "\n", "\r\n"})
        CHECK(normalise_for_guard(std::string("811218") + space + "9876") == "811218 9876");
    CHECK(normalise_for_guard("a \u00a0\n b") == "a b"); // runs collapse to one space
    // Soft hyphen, zero-width space, word joiner and BOM vanish; fullwidth digits and plus.
    CHECK(normalise_for_guard("81\u00ad12\u200b18\u2060-98\ufeff76") == "811218-9876");
    CHECK(
        normalise_for_guard("\uff18\uff11\uff11\uff12\uff11\uff18\uff0b\uff19\uff18\uff17\uff16") ==
        "811218+9876");
    // Everything else is kept as it is, invalid UTF-8 included.
    CHECK(normalise_for_guard("Trygghetsvandring på Bålsta, 2020-11-20") ==
          "Trygghetsvandring på Bålsta, 2020-11-20");
    CHECK(normalise_for_guard("a\xff"
                              "b") == "a\xff"
                                      "b");
}

TEST_CASE("personal data: normalisation maps each byte back to the text") {
    std::vector<std::uint32_t> offsets;
    const std::string n = docket::normalise_for_guard("ä\u2013 \u00a0x", &offsets);
    REQUIRE(n == "ä- x");
    CHECK(offsets == std::vector<std::uint32_t>{0, 1, 2, 5, 8});
}

TEST_CASE("personal data: a space, or a space beside the sign, may part date and serial") {
    CHECK(docket::personal_number_at("811218 9876", 0) == 11);
    CHECK(docket::personal_number_at("811218 - 9876", 0) == 13);
    CHECK(docket::personal_number_at("811218- 9876", 0) == 12);
    CHECK(docket::personal_number_at("19811218 +9876", 0) == 14);
    CHECK(docket::personal_number_at("811218--9876", 0) == 0);
    CHECK(docket::personal_number_at("811218 98765", 0) == 0);
    CHECK(docket::personal_number_at("811218 9875", 0) == 0);
    CHECK(errors_of("Ring 08 581 690 00 eller 0858169000, möte 2020-11-20 13.00.\n").empty());
}

TEST_CASE(
    "personal data: the source check reads normalised text, at the original line and column") {
    const auto e =
        errors_of("+++\ntitle = \"T\"\n+++\nä Åsa 811218\u20139876 och 811218\u00a09876.\n");
    REQUIRE(e.size() == 2);
    CHECK(e[0].starts_with(
        "content/x.md:4:7: error: possible personal identity number \"811218-****\""));
    CHECK(e[1].starts_with(
        "content/x.md:4:23: error: possible personal identity number \"811218 ****\""));
}

TEST_CASE("personal data: ASCII text is read as it is, a match shown normalised") {
    const auto e = errors_of("+++\ntitle = \"T\"\n+++\nPerson 811218\n9876 och 811218 \t- 9876.\n");
    REQUIRE(e.size() == 2);
    CHECK(e[0].starts_with(
        "content/x.md:4:8: error: possible personal identity number \"811218 ****\""));
    CHECK(e[1].starts_with(
        "content/x.md:5:10: error: possible personal identity number \"811218 - ****\""));
}
