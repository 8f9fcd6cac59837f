#include "text.h"

#include <catch2/catch.hpp>

TEST_CASE("text: fold lower-cases, removes accents and punctuation and reads & as and", "[text]") {
  CHECK(foi::text::fold("Total Value (£)") == "total value");
  CHECK(foi::text::fold("Schön  Clinic") == "schon clinic");
  CHECK(foi::text::fold("St Mungo’s & Broadway") == "st mungos and broadway");
  CHECK(foi::text::fold("  ") == "");
}

TEST_CASE("text: trim removes spaces, tabs, line breaks and no-break spaces", "[text]") {
  CHECK(foi::text::trim(" \t\xC2\xA0x y\xC2\xA0\r\n") == "x y");
  CHECK(foi::text::is_blank("\xC2\xA0 "));
  CHECK(foi::text::equal_ignoring_case("Provider", "PROVIDER"));
  CHECK(foi::text::split("a;b;;c", ';').size() == 4);
}
