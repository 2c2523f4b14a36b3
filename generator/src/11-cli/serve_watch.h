// docket serve's watcher: the site's sources through inotify, changes reported once writes
// settle (an editor that truncates a file and then writes it causes one rebuild, not two).
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace docket::serve {

class Watcher {
  public:
    // Stops waiting when `stop_fd` becomes readable (a signalfd for SIGINT and SIGTERM).
    explicit Watcher(int stop_fd);
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;
    bool ok() const { return fd_ >= 0; }

    // Watches the file `name` in `dir` (site.toml), or with an empty name every file in `dir`
    // and its subfolders, folders created later too (but no hidden folder, node_modules or a
    // folder named `skip`). Watching what is watched already does nothing.
    void watch(const std::filesystem::path& dir, const std::string& name = {},
               const std::string& skip = {});

    // Waits for a change and then until nothing has changed for `closed` when every file
    // written to was closed since (a save is over), else for `settle` (a file still open for
    // writing, or one written through a map, which tells no close); the files that changed, or
    // nullopt when told to stop.
    std::optional<std::vector<std::filesystem::path>> wait(std::chrono::milliseconds closed,
                                                           std::chrono::milliseconds settle);

  private:
    struct Watched {
        std::filesystem::path dir;
        std::string name; // only this file ("": all, and new folders are watched too)
        std::string skip;
    };
    void add_tree(const std::filesystem::path& dir, const std::string& skip);
    // Reads the pending events into `changed`; false when there were none to read.
    bool read_events(std::set<std::filesystem::path>& changed,
                     std::set<std::filesystem::path>& writing);

    int fd_ = -1;
    int stop_fd_;
    std::map<int, Watched> watches_; // watch descriptor -> what it watches
};

} // namespace docket::serve
