#include "docket/links.h"
#include "docket/render.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

namespace docket {

std::optional<std::string> resolve_site_path(std::string_view dir, std::string_view href) {
    // Built in place, segment by segment: the link check resolves every link of every page.
    std::string out;
    out.reserve(dir.size() + href.size() + 11);
    auto push = [&](std::string_view path) {
        std::size_t start = 0;
        while (start <= path.size()) {
            std::size_t end = path.find('/', start);
            if (end == std::string_view::npos) end = path.size();
            const std::string_view seg = path.substr(start, end - start);
            if (seg == "..") {
                if (out.empty()) return false;
                const std::size_t slash = out.rfind('/');
                out.resize(slash == std::string::npos ? 0 : slash);
            } else if (!seg.empty() && seg != ".") {
                if (!out.empty()) out += '/';
                out += seg;
            }
            start = end + 1;
        }
        return true;
    };
    if (!push(dir) || !push(href)) return std::nullopt;
    if (!href.empty() && href.back() == '/') out += "/index.html";
    return out;
}

void check_rendered_links(const std::vector<OutputFile>& files, const std::vector<std::string>& other_paths,
                          Diagnostics& diags, unsigned threads) {
    std::unordered_map<std::string, std::size_t> pages;
    for (std::size_t i = 0; i < files.size(); ++i) pages.emplace(files[i].path, i);
    const std::unordered_set<std::string> others(other_paths.begin(), other_paths.end());
    // A page's few dozen ids are searched, not hashed; a page with many more is hashed, or a page
    // of 40,000 headings, each linked, is checked in time quadratic in their number.
    constexpr std::size_t searched_ids = 64;
    std::vector<std::unordered_set<std::string_view>> hashed_ids(files.size());
    parallel_for(files.size(), threads, [&](std::size_t i) {
        const StringList& ids = files[i].ids;
        if (ids.size() <= searched_ids) return;
        hashed_ids[i].reserve(ids.size());
        for (std::size_t k = 0; k < ids.size(); ++k)
            hashed_ids[i].insert(ids[k]);
    });
    auto has_id = [&](std::size_t file, std::string_view id) {
        return files[file].ids.size() <= searched_ids ? files[file].ids.contains(id)
                                                      : hashed_ids[file].contains(id);
    };
    parallel_for(files.size(), threads, [&](std::size_t i) {
        const OutputFile& f = files[i];
        const std::string dir = f.path.substr(0, f.path.rfind('/') + 1);
        std::set<std::string> reported;
        for (std::size_t k = 0; k < f.links.size(); ++k) {
            // Views into the page's link buffer: nothing is copied for the links that are fine.
            const std::string_view link = f.links[k];
            if (link.empty()) continue;
            // Absolute URLs and other schemes are outside this check.
            const auto colon = link.find(':');
            if (colon != std::string_view::npos && link.find_first_of("/?#") > colon) continue;
            std::string_view path = link, fragment;
            if (auto h = link.find('#'); h != std::string_view::npos) {
                path = link.substr(0, h);
                fragment = link.substr(h + 1);
            }
            if (auto q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);
            const auto target = path.empty() ? std::optional<std::string>(f.path) : resolve_site_path(dir, path);
            std::string problem;
            if (!target) problem = "points above the site's root";
            else if (auto p = pages.find(*target); p != pages.end()) {
                if (!fragment.empty() && !has_id(p->second, fragment))
                    problem = "has no anchor \"#" + std::string(fragment) + "\" in " + *target;
            } else if (!others.contains(*target)) {
                problem = "points to " + *target + ", which the build does not write";
            }
            if (problem.empty() || !reported.emplace(link).second) continue;
            diags.error(f.source.empty() ? f.path : f.source, 0, 0,
                        "link \"" + std::string(link) + "\" in " + f.path + " " + problem);
        }
    });
}

} // namespace docket
