// The workbooks of tests/data/workbooks, made by tools/gen_workbooks.py
// (the .xls by LibreOffice from the .xlsx), and what the workbook tests
// compare of what is read from them.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "foi/error.h"
#include "foi/workbook.h"
#include "test_util.h"

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
