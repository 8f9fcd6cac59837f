// Legacy .xls workbooks (BIFF records in an OLE2 compound file) through
// FreeXL, into the same CSV text per sheet as an .xlsx or .ods.
#pragma once

#include <string>
#include <string_view>

#include "foi/workbook.h"

namespace foi::detail {

// FreeXL reads BIFF from a file; bytes held in memory (standard input) are
// written to a private temporary file first.
Workbook read_xls(std::string_view bytes, const std::string& path, const std::string& display,
                  const WorkbookLimits& limits);

}  // namespace foi::detail
