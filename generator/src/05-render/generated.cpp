// The pages render_site writes besides the content pages: which there are, where, and what each
// lists (generated_pages), so that the build's registry of output paths, the renderer and each
// pack's scope see the same list.
#include "generated.h"

#include "collation.h"

#include "docket/markdown.h"
#include "docket/render.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace docket {

std::string folder_of(const SiteConfig& config, const std::string& name) {
    const auto it = config.url_segments.find(name);
    return (it == config.url_segments.end() ? name : it->second) + "/";
}

namespace {

// Compares "4.10" after "4.2": dotted numbers part by part.
bool number_less(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const long x = std::strtol(a.c_str() + i, nullptr, 10);
        const long y = std::strtol(b.c_str() + j, nullptr, 10);
        if (x != y) return x < y;
        i = a.find('.', i);
        j = b.find('.', j);
        if (i == std::string::npos || j == std::string::npos)
            return i == std::string::npos && j != std::string::npos;
        ++i;
        ++j;
    }
    return a.size() < b.size();
}

// The year of a page's date ("2020"), or "" when it has no date.
std::string year_of(const Page& p) {
    const std::string d = p.str("date");
    return d.size() >= 10 && std::all_of(d.begin(), d.begin() + 4,
                                         [](char c) { return c >= '0' && c <= '9'; })
               ? d.substr(0, 4)
               : std::string();
}

// The path of part `part` (from 1) of a list in parts in `folder`.
std::string part_path(const std::string& folder, std::size_t part) {
    return folder + (part == 1 ? "" : std::to_string(part) + "/") + "index.html";
}

// The parts of `of` (a list, the glossary, a page's list of links: `base`, its what) of
// `items`, per_page each: `folder`index.html, then `folder`2/index.html... (part_path).
void add_parts(std::vector<GeneratedPage>& out, const GeneratedPage& base, const std::string& of,
               const std::string& folder, const std::vector<std::size_t>& items,
               std::size_t per_page) {
    const std::size_t parts = (items.size() + per_page - 1) / per_page;
    for (std::size_t k = 0; k < parts; ++k) {
        const auto first = items.begin() + static_cast<std::ptrdiff_t>(k * per_page);
        const auto last =
            items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), (k + 1) * per_page));
        GeneratedPage part = base;
        part.path = part_path(folder, k + 1);
        part.what = "part " + std::to_string(k + 1) + " of " + of;
        part.items = {first, last};
        part.part = static_cast<unsigned>(k + 1);
        part.of = static_cast<unsigned>(parts);
        out.push_back(std::move(part));
    }
}

// A list's parts: of `kind`, in `group` (a year, or "").
void add_list_parts(std::vector<GeneratedPage>& out, GeneratedPage::Type type,
                    const KindSchema& kind, const std::string& folder,
                    const std::vector<std::size_t>& items, std::size_t per_page,
                    const std::string& group) {
    add_parts(out, {.type = type, .kind = &kind, .path = {}, .what = {}, .group = group},
              "the list page of kind " + std::string(kind.kind) +
                  (group.empty() ? "" : ", " + group),
              folder, items, per_page);
}

