#include "foi/columns.h"

#include <catch2/catch.hpp>
#include <string>

#include "foi/error.h"
#include "test_util.h"

using foi::Field;

TEST_CASE("columns: a value header in thousands or millions of pounds, or in pence, sets its scale and still names its field",
          "[columns]") {
  struct Case {
    const char* header;
    Field field;
    double scale;
  };
  const Case cases[] = {
      {"Contract Value (£000s)", Field::value, 1e3},
      {"Value £'000", Field::value, 1e3},
      {"Annual value (£000's)", Field::value, 1e3},
      {"Value (£k)", Field::value, 1e3},
      {"Total value (£ thousands)", Field::value, 1e3},
      {"Contract value (GBP '000)", Field::value, 1e3},
      {"Value £m", Field::value, 1e6},
      {"Contract value (£ millions)", Field::value, 1e6},
      {"2013/14 (£000)", Field::value_year, 1e3},
      {"Value 2014/15 (£m)", Field::value_year, 1e6},
      {"Apr13-Mar14", Field::value_year, 1},
      {"April 2014 - March 2015 (£000)", Field::value_year, 1e3},
      {"Contract value (000s)", Field::value, 1e3},
      {"Spend (£, thousands)", Field::value, 1e3},
      {"Value £’000", Field::value, 1e3},  // a typographic apostrophe
      // Whole pence, as a finance system exports them.
      {"Value (pence)", Field::value, 0.01},
      {"Value (p)", Field::value, 0.01},
      {"Contract value in pence", Field::value, 0.01},
      {"2013/14 (p)", Field::value_year, 0.01},
      // Pounds as they are.
      {"Total value (£)", Field::value, 1},
      {"Annual value (p.a.)", Field::value, 1},
      {"Value (pa)", Field::value, 1},
      {"Contract value in pounds", Field::value, 1},
      {"Value 2014/15 (£)", Field::value_year, 1},
      // The years of a whole value, or its prices, name no one year's column.
      {"Total value 2012/13 - 2015/16", Field::value, 1},
      {"Contract value (2012/13 prices) £000", Field::value, 1e3},
      {"2013/14 (Apr13-Mar14)", Field::value_year, 1},
      {"FY2013/14 to FY2015/16 total", Field::value, 1},
      // A year's column in another year's prices, or two years without a total's word: the first year's.
      {"Value 2013/14 (2015/16 prices)", Field::value_year, 1},
      {"2015/16 (2014/15 prices)", Field::value_year, 1},
      {"2013/14 & 2014/15", Field::value_year, 1},
      {"2013/14 prices", Field::value_year, 1},
      {"Contract value", Field::value, 1},
      // A number's own unit is not the column's: "spending over £25k" files.
      {"Value over £25,000", Field::value, 1},
      {"Amount over £25 000", Field::value, 1},
      {"Total value of contracts over £1 million", Field::value, 1},
      // A unit word in a header of another field scales nothing.
      {"Duration (months)", Field::length, 1},
      {"Provider (000s of them)", Field::provider, 1},
  };
  for (const auto& c : cases) {
    INFO(c.header);
    const auto m = foi::match_header(c.header);
    CHECK(m.field == c.field);
    CHECK(m.scale == c.scale);
  }
  // The unit is not part of the name: "Contract Value (£000s)" is the alias "contract value", not a keyword guess.
  CHECK(foi::match_header("Contract Value (£000s)").exact);
}

TEST_CASE("columns: a user's alias for a value header keeps the header's unit", "[columns]") {
  foi::HeaderAliases a{{{"cost 000s", Field::value}}};
  const auto m = foi::match_header("Cost (£000s)", a);
  CHECK(m.field == Field::value);
  CHECK(m.exact);
  CHECK(m.scale == 1e3);
}

