#include "rows.h"

#include <catch2/catch.hpp>
#include <map>
#include <vector>

TEST_CASE("rows: a row's hash gives the line of the first row with it, through growth", "[rows]") {
  foi::RowHashes seen;
  std::map<std::uint64_t, long> first;
  std::uint64_t x = 12345;
  bool all_first = true;
  for (long line = 1; line <= 20000; ++line) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    const std::uint64_t h = (x >> 33) % 7000 * 0x9E3779B97F4A7C15ull;  // repeated, and spread over all 64 bits
    first.emplace(h, line);
    all_first = all_first && seen.insert(h, line) == first[h];
  }
  CHECK(all_first);
  CHECK(seen.size() == first.size());
  CHECK_FALSE(seen.bounded());
  for (const auto& [h, line] : first) REQUIRE(seen.line_of(h) == line);
}

TEST_CASE("rows: a bounded table keeps only the rows repeated later, and answers as an unbounded one", "[rows]") {
  const std::vector<std::uint64_t> rows{11, 22, 33, 11, 44, 33};  // lines 1 to 6
  foi::RowHashes unbounded, bounded;
  bounded.bound(2, [&](std::span<const std::uint64_t> keys, long from, long last) {
    CHECK(keys.size() == 1);
    CHECK(from == 3);
    CHECK(last == 3);
    // From line 3 on, only 33 occurs twice.
    return std::optional<foi::RowsToCome>(foi::RowsToCome{{foi::RowHashes::key(33)}, 6});
  });
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const long line = static_cast<long>(i + 1);
    if (bounded.reaches_bound(1)) {
      const std::uint64_t key = foi::RowHashes::key(rows[i]);
      bounded.use_bound({&key, 1}, line, line);
    }
    CHECK(bounded.insert(rows[i], line) == unbounded.insert(rows[i], line));
  }
  CHECK(bounded.bounded());
  CHECK(bounded.size() == 3);  // 11, 22 and 33; not 44, which no later row repeats
  CHECK(unbounded.size() == 4);
}
