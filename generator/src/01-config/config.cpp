#include "docket/config.h"
#include "docket/files.h"
#include "docket/text.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <set>

namespace fs = std::filesystem;

namespace docket {

namespace {

struct Reader {
    Diagnostics& diags;
    std::string file;

    void error_at(const toml::node& node, const std::string& message) {
        const auto& pos = node.source().begin;
        diags.error(file, static_cast<int>(pos.line), static_cast<int>(pos.column), message);
    }

    // Reports every key of `table` that is not in `known`.
    void unknown_keys(const toml::table& table, const std::set<std::string_view>& known,
                      const std::string& where) {
        for (const auto& [key, node] : table) {
            if (!known.contains(key.str())) {
                const auto& pos = key.source().begin;
                diags.error(file, static_cast<int>(pos.line), static_cast<int>(pos.column),
                            "unknown key \"" + std::string(key.str()) + "\" in " + where);
            }
        }
    }

    void string(const toml::table& t, std::string_view key, std::string& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        if (auto s = n->value<std::string>(); s && n->is_string())
            out = *s;
        else
            error_at(*n, "\"" + std::string(key) + "\" must be a string");
    }

    void boolean(const toml::table& t, std::string_view key, bool& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        if (n->is_boolean())
            out = *n->value<bool>();
        else
            error_at(*n, "\"" + std::string(key) + "\" must be true or false");
    }

