#include "docket/feeds.h"

#include "docket/links.h"
#include "docket/model.h"

#include "structured_data.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string_view>

namespace docket {

namespace {

// The kinds with a feed: what a reader follows as it happens.
constexpr std::string_view feed_kinds[] = {"meeting", "case"};

constexpr const char* atom_ns = "http://www.w3.org/2005/Atom";
constexpr const char* sitemap_ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

// The document as UTF-8 with its declaration. A control character that XML 1.0 cannot hold (one
// a TOML string can) is left out: pugixml would write it as a character reference, which no
// parser accepts.
std::string serialise(const pugi::xml_document& doc) {
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_indent | pugi::format_skip_control_chars, pugi::encoding_utf8);
    return std::move(out).str();
}

// A file without links or ids of its own (for the link check: none in a page's sense).
OutputFile file(std::string path, std::string content) {
    OutputFile f;
    f.path = std::move(path);
    f.content = std::move(content);
    return f;
}

pugi::xml_document with_declaration() {
    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "utf-8";
    return doc;
}

void text_child(pugi::xml_node parent, const char* name, const std::string& text) {
    parent.append_child(name).text().set(text.c_str());
}

pugi::xml_node link(pugi::xml_node parent, const char* rel, const char* type,
                    const std::string& href) {
    pugi::xml_node l = parent.append_child("link");
    l.append_attribute("rel") = rel;
    l.append_attribute("type") = type;
    l.append_attribute("href") = href.c_str();
    return l;
}

// base_url's host, the authority of the tag URIs (RFC 4151): no user, no port.
std::string host_of(const std::string& base_url) {
    std::string_view rest(base_url);
    rest.remove_prefix(std::min(rest.size(), rest.find("://") + 3));
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
    if (const auto colon = rest.rfind(':'); colon != std::string_view::npos && rest.back() != ']')
        rest = rest.substr(0, colon);
    std::string host(rest);
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return host;
}

// An Atom date (RFC 3339) of a page's date: its midnight, UTC.
std::string atom_date(const std::string& date) {
    return date + "T00:00:00Z";
}

// A kind's pages, newest first (date, then id): the first `n` of them.
std::vector<const Page*> newest(const Site& site, std::string_view kind, std::size_t n) {
    std::vector<const Page*> pages;
    for (const Page& p : site.pages)
        if (p.kind == kind) pages.push_back(&p);
    auto newer = [](const Page* a, const Page* b) {
        const std::string da = a->str("date"), db = b->str("date");
        return da != db ? da > db : a->id < b->id;
    };
    const std::size_t keep = std::min(n, pages.size());
    std::partial_sort(pages.begin(), pages.begin() + static_cast<std::ptrdiff_t>(keep), pages.end(),
                      newer);
    pages.resize(keep);
    return pages;
}

void add_entry(pugi::xml_node feed, const Site& site, const Theme& theme, const Page& p,
               const ArchiveLinks& archives, const std::map<std::string, std::uint64_t>& sizes) {
    const std::string& base = site.config.base_url;
    const std::string date = p.str("date");
    pugi::xml_node entry = feed.append_child("entry");
    text_child(entry, "title", display_title(p));
    link(entry, "alternate", "text/html", base + std::string(site_address(page_href(p))));
    if (const auto pack = archives.packs.find(p.id); pack != archives.packs.end()) {
        pugi::xml_node enclosure = link(entry, "enclosure", "application/zip", base + pack->second);
        enclosure.append_attribute("title") = theme.text("pack_download").c_str();
        if (const auto size = sizes.find(pack->second); size != sizes.end())
            enclosure.append_attribute("length") = std::to_string(size->second).c_str();
    }
    text_child(entry, "id",
               "tag:" + host_of(base) + "," + date + ":" + site.config.site_id + "/" + p.id);
    text_child(entry, "updated", atom_date(date));
    if (const std::string summary = p.str("summary"); !summary.empty())
        text_child(entry, "summary", summary);
}

} // namespace

std::vector<Feed> site_feeds(const Site& site, const Theme& theme) {
    std::vector<Feed> out;
    if (site.config.base_url.empty()) return out;
    for (std::string_view kind : feed_kinds) {
        const auto segment = site.config.url_segments.find(std::string(kind));
        const bool listed = segment != site.config.url_segments.end() && !segment->second.empty();
        const bool has_pages = std::any_of(site.pages.begin(), site.pages.end(),
                                           [&](const Page& p) { return p.kind == kind; });
        if (!listed || !has_pages) continue;
        out.push_back({std::string(kind), segment->second + "/atom.xml",
                       theme.text("feed_title",
                                  {{"kinds", theme.text("kind_" + std::string(kind) + "_plural")},
                                   {"site", site.config.title}})});
    }
    return out;
}

