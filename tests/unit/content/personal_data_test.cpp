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
    for (const auto& d : diags.sorted()) out.push_back(docket::format(d));
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
    const auto e = errors_of("+++\ntitle = \"Anm\u00e4lan 811218-9876\"\n+++\nText\n\nPerson 19811218-9876 h\u00e4r.\n");
    REQUIRE(e.size() == 2);
    CHECK(e[0].starts_with("content/x.md:2:18: error: possible personal identity number"));
    CHECK(e[1].starts_with("content/x.md:6:8: error: possible personal identity number"));
    CHECK(e[1].find("allow_personal_numbers = true") != std::string::npos);
    CHECK(errors_of("+++\ntitle = \"T\"\nallow_personal_numbers = true\n+++\n811218-9876\n").empty());
}
