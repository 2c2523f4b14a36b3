// Shared by the fuzz targets that need a small site: splits the input into pages.
#pragma once

#include "docket/page.h"
#include "docket/site.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace fuzz {

// Pages are separated by a NUL byte (which no valid page contains); at most 8. Each page gets the
// id and file "pN" unless its front matter names another id. Pages that fail to parse are dropped,
// as load_content drops them.
inline docket::Site make_site(const std::uint8_t* data, std::size_t size,
                              docket::Diagnostics& diags) {
    docket::Site site;
    site.root = "/nonexistent";
    site.config.title = "fuzz";
    site.config.url_segments = {
        {"meeting", "sammantraden"}, {"case", "arenden"},         {"plan", "planer"},
        {"area", "omraden"},         {"followup", "uppfoljning"}, {"goal", "delmal"},
        {"decision", "beslut"},      {"term", "begrepp"},         {"page", ""}};
    std::string_view in(reinterpret_cast<const char*>(data), size);
    for (int n = 0; n < 8 && !in.empty(); ++n) {
        const std::size_t cut = in.find('\0');
        docket::Page page;
        page.text = std::string(in.substr(0, cut));
        in = cut == std::string_view::npos ? std::string_view() : in.substr(cut + 1);
        page.id = "p" + std::to_string(n);
        page.source = "content/" + page.id + ".md";
        page.path = "/nonexistent/content/" + page.id + ".md";
        if (!docket::parse_page(page, diags)) continue;
        if (page.title.empty() && page.kind == "page") page.title = page.id;
        docket::validate_page(page, diags);
        bool taken = false;
        for (const auto& p : site.pages)
            taken |= p.id == page.id;
        if (taken) continue; // load_content reports duplicate ids; the build stops there
        auto seg = site.config.url_segments.find(page.kind);
        const std::string segment = seg == site.config.url_segments.end() ? "" : seg->second;
        page.url = (segment.empty() ? "" : segment + "/") + page.id + "/";
        site.pages.push_back(std::move(page));
    }
    return site;
}

} // namespace fuzz
