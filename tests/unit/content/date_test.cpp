#include "docket/date.h"

#include <doctest/doctest.h>

using namespace std::chrono;

TEST_CASE("ISO dates: only a real YYYY-MM-DD date is read") {
    CHECK(docket::parse_iso_date("2020-11-20") == year_month_day(year(2020), month(11), day(20)));
    CHECK(docket::parse_iso_date("2024-02-29") == year_month_day(year(2024), month(2), day(29)));
    CHECK(docket::parse_iso_date("2000-02-29").has_value());
    CHECK_FALSE(docket::parse_iso_date("2021-02-29")); // not a leap year
    CHECK_FALSE(docket::parse_iso_date("1900-02-29")); // a century not divisible by 400
    CHECK_FALSE(docket::parse_iso_date("2020-04-31"));
    CHECK_FALSE(docket::parse_iso_date("2020-13-01"));
    CHECK_FALSE(docket::parse_iso_date("2020-00-10"));
    CHECK_FALSE(docket::parse_iso_date("2020-1-20"));
    CHECK_FALSE(docket::parse_iso_date("2020-11-20T10:00"));
    CHECK_FALSE(docket::parse_iso_date(" 2020-11-20"));
    CHECK_FALSE(docket::parse_iso_date("+020-11-20"));
    CHECK_FALSE(docket::parse_iso_date("2020/11/20"));
    CHECK_FALSE(docket::parse_iso_date(""));
}

TEST_CASE("ISO dates are written with four-digit years and two-digit months and days") {
    CHECK(docket::iso_date(year(2020) / 11 / 20) == "2020-11-20");
    CHECK(docket::iso_date(year(2021) / 3 / 5) == "2021-03-05");
    CHECK(docket::iso_date(year(999) / 1 / 2) == "0999-01-02");
}
