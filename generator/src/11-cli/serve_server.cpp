#include "serve_server.h"

#include "docket/files.h"
#include "docket/output.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <netdb.h>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace docket::serve {

namespace {

// Reloads the page when the site is rebuilt; shows a failed rebuild's errors page over the
// page, in a frame (the last good site stays underneath). Served at /__docket/reload.js.
constexpr const char* reload_js = R"(// docket serve: live reload.
(() => {
  if (window.top !== window) return;
  const errorsPage = document.getElementById('docket-errors') !== null;
  let overlay = null;
  const showErrors = () => {
    if (errorsPage) return location.reload();
    if (!overlay) {
      overlay = document.createElement('iframe');
      overlay.id = 'docket-errors-overlay';
      overlay.style.cssText = 'position:fixed;inset:0;width:100%;height:100%;border:0;' +
        'z-index:2147483647;background:#fff';
      overlay.addEventListener('load', () => { overlay.title = overlay.contentDocument.title; });
      document.body.append(overlay);
    }
    overlay.src = '/__docket/errors';
  };
  const events = new EventSource('/__docket/events');
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('errors', showErrors);
  events.addEventListener('state', (e) => {
    if (e.data === 'errors' && !errorsPage) showErrors();
  });
})();
)";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void plain(httplib::Response& res, int status, const std::string& text) {
    res.status = status;
    res.set_content(text + "\n", "text/plain; charset=utf-8");
}

// True when the segments of `path` (after its first '/') leave no doubt where they lead: no
// "." or "..", no empty segment but the last (a folder's final '/').
bool plain_segments(std::string_view path) {
    std::size_t start = 1;
    while (true) {
        const std::size_t slash = path.find('/', start);
        const std::string_view segment = path.substr(start, slash - start);
        if (segment == "." || segment == "..") return false;
        if (slash == std::string_view::npos) return true;
        if (segment.empty()) return false;
        start = slash + 1;
    }
}

// What stops binding `bind`:`port` (errno of a socket of ours, after cpp-httplib failed).
std::string bind_problem(const std::string& bind, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (::getaddrinfo(bind.c_str(), service.c_str(), &hints, &found) != 0 || !found)
        return "--bind \"" + bind + "\" is not an IP address";
    int error = 0;
    const int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
    const int yes = 1;
    if (fd < 0 || ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) != 0 ||
        ::bind(fd, found->ai_addr, found->ai_addrlen) != 0)
        error = errno;
    if (fd >= 0) ::close(fd);
    ::freeaddrinfo(found);
    if (error == EADDRINUSE) return "port " + service + " is in use; try --port";
    return "cannot listen on " + bind + " port " + service + ": " +
           (error ? std::strerror(error) : "unknown error");
}

// The host part of a URL for `address` ("[::1]" for an IPv6 address).
std::string url_host(const std::string& address) {
    return address.find(':') == std::string::npos ? address : "[" + address + "]";
}

} // namespace

Resolved resolve(const fs::path& root, const std::string& target, const std::string& decoded_path) {
    const std::string raw = lower(target.substr(0, target.find_first_of("?#")));
    const std::string_view path = decoded_path;
    if (raw.empty() || raw[0] != '/' || raw.find("%2f") != std::string::npos ||
        raw.find("%5c") != std::string::npos || path.empty() || path[0] != '/' ||
        path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos ||
        !plain_segments(path))
        return {403, {}, false};
    std::error_code ec;
    const fs::path real_root = fs::canonical(root, ec);
    if (ec) return {404, {}, false};
    const fs::path real = fs::canonical(root / fs::path(path.substr(1)), ec);
    if (ec) return {404, {}, false};
    if (!path_within(real, real_root)) return {403, {}, false};
    if (fs::is_directory(real, ec)) {
        if (path.back() != '/') return {301, {}, true};
        const fs::path index = fs::canonical(real / "index.html", ec);
        if (ec || !fs::is_regular_file(index, ec) || !path_within(index, real_root))
            return {404, {}, false};
        return {200, index, false};
    }
    if (path.back() == '/' || !fs::is_regular_file(real, ec)) return {404, {}, false};
    return {200, real, false};
}

std::string media_type(const fs::path& file) {
    static const std::map<std::string, std::string> types = {{".html", "text/html"},
                                                             {".css", "text/css"},
                                                             {".js", "text/javascript"},
                                                             {".mjs", "text/javascript"},
                                                             {".json", "application/json"},
                                                             {".svg", "image/svg+xml"},
                                                             {".xml", "application/xml"},
                                                             {".txt", "text/plain"},
                                                             {".md", "text/markdown"},
                                                             {".csv", "text/csv"},
                                                             {".png", "image/png"},
                                                             {".jpg", "image/jpeg"},
                                                             {".jpeg", "image/jpeg"},
                                                             {".gif", "image/gif"},
                                                             {".webp", "image/webp"},
                                                             {".avif", "image/avif"},
                                                             {".ico", "image/vnd.microsoft.icon"},
                                                             {".woff", "font/woff"},
                                                             {".woff2", "font/woff2"},
                                                             {".pdf", "application/pdf"},
                                                             {".zip", "application/zip"},
                                                             {".mp4", "video/mp4"},
                                                             {".webm", "video/webm"},
                                                             {".mp3", "audio/mpeg"}};
    const auto found = types.find(lower(file.extension().string()));
    if (found == types.end()) return "application/octet-stream";
    const std::string& type = found->second;
    const bool text = type.starts_with("text/") || type == "application/json" ||
                      type == "application/xml" || type == "image/svg+xml";
    return text ? type + "; charset=utf-8" : type;
}

