#include "docket/pack.h"

#include "docket/model.h"

#include <algorithm>
#include <unordered_set>

namespace docket {

namespace {

// The pages a committee member reads for one meeting, collected in order, each once, and the
// terms they mention. Sets of the pack's own size: nothing here is as large as the site.
class PackScope {
  public:
    PackScope(const Site& site, const LinkGraph& graph, std::size_t meeting)
        : site_(site), graph_(graph) {
        add(meeting);
    }

    // A page; a term goes to the glossary.
    void add(std::size_t i) {
        if (site_.pages[i].kind == "term")
            terms_.insert(i);
        else if (seen_.insert(i).second)
            pages_.push_back(i);
    }
    // What a case brings: its attachments and the page each belongs to (one step up its
    // breadcrumb: an area's group or plan, a follow-up's area, a goal's plan), and the decisions
    // and follow-ups on the case: those whose front matter names it (a follow-up's `case`, a
    // decision's `diarienummer`), not every page whose text links it (a later document that
    // cites a case's diarienummer is no part of it, and a case cited by thousands would bring
    // them all).
    void add_case(std::size_t c) {
        if (!expanded_.insert(c).second) return;
        add(c);
        for (const std::string& id : site_.pages[c].list("attachments")) {
            const Page* a = site_.find(id);
            if (!a || a->kind == "meeting") continue;
            add(index(*a));
            if (const auto up = breadcrumb_chain(site_, *a); !up.empty()) add(up.back());
        }
        const Page& cs = site_.pages[c];
        const std::string diarienummer = cs.str("diarienummer");
        for (std::size_t from : graph_.incoming[c]) {
            const Page& p = site_.pages[from];
            if ((p.kind == "followup" && p.str("case") == cs.id) ||
                (p.kind == "decision" && !diarienummer.empty() &&
                 p.str("diarienummer") == diarienummer))
                add(from);
        }
    }
    // The terms the pages collected mention (their links to term pages).
    PackPages take() {
        for (std::size_t page : pages_)
            for (std::size_t t : graph_.outgoing[page])
                if (site_.pages[t].kind == "term") terms_.insert(t);
        PackPages out{std::move(pages_), {terms_.begin(), terms_.end()}};
        std::sort(out.pages.begin(), out.pages.end());
        std::sort(out.terms.begin(), out.terms.end());
        return out;
    }

  private:
    std::size_t index(const Page& p) const {
        return static_cast<std::size_t>(&p - site_.pages.data());
    }
    const Site& site_;
    const LinkGraph& graph_;
    std::unordered_set<std::size_t> seen_, terms_, expanded_;
    std::vector<std::size_t> pages_;
};

} // namespace

PackPages pack_pages(const Site& site, const LinkGraph& graph, std::size_t meeting) {
    PackScope pack(site, graph, meeting);
    const Page& m = site.pages[meeting];
    std::vector<std::size_t> cases;
    if (const Value* agenda = m.get("agenda"))
        for (const auto& row : agenda->rows)
            if (const Page* c = site.find(row.str("case")); c && c->kind == "case")
                cases.push_back(static_cast<std::size_t>(c - site.pages.data()));
    for (std::size_t from : graph.incoming[meeting])
        if (site.pages[from].kind == "case" && site.pages[from].str("meeting") == m.id)
            cases.push_back(from);
    // What the meeting's own text links to (a document for the meeting, say), one step.
    for (std::size_t to : graph.outgoing[meeting]) {
        if (site.pages[to].kind == "case")
            cases.push_back(to);
        else if (site.pages[to].kind != "meeting")
            pack.add(to);
    }
    for (std::size_t c : cases)
        pack.add_case(c);
    return pack.take();
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
