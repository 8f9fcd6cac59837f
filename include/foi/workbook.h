// Bytes to records, for spreadsheet returns: an .xlsx, .xlsm, .ods or .xls workbook ->
// one CSV text per sheet, so that every sheet goes through the same reader,
// header detection and contract rules as a CSV return (docs/spreadsheets.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace foi {

enum class WorkbookFormat { xlsx, ods, xls };
const char* to_string(WorkbookFormat f);

// A range of cells merged down over several rows ("Oxleas NHS FT" once,
// beside its three services): the text its top cell shows over every row
// of it, which a CSV of the sheet leaves on the first row alone.
struct MergedDown {
  long first_row = 0, last_row = 0;  // 1-based spreadsheet rows
  long column = 0;                   // 1-based (1 = A)
  std::string text;
};

struct WorkbookSheet {
  // Unique within the workbook: a name an earlier sheet already has gets
  // '#' and the sheet's position from 1 ("Contracts", "Other", "Contracts#3").
  std::string name;
  bool hidden = false;                 // a hidden (or "very hidden") sheet
  std::vector<long> hidden_rows;       // 1-based spreadsheet row numbers
  std::vector<long> hidden_columns;    // 1-based column numbers (1 = A)
  long cells = 0;                      // non-empty cells read
  // The sheet as UTF-8 CSV: line N is spreadsheet row N (empty rows kept),
  // cells RFC 4180-quoted, dates ISO (yyyy-mm-dd), numbers plain, formulas
  // as their cached values, merged ranges spread over their first row.
  std::string csv;
  // Ranges merged down, a column of each at a time, in order of column and
  // first row (one range per cell at most: they do not overlap).
  std::vector<MergedDown> merged_down;
  // An .xlsx sheet that shows the same worksheet part as an earlier sheet
  // (two <sheet> entries of xl/workbook.xml for one part): that sheet's
  // name, this one left empty, so that its rows are read once; empty
  // otherwise.
  std::string same_part_as = {};
  // Why the sheet's rows are not read: its worksheet part is damaged (its
  // XML breaks off, a row or cell is given twice, a cell shows a shared
  // string that is not there), and reading what is left would lose rows
  // or cells without a word. The sheet is left empty and says so, and the
  // workbook's other sheets are read; empty when the sheet is read.
  std::string damaged = {};
};

// The range of `merged` (sorted as WorkbookSheet::merged_down) that covers
// the cell at row and column (1-based), or nullptr.
const MergedDown* merged_over(const std::vector<MergedDown>& merged, long row, long column);

struct Workbook {
  WorkbookFormat format = WorkbookFormat::xlsx;
  std::vector<WorkbookSheet> sheets;
};

// What a workbook may cost before it is refused. The defaults are far above
// any FOI return seen (tens of kilobytes, a few thousand cells) and keep a
// hostile file within about a gigabyte and a minute (docs/spreadsheets.md).
struct WorkbookLimits {
  std::uint64_t max_file_bytes = 64ull << 20;            // the workbook file itself
  std::uint64_t max_uncompressed_bytes = 128ull << 20;   // all zip members inflated
  std::size_t max_zip_entries = 10000;
  std::size_t max_sheets = 500;
  std::uint64_t max_cells = 4'000'000;                   // cells set, over all sheets
  std::uint64_t max_text_bytes = 256ull << 20;           // CSV text, over all sheets
  // Parse in a child process with CPU and memory limits, so that a bug in a
  // third-party parser met by a hostile file ends as an error, not a crash.
  bool isolate = true;
  unsigned cpu_seconds = 60;
  std::uint64_t max_memory_bytes = 4ull << 30;  // address space of the child (not under ASan)
};

// By content, not by name: a zip that holds xl/ or content.xml (or is named
// .xlsx/.xlsm/.ods, so that a damaged one is reported as a workbook), or an
// OLE2 compound file (.xls, or an encrypted .xlsx).
bool looks_like_workbook(const std::string& path);
bool looks_like_workbook_bytes(std::string_view bytes, std::string_view name = {});
// By name alone: .xlsx, .xlsm, .ods or .xls, whatever the file holds.
bool has_workbook_extension(std::string_view name);

// Reads every sheet. Throws foi::Error (file-level, no line) for a workbook
// that cannot be read: corrupt or truncated, encrypted, over a limit. A
// damaged sheet of an .xlsx refuses itself alone (WorkbookSheet::damaged).
// With limits.isolate, the parse runs in a forked child, which calls
// liborcus and malloc: call it before the process starts threads, as
// collect_inputs() does (after fork() a child may use only what no other
// thread can hold locked).
Workbook read_workbook(const std::string& path, const std::string& display, const WorkbookLimits& limits = {});
Workbook read_workbook_bytes(std::string_view bytes, const std::string& display,
                             const WorkbookLimits& limits = {});

}  // namespace foi
