// A site held in memory for the unit tests: pages from (stem, text) pairs, parsed and linked,
// with the real default theme.
#pragma once

#include "docket/links.h"
#include "docket/render.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

struct MemorySite {
    docket::Site site;
    docket::Diagnostics diags;
    docket::LinkGraph graph;
    std::unique_ptr<docket::Theme> theme;

    explicit MemorySite(std::vector<std::pair<std::string, std::string>> files, bool terms = true) {
        site.config.title = "Test";
        site.config.link_terms = terms;
        theme = docket::Theme::load(DOCKET_SOURCE_DIR "/themes/default", "sv", diags);
        REQUIRE(theme);
        docket::resolve_url_segments(site.config, *theme, diags);
        for (auto& [stem, text] : files) {
            docket::Page p;
            p.id = stem;
            p.source = "content/" + stem + ".md";
            p.path = "/nonexistent/content/" + stem + ".md";
            p.text = text;
            REQUIRE(docket::parse_page(p, diags));
            const auto seg = site.config.url_segments[p.kind];
            p.url = (seg.empty() ? "" : seg + "/") + p.id + "/";
            site.pages.push_back(std::move(p));
        }
        docket::parse_bodies(site, diags, 1);
        graph = docket::resolve_links(site, diags);
    }
};
