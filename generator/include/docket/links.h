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

// An href as a browser reads it on a page of the site (the WHATWG URL parser's steps for an
// href against an http(s) or file: page): spaces and control characters cut from both ends,
// tabs and newlines removed anywhere, '\\' read as '/' in the path, the scheme (a letter, then
// letters, digits, '+', '-', '.') ended by ':', the fragment at the first '#', the query at the
// first '?' before it.
struct Href {
    enum Kind {
        relative,    // a path relative to the page ("../x/", "x.html?q#f", "#f", "")
        absolute,    // with a scheme of its own ("https://x", "mailto:x")
        root,        // "/x": the server's root, which is not the site's under a sub-path or file://
        network,     // "//host/x": another host
        scheme_only, // "http:x" (a special scheme without "//"): relative on an http site only
    } kind = relative;
    std::string_view scheme;   // as written; absolute and scheme_only only
    std::string_view path;     // '\\' as '/', percent-encoding kept
    std::string_view query;    // "?..." or ""
    std::string_view fragment; // "#..." or ""
};
// The views are into `href`, or into `buffer` when the href needed cleaning (so a link check of
// every link of every page copies nothing for the usual ones).
Href read_href(std::string_view href, std::string& buffer);

// "a/b/" + "../c/index.html" -> "a/c/index.html", as a browser resolves a relative path ("%2e"
// is '.' in "." and ".." segments; a path ending in a directory gets "index.html"); nullopt
// when the path climbs above the root.
std::optional<std::string> resolve_site_path(std::string_view dir, std::string_view href);

// The file a server or file: URL reads for a resolved path: %XX decoded (except an encoded '/'
// or '\', which never separates directories).
std::string decode_site_path(std::string_view path);

struct OutputFile;

// After rendering: every internal href and src of every page, fragments included, must name a
// file the build writes (a page, or one of `other_paths`) and an id in it. Reports each broken
// one against the content file the page came from. Pages are checked on `threads` threads.
void check_rendered_links(const std::vector<OutputFile>& files, const std::vector<std::string>& other_paths,
                          Diagnostics& diags, unsigned threads = 1);

} // namespace docket
