// The zip writer and checker, over libzip. Determinism is the point: a build from the same
// sources and SOURCE_DATE_EPOCH writes the same bytes, so archives can be compared and cached.
#include "docket/archive.h"
#include "docket/date.h"
#include "docket/output.h"

#include "bag.h"

#include <zip.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

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

} // namespace

std::optional<std::string> write_zip(std::vector<ArchiveEntry> entries, std::int64_t time,
                                     const std::string& archive, Diagnostics& diags) {
    if (!check_entry_names(entries, archive, diags)) return std::nullopt;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) {
        diags.error(archive, 0, 0, "cannot create a zip in memory: " + zip_message(&error));
        zip_error_fini(&error);
        return std::nullopt;
    }
    std::unique_ptr<zip_t, ZipCloser> zip(zip_open_from_source(buffer, ZIP_TRUNCATE, &error));
    if (!zip) {
        diags.error(archive, 0, 0, "cannot create a zip in memory: " + zip_message(&error));
        zip_source_free(buffer);
        zip_error_fini(&error);
        return std::nullopt;
    }
    zip_source_keep(buffer); // keep the bytes after zip_close()
    auto fail = [&](const std::string& what) {
        diags.error(archive, 0, 0, what + ": " + zip_strerror(zip.get()));
        zip_source_free(buffer);
        return std::nullopt;
    };
    for (const auto& e : entries) {
        zip_source_t* data = zip_source_buffer(zip.get(), e.content.data(), e.content.size(), 0);
        if (!data) return fail("cannot add \"" + e.path + "\"");
        const zip_int64_t index = zip_file_add(zip.get(), e.path.c_str(), data, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(data);
            return fail("cannot add \"" + e.path + "\"");
        }
        const auto i = static_cast<zip_uint64_t>(index);
        const zip_uint32_t mode = (e.executable ? 0100755u : 0100644u) << 16;
        if (zip_set_file_compression(zip.get(), i, ZIP_CM_DEFLATE, 9) < 0 ||
            zip_file_set_external_attributes(zip.get(), i, 0, ZIP_OPSYS_UNIX, mode) < 0 ||
            zip_file_extra_field_delete(zip.get(), i, ZIP_EXTRA_FIELD_ALL,
                                        ZIP_FL_CENTRAL | ZIP_FL_LOCAL) < 0)
            return fail("cannot set the attributes of \"" + e.path + "\"");
    }
    // zip_close() writes the archive into `buffer` (the data sources still point into `entries`).
    if (zip_close(zip.get()) < 0) return fail("cannot write the zip");
    zip.release();

    zip_error_fini(&error);
    auto bytes = read_back(buffer, archive, diags);
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
    int code = 0;
    std::unique_ptr<zip_t, ZipCloser> zip(
        zip_open(name.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (!zip) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        diags.error(name, 0, 0, "the zip written cannot be reopened: " + zip_message(&error));
        zip_error_fini(&error);
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
