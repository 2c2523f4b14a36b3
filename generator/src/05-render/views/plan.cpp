#include "view.h"

namespace docket {

namespace {

// The plan's areas two levels deep: those without a parent, each with its children.
std::vector<Context> areas(PageView& v) {
    const auto areas = v.host.related("area", "plan", v.page.id);
    std::vector<Context> top;
    for (const Page* a : areas) {
        if (!a->str("parent").empty()) continue;
        Context item = v.host.page_link(v.dir, *a);
        std::vector<Context> children;
        for (const Page* ch : areas)
            if (ch->str("parent") == a->id) children.push_back(v.host.page_link(v.dir, *ch));
        item.list("children", std::move(children));
        top.push_back(std::move(item));
    }
    return top;
}

void fill(PageView& v) {
    v.diarienummer_fact();
    v.text_fact("their_reference", "fact_their_reference");
    v.date_fact("date", "fact_date");
    v.date_fact("revised", "fact_revised");
    v.date_fact("valid_from", "fact_valid_from");
    v.date_fact("valid_to", "fact_valid_to");
    v.text_fact("owner", "fact_owner");
    v.c.list("areas", areas(v));
    v.c.list("goals", v.related_links("goal", "plan"));
    // A table of contents on long pages.
    std::vector<Context> toc;
    for (const auto& h : v.host.site().docs[v.index].headings)
        if (h.level <= 3)
            toc.push_back(Context()
                              .set("title", h.text)
                              .set("href", "#" + h.id)
                              .set("level", "toc-" + std::to_string(h.level)));
    if (toc.size() >= 8) v.c.list("toc", std::move(toc));
}

constexpr std::string_view keys[] = {"areas", "children", "goals", "toc", "level"};

} // namespace

const View plan_view{"plan", keys, fill};

} // namespace docket
