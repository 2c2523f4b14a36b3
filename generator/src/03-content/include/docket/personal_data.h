// content/: the personal-data guard. Municipalities must not publish Swedish personal identity
// numbers (GDPR), so a build that would publish one stops, unless the page it comes from says it
// may (`allow_personal_numbers = true`).
//
// The guard reads what is published, not only the Markdown: the text of every block as a reader
// sees it (inline markup, escapes and entities resolved), every attribute value, every output
// path and archive entry name, and the search documents, each after normalise_for_guard(). The
// Markdown source is read too, as before: it is published itself in the meeting packs
// (data/source/), and it gives each number its line and column.
#pragma once

#include "docket/diagnostic.h"
#include "docket/page.h"

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

// Text as the guard reads it: every dash (Unicode Pd: hyphen, non-breaking hyphen, en and em
// dash, ...; and U+2212 minus) becomes '-', every space (Unicode Zs, Zl, Zp: NBSP, narrow NBSP,
// thin space, ...; tab, line end) ' ' with runs collapsed to one, format characters (soft hyphen,
// zero-width space and joiners, BOM) are dropped, fullwidth digits and plus become ASCII.
// `offsets`, when given, receives the offset in `text` of each byte of the result.
std::string normalise_for_guard(std::string_view text,
                                std::vector<std::uint32_t>* offsets = nullptr);

// The length of the identity number that starts at `pos` in normalised `text`, or 0 when none
// does. Forms: YYMMDD-NNNN, YYYYMMDD-NNNN, with '+' (over 100 years old) or a space in place of
// the '-', or a space on either side of it; YYYYMMDDNNNN and YYMMDDNNNN. Each with an existing date
// (day + 60 for a samordningsnummer) and a valid Luhn check digit over the 10-digit form. A match
// never starts or ends inside a run of digits, so dates ("2020-11-20"), diarienummer
// ("KS 20/0600") and phone numbers ("08 581 690 00") pass.
std::size_t personal_number_at(std::string_view text, std::size_t pos);

// Reports every identity number in the page's source text (front matter and body), at its line
// and column, unless the front matter sets `allow_personal_numbers = true`.
void check_personal_data(const Page& page, Diagnostics& diags);

// True when the page's front matter sets `allow_personal_numbers = true`.
bool allows_personal_numbers(const Page& page);

// Where a piece of published text goes, for the guard's decision and message.
struct Published {
    std::string_view source; // the content file of the page it is published for, or the file it
                             // comes from (a theme asset); "" for a generated page
    std::string_view file;   // the output file or archive it is written to
    std::string_view what;   // "text", "attribute", "address", "search index", "entry name"
    std::string_view detail = {}; // the attribute's name
};

// Checks published text. Each number found is traced back to where it is written in the sources:
// the page's own text first, then every page's text and file name, the copied files' names and
// site.toml (an index built once, the first time a number is found). A number from a page that
// allows them, or from the page being published when it allows them, passes; one the source check
// already reported is not reported again; any other is an error at its source's line and column, or
// at the file when it cannot be traced. Thread-safe; the same error is reported once however often
// it is published, by report_errors(), in a fixed order whatever the order the threads found them
// in.
class PersonalDataGuard {
  public:
    // `copied`: the files copied into the output (theme assets), as named in messages; their
    // names are published.
    PersonalDataGuard(std::span<const Page> pages, const std::filesystem::path& config_file,
                      std::vector<std::string> copied, Diagnostics& diags);
    ~PersonalDataGuard();
    PersonalDataGuard(const PersonalDataGuard&) = delete;
    PersonalDataGuard& operator=(const PersonalDataGuard&) = delete;

    void check(std::string_view text, const Published& where) const;
    // A URL: percent-escapes decoded first (an address shows them decoded).
    void check_url(std::string_view url, const Published& where) const;
    // Adds the errors found since the last call to the diagnostics, sorted.
    void report_errors() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace docket
