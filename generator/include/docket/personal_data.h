// content/: the personal-data guard. Municipalities must not publish Swedish personal identity
// numbers (GDPR), so a page that contains one stops the build unless it says it may.
#pragma once

#include "docket/diagnostic.h"
#include "docket/page.h"

#include <string_view>

namespace docket {

// Reports every possible personnummer or samordningsnummer in the page's text (front matter and
// body), unless the front matter sets `allow_personal_numbers = true`. Recognised forms:
// YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN and YYMMDDNNNN, each with an existing
// date (day + 60 for a samordningsnummer) and a valid Luhn check digit over the 10-digit form.
// Digits inside a longer run of digits never match, so dates ("2020-11-20"), diarienummer
// ("KS 20/0600") and phone numbers ("08 581 690 00") pass.
void check_personal_data(const Page& page, Diagnostics& diags);

// The length of the identity number that starts at `pos` in `text`, or 0 when none does. A match
// never starts or ends inside a run of digits.
std::size_t personal_number_at(std::string_view text, std::size_t pos);

} // namespace docket