OutputFile write_feed(const Site& site, const Theme& theme, const Feed& feed,
                      const ArchiveLinks& archives,
                      const std::map<std::string, std::uint64_t>& sizes, std::size_t entries) {
    const SiteConfig& config = site.config;
    const std::vector<const Page*> pages = newest(site, feed.kind, entries);
    pugi::xml_document doc = with_declaration();
    pugi::xml_node root = doc.append_child("feed");
    root.append_attribute("xmlns") = atom_ns;
    root.append_attribute("xml:lang") = config.language.c_str();
    text_child(root, "title", feed.title);
    link(root, "self", "application/atom+xml", config.base_url + feed.path);
    link(root, "alternate", "text/html",
         config.base_url + feed.path.substr(0, feed.path.rfind('/') + 1));
    // The feed's address is its id: it does not change as entries come and go.
    text_child(root, "id", config.base_url + feed.path);
    if (!pages.empty()) text_child(root, "updated", atom_date(pages.front()->str("date")));
    text_child(root.append_child("author"), "name",
               config.organisation.empty() ? config.title : config.organisation);
    for (const Page* p : pages)
        add_entry(root, site, theme, *p, archives, sizes);
    return file(feed.path, serialise(doc));
}

std::vector<SitemapEntry> sitemap_entries(const Site& site) {
    std::vector<SitemapEntry> out;
    for (const Page& p : site.pages)
        out.push_back({std::string(site_address(page_href(p))), p.str("date")});
    // Not the page for missing addresses: no address leads to it.
    for (const GeneratedPage& g : generated_pages(site))
        if (g.type != GeneratedPage::not_found)
            out.push_back({std::string(site_address(g.path)), {}});
    return out;
}

std::vector<std::string> sitemap_paths(std::size_t urls, std::size_t limit) {
    if (urls <= limit) return {"sitemap.xml"};
    std::vector<std::string> out = {"sitemap.xml"};
    for (std::size_t k = 1; (k - 1) * limit < urls; ++k)
        out.push_back("sitemap-" + std::to_string(k) + ".xml");
    return out;
}

std::vector<OutputFile> write_sitemap(const std::string& base_url,
                                      const std::vector<SitemapEntry>& entries, std::size_t limit) {
    const std::vector<std::string> paths = sitemap_paths(entries.size(), limit);
    // Without an index the one urlset is sitemap.xml; with one, the urlsets follow it.
    const std::size_t first = paths.size() == 1 ? 0 : 1;
    pugi::xml_document index = with_declaration();
    pugi::xml_node sitemaps = index.append_child("sitemapindex");
    sitemaps.append_attribute("xmlns") = sitemap_ns;
    std::vector<OutputFile> out;
    for (std::size_t k = first; k < paths.size(); ++k) {
        pugi::xml_document doc = with_declaration();
        pugi::xml_node urlset = doc.append_child("urlset");
        urlset.append_attribute("xmlns") = sitemap_ns;
        std::string newest;
        const std::size_t from = (k - first) * limit;
        for (std::size_t i = from; i < std::min(entries.size(), from + limit); ++i) {
            pugi::xml_node url = urlset.append_child("url");
            text_child(url, "loc", base_url + entries[i].path);
            if (entries[i].lastmod.empty()) continue;
            text_child(url, "lastmod", entries[i].lastmod);
            newest = std::max(newest, entries[i].lastmod);
        }
        out.push_back(file(paths[k], serialise(doc)));
        pugi::xml_node sitemap = sitemaps.append_child("sitemap");
        text_child(sitemap, "loc", base_url + paths[k]);
        if (!newest.empty()) text_child(sitemap, "lastmod", newest);
    }
    if (first == 1) out.insert(out.begin(), file(paths[0], serialise(index)));
    return out;
}

std::vector<PublishedFile> published_files(const Site& site, const Theme& theme) {
    std::vector<PublishedFile> out;
    if (site.config.base_url.empty()) return out;
    for (const Feed& f : site_feeds(site, theme))
        out.push_back({f.path, "the Atom feed of kind " + f.kind + " (base_url in site.toml)"});
    for (const std::string& path : sitemap_paths(sitemap_entries(site).size()))
        out.push_back({path, "the sitemap (base_url in site.toml)"});
    out.push_back({"robots.txt", "robots.txt (base_url in site.toml)"});
    return out;
}

std::vector<OutputFile> write_published(const Site& site, const Theme& theme,
                                        const ArchiveLinks& archives,
                                        const std::map<std::string, std::uint64_t>& sizes) {
    std::vector<OutputFile> out;
    const std::string& base = site.config.base_url;
    if (base.empty()) return out;
    for (const Feed& f : site_feeds(site, theme))
        out.push_back(write_feed(site, theme, f, archives, sizes));
    for (auto& f : write_sitemap(base, sitemap_entries(site)))
        out.push_back(std::move(f));
    // Plain text, one directive a line (RFC 9309); crawlers read it only at a host's root.
    out.push_back(
        file("robots.txt", "User-agent: *\nAllow: /\n\nSitemap: " + base + "sitemap.xml\n"));
    // They publish base_url and the pages' titles and summaries: the guard reads them too.
    if (site.guard)
        for (const OutputFile& f : out)
            site.guard->check(f.content, {"", f.path, "text"});
    return out;
}

void warn_unpublished(const Site& site, Diagnostics& diags) {
    if (!site.config.base_url.empty()) return;
    const bool dated = std::any_of(site.pages.begin(), site.pages.end(), [](const Page& p) {
        return std::find(std::begin(feed_kinds), std::end(feed_kinds), p.kind) !=
               std::end(feed_kinds);
    });
    if (dated)
        diags.warning("site.toml", 0, 0,
                      "base_url is not set, so the Atom feeds of meetings and cases, "
                      "sitemap.xml and robots.txt are not written (they need absolute "
                      "addresses): set base_url to the site's public address");
}

} // namespace docket
