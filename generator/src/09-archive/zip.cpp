// The zip writer and checker, over libzip. Determinism is the point: a build from the same
// sources and SOURCE_DATE_EPOCH writes the same bytes, so archives can be compared and cached.
#include "docket/archive.h"
#include "docket/date.h"
#include "docket/files.h"
#include "docket/output.h"
#include "docket/parallel.h"

#include "bag.h"

#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
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

// Little-endian fields of a zip's records (APPNOTE.TXT 4.3).
std::uint64_t read_le(const std::string& b, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int k = bytes - 1; k >= 0; --k)
        v = v << 8 | static_cast<unsigned char>(b[at + static_cast<std::size_t>(k)]);
    return v;
}

void write_le16(std::string& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<char>(v & 0xff);
    b[at + 1] = static_cast<char>(v >> 8);
}

// Writes `t` into every local and central header of `zip`. libzip (1.7.3) converts every time
// through the local time zone (mktime, localtime), so a time in a daylight saving gap moves by
// an hour in some zones; the fields are set here instead, from UTC, the same in every zone.
// False when the archive is not laid out as libzip writes it (no comment; zip64 when large).
bool stamp_dos_time(std::string& zip, DosTime t) {
    constexpr std::size_t eocd = 22, locator = 20;
    if (zip.size() < eocd || read_le(zip, zip.size() - eocd, 4) != 0x06054b50) return false;
    std::uint64_t count = read_le(zip, zip.size() - eocd + 10, 2);
    std::uint64_t at = read_le(zip, zip.size() - eocd + 16, 4);
    if (count == 0xffff || at == 0xffffffff) { // zip64: the end record is found by its locator
        if (zip.size() < eocd + locator ||
            read_le(zip, zip.size() - eocd - locator, 4) != 0x07064b50)
            return false;
        const std::uint64_t end64 = read_le(zip, zip.size() - eocd - locator + 8, 8);
        if (end64 + 56 > zip.size() || read_le(zip, end64, 4) != 0x06064b50) return false;
        count = read_le(zip, end64 + 32, 8);
        at = read_le(zip, end64 + 48, 8);
    }
    for (std::uint64_t i = 0; i < count; ++i) {
        if (at + 46 > zip.size() || read_le(zip, at, 4) != 0x02014b50) return false;
        std::uint64_t local = read_le(zip, at + 42, 4);
        const std::uint64_t name = read_le(zip, at + 28, 2), extra = read_le(zip, at + 30, 2);
        if (local == 0xffffffff) { // in the zip64 extra field, after the two sizes that are there
            std::uint64_t field = at + 46 + name + 4;
            if (read_le(zip, at + 24, 4) == 0xffffffff) field += 8;
            if (read_le(zip, at + 20, 4) == 0xffffffff) field += 8;
            if (extra < 12 || field + 8 > zip.size() || read_le(zip, at + 46 + name, 2) != 0x0001)
                return false;
            local = read_le(zip, field, 8);
        }
        if (local + 30 > zip.size() || read_le(zip, local, 4) != 0x04034b50) return false;
        write_le16(zip, at + 12, t.time);
        write_le16(zip, at + 14, t.date);
        write_le16(zip, local + 10, t.time);
        write_le16(zip, local + 12, t.date);
        at += 46 + name + extra + read_le(zip, at + 32, 2);
    }
    return true;
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

// Sorts the entries by name; false, with an error for each, when a name is unsafe, repeated, or
// a file's name is another entry's directory.
bool check_entry_names(std::vector<ArchiveEntry>& entries, const std::string& archive,
                       Diagnostics& diags) {
    bool ok = true;
    for (const auto& e : entries) {
        if (const std::string why = refuse_reason(e.path); !why.empty()) {
            diags.error(archive, 0, 0, "refusing " + why + " (\"" + e.path + "\")");
            ok = false;
        }
    }
    std::sort(entries.begin(), entries.end(),
              [](const ArchiveEntry& a, const ArchiveEntry& b) { return a.path < b.path; });
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

// A zip written in memory with what `add` adds, or nullopt with an error naming `archive`.
std::optional<std::string> zip_in_memory(const AddEntries& add, const std::string& archive,
                                         Diagnostics& diags) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) {
        diags.error(archive, 0, 0, "cannot create a zip in memory: " + zip_message(&error));
        zip_error_fini(&error);
        return std::nullopt;
    }
    std::unique_ptr<zip_t, ZipCloser> zip(open_source(buffer, ZIP_TRUNCATE, &error));
    if (!zip) {
        diags.error(archive, 0, 0, "cannot create a zip in memory: " + zip_message(&error));
        zip_source_free(buffer);
        zip_error_fini(&error);
        return std::nullopt;
    }
    zip_error_fini(&error);
    zip_source_keep(buffer); // keep the bytes after zip_close()
    auto fail = [&](const std::string& what) {
        diags.error(archive, 0, 0, what + ": " + zip_strerror(zip.get()));
        zip_source_free(buffer);
        return std::nullopt;
    };
    if (const std::string what = add(zip.get()); !what.empty()) return fail(what);
    // zip_close() reads the entries' sources and writes the archive into `buffer`.
    if (zip_close(zip.get()) < 0) return fail("cannot write the zip");
    zip.release();
    return read_back(buffer, archive, diags);
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

// The deflate level of every entry (docs/architecture.md, "Archives", has the measurements).
constexpr int deflate_level = 6;

// The general purpose bits 1, 2, 4 and 5 libzip copies with an entry's compressed bytes, as it
// writes them for an entry it deflates at `level` (APPNOTE 4.4.4: 01 for 8 and 9, 10 for 1 and 2,
// else 00; no enhanced deflating, no patched data).
constexpr zip_uint16_t copied_flags_mask = 0x0036;
constexpr zip_uint16_t level_flags(int level) {
    return level < 3 ? 0x0004 : level > 7 ? 0x0002 : 0;
}

// `content` deflated, as the one entry of a zip in memory: what the zips are assembled from.
std::optional<std::string> deflated(const ArchiveEntry& e, const std::string& archive,
                                    Diagnostics& diags) {
    return zip_in_memory(
        [&](zip_t* zip) -> std::string {
            zip_source_t* data = zip_source_buffer(zip, e.content.data(), e.content.size(), 0);
            if (data && zip_file_add(zip, "e", data, 0) < 0) {
                zip_source_free(data);
                data = nullptr;
            }
            if (!data || zip_set_file_compression(zip, 0, ZIP_CM_DEFLATE, deflate_level) < 0)
                return "cannot deflate \"" + e.path + "\"";
            return {};
        },
        archive, diags);
}

// The previous zip of the same name, read once; empty when there is none or it is not a zip.
struct Previous {
    std::string bytes;
    std::unordered_map<std::string, zip_uint64_t> index; // entry name -> index

    explicit Previous(const fs::path& file) {
        std::error_code ec; // a FIFO or device at that path is not read
        auto read = fs::is_regular_file(file, ec) ? read_file(file) : std::nullopt;
        if (!read) return;
        bytes = std::move(*read);
        const auto zip = open_in_memory(bytes, ZIP_CHECKCONS);
        const zip_int64_t count = zip ? zip_get_num_entries(zip.get(), 0) : 0;
        for (zip_int64_t i = 0; i < count; ++i)
            if (const char* name = zip_get_name(zip.get(), zip_uint64_t(i), ZIP_FL_ENC_RAW))
                index.emplace(name, zip_uint64_t(i));
    }
};

// True when entry `i` of `previous` holds `e`'s bytes deflated as write_zip deflates them:
// deflated, unencrypted, with the flags of deflate_level, the same size and CRC-32, and the
// same bytes when inflated (read to the end, so libzip checks its CRC-32 too).
bool same_entry(zip_t* previous, zip_uint64_t i, const ArchiveEntry& e) {
    zip_stat_t st;
    constexpr auto needed = ZIP_STAT_SIZE | ZIP_STAT_CRC | ZIP_STAT_COMP_METHOD;
    if (zip_stat_index(previous, i, 0, &st) < 0 || (st.valid & needed) != needed ||
        st.comp_method != ZIP_CM_DEFLATE || st.encryption_method != ZIP_EM_NONE ||
        st.size != e.content.size() ||
        st.crc != crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(e.content.data()),
                          e.content.size()))
        return false;
    zip_source_t* raw = zip_source_zip(previous, previous, i, ZIP_FL_COMPRESSED, 0, -1);
    zip_file_attributes_t attributes;
    const bool flags_match =
        raw && zip_source_get_file_attributes(raw, &attributes) == 0 &&
        (attributes.general_purpose_bit_flags & copied_flags_mask) == level_flags(deflate_level);
    if (raw) zip_source_free(raw);
    zip_file_t* f = flags_match ? zip_fopen_index(previous, i, 0) : nullptr;
    if (!f) return false;
    char chunk[1 << 16];
    std::size_t at = 0;
    zip_int64_t n = 0;
    while ((n = zip_fread(f, chunk, sizeof chunk)) > 0 && at + std::size_t(n) <= st.size &&
           e.content.compare(at, std::size_t(n), chunk, std::size_t(n)) == 0)
        at += std::size_t(n);
    return zip_fclose(f) == 0 && n == 0 && at == st.size;
}
// Where an entry's compressed bytes are copied from.
struct Source {
    std::shared_ptr<const std::string> deflated; // a one-entry zip, from deflated() or the cache
    zip_uint64_t previous = 0;                   // else this entry of the previous zip
};

