// The one way docket runs work on several cores.
#pragma once

#include <cstddef>
#include <functional>

namespace docket {

// Runs fn(i) for i in [0, n) on `threads` threads (1 = in the calling thread). Items are handed
// out one at a time, so uneven items balance; results go to slots indexed by i, so the order
// of the output never depends on the schedule. Threads the system refuses to create are done
// without: the calling thread always works. When fn throws, no further item is started, and
// once every thread has stopped the first exception is rethrown in the calling thread.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn);

} // namespace docket
