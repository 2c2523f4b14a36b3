// TokenCache: token text -> what the index pipeline made of it. The builder
// looks up every token of every document here, so it is an open-addressing
// table with the keys packed in one buffer, not a std::unordered_map of
// std::string (which costs an allocation and a slower hash per entry).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace lunr {

class TokenCache {
  public:
    static constexpr std::int64_t kMissing = INT64_MIN;

    // The value stored for `token`, or kMissing.
    std::int64_t find(std::string_view token) const {
        if (slots_.empty()) return kMissing;
        const std::uint64_t h = hash(token);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.length == kEmpty) return kMissing;
            if (slot.hash == h && slot.length == token.size() &&
                std::memcmp(keys_.data() + slot.offset, token.data(), token.size()) == 0) {
                return slot.value;
            }
        }
    }

    // Stores `value` for a token that find() does not know.
    void insert(std::string_view token, std::int64_t value) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = hash(token);
        place(Slot{h, keys_.size(), static_cast<std::uint32_t>(token.size()), value});
        keys_.append(token);
        ++size_;
    }

    std::size_t size() const { return size_; }

    // A fast 64-bit hash: 8 bytes at a time, with a final avalanche.
    static std::uint64_t hash(std::string_view s) {
        const char* p = s.data();
        std::size_t n = s.size();
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xFF51AFD7ED558CCDull);
        while (n >= 8) {
            std::uint64_t v;
            std::memcpy(&v, p, 8);
            h = (h ^ (v * 0xBF58476D1CE4E5B9ull));
            h = ((h << 31) | (h >> 33)) * 0x94D049BB133111EBull;
            p += 8;
            n -= 8;
        }
        std::uint64_t v = 0;
        if (s.size() >= 8) {
            std::memcpy(&v, s.data() + s.size() - 8, 8); // the last 8 bytes, overlapping
        } else {
            for (std::size_t k = 0; k < n; ++k)
                v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[k])) << (8 * k);
        }
        h ^= v * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 29;
        h *= 0x94D049BB133111EBull;
        h ^= h >> 32;
        return h;
    }

  private:
    static constexpr std::uint32_t kEmpty = UINT32_MAX;
    struct Slot {
        std::uint64_t hash = 0;
        std::size_t offset = 0; // into keys_
        std::uint32_t length = kEmpty;
        std::int64_t value = 0;
    };

    void place(const Slot& slot) {
        std::size_t i = slot.hash & mask_;
        while (slots_[i].length != kEmpty)
            i = (i + 1) & mask_;
        slots_[i] = slot;
    }

    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        mask_ = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.length != kEmpty) place(slot);
        }
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
    std::string keys_;
};

} // namespace lunr
