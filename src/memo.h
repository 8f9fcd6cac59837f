// Results of a pure function of a cell's text, remembered per distinct text.
// FOI columns repeat a few texts over and over ("Yes", "01/04/2013", a
// CCG's name), so a national file parses each once, not once a row.
#pragma once

#include <cstdint>
#include <string>
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

  template <typename F>
  const V& get(std::string_view text, F&& compute) {
    std::uint64_t h = text::hash_bytes(text);
    const std::uint64_t high = h >> 32;
    std::size_t slot = 0;
    if (!slots_.empty()) {
      // The slot holds the hash's high half: other texts are passed over
      // without touching their entries.
      std::size_t mask = slots_.size() - 1;
      for (slot = h & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
        if (slots_[slot] >> 32 != high) continue;
        const Entry& e = entries_[(slots_[slot] & 0xFFFFFFFFu) - 1];
        if (std::string_view(texts_).substr(e.offset, e.size) == text) return e.value;
      }
    }
    if (entries_.size() >= max_) {
      spare_ = compute(text);
      return spare_;
    }
    entries_.push_back({texts_.size(), text.size(), h, compute(text)});
    texts_.append(text);
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    else slots_[slot] = high << 32 | entries_.size();
    return entries_.back().value;
  }

 private:
  struct Entry {
    std::size_t offset, size;  // the text, in texts_
    std::uint64_t hash;
    V value;
  };

  void grow() {
    std::vector<std::uint64_t> fresh(slots_.empty() ? 64 : slots_.size() * 2, 0);
    std::size_t mask = fresh.size() - 1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      std::size_t s = entries_[i].hash & mask;
      while (fresh[s] != 0) s = (s + 1) & mask;
      fresh[s] = (entries_[i].hash >> 32) << 32 | (i + 1);
    }
    slots_.swap(fresh);
  }

  std::size_t max_;
  std::string texts_;            // every remembered text, end to end
  std::vector<Entry> entries_;   // a vector: values are only handed out until the next get()
  std::vector<std::uint64_t> slots_;
  V spare_{};
};

}  // namespace foi
