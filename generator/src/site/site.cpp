#include "docket/site.h"

#include <cmark-gfm.h>

#include <atomic>
#include <thread>

namespace docket {

void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
    if (threads <= 1 || n < 2) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < n;) fn(i);
    };
    std::vector<std::thread> pool;
    const unsigned count = std::min<std::size_t>(threads, n);
    for (unsigned t = 1; t < count; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
}

void parse_bodies(Site& site, Diagnostics& diags, unsigned threads) {
    site.docs.clear();
    site.docs.resize(site.pages.size());
    site.by_id.clear();
    for (std::size_t i = 0; i < site.pages.size(); ++i) site.by_id.emplace(site.pages[i].id, i);
    parallel_for(site.pages.size(), threads, [&](std::size_t i) {
        const Page& page = site.pages[i];
        PageDoc& doc = site.docs[i];
        doc.doc = parse_markdown(page.body());
        doc.headings = collect_headings(doc.doc.get());
        check_sections(page, doc.headings, diags);
    });
}

} // namespace docket
