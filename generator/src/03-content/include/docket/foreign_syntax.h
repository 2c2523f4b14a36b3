// content/: other tools' syntax in a page's Markdown, reported and not published.
#pragma once

#include "docket/diagnostic.h"
#include "docket/page.h"

struct cmark_node;

namespace docket {

// Finds what other tools would have made something of and docket does not: Hugo's and Zola's
// shortcodes ("{{< x >}}", "{{% x %}}", "{{ x() }}", "{% x() %}"), mdBook's "{{#include ...}}"
// (and its other "{{#...}}"), MkDocs' snippet includes ("--8<--") and plugin blocks ("::: x"),
// Zola's "@/" links and raw HTML, which is dropped unless
// `raw_html_allowed`. Each is a warning at its file:line:col: the first five of a page, then
// one at the sixth saying how many more. Shortcodes are taken out of the text and an "@/" link
// becomes its text. Code spans and code blocks are what the author meant to show: never read.
// A page without any of these keeps its AST as it was. Returns the file line of the first
// shortcode or include (content another tool would have inserted there), 0 when none. `body`:
// the page's, as `doc` was parsed from it.
int report_foreign_syntax(const Page& page, std::string_view body, cmark_node* doc,
                          bool raw_html_allowed, Diagnostics& diags);

} // namespace docket
