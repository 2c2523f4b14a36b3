#include "view.h"

namespace docket {

namespace {

void fill(PageView& v) {
    v.text_fact("term", "fact_term");
    if (const auto e = v.page.str("expansion"); !e.empty())
        v.fact("fact_expansion", e).set("lang", v.page.str("expansion_lang"));
    const PageList& mentioned = v.host.graph().mentions[v.index];
    std::vector<Context> mentions;
    for (std::size_t k = 0; k < std::min(mentioned.size(), v.host.per_page()); ++k)
        mentions.push_back(v.host.page_link(v.dir, v.host.site().pages[mentioned[k]]));
    v.c.list("mentions", std::move(mentions));
    v.host.set_more_links(v.c, v.dir, v.page, "mentions", mentioned.size());
}

constexpr std::string_view keys[] = {"mentions", "mentions_all", "mentions_parts"};

} // namespace

const View term_view{"term", keys, fill};

} // namespace docket
