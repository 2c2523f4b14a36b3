// docket serve's HTTP server (cpp-httplib): the site's files from the private output directory,
// the reload script and its Server-Sent Events, the page of a failed rebuild's errors.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace docket::serve {

// docket serve's own addresses (answered before the site's files): the reload script, its
// events, the page of a failed rebuild's errors.
inline constexpr const char* script_path = "/__docket/reload.js";
inline constexpr const char* events_path = "/__docket/events";
inline constexpr const char* errors_path = "/__docket/errors";

// The file a request target leads to inside `root`, or why not: 403 for a path that tries to
// leave it (a "." or ".." segment, an empty segment, a backslash, an encoded '/' or '\', a NUL,
// a symbolic link that leads out), 404 for one that is not there.
struct Resolved {
    int status = 200;
    std::filesystem::path file; // a regular file inside root
    bool redirect = false;      // a folder asked for without its final '/'
};
Resolved resolve(const std::filesystem::path& root, const std::string& target,
                 const std::string& decoded_path);

// The media type of a file by its name, with charset=utf-8 for text.
std::string media_type(const std::filesystem::path& file);

class Server {
  public:
    // Serves `root` (a folder that may not exist yet) on `bind`:`port`. `script` is the element
    // put before </body> of every HTML response.
    Server(std::filesystem::path root, std::string bind, int port, std::string script);
    ~Server();
    // Takes the port: "" when it is ours, else what to tell the user.
    std::string bind();
    // Answers requests until stop().
    void run();
    void stop();
    // A rebuild succeeded: every open tab reloads.
    void built();
    // A rebuild failed: tabs show `errors_page` over the last good site.
    void failed(std::string errors_page);

  private:
    void handle(const httplib::Request& req, httplib::Response& res);
    void send_file(httplib::Response& res, const std::filesystem::path& file, int status);
    void send_events(httplib::Response& res);
    bool host_allowed(const std::string& host) const;

    std::filesystem::path root_;
    std::string bind_;
    int port_;
    std::string script_;
    std::vector<std::string> hosts_; // the Host headers accepted
    std::unique_ptr<httplib::Server> http_;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::uint64_t generation_ = 0;      // counts finished rebuilds
    std::optional<std::string> errors_; // the last rebuild's errors page, while it failed
    bool stopping_ = false;
};

} // namespace docket::serve
