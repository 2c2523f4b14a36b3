// archive/pack: what a meeting pack holds, where it and the offline zip go, and what a pack's
// bag says about its meeting. build/ renders and zips; this decides.
#pragma once

#include "docket/archive.h"
#include "docket/links.h"
#include "docket/site.h"

#include <cstdint>
#include <string>
#include <vector>

namespace docket {

// What a meeting's pack holds: what a committee member reads for that meeting. Its pages: the
// meeting; its cases (on its agenda, or naming it as their meeting) and the pages its text links
// to; each case's attachments and the page each attachment belongs to (one step up: an area's
// group or plan, a follow-up's area, a goal's plan); the decisions and follow-ups on each case.
// Its terms: those these pages mention, as entries of the pack's glossary (a term's own page
// lists every page of the site that uses it). Other meetings are packs of their own.
struct PackPages {
    std::vector<std::size_t> pages; // sorted
    std::vector<std::size_t> terms; // sorted
};

// A meeting's pack. The cost is that of the pack's pages and their edges.
PackPages pack_pages(const Site& site, const LinkGraph& graph, std::size_t meeting);

// "<site_id>-<meeting id>": the pack's file name without ".zip", and its bag's directory.
std::string pack_name(const Site& site, const Page& meeting);
// Where a meeting's pack goes in the output (site-relative).
std::string pack_path(const Site& site, const Page& meeting);
// "<site_id>-offline": the offline zip's name without ".zip", and its directory.
std::string offline_name(const Site& site);

// bag-info.txt of a meeting's pack, but for its External-Description: Source-Organization,
// External-Identifier (the meeting's id), Bagging-Date (the date of `time`, the archive's), and
// the diarienummer of every case on the agenda.
BagInfo pack_bag_info(const Site& site, const Page& meeting, std::int64_t time);

} // namespace docket
