// The zip writer and checker, over libzip. Determinism is the point: a build from the same
// sources and SOURCE_DATE_EPOCH writes the same bytes, so archives can be compared and cached.
#include "docket/archive.h"
#include "docket/date.h"
#include "docket/files.h"
#include "docket/output.h"
#include "docket/parallel.h"

#include "bag.h"

#include <libdeflate.h>
#include <zip.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

namespace fs = std::filesystem;

namespace docket {

namespace {

// 1980-01-01 and 2107-12-31 23:59:58 UTC: the range of a DOS date and time.
constexpr std::int64_t unix_time(std::chrono::sys_seconds t) {
    return t.time_since_epoch().count();
}
constexpr std::int64_t dos_min = unix_time(std::chrono::sys_days(std::chrono::year(1980) / 1 / 1));
constexpr std::int64_t dos_max =
    unix_time(std::chrono::sys_days(std::chrono::year(2107) / 12 / 31) + std::chrono::hours(23) +
              std::chrono::minutes(59) + std::chrono::seconds(58));
static_assert(dos_min == 315532800 && dos_max == 4354819198);

// The DOS time and date (two-second steps, years from 1980) of `utc`'s UTC fields.
struct DosTime {
    std::uint16_t time, date;
};

DosTime dos_time(std::int64_t utc) {
    using namespace std::chrono;
    const sys_seconds t{seconds(utc)};
    const sys_days day = floor<days>(t);
    const year_month_day date(day);
    const hh_mm_ss clock(t - day);
    return {static_cast<std::uint16_t>(clock.hours().count() << 11 | clock.minutes().count() << 5 |
                                       clock.seconds().count() / 2),
            static_cast<std::uint16_t>((int(date.year()) - 1980) << 9 |
                                       unsigned(date.month()) << 5 | unsigned(date.day()))};
}

// A zip's bytes as stamp_dos_time reads and patches them: in memory, or in a file of which only
// the central directory (what follows `keep_from`) is read into memory; a local header is read
// and patched in place.
class ZipBytes {
  public:
    explicit ZipBytes(std::string& bytes) : memory_(&bytes), size_(bytes.size()) {}
    ZipBytes(int fd, std::uint64_t size) : fd_(fd), base_(size), size_(size) {}

    std::uint64_t size() const { return size_; }
    bool failed() const { return failed_; }
    // Little-endian fields of a zip's records (APPNOTE.TXT 4.3); 0 when they cannot be read.
    std::uint64_t read_le(std::uint64_t at, int bytes) {
        unsigned char b[8] = {};
        if (!memory_ && at < base_) {
            failed_ = failed_ || ::pread(fd_, b, std::size_t(bytes), off_t(at)) != bytes;
        } else {
            const std::string& from = memory_ ? *memory_ : tail_;
            for (int k = 0; k < bytes; ++k)
                b[k] = static_cast<unsigned char>(from[at - base_ + std::size_t(k)]);
        }
        std::uint64_t v = 0;
        for (int k = bytes - 1; k >= 0; --k)
            v = v << 8 | b[k];
        return v;
    }
    void write_le16(std::uint64_t at, std::uint16_t v) {
        const char b[2] = {static_cast<char>(v & 0xff), static_cast<char>(v >> 8)};
        if (!memory_ && at < base_) {
            failed_ = failed_ || ::pwrite(fd_, b, 2, off_t(at)) != 2;
        } else {
            std::string& to = memory_ ? *memory_ : tail_;
            to.replace(at - base_, 2, b, 2);
        }
    }
    // Reads the bytes from `at` to the end into memory (a file's; in memory they are there).
    void keep_from(std::uint64_t at) {
        if (memory_ || at >= base_) return;
        tail_.resize(base_ - at);
        failed_ = failed_ || ::pread(fd_, tail_.data(), tail_.size(), off_t(at)) !=
                                 static_cast<ssize_t>(tail_.size());
        base_ = at;
    }
    // Writes the patched bytes kept in memory back to the file.
    bool flush() {
        if (!memory_ && !tail_.empty() && !failed_)
            failed_ = ::pwrite(fd_, tail_.data(), tail_.size(), off_t(base_)) !=
                      static_cast<ssize_t>(tail_.size());
        return !failed_;
    }

