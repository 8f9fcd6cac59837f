#include "radix_sort.h"

#include <algorithm>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "huge_pages.h"

namespace foi {

namespace {

// Eleven bits a pass: six passes, and a count table (16 KiB) that stays in
// the first-level cache. A pass where every key has the same digit is
// skipped. Tags, when there are any, move with their keys.
template <typename Tag>
void sort_keys(std::uint64_t* keys, Tag* tags, std::size_t n) {
  constexpr bool kTagged = !std::is_same_v<Tag, std::nullptr_t>;
  constexpr int kBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  const auto keys_buffer = huge_buffer<std::uint64_t>(n);
  using Stored = std::conditional_t<kTagged, Tag, std::uint8_t>;
  const auto tags_buffer = huge_buffer<Stored>(kTagged ? n : 0);
  std::uint64_t *from = keys, *to = keys_buffer.get();
  Tag *tags_from = tags, *tags_to = nullptr;
  if constexpr (kTagged) tags_to = tags_buffer.get();
  // Every digit's counts in one pass: a pass only reorders the keys, so
  // the counts of the digits after it stay the same.
  constexpr int kPasses = (64 + kBits - 1) / kBits;
  std::vector<std::size_t> counts(kPasses * kBuckets);
  for (std::size_t i = 0; i < n; ++i)
    for (int pass = 0; pass < kPasses; ++pass) ++counts[pass * kBuckets + ((from[i] >> (pass * kBits)) & (kBuckets - 1))];
  for (int pass = 0; pass < kPasses; ++pass) {
    const int shift = pass * kBits;
    std::span<std::size_t> count(counts.data() + pass * kBuckets, kBuckets);
    if (std::find(count.begin(), count.end(), n) != count.end()) continue;
    std::size_t sum = 0;
    for (auto& c : count) sum += std::exchange(c, sum);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t at = count[(from[i] >> shift) & (kBuckets - 1)]++;
      to[at] = from[i];
      if constexpr (kTagged) tags_to[at] = tags_from[i];
    }
    std::swap(from, to);
    if constexpr (kTagged) std::swap(tags_from, tags_to);
  }
  if (from != keys) {
    std::copy(from, from + n, keys);
    if constexpr (kTagged) std::copy(tags_from, tags_from + n, tags);
  }
}

}  // namespace

void radix_sort(std::uint64_t* keys, std::size_t n) { sort_keys<std::nullptr_t>(keys, nullptr, n); }

void radix_sort(std::uint64_t* keys, std::uint8_t* tags, std::size_t n) { sort_keys(keys, tags, n); }

void radix_sort(std::uint64_t* keys, std::uint32_t* tags, std::size_t n) { sort_keys(keys, tags, n); }

void radix_sort(std::uint64_t* keys, std::uint64_t* tags, std::size_t n) { sort_keys(keys, tags, n); }

}  // namespace foi
