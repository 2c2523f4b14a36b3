// core/: site paths and hrefs: how a browser reads an href, and how docket resolves one against
// a page and makes a site path relative to a page.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace docket {

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

// Makes the site path `site_path` ("x/y/index.html#f"; "" is the start page; "#f" stays as it is)
// relative to the page at `from_dir` ("a/b/").
std::string relative_href(const std::string& from_dir, const std::string& site_path);

// A link destination of the Markdown as cmark-gfm's HTML renderer writes it: every byte but
// ASCII letters, digits and -_.+!*'(),%#@?=;:/&$~ percent-encoded ("foo\\bar" -> "foo%5Cbar",
// "fö" -> "f%C3%B6", a space -> "%20"), so what the browser opens is what the text says.
std::string encode_href(std::string_view url);

// True when `s` is `lower_case` in ASCII letters of any case ("%2E" and "%2e").
bool equals_lower(std::string_view s, std::string_view lower_case);

} // namespace docket