  private:
    std::string* memory_ = nullptr;
    int fd_ = -1;
    std::uint64_t base_ = 0, size_ = 0; // a file's bytes from base_ on are in tail_
    std::string tail_;
    bool failed_ = false;
};

// Writes `t` into every local and central header of `zip`. libzip (1.7.3) converts every time
// through the local time zone (mktime, localtime), so a time in a daylight saving gap moves by
// an hour in some zones; the fields are set here instead, from UTC, the same in every zone.
// False when the archive is not laid out as libzip writes it (no comment; zip64 when large).
bool stamp_dos_time(ZipBytes& zip, DosTime t) {
    constexpr std::size_t eocd = 22, locator = 20;
    if (zip.size() < eocd || zip.read_le(zip.size() - eocd, 4) != 0x06054b50) return false;
    std::uint64_t count = zip.read_le(zip.size() - eocd + 10, 2);
    std::uint64_t at = zip.read_le(zip.size() - eocd + 16, 4);
    if (count == 0xffff || at == 0xffffffff) { // zip64: the end record is found by its locator
        if (zip.size() < eocd + locator ||
            zip.read_le(zip.size() - eocd - locator, 4) != 0x07064b50)
            return false;
        const std::uint64_t end64 = zip.read_le(zip.size() - eocd - locator + 8, 8);
        if (end64 + 56 > zip.size() || zip.read_le(end64, 4) != 0x06064b50) return false;
        count = zip.read_le(end64 + 32, 8);
        at = zip.read_le(end64 + 48, 8);
    }
    zip.keep_from(std::min(at, zip.size()));
    for (std::uint64_t i = 0; i < count; ++i) {
        if (at + 46 > zip.size() || zip.read_le(at, 4) != 0x02014b50) return false;
        std::uint64_t local = zip.read_le(at + 42, 4);
        const std::uint64_t name = zip.read_le(at + 28, 2), extra = zip.read_le(at + 30, 2);
        if (local == 0xffffffff) { // in the zip64 extra field, after the two sizes that are there
            std::uint64_t field = at + 46 + name + 4;
            if (zip.read_le(at + 24, 4) == 0xffffffff) field += 8;
            if (zip.read_le(at + 20, 4) == 0xffffffff) field += 8;
            if (extra < 12 || field + 8 > zip.size() || zip.read_le(at + 46 + name, 2) != 0x0001)
                return false;
            local = zip.read_le(field, 8);
        }
        if (local + 30 > zip.size() || zip.read_le(local, 4) != 0x04034b50) return false;
        zip.write_le16(at + 12, t.time);
        zip.write_le16(at + 14, t.date);
        zip.write_le16(local + 10, t.time);
        zip.write_le16(local + 12, t.date);
        at += 46 + name + extra + zip.read_le(at + 32, 2);
    }
    return zip.flush();
}

std::string zip_message(zip_error_t* error) {
    const char* s = zip_error_strerror(error);
    return s ? s : "unknown libzip error";
}

// The reason a name cannot be an entry, or "" when it can.
std::string refuse_reason(const std::string& name) {
    if (name.empty()) return "an empty entry name";
    if (name.find('\0') != std::string::npos) return "an entry name with a NUL byte";
    if (name.find('\\') != std::string::npos) return "an entry name with a backslash";
    if (std::any_of(name.begin(), name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return "an entry name with a control character (a line break cannot be listed in a "
               "manifest)";
    if (name.front() == '/') return "an absolute entry name";
    if (name == ".." || name.starts_with("../") || name.find("/../") != std::string::npos ||
        name.ends_with("/.."))
        return "an entry name that climbs out with \"..\"";
    if (!safe_relative_path(name)) return "an entry name that is not a normalised relative path";
    return {};
}

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};

} // namespace

std::optional<std::int64_t> source_date_epoch(std::string_view value) {
    std::int64_t t = 0;
    const char* end = value.data() + value.size();
    const auto [stop, error] = std::from_chars(value.data(), end, t);
    if (value.empty() || value.front() == '-' || error != std::errc() || stop != end)
        return std::nullopt;
    return t;
}

std::int64_t archive_time(std::string_view fallback_date) {
    std::int64_t t = dos_min;
    const char* env = std::getenv("SOURCE_DATE_EPOCH");
    if (const auto epoch = env && *env ? source_date_epoch(env) : std::nullopt) {
        t = *epoch;
    } else if (const auto date = parse_iso_date(fallback_date)) {
        t = unix_time(std::chrono::sys_days(*date));
    }
    // A DOS time has two-second steps: round down so what is read back is what was meant.
    return std::clamp(t, dos_min, dos_max) / 2 * 2;
}

std::string archive_date(std::int64_t time) {
    using namespace std::chrono;
    return iso_date(year_month_day(floor<days>(sys_seconds(seconds(time)))));
}

std::string human_size(std::uint64_t bytes, std::string_view decimal_mark) {
    if (bytes < 1000) return std::to_string(bytes) + " B";
    if (bytes < 1000 * 1000) return std::to_string((bytes + 500) / 1000) + " kB";
    const std::uint64_t tenths = (bytes + 50000) / 100000; // 0.1 MB steps
    if (tenths >= 100) return std::to_string((tenths + 5) / 10) + " MB";
    return std::to_string(tenths / 10) + std::string(decimal_mark) + std::to_string(tenths % 10) +
           " MB";
}

namespace {

// Sorts the entries by name.
void sort_entries(std::vector<ArchiveEntry>& entries) {
    std::sort(entries.begin(), entries.end(),
              [](const ArchiveEntry& a, const ArchiveEntry& b) { return a.path < b.path; });
}

// False, with an error for each, when a name of `entries` (sorted by name) is unsafe, repeated,
// or a file's name is another entry's directory.
bool check_entry_names(const std::vector<ArchiveEntry>& entries, const std::string& archive,
                       Diagnostics& diags) {
    bool ok = true;
    for (const auto& e : entries) {
        if (const std::string why = refuse_reason(e.path); !why.empty()) {
            diags.error(archive, 0, 0, "refusing " + why + " (\"" + e.path + "\")");
            ok = false;
        }
    }
    for (std::size_t i = 1; i < entries.size(); ++i) {
        if (entries[i].path == entries[i - 1].path) {
            diags.error(archive, 0, 0,
                        "refusing a duplicate entry name (\"" + entries[i].path + "\")");
            ok = false;
        }
    }
    // A file and a directory of the same name cannot both be unpacked.
    std::set<std::string> names;
    for (const auto& e : entries)
        names.insert(e.path);
    for (const auto& e : entries) {
        for (auto slash = e.path.find('/'); slash != std::string::npos;
             slash = e.path.find('/', slash + 1)) {
            if (names.contains(e.path.substr(0, slash))) {
                diags.error(archive, 0, 0,
                            "refusing \"" + e.path + "\": \"" + e.path.substr(0, slash) +
                                "\" is a file");
                ok = false;
                break;
            }
        }
    }
    return ok;
}

// zip_open_from_source(), made safe to call from several threads at once. libzip 1.7.3 (Debian
// 12) fills two function-level statics on its first call without a lock; a thread that sees the
// first filled and not yet the second takes a writable source for a read-only one and fails with
// "Read-only archive" (seen once in CI, writing the offline zip). The first call is made here,
// once, under C++'s thread-safe initialisation of a local static, before any other.
zip_t* open_source(zip_source_t* source, int flags, zip_error_t* error) {
    static const bool initialised = [] {
        zip_error_t e;
        zip_error_init(&e);
        zip_source_t* empty = zip_source_buffer_create(nullptr, 0, 0, &e);
        zip_t* zip = empty ? zip_open_from_source(empty, ZIP_TRUNCATE, &e) : nullptr;
        if (zip)
            zip_discard(zip);
        else if (empty)
            zip_source_free(empty);
        zip_error_fini(&e);
        return true;
    }();
    (void)initialised;
    return zip_open_from_source(source, flags, error);
}

// The bytes libzip wrote into `buffer`, which is freed.
std::optional<std::string> read_back(zip_source_t* buffer, const std::string& archive,
                                     Diagnostics& diags) {
    std::string bytes;
    zip_stat_t st;
    if (zip_source_open(buffer) < 0 || zip_source_stat(buffer, &st) < 0) {
        diags.error(archive, 0, 0, "cannot read the zip back from memory");
        zip_source_free(buffer);
        return std::nullopt;
    }
    bytes.resize(st.size);
    const zip_int64_t n = zip_source_read(buffer, bytes.data(), st.size);
    zip_source_close(buffer);
    zip_source_free(buffer);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
        diags.error(archive, 0, 0, "cannot read the zip back from memory");
        return std::nullopt;
    }
    return bytes;
}

// Adds entries to an archive being written; returns what failed ("cannot add ...") or "".
using AddEntries = std::function<std::string(zip_t*)>;

// Closes `zip`, a new archive, once `add` has added its entries: libzip writes it then. False,
// with an error naming `archive`, when libzip fails (the archive is discarded).
bool close_with(std::unique_ptr<zip_t, ZipCloser> zip, const AddEntries& add,
                const std::string& archive, Diagnostics& diags) {
    std::string what = add(zip.get());
    // zip_close() reads the entries' sources and writes the archive.
    if (what.empty() && zip_close(zip.get()) == 0) {
        zip.release();
        return true;
    }
    if (what.empty()) what = "cannot write the zip";
    diags.error(archive, 0, 0, what + ": " + zip_strerror(zip.get()));
    return false;
}

// A zip written in memory with what `add` adds, or nullopt with an error naming `archive`.
std::optional<std::string> zip_in_memory(const AddEntries& add, const std::string& archive,
                                         Diagnostics& diags) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_t* zip = buffer ? open_source(buffer, ZIP_TRUNCATE, &error) : nullptr;
    if (!zip) {
        diags.error(archive, 0, 0, "cannot create a zip in memory: " + zip_message(&error));
        if (buffer) zip_source_free(buffer);
        zip_error_fini(&error);
        return std::nullopt;
    }
    zip_error_fini(&error);
    zip_source_keep(buffer); // keep the bytes after zip_close()
    if (!close_with(std::unique_ptr<zip_t, ZipCloser>(zip), add, archive, diags)) {
        zip_source_free(buffer);
        return std::nullopt;
    }
    return read_back(buffer, archive, diags);
}

// A zip written to `file` with what `add` adds (libzip writes a temporary file beside it and
// renames it), or false with an error naming `archive`.
bool zip_to_file(const AddEntries& add, const fs::path& file, const std::string& archive,
                 Diagnostics& diags) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_file_create(file.c_str(), 0, -1, &error);
    zip_t* zip = source ? open_source(source, ZIP_CREATE | ZIP_TRUNCATE, &error) : nullptr;
    if (!zip) {
        diags.error(archive, 0, 0,
                    "cannot create the zip " + file.string() + ": " + zip_message(&error));
        if (source) zip_source_free(source);
        zip_error_fini(&error);
        return false;
    }
    zip_error_fini(&error);
    return close_with(std::unique_ptr<zip_t, ZipCloser>(zip), add, archive, diags);
}

