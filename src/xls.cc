#include "xls.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <freexl.h>

#include "temp_file.h"
#include "workbook_common.h"

namespace foi::detail {

namespace {

std::string freexl_message(int rc) {
  switch (rc) {
    case FREEXL_FILE_NOT_FOUND: return "cannot open the file";
    case FREEXL_INSUFFICIENT_MEMORY: return "the workbook needs more memory than allowed to read";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
      return "this compound file holds no Excel workbook (is it a Word document, or an encrypted .xlsx?)";
    case FREEXL_CRAFTED_FILE: return "the workbook is malformed in a way that looks deliberate; refusing it";
    case FREEXL_UNSUPPORTED_CHARSET:
    case FREEXL_INVALID_CHARACTER: return "the workbook's text uses a character set that cannot be converted";
    default: return fmt::format("the .xls workbook is damaged or incomplete (FreeXL error {})", rc);
  }
}

}  // namespace

Workbook read_xls(std::string_view bytes, const std::string& path, const std::string& display,
                  const WorkbookLimits& limits) {
  std::string temp;
  std::string file = path;
  if (file.empty() || file == "-") {
    try {
      TempFile t = make_temp_file("foi-workbook");
      temp = t.path;
      struct Close {
        int fd;
        ~Close() { ::close(fd); }
      } close{t.fd};
      write_all(t.fd, bytes.data(), bytes.size());
    } catch (const std::system_error& e) {
      std::error_code ignored;  // a copy that cannot be removed is left; the error said is the write's
      if (!temp.empty()) std::filesystem::remove(temp, ignored);
      fail(display, fmt::format("cannot write a temporary copy of the workbook ({}); set TMPDIR to a folder with "
                                "room that you can write to",
                                e.what()));
    }
    file = temp;
  }
  struct Cleanup {
    std::string temp;
    const void* handle = nullptr;
    ~Cleanup() {
      if (handle) freexl_close(handle);
      std::error_code ignored;  // a destructor must not throw: a copy that cannot be removed is left
      if (!temp.empty()) std::filesystem::remove(temp, ignored);
    }
  } cleanup{temp};
  int rc = freexl_open(file.c_str(), &cleanup.handle);
  if (rc != FREEXL_OK) {
    cleanup.handle = nullptr;
    // Office encryption wraps an .xlsx in a compound file with this stream.
    if (bytes.find(std::string_view("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e", 31)) != std::string_view::npos)
      fail(display, "the workbook is encrypted (password-protected); save a copy without a password and read that");
    fail(display, freexl_message(rc));
  }
  const void* h = cleanup.handle;
  unsigned int info = 0;
  if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED)
    fail(display, "the workbook is encrypted (password-protected); save a copy without a password and read that");
  unsigned int sheets = 0;
  freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &sheets);
  if (sheets > limits.max_sheets)
    fail(display, fmt::format("the workbook has {} sheets, over the limit of {}", sheets, limits.max_sheets));
  Budget budget{limits, display};
  Workbook wb;
  wb.format = WorkbookFormat::xls;
  std::uint64_t visited = 0;
  for (unsigned short i = 0; i < sheets; ++i) {
    const char* name = nullptr;
    if (freexl_get_worksheet_name(h, i, &name) != FREEXL_OK) fail(display, freexl_message(FREEXL_CRAFTED_FILE));
    rc = freexl_select_active_worksheet(h, i);
    if (rc != FREEXL_OK) fail(display, freexl_message(rc));
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) fail(display, freexl_message(FREEXL_CRAFTED_FILE));
    visited += static_cast<std::uint64_t>(rows) * cols;
    if (visited > limits.max_cells * 16)
      fail(display,
           fmt::format("the workbook's sheets span more than {} cells, over the limit", limits.max_cells * 16));
    WorkbookSheet s;
    s.name = name ? name : fmt::format("Sheet{}", i + 1);
    std::size_t pending_rows = 0;
    for (unsigned int r = 0; r < rows; ++r) {
      std::string line;
      unsigned short written = 0;
      for (unsigned short c = 0; c < cols; ++c) {
        FreeXL_CellValue v;
        if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) continue;
        std::string t;
        switch (v.type) {
          case FREEXL_CELL_INT: t = std::to_string(v.value.int_value); break;
          case FREEXL_CELL_DOUBLE: t = number_text(v.value.double_value); break;
          case FREEXL_CELL_TEXT:
          case FREEXL_CELL_SST_TEXT:
          case FREEXL_CELL_TIME: t = v.value.text_value ? v.value.text_value : ""; break;
          case FREEXL_CELL_DATE:
          case FREEXL_CELL_DATETIME:  // "yyyy-mm-dd hh:mm:ss": the date is what a return means
            t = v.value.text_value ? std::string(v.value.text_value).substr(0, 10) : std::string();
            break;
          default: break;
        }
        clean_cell_text(t);
        if (t.empty()) continue;
        budget.cell();
        ++s.cells;
        line.append(static_cast<std::size_t>(c - written), ',');
        written = c;
        append_csv_cell(line, t);
      }
      if (line.empty()) {
        ++pending_rows;
        continue;
      }
      budget.bytes(pending_rows + line.size() + 1);
      s.csv.append(pending_rows, '\n');
      pending_rows = 0;
      s.csv += line;
      s.csv += '\n';
    }
    wb.sheets.push_back(std::move(s));
  }
  return wb;
}

}  // namespace foi::detail
