#include <cmath>
#include <cstring>

#include <catch2/catch.hpp>

#include "foi/cells.h"

using foi::LengthStatus;
using foi::parse_length;

TEST_CASE("length: every methods.md (Cells) example converts to months", "[length]") {
  CHECK(parse_length("3 years").months == 36);
  CHECK(parse_length("36 months").months == 36);
  CHECK(parse_length("1 yr").months == 12);
  CHECK(parse_length("18m").months == 18);
  CHECK(parse_length("12 mths").months == 12);
  CHECK(parse_length("annual").months == 12);
  CHECK(parse_length("rolling").status == LengthStatus::open);
}

TEST_CASE("length: a term in years and months, in words or figures, reads as its months", "[length]") {
  CHECK(parse_length("1 year 6 months").months == 18);
  CHECK(parse_length("2 years and 3 months").months == 27);
  CHECK(parse_length("three years").months == 36);
  CHECK(parse_length("Three (3) years").months == 36);  // the figure after the word, in brackets
  CHECK(parse_length("Two (2) years and six (6) months").months == 30);
  CHECK(parse_length("2.5 years").months == 30);
  CHECK(parse_length("52 weeks").months == 12);
}

TEST_CASE("length: a rolling contract's term is its length", "[length]") {
  for (auto t : {"12 months rolling", "1 year rolling", "12 months (rolling)", "1 year on a rolling basis",
                 "12 months then rolling"}) {
    INFO(t);
    CHECK(parse_length(t).status == LengthStatus::ok);
    CHECK(parse_length(t).months == 12);
    CHECK_FALSE(parse_length(t).first_term);
  }
  for (auto t : {"Rolling", "rolling monthly", "Until terminated", "Until further notice", "No end date"}) {
    INFO(t);
    CHECK(parse_length(t).status == LengthStatus::open);
  }
}

TEST_CASE("length: a length with options to extend it is its first term, marked so", "[length]") {
  for (auto [text, months] : {std::pair{"3+2 years", 36.0}, {"3 + 1 + 1 years", 36.0}, {"3 years + 2 years", 36.0},
                              {"3 years (plus 1 year extension)", 36.0}, {"2 years + 12 month option", 24.0},
                              {"24 months with an option to extend by 12", 24.0}, {"1.5+1 yrs", 18.0},
                              {"3 years plus 2", 36.0}, {"3 (+2) years", 36.0}}) {
    INFO(text);
    const foi::Length l = parse_length(text);
    CHECK(l.status == LengthStatus::ok);
    CHECK(l.months == months);
    CHECK(l.first_term);
  }
  // "with" that names no option to extend is not one; nor is a term without a unit anywhere.
  CHECK(parse_length("3 years with review").status == LengthStatus::unparseable);
  CHECK(parse_length("3+2").status == LengthStatus::unparseable);
  CHECK(parse_length("3+2", "years").months == 36);
  CHECK_FALSE(parse_length("2 years and 3 months").first_term);
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

TEST_CASE("length: a length its writer kept as text is that length", "[length]") {
  CHECK(parse_length("'36", "months").months == 36);
  CHECK(parse_length("=\"3 years\"").months == 36);
}

TEST_CASE("length: the same length said again in brackets is that length", "[length]") {
  CHECK(parse_length("3 years (36 months)").months == 36);
  CHECK(parse_length("24 months (2 years)").months == 24);
  CHECK(parse_length("24 (2 years)", "months").months == 24);
  CHECK(parse_length("3 years (approx)").status == LengthStatus::unparseable);
}

TEST_CASE("length: a rolling annual term, counted terms, a bracketed unit and a start beside the length", "[length]") {
  CHECK(parse_length("Annual (rolling)").months == 12);
  CHECK(parse_length("Annual (rolling)").status == LengthStatus::ok);
  CHECK(parse_length("annual rolling").months == 12);
  CHECK(parse_length("2 x 12 months").months == 24);
  CHECK(parse_length("3x1 year").months == 36);
  CHECK(parse_length("2 x 12", "months").months == 24);
  CHECK(parse_length("3 (years)").months == 36);
  CHECK(parse_length("18 (months)").months == 18);
  CHECK(parse_length("3 years from April 2014").months == 36);
  CHECK(parse_length("36 months commencing 01/04/2014").months == 36);
  CHECK(parse_length("3 years from now").status == LengthStatus::unparseable);
  CHECK(parse_length("2 x many").status == LengthStatus::unparseable);
}
