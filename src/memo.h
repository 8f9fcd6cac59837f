// Results of a pure function of a cell's text, remembered per distinct text.
// FOI columns repeat a few texts over and over ("Yes", "01/04/2013", a
// CCG's name), so a national file parses each once, not once a row.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "text.h"

namespace foi {

template <typename V>
class TextMemo {
 public:
  // Free text would grow the table without end; past this many distinct
  // texts new ones are computed each time and not remembered.
  explicit TextMemo(std::size_t max_entries = 1u << 14) : max_(max_entries) {}

  // A text is known by its 64-bit hash and its length, not by comparing it:
  // as for duplicate rows and provider decisions (docs/methods.md), two
  // texts agreeing on both are not expected in any real data set. Values
  // sit in the table's slots, so that a lookup reads one place: a national
  // file asks for a date or a CCG several times a row.
  template <typename F>
  const V& get(std::string_view text, F&& compute) {
    const std::uint64_t h = text::hash_bytes(text);
    const auto size = static_cast<std::uint32_t>(text.size());
    std::size_t i = 0;
    if (!slots_.empty()) {
      const std::size_t mask = slots_.size() - 1;
      for (i = h & mask; slots_[i].used; i = (i + 1) & mask)
        if (slots_[i].hash == h && slots_[i].size == size) return slots_[i].value;
    }
    if (count_ >= max_) {
      spare_ = compute(text);
      return spare_;
    }
    V value = compute(text);
    if ((count_ + 1) * 2 > slots_.size()) {
      grow();
      i = free_slot(h);
    }
    slots_[i] = {h, size, true, std::move(value)};
    ++count_;
    return slots_[i].value;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t size = 0;
    bool used = false;
    V value{};
  };

  // The first free slot on hash h's probe sequence.
  std::size_t free_slot(std::uint64_t h) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    while (slots_[i].used) i = (i + 1) & mask;
    return i;
  }

  void grow() {
    std::vector<Slot> old(slots_.empty() ? 32 : slots_.size() * 2);
    old.swap(slots_);
    for (Slot& s : old)
      if (s.used) slots_[free_slot(s.hash)] = std::move(s);
  }

  std::size_t max_;
  std::size_t count_ = 0;
  std::vector<Slot> slots_;  // open addressing, at most half full; values only handed out until the next get()
  V spare_{};
};

}  // namespace foi
