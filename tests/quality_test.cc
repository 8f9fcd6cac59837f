#include <catch2/catch.hpp>

#include "foi/cells.h"

using foi::parse_quality;
using foi::Quality;

TEST_CASE("quality: yes for every METHODS §5 form of monitoring", "[quality]") {
  for (auto t : {"Yes", "Y", "y", "KPIs", "CQUIN", "Quality schedule", "Monthly review", "Quarterly review",
                 "Contract meetings", "Dashboard", "Audit", "Yes - via CQUIN", "Via the standard contract"})
    CHECK(parse_quality(t) == Quality::yes);
}

TEST_CASE("quality: no for every METHODS §5 negative", "[quality]") {
  for (auto t : {"No", "N", "None", "Not monitored", "No KPIs", "no"}) CHECK(parse_quality(t) == Quality::no);
}

TEST_CASE("quality: not stated when blank or unknown", "[quality]") {
  for (auto t : {"", " ", "N/A", "Not known", "Not held", "n/a"}) CHECK(parse_quality(t) == Quality::not_stated);
}

TEST_CASE("quality: keyword lists can be replaced", "[quality]") {
  foi::QualityKeywords k{{"ja"}, {"nein"}, {""}};
  CHECK(parse_quality("Ja", k) == Quality::yes);
  CHECK(parse_quality("Nein", k) == Quality::no);
  CHECK(parse_quality("", k) == Quality::not_stated);
}
