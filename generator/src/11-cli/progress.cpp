#include "progress.h"

#include <chrono>
#include <cstdio>
#include <system_error>

namespace docket {

Progress::Progress(bool enabled) {
    if (!enabled) return;
    try {
        thread_ = std::thread([this] {
            const auto start = std::chrono::steady_clock::now();
            const char spinner[] = "|/-\\";
            for (int tick = 0; !done_; ++tick) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                if (done_ ||
                    std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500))
                    continue;
                std::fprintf(stderr, "\r\x1b[Kdocket: %s %c", stage_.load(), spinner[tick % 4]);
                shown_ = true;
            }
            if (shown_) std::fputs("\r\x1b[K", stderr);
        });
    } catch (const std::system_error&) {
        // No thread for it (a process or memory limit): the build goes on without progress.
    }
}

Progress::~Progress() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
}

} // namespace docket
