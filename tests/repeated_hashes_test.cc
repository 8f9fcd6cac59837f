#include "repeated_hashes.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "test_util.h"

namespace {

// The hashes occurring more than once, counted the plain way.
std::vector<std::uint64_t> counted(const std::vector<std::uint64_t>& hashes) {
  std::map<std::uint64_t, int> n;
  for (auto h : hashes) ++n[h];
  std::vector<std::uint64_t> out;
  for (auto [h, k] : n)
    if (k > 1) out.push_back(h);
  return out;
}

std::vector<std::uint64_t> with_repeats(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint64_t> hashes;
  for (std::size_t i = 0; i < n; ++i) {
    // One in five repeats an earlier hash, some of them many times over.
    if (i > 0 && rng() % 5 == 0) hashes.push_back(hashes[rng() % i]);
    else hashes.push_back(rng() % 7 == 0 ? rng() % 64 : rng());  // small values collide too
  }
  return hashes;
}

}  // namespace

TEST_CASE("repeated hashes: what fits in one run is found without a file", "[repeated_hashes]") {
  foi::RepeatedHashes r(100);
  for (std::uint64_t h : {9u, 3u, 9u, 5u, 3u, 9u, 0u}) r.add(h);
  CHECK(r.runs() == 0);
  CHECK(r.repeated() == std::vector<std::uint64_t>{3, 9});
}

TEST_CASE("repeated hashes: runs merged from the file give what counting gives", "[repeated_hashes]") {
  for (std::size_t run : {1, 2, 7, 1000}) {
    for (unsigned seed : {1u, 2u, 3u}) {
      INFO("run " << run << ", seed " << seed);
      const auto hashes = with_repeats(5000, seed);
      foi::RepeatedHashes r(run);
      for (auto h : hashes) r.add(h);
      CHECK(r.runs() == (hashes.size() - 1) / run);  // the last run stays in memory until the merge
      const auto expected = counted(hashes);
      REQUIRE(expected.size() > 100);
      CHECK(r.repeated() == expected);
    }
  }
}

TEST_CASE("repeated hashes: a hash repeated inside a run and across runs is reported once", "[repeated_hashes]") {
  foi::RepeatedHashes r(3);
  for (std::uint64_t h : {4u, 4u, 1u, 4u, 2u, 4u, 7u, 8u, ~0u}) r.add(h);
  CHECK(r.repeated() == std::vector<std::uint64_t>{4});
  foi::RepeatedHashes none(3);
  for (std::uint64_t h = 0; h < 10; ++h) none.add(h * 977);
  CHECK(none.repeated().empty());
}

TEST_CASE("repeated hashes: a temporary file that cannot be made is an error, not a wrong answer",
          "[repeated_hashes]") {
  test::ScopedEnv tmpdir("TMPDIR", "/nonexistent/foi-contracts-test");
  foi::RepeatedHashes r(2);
  r.add(1);
  r.add(2);
  CHECK_THROWS_AS(r.add(3), std::system_error);
}

TEST_CASE("sorted runs: entries come back in key order with their values, a key's in the order added",
          "[repeated_hashes]") {
  for (std::size_t run : {1, 3, 1000, 10000}) {
    INFO("run " << run);
    const auto keys = with_repeats(5000, 11);
    foi::SortedRuns<std::uint64_t> runs(run);
    for (std::size_t i = 0; i < keys.size(); ++i) runs.add(keys[i], i * 7 + 1);  // where each was added
    CHECK(runs.runs() == (keys.size() - 1) / run);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> got;
    runs.merge([&](std::uint64_t k, const std::uint64_t& v) { got.emplace_back(k, v); });
    std::vector<std::pair<std::uint64_t, std::uint64_t>> expected;
    for (std::size_t i = 0; i < keys.size(); ++i) expected.emplace_back(keys[i], i * 7 + 1);
    std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    CHECK(got == expected);
  }
}

TEST_CASE("sorted runs: parts filled apart merge as one, a key's entries part by part", "[repeated_hashes]") {
  // Parts written to their files and parts held in memory, mixed.
  for (std::size_t run : {2, 1000, 10000}) {
    INFO("run " << run);
    const auto keys = with_repeats(6000, 5);
    foi::SortedRuns<std::uint64_t> first(run), second(run), third(10000);
    for (std::size_t i = 0; i < keys.size(); ++i)
      (i < 2500 ? first : i < 5000 ? second : third).add(keys[i], i * 3 + 2);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> got;
    std::vector<foi::SortedRuns<std::uint64_t>*> parts{&first, &second, &third};
    foi::SortedRuns<std::uint64_t>::merge(parts, [&](std::uint64_t k, const std::uint64_t& v) { got.emplace_back(k, v); });
    std::vector<std::pair<std::uint64_t, std::uint64_t>> expected;
    for (std::size_t i = 0; i < keys.size(); ++i) expected.emplace_back(keys[i], i * 3 + 2);
    std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    CHECK(got == expected);
  }
}

TEST_CASE("sorted runs: parts with nothing in them merge to nothing, or to the others' entries", "[repeated_hashes]") {
  foi::SortedRuns<std::uint64_t> empty(4), full(4), also_empty(4);
  for (std::uint64_t k : {9, 1, 5, 1, 7, 3}) full.add(k, k * 10);
  std::vector<std::uint64_t> got;
  std::vector<foi::SortedRuns<std::uint64_t>*> parts{&empty, &full, &also_empty};
  foi::SortedRuns<std::uint64_t>::merge(parts, [&](std::uint64_t k, const std::uint64_t& v) {
    CHECK(v == k * 10);
    got.push_back(k);
  });
  CHECK(got == std::vector<std::uint64_t>{1, 1, 3, 5, 7, 9});
  foi::SortedRuns<std::uint64_t> none(4);
  std::vector<foi::SortedRuns<std::uint64_t>*> nothing{&none};
  foi::SortedRuns<std::uint64_t>::merge(nothing, [&](std::uint64_t, const std::uint64_t&) { FAIL("no entry"); });
}
