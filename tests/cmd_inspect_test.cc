// `inspect` end to end: the real binary on real-looking files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace fs = std::filesystem;
using test::source;
using test::run_tool;

TEST_CASE("inspect: --records reproduces every csv-spectrum case", "[cli]") {
  fs::path dir = source("tests/data/csv-spectrum");
  for (const auto& entry : fs::directory_iterator(dir / "csvs")) {
    std::string stem = entry.path().stem().string();
    INFO(stem);
    auto r = run_tool({"inspect", "--records", entry.path().string()});
    REQUIRE(r.code == 0);
    std::vector<nlohmann::json> records;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) records.push_back(nlohmann::json::parse(line));
    auto expected = nlohmann::json::parse(test::slurp(dir / "json" / (stem + ".json")));
    if (expected.is_object()) expected = nlohmann::json::array({expected});
    if (stem == "location_coordinates") expected[0]["Contact Phone Number"] = "2095257564";  // see reader_test.cc
    REQUIRE(records.size() == expected.size() + 1);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      nlohmann::json got = nlohmann::json::object();
      for (std::size_t c = 0; c < records[0].size(); ++c) got[records[0][c].get<std::string>()] = records[i + 1][c];
      CHECK(got == expected[i]);
    }
  }
}

TEST_CASE("inspect: says how each file was read, a workbook sheet as a sheet", "[cli][sample]") {
  auto r = run_tool({"inspect", source("data/samples/bjgp2019/returns/00J_north_durham.xlsx"),
                     source("data/samples/bjgp2019/returns/00L_northumberland.csv")});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("00J_north_durham.xlsx[Contracts]\n  format      xlsx workbook sheet 1 of 1") != std::string::npos);
  CHECK(r.out.find("encoding    UTF-16 LE with BOM") != std::string::npos);
  CHECK(r.out.find("delimiter   tab (sniffed)") != std::string::npos);
  CHECK(r.out.find("3 Contract value 2013/14 -> value_year 2013/14") != std::string::npos);
  CHECK(r.out.find("lines       38 read, by the row each is part of: 34 contract, 2 preamble, 1 header, 1 blank") !=
        std::string::npos);
}

TEST_CASE("inspect: takes the CCG of a return from a manifest given with --manifest", "[cli]") {
  auto dir = test::scratch("inspect-manifest");
  test::write_file(dir / "foi_response_1234.csv", "Provider,Contract value\nMind,10\n");
  test::write_file(dir / "requests.csv",
                   "ccg_code,ccg_name,status,file,received,notes\n08K,NHS Lambeth CCG,responded,foi_response_1234.csv,,\n");
  const std::string file = (dir / "foi_response_1234.csv").string();
  auto without = run_tool({"inspect", file});
  CHECK(without.code == 2);
  auto with = run_tool({"inspect", file, "--manifest", (dir / "requests.csv").string()});
  INFO(with.out << with.err);
  CHECK(with.code == 0);
  CHECK(with.out.find("CCG         08K NHS Lambeth CCG (from the manifest)") != std::string::npos);
}

