#include "docket/href.h"

#include <algorithm>

namespace docket {

namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

bool equals_lower(std::string_view s, std::string_view lower_case) {
    if (s.size() != lower_case.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (lower(s[i]) != lower_case[i]) return false;
    return true;
}

namespace {

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
    // One pass over the href, not find_first_of's search of the set at each of its bytes (it is
    // read for every link of every page).
    if (std::any_of(href.begin(), href.end(),
                    [](char c) { return c == '\t' || c == '\n' || c == '\r' || c == '\\'; })) {
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

std::string relative_href(const std::string& from_dir, const std::string& site_path) {
    std::string prefix;
    for (char c : from_dir)
        if (c == '/') prefix += "../";
    if (site_path.empty()) return prefix.empty() ? "index.html" : prefix + "index.html";
    if (site_path[0] == '#') return site_path;
    return prefix + site_path;
}

std::string encode_href(std::string_view url) {
    static constexpr std::string_view safe = "-_.+!*'(),%#@?=;:/&$~";
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(url.size());
    for (const char c : url) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_alpha(c) || (c >= '0' && c <= '9') || safe.find(c) != std::string_view::npos) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 15];
        }
    }
    return out;
}

} // namespace docket