// A zip file opened read-only, or null (a missing file, not a zip, one that fails `flags`) with
// libzip's reason in `why` when one is given.
std::unique_ptr<zip_t, ZipCloser> open_file(const fs::path& file, int flags = 0,
                                            std::string* why = nullptr) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_file_create(file.c_str(), 0, -1, &error);
    zip_t* zip = source ? open_source(source, ZIP_RDONLY | flags, &error) : nullptr;
    if (source && !zip) zip_source_free(source);
    if (!zip && why) *why = zip_message(&error);
    zip_error_fini(&error);
    return std::unique_ptr<zip_t, ZipCloser>(zip);
}

// A zip in memory opened read-only (`bytes` must outlive it), or null with libzip's reason in
// `why` when one is given.
std::unique_ptr<zip_t, ZipCloser> open_in_memory(const std::string& bytes, int flags = 0,
                                                 std::string* why = nullptr) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* zip = source ? open_source(source, ZIP_RDONLY | flags, &error) : nullptr;
    if (source && !zip) zip_source_free(source);
    if (!zip && why) *why = zip_message(&error);
    zip_error_fini(&error);
    return std::unique_ptr<zip_t, ZipCloser>(zip);
}

// A zip file to read: one of up to 32 MiB (a pack) read into memory once (libzip reading a file
// itself seeks and stats it for every entry read), a larger one (the offline zip) read by libzip
// from the file, so memory does not hold it.
class ZipFile {
  public:
    explicit ZipFile(const fs::path& file) : file_(file) {
        std::error_code ec;
        if (fs::file_size(file, ec) > std::uintmax_t(32) << 20 && !ec) return;
        bytes_ = read_file(file);
        small_ = true;
    }
    // A read-only handle (several may be open at once), or null with libzip's reason in `why`.
    std::unique_ptr<zip_t, ZipCloser> open(int flags = 0, std::string* why = nullptr) const {
        if (!small_) return open_file(file_, flags, why);
        if (!bytes_ && why) *why = "cannot read the file";
        return bytes_ ? open_in_memory(*bytes_, flags, why) : nullptr;
    }

