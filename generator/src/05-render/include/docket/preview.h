// docket serve's own HTML, written through HtmlWriter like every page: the element that loads the
// reload script into a served page, and the page that lists a failed rebuild's errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docket {

class Theme;

// One error as the preview shows it.
struct PreviewError {
    std::string place;       // "content/x.md:3:1", as the terminal shows it
    std::string message;     // the diagnostic's message
    int line = 0;            // the source line's number (0: none shown)
    std::string source_line; // the text of that line
};

// <script src="`src`"></script>, to be put into a served HTML page before </body>.
std::string preview_script_element(std::string_view src);

// A whole HTML page in the theme's words (errors_title, errors_lead) and `language`, listing
// `errors`, that loads the reload script `script_src`. Its <main> has the id docket-errors.
std::string preview_errors_page(const Theme& theme, const std::string& language,
                                const std::vector<PreviewError>& errors,
                                std::string_view script_src);

} // namespace docket
