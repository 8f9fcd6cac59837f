#include "exact_sum.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

TEST_CASE("exact sums: amounts in pence add up to the penny, in any order", "[exact_sum]") {
  // As doubles, 0.1 + 0.2 + 0.3 is 0.6000000000000001 and 0.3 + 0.2 + 0.1 is 0.6.
  foi::ExactSum forwards, backwards;
  for (double v : {0.1, 0.2, 0.3}) forwards.add(v);
  for (double v : {0.3, 0.2, 0.1}) backwards.add(v);
  CHECK(forwards.pounds() == 0.6);
  CHECK(backwards.pounds() == 0.6);
}

TEST_CASE("exact sums: parts added up apart, then together, give the sum of the whole", "[exact_sum]") {
  std::vector<double> amounts;
  std::uint64_t x = 7;
  for (int i = 0; i < 10000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    amounts.push_back(static_cast<double>(x >> 40) / 100 + (i % 3 ? 0.01 : 1.0 / 3));  // pence, and thirds of a pound
  }
  foi::ExactSum whole, first, second;
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    whole.add(amounts[i]);
    (i % 7 < 3 ? first : second).add(amounts[amounts.size() - 1 - i]);  // another order, in two parts
  }
  first.add(second);
  CHECK(first.pounds() == whole.pounds());
}

TEST_CASE("exact sums: an amount taken back leaves no trace", "[exact_sum]") {
  foi::ExactSum a, b;
  a.add(1234.56);
  b.add(1234.56);
  b.add(0.1);
  b.add<-1>(foi::amount_of(0.1));
  CHECK(b.pounds() == a.pounds());
  foi::ExactSum part;
  part.add(0.7);
  b.add(part);
  b.take_back(part);
  CHECK(b.pounds() == 1234.56);
}

TEST_CASE("exact sums: an amount too large for the units is added apart, and taken back too", "[exact_sum]") {
  foi::ExactSum s;
  s.add(1e300);
  s.add(5.25);
  CHECK(s.pounds() == 1e300);
  s.add<-1>(foi::amount_of(1e300));
  CHECK(s.pounds() == 5.25);
  CHECK(foi::amount_of(-1e300).beyond == -1e300);
}

TEST_CASE("exact sums: 64-bit sums saturate rather than overflow", "[exact_sum]") {
  CHECK(foi::plus_units(INT64_MAX, 1) == INT64_MAX);
  CHECK(foi::plus_units(-INT64_MAX, -1) == -INT64_MAX);  // never INT64_MIN, so that a sum can be negated
  CHECK(foi::plus_units(40, -2) == 38);
  CHECK(foi::units_in_64(foi::amount_of(1e300)) == INT64_MAX);
  CHECK(foi::units_in_64(foi::amount_of(-1e300)) == -INT64_MAX);
  CHECK(foi::units_in_64(foi::amount_of(12.345)) == 123450);
}
