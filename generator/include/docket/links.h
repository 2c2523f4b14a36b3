// links/: resolves [[wiki links]], links to content files, diarienummer and terms; builds the
// link graph with backlinks; reports every broken link at once.
#pragma once

#include "docket/diagnostic.h"
#include "docket/site.h"

#include <optional>
#include <string>
#include <vector>

namespace docket {

// Internal links are rewritten to this scheme and made relative by render/:
//   "docket:omraden/x/index.html#frag"
inline constexpr std::string_view internal_scheme = "docket:";

struct LinkGraph {
    std::vector<std::vector<std::size_t>> outgoing; // page -> pages it links to (sorted, unique)
    std::vector<std::vector<std::size_t>> incoming; // page -> pages linking to it (sorted, unique)
    // term page -> pages whose text mentions the term
    std::vector<std::vector<std::size_t>> mentions;
};

// The site-relative address of a page ("omraden/x/index.html").
std::string page_href(const Page& page);

// Rewrites links in every page's AST (pages in parallel on `threads` threads) and returns the
// graph. Relations from front matter (area -> plan, follow-up -> area and case, case -> meeting
// and attachments, ...) are edges too.
LinkGraph resolve_links(Site& site, Diagnostics& diags, unsigned threads = 1);

// "a/b/" + "../c/index.html" -> "a/c/index.html"; nullopt when the path climbs above the root.
std::optional<std::string> resolve_site_path(std::string_view dir, std::string_view href);

struct OutputFile;

// After rendering: every internal href and src of every page, fragments included, must name a
// file the build writes (a page, or one of `other_paths`) and an id in it. Reports each broken
// one against the content file the page came from. Pages are checked on `threads` threads.
void check_rendered_links(const std::vector<OutputFile>& files, const std::vector<std::string>& other_paths,
                          Diagnostics& diags, unsigned threads = 1);

} // namespace docket
