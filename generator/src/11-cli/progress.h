// A one-line progress indicator on stderr for builds that take a while: the CLI shows it only
// when stderr is a terminal, and only after half a second, so quick builds print nothing but
// their summary.
#pragma once

#include <atomic>
#include <thread>

namespace docket {

class Progress {
  public:
    explicit Progress(bool enabled);
    ~Progress(); // clears the line it wrote
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    // The stage shown from now on (a string that outlives the indicator).
    void stage(const char* what) { stage_ = what; }

  private:
    std::atomic<const char*> stage_{"reading content"};
    std::atomic<bool> done_{false};
    bool shown_ = false;
    std::thread thread_;
};

} // namespace docket
