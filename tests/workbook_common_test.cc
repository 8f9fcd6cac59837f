// What the workbook readers share: sheet names told apart, and cell text
// as a line of CSV holds it.
#include "workbook_common.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using foi::detail::append_csv_cell;
using foi::detail::clean_cell_text;
using foi::detail::distinct_names;
using foi::detail::mend_surrogates;
using foi::detail::number_text;

TEST_CASE("workbook common: a sheet name given before gets '#' and its position, and a name taken gets it again",
          "[workbook]") {
  CHECK(distinct_names({"Contracts", "Other", "Contracts"}) ==
        std::vector<std::string>{"Contracts", "Other", "Contracts#3"});
  // A later sheet is named "Contracts#3" itself: the repeated one may not take its name.
  CHECK(distinct_names({"Contracts", "Other", "Contracts", "Contracts#3"}) ==
        std::vector<std::string>{"Contracts", "Other", "Contracts#3#3", "Contracts#3"});
  CHECK(distinct_names({"A", "B"}) == std::vector<std::string>{"A", "B"});
}

TEST_CASE("workbook common: a number is written with Excel's 15 significant digits, without exponent",
          "[workbook]") {
  CHECK(number_text(0) == "0");
  CHECK(number_text(-0.0) == "0");
  CHECK(number_text(1250000) == "1250000");
  CHECK(number_text(310000.5) == "310000.5");
  CHECK(number_text(0.1 + 0.2) == "0.3");
  CHECK(number_text(1e20) == "100000000000000000000");
  CHECK(number_text(std::numeric_limits<double>::quiet_NaN()) == "#NUM!");
  CHECK(number_text(std::numeric_limits<double>::infinity()) == "#NUM!");
}

TEST_CASE("workbook common: a cell's line breaks and control bytes become spaces, and CSV quotes what needs it",
          "[workbook]") {
  std::string s = "All values\r\nexclude\x01VAT\tnet";
  clean_cell_text(s);
  CHECK(s == "All values exclude VAT\tnet");
  std::string csv;
  for (std::string_view cell : {"Mind", "Smith, Jones", "the \"Trust\""}) {
    append_csv_cell(csv, cell);
    csv += '|';
  }
  CHECK(csv == "Mind|\"Smith, Jones\"|\"the \"\"Trust\"\"\"|");
}

TEST_CASE("workbook text: a surrogate encoded as UTF-8 becomes U+FFFD, the text around it kept", "[workbook]") {
  std::string s = "Caf\xC3\xA9 \xED\xA0\x80 \xED\xBF\xBF\xED\x9F\xBF end \xED";
  mend_surrogates(s);
  CHECK(s == "Caf\xC3\xA9 \xEF\xBF\xBD \xEF\xBF\xBD\xED\x9F\xBF end \xED");  // U+D7FF is a character
  std::string plain = "Mind \xE2\x80\x93 Counselling";
  mend_surrogates(plain);
  CHECK(plain == "Mind \xE2\x80\x93 Counselling");
}
