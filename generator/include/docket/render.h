// render/: AST -> DOM nodes; theme templates filled through that DOM (pugixml), serialised as
// HTML5. Nothing is built by concatenating HTML strings.
#pragma once

#include "docket/diagnostic.h"
#include "docket/links.h"
#include "docket/output_file.h"
#include "docket/site.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace docket {

// Writes a DOM as HTML5: "<!DOCTYPE html>", void elements without end tags ("<br>"), empty
// non-void elements with them ("<div></div>"), text and attributes escaped.
std::string serialise_html5(const pugi::xml_node& root, bool doctype = true);

class Template;

class Theme {
  public:
    // Reads every templates/*.html (well-formed XHTML) and i18n/<language>.toml once, and
    // compiles the templates.
    static std::unique_ptr<Theme> load(const std::filesystem::path& dir, const std::string& language,
                                       Diagnostics& diags);
    ~Theme();
    const Template* find(const std::string& name) const;
    std::string text(const std::string& key) const; // an interface string; the key itself if missing
    const std::filesystem::path& assets() const { return assets_; }
    // The ids the base template and `content_template` (a kind's, else "page") write on every
    // page: heading ids never take one of them.
    const std::unordered_set<std::string>& reserved_ids(const std::string& content_template) const;

  private:
    // Fills reserved_ and reports an id a template writes twice on every page.
    bool reserve_ids(Diagnostics& diags);
    std::map<std::string, std::unordered_set<std::string>> reserved_;
    std::map<std::string, std::unique_ptr<Template>> templates_;
    std::map<std::string, std::string> strings_;
    std::filesystem::path assets_;
};

// A meeting's downloadable pack, as its meeting page shows it.
struct PackLink {
    std::string href;     // site-relative
    std::string label;    // "zip, 412 kB"
    std::string contents; // what it holds, one sentence
};

// Links to the archives, whose sizes are known only after they are written: the footer's link to
// the whole site offline, on every page, and each meeting page's link to its pack.
struct FooterLinks {
    std::string offline_zip_href;  // site-relative, "" when there is none
    std::string offline_zip_label; // "zip, 412 kB"
    std::map<std::string, PackLink> packs; // meeting id -> its pack
};

// Renders part of the site as a self-contained set of pages (a meeting pack). Only `included`
// content pages are rendered, with the list pages, glossary, search page and statement limited
// to them; `start_page` is written as index.html in place of the start page. One DOM pass over
// every href, src and action makes links relative to where the page is written; a link to a
// page outside the scope points to `base_url` when that is set and otherwise becomes text marked
// as found on the site, so nothing links to a file the pack does not hold.
struct RenderScope {
    std::vector<bool> included; // per page; empty: the whole site (no rewriting)
    std::size_t start_page = static_cast<std::size_t>(-1);
    std::string base_url;
    bool active() const { return !included.empty(); }
};

// A page render_site writes besides the content pages, and what generates it (for the build's
// registry of output paths and for messages).
struct GeneratedPage {
    enum Type { start, statement, search, list, glossary } type;
    const KindSchema* kind = nullptr; // list and glossary: the kind listed
    std::string path;                 // site path, "planer/index.html"
    std::string what;                 // "the list page of kind plan"
};

// The generated pages of a (scoped) render, in the order render_site writes them: the start
// page (unless the scope has its own), the accessibility statement, the search page, a list
// page per kind with pages in scope and a URL segment, and the glossary.
std::vector<GeneratedPage> generated_pages(const Site& site, const RenderScope& scope = {});

// Called with each file as soon as it is rendered, from the rendering threads (so it must be
// thread-safe). It may take the file's content (write it and clear it): the files returned then
// keep only their paths, links and ids, and a large site is never in memory at once.
using FileSink = std::function<void(OutputFile&)>;

// The pages of the site as HTML: one per content page, the start page, a list page per kind,
// and the glossary (begrepp/).
std::vector<OutputFile> render_site(const Site& site, const LinkGraph& graph, const Theme& theme,
                                    const FooterLinks& footer, unsigned threads, Diagnostics& diags,
                                    const RenderScope& scope = {}, const FileSink& sink = {});

// Makes "docket:x/y/index.html#f" relative to the page at `from_dir` ("a/b/").
std::string relative_href(const std::string& from_dir, const std::string& site_path);

} // namespace docket