  private:
    fs::path file_;
    bool small_ = false;
    std::optional<std::string> bytes_; // a small zip's
};

// The deflate level of every entry (docs/architecture.md, "Archives", has the measurements).
constexpr int deflate_level = 1;

// The general purpose bits 1, 2, 4 and 5 a zip's directory gives an entry libzip copies, as
// libzip writes them for an entry deflated at `level` (APPNOTE 4.4.4: 01 for 8 and 9, 10 for 1
// and 2, else 00; no enhanced deflating, no patched data).
constexpr zip_uint16_t copied_flags_mask = 0x0036;
constexpr zip_uint16_t level_flags(int level) {
    return level < 3 ? 0x0004 : level > 7 ? 0x0002 : 0;
}

// The CRC-32 of `bytes`.
std::uint32_t crc32_of(std::string_view bytes) {
    return static_cast<std::uint32_t>(libdeflate_crc32(0, bytes.data(), bytes.size()));
}

// `content` (of CRC-32 `crc`) deflated at deflate_level by libdeflate, with one compressor per
// thread (the build's threads are kept, so each makes its compressor once).
DeflatedBytes deflate(std::string_view content, std::uint32_t crc) {
    struct Free {
        void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
    };
    thread_local const std::unique_ptr<libdeflate_compressor, Free> compressor(
        libdeflate_alloc_compressor(deflate_level));
    if (!compressor) throw std::bad_alloc();
    // Into a buffer of the thread's, then copied: the bound is about the bytes' own size, and a
    // string cut down keeps its room (the batch and the cache would hold four times the bytes).
    thread_local std::string buffer;
    buffer.resize(libdeflate_deflate_compress_bound(compressor.get(), content.size()));
    const std::size_t n = libdeflate_deflate_compress(compressor.get(), content.data(),
                                                      content.size(), buffer.data(), buffer.size());
    DeflatedBytes d{buffer.substr(0, n), crc, content.size()};
    if (buffer.capacity() > (std::size_t(1) << 20)) std::string().swap(buffer); // a large file's
    return d;
}

// The bytes of entry `index` (`st`) as the zip holds them (compressed); nullopt when they
// cannot be read or are not as many as the directory says.
std::optional<std::string> raw_bytes(zip_t* zip, zip_uint64_t index, const zip_stat_t& st) {
    zip_file_t* f = zip_fopen_index(zip, index, ZIP_FL_COMPRESSED);
    if (!f) return std::nullopt;
    std::string raw(st.comp_size, '\0');
    char extra;
    const zip_int64_t got = zip_fread(f, raw.data(), raw.size());
    const bool whole =
        got >= 0 && zip_uint64_t(got) == st.comp_size && zip_fread(f, &extra, 1) == 0;
    zip_fclose(f);
    return whole ? std::optional(std::move(raw)) : std::nullopt;
}

// `raw`, deflated bytes, inflated into `data` by libdeflate (one decompressor per thread),
// checked against what a zip's directory says of them: exactly `size` bytes, from all of `raw`,
// with CRC-32 `crc`. "" or what is wrong.
std::string inflate_checked(std::string_view raw, std::uint64_t size, std::uint32_t crc,
                            std::string& data) {
    struct Free {
        void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
    };
    thread_local const std::unique_ptr<libdeflate_decompressor, Free> decompressor(
        libdeflate_alloc_decompressor());
    if (!decompressor) throw std::bad_alloc();
    data.resize(size);
    std::size_t used = 0;
    const libdeflate_result r = libdeflate_deflate_decompress_ex(
        decompressor.get(), raw.data(), raw.size(), data.data(), data.size(), &used, nullptr);
    if (r == LIBDEFLATE_BAD_DATA) return "its deflated data is corrupt";
    if (r != LIBDEFLATE_SUCCESS) return "size differs from the directory";
    if (used != raw.size()) return "bytes follow its deflated data";
    if (crc32_of(data) != crc) return "CRC-32 differs from the directory";
    return {};
}

