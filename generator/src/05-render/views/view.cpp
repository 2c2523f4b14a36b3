#include "view.h"

#include "docket/diagnostic.h"
#include "docket/href.h"
#include "docket/model.h"
#include "docket/schema.h"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

namespace docket {

PageView::PageView(const ViewHost& host, std::size_t index, Context& context)
    : PageView(host, index, context, host.site().pages[index].url) {}

PageView::PageView(const ViewHost& host, std::size_t index, Context& context,
                   const std::string& dir)
    : host(host), index(index), page(host.site().pages[index]), dir(dir), c(context) {}

Context& PageView::fact(const std::string& label_key, const std::string& value,
                        const std::string& link) {
    Context f;
    f.set("label", host.theme().text(label_key)).set("value", value).set("href", link);
    facts.push_back(std::move(f));
    return facts.back();
}

void PageView::text_fact(const char* key, const char* label_key) {
    if (const auto v = page.str(key); !v.empty()) fact(label_key, v);
}

void PageView::date_fact(const char* key, const char* label_key) {
    if (const auto d = page.str(key); !d.empty()) fact(label_key, host.date(d));
}

void PageView::link_fact(const char* key, const char* label_key) {
    const auto id = page.str(key);
    if (id.empty()) return;
    if (const Page* t = host.site().find(id))
        fact(label_key, display_title(*t), host.href(dir, *t));
    else
        fact(label_key, id);
}

void PageView::diarienummer_fact() {
    if (const std::string d = page.str("diarienummer"); !d.empty())
        fact("fact_diarienummer", d, relative_href(dir, history_path(host.site().config, d)));
}

std::vector<Context> PageView::related_links(std::string_view kind, std::string_view key) const {
    std::vector<Context> out;
    for (const Page* q : host.related(kind, key, page.id))
        out.push_back(host.page_link(dir, *q));
    return out;
}

const View* find_view(std::string_view kind) {
    static constexpr std::array<const View*, 8> views = {&meeting_view,  &case_view,     &plan_view,
                                                         &area_view,     &followup_view, &goal_view,
                                                         &decision_view, &term_view};
    for (const View* v : views)
        if (v->kind == kind) return v;
    return nullptr;
}

namespace {

using Keys = std::span<const std::string_view>;

// The keys of every page (render.cpp's base_context, and the title and class every page sets),
// a link to a page (page_link) and the rest of every content page (render_page).
constexpr std::string_view base_keys[] = {"lang",
                                          "site_title",
                                          "organisation",
                                          "title",
                                          "head_title",
                                          "home_href",
                                          "css_href",
                                          "search_href",
                                          "search_js_href",
                                          "search_ready",
                                          "statement_href",
                                          "offline_href",
                                          "offline_label",
                                          "nav",
                                          "breadcrumbs",
                                          "current",
                                          "href",
                                          "main",
                                          "h1",
                                          "kind_class",
                                          "feeds",
                                          "description",
                                          "og_type",
                                          "canonical",
                                          "json_ld",
                                          "base_href",
                                          "tree"};
constexpr std::string_view link_keys[] = {"title", "href", "kind", "summary"};
constexpr std::string_view content_keys[] = {
    "kind_label", "kicker",     "body",          "backlinks",      "label",     "items",
    "facts",      "value",      "lang",          "prevnext",       "prev_href", "prev_title",
    "next_href",  "next_title", "backlinks_all", "backlinks_parts"};

// The keys of the generated pages' templates (render.cpp's render_start, render_list, ...).
constexpr std::string_view start_keys[] = {"meeting_title", "meeting_href", "meeting_date",
                                           "cases",         "plans",        "pages",
                                           "glossary_href", "meta",         "lists"};
constexpr std::string_view list_keys[] = {"years",      "meta",         "parts",
                                          "gap",        "groups",       "label",
                                          "items",      "diarienummer", "diarienummer_href",
                                          "date",       "meeting_href", "meeting_title",
                                          "print_href", "prev_href",    "next_href"};
constexpr std::string_view history_keys[] = {"kicker", "events", "date", "datetime", "note"};
// A page to print: each document's own view's keys (those of its kind's template it shows).
constexpr std::string_view print_keys[] = {
    "kicker", "documents", "anchor",      "anchor_href", "kind_label",   "facts",  "label",
    "value",  "agenda",    "name",        "number",      "diarienummer", "status", "proposal",
    "text",   "body",      "attachments", "signatories", "items"};
constexpr std::string_view glossary_keys[] = {"letters",
                                              "letter",
                                              "anchor",
                                              "anchor_href",
                                              "terms",
                                              "term_anchor",
                                              "term_definition",
                                              "definition",
                                              "undefined",
                                              "expansion",
                                              "expansion_lang",
                                              "definitions",
                                              "plan",
                                              "plan_href",
                                              "areas",
                                              "areas_href",
                                              "letter_index",
                                              "definitions_href",
                                              "definitions_here",
                                              "parts",
                                              "gap",
                                              "prev_href",
                                              "next_href"};
constexpr std::string_view statement_keys[] = {"service",    "status",  "assessed",
                                               "method",     "contact", "contact_href",
                                               "report_url", "gaps",    "text"};
// A part of a page's whole list of backlinks or mentions (render_links).
constexpr std::string_view links_keys[] = {"lead", "items",     "parts",
                                           "gap",  "prev_href", "next_href"};
// A plain tree's section page (render_section): its entries, previous and next.
constexpr std::string_view section_keys[] = {"kicker",     "items",     "prevnext",  "prev_href",
                                             "prev_title", "next_href", "next_title"};
struct Generated {
    std::string_view name;
    Keys keys;
};
constexpr Generated generated[] = {{"start", start_keys},       {"list", list_keys},
                                   {"glossary", glossary_keys}, {"history", history_keys},
                                   {"print", print_keys},       {"search", {}},
                                   {"not_found", {}},           {"statement", statement_keys},
                                   {"section", section_keys},   {"links", links_keys}};

bool has(std::initializer_list<Keys> sets, const std::string& key) {
    return std::any_of(sets.begin(), sets.end(),
                       [&](Keys s) { return std::find(s.begin(), s.end(), key) != s.end(); });
}

// Where a key is read, and which of the pages rendered with the template lack it.
using Use = std::tuple<std::string, int, int, std::string>; // file, line, column, key
struct Missing {
    std::vector<std::string> kinds;
    std::vector<std::string> pages; // generated pages, or "every page"
};

void check_kind_template(const std::string& name, const Template& t,
                         const std::map<std::string, std::unique_ptr<Template>>& templates,
                         std::map<Use, Missing>& missing) {
    for (const KindSchema& kind : all_kinds()) {
        const std::string own(kind.kind);
        if ((templates.contains(own) ? own : "page") != name) continue;
        const View* view = find_view(kind.kind);
        const Keys keys = view ? view->keys : Keys();
        for (const Template::KeyUse& u : t.key_uses())
            if (!has({base_keys, link_keys, content_keys, keys}, u.key))
                missing[{u.file, u.line, u.column, u.key}].kinds.push_back(own);
    }
}

std::string message(const std::string& key, const Missing& m) {
    std::string out = "template key \"" + key + "\" is not provided";
    if (!m.kinds.empty())
        out += m.kinds.size() == 1 ? " by the view for kind " : " by the views for kinds ";
    for (std::size_t k = 0; k < m.kinds.size(); ++k)
        out += (k ? ", \"" : "\"") + m.kinds[k] + "\"";
    for (std::size_t k = 0; k < m.pages.size(); ++k)
        out += (k ? ", " : m.kinds.empty() ? " for " : " nor for ") + m.pages[k];
    return out;
}

} // namespace

bool check_template_keys(const std::map<std::string, std::unique_ptr<Template>>& templates,
                         Diagnostics& diags) {
    std::map<Use, Missing> missing;
    for (const auto& entry : templates) {
        const std::string& name = entry.first; // not a structured binding: the lambda captures it
        const std::unique_ptr<Template>& t = entry.second;
        if (name.starts_with("_")) continue; // checked in the templates that include it
        const auto gen = std::find_if(std::begin(generated), std::end(generated),
                                      [&](const Generated& g) { return g.name == name; });
        if (name != "base" && gen == std::end(generated)) {
            check_kind_template(name, *t, templates, missing);
            continue;
        }
        const Keys keys = name == "base" ? Keys() : gen->keys;
        for (const Template::KeyUse& u : t->key_uses())
            if (!has({base_keys, link_keys, keys}, u.key))
                missing[{u.file, u.line, u.column, u.key}].pages.push_back(
                    name == "base" ? "every page" : "the " + name + " page");
    }
    for (const auto& [use, m] : missing)
        diags.error(std::get<0>(use), std::get<1>(use), std::get<2>(use),
                    message(std::get<3>(use), m));
    return missing.empty();
}

} // namespace docket
