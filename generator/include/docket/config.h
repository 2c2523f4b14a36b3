// config/: site.toml -> SiteConfig.
#pragma once

#include "docket/diagnostic.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace docket {

struct AccessibilityStatement {
    std::string service;     // the service the statement covers
    std::string status;      // "delvis förenlig", "helt förenlig", "inte förenlig"
    std::vector<std::string> known_gaps;
    std::string assessed;    // date of the assessment (YYYY-MM-DD)
    std::string method;      // how it was assessed
    std::string contact;     // feedback e-mail address
    std::string report_url;  // DIGG's reporting form
    bool present = false;
};

struct SiteConfig {
    std::string title;
    std::string language = "sv";
    std::string base_url;       // optional absolute URL of the public site
    std::string output = "public";
    std::string theme = "themes/default";
    std::string organisation;
    std::string site_id = "docket";   // used for archive names
    bool link_terms = true;           // [links] terms
    bool allow_raw_html = false;      // [markdown] raw_html
    bool search = true;               // [search] enabled
    std::map<std::string, std::string> url_segments; // kind -> URL segment ("" for root)
    AccessibilityStatement accessibility;
    std::filesystem::path file; // where it was read from
};

// Reads site.toml from `root`. Every problem is reported to `diags`; returns nullopt only when
// the file cannot be used at all.
std::optional<SiteConfig> load_config(const std::filesystem::path& root, Diagnostics& diags);

} // namespace docket
