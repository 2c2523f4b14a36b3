#include "docket/output.h"
#include "docket/files.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace fs = std::filesystem;

namespace docket {

namespace {

// The marker's first line: an output (the lines after it list every file docket wrote there)
// or a staging directory (everything in it is docket's).
constexpr std::string_view output_head = "docket-output 1";
constexpr std::string_view staging_head = "docket-staging 1";
// Staging and left-aside directories are named ".<output name>.docket-<6 random characters>".
constexpr std::string_view debris_infix = ".docket-";

// The spare beside the output: the previous output's directory tree, kept after the swap
// (".<output name>.docket-spare", which no mkdtemp name is) for the next build to stage in.
fs::path spare_path(const fs::path& out) {
    return out.parent_path() /
           ("." + out.filename().string() + std::string(debris_infix) + "spare");
}

// What a marker says about its directory.
struct Marker {
    bool staging = false;
    std::unordered_set<std::string> files; // relative paths docket wrote
    std::unordered_set<std::string> dirs;  // every directory above one of them
    // OutputDir::note's lines: "\t<path>\t<inputs>\t<digest>" (a path holds no control
    // character, so no path line starts with a tab).
    std::unordered_map<std::string, std::pair<std::string, std::string>> notes;
};

// Adds every directory above `path` ("a/b/c.html": "a" and "a/b") to `dirs`.
void add_dirs_above(const std::string& path, std::unordered_set<std::string>& dirs) {
    for (std::size_t slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1))
        dirs.insert(path.substr(0, slash));
}

std::optional<Marker> read_marker(const fs::path& dir) {
    std::ifstream in(dir / output_marker, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) return std::nullopt;
    Marker m;
    m.staging = line == staging_head;
    if (!m.staging && line != output_head) return std::nullopt;
    while (std::getline(in, line)) {
        if (line.starts_with('\t')) {
            const std::size_t a = line.find('\t', 1), b = line.rfind('\t');
            if (a != std::string::npos && b > a)
                m.notes[line.substr(1, a - 1)] = {line.substr(a + 1, b - a - 1),
                                                  line.substr(b + 1)};
            continue;
        }
        add_dirs_above(line, m.dirs);
        m.files.insert(std::move(line));
    }
    return m;
}

bool write_text(const fs::path& file, std::string_view text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    return static_cast<bool>(out);
}

bool is_real_directory(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(fs::symlink_status(p, ec));
}

bool exists_no_follow(const fs::path& p) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(p, ec));
}

// The entries of `old_root` that docket did not write (by its marker), as relative paths, and
// those of them that `new_root` has an entry at too. A directory that holds nothing docket
// wrote is one entry, unless `new_root` has a directory there: then its entries are looked at.
struct Unknown {
    std::vector<std::string> moves, collisions;
};

