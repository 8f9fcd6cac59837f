// LSD radix sort of 64-bit keys: linear in their number, and a fraction of
// a comparison sort's time on a million keys. Used for the values behind
// medians and Gini coefficients and the sums by CCG and provider of a file
// of many suppliers (src/analysis.cc), and the runs of a bounded duplicate
// check (src/repeated_hashes.cc).
#pragma once

#include <cstddef>
#include <cstdint>

namespace foi {

// Sorts keys ascending. The sort is stable.
void radix_sort(std::uint64_t* keys, std::size_t n);

// Sorts keys ascending, moving tags[i] with keys[i].
void radix_sort(std::uint64_t* keys, std::uint8_t* tags, std::size_t n);
void radix_sort(std::uint64_t* keys, std::uint32_t* tags, std::size_t n);
void radix_sort(std::uint64_t* keys, std::uint64_t* tags, std::size_t n);

}  // namespace foi
