// The index of an open-addressing hash table whose entries live elsewhere
// (a vector, a deque): each slot holds the high half of the entry's hash
// and its position, so a lookup compares entries only when that half
// matches. Kept at most half full.
#pragma once

#include <cstdint>
#include <vector>

namespace foi {

class HashSlots {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // The position of the entry with hash h for which same(position) holds,
  // or npos; slot is then where a new entry with hash h goes.
  template <typename Same>
  std::size_t find(std::uint64_t h, Same&& same, std::size_t& slot) const {
    slot = 0;
    if (slots_.empty()) return npos;
    const std::size_t mask = slots_.size() - 1;
    for (slot = h & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
      if (slots_[slot] >> 32 != h >> 32) continue;
      std::size_t at = (slots_[slot] & 0xFFFFFFFFu) - 1;
      if (same(at)) return at;
    }
    return npos;
  }

  // Asks for the slot a lookup of hash h starts at.
  void prefetch(std::uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }

  // The position of the first entry whose slot matches h's high half,
  // without comparing entries (npos if none): what a lookup will read, to
  // ask for it ahead.
  std::size_t peek(std::uint64_t h) const {
    if (slots_.empty()) return npos;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = h & mask; slots_[slot] != 0; slot = (slot + 1) & mask)
      if (slots_[slot] >> 32 == h >> 32) return (slots_[slot] & 0xFFFFFFFFu) - 1;
    return npos;
  }

  // Places the entry at position `at` (the count-th entry), hash h, at the
  // slot find() gave; hash_of(position) gives any entry's hash for growing.
  template <typename HashOf>
  void insert(std::uint64_t h, std::size_t at, std::size_t slot, std::size_t count, HashOf&& hash_of) {
    if ((count + 1) * 2 > slots_.size()) {
      std::vector<std::uint64_t> fresh(slots_.empty() ? 64 : slots_.size() * 2, 0);
      const std::size_t mask = fresh.size() - 1;
      for (std::size_t i = 0; i < count; ++i) {
        std::uint64_t hi = hash_of(i);
        std::size_t s = hi & mask;
        while (fresh[s] != 0) s = (s + 1) & mask;
        fresh[s] = entry(hi, i);
      }
      slots_.swap(fresh);
      return;
    }
    slots_[slot] = entry(h, at);
  }

 private:
  static std::uint64_t entry(std::uint64_t h, std::size_t at) { return (h >> 32) << 32 | (at + 1); }
  std::vector<std::uint64_t> slots_;
};

}  // namespace foi