TEST_CASE("inspect: a return with an error finding exits 2, as the other commands do, and is still described",
          "[cli]") {
  auto dir = test::scratch("inspect-error");
  test::write_file(dir / "collated.csv", "CCG,Provider,Contract value\n08K,Mind,10\nNHS Nowhere CCG,Priory,20\n");
  const auto r = run_tool({"inspect", (dir / "collated.csv").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("error[ccg-unknown]") != std::string::npos);
  CHECK(r.out.find("lines       3 read, by the row each is part of:") != std::string::npos);
}

TEST_CASE("inspect: a header cell holding a line break is shown on its column's line", "[cli]") {
  auto dir = test::scratch("inspect-header-break");
  test::write_file(dir / "08K_a.csv", "\"Name of\nProvider\",\"Contract\nValue\",Notes\nMind,10,x\n");
  const auto r = run_tool({"inspect", (dir / "08K_a.csv").string()});
  CHECK(r.code == 0);
  CHECK(r.out.find("  columns      1 Name of Provider -> provider\n               2 Contract Value -> value\n") !=
        std::string::npos);
  CHECK(r.out.find("  unmapped    3 Notes (kept as extra text)\n") != std::string::npos);
}

TEST_CASE("inspect: a column set aside for naming a field another column took says which column is read", "[cli]") {
  auto dir = test::scratch("inspect-set-aside");
  test::write_file(dir / "08K_a.csv", "Provider,Contract value,Notes,Contract value\nMind,10,x,12\n");
  const auto r = run_tool({"inspect", (dir / "08K_a.csv").string()});
  CHECK(r.code == 0);
  CHECK(r.out.find("  unmapped    3 Notes, 4 Contract value (names the value again; column 2 is read) (kept as "
                   "extra text)\n") != std::string::npos);
  CHECK(r.out.find("duplicate-column") != std::string::npos);
}

TEST_CASE("inspect: a file of tables laid out apart shows each table's columns, from its header's line", "[cli]") {
  auto dir = test::scratch("inspect-tables");
  test::write_file(dir / "08K_a.csv",
                   "Provider,Contract value,Quality monitoring\nTurning Point,\"£200,000\",Yes\n"
                   "Provider,Service,Contract value,Start date\nMind,Advocacy,\"£5,000\",01/04/2014\n"
                   "Provider,Service,Contract value,Start date\nRethink,Employment,\"£6,000\",01/04/2014\n");
  const auto r = run_tool({"inspect", (dir / "08K_a.csv").string()});
  CHECK(r.code == 0);
  // The third table is laid out as the second: two layouts.
  CHECK(r.out.find("  tables      2, their columns laid out apart\n"
                   "  table       from line 1\n"
                   "  columns      1 Provider -> provider\n"
                   "               2 Contract value -> value\n"
                   "               3 Quality monitoring -> quality_monitoring\n"
                   "  table       from line 3\n"
                   "  columns      1 Provider -> provider\n"
                   "               2 Service -> service\n") != std::string::npos);
  // One layout: its columns alone, as ever.
  test::write_file(dir / "08K_b.csv", "Provider,Contract value\nMind,5\nProvider,Contract value\nRethink,6\n");
  const auto one = run_tool({"inspect", (dir / "08K_b.csv").string()});
  CHECK(one.out.find("  tables ") == std::string::npos);
  CHECK(one.out.find("  columns      1 Provider -> provider\n") != std::string::npos);
}

TEST_CASE("inspect: --records of several files names each file before its records", "[cli]") {
  auto dir = test::scratch("inspect-records-files");
  test::write_file(dir / "08K_a.csv", "Provider,Value\nMind,10\n");
  test::write_file(dir / "07L_b.csv", "Provider,Value\n");
  const auto r = run_tool({"inspect", "--records", (dir / "08K_a.csv").string(), (dir / "07L_b.csv").string()});
  CHECK(r.code == 0);
  CHECK(r.out == "{\"file\": " + nlohmann::json((dir / "08K_a.csv").string()).dump() +
                     "}\n[\"Provider\",\"Value\"]\n[\"Mind\",\"10\"]\n{\"file\": " +
                     nlohmann::json((dir / "07L_b.csv").string()).dump() + "}\n[\"Provider\",\"Value\"]\n");
  // One file: its records alone, as before.
  CHECK(run_tool({"inspect", "--records", (dir / "07L_b.csv").string()}).out == "[\"Provider\",\"Value\"]\n");
}

TEST_CASE("inspect: --records of a file it refuses names the file without its control characters", "[cli]") {
  auto dir = test::scratch("inspect-records-escape");
  const auto path = dir / "y\033[31mRED.csv";
  test::write_file(path, "<html><table><tr><td>Mind</td></tr></table></html>\n");
  const auto r = run_tool({"inspect", "--records", path.string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("web page") != std::string::npos);
  // A terminal would take the raw escape byte as a colour change.
  CHECK(r.err.find('\033') == std::string::npos);
  CHECK(r.err.find("RED.csv") != std::string::npos);
}
