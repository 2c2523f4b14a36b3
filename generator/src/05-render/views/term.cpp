#include "view.h"

namespace docket {

namespace {

void fill(PageView& v) {
    v.text_fact("term", "fact_term");
    if (const auto e = v.page.str("expansion"); !e.empty())
        v.fact("fact_expansion", e).set("lang", v.page.str("expansion_lang"));
    std::vector<Context> mentions;
    for (std::size_t m : v.host.graph().mentions[v.index])
        mentions.push_back(v.host.page_link(v.dir, v.host.site().pages[m]));
    v.c.list("mentions", std::move(mentions));
}

constexpr std::string_view keys[] = {"mentions"};

} // namespace

const View term_view{"term", keys, fill};

} // namespace docket
