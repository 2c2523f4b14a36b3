#include "docket/archive.h"

#include <doctest/doctest.h>
#include <libdeflate.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <unistd.h>
#include <unordered_map>

namespace fs = std::filesystem;

namespace {

std::string messages(const docket::Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.sorted())
        out += docket::format(d) + "\n";
    return out;
}

// A temporary file of its own, removed at the end of the test.
struct TempFile {
    static inline int count = 0;
    fs::path path =
        fs::temp_directory_path() / ("docket-archive-test-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(++count) + ".zip");
    explicit TempFile(const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }
    ~TempFile() { fs::remove(path); }
};

const std::int64_t time_2020_11_20 = 1605830400;

} // namespace

TEST_CASE("the zip writer refuses hostile entry names, each with a clear error") {
    const std::pair<std::string, const char*> hostile[] = {
        {"../x", "climbs out"},
        {"/etc/x", "absolute"},
        {"a/../../b", "climbs out"},
        {"", "empty"},
        {std::string("a\0b", 3), "NUL"},
        {"a\\b", "backslash"},
        {"..", "climbs out"},
        {"a/./b", "not a normalised"},
        {"a//b", "not a normalised"},
        {"dir/", "not a normalised"},
    };
    for (const auto& entry : hostile) {
        const std::string& name = entry.first;
        const char* why = entry.second;
        CAPTURE(name);
        docket::Diagnostics diags;
        const auto zip = docket::write_zip({{"ok.txt", "fine"}, {name, "evil"}}, time_2020_11_20,
                                           "test.zip", diags);
        CHECK_FALSE(zip.has_value());
        REQUIRE(diags.error_count() == 1);
        const std::string m = messages(diags);
        CHECK(m.find("test.zip") != std::string::npos);
        CHECK(m.find("refusing") != std::string::npos);
        CHECK(m.find(why) != std::string::npos);
    }
}

TEST_CASE("the NUL byte is shown escaped in the message") {
    docket::Diagnostics diags;
    CHECK_FALSE(
        docket::write_zip({{std::string("a\0b", 3), "x"}}, time_2020_11_20, "t.zip", diags));
    CHECK(messages(diags).find("a\\x00b") != std::string::npos);
}

TEST_CASE("duplicate names and a file that is also a directory are refused") {
    docket::Diagnostics diags;
    CHECK_FALSE(
        docket::write_zip({{"a.txt", "1"}, {"a.txt", "2"}}, time_2020_11_20, "t.zip", diags));
    CHECK(messages(diags).find("duplicate") != std::string::npos);
    docket::Diagnostics diags2;
    CHECK_FALSE(docket::write_zip({{"a", "1"}, {"a/b", "2"}}, time_2020_11_20, "t.zip", diags2));
    CHECK(messages(diags2).find("is a file") != std::string::npos);
}

TEST_CASE("the same entries give the same bytes, in any order") {
    const std::vector<docket::ArchiveEntry> entries = {
        {"b/index.html", std::string(5000, 'x') + "<p>text</p>"},
        {"a.txt", "a"},
        {"run.sh", "#!/bin/sh\n", true},
        {"tom.txt", ""}};
    auto reversed = entries;
    std::reverse(reversed.begin(), reversed.end());
    docket::Diagnostics diags;
    const auto one = docket::write_zip(entries, time_2020_11_20, "t.zip", diags);
    const auto two = docket::write_zip(reversed, time_2020_11_20, "t.zip", diags);
    REQUIRE(one);
    REQUIRE(two);
    CHECK(*one == *two);
    CHECK(one->substr(0, 4) == std::string("PK\x03\x04", 4));
    const auto later = docket::write_zip(entries, time_2020_11_20 + 86400, "t.zip", diags);
    REQUIRE(later);
    CHECK(*later != *one);
    CHECK(diags.error_count() == 0);
    // Entries are stored sorted: the first local header names a.txt.
    CHECK(one->substr(30, 5) == "a.txt");
}

