#include "docket/parallel.h"

#include <doctest/doctest.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

namespace {

// While it lives, every thread the process creates asks for a stack as large as the whole
// address space, so the system refuses to create any (as under a process or memory limit).
class NoNewThreads {
  public:
    NoNewThreads() {
        REQUIRE(pthread_getattr_default_np(&saved_) == 0);
        pthread_attr_t huge;
        pthread_attr_init(&huge);
        REQUIRE(pthread_attr_setstacksize(&huge, std::size_t{1} << 47) == 0);
        REQUIRE(pthread_setattr_default_np(&huge) == 0);
        pthread_attr_destroy(&huge);
    }
    ~NoNewThreads() {
        pthread_setattr_default_np(&saved_);
        pthread_attr_destroy(&saved_);
    }

  private:
    pthread_attr_t saved_;
};

} // namespace

TEST_CASE("parallel_for: every item runs once, on several threads") {
    std::vector<std::atomic<int>> runs(1000);
    std::vector<std::thread::id> by(1000);
    docket::parallel_for(runs.size(), 4, [&](std::size_t i) {
        ++runs[i];
        by[i] = std::this_thread::get_id();
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    });
    for (const auto& r : runs)
        CHECK(r == 1);
    CHECK(std::count(by.begin(), by.end(), std::this_thread::get_id()) < 1000);
}

TEST_CASE("parallel_for: threads that cannot be created are done without; the calling thread does "
          "the work") {
    {
        NoNewThreads limit;
        // The limit is real: std::thread cannot start.
        CHECK_THROWS_AS(std::thread([] {}).join(), std::system_error);
        std::vector<int> runs(1000);
        std::vector<std::thread::id> by(1000);
        docket::parallel_for(runs.size(), 1000, [&](std::size_t i) {
            ++runs[i];
            by[i] = std::this_thread::get_id();
        });
        for (int r : runs)
            CHECK(r == 1);
        for (const auto& id : by)
            CHECK(id == std::this_thread::get_id());
    }
    // And threads start again once the limit is gone.
    std::thread([] {}).join();
}

TEST_CASE(
    "parallel_for: a worker's exception is rethrown in the caller once every worker has stopped") {
    std::atomic<int> started{0}, active{0};
    auto item = [&](std::size_t i) {
        ++started;
        ++active;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        --active;
        if (i == 10) throw std::runtime_error("item 10 failed");
    };
    CHECK_THROWS_WITH_AS(docket::parallel_for(1000, 4, item), "item 10 failed", std::runtime_error);
    CHECK(active == 0);   // no worker is still running
    CHECK(started < 100); // no new item after the failure
    // Every item failing: one exception reaches the caller, never std::terminate.
    CHECK_THROWS_AS(
        docket::parallel_for(100, 8, [](std::size_t) { throw std::logic_error("each"); }),
        std::logic_error);
    // One thread, and no thread that can be created: the same.
    CHECK_THROWS_AS(docket::parallel_for(100, 1, item), std::runtime_error);
    NoNewThreads limit;
    CHECK_THROWS_AS(docket::parallel_for(100, 8, item), std::runtime_error);
}

TEST_CASE(
    "parallel_for: while a ThreadPool lives, its threads serve every call; none starts per call") {
    static std::atomic<int> threads_seen{0};
    struct Seen {
        Seen() { ++threads_seen; }
    };
    {
        docket::ThreadPool pool;
        for (int call = 0; call < 20; ++call)
            docket::parallel_for(200, 4, [](std::size_t) {
                thread_local Seen seen; // constructed once in each thread that runs an item
                (void)seen;
                std::this_thread::sleep_for(std::chrono::microseconds(20));
            });
    }
    CHECK(threads_seen >= 2); // the pool's threads worked
    CHECK(threads_seen <= 4); // the calling thread and the pool's three, in all 20 calls
    // A worker's exception reaches the caller through the pool too, and the pool goes on.
    docket::ThreadPool pool;
    CHECK_THROWS_AS(docket::parallel_for(100, 4,
                                         [](std::size_t i) {
                                             if (i == 50) throw std::runtime_error("x");
                                         }),
                    std::runtime_error);
    std::atomic<int> runs{0};
    docket::parallel_for(100, 4, [&](std::size_t) { ++runs; });
    CHECK(runs == 100);
}
