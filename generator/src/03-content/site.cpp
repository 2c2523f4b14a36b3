#include "docket/site.h"

#include "docket/foreign_syntax.h"

#include <cmark-gfm.h>

#include <algorithm>

namespace docket {

void parse_bodies(Site& site, Diagnostics& diags, unsigned threads, const ReservedIds& reserved) {
    site.docs.clear();
    site.docs.resize(site.pages.size());
    site.by_id.clear();
    for (std::size_t i = 0; i < site.pages.size(); ++i)
        site.by_id.emplace(site.pages[i].id, i);
    parallel_for(site.pages.size(), threads, [&](std::size_t i) {
        Page& page = site.pages[i];
        PageDoc& doc = site.docs[i];
        doc.doc = parse_markdown(page.body());
        report_foreign_syntax(page, doc.doc.get(), site.config.allow_raw_html, diags);
        const auto style = site.config.github_heading_ids ? HeadingIds::github : HeadingIds::ascii;
        doc.headings = reserved ? collect_headings(doc.doc.get(), reserved(page.kind), style)
                                : collect_headings(doc.doc.get(), {}, style);
        check_sections(page, doc.headings, diags);
        // The page's title is its h1. A plain page without a title takes its first "# "
        // heading's text, and that heading (or one that repeats the title) leaves the body when
        // it is a block of its own (not inside a quote or list), so the title is not shown
        // twice. A body that still has "# " headings moves every heading one level down.
        const auto h1 = std::find_if(doc.headings.begin(), doc.headings.end(),
                                     [](const Heading& h) { return h.level == 1; });
        if (h1 == doc.headings.end()) return;
        if (!page.get("title") || h1->text == page.title) {
            page.title = h1->text;
            if (!h1->text.empty() && cmark_node_parent(h1->node) == doc.doc.get()) {
                cmark_node_free(h1->node); // unlinks it
                doc.headings.erase(h1);
            }
        }
        if (std::none_of(doc.headings.begin(), doc.headings.end(),
                         [](const Heading& h) { return h.level == 1; }))
            return;
        // An h6 becomes level 7 (cmark's node stays at 6): the renderer writes it as a heading
        // of that level, so h5 and h6 stay apart.
        for (auto& h : doc.headings) {
            ++h.level;
            cmark_node_set_heading_level(h.node, std::min(h.level, 6));
        }
    });
}

} // namespace docket