// The list pages of `kind`, whose pages in scope are `items` (in site order): one page, or, past
// per_page items on the site (a pack's lists are its own few pages), parts: by year under an
// index of the years where the list is ordered by date, else numbered.
void add_lists(std::vector<GeneratedPage>& out, const Site& site, const KindSchema& kind,
               const std::string& segment, std::vector<std::size_t> items, bool may_split) {
    const ListOrder& order = kind.model.list_order;
    std::stable_sort(items.begin(), items.end(), [&](std::size_t a, std::size_t b) {
        return list_less(site.pages[a], site.pages[b], order);
    });
    const std::string path = segment + "/index.html";
    const std::string what = "the list page of kind " + std::string(kind.kind);
    const std::size_t per_page = static_cast<std::size_t>(site.config.per_page);
    if (!may_split || items.size() <= per_page) {
        out.push_back({.type = GeneratedPage::list,
                       .kind = &kind,
                       .path = path,
                       .what = what,
                       .items = std::move(items)});
        return;
    }
    const bool by_year = order.by == ListOrder::newest_first && order.key == "date" &&
                         std::none_of(items.begin(), items.end(), [&](std::size_t i) {
                             return year_of(site.pages[i]).empty();
                         });
    if (!by_year)
        return add_list_parts(out, GeneratedPage::list, kind, segment + "/", items, per_page, "");
    out.push_back({.type = GeneratedPage::list_index,
                   .kind = &kind,
                   .path = path,
                   .what = what + " (its years)"});
    for (auto from = items.begin(); from != items.end();) {
        const std::string year = year_of(site.pages[*from]);
        const auto to = std::find_if(from, items.end(),
                                     [&](std::size_t i) { return year_of(site.pages[i]) != year; });
        add_list_parts(out, GeneratedPage::list, kind, segment + "/" + year + "/", {from, to},
                       per_page, year);
        from = to;
    }
}

// The glossary: one page (its terms gathered as it is rendered), or, past per_page terms on the
// site, its terms in A–Ö order in numbered parts, the first of them holding the areas'
// definitions.
void add_glossary(std::vector<GeneratedPage>& out, const Site& site, const KindSchema& kind,
                  const std::string& segment, bool may_split) {
    std::vector<std::size_t> terms;
    for (std::size_t i = 0; i < site.pages.size() && may_split; ++i)
        if (site.pages[i].kind == "term") terms.push_back(i);
    if (terms.size() <= static_cast<std::size_t>(site.config.per_page)) {
        out.push_back({.type = GeneratedPage::glossary,
                       .kind = &kind,
                       .path = segment + "/index.html",
                       .what = "the glossary (the list page of kind term)"});
        return;
    }
    const Collation& collation = Collation::of(site.config.language);
    std::stable_sort(terms.begin(), terms.end(), [&](std::size_t a, std::size_t b) {
        return collation.less(site.pages[a].title, site.pages[b].title);
    });
    add_list_parts(out, GeneratedPage::glossary, kind, segment + "/", terms,
                   static_cast<std::size_t>(site.config.per_page), "");
}

// The order of a diarienummer's pages on the same day: the tjänsteskrivelse, a plan, the
// meeting that handled it, the decision.
int history_rank(std::string_view kind) {
    static constexpr std::string_view order[] = {"case", "plan", "meeting", "decision"};
    return static_cast<int>(std::find(std::begin(order), std::end(order), kind) -
                            std::begin(order));
}

// A history page per diarienummer that the pages in scope carry in their front matter or in a
// meeting's agenda, listing those pages in date order.
void add_histories(std::vector<GeneratedPage>& out, const Site& site,
                   const std::vector<std::size_t>& pages) {
    std::map<std::string, std::vector<std::size_t>> carriers;
    for (std::size_t i : pages) {
        const Page& p = site.pages[i];
        std::set<std::string> numbers;
        if (const std::string d = p.str("diarienummer"); !d.empty()) numbers.insert(d);
        if (const Value* agenda = p.kind == "meeting" ? p.get("agenda") : nullptr)
            for (const Row& row : agenda->rows)
                if (const std::string d = row.str("diarienummer"); !d.empty()) numbers.insert(d);
        for (const std::string& d : numbers)
            carriers[d].push_back(i);
    }
    for (auto& [number, items] : carriers) {
        std::stable_sort(items.begin(), items.end(), [&](std::size_t a, std::size_t b) {
            const Page &x = site.pages[a], &y = site.pages[b];
            if (x.str("date") != y.str("date")) return x.str("date") < y.str("date");
            return history_rank(x.kind) < history_rank(y.kind);
        });
        out.push_back({.type = GeneratedPage::history,
                       .path = history_path(site.config, number),
                       .what = "the history of diarienummer " + number,
                       .items = std::move(items),
                       .group = number});
    }
}

