#include "view.h"

namespace docket {

namespace {

std::vector<Context> texts(const Page& p, const char* key) {
    std::vector<Context> out;
    for (const auto& s : p.list(key))
        out.push_back(Context().set("text", s));
    return out;
}

void fill(PageView& v) {
    const Page& p = v.page;
    v.diarienummer_fact();
    v.date_fact("date", "fact_date");
    v.text_fact("unit", "fact_unit");
    v.text_fact("officer", "fact_officer");
    if (const auto e = p.str("email"); !e.empty()) v.fact("fact_email", e, "mailto:" + e);
    v.link_fact("meeting", "fact_meeting");
    v.text_fact("item", "fact_item");
    std::vector<Context> attachments;
    for (const auto& id : p.list("attachments"))
        if (const Page* t = v.host.site().find(id))
            attachments.push_back(v.host.page_link(v.dir, *t));
    v.c.list("proposal", texts(p, "proposal")).list("attachments", std::move(attachments));
    v.c.list("signatories", texts(p, "signatories")).list("recipients", texts(p, "recipients"));
}

constexpr std::string_view keys[] = {"proposal", "attachments", "signatories", "recipients",
                                     "text"};

} // namespace

const View case_view{"case", keys, fill};

} // namespace docket