void find_unknown(const fs::path& old_root, const Marker& marker, const fs::path& new_root,
                  const std::string& rel, Unknown& out) {
    std::error_code ec;
    for (fs::directory_iterator it(old_root / rel, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const std::string path = rel.empty() ? name : rel + "/" + name;
        if (path == output_marker) continue;
        const bool dir = is_real_directory(it->path());
        if (dir ? marker.dirs.contains(path) : marker.files.contains(path)) {
            if (dir) find_unknown(old_root, marker, new_root, path, out);
            continue;
        }
        if (!exists_no_follow(new_root / path))
            out.moves.push_back(path);
        else if (dir && is_real_directory(new_root / path))
            find_unknown(old_root, marker, new_root, path, out);
        else
            out.collisions.push_back(path);
    }
}

// Moves each relative path from `from` to the same place under `to`; false if any could not be.
bool move_entries(const fs::path& from, const fs::path& to, const std::vector<std::string>& paths,
                  Diagnostics& diags) {
    bool ok = true;
    for (const std::string& p : paths) {
        std::error_code ec;
        fs::create_directories((to / p).parent_path(), ec);
        if (!ec) fs::rename(from / p, to / p, ec);
        if (ec) {
            diags.warning((from / p).string(), 0, 0,
                          "cannot move back into " + to.string() + ": " + ec.message());
            ok = false;
        }
    }
    return ok;
}

// Puts a directory left by a stopped build right: a staging directory is removed; a previous
// output becomes the output again when there is none, else its files that docket did not write
// are moved into the output and the rest removed. Directories without docket's marker are left.
void recover_one(const fs::path& debris, const fs::path& out, Diagnostics& diags) {
    const auto marker = read_marker(debris);
    if (!marker) return;
    std::error_code ec;
    if (marker->staging) {
        fs::remove_all(debris, ec);
        return;
    }
    if (!exists_no_follow(out)) {
        fs::rename(debris, out, ec);
        if (!ec)
            diags.warning(out.string(), 0, 0,
                          "restored the previous output, which a stopped build left in " +
                              debris.filename().string());
        return;
    }
    Unknown unknown;
    find_unknown(debris, *marker, out, "", unknown);
    if (move_entries(debris, out, unknown.moves, diags) && unknown.collisions.empty())
        fs::remove_all(debris, ec);
    else
        diags.warning(
            debris.string(), 0, 0,
            "kept: it holds files docket did not write that could not be moved back into " +
                out.string());
}

void recover(const fs::path& out, Diagnostics& diags) {
    const std::string prefix = "." + out.filename().string() + std::string(debris_infix);
    std::vector<fs::path> debris;
    std::error_code ec;
    for (fs::directory_iterator it(out.parent_path(), ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().starts_with(prefix) && it->path() != spare_path(out) &&
            is_real_directory(it->path()))
            debris.push_back(it->path());
    std::sort(debris.begin(), debris.end());
    for (const fs::path& d : debris)
        recover_one(d, out, diags);
}

// The output as one absolute path without a trailing '/' ("public/", ".", "a/../b" work), with a
// symbolic link to a directory followed: the directory it names is the one replaced.
fs::path normal_output(const fs::path& out) {
    std::error_code ec;
    fs::path p = fs::absolute(out, ec).lexically_normal();
    if (p.filename().empty() && p.has_relative_path()) p = p.parent_path();
    if (fs::is_symlink(fs::symlink_status(p, ec))) {
        const fs::path real = fs::canonical(p, ec);
        if (!ec) return real;
    }
    return p;
}

// Blocks until this process holds the lock of `dir` (flock on the directory itself, so nothing
// is created for it), saying so when another build holds it. Returns the descriptor, or -1
// where the file system has no locks (the build goes on unlocked there).
int lock_directory(const fs::path& dir, const fs::path& out) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
    if (errno == EWOULDBLOCK) {
        std::fprintf(stderr, "docket: waiting for another docket build beside %s to finish\n",
                     out.c_str());
        while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    return fd;
}

// Why `out` cannot be replaced by a renamed directory, or "".
std::string unusable_output(const fs::path& out, bool force) {
    if (out.filename().string().size() + debris_infix.size() + 7 > NAME_MAX)
        return "the output directory's name is too long: docket needs " +
               std::to_string(debris_infix.size() + 7) + " more bytes of the name's limit (" +
               std::to_string(NAME_MAX) + ") for its staging directory beside it";
    std::error_code ec;
    if (!exists_no_follow(out)) return "";
    if (!fs::is_directory(out, ec)) return "output path exists and is not a directory";
    struct stat o {
    }, parent{};
    if (::stat(out.c_str(), &o) == 0 && ::stat(out.parent_path().c_str(), &parent) == 0 &&
        o.st_dev != parent.st_dev)
        return "the output directory is a mount point, which cannot be replaced by renaming; build "
               "into a directory inside it";
    if (read_marker(out) || fs::is_empty(out, ec) || force) return "";
    return "refusing to build into this directory: it is not empty and docket did not write it (it "
           "has no " +
           std::string(output_marker) +
           "); choose another output directory, empty it, or use --force to build into "
           "it (files docket does not write are kept)";
}

// Swaps `staging` in as `out`; `left` is then where the previous output is (empty if there was
// none). renameat2's exchange never leaves a moment without an output; where the file system
// cannot exchange, two renames do it, and a stop between them is repaired by `recover`.
bool swap_in(const fs::path& staging, const fs::path& out, fs::path& left, Diagnostics& diags) {
    if (!exists_no_follow(out)) {
        if (::rename(staging.c_str(), out.c_str()) == 0) return true;
        diags.error(out.string(), 0, 0, "cannot move the new output in place: " + errno_text());
        return false;
    }
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) == 0) {
        left = staging;
        return true;
    }
    if (errno != EINVAL && errno != ENOSYS) {
        diags.error(out.string(), 0, 0, "cannot swap the new output in place: " + errno_text());
        return false;
    }
    left = staging.string() + "-old";
    if (::rename(out.c_str(), left.c_str()) != 0) {
        diags.error(out.string(), 0, 0, "cannot move the previous output aside: " + errno_text());
        return false;
    }
    if (::rename(staging.c_str(), out.c_str()) == 0) return true;
    diags.error(out.string(), 0, 0, "cannot move the new output in place: " + errno_text());
    ::rename(left.c_str(), out.c_str());
    return false;
}

} // namespace

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
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') return false;
    return true;
}