// The previous zip of the same name, its directory read once; none when there is none or it is
// not a zip. Its handles are opened once, and lent to one thread at a time.
class Previous {
  public:
    std::unordered_map<std::string, zip_uint64_t> index; // entry name -> index

    explicit Previous(const fs::path& file) {
        std::error_code ec; // a FIFO or device at that path is not read
        if (!fs::is_regular_file(file, ec)) return;
        zip_.emplace(file);
        const auto zip = zip_->open(ZIP_CHECKCONS);
        const zip_int64_t count = zip ? zip_get_num_entries(zip.get(), 0) : 0;
        for (zip_int64_t i = 0; i < count; ++i)
            if (const char* name = zip_get_name(zip.get(), zip_uint64_t(i), ZIP_FL_ENC_RAW))
                index.emplace(name, zip_uint64_t(i));
        if (zip) idle_.push_back(zip_->open());
    }
    // A handle of one's own on the zip, until it is given back.
    std::unique_ptr<zip_t, ZipCloser> borrow() const {
        const std::lock_guard lock(mutex_);
        if (idle_.empty()) return zip_ ? zip_->open() : nullptr;
        auto zip = std::move(idle_.back());
        idle_.pop_back();
        return zip;
    }
    void give_back(std::unique_ptr<zip_t, ZipCloser> zip) const {
        const std::lock_guard lock(mutex_);
        if (zip) idle_.push_back(std::move(zip));
    }

  private:
    std::optional<ZipFile> zip_;
    mutable std::mutex mutex_;
    mutable std::vector<std::unique_ptr<zip_t, ZipCloser>> idle_;
};

// Entry `i` of `previous` as the zip holds it, when it holds `e`'s bytes (of CRC-32 `crc`)
// deflated as write_zip deflates them: deflated, unencrypted, with the flags of deflate_level,
// the same size and CRC-32, and the same bytes when inflated (inflate_checked checks its size
// and CRC-32 too).
std::optional<DeflatedBytes> previous_entry(zip_t* previous, zip_uint64_t i, const ArchiveEntry& e,
                                            std::uint32_t crc) {
    zip_stat_t st;
    constexpr auto needed =
        ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC | ZIP_STAT_COMP_METHOD;
    if (zip_stat_index(previous, i, 0, &st) < 0 || (st.valid & needed) != needed ||
        st.comp_method != ZIP_CM_DEFLATE || st.encryption_method != ZIP_EM_NONE ||
        st.size != e.content.size() || st.crc != crc)
        return std::nullopt;
    zip_source_t* source = zip_source_zip(previous, previous, i, ZIP_FL_COMPRESSED, 0, -1);
    zip_file_attributes_t attributes;
    const bool flags_match =
        source && zip_source_get_file_attributes(source, &attributes) == 0 &&
        (attributes.general_purpose_bit_flags & copied_flags_mask) == level_flags(deflate_level);
    if (source) zip_source_free(source);
    std::optional<std::string> raw = flags_match ? raw_bytes(previous, i, st) : std::nullopt;
    std::string data;
    if (!raw || !inflate_checked(*raw, st.size, st.crc, data).empty() || data != e.content)
        return std::nullopt;
    return DeflatedBytes{std::move(*raw), st.crc, st.size};
}

using Deflated = std::shared_ptr<const DeflatedBytes>;

// `d` when it holds `content` deflated: its size and CRC-32 are `content`'s (a cache's
// candidate), and so are its bytes, inflated. Else null.
Deflated same_bytes(Deflated d, std::string_view content) {
    std::string data;
    return d && inflate_checked(d->bytes, d->size, d->crc, data).empty() && data == content
               ? d
               : nullptr;
}

// The entries' contents, each one once: lists of the entries whose bytes are the same (found
// by size and CRC-32, then compared whole: two contents can share both).
std::vector<std::vector<std::size_t>> same_contents(const std::vector<ArchiveEntry>& entries,
                                                    const std::vector<std::uint32_t>& crcs) {
    std::vector<std::vector<std::size_t>> items;
    std::map<std::pair<std::size_t, std::uint32_t>, std::vector<std::size_t>> by_key; // -> items
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::vector<std::size_t>& candidates = by_key[{entries[i].content.size(), crcs[i]}];
        const auto same = std::find_if(candidates.begin(), candidates.end(), [&](std::size_t k) {
            return entries[items[k].front()].content == entries[i].content;
        });
        if (same != candidates.end()) {
            items[*same].push_back(i);
        } else {
            candidates.push_back(items.size());
            items.push_back({i});
        }
    }
    return items;
}

