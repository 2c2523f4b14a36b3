#include "serve_command.h"

#include "docket/build.h"
#include "docket/files.h"
#include "serve_server.h"
#include "serve_watch.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <spawn.h>
#include <sys/signalfd.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace docket::serve {

namespace {

const std::string script_src = script_path;

// site.toml, the content and the theme (again after each rebuild: site.toml may name another
// theme; what is watched already stays watched).
void watch_sources(Watcher& watcher, const fs::path& source) {
    const SourceFolders folders = source_folders(source);
    watcher.watch(folders.site, "site.toml");
    watcher.watch(folders.content, {}, folders.content == folders.site ? folders.output : "");
    watcher.watch(folders.theme);
}

// Builds again; tells the server whether the tabs reload or show errors. After a build of some
// pages, the search index follows the reload.
void rebuild(PreviewBuilds& builds, const fs::path& source, const std::vector<fs::path>& changed,
             Server& server, Report report) {
    Diagnostics diags;
    const BuildResult result = builds.build(changed, diags);
    if (!diags.error_count()) {
        server.built();
        builds.finish(diags);
    }
    // What the build freed goes back to the system, so a long session does not hold the
    // fragments of every build before (bench/serve at 10,000 pages: a peak of 987 MB after six
    // builds without it, 646 MB with it; one `docket build` peaks at 592 MB).
    ::malloc_trim(0);
    report(diags);
    if (const std::size_t errors = diags.error_count()) {
        // The tabs are told first: the line below says it is done.
        server.failed(preview_errors(source, diags.sorted(), script_src));
        std::fprintf(stderr, "docket: %zu error%s; the preview shows the last good build\n", errors,
                     errors == 1 ? "" : "s");
        return;
    }
    if (changed.empty()) return;
    const std::string what = result.rendered_again
                                 ? std::to_string(result.rendered_again) +
                                       (result.rendered_again == 1 ? " file of " : " files of ") +
                                       std::to_string(result.pages) + " pages"
                                 : std::to_string(result.pages) + " pages";
    std::fprintf(
        stderr, "rebuilt %s in %.3f s (%s%s)\n", what.c_str(), result.seconds,
        changed.front().lexically_relative(source).c_str(),
        changed.size() > 1 ? (" and " + std::to_string(changed.size() - 1) + " more").c_str() : "");
}

// Opens `url` in the desktop's browser, without waiting for it.
void open_browser(const std::string& url) {
    pid_t pid = 0;
    const char* argv[] = {"xdg-open", url.c_str(), nullptr};
    if (::posix_spawnp(&pid, "xdg-open", nullptr, nullptr, const_cast<char* const*>(argv),
                       environ) != 0)
        std::fprintf(stderr, "docket: cannot open a browser (no xdg-open); open %s\n", url.c_str());
}

} // namespace

int serve(const ServeOptions& options, Report report) {
    // SIGINT and SIGTERM are read from a signalfd by the watch loop: blocked before any thread
    // starts, so every thread inherits the mask and none is interrupted.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN); // a tab that closes its connection mid-write
    const int stop_fd = ::signalfd(-1, &stop_signals, SFD_CLOEXEC);
    std::error_code ec; // a folder of our own under the temporary directory
    const TemporaryDirectory dir(fs::temp_directory_path(ec) / "docket-serve-XXXXXX");
    Watcher watcher(stop_fd);
    if (dir.path().empty() || stop_fd < 0 || !watcher.ok()) {
        std::fprintf(stderr, "docket: cannot make a temporary folder, a signalfd or an inotify "
                             "instance\n");
        return 1;
    }
    Server server(dir.path() / "site", options.bind, options.port, preview_script(script_src));
    if (const std::string problem = server.bind(); !problem.empty()) {
        std::fprintf(stderr, "docket: %s\n", problem.c_str());
        return 1;
    }
    BuildOptions build;
    build.source = options.source;
    build.out = dir.path() / "site";
    PreviewBuilds builds(build);
    watch_sources(watcher, options.source);
    rebuild(builds, options.source, {}, server, report);
    const std::string host =
        options.bind.find(':') == std::string::npos ? options.bind : "[" + options.bind + "]";
    const std::string url = "http://" + host + ":" + std::to_string(options.port) + "/";
    std::fprintf(stderr, "serving %s at %s (Ctrl-C to stop)\n", options.source.c_str(),
                 url.c_str());
    std::thread http([&server] { server.run(); });
    if (options.open) open_browser(url);
    while (const auto changed =
               watcher.wait(std::chrono::milliseconds(20), std::chrono::milliseconds(100))) {
        watch_sources(watcher, options.source);
        rebuild(builds, options.source, *changed, server, report);
    }
    server.stop();
    http.join();
    ::close(stop_fd);
    return 0;
}

} // namespace docket::serve
