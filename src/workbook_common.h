// What the workbook readers share (src/zip.cc, src/xml_scan.cc,
// src/sheet_import.cc, src/xls.cc, src/workbook.cc): a workbook refused as
// a file-level error, the budget its limits allow, and a cell's text as a
// line of CSV holds it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "foi/workbook.h"

namespace foi::detail {

// Throws foi::Error for the whole file, at no line.
[[noreturn]] void fail(const std::string& display, const std::string& message);

std::string mib(std::uint64_t bytes);

// Cells and CSV text read so far, over all sheets, against the limits.
struct Budget {
  const WorkbookLimits& limits;
  const std::string& display;
  std::uint64_t cells = 0, text = 0;
  void cell() {
    if (++cells > limits.max_cells)
      fail(display, fmt::format("the workbook has more than {} cells, over the limit; split it or save the contract "
                                "sheet as CSV",
                                limits.max_cells));
  }
  void bytes(std::size_t n) {
    text += n;
    if (text > limits.max_text_bytes)
      fail(display, fmt::format("the workbook's sheets come to more than {} of text, over the limit",
                                mib(limits.max_text_bytes)));
  }
};

// (row, col) as one number, for sets and maps of places.
inline std::uint64_t key(std::int32_t row, std::int32_t col) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(row)) << 32) | static_cast<std::uint32_t>(col);
}

// Excel shows 15 significant digits; so does the text written here, without
// exponent, grouping or currency.
std::string number_text(double v);

// Cell text as the CSV reader and the money/date parsers expect: one line.
// Most cells have no control byte, and are left as they are.
inline bool needs_cleaning(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t'; });
}
void clean_cell_text(std::string& s);

void append_csv_cell(std::string& out, std::string_view cell);

// A UTF-16 surrogate written as UTF-8 (ED A0 80 to ED BF BF), as an XML
// parser encodes a character reference to one (&#xD800;), which no
// character is: each becomes U+FFFD, in that cell alone. Left as it is, it
// made the sheet's line invalid UTF-8, and the reader took the whole row
// for Windows-1252 (every other character of it garbled).
void mend_surrogates(std::string& s);

// The sheets' names as inputs name them: a name an earlier sheet has
// already (a hand-edited or machine-written workbook can repeat one; Excel
// and LibreOffice cannot) gets '#' and the sheet's position from 1, so that
// "Contracts", "Other", "Contracts" are read as Contracts, Other and
// Contracts#3, and no two inputs or findings share a name.
std::vector<std::string> distinct_names(const std::vector<std::string>& names);

}  // namespace foi::detail
