#include "docket/links.h"
#include "docket/output_file.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace docket {

namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_lower(std::string_view s, std::string_view lower_case) {
    if (s.size() != lower_case.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (lower(s[i]) != lower_case[i]) return false;
    return true;
}

// WHATWG's single-dot and double-dot path segments.
bool dot_segment(std::string_view s) {
    return s == "." || equals_lower(s, "%2e");
}
bool double_dot_segment(std::string_view s) {
    return s == ".." || equals_lower(s, ".%2e") || equals_lower(s, "%2e.") ||
           equals_lower(s, "%2e%2e");
}

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

} // namespace

Href read_href(std::string_view href, std::string& buffer) {
    // Leading and trailing C0 controls and spaces go; tabs and newlines go anywhere; '\\' is
    // '/' before the query and fragment.
    while (!href.empty() && static_cast<unsigned char>(href.front()) <= 0x20)
        href.remove_prefix(1);
    while (!href.empty() && static_cast<unsigned char>(href.back()) <= 0x20)
        href.remove_suffix(1);
    if (href.find_first_of("\t\n\r\\") != std::string_view::npos) {
        buffer.clear();
        for (char c : href)
            if (c != '\t' && c != '\n' && c != '\r') buffer += c;
        std::replace(buffer.begin(),
                     buffer.begin() + std::min(buffer.find_first_of("?#"), buffer.size()), '\\',
                     '/');
        href = buffer;
    }
    Href h;
    if (!href.empty() && is_alpha(href[0])) {
        std::size_t k = 1;
        while (k < href.size() && (is_alpha(href[k]) || (href[k] >= '0' && href[k] <= '9') ||
                                   href[k] == '+' || href[k] == '-' || href[k] == '.'))
            ++k;
        if (k < href.size() && href[k] == ':') {
            h.scheme = href.substr(0, k);
            bool special = false;
            for (std::string_view s : {"http", "https", "file", "ftp", "ws", "wss"})
                special = special || equals_lower(h.scheme, s);
            if (!special || href.substr(k + 1).starts_with('/')) {
                h.kind = Href::absolute;
                return h;
            }
            h.kind = Href::scheme_only;
            href.remove_prefix(k + 1);
        }
    }
    if (const std::size_t hash = href.find('#'); hash != std::string_view::npos) {
        h.fragment = href.substr(hash);
        href = href.substr(0, hash);
    }
    if (const std::size_t q = href.find('?'); q != std::string_view::npos) {
        h.query = href.substr(q);
        href = href.substr(0, q);
    }
    if (h.kind == Href::relative && href.starts_with("//"))
        h.kind = Href::network;
    else if (h.kind == Href::relative && href.starts_with('/'))
        h.kind = Href::root;
    h.path = href;
    return h;
}

std::optional<std::string> resolve_site_path(std::string_view dir, std::string_view href) {
    // Built in place, segment by segment: the link check resolves every link of every page.
    std::string out;
    out.reserve(dir.size() + href.size() + 11);
    bool directory = false; // the path ends in a directory ("x/", "x/..")
    auto push = [&](std::string_view path) {
        std::size_t start = 0;
        while (start <= path.size()) {
            std::size_t end = path.find('/', start);
            if (end == std::string_view::npos) end = path.size();
            const std::string_view seg = path.substr(start, end - start);
            directory = seg.empty() || dot_segment(seg) || double_dot_segment(seg);
            if (double_dot_segment(seg)) {
                if (out.empty()) return false;
                const std::size_t slash = out.rfind('/');
                out.resize(slash == std::string::npos ? 0 : slash);
            } else if (!directory) {
                if (!out.empty()) out += '/';
                out += seg;
            }
            start = end + 1;
        }
        return true;
    };
    if (!push(dir) || !push(href)) return std::nullopt;
    if (!href.empty() && directory) out += out.empty() ? "index.html" : "/index.html";
    return out;
}

std::string decode_site_path(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        const int a = path[i] == '%' && i + 2 < path.size() ? hex(path[i + 1]) : -1;
        const int b = a >= 0 ? hex(path[i + 2]) : -1;
        const char c = static_cast<char>(a * 16 + b);
        if (b < 0 || c == '/' || c == '\\') {
            out += path[i];
            continue;
        }
        out += c;
        i += 2;
    }
    return out;
}

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
        std::string buffer;
        for (std::size_t k = 0; k < f.links.size(); ++k) {
            // Views into the page's link buffer: nothing is copied for the links that are fine.
            const std::string_view link = f.links[k];
            const std::string problem =
                link_problem(read_href(link, buffer), dir, f.path, pages, others, has_id);
            if (problem.empty() || !reported.emplace(link).second) continue;
            const Origin at = f.link_origin(k);
            diags.error(std::string(at.file), at.line, at.column,
                        "link \"" + std::string(link) + "\" in " + f.path + " " + problem);
        }
    });
}

} // namespace docket
