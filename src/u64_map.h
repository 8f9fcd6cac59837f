// A map from 64-bit keys to values for hot per-row counting: open
// addressing in one array, no node per entry, found in one probe or two.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace foi {

template <typename V>
class U64Map {
 public:
  // The value for key, inserted as V{} when new.
  V& operator[](std::uint64_t key) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (!s.used) {
        s = {key, V{}, true};
        ++size_;
        return s.value;
      }
      if (s.key == key) return s.value;
    }
  }

  // The value for key, or nullptr when it has none.
  V* find(std::uint64_t key) {
    const std::size_t i = slot_of(key);
    return i == kNone ? nullptr : &slots_[i].value;
  }
  const V* find(std::uint64_t key) const {
    const std::size_t i = slot_of(key);
    return i == kNone ? nullptr : &slots_[i].value;
  }

  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (s.used) f(s.key, s.value);
  }
  std::size_t size() const { return size_; }
  // Empties the map, keeping its slots for what comes next.
  void clear() {
    if (size_ == 0) return;
    std::fill(slots_.begin(), slots_.end(), Slot{});
    size_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    V value{};
    bool used = false;
  };

  static constexpr std::size_t kNone = ~std::size_t{0};
  // The slot holding key, or kNone.
  std::size_t slot_of(std::uint64_t key) const {
    if (slots_.empty()) return kNone;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.used) return kNone;
      if (s.key == key) return i;
    }
  }

  static std::uint64_t mix(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xFF51AFD7ED558CCDull;
    k ^= k >> 33;
    return k;
  }

  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(16, slots_.size() * 2));
    old.swap(slots_);
    size_ = 0;
    for (const Slot& s : old)
      if (s.used) (*this)[s.key] = s.value;
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace foi