// A page to print per meeting in scope (but its start page when the scope says so): the
// meeting, then each case on its agenda (or naming it as its meeting) followed by its
// attachments, each once, all of them pages in scope.
void add_prints(std::vector<GeneratedPage>& out, const Site& site,
                const std::vector<std::size_t>& pages, const RenderScope& scope) {
    const auto held = [&](std::size_t i) { return !scope.active() || scope.holds(i); };
    std::unordered_map<std::string, std::vector<std::size_t>> cases; // by meeting id
    for (std::size_t i : pages)
        if (site.pages[i].kind == "case") cases[site.pages[i].str("meeting")].push_back(i);
    for (std::size_t m : pages) {
        const Page& meeting = site.pages[m];
        if (meeting.kind != "meeting" || (!scope.start_print && m == scope.start_page)) continue;
        std::vector<std::size_t> items = {m};
        auto add = [&](const std::string& id) {
            const auto it = site.by_id.find(id);
            if (it != site.by_id.end() && held(it->second) &&
                std::find(items.begin(), items.end(), it->second) == items.end())
                items.push_back(it->second);
        };
        auto add_case = [&](const std::string& id) {
            const std::size_t before = items.size();
            add(id);
            if (items.size() == before || site.pages[items.back()].kind != "case") return;
            for (const std::string& attachment : site.pages[items.back()].list("attachments"))
                add(attachment);
        };
        if (const Value* agenda = meeting.get("agenda"))
            for (const Row& row : agenda->rows)
                add_case(row.str("case"));
        for (std::size_t c : cases[meeting.id])
            add_case(site.pages[c].id);
        out.push_back({.type = GeneratedPage::print,
                       .path = print_path(site.config, meeting),
                       .what = "the page to print of meeting " + meeting.id,
                       .items = std::move(items)});
    }
}

// Whether page `from` links page `page` and is not in its list of mentions.
bool backlink(const LinkGraph& graph, std::size_t page, std::size_t from) {
    const PageList& mentions = graph.mentions[page];
    return !std::binary_search(mentions.begin(), mentions.end(), from);
}

// The parts of each list of a page's backlinks or a term's mentions longer than per_page
// (listed_links), in its folder inside the page's ("begrepp/est/anvands-pa/", then
// "begrepp/est/anvands-pa/2/"...).
void add_links(std::vector<GeneratedPage>& out, const Site& site, const LinkGraph& graph) {
    const auto per_page = static_cast<std::size_t>(site.config.per_page);
    for (std::size_t i = 0; i < site.pages.size(); ++i)
        for (const std::string_view list : {"mentions", "backlinks"}) {
            if (links_count(graph, i, list) <= per_page) continue;
            add_parts(out,
                      {.type = GeneratedPage::links,
                       .path = {},
                       .what = {},
                       .group = std::string(list),
                       .page = i},
                      "the " + std::string(list) + " of page " + site.pages[i].id,
                      site.pages[i].url + folder_of(site.config, std::string(list)),
                      listed_links(site, graph, i, list), per_page);
        }
}

} // namespace

std::vector<std::size_t> listed_links(const Site& site, const LinkGraph& graph, std::size_t page,
                                      std::string_view list) {
    if (list == "mentions") return {graph.mentions[page].begin(), graph.mentions[page].end()};
    std::vector<std::size_t> out;
    for (const auto& kind : all_kinds())
        for (std::size_t from : graph.incoming[page])
            if (site.pages[from].kind == kind.kind && backlink(graph, page, from))
                out.push_back(from);
    return out;
}

std::size_t links_count(const LinkGraph& graph, std::size_t page, std::string_view list) {
    if (list == "mentions") return graph.mentions[page].size();
    const PageList& from = graph.incoming[page];
    return static_cast<std::size_t>(std::count_if(
        from.begin(), from.end(), [&](std::size_t f) { return backlink(graph, page, f); }));
}

std::string links_path(const SiteConfig& config, const Page& page, std::string_view list,
                       std::size_t part) {
    return part_path(page.url + folder_of(config, std::string(list)), part);
}

