// What render.cpp and generated.cpp share: the folders of generated pages and the order of lists.
#pragma once

#include "docket/config.h"
#include "docket/page.h"
#include "docket/schema.h"

#include <string>

namespace docket {

// The folder of a generated page ("search", "statement", "diarienummer") or of a kind's pages,
// with its '/'.
std::string folder_of(const SiteConfig& config, const std::string& name);

// Whether page a comes before page b in a list in `order` (never for ListOrder::source, so a
// stable sort keeps the site's order).
bool list_less(const Page& a, const Page& b, const ListOrder& order);

} // namespace docket
