#include "foi/report.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace {
foi::Results small() {
  foi::Results r;
  r.figures = {{"requests", 2}, {"responses", 1}, {"response_rate", 0.5}, {"contracts", 1}};
  foi::ShareRow row;
  row.name = "private";
  row.label = "=cmd|' /C calc'!A0";  // a label that a spreadsheet would run
  row.contracts = 1;
  r.by_type.push_back(row);
  foi::CcgRow c;
  c.code = "08K";
  c.name = "@SUM(1+1)";
  c.contracts = 1;
  r.by_ccg.push_back(c);
  r.comparison.push_back({{"response_rate", 0.93, 0.005, "BJGP", 3}, 0.5, false});
  return r;
}
}  // namespace

TEST_CASE("report: JSON has the documented sections in a stable order", "[report]") {
  auto text = foi::json_report(small());
  auto j = nlohmann::json::parse(text);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(text.find("\"figures\"") < text.find("\"by_type\""));
  CHECK(text.find("\"by_type\"") < text.find("\"by_group\""));
  CHECK(text.find("\"by_ccg\"") < text.find("\"by_year\""));
  CHECK(text.find("\"by_year\"") < text.find("\"data_quality\""));
  CHECK(j["figures"]["response_rate"] == 0.5);
  CHECK(j["comparison"][0]["within"] == false);
  CHECK(j["comparison"][0]["difference"].get<double>() == Approx(-0.43));
}

TEST_CASE("report: the comparison table says NOT reproduced when a figure is out of tolerance", "[report]") {
  auto text = foi::text_report(small());
  CHECK(text.find("Published figures NOT reproduced") != std::string::npos);
  CHECK(text.find("NO (±0.005)") != std::string::npos);
}

TEST_CASE("report: output CSVs neutralise cells a spreadsheet would run as formulas", "[report]") {
  auto dir = test::scratch("tables");
  foi::write_tables(small(), dir.string());
  for (auto f : {"by_type.csv", "by_group.csv", "by_ccg.csv", "by_provider.csv", "by_year.csv", "sensitivity.csv",
                 "data_quality.csv", "figures.json", "report.md"})
    CHECK(std::filesystem::exists(dir / f));
  auto by_type = test::slurp(dir / "by_type.csv");
  CHECK(by_type.find(",'=cmd|' /C calc'!A0,") != std::string::npos);
  CHECK(test::slurp(dir / "by_ccg.csv").find("08K,'@SUM(1+1),") != std::string::npos);
}
