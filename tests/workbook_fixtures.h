// The workbooks of tests/data/workbooks, made by tools/gen_workbooks.py
// (the .xls by LibreOffice from the .xlsx), and what the workbook tests
// compare of what is read from them.
#pragma once

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "foi/error.h"
#include "foi/workbook.h"
#include "test_util.h"
#include "zip.h"

namespace test {

inline const std::string kDir = source("tests/data/workbooks");
inline const std::string kBook = kDir + "/08K_lambeth_foi_return";

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    out.push_back(text.substr(at, nl - at));
    at = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

inline const foi::WorkbookSheet& sheet(const foi::Workbook& wb, const std::string& name) {
  for (const auto& s : wb.sheets)
    if (s.name == name) return s;
  FAIL("no sheet " << name);
  throw std::logic_error("unreachable");
}

inline std::string read_error(const std::string& path, const foi::WorkbookLimits& limits = {}) {
  try {
    foi::read_workbook(path, std::filesystem::path(path).filename().string(), limits);
  } catch (const foi::Error& e) {
    return e.what();
  }
  return "no error";
}

// The test workbook (.xlsx or .ods) with members' text replaced.
inline std::string book_with_members(const std::string& ext,
                                     const std::map<std::string, std::string, std::less<>>& replaced) {
  const std::string bytes = slurp(kBook + ext);
  return foi::detail::with_members(bytes, foi::detail::zip_directory(bytes, "book" + ext, {}), replaced);
}

// The text of one member of the test workbook (.xlsx or .ods), as it holds it.
inline std::string book_member(const std::string& ext, const std::string& member) {
  const std::string bytes = slurp(kBook + ext);
  std::string text;
  for (const auto& e : foi::detail::zip_directory(bytes, "book" + ext, {}))
    if (e.name == member) foi::detail::check_entry(bytes, e, "book" + ext, &text);
  return text;
}

// The test .xlsx cut to its two contract sheets, Contracts (six contracts)
// and Block contracts (three, xl/worksheets/sheet3.xml), the second's XML
// as given: a sound sheet beside one damaged. The sheetIds 2 and 3 left as
// they were have xl/workbook.xml renumbered for liborcus too.
inline std::string two_sheet_book(const std::string& block_contracts_xml) {
  std::string workbook_xml = book_member(".xlsx", "xl/workbook.xml");
  const std::size_t from = workbook_xml.find("<sheets>"), to = workbook_xml.find("</sheets>");
  REQUIRE(to != std::string::npos);
  workbook_xml.replace(from, to - from,
                       "<sheets><sheet name=\"Contracts\" sheetId=\"2\" r:id=\"rId2\"/>"
                       "<sheet name=\"Block contracts\" sheetId=\"3\" r:id=\"rId3\"/>");
  return book_with_members(".xlsx",
                           {{"xl/workbook.xml", workbook_xml}, {"xl/worksheets/sheet3.xml", block_contracts_xml}});
}

// The test .xlsx's Block contracts worksheet (xl/worksheets/sheet3.xml)
// damaged in each way that refuses a sheet, with what the sheet then says
// up to the advice every such message ends with: cut short, row 3
// numbered 2, cell B2 numbered A2, a cell showing a shared string past the
// workbook's 71.
struct DamagedSheet {
  std::string xml, damage;
};
inline std::vector<DamagedSheet> damaged_block_contracts() {
  const std::string block = book_member(".xlsx", "xl/worksheets/sheet3.xml");
  const auto replaced = [](std::string text, const std::string& from, const std::string& to) {
    REQUIRE(text.find(from) != std::string::npos);
    return text.replace(text.find(from), from.size(), to);
  };
  std::string repeated_row = replaced(block, "<row r=\"3\">", "<row r=\"2\">");
  for (const char* column : {"A", "B", "C", "D", "E", "F", "G"})
    repeated_row = replaced(repeated_row, fmt::format("r=\"{}3\"", column), fmt::format("r=\"{}2\"", column));
  const std::size_t row3 = block.find("<row r=\"3\">");
  return {{block.substr(0, row3),
           fmt::format("the sheet is damaged or incomplete: its part xl/worksheets/sheet3.xml stops short at byte {}, "
                       "its <sheetData> never closed, and the rows after that would be lost; ",
                       row3)},
          {repeated_row, "the sheet is damaged: it has two rows numbered 2 (xl/worksheets/sheet3.xml has <row "
                         "r=\"2\"> twice), and one would replace the other's cells; "},
          {replaced(block, "<c r=\"B2\"", "<c r=\"A2\""),
           "the sheet is damaged: it has cell A2 twice (xl/worksheets/sheet3.xml), and one would replace the other; "},
          {replaced(block, "<v>66</v>", "<v>71</v>"),
           "the sheet is damaged: its cell D4 (xl/worksheets/sheet3.xml) shows shared string 71, but the workbook "
           "holds 71 shared strings; "}};
}

// Every sheet of b as a's: its name, text, and what is hidden.
inline void check_same_sheets(const foi::Workbook& a, const foi::Workbook& b) {
  REQUIRE(b.sheets.size() == a.sheets.size());
  for (std::size_t i = 0; i < a.sheets.size(); ++i) {
    INFO(a.sheets[i].name);
    CHECK(b.sheets[i].name == a.sheets[i].name);
    CHECK(b.sheets[i].csv == a.sheets[i].csv);
    CHECK(b.sheets[i].hidden == a.sheets[i].hidden);
    CHECK(b.sheets[i].hidden_rows == a.sheets[i].hidden_rows);
    CHECK(b.sheets[i].hidden_columns == a.sheets[i].hidden_columns);
  }
}

}  // namespace test