Server::Server(fs::path root, std::string bind, int port, std::string script)
    : root_(std::move(root)), bind_(std::move(bind)), port_(port), script_(std::move(script)),
      http_(std::make_unique<httplib::Server>()) {
    const std::string suffix = ":" + std::to_string(port_);
    for (const std::string& name : {std::string("localhost"), std::string("127.0.0.1"),
                                    std::string("[::1]"), lower(url_host(bind_))})
        hosts_.push_back(name + suffix);
    // A tab holds a thread for its events: room for many tabs.
    http_->new_task_queue = [] { return new httplib::ThreadPool(64); };
    http_->set_keep_alive_timeout(1);
    // SO_REUSEADDR (a restart finds the port free while old connections close), never
    // cpp-httplib's SO_REUSEPORT, with which a second serve on the port would share it.
    http_->set_socket_options([](int sock) {
        const int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        handle(req, res);
        return httplib::Server::HandlerResponse::Handled;
    });
}

Server::~Server() = default;

std::string Server::bind() {
    if (http_->bind_to_port(bind_, port_)) return {};
    return bind_problem(bind_, port_);
}

void Server::run() {
    http_->listen_after_bind();
}

void Server::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    http_->stop();
}

void Server::built() {
    {
        const std::lock_guard lock(mutex_);
        ++generation_;
        errors_.reset();
    }
    changed_.notify_all();
}

void Server::failed(std::string errors_page) {
    {
        const std::lock_guard lock(mutex_);
        ++generation_;
        errors_ = std::move(errors_page);
    }
    changed_.notify_all();
}

bool Server::host_allowed(const std::string& host) const {
    return std::find(hosts_.begin(), hosts_.end(), lower(host)) != hosts_.end();
}

void Server::handle(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    // A page of another site that a DNS name of its own leads here (DNS rebinding) sends its
    // own name as Host.
    if (!host_allowed(req.get_header_value("Host"))) return plain(res, 403, "unknown Host");
    if (req.method != "GET" && req.method != "HEAD") {
        res.set_header("Allow", "GET, HEAD");
        return plain(res, 405, "only GET and HEAD");
    }
    if (req.path == events_path) return send_events(res);
    if (req.path == script_path)
        return res.set_content(reload_js, "text/javascript; charset=utf-8");
    std::optional<std::string> errors;
    {
        const std::lock_guard lock(mutex_);
        errors = errors_;
    }
    if (req.path == errors_path) {
        if (!errors) return plain(res, 404, "the last rebuild succeeded");
        return res.set_content(*errors, "text/html; charset=utf-8");
    }
    const Resolved found = resolve(root_, req.target, req.path);
    if (found.redirect) {
        const std::size_t query = req.target.find('?');
        res.set_redirect(req.target.substr(0, query) + "/" +
                             (query == std::string::npos ? "" : req.target.substr(query)),
                         301);
        return;
    }
    if (found.status == 200) return send_file(res, found.file, 200);
    std::error_code ec;
    if (found.status == 404 && errors && !fs::exists(root_, ec)) {
        // No build has succeeded yet: every address shows the errors.
        res.status = 503;
        return res.set_content(*errors, "text/html; charset=utf-8");
    }
    if (found.status == 404 && fs::is_regular_file(root_ / "404.html", ec))
        return send_file(res, root_ / "404.html", 404);
    plain(res, found.status, found.status == 404 ? "not found" : "forbidden");
}

void Server::send_file(httplib::Response& res, const fs::path& file, int status) {
    std::optional<std::string> bytes = read_file(file);
    if (!bytes) return plain(res, 404, "not found");
    const std::string type = media_type(file);
    if (type.starts_with("text/html")) {
        // The reload script exists only in what is served, never in the output.
        const std::size_t body = bytes->rfind("</body>");
        bytes->insert(body == std::string::npos ? bytes->size() : body, script_);
    }
    res.status = status;
    res.set_content(std::move(*bytes), type.c_str());
}

void Server::send_events(httplib::Response& res) {
    std::uint64_t seen = 0;
    std::string first;
    {
        const std::lock_guard lock(mutex_);
        seen = generation_;
        first =
            std::string("retry: 500\nevent: state\ndata: ") + (errors_ ? "errors" : "ok") + "\n\n";
    }
    res.set_chunked_content_provider(
        "text/event-stream", [this, seen, first](std::size_t, httplib::DataSink& sink) mutable {
            std::string event = std::move(first);
            first.clear();
            if (event.empty()) {
                std::unique_lock lock(mutex_);
                changed_.wait_for(lock, std::chrono::seconds(15),
                                  [&] { return stopping_ || generation_ != seen; });
                if (stopping_) {
                    lock.unlock();
                    sink.done();
                    return true;
                }
                const bool news = generation_ != seen;
                seen = generation_;
                // A comment now and then finds the tabs that have gone.
                event = !news ? ": waiting\n\n"
                              : (errors_ ? "event: errors\ndata:\n\n" : "event: reload\ndata:\n\n");
            }
            return sink.write(event.data(), event.size());
        });
}

} // namespace docket::serve
