// Markdown AST -> DOM nodes, walking cmark-gfm's tree directly (never its HTML string).
#pragma once

#include "docket/site.h"

#include <pugixml.hpp>

struct cmark_node;

namespace docket {

class Theme;

struct DomOptions {
    const Site* site = nullptr;
    const Theme* theme = nullptr;
    const PageDoc* doc = nullptr;   // headings (ids) of the page being rendered
    std::string page_dir;           // the rendered page's directory, for relative links
    bool allow_raw_html = false;
    bool link_terms = true;         // false: render term links as plain text
};

// Appends the rendering of `node` (a whole document or one block) to `parent`.
void append_markdown(pugi::xml_node parent, cmark_node* node, const DomOptions& options);

// Appends the blocks after the "## name" heading up to the next heading of level <= 2.
// Returns false when the page has no such section.
bool append_section(pugi::xml_node parent, cmark_node* doc, const std::string& name, const DomOptions& options);

// True when a URL's scheme may reach the output (not javascript:, vbscript:, data:, file:).
bool safe_url(std::string_view url);

} // namespace docket
