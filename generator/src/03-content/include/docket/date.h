// Calendar dates as docket writes them (front matter, archives): ISO 8601's YYYY-MM-DD.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace docket {

// The date "YYYY-MM-DD" names, or nothing when `text` is anything else or no real date
// ("2021-02-29").
std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text);

// "YYYY-MM-DD" of `date` (a year before 1000 with leading zeros).
std::string iso_date(std::chrono::year_month_day date);

} // namespace docket