TEST_CASE("columns: headers as finance systems and returns word them name their fields", "[columns]") {
  struct Case {
    const char* header;
    Field field;
    const char* unit;
    bool exact = true;  // an alias, not a keyword rule
  };
  const Case cases[] = {
      {"Vendor", Field::provider, ""},
      {"Vendor name", Field::provider, ""},
      {"Payee", Field::provider, ""},
      {"Company", Field::provider, ""},
      {"Vendor ODS code", Field::provider_code, "", false},
      {"Legal status", Field::provider_type, ""},
      {"Vendor type", Field::provider_type, "", false},
      {"Classification", Field::provider_type, ""},
      {"NHS / Non-NHS", Field::provider_type, ""},
      {"NHS or Independent", Field::provider_type, ""},
      {"Name of Organisation contracted", Field::provider, "", false},
      {"Company commissioned", Field::provider, "", false},
      {"Date from", Field::start_date, ""},
      {"Effective from", Field::start_date, ""},

      {"Date to", Field::end_date, ""},
      {"Valid until", Field::end_date, ""},

      {"Years", Field::length, "years"},
      {"No. of years", Field::length, "years"},
      {"Number of months", Field::length, "months"},
      {"Contract dates", Field::length, ""},  // a period of two dates, which a length cell reads
      {"Dates", Field::length, ""},
      {"Dates of contract", Field::length, "", false},
      // "Spending over £25,000" files: the paying body, the expense and each payment's date.
      {"Entity", Field::ccg, ""},
      {"Expense type", Field::service, ""},
      {"Date", Field::payment_date, ""},
      {"Transaction date", Field::payment_date, ""},
  };
  for (const Case& c : cases) {
    INFO(c.header);
    const foi::HeaderMatch m = foi::match_header(c.header);
    CHECK(m.field == c.field);
    CHECK(m.exact == c.exact);
    CHECK(m.unit == c.unit);
  }
  // Words that leave nothing but are no unit name nothing.
  for (const char* header : {"GBP", "VAT", "Number of", "Spend to date"}) {
    INFO(header);
    CHECK(foi::match_header(header).field != Field::length);
    CHECK(foi::match_header(header).field != Field::end_date);
  }
}

TEST_CASE("columns: a contract's whole value beats an annual one, whichever comes first", "[columns]") {
  for (const std::vector<std::string>& header : {std::vector<std::string>{"Provider", "Annual value", "Contract value"},
                                                 std::vector<std::string>{"Provider", "Contract value", "Annual value"}}) {
    const foi::ColumnMap m = foi::map_columns(header);
    REQUIRE(m.of(Field::value));
    CHECK(m.of(Field::value)->header == "Contract value");
  }
}

TEST_CASE("columns: a second column naming a field, with no rule to choose between them, is set aside and listed",
          "[columns]") {
  const foi::ColumnMap m = foi::map_columns({"Provider", "Contract value", "Service", "Contract value", "Provider name"});
  REQUIRE(m.of(Field::value));
  CHECK(m.of(Field::value)->index == 1);
  CHECK(m.columns[3].match.field == Field::extra);
  CHECK(m.set_aside == std::vector<std::pair<std::size_t, std::size_t>>{{3, 1}, {4, 0}});
  // Chosen by a rule: a whole value over an annual one, a user's alias over a keyword, the CCG's second column.
  CHECK(foi::map_columns({"Provider", "Annual value", "Contract value"}).set_aside.empty());
  foi::HeaderAliases user;
  user.entries.emplace_back("contracted sum", Field::value);
  CHECK(foi::map_columns({"Provider", "Overall cost", "Contracted sum"}, user).set_aside.empty());
  // A user's alias beats a built-in one, wherever it stands.
  user.entries.emplace_back("amount paid", Field::value);
  for (const std::vector<std::string>& header : {std::vector<std::string>{"Provider", "Contract value", "Amount paid"},
                                                 std::vector<std::string>{"Provider", "Amount paid", "Contract value"}}) {
    const foi::ColumnMap mapped = foi::map_columns(header, user);
    REQUIRE(mapped.of(Field::value));
    CHECK(mapped.of(Field::value)->header == "Amount paid");
    CHECK(mapped.set_aside.empty());
  }
  // A keyword's total beats no alias: the alias is read, whichever comes first.
  for (const std::vector<std::string>& header : {std::vector<std::string>{"Provider", "Total cost", "Contract value"},
                                                 std::vector<std::string>{"Provider", "Contract value", "Total cost"}})
    CHECK(foi::map_columns(header).of(Field::value)->header == "Contract value");
  CHECK(foi::map_columns({"CCG Code", "CCG Name", "Provider", "Value"}).set_aside.empty());
}

TEST_CASE("columns: a bare ODS code right of the provider names is the provider's code, elsewhere the CCG's",
          "[columns]") {
  const auto beside = foi::map_columns({"Provider", "ODS Code", "Value"});
  REQUIRE(beside.of(Field::provider_code));
  CHECK(beside.of(Field::provider_code)->index == 1);
  CHECK_FALSE(beside.of(Field::ccg));
  const auto first = foi::map_columns({"ODS Code", "CCG name", "Provider", "Value"});
  REQUIRE(first.of(Field::ccg));
  CHECK(first.of(Field::ccg)->index == 0);
  CHECK_FALSE(first.of(Field::provider_code));
  const auto organisation = foi::map_columns({"Organisation", "ODS Code", "Value"});
  CHECK(organisation.of(Field::provider)->index == 0);
  CHECK(organisation.of(Field::provider_code)->index == 1);
  // A provider code column of its own: the bare one stays the CCG's.
  const auto both = foi::map_columns({"Provider", "ODS Code", "Provider code", "Value"});
  CHECK(both.of(Field::provider_code)->index == 2);
  CHECK(both.of(Field::ccg)->index == 1);
}

