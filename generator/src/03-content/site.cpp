#include "docket/site.h"

#include "docket/foreign_syntax.h"

#include <cmark-gfm.h>

#include <algorithm>

namespace docket {

namespace {

// Page i's body parsed, other tools' syntax taken out of it (and reported to `diags`), with its
// headings.
PageDoc parse_body(const Site& site, std::size_t i, std::string_view body, Diagnostics& diags) {
    const Page& page = site.pages[i];
    PageDoc doc;
    doc.doc = parse_markdown(body);
    doc.inserted_line =
        report_foreign_syntax(page, body, doc.doc.get(), site.config.allow_raw_html, diags);
    doc.anchors = attribute_anchors(doc.doc.get());
    const auto style = site.config.github_heading_ids ? HeadingIds::github : HeadingIds::ascii;
    std::unordered_set<std::string> taken;
    if (site.reserved) taken = site.reserved(page.kind);
    taken.insert(doc.anchors.begin(), doc.anchors.end());
    doc.headings = collect_headings(doc.doc.get(), taken, style);
    return doc;
}

const Heading* first_h1(const PageDoc& doc) {
    const auto h1 = std::find_if(doc.headings.begin(), doc.headings.end(),
                                 [](const Heading& h) { return h.level == 1; });
    return h1 == doc.headings.end() ? nullptr : &*h1;
}

// The page's title is its h1. A first "# " heading that gave the title, or repeats it, leaves the
// body when it is a block of its own (not inside a quote or list), so the title is not shown
// twice. A body that still has "# " headings moves every heading one level down.
void shape_headings(PageDoc& doc, const std::string& title) {
    const Heading* h1 = first_h1(doc);
    if (!h1) return;
    if (!h1->text.empty() && h1->text == title && cmark_node_parent(h1->node) == doc.doc.get()) {
        cmark_node_free(h1->node); // unlinks it
        doc.headings.erase(doc.headings.begin() + (h1 - doc.headings.data()));
        if (!first_h1(doc)) return;
    }
    // An h6 becomes level 7 (cmark's node stays at 6): the renderer writes it as a heading
    // of that level, so h5 and h6 stay apart.
    for (auto& h : doc.headings) {
        ++h.level;
        cmark_node_set_heading_level(h.node, std::min(h.level, 6));
    }
}

constexpr const char* changed_message = "changed during the build; build again";

} // namespace

void ChangedFiles::add(const std::string& source) {
    std::lock_guard lock(mutex_);
    sources_.insert(source);
}

void ChangedFiles::report(Diagnostics& diags) const {
    std::lock_guard lock(mutex_);
    for (const std::string& source : sources_)
        diags.error(source, 0, 0, changed_message);
}

void KeptDocs::resize(std::size_t pages) {
    docs_.assign(pages, nullptr);
    uses_ = std::make_unique<std::atomic<int>[]>(pages);
}

void KeptDocs::keep(std::size_t i, std::shared_ptr<const PageDoc> doc, int uses) {
    uses_[i] = uses;
    std::lock_guard hold(lock(i));
    docs_[i] = std::move(doc);
}

std::shared_ptr<const PageDoc> KeptDocs::get(std::size_t i) const {
    if (i >= docs_.size()) return nullptr;
    std::lock_guard hold(lock(i));
    return docs_[i];
}

void KeptDocs::used(std::size_t i) {
    if (i >= docs_.size() || uses_[i].fetch_sub(1) != 1) return;
    std::shared_ptr<const PageDoc> going;
    {
        std::lock_guard hold(lock(i));
        going.swap(docs_[i]);
    }
}

void report_changed(const Page& page, Diagnostics& diags) {
    diags.error(page.source, 0, 0, changed_message);
}

PageDoc parse_doc(const Site& site, std::size_t i, std::string_view body) {
    Diagnostics reported; // parse_bodies reported them
    PageDoc doc = parse_body(site, i, body, reported);
    shape_headings(doc, site.pages[i].title);
    return doc;
}

void parse_bodies(Site& site, Diagnostics& diags, unsigned threads, const ReservedIds& reserved,
                  const std::vector<bool>* kept_asts,
                  const std::function<void(std::size_t)>& dropping) {
    site.docs.clear();
    site.docs.resize(site.pages.size());
    site.by_id.clear();
    site.reserved = reserved;
    for (std::size_t i = 0; i < site.pages.size(); ++i)
        site.by_id.emplace(site.pages[i].id, i);
    parallel_for(site.pages.size(), threads, [&](std::size_t i) {
        site.docs[i] = parse_page_body(site, i, site.pages[i].body(), diags);
        if (kept_asts && !(*kept_asts)[i]) {
            if (dropping) dropping(i);
            drop_ast(site.docs[i]);
            release_body(site.pages[i]);
        }
    });
}

std::vector<bool> kept_asts(const std::vector<Page>& pages, std::size_t body_bytes) {
    std::vector<bool> kept(pages.size());
    std::size_t bytes = 0;
    for (const bool terms : {true, false})
        for (std::size_t i = 0; i < pages.size(); ++i) {
            if ((pages[i].kind == "term") != terms) continue;
            if (bytes + pages[i].body().size() > body_bytes) {
                if (terms) continue;
                return kept;
            }
            bytes += pages[i].body().size();
            kept[i] = true;
        }
    return kept;
}

void drop_ast(PageDoc& doc) {
    doc.doc.reset();
    doc.link_targets.reset();
    for (Heading& h : doc.headings)
        h.node = nullptr;
}

PageDoc parse_page_body(Site& site, std::size_t i, std::string_view body, Diagnostics& diags) {
    Page& page = site.pages[i];
    PageDoc doc = parse_body(site, i, body, diags);
    check_sections(page, doc.headings, diags);
    // A plain page without a title takes its first "# " heading's text.
    if (const Heading* h1 = first_h1(doc); h1 && !page.get("title")) page.title = h1->text;
    shape_headings(doc, page.title);
    return doc;
}

} // namespace docket
