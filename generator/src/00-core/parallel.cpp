#include "docket/parallel.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace docket {

namespace {

// One parallel_for call: its items, handed out one at a time to its caller and to at most
// `helpers` of the pool's threads.
struct Job {
    Job(std::size_t n, const std::function<void(std::size_t)>& fn, std::size_t helpers)
        : n(n), fn(fn), helpers(helpers) {}

    std::size_t n;
    const std::function<void(std::size_t)>& fn;
    std::size_t helpers;     // pool threads it may have (threads - 1)
    std::size_t working = 0; // pool threads in it now (under the pool's mutex)
    std::atomic<std::size_t> next{0};
    std::mutex failure_mutex;
    std::exception_ptr failure;

    bool wants_help() const { return working < helpers && next.load() < n; }

    void work() {
        try {
            for (std::size_t i; (i = next.fetch_add(1)) < n;)
                fn(i);
        } catch (...) {
            // No item is handed out after the first failure; it is rethrown once all have stopped.
            next = n;
            const std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
        }
    }
};

std::atomic<ThreadPool*> installed{nullptr};

} // namespace

// The threads of a pool, and the jobs they help with.
struct Workers {
    std::mutex mutex;
    std::condition_variable wake; // a job was added, or the pool stops
    std::condition_variable done; // a pool thread left a job
    std::list<Job*> jobs;         // the jobs whose callers are still handing out items
    std::vector<std::thread> started;
    bool refused = false; // the system refused a thread: none is tried again
    bool stopping = false;

    Job* wanting_help() {
        for (Job* job : jobs)
            if (job->wants_help()) return job;
        return nullptr;
    }

    void serve() {
        std::unique_lock lock(mutex);
        for (;;) {
            Job* job = nullptr;
            wake.wait(lock, [&] { return stopping || (job = wanting_help()); });
            if (stopping) return;
            ++job->working;
            lock.unlock();
            job->work();
            lock.lock();
            --job->working;
            done.notify_all();
        }
    }

    ~Workers() {
        {
            const std::lock_guard lock(mutex);
            stopping = true;
        }
        wake.notify_all();
        for (auto& t : started)
            t.join();
    }

    void run(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
        if (threads <= 1 || n < 2) {
            for (std::size_t i = 0; i < n; ++i)
                fn(i);
            return;
        }
        Job job(n, fn, std::min<std::size_t>(threads, n) - 1);
        std::list<Job*>::iterator entry;
        {
            const std::lock_guard lock(mutex);
            grow(job.helpers);
            entry = jobs.insert(jobs.end(), &job);
        }
        wake.notify_all();
        job.work();
        {
            // Every item is handed out: no thread joins the job now; those in it finish theirs.
            std::unique_lock lock(mutex);
            jobs.erase(entry);
            done.wait(lock, [&] { return job.working == 0; });
        }
        if (job.failure) std::rethrow_exception(job.failure);
    }

    // Starts threads until `count` run, as far as the system allows (under the mutex).
    void grow(std::size_t count) {
        while (started.size() < count && !refused) {
            // A thread the system will not create (a process or memory limit): the threads that
            // started, the calling thread at least, share the items.
            try {
                started.emplace_back([this] { serve(); });
            } catch (const std::exception&) { // std::system_error, or std::bad_alloc for its state
                refused = true;
            }
        }
    }
};

ThreadPool::ThreadPool() : workers_(std::make_unique<Workers>()) {
    ThreadPool* none = nullptr;
    installed_ = installed.compare_exchange_strong(none, this);
}

ThreadPool::~ThreadPool() {
    if (installed_) installed = nullptr;
}

void ThreadPool::parallel_for(std::size_t n, unsigned threads,
                              const std::function<void(std::size_t)>& fn) {
    workers_->run(n, threads, fn);
}

void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
    if (ThreadPool* pool = installed.load()) return pool->parallel_for(n, threads, fn);
    Workers own; // not installed: it serves this call only
    own.run(n, threads, fn);
}

} // namespace docket
