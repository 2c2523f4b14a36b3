// The build's cache of compressed zip entries: least recently used out, under one mutex.
#include "docket/archive.h"

#include <list>
#include <map>
#include <mutex>

namespace docket {

struct ZipCache::State {
    std::mutex mutex;
    std::size_t max_bytes = 0, bytes = 0;
    using Key = std::pair<std::uint64_t, std::uint32_t>; // size, CRC-32
    std::list<Key> recent;                               // the most recently used first
    struct Slot {
        std::shared_ptr<const DeflatedBytes> deflated;
        std::list<Key>::iterator at; // in `recent`
    };
    std::map<Key, Slot> slots;
};

ZipCache::ZipCache(std::size_t max_bytes) : state_(std::make_unique<State>()) {
    state_->max_bytes = max_bytes;
}

ZipCache::~ZipCache() = default;

std::shared_ptr<const DeflatedBytes> ZipCache::find(std::uint64_t size, std::uint32_t crc) {
    State& s = *state_;
    const std::lock_guard lock(s.mutex);
    const auto it = s.slots.find({size, crc});
    if (it == s.slots.end()) return nullptr;
    s.recent.splice(s.recent.begin(), s.recent, it->second.at);
    return it->second.deflated;
}

void ZipCache::insert(std::shared_ptr<const DeflatedBytes> deflated) {
    State& s = *state_;
    const State::Key key{deflated->size, deflated->crc};
    const std::lock_guard lock(s.mutex);
    if (deflated->bytes.size() > s.max_bytes || s.slots.contains(key)) return;
    s.recent.push_front(key);
    s.bytes += deflated->bytes.size();
    s.slots.emplace(key, State::Slot{std::move(deflated), s.recent.begin()});
    while (s.bytes > s.max_bytes) { // a zip being assembled keeps what it uses until it is done
        const auto oldest = s.slots.find(s.recent.back());
        s.bytes -= oldest->second.deflated->bytes.size();
        s.slots.erase(oldest);
        s.recent.pop_back();
    }
}

} // namespace docket