bool path_within(const fs::path& path, const fs::path& dir) {
    std::error_code ec;
    const fs::path d = fs::weakly_canonical(fs::absolute(dir, ec), ec).lexically_normal();
    const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec).lexically_normal();
    // `p` is `d` or lies below it when its path starts with all of d's components.
    auto [d_end, p_end] = std::mismatch(d.begin(), d.end(), p.begin(), p.end());
    return d_end == d.end() || (std::next(d_end) == d.end() && d_end->empty());
}

bool check_output_location(const fs::path& out, const std::vector<fs::path>& keep,
                           Diagnostics& diags) {
    for (const fs::path& k : keep) {
        if (path_within(k, out)) {
            diags.error(out.string(), 0, 0,
                        "refusing to use this output directory: building would replace " +
                            k.string() + " (choose an output directory outside the sources)");
            return false;
        }
    }
    return true;
}

OutputDir::OutputDir(const fs::path& out, bool force, Diagnostics& diags)
    : out_(normal_output(out)), force_(force) {
    std::error_code ec;
    fs::create_directories(out_.parent_path(), ec);
    lock_fd_ = lock_directory(out_.parent_path(), out_);
    recover(out_, diags);
    if (const std::string why = unusable_output(out_, force); !why.empty()) {
        diags.error(out.string(), 0, 0, why);
        return;
    }
    const auto previous = read_marker(out_);
    foreign_ = exists_no_follow(out_) && !previous;
    if (previous && !previous->staging) {
        previous_ = previous->files;
        for (auto& [path, note] : previous->notes)
            if (previous_.contains(path))
                previous_notes_.emplace(path, Note{std::move(note.first), std::move(note.second)});
    }
    std::string name = (out_.parent_path() /
                        ("." + out_.filename().string() + std::string(debris_infix) + "XXXXXX"))
                           .string();
    if (!::mkdtemp(name.data())) {
        diags.error(out.string(), 0, 0,
                    "cannot create the staging directory beside the output: " + errno_text());
        return;
    }
    staging_ = name;
    take_spare();
    // mkdtemp makes the directory private; the output gets the mode any new directory gets here.
    ::chmod(name.c_str(), 0777 & ~current_umask());
    ::unlink((staging_ / output_marker).c_str()); // the spare's, not linked anywhere else
    if (!write_text(staging_ / output_marker, std::string(staging_head) + "\n")) {
        diags.error(staging_.string(), 0, 0, "cannot write: " + errno_text());
        return;
    }
    ok_ = true;
}

