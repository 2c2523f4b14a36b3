// core/: what a rendered file's links and ids are, and where each was written from: what the
// renderer records and the link check (check/) reads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

// Each distinct string once, numbered in the order they came: the links of a rendered site,
// which its pages write again and again (at 10,000 pages 820,000 links, 41,000 distinct). Safe
// to use from several threads at once; a string's view stays valid as long as the pool.
class StringPool {
  public:
    StringPool();
    ~StringPool();
    StringPool(const StringPool&) = delete;
    StringPool& operator=(const StringPool&) = delete;

    // The numbers of the strings of `list`, each added if new (one lock for the list).
    std::vector<std::uint32_t> intern(const class StringList& list);
    // String `id`, as intern gave it (to this thread, or to one this thread has joined).
    std::string_view operator[](std::uint32_t id) const {
        return chunks_[id >> chunk_bits][id & (chunk_size - 1)];
    }

  private:
    std::uint32_t add(std::string_view s); // under mutex_ (as are the two below)
    std::string_view keep(std::string_view s);
    void grow_slots();

    static constexpr std::uint32_t chunk_bits = 16, chunk_size = 1u << chunk_bits;
    static constexpr std::uint32_t max_chunks = 1u << (32 - chunk_bits);
    static constexpr std::size_t block_size = std::size_t(1) << 20;
    std::mutex mutex_;
    // The ids by the strings' hashes (open addressing, linear probing): id + 1 in a slot, 0 in
    // an empty one; never more than half full. 8 to 16 bytes a string, where a hash map's node
    // and a std::string each were 80 and more.
    std::vector<std::uint32_t> slots_;
    std::vector<std::unique_ptr<char[]>> blocks_; // the strings' bytes, packed; never move
    char* next_ = nullptr;                        // the current block's first unused byte
    std::size_t left_ = 0;                        // and how many are left
    std::vector<std::unique_ptr<std::string_view[]>> chunks_; // max_chunks, made as needed
    std::uint32_t count_ = 0;
};

// Short strings packed into one buffer: a page's links and ids, a few hundred of them, kept for
// the link check after the page is written. One allocation each instead of one per string; or,
// once interned, the numbers of its strings in a pool the site's lists share.
class StringList {
  public:
    void push_back(std::string_view s) { // not once interned
        data_.append(s);
        ends_.push_back(static_cast<std::uint32_t>(data_.size()));
    }
    std::size_t size() const { return ends_.size(); }
    bool empty() const { return ends_.empty(); }
    std::string_view operator[](std::size_t i) const {
        if (pool_) return (*pool_)[ends_[i]];
        const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
        return std::string_view(data_).substr(begin, ends_[i] - begin);
    }
    bool operator==(const StringList& o) const { // the same strings in the same order
        if (size() != o.size()) return false;
        for (std::size_t i = 0; i < size(); ++i)
            if ((*this)[i] != o[i]) return false;
        return true;
    }
    // Frees the room the buffers grew beyond their strings (a page's lists are kept long).
    void shrink_to_fit() {
        data_.shrink_to_fit();
        ends_.shrink_to_fit();
    }
    // Keeps its strings in `pool` (4 bytes each here), its buffer freed.
    void intern(std::shared_ptr<StringPool> pool) {
        std::vector<std::uint32_t> ids = pool->intern(*this);
        std::string().swap(data_);
        ends_ = std::move(ids);
        pool_ = std::move(pool);
    }
    bool contains(std::string_view s) const {
        for (std::size_t i = 0; i < size(); ++i)
            if ((*this)[i] == s) return true;
        return false;
    }

  private:
    std::string data_;
    std::vector<std::uint32_t> ends_; // or, interned, the numbers of the strings in pool_
    std::shared_ptr<const StringPool> pool_;
};

// Where a page's links and ids were written from, for messages: from link `links` and id `ids`
// on, until the next origin, they come from `file` at `line`:`column`; "" is the page's own
// source. `file` views a Page's source or a theme's template path: the Site and the Theme
// outlive the rendered files (one origin per link of every page is not copied).
struct Origin {
    std::uint32_t links = 0, ids = 0;
    std::string_view file;
    int line = 0, column = 0;
};

// A rendered file's origins, in order: appended while it is written, then packed (pack()) for
// as long as the build keeps the file for its link check: a count of links and ids, a line and a
// column each as a few bytes of varints, the file's view only where it changes. At 100,000 pages
// about 4 million origins: 134 MB as Origin's, 28 MB packed (jemalloc's heap profile).
class Origins {
  public:
    // Notes that the links from o.links and the ids from o.ids on come from o: it replaces an
    // origin under which nothing was noted, and a single origin of the page's own source (""),
    // the default, is none. Not once packed.
    void note(const Origin& o);
    void push_back(const Origin& o) { open_.push_back(o); } // as it is; not once packed
    bool empty() const { return open_.empty() && packed_.empty(); }
    void pack();
    // Every origin, in order (packed or not).
    std::vector<Origin> unpack() const;

  private:
    std::vector<Origin> open_;
    std::string packed_;
};

// A rendered file as the link check reads it; views into the file, which outlives it.
struct FileLinks {
    std::string_view path;   // relative to the output root, '/'-separated
    std::string_view source; // the content file it was rendered from; "" if generated
    const StringList* links; // every href and src, as written
    const StringList* ids;   // every id attribute (fragment targets)
    const Origins* origins;  // none: everything is the source's

    // Where link or id `k` comes from: its origin's file and line, else the page's source (its
    // path if generated) without a line.
    Origin link_origin(std::size_t k) const { return origin_of(k, &Origin::links); }
    Origin id_origin(std::size_t k) const { return origin_of(k, &Origin::ids); }

  private:
    Origin origin_of(std::size_t k, std::uint32_t Origin::*index) const;
};

} // namespace docket
