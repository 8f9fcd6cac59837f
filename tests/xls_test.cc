// Legacy .xls workbooks, read by FreeXL.
#include "xls.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "foi/error.h"
#include "foi/workbook.h"
#include "test_util.h"
#include "workbook_fixtures.h"

using test::kBook;
using test::kDir;
using test::lines;
using test::sheet;

TEST_CASE("xls: an .xls with two sheets of one name keeps both, the later named with its position",
          "[workbook]") {
  // The Lambeth .xls with its Cover sheet renamed Notes, the name of its fourth sheet.
  const auto plain = foi::read_workbook(kBook + ".xls", "book.xls");
  const auto wb = foi::read_workbook(kDir + "/08K_duplicate_sheet_names.xls", "book.xls");
  REQUIRE(wb.sheets.size() == plain.sheets.size());
  CHECK(wb.sheets[0].name == "Notes");
  CHECK(wb.sheets[3].name == "Notes#4");
  for (std::size_t i = 0; i < wb.sheets.size(); ++i) CHECK(wb.sheets[i].csv == plain.sheets[i].csv);
  CHECK(wb.sheets[0].csv.find("Freedom of Information response FOI/2016/1234") != std::string::npos);
}

TEST_CASE("xls: an .xls is read by FreeXL with values and ISO dates but without formula results", "[workbook]") {
  auto wb = foi::read_workbook(kBook + ".xls", "book.xls");
  CHECK(wb.format == foi::WorkbookFormat::xls);
  REQUIRE(wb.sheets.size() == 6);
  auto c = lines(sheet(wb, "Contracts").csv);
  REQUIRE(c.size() == 14);
  CHECK(c[5] == "South London and Maudsley NHS Foundation Trust,NHS FT,Adult community mental health,1250000,1262500,"
                "1275125,2013-04-01,2016-03-31,Yes - quarterly CQUIN reports,LAM-001");
  CHECK(c[4] == ",,,2013/14,2014/15,2015/16");
  // FreeXL skips formula cells: the computed 2014/15 value and the totals are empty.
  CHECK(c[7].starts_with("Oxleas NHS FT,NHS FT,Psychiatric liaison,310000.5,,320000,2013-07-01,Ongoing,"));
  CHECK(c[11] == "Total");
  CHECK(sheet(wb, "Sheet6").csv.empty());
}

TEST_CASE("xls: an .xls held in memory is read through a temporary copy, like the file itself",
          "[workbook]") {
  // FreeXL reads only files: bytes from standard input go to a temporary file first.
  const auto from_file = foi::read_workbook(kBook + ".xls", "book.xls");
  const auto scratch = test::scratch("workbook-xls-temp");
  const auto from_bytes = [&] {
    test::ScopedEnv tmpdir("TMPDIR", scratch.c_str());
    return foi::read_workbook_bytes(test::slurp(kBook + ".xls"), "book.xls");
  }();
  REQUIRE(from_bytes.sheets.size() == from_file.sheets.size());
  for (std::size_t i = 0; i < from_file.sheets.size(); ++i) CHECK(from_bytes.sheets[i].csv == from_file.sheets[i].csv);
  CHECK(std::filesystem::is_empty(scratch));  // the copy is gone
  // Where no temporary file can be made, the message says so.
  test::ScopedEnv tmpdir("TMPDIR", "/nonexistent/foi-contracts-test");
  try {
    foi::read_workbook_bytes(test::slurp(kBook + ".xls"), "book.xls");
    FAIL("no error");
  } catch (const foi::Error& e) {
    CHECK(std::string(e.what()).find("cannot write a temporary copy of the workbook") != std::string::npos);
    CHECK(std::string(e.what()).find("set TMPDIR to a folder with room that you can write to") != std::string::npos);
  }
}

TEST_CASE("xls: each sheet of an .xls that gave contracts says what FreeXL cannot read (xls-limits)", "[workbook]") {
  const auto r = test::run_tool({"validate", kBook + ".xls"});
  CHECK(r.code == 0);
  for (const char* sheet : {"[Contracts]: info[xls-limits]", "[Block contracts]: info[xls-limits]"}) {
    INFO(sheet << "\n" << r.out);
    CHECK(r.out.find(sheet) != std::string::npos);
  }
  CHECK(r.out.find("[Cover]: info[xls-limits]") == std::string::npos);  // no contracts there
}
