#include "hash_slots.h"

#include <catch2/catch.hpp>
#include <vector>

TEST_CASE("hash slots: every entry is found by its hash and no other, through growth", "[hash_slots]") {
  foi::HashSlots slots;
  std::vector<std::uint64_t> hashes;
  auto find = [&](std::uint64_t h, int value, std::size_t& slot) {
    return slots.find(h, [&](std::size_t i) { return hashes[i] == h && static_cast<int>(i) == value; }, slot);
  };
  std::uint64_t x = 99;
  for (int i = 0; i < 10000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    // Every fourth hash shares its high half with the one before, so the
    // entries themselves must settle it.
    std::uint64_t h = i % 4 == 3 ? (hashes.back() & 0xFFFFFFFF00000000ull) | (x & 0xFFFFFFFFu) : x;
    std::size_t slot = 0;
    REQUIRE(find(h, i, slot) == foi::HashSlots::npos);
    hashes.push_back(h);
    slots.insert(h, hashes.size() - 1, slot, hashes.size(), [&](std::size_t k) { return hashes[k]; });
  }
  for (int i = 0; i < 10000; ++i) {
    std::size_t slot = 0;
    CHECK(find(hashes[static_cast<std::size_t>(i)], i, slot) == static_cast<std::size_t>(i));
  }
  std::size_t slot = 0;
  CHECK(find(12345, 0, slot) == foi::HashSlots::npos);
}

TEST_CASE("hash slots: peek names the entry a lookup of the hash reads first", "[hash_slots]") {
  foi::HashSlots slots;
  CHECK(slots.peek(42) == foi::HashSlots::npos);
  slots.prefetch(42);  // nothing to ask for yet
  std::vector<std::uint64_t> hashes;
  for (std::uint64_t i = 1; i <= 100; ++i) {
    std::uint64_t h = i * 0x9E3779B97F4A7C15ull;
    std::size_t slot = 0;
    REQUIRE(slots.find(h, [&](std::size_t k) { return hashes[k] == h; }, slot) == foi::HashSlots::npos);
    hashes.push_back(h);
    slots.insert(h, hashes.size() - 1, slot, hashes.size(), [&](std::size_t k) { return hashes[k]; });
  }
  for (std::size_t i = 0; i < hashes.size(); ++i) CHECK(slots.peek(hashes[i]) == i);
  CHECK(slots.peek(7) == foi::HashSlots::npos);
}
