// archive/: deterministic, verifiable zip files (libzip): the meeting packs, as BagIt bags
// (RFC 8493), and the whole site for reading offline. What goes into an archive is decided by
// build/; this stage writes the bytes, checks them, and knows BagIt.
#pragma once

#include "docket/diagnostic.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct evp_md_ctx_st; // OpenSSL's EVP_MD_CTX

namespace docket {

struct ArchiveEntry {
    std::string path; // relative, '/'-separated, normalised (see safe_relative_path)
    std::string content;
    bool executable = false; // mode 0755 instead of 0644
};

// A SOURCE_DATE_EPOCH value: decimal digits only (no sign, space or exponent) that fit in 64
// bits; nullopt for anything else.
std::optional<std::int64_t> source_date_epoch(std::string_view value);

// The modification time written for every entry: SOURCE_DATE_EPOCH when it is set and not empty
// (the CLI refuses a malformed one), else `fallback_date` ("YYYY-MM-DD", midnight UTC), else
// 1980-01-01. Clamped to what a zip's DOS time can hold (1980-01-01 to 2107-12-31).
std::int64_t archive_time(std::string_view fallback_date = {});

// "2020-11-20" for a time from archive_time().
std::string archive_date(std::int64_t time);

// An entry's bytes as a zip holds them: deflated (raw deflate, RFC 1951), with the CRC-32 and
// size of the bytes before.
struct DeflatedBytes {
    std::string bytes;
    std::uint32_t crc = 0;
    std::uint64_t size = 0;
};

// Compressed entries shared by the zips of one build: bytes deflated for one zip are copied raw
// into every later zip that holds the same bytes (the theme's assets and lunr.js are in every
// pack, a page in several packs and the offline zip). Keyed by the size and CRC-32 of the
// bytes, which write_zip then proves the same (it inflates what it finds); safe to use from
// several threads at once. It holds compressed bytes only: at most `max_bytes` of them (about
// 100 bytes of key and bookkeeping more each), dropping the least recently used entry when
// full.
class ZipCache {
  public:
    explicit ZipCache(std::size_t max_bytes = std::size_t(8) << 20);
    ~ZipCache();
    ZipCache(const ZipCache&) = delete;
    ZipCache& operator=(const ZipCache&) = delete;

    // For write_zip: bytes of `size` and CRC-32 `crc` deflated, or null. Other bytes can have
    // both: the caller proves them the same.
    std::shared_ptr<const DeflatedBytes> find(std::uint64_t size, std::uint32_t crc);
    // For write_zip: keeps `deflated`, unless bytes of its size and CRC-32 are kept already.
    void insert(std::shared_ptr<const DeflatedBytes> deflated);

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// How write_zip does its work. The bytes it writes are the same whatever these say (given a
// `previous` written by write_zip).
struct ZipOptions {
    unsigned threads = 1;      // entries deflated at once
    ZipCache* cache = nullptr; // compressed entries shared with the build's other zips
    // The zip written before at the same place (the previous build's): an entry whose name and
    // bytes are the same there (size, CRC-32, then every byte, inflated) is copied from it raw.
    // A missing or unreadable file means no reuse, never an error.
    std::filesystem::path previous;
    // write_zip_file: the entries' bytes made and held at once, about (a batch is closed when
    // its bytes reach it).
    std::size_t batch_bytes = std::size_t(32) << 20;
};

// Writes a zip of `entries` and returns its bytes. Deterministic: entries sorted by path, each
// deflated, mode 0644 (0755 when executable), the same `time` for all, no extra fields, no
// comment; the same input gives the same bytes. Every unsafe or duplicate entry name is refused
// with an error naming `archive` (the archive's name, for messages); nothing is returned then.
// Each distinct content is deflated once (libdeflate), on `options.threads` threads, and libzip
// writes the zip from those compressed bytes as they are, never deflating again.
std::optional<std::string> write_zip(std::vector<ArchiveEntry> entries, std::int64_t time,
                                     const std::string& archive, Diagnostics& diags,
                                     const ZipOptions& options = {});

// The bytes of entry i of write_zip_file's `entries`, made when its batch is written, from
// several threads at once; nullopt, with an error reported, when they cannot be made.
using EntryContent = std::function<std::optional<std::string>(std::size_t i)>;

// Writes to `file` the zip write_zip writes of `entries` (whose content is empty: entry i holds
// `content(i)`), streamed: as libzip writes the zip, the entries are made and deflated a batch
// at a time (`options.batch_bytes`, on `options.threads` threads) when it reaches the first of
// them, so memory holds one batch's bytes, not the zip's. False, with errors, when it fails.
bool write_zip_file(std::vector<ArchiveEntry> entries, const EntryContent& content,
                    std::int64_t time, const std::filesystem::path& file,
                    const std::string& archive, Diagnostics& diags, const ZipOptions& options = {});

// Reopens a written zip and checks it: the structure (libzip's consistency check), every
// entry's CRC-32 and size, and for every bag in it (a directory holding bagit.txt) each line of
// manifest-sha256.txt and tagmanifest-sha256.txt, that every payload file is listed, and the
// Payload-Oxum. Reports each problem; returns true when there is none.
bool verify_zip(const std::filesystem::path& file, Diagnostics& diags);

// What bag-info.txt says about a bag.
struct BagInfo {
    std::string source_organization;
    std::string external_identifier;
    std::string external_description;
    std::string bagging_date;              // YYYY-MM-DD
    std::vector<std::string> diarienummer; // one "Diarienummer:" line each
};

// A BagIt bag: `payload` (paths relative to data/) under `root`/data/, with bagit.txt,
// bag-info.txt (Payload-Oxum computed), manifest-sha256.txt and tagmanifest-sha256.txt, written
// as "<sha256>  <path>" so that `sha256sum -c` verifies them in the bag's root.
std::vector<ArchiveEntry> make_bag(const std::string& root, std::vector<ArchiveEntry> payload,
                                   const BagInfo& info);

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// SHA-256 of data given in pieces (OpenSSL's libcrypto).
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    Sha256& add(std::string_view data);
    // `data` preceded by its length, so that a sequence of fields has one reading.
    Sha256& field(std::string_view data);
    // Lower-case hex of the digest of everything added; the object is spent.
    std::string hex();

  private:
    ::evp_md_ctx_st* context_;
};

// A size as people read it: "412 kB", "1,2 MB" with `decimal_mark` "," (SI units).
std::string human_size(std::uint64_t bytes, std::string_view decimal_mark);

} // namespace docket
