// Results of a pure function of a cell's text, remembered per distinct text.
// FOI columns repeat a few texts over and over ("Yes", "01/04/2013", a
// CCG's name), so a national file parses each once, not once a row.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "hash_slots.h"
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
  // texts agreeing on both are not expected in any real data set, and the
  // comparison was a call and a read of another cache line for every cell.
  template <typename F>
  const V& get(std::string_view text, F&& compute) {
    const std::uint64_t h = text::hash_bytes(text);
    std::size_t slot = 0;
    std::size_t at = slots_.find(h, [&](std::size_t i) { return entries_[i].hash == h && entries_[i].size == text.size(); },
                                 slot);
    if (at != HashSlots::npos) return entries_[at].value;
    if (entries_.size() >= max_) {
      spare_ = compute(text);
      return spare_;
    }
    entries_.push_back({h, text.size(), compute(text)});
    slots_.insert(h, entries_.size() - 1, slot, entries_.size(), [&](std::size_t i) { return entries_[i].hash; });
    return entries_.back().value;
  }

 private:
  struct Entry {
    std::uint64_t hash;
    std::size_t size;
    V value;
  };

  std::size_t max_;
  std::vector<Entry> entries_;  // a vector: values are only handed out until the next get()
  HashSlots slots_;
  V spare_{};
};

}  // namespace foi
