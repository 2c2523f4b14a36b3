// A site held in memory for the unit tests: pages from (stem, text) pairs, parsed and linked,
// with the real default theme.
#pragma once

#include "docket/links.h"
#include "docket/render.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct MemorySite {
    docket::Site site;
    docket::Diagnostics diags;
    docket::LinkGraph graph;
    std::unique_ptr<docket::Theme> theme;

    // Pages resolved in the first pass (`drop_asts`), by their numbers.
    std::vector<char> resolved_first;
    std::filesystem::path dir; // where the pages' files are (`drop_asts`)

    ~MemorySite() {
        if (!dir.empty()) std::filesystem::remove_all(dir);
    }

    // `drop_asts`: every page's AST dropped as it is parsed, its links resolved then when they
    // can be (FirstPassLinks), and dropped again once resolved, as a large site's build does
    // (its pages are then written to files in `dir`, for resolve_links to read again); else
    // every AST kept.
    explicit MemorySite(std::vector<std::pair<std::string, std::string>> files, bool terms = true,
                        bool drop_asts = false) {
        if (drop_asts) {
            static int made = 0; // a directory of its own for each site at once
            dir =
                std::filesystem::temp_directory_path() /
                ("docket-memory-site-" + std::to_string(::getpid()) + "-" + std::to_string(++made));
            std::filesystem::create_directories(dir / "content");
        }
        site.config.title = "Test";
        site.config.link_terms = terms;
        theme = docket::Theme::load(DOCKET_SOURCE_DIR "/themes/default", "sv", diags);
        REQUIRE(theme);
        docket::resolve_url_segments(site.config, *theme, diags);
        for (auto& [stem, text] : files) {
            docket::Page p;
            p.id = stem;
            p.source = "content/" + stem + ".md";
            p.path = (dir.empty() ? "/nonexistent" : dir.string()) + "/content/" + stem + ".md";
            if (drop_asts) std::ofstream(p.path, std::ios::binary) << text;
            p.text = text;
            REQUIRE(docket::parse_page(p, diags));
            const auto seg = site.config.url_segments[p.kind];
            p.url = (seg.empty() ? "" : seg + "/") + p.id + "/";
            site.pages.push_back(std::move(p));
        }
        if (!drop_asts) {
            docket::parse_bodies(site, diags, 1);
            graph = docket::resolve_links(site, diags);
            return;
        }
        const std::vector<bool> none(site.pages.size());
        resolved_first.resize(site.pages.size());
        docket::FirstPassLinks first(site, diags);
        // As the build: a page's AST goes, with its first sentence kept, once it is resolved.
        docket::parse_bodies(site, diags, 2, {}, &none, [&](std::size_t i) {
            resolved_first[i] = first.resolve(i);
            if (resolved_first[i]) docket::release_ast(site.docs[i]);
        });
        graph = docket::resolve_links(
            site, diags, 2, [&](std::size_t i) { docket::release_ast(site.docs[i]); }, &first);
    }
};
