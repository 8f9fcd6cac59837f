#include "foi/study.h"

#include <catch2/catch.hpp>

#include "test_util.h"

TEST_CASE("study: the sample's study file lists the published figures", "[study]") {
  auto s = foi::load_study(test::source("data/samples/bjgp2019/study.toml"));
  CHECK(s.years.first == 2013);
  CHECK(s.years.last == 2015);
  REQUIRE(s.expect.size() == 8);
  CHECK(s.expect[0].figure == "response_rate");
  CHECK(s.expect[0].value == 0.93);
  CHECK(s.expect[0].tolerance == 0.005);
}

TEST_CASE("study: settings, groupings, quality keywords and aliases are read", "[study]") {
  auto dir = test::scratch("study");
  test::write_file(dir / "s.toml",
                   "[study]\nfirst_year = \"2014/15\"\nlast_year = \"2016/17\"\nlow_value_threshold = 25000\n"
                   "hhi_bands = \"2023\"\n[groupings]\nnhs_only_ft = [\"nhs_foundation_trust\"]\n"
                   "[quality]\nno = [\"Nope\"]\n[aliases]\n\"Organisation commissioned\" = \"provider\"\n");
  auto s = foi::load_study((dir / "s.toml").string());
  CHECK(s.years.first == 2014);
  CHECK(s.years.last == 2016);
  CHECK(s.low_value_threshold == 25000);
  CHECK(s.bands.moderate == 1000);
  CHECK(s.bands.high == 1800);
  CHECK(s.groupings.back().name == "nhs_only_ft");
  CHECK(s.quality.no == std::vector<std::string>{"nope"});
  REQUIRE(s.aliases.entries.size() == 1);
  CHECK(s.aliases.entries[0].first == "organisation commissioned");
}

TEST_CASE("study: two aliases for one header, as headers are compared, mapped to two fields are refused at the "
          "second",
          "[study]") {
  auto dir = test::scratch("study-aliases");
  test::write_file(dir / "s.toml", "[aliases]\n\"Amount\" = \"value\"\n\"amount \" = \"value\"\n\"AMOUNT\" = \"service\"\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "s.toml").string()),
                    Catch::Contains("s.toml:4:") && Catch::Contains("on line 2, mapped to value; keep one"));
  // The same field twice decides nothing new, and is read.
  test::write_file(dir / "t.toml", "[aliases]\n\"Amount\" = \"value\"\n\"amount \" = \"value\"\n");
  CHECK(foi::load_study((dir / "t.toml").string()).aliases.entries.size() == 2);
}

TEST_CASE("study: a key a hundred thousand characters long is refused with the key shown cut short", "[study]") {
  auto dir = test::scratch("study-long-key");
  test::write_file(dir / "s.toml", "[study]\n" + std::string(100000, 'k') + " = 1\n");
  try {
    (void)foi::load_study((dir / "s.toml").string());
    FAIL("read without a word");
  } catch (const foi::Error& e) {
    CHECK(e.where().line == 2);
    CHECK(e.message().find("unknown setting '" + std::string(80, 'k') + "...'") == 0);
    CHECK(e.message().size() < 300);
  }
}

