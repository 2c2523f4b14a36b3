// A page's head metadata and structured data: its description (<meta name="description"> and
// Open Graph), its canonical address (with base_url) and its JSON-LD (schema.org: a meeting as an
// Event, a case as a DigitalDocument, a term as a DefinedTerm of the glossary's DefinedTermSet,
// a BreadcrumbList of the page's breadcrumbs), all made from the data the page itself shows.
// Internal to render/.
#pragma once

#include "docket/site.h"
#include "template.h"

#include <string>
#include <string_view>
#include <vector>

struct cmark_node;

namespace docket {

class Theme;

// The first sentence of the first paragraph of a document, as plain text ("" when it has none):
// it ends at '.', '!' or '?' followed by a space and a capital letter or digit, or at the end of
// the paragraph (so "t.ex. att" does not end it).
std::string first_sentence(cmark_node* doc);

// A page's summary: its front matter `summary`, else the first sentence of its text ("" when it
// has neither). A page's description, and a term's short definition in the glossary.
std::string summary_of(const Site& site, const Page& page);

// `text` with its runs of white space as one space, cut at a word boundary to at most `max`
// characters (code points), "…" marking the cut.
std::string shorten(std::string_view text, std::size_t max = 160);

// The address of the site path `path` relative to the site's root ("a/b/index.html" -> "a/b/"):
// a page's address is its directory's, in the canonical link and the sitemap alike.
std::string_view site_address(std::string_view path);

// The public address of the site path `path`: base_url + its site_address. "" without base_url.
std::string public_url(const SiteConfig& config, std::string_view path);

// What the head of one page is made from.
struct HeadSource {
    const Site& site;
    const Theme& theme;
    std::string_view path;      // the file's site path, "arenden/ks-20-0600/index.html"
    const Page* page;           // a content page; null for a generated page
    std::string_view generated; // a generated page's template ("start", "list", "glossary" ...)
    const Context& context;     // the page's context: its title and breadcrumbs
};

// Sets the keys base.html's head reads on `head`: description, og_type, canonical (with
// base_url only) and json_ld (a slot writing the JSON-LD through HtmlWriter::json; unset when
// the page has none).
void head_metadata(Context& head, const HeadSource& source);

} // namespace docket
