#include "docket/check.h"
#include "docket/href.h"
#include "docket/parallel.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace docket {

namespace {

// What is wrong with a link of the page `path` in `dir`, as a browser reads it; "" if nothing.
// `has_id(page, id)` tells whether the page (an index of `pages`) has the id.
template <class HasId>
std::string link_problem(const Href& h, const std::string& dir, const std::string& path,
                         const std::unordered_map<std::string, std::size_t>& pages,
                         const std::unordered_set<std::string>& others, const HasId& has_id) {
    switch (h.kind) {
    case Href::absolute:
    case Href::network:
        return {}; // other hosts and schemes are outside this check
    case Href::root:
        return "starts at the server's root, which is not the site's from file:// or under a "
               "sub-path";
    case Href::scheme_only:
        return "is relative on an http site but not from file://; write \"//\" after the scheme";
    case Href::relative:
        break;
    }
    const auto target =
        h.path.empty() ? std::optional<std::string>(path) : resolve_site_path(dir, h.path);
    if (!target) return "points above the site's root";
    const std::string file =
        target->find('%') == std::string::npos ? std::move(*target) : decode_site_path(*target);
    const auto p = pages.find(file);
    if (p == pages.end())
        return others.contains(file) ? std::string()
                                     : "points to " + file + ", which the build does not write";
    // A browser tries the fragment as written, then percent-decoded; "#" and "#top" with no
    // such id go to the top of the page.
    const std::string_view fragment = h.fragment.empty() ? h.fragment : h.fragment.substr(1);
    if (fragment.empty() || has_id(p->second, fragment) ||
        has_id(p->second, decode_site_path(fragment)))
        return {};
    if (equals_lower(fragment, "top")) return {};
    return "has no anchor \"#" + std::string(fragment) + "\" in " + file;
}

} // namespace

void check_rendered_links(const std::vector<FileLinks>& files,
                          const std::vector<std::string>& other_paths, Diagnostics& diags,
                          unsigned threads, const std::vector<std::size_t>* only) {
    std::unordered_map<std::string, std::size_t> pages;
    for (std::size_t i = 0; i < files.size(); ++i)
        pages.emplace(files[i].path, i);
    const std::unordered_set<std::string> others(other_paths.begin(), other_paths.end());
    // A page's few dozen ids are searched, not hashed; a page with many more is hashed, or a page
    // of 40,000 headings, each linked, is checked in time quadratic in their number.
    constexpr std::size_t searched_ids = 64;
    std::vector<std::unordered_set<std::string_view>> hashed_ids(files.size());
    parallel_for(files.size(), threads, [&](std::size_t i) {
        const StringList& ids = *files[i].ids;
        if (ids.size() <= searched_ids) return;
        hashed_ids[i].reserve(ids.size());
        for (std::size_t k = 0; k < ids.size(); ++k)
            hashed_ids[i].insert(ids[k]);
    });
    auto has_id = [&](std::size_t file, std::string_view id) {
        return files[file].ids->size() <= searched_ids ? files[file].ids->contains(id)
                                                       : hashed_ids[file].contains(id);
    };
    parallel_for(only ? only->size() : files.size(), threads, [&](std::size_t n) {
        const FileLinks& f = files[only ? (*only)[n] : n];
        const std::string path(f.path);
        const std::string dir = path.substr(0, path.rfind('/') + 1);
        std::set<std::string> reported;
        std::string buffer;
        for (std::size_t k = 0; k < f.links->size(); ++k) {
            // Views into the page's link buffer: nothing is copied for the links that are fine.
            const std::string_view link = (*f.links)[k];
            const std::string problem =
                link_problem(read_href(link, buffer), dir, path, pages, others, has_id);
            if (problem.empty() || !reported.emplace(link).second) continue;
            const Origin at = f.link_origin(k);
            diags.error(std::string(at.file), at.line, at.column,
                        "link \"" + std::string(link) + "\" in " + path + " " + problem);
        }
    });
}

} // namespace docket
