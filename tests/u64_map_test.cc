#include "u64_map.h"

#include <catch2/catch.hpp>
#include <map>

TEST_CASE("u64 map: counts by key like std::map, through growth", "[u64_map]") {
  foi::U64Map<long> map;
  std::map<std::uint64_t, long> expected;
  std::uint64_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    std::uint64_t key = i % 3 == 0 ? 0 : x % 5000;  // key 0 is a key like any other
    ++map[key];
    ++expected[key];
  }
  CHECK(map.size() == expected.size());
  std::map<std::uint64_t, long> got;
  map.for_each([&](std::uint64_t k, long v) { got[k] = v; });
  CHECK(got == expected);
}

TEST_CASE("u64 map: find gives a key's value in place, or nothing for a key never counted", "[u64_map]") {
  foi::U64Map<long> map;
  CHECK(map.find(7) == nullptr);  // no slots yet
  for (std::uint64_t k = 0; k < 100; k += 2) map[k] = static_cast<long>(k) * 10;
  for (std::uint64_t k = 0; k < 100; ++k) {
    INFO(k);
    long* v = map.find(k);
    if (k % 2) {
      CHECK(v == nullptr);
    } else {
      REQUIRE(v);
      CHECK(*v == static_cast<long>(k) * 10);
      --*v;  // in place
    }
  }
  CHECK(*map.find(40) == 399);
  CHECK(map.size() == 50);  // find adds nothing
}
