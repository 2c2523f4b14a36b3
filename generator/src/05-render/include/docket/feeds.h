// render/feeds: what a site with base_url publishes for feed readers and crawlers besides its
// pages: an Atom 1.0 feed of its meetings and one of its cases, the sitemap and robots.txt. Every
// address in them is absolute (a feed or a sitemap cannot hold a relative link), so none is
// written without base_url. Written with pugixml, never as strings; nothing in them depends on
// the time of the build.
#pragma once

#include "docket/diagnostic.h"
#include "docket/output_file.h"
#include "docket/render.h"
#include "docket/site.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace docket {

// A feed the site publishes, beside its kind's list page.
struct Feed {
    std::string kind;  // "meeting"
    std::string path;  // "sammantraden/atom.xml"
    std::string title; // "Sammanträden – <site title>" (feed_title)
};

// The site's feeds: one per kind of feed_kinds (meetings, cases) that has pages and a list page;
// none without base_url.
std::vector<Feed> site_feeds(const Site& site, const Theme& theme);

// Entries of a feed: its newest pages (docs/architecture.md says why 50).
inline constexpr std::size_t feed_entries = 50;

// `feed` as an Atom 1.0 document: its kind's `entries` newest pages (date, then id), each with a
// tag URI as its id (tag:<host of base_url>,<date>:<site_id>/<page id>) and its date as
// `updated`; the feed's `updated` is its newest entry's. A meeting's entry links its pack
// (`archives`) as an enclosure, with the zip's length in bytes when `sizes` (site path -> bytes)
// knows it.
OutputFile write_feed(const Site& site, const Theme& theme, const Feed& feed,
                      const ArchiveLinks& archives,
                      const std::map<std::string, std::uint64_t>& sizes,
                      std::size_t entries = feed_entries);

// A page of the sitemap: its address under base_url (site_address: a page's directory,
// "arenden/x/"), and its date (YYYY-MM-DD) when it has one.
struct SitemapEntry {
    std::string path;
    std::string lastmod;
};

// Every HTML page the site writes (but 404.html): the content pages, then the generated pages.
std::vector<SitemapEntry> sitemap_entries(const Site& site);

// URLs in one sitemap file at most (sitemaps.org's limit).
inline constexpr std::size_t sitemap_limit = 50000;

// The sitemap's files for `urls` URLs: "sitemap.xml" when they fit in one file, else the index
// "sitemap.xml" and "sitemap-1.xml", "sitemap-2.xml"..., `limit` URLs each.
std::vector<std::string> sitemap_paths(std::size_t urls, std::size_t limit = sitemap_limit);

// The sitemap (sitemaps.org 0.9) of `entries` under `base_url` (ending in '/'), as
// sitemap_paths names its files: one urlset, or a sitemap index and its urlsets.
std::vector<OutputFile> write_sitemap(const std::string& base_url,
                                      const std::vector<SitemapEntry>& entries,
                                      std::size_t limit = sitemap_limit);

// A file the build writes for readers and crawlers, and what it is (for the registry).
struct PublishedFile {
    std::string path;
    std::string what;
};

// Every file site_feeds, write_sitemap and robots.txt make for the site (none without base_url).
std::vector<PublishedFile> published_files(const Site& site, const Theme& theme);

// The files of published_files, made: the feeds, the sitemap and robots.txt (every crawler
// allowed; the sitemap's address).
std::vector<OutputFile> write_published(const Site& site, const Theme& theme,
                                        const ArchiveLinks& archives,
                                        const std::map<std::string, std::uint64_t>& sizes);

// One warning when the site has pages a feed would list but no base_url: nothing of the above
// is written then, and a reader of the build's report should know why.
void warn_unpublished(const Site& site, Diagnostics& diags);

} // namespace docket
