// core/: the one way docket runs work on several cores.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace docket {

// Runs fn(i) for i in [0, n) on `threads` threads (1 = in the calling thread). Items are handed
// out one at a time, so uneven items balance; results go to slots indexed by i, so the order
// of the output never depends on the schedule. The threads are a ThreadPool's: the build's while
// one lives, else one made for this call. Threads the system refuses to create are done
// without: the calling thread always works. When fn throws, no further item is started, and
// once every thread has stopped the first exception is rethrown in the calling thread.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn);

// Worker threads started once and kept: the first pool alive serves every parallel_for of the
// process (a build makes one, so its stages do not start threads per call). It starts threads
// as calls ask for them and never again after the system refused one. Several threads may call
// parallel_for at once (the search index is built beside the renders), and fn may call it.
struct Workers;

class ThreadPool {
  public:
    ThreadPool();
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn);

  private:
    std::unique_ptr<Workers> workers_;
    bool installed_ = false;
};

} // namespace docket