TEST_CASE("columns: a lower header row under cells merged across it, or of words stacked under the top's, completes the "
          "header; a data row does not",
          "[columns]") {
  const std::vector<std::string> top = {"Provider", "Contract", "", "Contract value", "Quality"};
  CHECK(foi::completes_header(top, {"", "Start", "End", "", "monitoring"}));
  // A row of a contract whose provider cell is empty: its cells are data.
  CHECK_FALSE(foi::completes_header(top, {"", "01/04/2013", "31/03/2016", "", "Yes"}));
  CHECK_FALSE(foi::completes_header(top, {"", "", "", "£5,000", ""}));
  // A provider named under the provider header is a contract, whatever else the row holds.
  CHECK_FALSE(foi::completes_header(top, {"Mind", "Start", "End", "", "monitoring"}));
  // Words that name nothing more: not a header row.
  CHECK_FALSE(foi::completes_header(top, {"", "see notes", "", "", ""}));
  // Under a top row of no merged cells, a row of words is a contract's, its provider missing.
  const std::vector<std::string> unmerged = {"Provider", "Service", "Contract value", "Start date", "End date",
                                             "Comments"};
  CHECK_FALSE(foi::completes_header(unmerged, {"", "Crisis line", "see note 1", "", "", "Voluntary sector"}));
  // Words stacked in their columns ("Contract" over "value"), as wrapped text or a PDF gives them: joined when
  // they name a column the top alone does not.
  const std::vector<std::string> stacked = {"Provider", "Service", "Contract", "Quality"};
  CHECK(foi::completes_header(stacked, {"", "", "value", "monitoring"}));
  const auto wrapped = foi::map_columns(foi::join_header_rows(stacked, {"", "", "value", "monitoring"}));
  CHECK(wrapped.of(Field::value)->index == 2);
  CHECK(wrapped.of(Field::quality)->index == 3);
  CHECK_FALSE(foi::completes_header(stacked, {"", "Advocacy", "block", "quarterly"}));
  const auto joined = foi::map_columns(foi::join_header_rows(top, {"", "Start", "End", "", "monitoring"}));
  CHECK(joined.of(Field::start_date)->index == 1);
  CHECK(joined.of(Field::end_date)->index == 2);
  CHECK(joined.of(Field::quality)->index == 4);
}

TEST_CASE("columns: of two columns naming the CCG, the second is kept as the one to fall back on", "[columns]") {
  const auto m = foi::map_columns({"CCG Code", "CCG Name", "Provider", "Value"});
  REQUIRE(m.of(Field::ccg));
  CHECK(m.of(Field::ccg)->index == 0);
  CHECK(m.second_ccg == 1);
  CHECK(foi::map_columns({"CCG", "Provider", "Value"}).second_ccg == -1);
  // A lead commissioner may rightly be another CCG: no second CCG column. A CCG's name by a keyword is one.
  CHECK(foi::map_columns({"CCG Code", "Lead commissioner", "Provider", "Value"}).second_ccg == -1);
  CHECK(foi::map_columns({"CCG Code", "Name of CCG", "Provider", "Value"}).second_ccg == 1);
}

TEST_CASE("columns: an aliases file is read row by row, and a quote never closed in it is an error at its line, not "
          "a row read otherwise",
          "[columns]") {
  auto dir = test::scratch("aliases-file");
  test::write_file(dir / "good.csv", "header,field\nOrganisation commissioned,provider\n\"Sum, in pounds\",value\n");
  const foi::HeaderAliases good = foi::load_header_aliases((dir / "good.csv").string());
  REQUIRE(good.entries.size() == 2);
  CHECK(good.entries[1].second == foi::Field::value);
  test::write_file(dir / "bad.csv", "header,field\nOrganisation commissioned,provider\n\"Sum, in pounds,value\n");
  try {
    (void)foi::load_header_aliases((dir / "bad.csv").string());
    FAIL("read without a word");
  } catch (const foi::Error& e) {
    CHECK(e.where().line == 3);
    CHECK(e.message().find("never closed") != std::string::npos);
  }
}

TEST_CASE("columns: an aliases file mapping one header to two fields is refused at the second line", "[columns]") {
  auto dir = test::scratch("aliases-twice");
  test::write_file(dir / "a.csv", "header,field\nAmount,value\n amount ,value\nAMOUNT,service\n");
  try {
    (void)foi::load_header_aliases((dir / "a.csv").string());
    FAIL("read without a word");
  } catch (const foi::Error& e) {
    CHECK(e.where().line == 4);
    CHECK(e.where().column == 2);
    CHECK(e.message() == "'AMOUNT' is mapped to value on line 2 and to service here; keep one");
  }
}