void OutputDir::take_spare() {
    const fs::path spare = spare_path(out_);
    if (!is_real_directory(spare)) return;
    auto marker = read_marker(spare);
    if (!marker) return; // not docket's: left alone
    std::error_code ec;
    // Marked as staging first: a stop from here on leaves debris that recovery removes.
    if (marker->staging || !write_text(spare / output_marker, std::string(staging_head) + "\n") ||
        ::rename(spare.c_str(), staging_.c_str()) != 0) {
        fs::remove_all(spare, ec);
        return;
    }
    reused_ = true;
    spare_files_ = std::move(marker->files);
    spare_dirs_ = std::move(marker->dirs);
}

OutputDir::~OutputDir() {
    std::error_code ec;
    if (!committed_ && !staging_.empty()) fs::remove_all(staging_, ec);
    if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::optional<fs::path> OutputDir::target_for(const std::string& path, Diagnostics& diags) {
    if (!safe_relative_path(path) || path == output_marker) {
        diags.error(path, 0, 0,
                    "refusing to write this path: it leaves the output directory or holds a "
                    "control character");
        return std::nullopt;
    }
    {
        std::lock_guard lock(written_mutex_);
        written_.push_back(path);
    }
    fs::path target = staging_ / path;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec && reused_) {
        // The spare has a file where this path needs a directory.
        fs::path above = staging_;
        for (const auto& part : fs::path(path).parent_path()) {
            above /= part;
            if (!is_real_directory(above)) ::unlink(above.c_str());
        }
        fs::create_directories(target.parent_path(), ec);
    }
    // The spare's file at this path is the one the previous output holds (linked), and so may
    // be a file written at this path before in this build: nothing is written into either.
    if ((reused_ || !previous_.empty()) && ::unlink(target.c_str()) != 0 && errno == EISDIR)
        fs::remove_all(target, ec);
    return target;
}

bool OutputDir::write(const std::vector<OutputFile>& files, Diagnostics& diags) {
    bool ok = true;
    for (const auto& f : files)
        ok = write(f, diags) && ok;
    return ok;
}

namespace {

// Whether the rest of open file `fd` is `bytes`.
bool reads_as(int fd, std::string_view bytes) {
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n == 0 && bytes.empty();
        const auto got = static_cast<std::size_t>(n);
        if (got > bytes.size() || bytes.compare(0, got, std::string_view(buffer, got)) != 0)
            return false;
        bytes.remove_prefix(got);
    }
}

