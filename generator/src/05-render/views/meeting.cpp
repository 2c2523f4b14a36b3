#include "view.h"

#include "docket/href.h"

namespace docket {

namespace {

// Agenda items grouped by section, in the order the agenda gives.
std::vector<Context> agenda(PageView& v) {
    std::vector<std::pair<std::string, std::vector<Context>>> groups;
    if (const Value* agenda = v.page.get("agenda")) {
        for (const auto& row : agenda->rows) {
            const std::string section =
                row.str("section").empty() ? v.host.theme().text("agenda") : row.str("section");
            if (groups.empty() || groups.back().first != section) groups.push_back({section, {}});
            Context item;
            item.set("number", row.str("number"))
                .set("title", row.str("title"))
                .set("diarienummer", row.str("diarienummer"));
            if (const std::string d = row.str("diarienummer"); !d.empty())
                item.set("diarienummer_href",
                         relative_href(v.dir, history_path(v.host.site().config, d)));
            item.set("page", row.str("page"));
            if (const Page* cs = v.host.site().find(row.str("case")))
                item.set("href", v.host.href(v.dir, *cs));
            const Scalar* inc = row.get("included");
            const bool included = !inc || inc->flag;
            item.set("status", v.host.theme().text(included ? "included" : "not_included"));
            groups.back().second.push_back(std::move(item));
        }
    }
    std::vector<Context> sections;
    for (auto& [name, items] : groups)
        sections.push_back(Context().set("name", name).list("items", std::move(items)));
    return sections;
}

void fill(PageView& v) {
    v.text_fact("body", "fact_body");
    v.date_fact("date", "fact_date");
    v.text_fact("location", "fact_location");
    v.c.list("agenda", agenda(v));
    v.c.set("print_href", relative_href(v.dir, print_path(v.host.site().config, v.page)));
    const auto& packs = v.host.archives().packs;
    if (auto pack = packs.find(v.page.id); pack != packs.end()) {
        v.c.set("pack_href", relative_href(v.dir, pack->second)).when("pack_href", archive_links);
        v.c.late("pack_label", LateText::pack_label(v.index))
            .late("pack_contents", LateText::pack_contents(v.index));
    } else if (v.host.archives().preview) {
        v.c.flag("pack_preview", true);
    }
}

constexpr std::string_view keys[] = {
    "agenda",    "name",       "number",        "diarienummer",      "page",       "status",
    "pack_href", "pack_label", "pack_contents", "diarienummer_href", "print_href", "pack_preview"};

} // namespace

const View meeting_view{"meeting", keys, fill};

} // namespace docket
