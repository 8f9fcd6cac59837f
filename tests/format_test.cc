#include "foi/format.h"

#include <catch2/catch.hpp>

TEST_CASE("csv: cells that would run as formulas get a leading apostrophe", "[format]") {
  CHECK(foi::csv_text("=SUM(A1)") == "'=SUM(A1)");
  CHECK(foi::csv_text("+44 20") == "'+44 20");
  CHECK(foi::csv_text("-cmd") == "'-cmd");
  CHECK(foi::csv_text("@x") == "'@x");
  CHECK(foi::csv_text("Oxleas NHS FT") == "Oxleas NHS FT");
  CHECK(foi::csv_number(-1234.5) == "-1234.5");
}

TEST_CASE("csv: commas, quotes and line breaks are quoted", "[format]") {
  CHECK(foi::csv_text("a,b") == "\"a,b\"");
  CHECK(foi::csv_text("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(foi::csv_text("two\nlines") == "\"two\nlines\"");
  CHECK(foi::csv_number(std::nullopt).empty());
}

TEST_CASE("json: strings are escaped and numbers are shortest round-trip", "[format]") {
  CHECK(foi::json_string("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
  CHECK(foi::json_number(0.653) == "0.653");
  CHECK(foi::json_number(12.0) == "12");
  CHECK(foi::json_number(std::nullopt) == "null");
}

TEST_CASE("human formats: pounds with separators and percentages to one decimal", "[format]") {
  CHECK(foi::pounds(1234567.891) == "£1,234,568");
  CHECK(foi::pounds(1234567.891, 2) == "£1,234,567.89");
  CHECK(foi::pounds(-500) == "-£500");
  CHECK(foi::percent(0.6534) == "65.3%");
  CHECK(foi::thousands(1234) == "1,234");
}
