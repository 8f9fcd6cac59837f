#include "huge_pages.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

namespace {

// The VmFlags of the mapping holding address a, from /proc/self/smaps; empty when not found.
std::string vm_flags_at(const void* a) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<std::uintptr_t>(a);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> from >> dash >> to && dash == '-') {
      inside = from <= at && at < to;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return {};
}

}  // namespace

TEST_CASE("huge pages: a large table is made value-initialised and its memory advised for huge pages", "[huge_pages]") {
  std::vector<std::uint64_t> big;
  foi::resize_on_huge_pages(big, std::size_t{8} << 17);  // 8 MiB
  REQUIRE(big.size() == std::size_t{8} << 17);
  CHECK(std::all_of(big.begin(), big.end(), [](std::uint64_t v) { return v == 0; }));
  // Where the kernel has transparent huge pages, the whole 2 MiB pages inside carry the advice.
  if (std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
    std::string flags = vm_flags_at(big.data() + big.size() / 2);
    REQUIRE(!flags.empty());
    CHECK(flags.find(" hg") != std::string::npos);
  }
}

TEST_CASE("huge pages: a small table is made as usual, and advice on a range with no whole huge page does nothing", "[huge_pages]") {
  std::vector<int> small;
  foi::resize_on_huge_pages(small, 1000);
  CHECK(small.size() == 1000);
  CHECK(std::all_of(small.begin(), small.end(), [](int v) { return v == 0; }));
  foi::advise_huge_pages(small.data(), small.size() * sizeof(int));
  foi::advise_huge_pages(nullptr, 0);
  small[999] = 7;  // still ordinary, writable memory
  CHECK(small[999] == 7);
}

TEST_CASE("huge pages: a large buffer starts on a huge page and is advised, a small one is plain memory", "[huge_pages]") {
  const std::size_t n = (std::size_t{3} << 20) / sizeof(std::uint64_t) + 5;  // 3 MiB and a little: not a whole number of huge pages
  auto big = foi::huge_buffer<std::uint64_t>(n);
  REQUIRE(big);
  CHECK(reinterpret_cast<std::uintptr_t>(big.get()) % (std::size_t{2} << 20) == 0);
  for (std::size_t i = 0; i < n; ++i) big[i] = i;  // every element is there to write
  CHECK(big[n - 1] == n - 1);
  if (std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
    std::string flags = vm_flags_at(big.get());
    REQUIRE(!flags.empty());
    CHECK(flags.find(" hg") != std::string::npos);
  }
  auto small = foi::huge_buffer<std::uint8_t>(100);
  REQUIRE(small);
  small[99] = 7;
  CHECK(small[99] == 7);
  CHECK(foi::huge_buffer<std::uint8_t>(0));  // a buffer of nothing is still a buffer to free
}
