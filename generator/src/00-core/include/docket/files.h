// core/: reading a whole file, writing one whole.
#pragma once

#include <sys/types.h>

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
