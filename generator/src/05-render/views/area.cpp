#include "view.h"

#include "docket/model.h"

namespace docket {

namespace {

// What has been done: each follow-up's excerpt, by period.
std::vector<Context> followups(PageView& v) {
    std::vector<Context> out;
    for (const Page* f : v.host.related("followup", "area", v.page.id)) {
        Context item = v.host.page_link(v.dir, *f);
        item.set("period", title_qualifier(*f));
        item.slot("text", v.host.excerpt(v.dir, *f));
        out.push_back(std::move(item));
    }
    return out;
}

// Previous and next area of the same plan, in number order.
void prev_next(PageView& v) {
    const auto siblings = v.host.related("area", "plan", v.page.str("plan"));
    for (std::size_t k = 0; k < siblings.size(); ++k) {
        if (siblings[k] != &v.page) continue;
        if (k > 0)
            v.c.set("prev_title", display_title(*siblings[k - 1]))
                .set("prev_href", v.host.href(v.dir, *siblings[k - 1]));
        if (k + 1 < siblings.size())
            v.c.set("next_title", display_title(*siblings[k + 1]))
                .set("next_href", v.host.href(v.dir, *siblings[k + 1]));
    }
}

void fill(PageView& v) {
    v.link_fact("plan", "fact_plan");
    v.text_fact("number", "fact_number");
    v.link_fact("parent", "fact_parent");
    v.c.list("children", v.related_links("area", "parent"));
    v.c.list("followups", followups(v));
    prev_next(v);
}

constexpr std::string_view keys[] = {"children",   "followups", "period",     "text",
                                     "prev_title", "prev_href", "next_title", "next_href"};

} // namespace

const View area_view{"area", keys, fill};

} // namespace docket
