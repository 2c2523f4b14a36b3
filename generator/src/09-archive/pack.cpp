#include "docket/pack.h"

namespace docket {

std::vector<bool> pack_pages(const Site& site, const LinkGraph& graph, std::size_t meeting) {
    std::vector<bool> in(site.pages.size(), false);
    std::vector<std::size_t> pending{meeting};
    in[meeting] = true;
    while (!pending.empty()) {
        const std::size_t i = pending.back();
        pending.pop_back();
        for (std::size_t t : graph.outgoing[i]) {
            // Other meetings are packs of their own.
            if (in[t] || site.pages[t].kind == "meeting") continue;
            in[t] = true;
            pending.push_back(t);
        }
    }
    return in;
}

std::string pack_name(const Site& site, const Page& meeting) {
    return site.config.site_id + "-" + meeting.id;
}

std::string pack_path(const Site& site, const Page& meeting) {
    return meeting.url + pack_name(site, meeting) + ".zip";
}

std::string offline_name(const Site& site) {
    return site.config.site_id + "-offline";
}

BagInfo pack_bag_info(const Site& site, const Page& meeting, std::int64_t time) {
    BagInfo info;
    info.source_organization = site.config.organisation;
    info.external_identifier = meeting.id;
    info.bagging_date = archive_date(time);
    if (const Value* agenda = meeting.get("agenda"))
        for (const auto& row : agenda->rows)
            if (const Page* cs = site.find(row.str("case")))
                info.diarienummer.push_back(cs->str("diarienummer"));
    return info;
}

} // namespace docket