// Links `old` as `target` when it is a regular file holding `bytes`; false, with nothing left
// at `target`, otherwise. Compared after linking: what is published is what was compared.
bool link_unchanged(const fs::path& old, const fs::path& target, std::string_view bytes) {
    struct stat st;
    if (::lstat(old.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::size_t>(st.st_size) != bytes.size() ||
        ::link(old.c_str(), target.c_str()) != 0)
        return false;
    const int fd = ::open(target.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    const bool same = fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                      static_cast<std::size_t>(st.st_size) == bytes.size() && reads_as(fd, bytes);
    if (fd >= 0) ::close(fd);
    if (!same) ::unlink(target.c_str());
    return same;
}

// Up to `size` bytes of `fd` into `buffer`, fewer only at its end; -1 on an error.
ssize_t read_chunk(int fd, char* buffer, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, buffer + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    return static_cast<ssize_t>(got);
}

// Whether the rest of open files `a` and `b` are the same bytes.
bool same_rest(int a, int b) {
    constexpr std::size_t chunk = 64 * 1024;
    const auto x = std::make_unique<char[]>(chunk), y = std::make_unique<char[]>(chunk);
    for (;;) {
        const ssize_t n = read_chunk(a, x.get(), chunk), m = read_chunk(b, y.get(), chunk);
        if (n < 0 || n != m || std::memcmp(x.get(), y.get(), std::size_t(n)) != 0) return false;
        if (n == 0) return true;
    }
}

} // namespace

std::optional<fs::path> OutputDir::stage(const std::string& path, Diagnostics& diags) {
    return target_for(path, diags);
}

void OutputDir::settle(const std::string& path) {
    if (!previous_.contains(path)) return;
    const fs::path target = staging_ / path, old = out_ / path;
    fs::path link = target;
    link += ".docket-previous"; // link() fails, and nothing is linked, if something is there
    struct stat st;
    if (::lstat(old.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
        ::link(old.c_str(), link.c_str()) != 0)
        return;
    // Compared after linking: what is published is what was compared.
    const int a = ::open(link.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    const int b = ::open(target.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat sa, sb;
    const bool same = a >= 0 && b >= 0 && ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 &&
                      S_ISREG(sa.st_mode) && sa.st_size == sb.st_size && same_rest(a, b);
    if (a >= 0) ::close(a);
    if (b >= 0) ::close(b);
    if (same && ::rename(link.c_str(), target.c_str()) == 0) {
        std::lock_guard lock(written_mutex_);
        linked_.insert(path);
        return;
    }
    ::unlink(link.c_str());
}

bool OutputDir::write(const OutputFile& f, Diagnostics& diags) {
    const auto target = target_for(f.path, diags);
    if (!target) return false;
    if (!previous_.empty()) {
        // target_for unlinked what was at the target: a file is linked or written anew, never
        // written into the previous output's file.
        const bool same =
            previous_.contains(f.path) && link_unchanged(out_ / f.path, *target, f.content);
        std::lock_guard lock(written_mutex_);
        if (same) {
            linked_.insert(f.path);
            return true;
        }
        linked_.erase(f.path);
    }
    // One open, as few writes as the kernel needs, one close: no stdio buffer in between.
    const int fd = ::open(target->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0 && write_all(fd, f.content);
    int error = ok ? 0 : errno;
    if (fd >= 0 && ::close(fd) != 0 && ok) ok = false, error = errno;
    if (!ok)
        diags.error(target->string(), 0, 0,
                    "cannot write file: " + std::string(std::strerror(error)));
    return ok;
}

bool OutputDir::linked(const std::string& path) const {
    std::lock_guard lock(written_mutex_);
    return linked_.contains(path);
}

bool OutputDir::copy(const std::vector<CopiedFile>& files, Diagnostics& diags) {
    bool ok = true;
    for (const auto& f : files) {
        // Read and written like a rendered file, so an unchanged one is the previous output's.
        auto bytes = read_file(f.from);
        if (!bytes) {
            diags.error(f.from.string(), 0, 0, "cannot copy to output: cannot read it");
            ok = false;
            continue;
        }
        ok = write(OutputFile{f.to, std::move(*bytes), {}, {}, {}, {}}, diags) && ok;
    }
    return ok;
}

void OutputDir::note(const std::string& path, const std::string& inputs,
                     const std::string& digest) {
    std::lock_guard lock(written_mutex_);
    notes_[path] = {inputs, digest};
}

bool OutputDir::reuse(const std::string& path, const std::string& inputs,
                      const std::function<std::string(std::string_view)>& digest) {
    const auto was = previous_notes_.find(path);
    if (was == previous_notes_.end() || was->second.inputs != inputs) return false;
    Diagnostics quiet; // a file that cannot be reused is made again, which reports what fails
    const auto target = target_for(path, quiet);
    if (!target) return false;
    // Compared after linking, as write() does: what is published is what was compared.
    const fs::path old = out_ / path;
    struct stat st;
    std::optional<std::string> bytes;
    if (::lstat(old.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::link(old.c_str(), target->c_str()) == 0)
        bytes = read_file(*target);
    if (!bytes || digest(*bytes) != was->second.digest) {
        ::unlink(target->c_str());
        return false;
    }
    std::lock_guard lock(written_mutex_);
    linked_.insert(path);
    notes_[path] = was->second;
    return true;
}

bool OutputDir::commit(Diagnostics& diags) {
    // A path written more than once (the registry allows none) is listed once.
    std::sort(written_.begin(), written_.end());
    written_.erase(std::unique(written_.begin(), written_.end()), written_.end());
    if (reused_) prune_spare();
    std::string manifest = std::string(output_head) + "\n";
    for (const std::string& p : written_)
        manifest += p + "\n";
    for (const auto& [path, note] : notes_)
        manifest += "\t" + path + "\t" + note.inputs + "\t" + note.digest + "\n";
    if (!write_text(staging_ / output_marker, manifest)) {
        diags.error((staging_ / output_marker).string(), 0, 0, "cannot write: " + errno_text());
        return false;
    }
    Unknown unknown;
    if (exists_no_follow(out_)) {
        find_unknown(out_, read_marker(out_).value_or(Marker{}), staging_, "", unknown);
        for (const std::string& p : force_ ? std::vector<std::string>{} : unknown.collisions)
            diags.error((out_ / p).string(), 0, 0,
                        "the new site has a file here, and docket did not write the one that is "
                        "there; move it away, "
                        "or use --force to replace it");
        if (!force_ && !unknown.collisions.empty()) return false;
        // A directory docket takes over gets the marker now, so that a stop during the swap
        // leaves it recognisable (its files are all kept, none is listed).
        if (foreign_ && !write_text(out_ / output_marker, std::string(output_head) + "\n")) {
            diags.error((out_ / output_marker).string(), 0, 0, "cannot write: " + errno_text());
            return false;
        }
    }
    fs::path left;
    if (!swap_in(staging_, out_, left, diags)) return false;
    committed_ = true;
    if (left.empty()) return true;
    std::error_code ec;
    if (!move_entries(left, out_, unknown.moves, diags)) return true; // left for recovery
    if (unknown.collisions.empty() && keep_spare(left)) return true;
    fs::remove_all(left, ec);
    return true;
}

void OutputDir::prune_spare() {
    // The spare's files this build did not write (written_ is sorted: commit), and its
    // directories that hold none it did.
    for (const std::string& path : spare_files_)
        if (!std::binary_search(written_.begin(), written_.end(), path))
            ::unlink((staging_ / path).c_str());
    std::unordered_set<std::string> used;
    for (const std::string& path : written_)
        add_dirs_above(path, used);
    std::vector<std::string> unused;
    for (const std::string& dir : spare_dirs_)
        if (!used.contains(dir)) unused.push_back(dir);
    // Deepest first, so that a directory is empty when it is removed.
    std::sort(unused.begin(), unused.end(), std::greater<>());
    // One that is not empty holds what the marker did not list (nothing this build wrote is
    // below it); one that is a file now is this build's (target_for replaced it).
    std::error_code ec;
    for (const std::string& dir : unused)
        if (::rmdir((staging_ / dir).c_str()) != 0 && (errno == ENOTEMPTY || errno == EEXIST))
            fs::remove_all(staging_ / dir, ec);
}

bool OutputDir::keep_spare(const fs::path& left) {
    // The previous output, now holding only docket's files (the others moved back), keeps its
    // directories for the next build. Of its files, those not the new output's too (the bytes
    // of a page that changed or went away) are removed, so the spare costs no file's bytes.
    const fs::path spare = spare_path(out_);
    const auto marker = read_marker(left);
    if (!marker || marker->staging || exists_no_follow(spare)) return false;
    for (const std::string& path : marker->files)
        if (!linked_.contains(path)) ::unlink((left / path).c_str());
    return ::rename(left.c_str(), spare.c_str()) == 0;
}

} // namespace docket
