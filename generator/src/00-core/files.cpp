#include "docket/files.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace docket {

std::optional<std::string> read_file(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    // Read in one call where the size is known (a regular file), to the end in any case (a file
    // that grows, or one whose size stat does not tell, as in /proc).
    struct stat st {};
    std::string bytes;
    bytes.resize(::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1
                                                         : 4096);
    std::size_t done = 0;
    for (;;) {
        if (done == bytes.size()) bytes.resize(bytes.size() * 2);
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    bytes.resize(done);
    return bytes;
}

std::string errno_text() {
    return std::strerror(errno);
}

mode_t current_umask() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return mask;
}

bool write_all(int fd, std::string_view bytes) {
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

RecordFile::RecordFile(const fs::path& dir) {
    std::string name = (dir / ".docket-records-XXXXXX").string();
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), name);
    ::unlink(name.c_str()); // gone with the descriptor
}

RecordFile::~RecordFile() {
    ::close(fd_);
}

RecordFile::Record RecordFile::append(std::string_view bytes) {
    // Each record gets its own range first; threads then write their ranges side by side.
    const Record r{end_.fetch_add(bytes.size()), bytes.size()};
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                                   static_cast<off_t>(r.at + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw std::system_error(n < 0 ? errno : EIO, std::generic_category(), "records");
        done += static_cast<std::size_t>(n);
    }
    return r;
}

std::optional<std::string> RecordFile::read(Record r) const {
    std::string out(r.size, '\0');
    for (std::size_t done = 0; done < out.size();) {
        const ssize_t n =
            ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(r.at + done));
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) errno = EIO; // the file ends inside the record
        if (n <= 0) return std::nullopt;
        done += static_cast<std::size_t>(n);
    }
    return out;
}

std::string replace_file(const fs::path& target, std::string_view bytes,
                         const std::function<bool(const fs::path&)>& check) {
    std::error_code ec;
    const fs::file_status st = fs::status(target, ec);
    if (fs::is_directory(st)) return "is a directory";
    const bool special = fs::exists(st) && !fs::is_regular_file(st);
    // A regular target is replaced by renaming, so the temporary file is made beside the file a
    // symbolic link names; a device's check runs on a copy in the temporary directory.
    const fs::path real =
        fs::is_symlink(fs::symlink_status(target, ec)) ? fs::canonical(target, ec) : target;
    const fs::path dir = special                  ? fs::temp_directory_path(ec)
                         : real.has_parent_path() ? real.parent_path()
                                                  : fs::path(".");
    if (special && !check) {
        const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
        const bool ok = fd >= 0 && write_all(fd, bytes);
        const std::string why = ok ? "" : errno_text();
        if (fd >= 0) ::close(fd);
        return why;
    }
    std::string name = (dir / ".docket-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) return "cannot create a temporary file in " + dir.string() + ": " + errno_text();
    const fs::path temp = name;
    // mkstemp makes the file private; it gets the mode any new file gets here.
    bool ok = write_all(fd, bytes) && ::fchmod(fd, 0666 & ~current_umask()) == 0;
    std::string why = ok ? "" : errno_text();
    ok = ::close(fd) == 0 && ok;
    if (!ok && why.empty()) why = errno_text();
    if (ok && check && !check(temp)) ok = false, why = "the written file failed its check";
    if (ok && special)
        why = replace_file(target, bytes);
    else if (ok && ::rename(temp.c_str(), real.c_str()) != 0)
        why = errno_text();
    fs::remove(temp, ec);
    return why;
}

TemporaryDirectory::TemporaryDirectory(const std::filesystem::path& pattern) {
    std::string name = pattern.string();
    if (::mkdtemp(name.data())) path_ = name;
}

TemporaryDirectory::~TemporaryDirectory() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

} // namespace docket
