// Views: what each kind's template shows beyond what every page shows. One small view per kind
// (views/<kind>.cpp) fills a page's context from its front matter and relations; the registry
// (view.cpp) maps kind -> view and declares the keys every page and every generated page has,
// so the theme's templates are checked against them when the theme is loaded.
#pragma once

#include "../template.h"
#include "docket/links.h"
#include "docket/render.h"
#include "docket/site.h"

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

// What a view may ask of the renderer: links, related pages and excerpts made as the rest of
// the page's are (relative to where it is written).
class ViewHost {
  public:
    virtual const Site& site() const = 0;
    virtual const LinkGraph& graph() const = 0;
    virtual const Theme& theme() const = 0;
    virtual const ArchiveLinks& archives() const = 0;
    virtual std::string href(const std::string& from_dir, const Page& to) const = 0;
    virtual Context page_link(const std::string& from_dir, const Page& p) const = 0;
    // The pages of `kind` whose relation `key` names `id`, in the kind's related order.
    virtual std::vector<const Page*> related(std::string_view kind, std::string_view key,
                                             const std::string& id) const = 0;
    // The section of `source` its kind's schema excerpts, for a page in directory `dir`.
    virtual Context::Slot excerpt(const std::string& dir, const Page& source) const = 0;
    virtual std::string date(const std::string& iso) const = 0; // "20 november 2020"
    // The pages in scope a list of page p's links shows: at most [lists] per_page.
    virtual std::size_t per_page() const = 0;
    // Past per_page pages in page p's list `list` (backlinks or mentions: listed_links), its
    // size in words, "<list>_all", and links from `dir` to each page of the whole list,
    // "<list>_parts" (from the start page, each is three clicks away: a list, the page, the
    // part).
    virtual void set_more_links(Context& c, const std::string& dir, const Page& p,
                                const std::string& list, std::size_t count) const = 0;

  protected:
    ~ViewHost() = default;
};

// A content page being filled by its kind's view.
class PageView {
  public:
    PageView(const ViewHost& host, std::size_t index, Context& context);
    // Filled for a page written in directory `dir` (a meeting's page to print).
    PageView(const ViewHost& host, std::size_t index, Context& context, const std::string& dir);

    const ViewHost& host;
    const std::size_t index;
    const Page& page;
    const std::string& dir; // where the page is written, which its links are relative to
    Context& c;
    std::vector<Context> facts; // the facts list, in order

    Context& fact(const std::string& label_key, const std::string& value,
                  const std::string& link = "");
    void text_fact(const char* key, const char* label_key);
    void date_fact(const char* key, const char* label_key);
    void link_fact(const char* key, const char* label_key); // the page the key names
    void diarienummer_fact(); // it leads to the history of its diarienummer
    // Links to the pages of `kind` whose relation `key` names this page, in their order.
    std::vector<Context> related_links(std::string_view kind, std::string_view key) const;
};

struct View {
    std::string_view kind;
    std::span<const std::string_view> keys; // the template keys it sets, its lists' items' too
    void (*fill)(PageView&);
};

extern const View meeting_view, case_view, plan_view, area_view, followup_view, goal_view,
    decision_view, term_view;

// The view of `kind`, or null: a kind without one shows what every page shows.
const View* find_view(std::string_view kind);

// Checks that every key the theme's templates read (data-text, data-attr-*, data-if,
// data-unless, data-each, data-slot) is one that the page they render provides: base.html
// against what every page has, a kind's template (or page.html, for each kind without one)
// against that and the kind's view, a generated page's template against what it sets. A key
// that is not is an error at its file:line:col, naming the views it is missing from. False when
// one is.
bool check_template_keys(const std::map<std::string, std::unique_ptr<Template>>& templates,
                         Diagnostics& diags);

} // namespace docket
