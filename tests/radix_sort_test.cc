#include "radix_sort.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace {

std::vector<std::uint64_t> random_keys(std::size_t n, std::uint64_t mask, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint64_t> keys(n);
  for (auto& k : keys) k = rng() & mask;
  return keys;
}

}  // namespace

TEST_CASE("radix sort: keys come out as a comparison sort leaves them", "[radix_sort]") {
  // Full keys, keys that differ only in their low bits (the high passes are
  // skipped) and keys with their top bit set (the last pass holds one bit).
  for (std::uint64_t mask : {~std::uint64_t{0}, std::uint64_t{0xFFF}, std::uint64_t{0x8000'0000'0000'00FF}}) {
    for (std::size_t n : {0, 1, 2, 100, 5000, 300000}) {  // 300,000 keys: buffers on huge pages
      INFO("mask " << mask << ", " << n << " keys");
      auto keys = random_keys(n, mask, static_cast<unsigned>(n));
      auto expected = keys;
      std::sort(expected.begin(), expected.end());
      foi::radix_sort(keys.data(), keys.size());
      CHECK(keys == expected);
    }
  }
}

TEST_CASE("radix sort: tags move with their keys, equal keys keeping their order", "[radix_sort]") {
  auto keys = random_keys(4000, 0x3F3F, 7);  // few distinct keys: many equal
  std::vector<std::uint8_t> tags(keys.size());
  for (std::size_t i = 0; i < tags.size(); ++i) tags[i] = static_cast<std::uint8_t>(i * 31);
  std::vector<std::pair<std::uint64_t, std::size_t>> expected;
  for (std::size_t i = 0; i < keys.size(); ++i) expected.emplace_back(keys[i], i);
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  foi::radix_sort(keys.data(), tags.data(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK(keys[i] == expected[i].first);
    CHECK(tags[i] == static_cast<std::uint8_t>(expected[i].second * 31));
  }
}

TEST_CASE("radix sort: 32-bit tags (the places keys came from) move with their keys", "[radix_sort]") {
  // Keys with bits set far apart, as a CCG's place above a provider's.
  auto keys = random_keys(5000, 0x0000'01FF'0000'FFFFull, 11);
  const std::vector<std::uint64_t> before = keys;
  std::vector<std::uint32_t> from(keys.size());
  for (std::size_t i = 0; i < from.size(); ++i) from[i] = static_cast<std::uint32_t>(i);
  foi::radix_sort(keys.data(), from.data(), keys.size());
  CHECK(std::is_sorted(keys.begin(), keys.end()));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK(before[from[i]] == keys[i]);
    if (i > 0 && keys[i] == keys[i - 1]) CHECK(from[i] > from[i - 1]);
  }
}

TEST_CASE("radix sort: keys that are all the same are left as they are", "[radix_sort]") {
  std::vector<std::uint64_t> keys(300, 0x0123'4567'89AB'CDEFull);
  std::vector<std::uint8_t> tags(300);
  for (std::size_t i = 0; i < tags.size(); ++i) tags[i] = static_cast<std::uint8_t>(i);
  foi::radix_sort(keys.data(), tags.data(), keys.size());
  CHECK(std::all_of(keys.begin(), keys.end(), [](std::uint64_t k) { return k == 0x0123'4567'89AB'CDEFull; }));
  for (std::size_t i = 0; i < tags.size(); ++i) CHECK(tags[i] == static_cast<std::uint8_t>(i));
}
