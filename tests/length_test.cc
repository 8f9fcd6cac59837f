#include <cmath>
#include <cstring>

#include <catch2/catch.hpp>

#include "foi/cells.h"

using foi::LengthStatus;
using foi::parse_length;

TEST_CASE("length: every METHODS §5 example converts to months", "[length]") {
  CHECK(parse_length("3 years").months == 36);
  CHECK(parse_length("36 months").months == 36);
  CHECK(parse_length("1 yr").months == 12);
  CHECK(parse_length("18m").months == 18);
  CHECK(parse_length("12 mths").months == 12);
  CHECK(parse_length("annual").months == 12);
  CHECK(parse_length("rolling").status == LengthStatus::open);
}

TEST_CASE("length: combined and worded terms", "[length]") {
  CHECK(parse_length("1 year 6 months").months == 18);
  CHECK(parse_length("2 years and 3 months").months == 27);
  CHECK(parse_length("three years").months == 36);
  CHECK(parse_length("2.5 years").months == 30);
  CHECK(parse_length("52 weeks").months == 12);
}

TEST_CASE("length: a bare number needs the unit from its header", "[length]") {
  CHECK(parse_length("36", "months").months == 36);
  CHECK(parse_length("3", "years").months == 36);
  CHECK(parse_length("36").status == LengthStatus::unparseable);
  CHECK(parse_length("").status == LengthStatus::missing);
  CHECK(parse_length("N/A").status == LengthStatus::missing);
  CHECK(parse_length("3 fortnights").status == LengthStatus::unparseable);
}

TEST_CASE("length from dates counts both ends: 1 Apr 2013 to 31 Mar 2016 is 36.0", "[length]") {
  CHECK(foi::months_between(foi::to_day({2013, 4, 1}), foi::to_day({2016, 3, 31})) == 36.0);
  CHECK(foi::months_between(foi::to_day({2013, 4, 1}), foi::to_day({2014, 3, 31})) == 12.0);
  CHECK(foi::months_between(foi::to_day({2013, 4, 1}), foi::to_day({2013, 4, 30})) == 1.0);
  // Rounded to a tenth half away from zero, as std::round does, for every span up to 500 years and back.
  long differ = 0;
  for (int days = -2000; days <= 182'625; ++days) {
    const double expected = std::round((days + 1) / (365.25 / 12) * 10) / 10;
    const double got = foi::months_between(0, days);
    differ += std::memcmp(&expected, &got, sizeof got) != 0;
  }
  CHECK(differ == 0);
}