// The compressed bytes of every entry: the cache's, else the previous zip's when the entry is
// the same there, else deflated now (and given to the cache). Entries of the same bytes are one
// item; `threads` workers take items one at a time, each with its own handle on the previous
// zip. Nullopt, with errors, when libzip fails.
std::optional<std::vector<Source>> find_sources(const std::vector<ArchiveEntry>& entries,
                                                const ZipOptions& options, const Previous& previous,
                                                const std::string& archive, Diagnostics& diags) {
    const unsigned threads = std::max(1u, options.threads);
    std::vector<std::string> keys(entries.size());
    parallel_for(entries.size(), threads,
                 [&](std::size_t i) { keys[i] = sha256_hex(entries[i].content); });
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_key;
    for (std::size_t i = 0; i < entries.size(); ++i)
        by_key[keys[i]].push_back(i);
    std::vector<const std::vector<std::size_t>*> items;
    for (const auto& [key, same] : by_key)
        items.push_back(&same);
    std::vector<Source> sources(entries.size());
    std::atomic<std::size_t> next = 0;
    std::atomic<bool> failed = false;
    const auto workers = unsigned(std::clamp<std::size_t>(items.size(), 1, threads));
    parallel_for(workers, workers, [&](std::size_t) {
        std::unique_ptr<zip_t, ZipCloser> old; // opened when an entry is looked for in it
        for (std::size_t item; (item = next++) < items.size();) {
            const std::vector<std::size_t>& same = *items[item];
            const std::string& key = keys[same.front()];
            auto zip = options.cache ? options.cache->find(key) : nullptr;
            for (std::size_t i : same) {
                const auto at = zip ? previous.index.end() : previous.index.find(entries[i].path);
                if (at != previous.index.end() && !old) old = open_in_memory(previous.bytes);
                if (at != previous.index.end() && old &&
                    same_entry(old.get(), at->second, entries[i])) {
                    sources[i].previous = at->second;
                    continue;
                }
                if (!zip) {
                    auto bytes = deflated(entries[i], archive, diags);
                    if (!bytes) {
                        failed = true;
                        return;
                    }
                    zip = std::make_shared<const std::string>(std::move(*bytes));
                    if (options.cache) options.cache->insert(key, zip);
                }
                sources[i].deflated = zip;
            }
        }
    });
    if (failed) return std::nullopt;
    return sources;
}