// The compressed bytes of every entry: the cache's, else the previous zip's when the entry is
// the same there, else deflated now (and given to the cache). Entries of the same bytes are one
// item; `threads` workers take items one at a time, each with its own handle on the previous
// zip. Contents are found by size and CRC-32 and then proven the same, never guessed.
std::vector<Deflated> deflate_entries(const std::vector<ArchiveEntry>& entries,
                                      const ZipOptions& options, const Previous& previous) {
    const unsigned threads = std::max(1u, options.threads);
    std::vector<std::uint32_t> crcs(entries.size());
    parallel_for(entries.size(), threads,
                 [&](std::size_t i) { crcs[i] = crc32_of(entries[i].content); });
    const std::vector<std::vector<std::size_t>> items = same_contents(entries, crcs);
    std::vector<Deflated> deflated(entries.size());
    std::atomic<std::size_t> next = 0;
    const auto workers = unsigned(std::clamp<std::size_t>(items.size(), 1, threads));
    parallel_for(workers, workers, [&](std::size_t) {
        std::unique_ptr<zip_t, ZipCloser> old; // opened when an entry is looked for in it
        for (std::size_t item; (item = next++) < items.size();) {
            const std::vector<std::size_t>& same = items[item];
            const ArchiveEntry& first = entries[same.front()];
            const std::uint32_t crc = crcs[same.front()];
            Deflated d = options.cache ? same_bytes(options.cache->find(first.content.size(), crc),
                                                    first.content)
                                       : nullptr;
            for (std::size_t i : same) {
                const auto at = d ? previous.index.end() : previous.index.find(entries[i].path);
                if (at != previous.index.end() && !old) old = previous.borrow();
                if (at != previous.index.end() && old)
                    if (auto kept = previous_entry(old.get(), at->second, entries[i], crc)) {
                        deflated[i] = std::make_shared<const DeflatedBytes>(std::move(*kept));
                        continue;
                    }
                if (!d) {
                    d = std::make_shared<const DeflatedBytes>(deflate(first.content, crc));
                    if (options.cache) options.cache->insert(d);
                }
                deflated[i] = d;
            }
        }
        previous.give_back(std::move(old));
    });
    return deflated;
}

// The compressed bytes of entry k of a zip being written, when libzip asks for them (null,
// with the errors reported, when they cannot be made).
using DeflatedOf = std::function<Deflated(std::size_t k)>;

// A libzip source that gives libzip entry k's compressed bytes to write as they are: its stat
// says deflated, with their size and CRC-32, so libzip neither deflates nor checks them, and
// its attributes the general purpose flags libzip writes for deflate_level. It gets the bytes
// when libzip first asks for them and lets them go when libzip has read them.
class RawSource {
  public:
    static zip_source_t* make(zip_t* zip, const DeflatedOf& of, std::size_t k) {
        auto* state = new RawSource(of, k);
        zip_source_t* source = zip_source_function(zip, &RawSource::call, state);
        if (!source) delete state;
        return source;
    }

  private:
    RawSource(const DeflatedOf& of, std::size_t k) : of_(of), k_(k) { zip_error_init(&error_); }
    ~RawSource() { zip_error_fini(&error_); }

    static zip_int64_t call(void* state, void* data, zip_uint64_t length, zip_source_cmd_t cmd) {
        auto* self = static_cast<RawSource*>(state);
        if (cmd == ZIP_SOURCE_FREE) {
            delete self;
            return 0;
        }
        try {
            return self->command(data, length, cmd);
        } catch (const std::exception&) { // must not unwind through libzip
            zip_error_set(&self->error_, ZIP_ER_MEMORY, 0);
            return -1;
        }
    }

    bool fetch() {
        if (!bytes_) bytes_ = of_(k_);
        if (bytes_) stat_ = {bytes_->crc, bytes_->size, bytes_->bytes.size()};
        return bytes_ != nullptr;
    }

    zip_int64_t command(void* data, zip_uint64_t length, zip_source_cmd_t cmd) {
        switch (cmd) {
        case ZIP_SOURCE_SUPPORTS:
            return zip_source_make_command_bitmap(
                ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_GET_FILE_ATTRIBUTES, -1);
        case ZIP_SOURCE_OPEN:
            at_ = 0;
            if (fetch()) return 0;
            zip_error_set(&error_, ZIP_ER_READ, 0);
            return -1;
        case ZIP_SOURCE_READ: {
            const std::size_t n = std::min<std::size_t>(length, bytes_->bytes.size() - at_);
            std::memcpy(data, bytes_->bytes.data() + at_, n);
            at_ += n;
            return zip_int64_t(n);
        }
        case ZIP_SOURCE_CLOSE:
            bytes_.reset(); // what the stat says stays
            return 0;
        case ZIP_SOURCE_STAT: {
            auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, length, &error_);
            if (!st) return -1;
            if (!stat_ && !fetch()) {
                zip_error_set(&error_, ZIP_ER_READ, 0);
                return -1;
            }
            st->valid |= ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
                         ZIP_STAT_ENCRYPTION_METHOD;
            st->size = stat_->size;
            st->comp_size = stat_->comp_size;
            st->crc = stat_->crc;
            st->comp_method = ZIP_CM_DEFLATE;
            st->encryption_method = ZIP_EM_NONE;
            return sizeof(zip_stat_t);
        }
        case ZIP_SOURCE_GET_FILE_ATTRIBUTES: {
            auto* a = ZIP_SOURCE_GET_ARGS(zip_file_attributes_t, data, length, &error_);
            if (!a) return -1;
            a->valid |= ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS;
            a->general_purpose_bit_flags = level_flags(deflate_level);
            a->general_purpose_bit_mask = copied_flags_mask;
            return 0;
        }
        case ZIP_SOURCE_ERROR:
            return zip_error_to_data(&error_, data, length);
        default:
            zip_error_set(&error_, ZIP_ER_OPNOTSUPP, 0);
            return -1;
        }
    }

    struct Stat {
        std::uint32_t crc;
        std::uint64_t size, comp_size;
    };
    const DeflatedOf& of_;
    std::size_t k_;
    Deflated bytes_;
    std::optional<Stat> stat_;
    std::size_t at_ = 0;
    zip_error_t error_;
};

