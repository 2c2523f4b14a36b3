#include "docket/site.h"

#include <cmark-gfm.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace docket {

void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
    if (threads <= 1 || n < 2) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    auto worker = [&] {
        try {
            for (std::size_t i; (i = next.fetch_add(1)) < n;)
                fn(i);
        } catch (...) {
            // No item is handed out after the first failure; it is rethrown once all have stopped.
            next = n;
            const std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    const unsigned count = std::min<std::size_t>(threads, n);
    pool.reserve(count - 1);
    for (unsigned t = 1; t < count; ++t) {
        // A thread the system will not create (a process or memory limit): the threads that
        // started, the calling thread at least, share the items.
        try {
            pool.emplace_back(worker);
        } catch (const std::exception&) { // std::system_error, or std::bad_alloc for its state
            break;
        }
    }
    worker();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

void parse_bodies(Site& site, Diagnostics& diags, unsigned threads, const ReservedIds& reserved) {
    site.docs.clear();
    site.docs.resize(site.pages.size());
    site.by_id.clear();
    for (std::size_t i = 0; i < site.pages.size(); ++i) site.by_id.emplace(site.pages[i].id, i);
    parallel_for(site.pages.size(), threads, [&](std::size_t i) {
        Page& page = site.pages[i];
        PageDoc& doc = site.docs[i];
        doc.doc = parse_markdown(page.body());
        doc.headings = reserved ? collect_headings(doc.doc.get(), reserved(page.kind))
                                : collect_headings(doc.doc.get());
        check_sections(page, doc.headings, diags);
        // The page's title is its h1, so a body with "# " headings moves them one level down;
        // a plain page without a title takes its first "# " heading's text.
        const auto h1 = std::find_if(doc.headings.begin(), doc.headings.end(), [](const Heading& h) { return h.level == 1; });
        if (h1 == doc.headings.end()) return;
        if (!page.get("title")) page.title = h1->text;
        for (auto& h : doc.headings) {
            h.level = std::min(h.level + 1, 6);
            cmark_node_set_heading_level(h.node, h.level);
        }
    });
}

} // namespace docket