// The zip of `entries`, assembled from the compressed bytes `sources` name, copied raw.
std::optional<std::string> assemble(const std::vector<ArchiveEntry>& entries,
                                    const std::vector<Source>& sources, const Previous& previous,
                                    const std::string& archive, Diagnostics& diags) {
    // The archives the bytes are copied from, open until the zip is written.
    std::map<const std::string*, std::unique_ptr<zip_t, ZipCloser>> from;
    auto archive_of = [&](const Source& s) {
        const std::string* bytes = s.deflated ? s.deflated.get() : &previous.bytes;
        auto& zip = from[bytes];
        if (!zip) zip = open_in_memory(*bytes);
        return zip.get();
    };
    return zip_in_memory(
        [&](zip_t* zip) -> std::string {
            for (std::size_t k = 0; k < entries.size(); ++k) {
                const ArchiveEntry& e = entries[k];
                zip_t* source_zip = archive_of(sources[k]);
                const zip_uint64_t at = sources[k].deflated ? 0 : sources[k].previous;
                zip_source_t* data =
                    source_zip ? zip_source_zip(zip, source_zip, at, ZIP_FL_COMPRESSED, 0, -1)
                               : nullptr;
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
        },
        archive, diags);
}

} // namespace

std::optional<std::string> write_zip(std::vector<ArchiveEntry> entries, std::int64_t time,
                                     const std::string& archive, Diagnostics& diags,
                                     const ZipOptions& options) {
    if (!check_entry_names(entries, archive, diags)) return std::nullopt;
    const Previous previous(options.previous);
    const auto sources = find_sources(entries, options, previous, archive, diags);
    auto bytes = sources ? assemble(entries, *sources, previous, archive, diags) : std::nullopt;
    if (!bytes) return std::nullopt;
    if (!stamp_dos_time(*bytes, dos_time(time))) {
        diags.error(archive, 0, 0,
                    "cannot set the entries' time: the zip is not laid out as expected");
        return std::nullopt;
    }
    return bytes;
}

