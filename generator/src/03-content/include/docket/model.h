// What the content model (schema.h) derives for a page, for every stage that shows pages: the
// breadcrumb chain and the titles render/ and index/ both write.
#pragma once

#include "docket/site.h"

#include <cstddef>
#include <string>
#include <vector>

namespace docket {

// The pages above `p`, outermost first: its kind's breadcrumb parent (`up`), that page's parent,
// and so on. A page already in the chain ends it, so a cycle (reported by links/) cannot loop.
std::vector<std::size_t> breadcrumb_chain(const Site& site, const Page& p);

// What the file being rendered shows of other pages: the pages whose title or summary it read
// (through shown_title, display_title and render's summary_of), recorded on this thread while a
// ShownPages lives, so that docket serve renders again the files that show them once they
// change. A page's backlinks and a term's mentions are listed only where its title is shown
// (its own page, a page to print), so its record stands for them too.
class ShownPages {
  public:
    explicit ShownPages(std::vector<const Page*>& into);
    ~ShownPages();
    ShownPages(const ShownPages&) = delete;
    ShownPages& operator=(const ShownPages&) = delete;

    // Records that page p's title or summary is shown, when a ShownPages lives on this thread.
    static void record(const Page& p);

  private:
    std::vector<const Page*>* before_;
};

// The page's title, recorded as shown (ShownPages).
const std::string& shown_title(const Page& p);

// "4.2 Trygghetsvandring" for a kind with a title number, the title otherwise (recorded as
// shown).
std::string display_title(const Page& p);

// The value written after the title in crumbs and kickers ("2020" of a follow-up), or "".
std::string title_qualifier(const Page& p);

// The display title and the qualifier: a page's own crumb ("Uppföljning 2020").
std::string qualified_title(const Page& p);

} // namespace docket
