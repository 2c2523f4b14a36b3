#include "serve_watch.h"

#include <array>
#include <cerrno>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace docket::serve {

namespace {

constexpr std::uint32_t events_watched = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE |
                                         IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF |
                                         IN_MOVE_SELF;

// Editors' own files beside the one they save (".x.md.swp", "x.md~", vim's "4913") build
// nothing.
bool ignored(const std::string& name) {
    return name.empty() || name[0] == '.' || name.back() == '~' || name == "4913";
}

} // namespace

Watcher::Watcher(int stop_fd) : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)), stop_fd_(stop_fd) {}

Watcher::~Watcher() {
    if (fd_ >= 0) ::close(fd_);
}

void Watcher::watch(const fs::path& dir, const std::string& name, const std::string& skip) {
    if (!name.empty()) {
        const int wd = ::inotify_add_watch(fd_, dir.c_str(), events_watched | IN_ONLYDIR);
        if (wd >= 0 && !watches_.contains(wd)) watches_[wd] = {dir, name, {}};
        return;
    }
    add_tree(dir, skip);
}

void Watcher::add_tree(const fs::path& dir, const std::string& skip) {
    const int wd = ::inotify_add_watch(fd_, dir.c_str(), events_watched | IN_ONLYDIR);
    if (wd < 0) return;
    const auto [at, fresh] = watches_.try_emplace(wd, Watched{dir, {}, skip});
    if (!fresh && !at->second.name.empty()) at->second.name.clear(); // the whole folder now
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const std::string entry = it->path().filename().string();
        // Not through a symbolic link: the build does not follow one out of the tree either.
        if (it->is_directory(ec) && !it->is_symlink(ec) && !ignored(entry) &&
            entry != "node_modules" && entry != skip)
            add_tree(it->path(), skip);
    }
}

bool Watcher::read_events(std::set<fs::path>& changed, std::set<fs::path>& writing) {
    alignas(inotify_event) std::array<char, 64 * 1024> buffer{};
    const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n <= 0) return false;
    for (ssize_t at = 0; at < n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        const auto found = watches_.find(event->wd);
        if (found == watches_.end()) continue;
        if (event->mask & IN_IGNORED) {
            watches_.erase(found); // the folder is gone
            continue;
        }
        const Watched w = found->second;
        const std::string name = event->len ? event->name : "";
        if (!w.name.empty() ? name != w.name : (!name.empty() && ignored(name))) continue;
        const fs::path path = name.empty() ? w.dir : w.dir / name;
        if (w.name.empty() && (event->mask & IN_ISDIR) &&
            (event->mask & (IN_CREATE | IN_MOVED_TO)) && name != "node_modules" && name != w.skip)
            add_tree(path, w.skip); // a new folder: its files, saved from now on, are watched
        changed.insert(path);
        // A file written to and not yet closed is being saved.
        if (event->mask & IN_CLOSE_WRITE)
            writing.erase(path);
        else if ((event->mask & (IN_MODIFY | IN_CREATE)) && !(event->mask & IN_ISDIR))
            writing.insert(path);
    }
    return true;
}

std::optional<std::vector<fs::path>> Watcher::wait(std::chrono::milliseconds closed,
                                                   std::chrono::milliseconds settle) {
    std::set<fs::path> changed, writing;
    using clock = std::chrono::steady_clock;
    clock::time_point last{};
    while (true) {
        int timeout = -1;
        if (!changed.empty()) {
            const auto quiet = writing.empty() ? closed : settle;
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(last + quiet - clock::now());
            if (left.count() <= 0) return std::vector<fs::path>(changed.begin(), changed.end());
            timeout = static_cast<int>(left.count());
        }
        std::array<pollfd, 2> fds{{{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}}};
        const int ready = ::poll(fds.data(), fds.size(), timeout);
        if (ready < 0 && errno != EINTR) return std::nullopt;
        if (fds[1].revents) return std::nullopt;
        if (fds[0].revents) {
            bool any = false;
            while (read_events(changed, writing))
                any = true;
            // Every event restarts the wait, even one for a file already seen.
            if (any) last = clock::now();
        }
    }
}

} // namespace docket::serve