    // A string that becomes an href: empty (unset), or an address starting with one of
    // `schemes` ("https://" needs a host after it, "mailto:" an address), without spaces or
    // control characters, which browsers strip or read otherwise. `javascript:` never passes.
    void address(const toml::table& t, std::string_view key,
                 std::initializer_list<std::string_view> schemes, std::string& out) {
        string(t, key, out);
        const auto starts = [&](std::string_view scheme) {
            return out.size() > scheme.size() &&
                   (scheme.back() != '/' || out[scheme.size()] != '/') &&
                   std::equal(scheme.begin(), scheme.end(), out.begin(), [](char a, char b) {
                       return a == (b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
                   });
        };
        const bool clean = std::none_of(out.begin(), out.end(), [](char c) {
            return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\\';
        });
        if (out.empty() || (clean && std::any_of(schemes.begin(), schemes.end(), starts))) return;
        std::string names;
        for (std::size_t i = 0; i < schemes.size(); ++i)
            names += (i == 0                    ? ""
                      : i + 1 == schemes.size() ? " or "
                                                : ", ") +
                     std::string(schemes.begin()[i]);
        error_at_key(t, key,
                     "\"" + std::string(key) + "\" must be an address starting with " + names +
                         " (found \"" + out + "\")");
        out.clear();
    }

    // A string that names files and is part of links: lowercase ASCII letters, digits and '-'
    // (as a page id), or empty where `empty_ok`.
    void name(const toml::table& t, std::string_view key, std::string& out, bool empty_ok,
              const std::string& where) {
        const std::string before = out;
        string(t, key, out);
        if (valid_id(out) || (empty_ok && out.empty())) return;
        error_at_key(t, key,
                     "\"" + std::string(key) + "\"" + where + " must be " +
                         (empty_ok ? "empty or " : "") +
                         "lowercase ASCII letters, digits and '-' (found \"" + out + "\")");
        out = before;
    }

    void error_at_key(const toml::table& t, std::string_view key, const std::string& message) {
        const auto& pos = t.find(key)->first.source().begin;
        diags.error(file, static_cast<int>(pos.line), static_cast<int>(pos.column), message);
    }

    const toml::table* table(const toml::table& t, std::string_view key) {
        const toml::node* n = t.get(key);
        if (!n) return nullptr;
        if (!n->is_table()) {
            error_at(*n, "\"" + std::string(key) + "\" must be a table");
            return nullptr;
        }
        return n->as_table();
    }
};

// A language tag as BCP 47 spells one ("sv", "en", "en-GB"): it names the theme's i18n file.
bool valid_language(std::string_view tag) {
    std::size_t part = 0;
    for (std::size_t i = 0; i <= tag.size(); ++i) {
        if (i == tag.size() || tag[i] == '-') {
            if (part == 0 || part > 8) return false;
            part = 0;
        } else if (std::isalnum(static_cast<unsigned char>(tag[i]))) {
            ++part;
        } else {
            return false;
        }
    }
    return !tag.empty() && std::isalpha(static_cast<unsigned char>(tag[0]));
}

TomlPosition position_of(const toml::node* n) {
    if (!n) return {};
    return {static_cast<int>(n->source().begin.line), static_cast<int>(n->source().begin.column)};
}

// The language names the theme's i18n file (Theme::load reports a theme without it, at the
// position kept here) and the search pipeline (the build checks that there is one).
void check_language(Reader& r, const toml::table& doc, SiteConfig& config) {
    config.language_at = position_of(doc.get("language"));
    if (valid_language(config.language)) return;
    r.diags.error(r.file, config.language_at.line, config.language_at.column,
                  "\"language\" must be a language tag such as \"sv\" or \"en\" (found \"" +
                      config.language + "\")");
    config.language = "sv";
}

// The top-level keys; the segments of [urls].
void read_site(Reader& r, const toml::table& doc, SiteConfig& config) {
    r.unknown_keys(doc,
                   {"title", "language", "base_url", "output", "theme", "organisation", "site_id",
                    "urls", "links", "markdown", "search", "lists", "accessibility"},
                   "site.toml");
    r.string(doc, "title", config.title);
    r.string(doc, "language", config.language);
    r.address(doc, "base_url", {"https://", "http://"}, config.base_url);
    r.string(doc, "output", config.output);
    r.string(doc, "theme", config.theme);
    r.string(doc, "organisation", config.organisation);
    r.name(doc, "site_id", config.site_id, false, "");
    if (!doc.contains("title")) r.diags.error(r.file, 1, 1, "missing required key \"title\"");
    if (!config.base_url.empty() && config.base_url.back() != '/') config.base_url += '/';

    if (const auto* urls = r.table(doc, "urls")) {
        for (const auto& [key, node] : *urls) {
            std::string segment;
            if (key.str() == "page" && node.value<std::string>() == "path") {
                config.page_paths = true;
                continue;
            }
            const std::size_t errors = r.diags.error_count();
            r.name(*urls, key.str(), segment, true, " in [urls]");
            if (r.diags.error_count() == errors)
                config.url_settings[std::string(key.str())] = {
                    segment,
                    {static_cast<int>(key.source().begin.line),
                     static_cast<int>(key.source().begin.column)}};
        }
    }
}

// [markdown] heading_ids: "ascii" or "github".
void heading_ids(Reader& r, const toml::table& md, SiteConfig& config) {
    const toml::node* n = md.get("heading_ids");
    if (!n) return;
    const auto style = n->value<std::string>();
    if (n->is_string() && (*style == "ascii" || *style == "github"))
        config.github_heading_ids = *style == "github";
    else
        r.error_at(*n, "\"heading_ids\" must be \"ascii\" or \"github\"" +
                           (n->is_string() ? " (found \"" + *style + "\")" : std::string()));
}

// [links], [markdown], [search] and [lists].
void read_switches(Reader& r, const toml::table& doc, SiteConfig& config) {
    if (const auto* links = r.table(doc, "links")) {
        r.unknown_keys(*links, {"terms"}, "[links]");
        r.boolean(*links, "terms", config.link_terms);
    }
    if (const auto* md = r.table(doc, "markdown")) {
        r.unknown_keys(*md, {"raw_html", "heading_ids"}, "[markdown]");
        r.boolean(*md, "raw_html", config.allow_raw_html);
        heading_ids(r, *md, config);
        if (config.allow_raw_html)
            r.diags.warning(r.file, 0, 0,
                            "[markdown] raw_html = true: raw HTML in content reaches the site "
                            "unfiltered");
    }
    if (const auto* search = r.table(doc, "search")) {
        r.unknown_keys(*search, {"enabled"}, "[search]");
        r.boolean(*search, "enabled", config.search);
    }
    if (const auto* lists = r.table(doc, "lists")) {
        r.unknown_keys(*lists, {"per_page"}, "[lists]");
        if (const toml::node* n = lists->get("per_page")) {
            const auto v = n->value<std::int64_t>();
            if (n->is_integer() && *v >= 1 && *v <= 100000)
                config.per_page = *v;
            else
                r.error_at(*n, "\"per_page\" must be a whole number from 1 to 100000");
        }
    }
}

void read_accessibility(Reader& r, const toml::table& doc, AccessibilityStatement& s) {
    const auto* a = r.table(doc, "accessibility");
    if (!a) return;
    s.present = true;
    r.unknown_keys(
        *a, {"service", "status", "known_gaps", "assessed", "method", "contact", "report_url"},
        "[accessibility]");
    r.string(*a, "service", s.service);
    r.string(*a, "status", s.status);
    r.string(*a, "assessed", s.assessed);
    r.string(*a, "method", s.method);
    r.string(*a, "contact", s.contact);
    r.address(*a, "report_url", {"https://", "http://", "mailto:"}, s.report_url);
    if (const toml::node* gaps = a->get("known_gaps")) {
        if (const auto* arr = gaps->as_array()) {
            for (const auto& g : *arr) {
                if (auto v = g.value<std::string>())
                    s.known_gaps.push_back(*v);
                else
                    r.error_at(g, "\"known_gaps\" must be a list of strings");
            }
        } else {
            r.error_at(*gaps, "\"known_gaps\" must be a list of strings");
        }
    }
}

void check_theme(Reader& r, const toml::table& doc, const fs::path& root,
                 const SiteConfig& config) {
    if (fs::is_directory(root / config.theme / "templates")) return;
    const TomlPosition at = position_of(doc.get("theme"));
    r.diags.error(r.file, at.line, at.column,
                  "theme \"" + config.theme + "\" not found (no " +
                      (fs::path(config.theme) / "templates").string() + " directory)");
}

} // namespace

std::optional<SiteConfig> load_config(const std::filesystem::path& root, Diagnostics& diags) {
    SiteConfig config;
    config.file = root / "site.toml";
    const std::string shown = "site.toml";

    std::error_code ec;
    if (!fs::exists(config.file, ec)) {
        // A plain folder of Markdown: the folder's name as title (the root page's, once it is
        // read), the built-in default theme, English, pages at their paths.
        config.title = fs::weakly_canonical(fs::absolute(root), ec).filename().string();
        config.theme = DOCKET_DEFAULT_THEME;
        config.language = "en";
        config.plain = true;
        config.page_paths = true;
        config.github_heading_ids = true;
        return config;
    }
    const auto text = read_file(config.file);
    if (!text) {
        diags.error(shown, 0, 0, "cannot read " + config.file.string());
        return std::nullopt;
    }
    toml::table doc;
    try {
        doc = toml::parse(*text, shown);
    } catch (const toml::parse_error& e) {
        diags.error(shown, static_cast<int>(e.source().begin.line),
                    static_cast<int>(e.source().begin.column),
                    "invalid TOML: " + std::string(e.description()));
        return std::nullopt;
    }
    Reader r{diags, shown};
    read_site(r, doc, config);
    read_switches(r, doc, config);
    read_accessibility(r, doc, config.accessibility);
    check_language(r, doc, config);
    check_theme(r, doc, root, config);
    return config;
}

} // namespace docket