TEST_CASE("a written zip verifies; a corrupted one does not") {
    docket::Diagnostics diags;
    const std::string text(20000, 'q');
    const auto zip = docket::write_zip({{"x/data.txt", text}, {"y.txt", "hello"}}, time_2020_11_20,
                                       "t.zip", diags);
    REQUIRE(zip);
    {
        TempFile f(*zip);
        CHECK(docket::verify_zip(f.path, diags));
        CHECK(diags.error_count() == 0);
    }
    // Change one byte of the stored data of the first entry: its CRC no longer matches.
    std::string bad = *zip;
    const std::size_t data_start = 30 + std::string("x/data.txt").size();
    bad[data_start + 3] = static_cast<char>(bad[data_start + 3] ^ 0x55);
    TempFile f(bad);
    docket::Diagnostics bad_diags;
    CHECK_FALSE(docket::verify_zip(f.path, bad_diags));
    CHECK(messages(bad_diags).find("x/data.txt") != std::string::npos);
}

TEST_CASE("a bag: tag files, manifests that verify, and a tampered payload that does not") {
    docket::BagInfo info;
    info.source_organization = "Upplands-Bro kommun";
    info.external_identifier = "tu-2020-11-20";
    info.external_description = "Test";
    info.bagging_date = "2020-11-20";
    info.diarienummer = {"KS 20/0600", "KS 20/0726"};
    const auto bag =
        docket::make_bag("pack", {{"index.html", "<p>hej</p>"}, {"source/a.md", "# A\n"}}, info);
    std::map<std::string, std::string> by_path;
    for (const auto& e : bag)
        by_path[e.path] = e.content;
    REQUIRE(by_path.count("pack/bagit.txt"));
    CHECK(by_path["pack/bagit.txt"] == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    CHECK(by_path["pack/bag-info.txt"].find("Payload-Oxum: 14.2\n") != std::string::npos);
    CHECK(by_path["pack/bag-info.txt"].find("Diarienummer: KS 20/0726\n") != std::string::npos);
    CHECK(by_path["pack/manifest-sha256.txt"] ==
          docket::sha256_hex("<p>hej</p>") + "  data/index.html\n" + docket::sha256_hex("# A\n") +
              "  data/source/a.md\n");
    CHECK(by_path["pack/tagmanifest-sha256.txt"].find("  manifest-sha256.txt\n") !=
          std::string::npos);

    docket::Diagnostics diags;
    const auto zip = docket::write_zip(bag, time_2020_11_20, "bag.zip", diags);
    REQUIRE(zip);
    {
        TempFile f(*zip);
        CHECK(docket::verify_zip(f.path, diags));
        CHECK(messages(diags) == "");
    }
    auto tampered = bag;
    for (auto& e : tampered)
        if (e.path == "pack/data/index.html") e.content = "<p>hej!</p>";
    const auto bad = docket::write_zip(tampered, time_2020_11_20, "bag.zip", diags);
    REQUIRE(bad);
    TempFile f(*bad);
    docket::Diagnostics bad_diags;
    CHECK_FALSE(docket::verify_zip(f.path, bad_diags));
    const std::string m = messages(bad_diags);
    CHECK(m.find("checksum of \"data/index.html\" differs") != std::string::npos);
    CHECK(m.find("Payload-Oxum") != std::string::npos);
}

TEST_CASE("sha256 of the FIPS 180-4 examples") {
    CHECK(docket::sha256_hex("") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(docket::sha256_hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(docket::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(docket::sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // Given in pieces, the same digest.
    CHECK(docket::Sha256()
              .add("abcdbcdecdefdefg")
              .add("")
              .add("efghfghighijhijkijkljklmklmnlmnomnopnopq")
              .hex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256 fields: each preceded by its length (64 bits, little-endian), so fields that "
          "join to the same bytes give different digests") {
    const std::string ab("\x02\0\0\0\0\0\0\0ab\x00\0\0\0\0\0\0\0", 18);
    CHECK(docket::Sha256().field("ab").field("").hex() == docket::sha256_hex(ab));
    CHECK(docket::Sha256().field("ab").field("").hex() !=
          docket::Sha256().field("a").field("b").hex());
}

TEST_CASE("archive time: SOURCE_DATE_EPOCH, else the date, clamped to DOS time") {
    const char* saved = std::getenv("SOURCE_DATE_EPOCH");
    const std::string keep = saved ? saved : "";
    ::unsetenv("SOURCE_DATE_EPOCH");
    CHECK(docket::archive_time("2020-11-20") == time_2020_11_20);
    CHECK(docket::archive_date(docket::archive_time("2020-11-20")) == "2020-11-20");
    CHECK(docket::archive_time("") == 315532800); // 1980-01-01
    CHECK(docket::archive_time("1970-01-01") == 315532800);
    ::setenv("SOURCE_DATE_EPOCH", "1700000001", 1);
    CHECK(docket::archive_time("2020-11-20") == 1700000000); // two-second steps
    ::setenv("SOURCE_DATE_EPOCH", "not a number", 1);
    CHECK(docket::archive_time("2020-11-20") == time_2020_11_20);
    if (saved)
        ::setenv("SOURCE_DATE_EPOCH", keep.c_str(), 1);
    else
        ::unsetenv("SOURCE_DATE_EPOCH");
}

TEST_CASE("human sizes, with the decimal mark given") {
    CHECK(docket::human_size(999, ",") == "999 B");
    CHECK(docket::human_size(412000, ",") == "412 kB");
    CHECK(docket::human_size(531999, ",") == "532 kB");
    CHECK(docket::human_size(1234567, ",") == "1,2 MB");
    CHECK(docket::human_size(12345678, ",") == "12 MB");
    CHECK(docket::human_size(1234567, ".") == "1.2 MB");
}

namespace {

// The DOS time and date fields of every local and central header, found by their signatures
// (the entries hold no bytes that look like one: their names and contents are short ASCII).
std::vector<std::pair<unsigned, unsigned>> dos_fields(const std::string& zip) {
    auto u16 = [&](std::size_t at) {
        return static_cast<unsigned>(static_cast<unsigned char>(zip[at])) |
               static_cast<unsigned>(static_cast<unsigned char>(zip[at + 1])) << 8;
    };
    std::vector<std::pair<unsigned, unsigned>> out;
    for (std::size_t i = 0; i + 16 < zip.size(); ++i) {
        if (zip.compare(i, 4, "PK\x03\x04") == 0) out.push_back({u16(i + 10), u16(i + 12)});
        if (zip.compare(i, 4, "PK\x01\x02") == 0) out.push_back({u16(i + 12), u16(i + 14)});
    }
    return out;
}

// Runs `fn` with TZ set to `zone`, then restores it.
template <class F> auto in_zone(const char* zone, F fn) {
    const char* saved = std::getenv("TZ");
    const std::string keep = saved ? saved : "";
    ::setenv("TZ", zone, 1);
    ::tzset();
    auto result = fn();
    if (saved)
        ::setenv("TZ", keep.c_str(), 1);
    else
        ::unsetenv("TZ");
    ::tzset();
    return result;
}

} // namespace

TEST_CASE("zip times are the UTC fields in every time zone, a daylight saving gap included") {
    // 2021-03-28 02:30:00 UTC: in Stockholm, 02:30 local time does not exist that night.
    const std::int64_t gap = 1616898600;
    const unsigned time = 2u << 11 | 30u << 5, date = (2021u - 1980u) << 9 | 3u << 5 | 28u;
    auto zip_in = [&](const char* zone) {
        return in_zone(zone, [&] {
            docket::Diagnostics diags;
            auto bytes = docket::write_zip({{"a.txt", "a", false}, {"b/c.txt", "c", false}}, gap,
                                           "t.zip", diags);
            return bytes.value_or("");
        });
    };
    const std::string utc = zip_in("UTC");
    REQUIRE(!utc.empty());
    const auto fields = dos_fields(utc);
    CHECK(fields.size() == 4);
    for (const auto& f : fields)
        CHECK(f == std::pair{time, date});
    CHECK(zip_in("Europe/Stockholm") == utc);
    CHECK(zip_in("America/New_York") == utc);
    CHECK(zip_in("Nowhere/Invalid") == utc);
    CHECK(zip_in("<+14>-14") == utc);
}

TEST_CASE("zip times: a zip64 archive (more than 65,535 entries) is stamped and verifies") {
    std::vector<docket::ArchiveEntry> entries;
    for (int i = 0; i < 65600; ++i)
        entries.push_back({"e/" + std::to_string(i), "", false});
    docket::Diagnostics diags;
    const auto bytes = in_zone("Europe/Stockholm", [&] {
        return docket::write_zip(entries, 1616898600, "big.zip", diags);
    });
    REQUIRE(bytes);
    CHECK(messages(diags).empty());
    const auto fields = dos_fields(*bytes);
    CHECK(fields.size() == 2 * 65600);
    CHECK(std::all_of(fields.begin(), fields.end(),
                      [&](const auto& f) { return f == fields.front(); }));
    CHECK(fields.front().first == (2u << 11 | 30u << 5));
    TempFile file(*bytes);
    CHECK(docket::verify_zip(file.path, diags));
}

TEST_CASE("SOURCE_DATE_EPOCH: digits only, within 64 bits") {
    CHECK(docket::source_date_epoch("1616898600") == 1616898600);
    CHECK(docket::source_date_epoch("0") == 0);
    CHECK(docket::source_date_epoch("99999999999") == 99999999999);
    for (const char* bad :
         {"", "abc", "-1", "1e9", " 5", "5 ", "+5", "99999999999999999999", "0x10", "1.5"})
        CHECK_MESSAGE(!docket::source_date_epoch(bad), bad);
}

namespace {

// Entries of every kind write_zip meets: repeated bytes under several names, an empty file, an
// executable, text that deflates well and bytes that do not.
std::vector<docket::ArchiveEntry> varied_entries() {
    std::vector<docket::ArchiveEntry> entries;
    std::uint32_t seed = 12345;
    std::string noise;
    for (int i = 0; i < 50000; ++i) {
        seed = seed * 1103515245u + 12345u;
        noise += static_cast<char>(seed >> 24);
    }
    for (int i = 0; i < 40; ++i) {
        const std::string page = "<p>page " + std::to_string(i) + "</p>" + std::string(3000, 'x');
        entries.push_back({"pages/" + std::to_string(i) + "/index.html", page});
        entries.push_back({"copy/" + std::to_string(i) + ".css", "body { margin: 0 }\n"});
    }
    entries.push_back({"assets/noise.bin", noise});
    entries.push_back({"empty.txt", ""});
    entries.push_back({"run.sh", "#!/bin/sh\necho hej\n", true});
    return entries;
}

// Words drawn at random from three: text that neighbouring deflate levels compress differently
// (a higher level follows more of the many earlier places each word was seen).
std::string words(std::uint32_t seed, std::size_t count) {
    static const char* const vocabulary[] = {"ja ", "nej ", "kanske "};
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        seed = seed * 1103515245u + 12345u;
        out += vocabulary[(seed >> 16) % 3];
    }
    return out;
}

// A zip of `entries` written by libzip directly, deflated at `level`: another writer's zip.
std::string zip_at_level(const std::vector<docket::ArchiveEntry>& entries, int level) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    REQUIRE(zip);
    zip_source_keep(buffer);
    for (const auto& e : entries) {
        zip_source_t* data = zip_source_buffer(zip, e.content.data(), e.content.size(), 0);
        const zip_int64_t i = zip_file_add(zip, e.path.c_str(), data, ZIP_FL_ENC_UTF_8);
        REQUIRE(i >= 0);
        REQUIRE(zip_set_file_compression(zip, zip_uint64_t(i), ZIP_CM_DEFLATE,
                                         zip_uint32_t(level)) == 0);
    }
    REQUIRE(zip_close(zip) == 0);
    zip_stat_t st;
    REQUIRE(zip_source_open(buffer) == 0);
    REQUIRE(zip_source_stat(buffer, &st) == 0);
    std::string bytes(st.size, '\0');
    REQUIRE(zip_source_read(buffer, bytes.data(), st.size) == zip_int64_t(st.size));
    zip_source_close(buffer);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return bytes;
}

// Entry `name` of `zip`: its bytes as stored (compressed), and inflated.
std::pair<std::string, std::string> entry_of(const std::string& zip, const std::string& name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    zip_error_fini(&error);
    REQUIRE(archive);
    zip_stat_t st;
    REQUIRE(zip_stat(archive, name.c_str(), 0, &st) == 0);
    std::pair<std::string, std::string> out{std::string(st.comp_size, '\0'),
                                            std::string(st.size, '\0')};
    for (auto [flags, into] : {std::pair{ZIP_FL_COMPRESSED, &out.first}, {0u, &out.second}}) {
        zip_file_t* f = zip_fopen(archive, name.c_str(), flags);
        REQUIRE(f);
        CHECK(zip_fread(f, into->data(), into->size()) == zip_int64_t(into->size()));
        CHECK(zip_fclose(f) == 0);
    }
    zip_discard(archive);
    return out;
}

} // namespace

namespace {

// A fresh directory of its own, removed with what it holds at the end of the test.
struct TempDir {
    fs::path path =
        fs::temp_directory_path() / ("docket-archive-test-dir-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(++TempFile::count));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

// The bytes write_zip_file writes of `entries`, given to it in reverse order (with empty
// contents, each made when asked for), or "" when it fails. Its directory holds the zip alone
// afterwards: nothing of libzip's temporary file is left.
std::string streamed(std::vector<docket::ArchiveEntry> entries, std::int64_t time,
                     docket::Diagnostics& diags, const docket::ZipOptions& options = {}) {
    std::reverse(entries.begin(), entries.end());
    std::vector<docket::ArchiveEntry> names = entries;
    for (auto& e : names)
        e.content.clear();
    const TempDir dir;
    const fs::path file = dir.path / "t.zip";
    const docket::EntryContent content = [&](std::size_t i) {
        return std::optional<std::string>(entries.at(i).content);
    };
    if (!docket::write_zip_file(names, content, time, file, "t.zip", diags, options)) {
        CHECK_FALSE(fs::exists(file));
        return {};
    }
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("the bytes are the same on 1, 2 and 4 threads, with and without the cache, in memory "
          "or streamed to a file in batches") {
    const auto entries = varied_entries();
    docket::Diagnostics diags;
    const auto one = docket::write_zip(entries, time_2020_11_20, "t.zip", diags);
    REQUIRE(one);
    docket::ZipCache cache;
    for (unsigned threads : {1u, 2u, 4u}) {
        CAPTURE(threads);
        CHECK(docket::write_zip(entries, time_2020_11_20, "t.zip", diags, {threads, nullptr, {}}) ==
              one);
        // The first use fills the cache, the next ones are assembled from it.
        for (int use = 0; use < 2; ++use)
            CHECK(docket::write_zip(entries, time_2020_11_20, "t.zip", diags,
                                    {threads, &cache, {}}) == one);
        // 1 byte: a batch per chunk of entries made at once; 20,000: a few entries a batch.
        for (std::size_t batch :
             {std::size_t(1), std::size_t(20000), docket::ZipOptions{}.batch_bytes}) {
            CAPTURE(batch);
            CHECK(streamed(entries, time_2020_11_20, diags, {threads, nullptr, {}, batch}) == *one);
            CHECK(streamed(entries, time_2020_11_20, diags, {threads, &cache, {}, batch}) == *one);
        }
    }
    CHECK(messages(diags).empty());
    TempFile f(*one);
    CHECK(docket::verify_zip(f.path, diags));
    CHECK(entry_of(*one, "copy/7.css").second == "body { margin: 0 }\n");
    CHECK(entry_of(*one, "empty.txt").second.empty());
}

TEST_CASE("the cache keeps the most recently used entries within its bound") {
    docket::ZipCache cache(100);
    // Compressed bytes of 40 c's, said to be of a content of 1,000 bytes with CRC-32 `crc`.
    auto deflated = [](std::size_t size, char c, std::uint32_t crc) {
        return std::make_shared<const docket::DeflatedBytes>(
            docket::DeflatedBytes{std::string(size, c), crc, 1000});
    };
    cache.insert(deflated(40, 'a', 1));
    cache.insert(deflated(40, 'b', 2));
    CHECK(cache.find(1000, 1)); // now the most recently used
    cache.insert(deflated(40, 'c', 3));
    CHECK(cache.find(1000, 1));
    CHECK_FALSE(cache.find(1000, 2));
    CHECK(cache.find(1000, 3)->bytes == std::string(40, 'c'));
    CHECK_FALSE(cache.find(999, 3)); // another size
    cache.insert(deflated(101, 'x', 4));
    CHECK_FALSE(cache.find(1000, 4));
    // Bytes of a size and CRC-32 kept already are not kept again.
    cache.insert(deflated(10, 'y', 1));
    CHECK(cache.find(1000, 1)->bytes == std::string(40, 'a'));
}

TEST_CASE("entries of the same size and CRC-32 but other bytes are each written as they are, "
          "never taken for one another") {
    // Two texts of 12 bytes with the same CRC-32: of 2^32 values, one of the first few hundred
    // thousand numbers repeats one before it (birthday bound).
    std::unordered_map<std::uint32_t, std::string> seen;
    std::string first, second;
    for (std::uint64_t n = 0; second.empty(); ++n) {
        std::string text = std::to_string(1000000000000 + n).substr(1);
        const auto crc = std::uint32_t(libdeflate_crc32(0, text.data(), text.size()));
        if (const auto [it, fresh] = seen.emplace(crc, text); !fresh) {
            first = it->second;
            second = std::move(text);
        }
    }
    REQUIRE(first != second);
    REQUIRE(first.size() == second.size());
    const std::vector<docket::ArchiveEntry> entries = {
        {"a.txt", first}, {"b.txt", second}, {"c.txt", first}};
    const std::vector<docket::ArchiveEntry> swapped = {{"a.txt", second}, {"b.txt", first}};
    docket::Diagnostics diags;
    docket::ZipCache cache;
    for (unsigned threads : {1u, 2u}) {
        const auto zip =
            docket::write_zip(entries, time_2020_11_20, "t.zip", diags, {threads, &cache, {}});
        REQUIRE(zip);
        CHECK(entry_of(*zip, "a.txt").second == first);
        CHECK(entry_of(*zip, "b.txt").second == second);
        CHECK(entry_of(*zip, "c.txt").second == first);
        // Written again from the cache and from a previous zip whose entries of the same names
        // have the same size and CRC-32 but the other bytes.
        TempFile previous(*zip);
        for (docket::ZipCache* shared : {&cache, static_cast<docket::ZipCache*>(nullptr)}) {
            const auto again = docket::write_zip(swapped, time_2020_11_20, "t.zip", diags,
                                                 {threads, shared, previous.path});
            REQUIRE(again);
            CHECK(entry_of(*again, "a.txt").second == second);
            CHECK(entry_of(*again, "b.txt").second == first);
            TempFile written(*again);
            CHECK(docket::verify_zip(written.path, diags));
        }
    }
    CHECK(messages(diags).empty());
}

TEST_CASE("an entry unchanged in the previous zip is copied from it, compressed as it was there, "
          "in memory or streamed") {
    const std::string kept = words(1, 100000), changed = words(2, 20000);
    const std::vector<docket::ArchiveEntry> before = {
        {"kept.html", kept}, {"changed.html", changed}, {"gone.html", "old"}};
    const std::vector<docket::ArchiveEntry> now = {
        {"kept.html", kept}, {"changed.html", changed + "!"}, {"new.html", words(3, 100)}};
    docket::Diagnostics diags;
    const auto fresh = docket::write_zip(now, time_2020_11_20, "t.zip", diags);
    REQUIRE(fresh);

    // Another writer's zip at level 2: libzip marks levels 1 and 2 alike (write_zip's is 1), and
    // for these bytes zlib's 2 writes other bytes than libdeflate's 1. Copied, they are still
    // the previous zip's.
    const std::string level_2 = zip_at_level(before, 2);
    REQUIRE(entry_of(level_2, "kept.html").first != entry_of(*fresh, "kept.html").first);
    TempFile previous(level_2);
    for (unsigned threads : {1u, 2u}) {
        const auto reused = docket::write_zip(now, time_2020_11_20, "t.zip", diags,
                                              {threads, nullptr, previous.path});
        REQUIRE(reused);
        // Streamed a few entries a batch, the same bytes.
        CHECK(streamed(now, time_2020_11_20, diags, {threads, nullptr, previous.path, 1}) ==
              *reused);
        CHECK(entry_of(*reused, "kept.html") == entry_of(level_2, "kept.html"));
        CHECK(entry_of(*reused, "changed.html") == entry_of(*fresh, "changed.html"));
        CHECK(entry_of(*reused, "new.html") == entry_of(*fresh, "new.html"));
        TempFile written(*reused);
        CHECK(docket::verify_zip(written.path, diags));
    }
    // At 6 (docket's level before) libzip marks an entry as deflated normally, at 9 as deflated
    // best, not as write_zip deflates: not copied.
    for (int level : {6, 9}) {
        TempFile other(zip_at_level(before, level));
        CHECK(docket::write_zip(now, time_2020_11_20, "t.zip", diags, {2, nullptr, other.path}) ==
              fresh);
    }
    // A zip written by write_zip, the build's case: the result is the fresh one, byte for byte.
    const auto own = docket::write_zip(before, time_2020_11_20 - 86400, "t.zip", diags);
    REQUIRE(own);
    TempFile own_file(*own);
    CHECK(docket::write_zip(now, time_2020_11_20, "t.zip", diags, {2, nullptr, own_file.path}) ==
          fresh);
    CHECK(streamed(now, time_2020_11_20, diags, {2, nullptr, own_file.path, 1}) == *fresh);
    CHECK(messages(diags).empty());
}

TEST_CASE("a previous zip that is missing, not a zip, or corrupt gives the fresh bytes, no error") {
    const std::vector<docket::ArchiveEntry> entries = {{"a.html", words(4, 5000)},
                                                       {"b.html", words(5, 5000)}};
    docket::Diagnostics diags;
    const auto fresh = docket::write_zip(entries, time_2020_11_20, "t.zip", diags);
    REQUIRE(fresh);
    // The same size and CRC-32 in the directory, a changed byte in a.html's compressed data:
    // only inflating it shows that it no longer holds the bytes.
    std::string corrupt = *fresh;
    const std::string stored = entry_of(*fresh, "a.html").first;
    const std::size_t at = corrupt.find(stored);
    REQUIRE(at != std::string::npos);
    corrupt[at + stored.size() / 2] = static_cast<char>(corrupt[at + stored.size() / 2] ^ 0x10);
    for (const std::string& previous :
         {std::string("not a zip"), fresh->substr(0, fresh->size() / 2), corrupt, std::string()}) {
        TempFile file(previous);
        CHECK(docket::write_zip(entries, time_2020_11_20, "t.zip", diags,
                                {2, nullptr, file.path}) == fresh);
    }
    CHECK(docket::write_zip(entries, time_2020_11_20, "t.zip", diags,
                            {1, nullptr, "/nonexistent/docket.zip"}) == fresh);
    CHECK(messages(diags).empty());
}

TEST_CASE("a streamed zip refuses hostile names, and stops when an entry cannot be made") {
    docket::Diagnostics diags;
    CHECK(streamed({{"ok.txt", "fine"}, {"../x", "evil"}}, time_2020_11_20, diags).empty());
    CHECK(messages(diags).find("climbs out") != std::string::npos);
    const TempDir dir;
    docket::Diagnostics failed;
    const docket::EntryContent none = [&](std::size_t) -> std::optional<std::string> {
        failed.error("made.txt", 0, 0, "cannot make it");
        return std::nullopt;
    };
    CHECK_FALSE(docket::write_zip_file({{"made.txt", ""}}, none, time_2020_11_20,
                                       dir.path / "t.zip", "t.zip", failed));
    CHECK(fs::is_empty(dir.path));
}

TEST_CASE("a streamed zip64 archive (more than 65,535 entries) is stamped in the file") {
    std::vector<docket::ArchiveEntry> entries;
    for (int i = 0; i < 65600; ++i)
        entries.push_back({"e/" + std::to_string(i), "", false});
    docket::Diagnostics diags;
    const auto expected = docket::write_zip(entries, 1616898600, "big.zip", diags);
    REQUIRE(expected);
    CHECK(in_zone("Europe/Stockholm", [&] { return streamed(entries, 1616898600, diags); }) ==
          *expected);
    CHECK(messages(diags).empty());
}