// Adds `entries` to a zip, entry k's compressed bytes those `of(k)` gives when libzip writes
// them, with the entry's mode and no extra fields.
AddEntries add_deflated(const std::vector<ArchiveEntry>& entries, const DeflatedOf& of) {
    return [&entries, &of](zip_t* zip) -> std::string {
        for (std::size_t k = 0; k < entries.size(); ++k) {
            const ArchiveEntry& e = entries[k];
            zip_source_t* data = RawSource::make(zip, of, k);
            const zip_int64_t index =
                data ? zip_file_add(zip, e.path.c_str(), data, ZIP_FL_ENC_UTF_8) : -1;
            if (index < 0) {
                if (data) zip_source_free(data);
                return "cannot add \"" + e.path + "\"";
            }
            const auto i = static_cast<zip_uint64_t>(index);
            const zip_uint32_t mode = (e.executable ? 0100755u : 0100644u) << 16;
            if (zip_file_set_external_attributes(zip, i, 0, ZIP_OPSYS_UNIX, mode) < 0 ||
                zip_file_extra_field_delete(zip, i, ZIP_EXTRA_FIELD_ALL,
                                            ZIP_FL_CENTRAL | ZIP_FL_LOCAL) < 0)
                return "cannot set the attributes of \"" + e.path + "\"";
        }
        return {};
    };
}

// Sets the time of every entry of the zip `file` (see stamp_dos_time); false, with an error
// naming `archive`, when it cannot.
bool stamp_file(const fs::path& file, std::int64_t time, const std::string& archive,
                Diagnostics& diags) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
    struct stat st;
    bool ok = fd >= 0 && ::fstat(fd, &st) == 0;
    if (ok) {
        ZipBytes bytes(fd, std::uint64_t(st.st_size));
        ok = stamp_dos_time(bytes, dos_time(time));
    }
    if (fd >= 0 && ::close(fd) != 0) ok = false;
    if (!ok)
        diags.error(archive, 0, 0,
                    "cannot set the entries' time: the zip is not laid out as expected");
    return ok;
}

// The batches of a streamed zip (the sorted `names`, entry k made by content(order[k])): when
// libzip asks for an entry past the batch in memory, the entries from it on are made (several
// at once) until they reach options.batch_bytes, and deflated (or found in the cache or the
// previous zip); the batch before is dropped. libzip writes the entries in order, so each
// batch is made once. Memory: one batch's bytes and their compressed bytes.
class Batches {
  public:
    Batches(const std::vector<ArchiveEntry>& names, const std::vector<std::size_t>& order,
            const EntryContent& content, const Previous& previous, const ZipOptions& options)
        : names_(names), order_(order), content_(content), previous_(previous), options_(options) {}

    Deflated operator()(std::size_t k) {
        if (k < first_ || k - first_ >= deflated_.size()) load(k);
        return k - first_ < deflated_.size() ? deflated_[k - first_] : nullptr;
    }

  private:
    void load(std::size_t first) {
        deflated_.clear();
        first_ = first;
        const unsigned threads = std::max(1u, options_.threads);
        std::vector<ArchiveEntry> batch;
        std::atomic<bool> failed = false;
        for (std::size_t bytes = 0; first + batch.size() < names_.size() && !failed &&
                                    (batch.empty() || bytes < options_.batch_bytes);) {
            const std::size_t from = batch.size();
            batch.resize(std::min(names_.size() - first, from + threads * std::size_t(8)));
            parallel_for(batch.size() - from, threads, [&](std::size_t i) {
                const ArchiveEntry& e = names_[first + from + i];
                auto made = content_(order_[first + from + i]);
                if (!made) failed = true;
                batch[from + i] = {e.path, made ? std::move(*made) : std::string(), e.executable};
            });
            for (std::size_t i = from; i < batch.size(); ++i)
                bytes += batch[i].content.size();
        }
        if (!failed) deflated_ = deflate_entries(batch, options_, previous_);
    }

    const std::vector<ArchiveEntry>& names_;
    const std::vector<std::size_t>& order_;
    const EntryContent& content_;
    const Previous& previous_;
    const ZipOptions& options_;
    std::size_t first_ = 0;
    std::vector<Deflated> deflated_; // of the entries from first_ on
};

} // namespace

std::optional<std::string> write_zip(std::vector<ArchiveEntry> entries, std::int64_t time,
                                     const std::string& archive, Diagnostics& diags,
                                     const ZipOptions& options) {
    sort_entries(entries);
    if (!check_entry_names(entries, archive, diags)) return std::nullopt;
    const Previous previous(options.previous);
    const std::vector<Deflated> deflated = deflate_entries(entries, options, previous);
    const DeflatedOf of = [&](std::size_t k) { return deflated[k]; };
    auto bytes = zip_in_memory(add_deflated(entries, of), archive, diags);
    if (!bytes) return std::nullopt;
    if (ZipBytes zip(*bytes); !stamp_dos_time(zip, dos_time(time))) {
        diags.error(archive, 0, 0,
                    "cannot set the entries' time: the zip is not laid out as expected");
        return std::nullopt;
    }
    return bytes;
}

