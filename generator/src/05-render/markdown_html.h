// Markdown AST -> HTML, walking cmark-gfm's tree directly (never its HTML renderer) and writing
// elements and text through an HtmlWriter, so escaping is correct by construction.
#pragma once

#include "docket/site.h"
#include "html_writer.h"

#include <unordered_map>

struct cmark_node;

namespace docket {

class Theme;

struct MarkdownOptions {
    const Site* site = nullptr;
    const Theme* theme = nullptr; // its interface strings (set by every caller)
    const PageDoc* doc = nullptr; // headings (ids) of the page being rendered
    const Page* page = nullptr;   // whose text it is: messages name its file and lines
    std::string page_dir;         // the rendered page's directory, for relative links
    bool allow_raw_html = false;
    bool link_terms = true; // false: render term links as plain text
    // An excerpt of `page` shown on another page (in `page_dir`): its footnotes' ids start with
    // this prefix, and its relative links and "#x" point where they point on `page`.
    std::string excerpt_prefix;
    // Pages shown on the page being written (a meeting's page to print), by page index: a link
    // to one leads to its anchor there ("#<anchor>", a heading "#<anchor>--<heading id>").
    const std::unordered_map<std::size_t, std::string>* in_page = nullptr;
    int heading_shift = 0; // headings this many levels down (at most h6)
};

// Writes `node` (a whole document or one block).
void write_markdown(HtmlWriter& out, cmark_node* node, const MarkdownOptions& options);

// Writes the blocks after the "## name" heading up to the next heading of level <= 2.
// Returns false when the page has no such section.
bool write_section(HtmlWriter& out, cmark_node* doc, const std::string& name,
                   const MarkdownOptions& options);

// True when a URL's scheme may reach the output (not javascript:, vbscript:, data:, file:).
bool safe_url(std::string_view url);

} // namespace docket
