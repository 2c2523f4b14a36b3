#include "docket/output.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace docket {

bool safe_relative_path(std::string_view path) {
    if (path.empty() || path.front() == '/' || path.back() == '/') return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view seg = path.substr(start, end - start);
        if (seg.empty() || seg == "." || seg == "..") return false;
        start = end + 1;
    }
    for (char c : path)
        if (c == '\0' || c == '\\') return false;
    return true;
}

bool check_output_location(const fs::path& out, const std::vector<fs::path>& keep, Diagnostics& diags) {
    std::error_code ec;
    const fs::path o = fs::weakly_canonical(fs::absolute(out, ec), ec).lexically_normal();
    for (const fs::path& k : keep) {
        const fs::path real = fs::weakly_canonical(fs::absolute(k, ec), ec).lexically_normal();
        // `real` is `o` or lies below it when its path starts with all of o's components.
        auto [o_end, r_end] = std::mismatch(o.begin(), o.end(), real.begin(), real.end());
        if (o_end == o.end() || (std::next(o_end) == o.end() && o_end->empty())) {
            diags.error(out.string(), 0, 0,
                        "refusing to use this output directory: building would replace " + k.string() +
                            " (choose an output directory outside the sources)");
            return false;
        }
    }
    return true;
}

OutputDir::OutputDir(fs::path out, Diagnostics& diags) : out_(std::move(out)) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(out_, ec)) && !fs::is_directory(out_, ec)) {
        diags.error(out_.string(), 0, 0, "output path exists and is not a directory");
        return;
    }
    const fs::path parent = out_.has_parent_path() ? out_.parent_path() : fs::path(".");
    fs::create_directories(parent, ec);
    staging_ = parent / ("." + out_.filename().string() + ".tmp-" + std::to_string(::getpid()));
    fs::remove_all(staging_, ec);
    if (!fs::create_directory(staging_, ec)) {
        diags.error(staging_.string(), 0, 0, "cannot create temporary output directory: " + ec.message());
        return;
    }
    ok_ = true;
}

OutputDir::~OutputDir() {
    if (!committed_ && !staging_.empty()) {
        std::error_code ec;
        fs::remove_all(staging_, ec);
    }
}

std::optional<fs::path> OutputDir::target_for(const std::string& path, Diagnostics& diags) const {
    if (!safe_relative_path(path)) {
        diags.error(path, 0, 0, "refusing to write outside the output directory");
        return std::nullopt;
    }
    fs::path target = staging_ / path;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    return target;
}

bool OutputDir::write(const std::vector<OutputFile>& files, Diagnostics& diags) {
    bool ok = true;
    for (const auto& f : files) ok = write(f, diags) && ok;
    return ok;
}

bool OutputDir::write(const OutputFile& f, Diagnostics& diags) {
    const auto target = target_for(f.path, diags);
    if (!target) return false;
    // One open, as few writes as the kernel needs, one close: no stdio buffer in between.
    const int fd = ::open(target->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    for (std::size_t done = 0; ok && done < f.content.size();) {
        const ssize_t n = ::write(fd, f.content.data() + done, f.content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    if (fd >= 0) ok = ::close(fd) == 0 && ok;
    if (!ok) diags.error(target->string(), 0, 0, "cannot write file");
    return ok;
}

bool OutputDir::copy(const std::vector<CopiedFile>& files, Diagnostics& diags) {
    bool ok = true;
    for (const auto& f : files) {
        const auto target = target_for(f.to, diags);
        if (!target) {
            ok = false;
            continue;
        }
        std::error_code ec;
        if (!fs::copy_file(f.from, *target, fs::copy_options::overwrite_existing, ec)) {
            diags.error(f.from.string(), 0, 0, "cannot copy to output: " + ec.message());
            ok = false;
        }
    }
    return ok;
}

bool OutputDir::commit(Diagnostics& diags) {
    std::error_code ec;
    const fs::path old = out_.parent_path() / ("." + out_.filename().string() + ".old-" + std::to_string(::getpid()));
    const bool had = fs::exists(out_, ec);
    if (had) {
        fs::rename(out_, old, ec);
        if (ec) {
            diags.error(out_.string(), 0, 0, "cannot move the previous output aside: " + ec.message());
            return false;
        }
    }
    fs::rename(staging_, out_, ec);
    if (ec) {
        diags.error(out_.string(), 0, 0, "cannot move the new output in place: " + ec.message());
        if (had) fs::rename(old, out_, ec);
        return false;
    }
    committed_ = true;
    if (had) fs::remove_all(old, ec);
    return true;
}

} // namespace docket
