// render/: AST -> DOM nodes; theme templates filled through that DOM (pugixml), serialised as
// HTML5. Nothing is built by concatenating HTML strings.
#pragma once

#include "docket/diagnostic.h"
#include "docket/links.h"
#include "docket/site.h"

#include <pugixml.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace docket {

struct OutputFile {
    std::string path;    // relative to the output root, '/'-separated
    std::string content;
    std::string source;             // the content file it was rendered from; "" if generated
    std::vector<std::string> links; // every href and src, as written (for the link check)
    std::vector<std::string> ids;   // every id attribute (fragment targets)
};

// Writes a DOM as HTML5: "<!DOCTYPE html>", void elements without end tags ("<br>"), empty
// non-void elements with them ("<div></div>"), text and attributes escaped.
std::string serialise_html5(const pugi::xml_node& root, bool doctype = true);

class Theme {
  public:
    // Reads every templates/*.html (well-formed XHTML) and i18n/<language>.toml once.
    static std::unique_ptr<Theme> load(const std::filesystem::path& dir, const std::string& language,
                                       Diagnostics& diags);
    const pugi::xml_document* find(const std::string& name) const;
    std::string text(const std::string& key) const; // an interface string; the key itself if missing
    const std::filesystem::path& assets() const { return assets_; }

  private:
    std::map<std::string, std::unique_ptr<pugi::xml_document>> templates_;
    std::map<std::string, std::string> strings_;
    std::filesystem::path assets_;
};

// Extra links the footer shows on every page, sizes known only after archives are written.
struct FooterLinks {
    std::string offline_zip_href;  // site-relative, "" when there is none
    std::string offline_zip_label; // "zip, 412 kB"
};

// The pages of the site as HTML: one per content page, the start page, a list page per kind,
// and the glossary (begrepp/).
std::vector<OutputFile> render_site(const Site& site, const LinkGraph& graph, const Theme& theme,
                                    const FooterLinks& footer, unsigned threads, Diagnostics& diags);

// Makes "docket:x/y/index.html#f" relative to the page at `from_dir` ("a/b/").
std::string relative_href(const std::string& from_dir, const std::string& site_path);

} // namespace docket
