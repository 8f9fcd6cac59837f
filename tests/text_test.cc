#include "text.h"

#include <catch2/catch.hpp>

TEST_CASE("text: fold lower-cases, removes accents and punctuation and reads & as and", "[text]") {
  CHECK(foi::text::fold("Total Value (£)") == "total value");
  CHECK(foi::text::fold("Schön  Clinic") == "schon clinic");
  CHECK(foi::text::fold("St Mungo’s & Broadway") == "st mungos and broadway");
  CHECK(foi::text::fold("  ") == "");
  // Found by fuzzing: signs in the Latin-1 block are not letters, so folding
  // only ever gives letters, digits and single spaces.
  CHECK(foi::text::fold("2\xC3\x97" "3\xC3\xB7" "4") == "2 3 4");
  CHECK(foi::text::fold(std::string("a\xC3\xC3\x17" "b")) == foi::text::fold(foi::text::fold(std::string("a\xC3\xC3\x17" "b"))));
}

TEST_CASE("text: trim removes spaces, tabs, line breaks and no-break spaces", "[text]") {
  CHECK(foi::text::trim(" \t\xC2\xA0x y\xC2\xA0\r\n") == "x y");
  CHECK(foi::text::is_blank("\xC2\xA0 "));
  CHECK(foi::text::equal_ignoring_case("Provider", "PROVIDER"));
  CHECK(foi::text::split("a;b;;c", ';').size() == 4);
}