bool verify_zip(const std::filesystem::path& file, Diagnostics& diags) {
    const std::string name = file.string();
    // Read once: libzip reading the file itself seeks and stats it for every entry.
    const auto bytes = read_file(file);
    std::string why = "cannot read the file";
    const auto zip = bytes ? open_in_memory(*bytes, ZIP_CHECKCONS, &why) : nullptr;
    if (!zip) {
        diags.error(name, 0, 0, "the zip written cannot be reopened: " + why);
        return false;
    }
    bool ok = true;
    std::map<std::string, std::string> contents;
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
        zip_file_t* f = zip_fopen_index(zip.get(), index, 0);
        std::string data(st.size, '\0');
        // libzip checks the CRC-32 when the entry has been read to its end: read one byte past it.
        zip_int64_t got = f ? zip_fread(f, data.data(), st.size) : -1;
        char extra;
        const zip_int64_t more = got >= 0 ? zip_fread(f, &extra, 1) : -1;
        std::string problem;
        if (!f)
            problem = zip_strerror(zip.get());
        else if (got < 0 || more < 0)
            problem = zip_file_strerror(f);
        else if (static_cast<zip_uint64_t>(got) != st.size || more != 0)
            problem = "size differs from the directory";
        if (f && zip_fclose(f) != 0 && problem.empty()) problem = "CRC or read error at the end";
        if (!problem.empty()) {
            diags.error(name, 0, 0, "entry \"" + entry + "\" fails its check: " + problem);
            ok = false;
            continue;
        }
        contents.emplace(entry, std::move(data));
    }
    return verify_bags(contents, name, diags) && ok;
}

} // namespace docket