TEST_CASE("study: mistakes are reported with file, line and column", "[study]") {
  auto dir = test::scratch("study-bad");
  test::write_file(dir / "a.toml", "[study]\nfirst_year = \"next year\"\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "a.toml").string()), Catch::Contains("a.toml:2:") && Catch::Contains("financial year"));
  test::write_file(dir / "b.toml", "[groupings]\nx = [\"privat\"]\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "b.toml").string()), Catch::Contains("b.toml:2:") && Catch::Contains("privat"));
  test::write_file(dir / "c.toml", "[study\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "c.toml").string()), Catch::Contains("c.toml:1:"));
  // Years the wrong way round: at last_year, or at first_year when last_year is left to its default.
  test::write_file(dir / "e.toml", "[study]\nfirst_year = \"2015/16\"\nlast_year = \"2013/14\"\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "e.toml").string()),
                    Catch::Equals((dir / "e.toml").string() + ":3:13: last_year 2013/14 is before first_year 2015/16"));
  test::write_file(dir / "f.toml", "[study]\nfirst_year = \"2016/17\"\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "f.toml").string()),
                    Catch::Equals((dir / "f.toml").string() +
                                  ":2:14: last_year 2015/16 is before first_year 2016/17 (last_year is not set, and "
                                  "defaults to 2015/16)"));
  // A key given twice: named as the file writes it, at its second line.
  test::write_file(dir / "g.toml", "[study]\nname = \"A\"\n  \"name\" = \"B\"\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "g.toml").string()),
                    Catch::Equals((dir / "g.toml").string() +
                                  ":3:3: \"name\" is given twice: an earlier line gives it already; keep one"));
  test::write_file(dir / "d.toml", "[study]\ncolour = \"blue\"\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "d.toml").string()), Catch::Contains("unknown setting 'colour'"));
}

TEST_CASE("study: values that would give impossible figures are refused where they are written", "[study]") {
  auto dir = test::scratch("study-values");
  auto refused = [&](const std::string& name, const std::string& text, const std::string& where,
                     const std::string& what) {
    INFO(text);
    test::write_file(dir / name, text);
    CHECK_THROWS_WITH(foi::load_study((dir / name).string()),
                      Catch::Contains((dir / name).string() + where) && Catch::Contains(what));
  };
  refused("twice.toml", "[groupings]\nx = [\"private\", \"private\"]\n", ":2:", "grouping 'x' names 'private' twice");
  refused("dot.toml", "[groupings]\n\"a.b\" = [\"private\"]\n", ":2:", "may hold only letters, digits, _ and -");
  refused("bands.toml", "[study]\nhhi_bands = [8000, 7000]\n", ":2:", "0 < moderate < high <= 10000");
  refused("low.toml", "[study]\nlow_value_threshold = -5\n", ":2:", "low_value_threshold cannot be negative");
  refused("nan.toml", "[study]\nlow_value_threshold = nan\n", ":2:", "expected a number");
  refused("tolerance.toml", "[[expect]]\nfigure = \"contracts\"\nvalue = 3\ntolerance = -0.01\n", ":4:",
          "a tolerance cannot be negative");
  refused("value.toml", "[[expect]]\nfigure = \"contracts\"\nvalue = \"3\"\n", ":3:", "value = number");
  refused("year.toml", "[study]\nfirst_year = 4294969309\n", ":2:", "not a financial year this tool reads");
  refused("old.toml", "[study]\nfirst_year = \"1066/67\"\n", ":2:", "not a financial year this tool reads");
}

TEST_CASE("study: a section of the wrong kind is refused, not passed over: [expect] would check nothing", "[study]") {
  auto dir = test::scratch("study-kinds");
  test::write_file(dir / "one.toml", "[expect]\nfigure = \"contracts\"\nvalue = 3\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "one.toml").string()),
                    Catch::Contains("one.toml:1:") && Catch::Contains("[[expect]] table, with two brackets"));
  test::write_file(dir / "study.toml", "study = \"bjgp\"\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "study.toml").string()),
                    Catch::Contains("study.toml:1:") && Catch::Contains("study is a table: write it as [study]"));
}

TEST_CASE("study: an expectation is placed at its figure's name, not at its [[expect]] line", "[study]") {
  auto dir = test::scratch("study-expect-at");
  test::write_file(dir / "at.toml", "[[expect]]\nvalue = 1\ntolerance = 0\n  figure = \"contract\"\n");
  const auto s = foi::load_study((dir / "at.toml").string());
  REQUIRE(s.expect.size() == 1);
  CHECK(s.expect[0].line == 4);
  CHECK(s.expect[0].column == 12);
}

TEST_CASE("study: a misspelt or misplaced key is an error at its line, not left out", "[study]") {
  auto dir = test::scratch("study-keys");
  // A study setting outside [study] would leave the default years in force.
  test::write_file(dir / "top.toml", "first_year = \"2014/15\"\n[study]\nname = \"x\"\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "top.toml").string()),
                    Catch::Contains("top.toml:1:") && Catch::Contains("unknown setting 'first_year' at the top") &&
                        Catch::Contains("[study]"));
  // A misspelt tolerance would compare the figure exactly.
  test::write_file(dir / "expect.toml", "[[expect]]\nfigure = \"contracts\"\nvalue = 3\ntolernace = 0.5\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "expect.toml").string()),
                    Catch::Contains("expect.toml:4:") && Catch::Contains("unknown setting 'tolernace' in [[expect]]"));
  test::write_file(dir / "quality.toml", "[quality]\nyess = [\"y\"]\n");
  CHECK_THROWS_WITH(foi::load_study((dir / "quality.toml").string()),
                    Catch::Contains("quality.toml:2:") && Catch::Contains("unknown setting 'yess' in [quality]"));
}
