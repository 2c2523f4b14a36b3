// links/: resolves [[wiki links]], links to content files, diarienummer and terms; builds the
// link graph with backlinks; reports every broken link at once.
#pragma once

#include "docket/diagnostic.h"
#include "docket/site.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace docket {

struct LinkTables;

// Pages by their numbers in Site::pages: 4 bytes each (a site has fewer than 2^32 pages; the
// graph of a 100,000-page site holds millions of them).
using PageList = std::vector<std::uint32_t>;

struct LinkGraph {
    std::vector<PageList> outgoing; // page -> pages it links to (sorted, unique)
    std::vector<PageList> incoming; // page -> pages linking to it (sorted, unique)
    // term page -> pages whose text mentions the term
    std::vector<PageList> mentions;
    // page -> pages whose titles its text shows, as the texts of links to them (sorted, unique)
    std::vector<PageList> titled;
    // What the links were resolved against, for pages parsed again (page_doc).
    std::shared_ptr<const LinkTables> tables;
};

// The site-relative address of a page ("omraden/x/index.html").
std::string page_href(const Page& page);

// Links resolved while the bodies are parsed, for the pages whose ASTs the build drops there
// (parse_bodies' `dropping`), so that resolve_links reads and parses none of them again. What
// a link needs that only another page's parse gives (its headings and anchors, for a link to
// a #fragment; its "# " heading, a plain page's title) is not known then: a link to a
// #fragment is taken as it stands and checked by resolve_links; a page whose text would show
// such a title or heading's text is left to resolve_links, which parses it again.
class FirstPassLinks {
  public:
    // The tables from the pages' front matter (site.pages and site.assets loaded).
    FirstPassLinks(Site& site, Diagnostics& diags);
    ~FirstPassLinks();
    // Resolves page i's links in its AST (site.docs[i], parsed from its body, not yet
    // dropped), reporting as resolve_links does; false when it is left to resolve_links.
    // Called for several pages at once, while other pages are being parsed.
    bool resolve(std::size_t i);

  private:
    friend LinkGraph resolve_links(Site&, Diagnostics&, unsigned,
                                   const std::function<void(std::size_t)>&, FirstPassLinks*);
    struct State;
    std::unique_ptr<State> state_;
};

// Rewrites links in every page's AST (pages in parallel on `threads` threads) and returns the
// graph. A link to another page (a [[wiki link]], a link to its .md file, a diarienummer, a
// term) has no URL in the AST but a LinkTarget (link_target.h) as its node's user data.
// Relations from front matter (area -> plan, follow-up -> area and case, case -> meeting and
// attachments, ...) are edges too.
// A page whose AST parse_bodies dropped is parsed again (parse_doc) to be resolved, unless
// `first` resolved it then (its links to #fragments are checked now); `resolved(i)` is called
// on the thread that resolved page i once it is (a build drops the AST again then).
LinkGraph resolve_links(Site& site, Diagnostics& diags, unsigned threads = 1,
                        const std::function<void(std::size_t)>& resolved = {},
                        FirstPassLinks* first = nullptr);

// Page i's AST with its links resolved, as resolve_links left it: the site's own while it keeps
// it, else the page read (page_text), parsed and resolved again (the build dropped it; nothing
// is reported twice; a file that changed since is added to site.changed and parsed as empty).
// Held only while it is written: the build keeps no page's AST.
std::shared_ptr<const PageDoc> page_doc(const Site& site, const LinkGraph& graph, std::size_t i);

// What resolve_links finds in one page: the pages it links to, the terms its text mentions and
// the pages whose titles its text shows (LinkGraph::titled), each sorted, once.
struct ResolvedPage {
    PageList outgoing, mentioned, titled;
};

// Page i's links resolved again in `doc`, its text parsed anew from `body` (docket serve, after
// an edit), against the tables of `graph` and reporting to `diags` as resolve_links does.
ResolvedPage resolve_page(const Site& site, const LinkGraph& graph, std::size_t i,
                          std::string_view body, PageDoc& doc, Diagnostics& diags);

} // namespace docket
