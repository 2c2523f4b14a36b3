#include "docket/model.h"

#include "docket/schema.h"

#include <algorithm>

namespace docket {

namespace {

thread_local std::vector<const Page*>* shown_pages = nullptr;

const KindModel* model_of(const Page& p) {
    const KindSchema* k = find_kind(p.kind);
    return k ? &k->model : nullptr;
}

// The page `p`'s kind names as its breadcrumb parent, or npos.
std::size_t parent_of(const Site& site, const Page& p) {
    if (const KindModel* m = model_of(p))
        for (std::string_view key : m->up)
            if (const auto it = site.by_id.find(p.str(key)); it != site.by_id.end())
                return it->second;
    return std::string::npos;
}

} // namespace

std::vector<std::size_t> breadcrumb_chain(const Site& site, const Page& p) {
    std::vector<std::size_t> chain;
    const auto self = site.by_id.find(p.id);
    for (std::size_t up = parent_of(site, p); up != std::string::npos;
         up = parent_of(site, site.pages[up])) {
        if ((self != site.by_id.end() && up == self->second) ||
            std::find(chain.begin(), chain.end(), up) != chain.end())
            break;
        chain.push_back(up);
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
}

ShownPages::ShownPages(std::vector<const Page*>& into) : before_(shown_pages) {
    shown_pages = &into;
}

ShownPages::~ShownPages() {
    shown_pages = before_;
}

void ShownPages::record(const Page& p) {
    if (shown_pages) shown_pages->push_back(&p);
}

const std::string& shown_title(const Page& p) {
    ShownPages::record(p);
    return p.title;
}

std::string display_title(const Page& p) {
    const KindModel* m = model_of(p);
    if (!m || m->title_number.empty()) return shown_title(p);
    return p.str(m->title_number) + " " + shown_title(p);
}

std::string title_qualifier(const Page& p) {
    const KindModel* m = model_of(p);
    return m && !m->title_qualifier.empty() ? p.str(m->title_qualifier) : std::string();
}

std::string qualified_title(const Page& p) {
    const std::string q = title_qualifier(p);
    return q.empty() ? display_title(p) : display_title(p) + " " + q;
}

} // namespace docket
