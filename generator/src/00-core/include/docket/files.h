// core/: reading a whole file, writing one whole.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace docket {

// The bytes of a file, or nullopt when it cannot be opened or read to its end.
std::optional<std::string> read_file(const std::filesystem::path& file);

// Writes all of `bytes` to `fd`, again after an interrupted write; false on an error (errno).
bool write_all(int fd, std::string_view bytes);

// The process's umask (the mode a new file gets is 0666 & ~umask).
mode_t current_umask();

// strerror(errno): the reason of the last failed call, for messages.
std::string errno_text();

// Replaces `target` with `bytes` whole: written to a new temporary file beside it, checked by
// `check` (when given), then renamed over it, so a failure leaves an existing file as it was. A
// target that exists and is not a regular file (a device such as /dev/null, a FIFO) is written
// to directly, after the check ran on a temporary copy: renaming would replace the device.
// Returns "" on success, else the reason (a failed check's own errors are the caller's).
std::string replace_file(const std::filesystem::path& target, std::string_view bytes,
                         const std::function<bool(const std::filesystem::path&)>& check = {});

// An unlinked temporary file in a directory, records appended to it and read back: bytes a
// build needs again later, kept on disk (the page cache's), not in the process's memory.
class RecordFile {
  public:
    struct Record {
        std::uint64_t at = 0, size = 0;
    };
    // Throws std::system_error when it cannot make its file in `dir`.
    explicit RecordFile(const std::filesystem::path& dir);
    ~RecordFile();
    RecordFile(const RecordFile&) = delete;
    RecordFile& operator=(const RecordFile&) = delete;

    // Appends `bytes` as one record; safe from several threads at once. Throws
    // std::system_error when the file cannot be written.
    Record append(std::string_view bytes);
    // A record's bytes; nullopt, with errno saying why, when the file cannot be read.
    std::optional<std::string> read(Record r) const;

  private:
    int fd_ = -1;
    std::atomic<std::uint64_t> end_ = 0; // where the next record goes
};

// A new directory of its own, made by mkdtemp from `pattern` (a path ending in "XXXXXX"), and
// removed with everything in it when this goes; path() is empty when it could not be made.
class TemporaryDirectory {
  public:
    explicit TemporaryDirectory(const std::filesystem::path& pattern);
    ~TemporaryDirectory();
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

} // namespace docket
