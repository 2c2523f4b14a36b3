#include "docket/file_links.h"

#include "lunr/varint.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>

namespace docket {

namespace {

std::size_t hash_of(std::string_view s) {
    return std::hash<std::string_view>{}(s);
}

} // namespace

StringPool::StringPool() : chunks_(max_chunks) {}

StringPool::~StringPool() = default;

std::vector<std::uint32_t> StringPool::intern(const StringList& list) {
    std::vector<std::uint32_t> ids(list.size());
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < list.size(); ++i)
        ids[i] = add(list[i]);
    return ids;
}

std::uint32_t StringPool::add(std::string_view s) {
    if (2 * (std::size_t(count_) + 1) > slots_.size()) grow_slots();
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = hash_of(s) & mask;
    for (; slots_[at] != 0; at = (at + 1) & mask)
        if ((*this)[slots_[at] - 1] == s) return slots_[at] - 1;
    const std::uint32_t id = count_++;
    auto& chunk = chunks_[id >> chunk_bits];
    if (!chunk) chunk = std::make_unique<std::string_view[]>(chunk_size);
    chunk[id & (chunk_size - 1)] = keep(s);
    slots_[at] = id + 1;
    return id;
}

// A copy of `s` in the blocks: after the last string in the current block, or in a new one; a
// string of more than a quarter of a block in one of its own.
std::string_view StringPool::keep(std::string_view s) {
    char* at = nullptr;
    if (s.size() > block_size / 4) {
        blocks_.push_back(std::make_unique_for_overwrite<char[]>(s.size()));
        at = blocks_.back().get();
    } else {
        if (s.size() > left_) {
            blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size));
            next_ = blocks_.back().get();
            left_ = block_size;
        }
        at = next_;
        next_ += s.size();
        left_ -= s.size();
    }
    if (!s.empty()) std::memcpy(at, s.data(), s.size());
    return {at, s.size()};
}

void StringPool::grow_slots() {
    slots_.assign(std::max<std::size_t>(1024, 2 * slots_.size()), 0);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint32_t id = 0; id < count_; ++id) {
        std::size_t at = hash_of((*this)[id]) & mask;
        while (slots_[at] != 0)
            at = (at + 1) & mask;
        slots_[at] = id + 1;
    }
}

void Origins::note(const Origin& o) {
    if (!open_.empty() && open_.back().links == o.links && open_.back().ids == o.ids)
        open_.back() = o;
    else if (!open_.empty() || !o.file.empty())
        open_.push_back(o);
    if (open_.size() == 1 && open_.back().file.empty()) open_.clear();
}

// Per origin: the links and ids before it since the previous one, its line since the previous
// one's (zigzag), then its column and whether its file differs from the previous one's, and if
// so the file's view (its pointer's bytes, then its size).
void Origins::pack() {
    Origin before;
    for (const Origin& o : open_) {
        lunr::append_varint(packed_, o.links - before.links);
        lunr::append_varint(packed_, o.ids - before.ids);
        lunr::append_varint(packed_, lunr::zigzag(std::int64_t(o.line) - before.line));
        const bool new_file =
            o.file.data() != before.file.data() || o.file.size() != before.file.size();
        lunr::append_varint(packed_, (std::uint64_t(std::uint32_t(o.column)) << 1) | new_file);
        if (new_file) {
            const char* data = o.file.data();
            packed_.append(reinterpret_cast<const char*>(&data), sizeof data);
            lunr::append_varint(packed_, o.file.size());
        }
        before = o;
    }
    packed_.shrink_to_fit();
    std::vector<Origin>().swap(open_);
}

std::vector<Origin> Origins::unpack() const {
    if (packed_.empty()) return open_;
    std::vector<Origin> out;
    const auto* at = reinterpret_cast<const unsigned char*>(packed_.data());
    const auto* end = at + packed_.size();
    Origin o;
    auto next = [&] { return lunr::next_varint(at, end); }; // the bytes pack() wrote
    while (at < end) {
        o.links += static_cast<std::uint32_t>(next());
        o.ids += static_cast<std::uint32_t>(next());
        o.line = static_cast<int>(o.line + lunr::unzigzag(next()));
        const std::uint64_t column = next();
        o.column = static_cast<int>(static_cast<std::uint32_t>(column >> 1));
        if (column & 1) {
            const char* data = nullptr;
            std::memcpy(&data, at, sizeof data);
            at += sizeof data;
            o.file = std::string_view(data, next());
        }
        out.push_back(o);
    }
    return out;
}

Origin FileLinks::origin_of(std::size_t k, std::uint32_t Origin::*index) const {
    // The last origin that starts at or before k.
    const std::vector<Origin> all = origins ? origins->unpack() : std::vector<Origin>();
    const auto after = std::upper_bound(
        all.begin(), all.end(), k, [&](std::size_t v, const Origin& o) { return v < o.*index; });
    if (after == all.begin() || std::prev(after)->file.empty())
        return {0, 0, source.empty() ? path : source, 0, 0};
    return *std::prev(after);
}

} // namespace docket
