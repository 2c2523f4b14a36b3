// config/: site.toml -> SiteConfig.
#pragma once

#include "docket/diagnostic.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace docket {

struct AccessibilityStatement {
    std::string service; // the service the statement covers
    std::string status;  // "delvis förenlig", "helt förenlig", "inte förenlig"
    std::vector<std::string> known_gaps;
    std::string assessed;   // date of the assessment (YYYY-MM-DD)
    std::string method;     // how it was assessed
    std::string contact;    // feedback e-mail address
    std::string report_url; // DIGG's reporting form
    bool present = false;
};

// A place in site.toml, for messages about a value read from it (0: site.toml does not set it).
struct TomlPosition {
    int line = 0, column = 0;
};

struct SiteConfig {
    std::string title;
    std::string language = "sv"; // a BCP 47 tag; the theme has i18n/<language>.toml
    TomlPosition language_at;
    std::string base_url; // optional absolute URL of the public site
    std::string output = "public";
    std::string theme = "themes/default";
    std::string organisation;
    std::string site_id = "docket"; // used for archive names
    bool link_terms = true;         // [links] terms
    bool allow_raw_html = false;    // [markdown] raw_html
    // [markdown] heading_ids: "github" (true: as GitHub writes them, the default for a plain
    // folder) or "ascii" (false: lower-case ASCII, the default with a site.toml).
    bool github_heading_ids = false;
    bool search = true; // [search] enabled
    // [lists] per_page: a kind's list holding more pages is split, by year where it is ordered
    // by date, else into numbered parts of this many.
    std::int64_t per_page = 100;
    // [urls] as site.toml gives it: a kind or generated page ("search", "statement") -> its URL
    // segment and where; the names are checked where the kinds are known (resolve_url_segments).
    std::map<std::string, std::pair<std::string, TomlPosition>> url_settings;
    // Kind or generated page -> URL segment ("" for root): the theme's url_<name> unless
    // url_settings sets it (resolve_url_segments, once the theme is loaded).
    std::map<std::string, std::string> url_segments;
    AccessibilityStatement accessibility;
    std::filesystem::path file; // where it was read from
    bool plain = false;         // no site.toml: a plain Markdown tree
    // A `page`'s id and address follow its path ("guide/install.md" -> "guide/install/"): in a
    // plain tree, or with [urls] page = "path".
    bool page_paths = false;
};

// Reads site.toml from `root`. Every problem is reported to `diags`; returns nullopt only when
// the file cannot be used at all.
std::optional<SiteConfig> load_config(const std::filesystem::path& root, Diagnostics& diags);

} // namespace docket