bool write_zip_file(std::vector<ArchiveEntry> names, const EntryContent& content, std::int64_t time,
                    const fs::path& file, const std::string& archive, Diagnostics& diags,
                    const ZipOptions& options) {
    std::vector<std::size_t> order(names.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return names[a].path < names[b].path; });
    std::vector<ArchiveEntry> sorted(names.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        sorted[i] = std::move(names[order[i]]);
    std::vector<ArchiveEntry>().swap(names); // moved from: 17 MB at 100,000 pages
    if (!check_entry_names(sorted, archive, diags)) return false;
    const Previous previous(options.previous);
    Batches batches(sorted, order, content, previous, options);
    const DeflatedOf of = [&](std::size_t k) { return batches(k); };
    return zip_to_file(add_deflated(sorted, of), file, archive, diags) &&
           stamp_file(file, time, archive, diags);
}

namespace {

// The directories that hold a bag (a bagit.txt), "" for the zip's root, each ending in '/'.
std::set<std::string, std::less<>> bag_roots(zip_t* zip) {
    std::set<std::string, std::less<>> roots;
    const zip_int64_t count = zip_get_num_entries(zip, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* name = zip_get_name(zip, zip_uint64_t(i), 0);
        const std::string_view path = name ? name : "";
        if (path == "bagit.txt" || path.ends_with("/bagit.txt"))
            roots.emplace(path.substr(0, path.size() - std::string_view("bagit.txt").size()));
    }
    return roots;
}

// Whether `path` lies in one of the bags `roots`.
bool in_bag(std::string_view path, const std::set<std::string, std::less<>>& roots) {
    if (roots.contains(std::string_view())) return true;
    for (auto slash = path.find('/'); slash != std::string_view::npos;
         slash = path.find('/', slash + 1))
        if (roots.contains(path.substr(0, slash + 1))) return true;
    return false;
}

// Reads entry `index` (`st`) into `data` and checks its size and CRC-32: a deflated one is read
// raw and inflated by libdeflate (inflate_checked, a fraction of zlib's time), any other read
// to its end by libzip, which checks its CRC-32 then. "" or what is wrong.
std::string read_entry(zip_t* zip, zip_uint64_t index, const zip_stat_t& st, std::string& data) {
    constexpr auto raw_read = ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC | ZIP_STAT_COMP_METHOD;
    if ((st.valid & raw_read) == raw_read && st.comp_method == ZIP_CM_DEFLATE &&
        st.encryption_method == ZIP_EM_NONE) {
        const auto raw = raw_bytes(zip, index, st);
        return raw ? inflate_checked(*raw, st.size, st.crc, data) : "its data cannot be read";
    }
    zip_file_t* f = zip_fopen_index(zip, index, 0);
    data.assign(st.size, '\0');
    // libzip checks the CRC-32 when the entry has been read to its end: read one byte past it.
    const zip_int64_t got = f ? zip_fread(f, data.data(), st.size) : -1;
    char extra;
    const zip_int64_t more = got >= 0 ? zip_fread(f, &extra, 1) : -1;
    std::string problem;
    if (!f)
        problem = zip_strerror(zip);
    else if (got < 0 || more < 0)
        problem = zip_file_strerror(f);
    else if (static_cast<zip_uint64_t>(got) != st.size || more != 0)
        problem = "size differs from the directory";
    if (f && zip_fclose(f) != 0 && problem.empty()) problem = "CRC or read error at the end";
    return problem;
}

} // namespace

bool verify_zip(const std::filesystem::path& file, Diagnostics& diags) {
    const std::string name = file.string();
    std::string why;
    const ZipFile source(file);
    const auto zip = source.open(ZIP_CHECKCONS, &why);
    if (!zip) {
        diags.error(name, 0, 0, "the zip written cannot be reopened: " + why);
        return false;
    }
    bool ok = true;
    // One entry's bytes at a time; of the entries of a bag, what verify_bags reads.
    const auto roots = bag_roots(zip.get());
    std::map<std::string, BagEntry> bagged;
    std::string data;
    const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const auto index = static_cast<zip_uint64_t>(i);
        zip_stat_t st;
        if (zip_stat_index(zip.get(), index, 0, &st) < 0 || !(st.valid & ZIP_STAT_NAME) ||
            !(st.valid & ZIP_STAT_SIZE)) {
            diags.error(name, 0, 0,
                        "entry " + std::to_string(i) +
                            " cannot be read: " + zip_strerror(zip.get()));
            ok = false;
            continue;
        }
        const std::string entry = st.name;
        if (const std::string why = refuse_reason(entry); !why.empty()) {
            diags.error(name, 0, 0, "the zip holds " + why + " (\"" + entry + "\")");
            ok = false;
            continue;
        }
        if (const std::string problem = read_entry(zip.get(), index, st, data); !problem.empty()) {
            diags.error(name, 0, 0, "entry \"" + entry + "\" fails its check: " + problem);
            ok = false;
            continue;
        }
        if (in_bag(entry, roots))
            bagged.emplace(entry, BagEntry{st.size, sha256_hex(data),
                                           is_tag_file(entry) ? data : std::string()});
    }
    return verify_bags(bagged, name, diags) && ok;
}

} // namespace docket