bool list_less(const Page& a, const Page& b, const ListOrder& order) {
    const std::string_view key = order.key;
    switch (order.by) {
    case ListOrder::number:
        return number_less(a.str(key), b.str(key));
    case ListOrder::ascending:
        return a.str(key) < b.str(key);
    case ListOrder::newest_first:
        return a.str(key) > b.str(key);
    case ListOrder::source:
        break;
    }
    return false;
}

std::string history_path(const SiteConfig& config, std::string_view diarienummer) {
    return folder_of(config, "diarienummer") + slugify(diarienummer) + "/index.html";
}

std::string print_path(const SiteConfig& config, const Page& meeting) {
    return meeting.url + folder_of(config, "print") + "index.html";
}

std::vector<GeneratedPage> generated_pages(const Site& site, const RenderScope& scope) {
    std::vector<std::size_t> in_scope; // the content pages, then the glossary's terms
    if (!scope.active())
        for (std::size_t i = 0; i < site.pages.size(); ++i)
            in_scope.push_back(i);
    in_scope.insert(in_scope.end(), scope.pages.begin(), scope.pages.end());
    std::map<std::string_view, std::vector<std::size_t>> of_kind;
    for (std::size_t i : in_scope)
        of_kind[site.pages[i].kind].push_back(i);
    std::vector<GeneratedPage> out;
    // A plain tree's root index page is the start page itself (Page::at_path): the page "index"
    // at the root, found by its id (ids are unique), not by a scan of the site for each pack.
    const auto index = site.by_id.find("index");
    const bool root_page = index != site.by_id.end() && site.pages[index->second].url.empty();
    if (!(scope.active() && scope.start_page < site.pages.size()) && !root_page)
        out.push_back(
            {.type = GeneratedPage::start, .path = "index.html", .what = "the start page"});
    if (site.config.accessibility.present)
        out.push_back({.type = GeneratedPage::statement,
                       .path = folder_of(site.config, "statement") + "index.html",
                       .what = "the accessibility statement ([accessibility] in site.toml)"});
    if (site.config.search)
        out.push_back({.type = GeneratedPage::search,
                       .path = folder_of(site.config, "search") + "index.html",
                       .what = "the search page"});
    // A server's page for missing addresses: the site's alone (a pack, read from disk, has none).
    if (!scope.active())
        out.push_back({.type = GeneratedPage::not_found,
                       .path = std::string(not_found_path),
                       .what = "the page for missing addresses"});
    for (const auto& kind : all_kinds()) {
        const auto segment = site.config.url_segments.find(std::string(kind.kind));
        if (!kind.model.listed || segment == site.config.url_segments.end() ||
            segment->second.empty())
            continue;
        if (kind.kind == "term") {
            if (of_kind.contains("term") || of_kind.contains("area") || !scope.glossary.empty())
                add_glossary(out, site, kind, segment->second, !scope.active());
        } else if (const auto pages = of_kind.find(kind.kind); pages != of_kind.end()) {
            add_lists(out, site, kind, segment->second, pages->second, !scope.active());
        }
    }
    if (const auto history = site.config.url_segments.find("diarienummer");
        history != site.config.url_segments.end() && !history->second.empty())
        add_histories(out, site, in_scope);
    add_prints(out, site, in_scope, scope);
    // A folder of a plain tree without a page of its own (the root's is the start page).
    if (!scope.active())
        for (std::size_t f = 1; f < site.tree.folders.size(); ++f)
            if (site.tree.folders[f].page == no_index)
                out.push_back({.type = GeneratedPage::section,
                               .path = site.tree.folders[f].path + "/index.html",
                               .what = "the section page of folder " + site.tree.folders[f].path +
                                       "/ (it has no index.md, _index.md or README.md)",
                               .folder = f});
    return out;
}

std::vector<GeneratedPage> site_generated_pages(const Site& site, const LinkGraph& graph) {
    std::vector<GeneratedPage> out = generated_pages(site);
    add_links(out, site, graph);
    return out;
}

} // namespace docket
