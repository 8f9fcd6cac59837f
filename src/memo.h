// Results of a pure function of a cell's text, remembered per distinct text.
// FOI columns repeat a few texts over and over ("Yes", "01/04/2013", a
// CCG's name), so a national file parses each once, not once a row.
#pragma once

#include <cstdint>
#include <string>
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

  template <typename F>
  const V& get(std::string_view text, F&& compute) {
    std::uint64_t h = text::hash_bytes(text);
    std::size_t slot = 0;
    std::size_t at = slots_.find(
        h, [&](std::size_t i) { return std::string_view(texts_).substr(entries_[i].offset, entries_[i].size) == text; },
        slot);
    if (at != HashSlots::npos) return entries_[at].value;
    if (entries_.size() >= max_) {
      spare_ = compute(text);
      return spare_;
    }
    entries_.push_back({texts_.size(), text.size(), h, compute(text)});
    texts_.append(text);
    slots_.insert(h, entries_.size() - 1, slot, entries_.size(), [&](std::size_t i) { return entries_[i].hash; });
    return entries_.back().value;
  }

 private:
  struct Entry {
    std::size_t offset, size;  // the text, in texts_
    std::uint64_t hash;
    V value;
  };

  std::size_t max_;
  std::string texts_;           // every remembered text, end to end
  std::vector<Entry> entries_;  // a vector: values are only handed out until the next get()
  HashSlots slots_;
  V spare_{};
};

}  // namespace foi
