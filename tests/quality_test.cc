#include <catch2/catch.hpp>

#include "foi/cells.h"

using foi::parse_quality;
using foi::Quality;

TEST_CASE("quality: yes for every methods.md (Cells) form of monitoring", "[quality]") {
  for (auto t : {"Yes", "Y", "y", "KPIs", "CQUIN", "Quality schedule", "Monthly review", "Quarterly review",
                 "Contract meetings", "Dashboard", "Audit", "Yes - via CQUIN", "Via the standard contract"})
    CHECK(parse_quality(t) == Quality::yes);
}

TEST_CASE("quality: no for every methods.md (Cells) negative", "[quality]") {
  for (auto t : {"No", "N", "None", "Not monitored", "No KPIs", "no"}) CHECK(parse_quality(t) == Quality::no);
}

TEST_CASE("quality: nothing, never and unmonitored are no, not descriptions of monitoring", "[quality]") {
  for (auto t : {"Nothing", "Never", "Nothing formal", "Never monitored", "Unmonitored",
                 "Quarterly review not in place"}) {
    INFO(t);
    CHECK(parse_quality(t) == Quality::no);
  }
  // Inside a description the words do not make it a no.
  CHECK(parse_quality("Monthly review; nothing outstanding") == Quality::yes);
}

TEST_CASE("quality: a negative of two words or more is no wherever it stands; one word only at the start",
          "[quality]") {
  CHECK(parse_quality("Spot purchase - no monitoring") == Quality::no);
  CHECK(parse_quality("Block contract, not monitored") == Quality::no);
  CHECK(parse_quality("Quarterly review; no KPIs") == Quality::no);
  // One word inside a description qualifies it: still monitoring.
  CHECK(parse_quality("Quarterly KPIs, no CQUIN") == Quality::yes);
  CHECK(parse_quality("Reviewed monthly, not quarterly") == Quality::yes);
}

TEST_CASE("quality: not stated when blank or unknown", "[quality]") {
  for (auto t : {"", " ", "N/A", "Not known", "Not held", "n/a"}) CHECK(parse_quality(t) == Quality::not_stated);
}

TEST_CASE("quality: not stated when still to be settled, or when a template's Y/N was sent back as it was",
          "[quality]") {
  for (auto t : {"N/K", "TBA", "To be confirmed", "To be agreed", "Y/N", "Yes / No", "Yes or No"}) {
    INFO(t);
    CHECK(parse_quality(t) == Quality::not_stated);
  }
  // A choice made is still read.
  CHECK(parse_quality("Y") == Quality::yes);
  CHECK(parse_quality("Yes - agreed KPIs") == Quality::yes);
}

TEST_CASE("quality: a not-stated answer with a remark after it stays not stated; not yet, not required and a "
          "spreadsheet's FALSE are no",
          "[quality]") {
  for (auto s : {"N/A - spot purchase", "N/A (spot purchase)", "n/a \xE2\x80\x93 via lead CCG", "Not known (lead CCG)",
                 "Not applicable - block contract"})
    CHECK(parse_quality(s) == Quality::not_stated);
  for (auto s : {"KPIs not yet agreed", "Monitoring not required", "Not currently", "FALSE", "0", "Quality schedule not agreed"})
    CHECK(parse_quality(s) == Quality::no);
  for (auto s : {"TRUE", "1", "Monthly reviews", "Nationally agreed KPIs"}) CHECK(parse_quality(s) == Quality::yes);
}

TEST_CASE("quality: keyword lists can be replaced", "[quality]") {
  foi::QualityKeywords k{{"ja"}, {"nein"}, {""}};
  CHECK(parse_quality("Ja", k) == Quality::yes);
  CHECK(parse_quality("Nein", k) == Quality::no);
  CHECK(parse_quality("", k) == Quality::not_stated);
}
