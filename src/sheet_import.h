// .xlsx and .ods workbooks through liborcus: its import interface for an
// .xlsx, its SAX parser under our own walk of an .ods's table model, and
// the cells either gives made into one CSV text per sheet (number formats
// telling dates, serial days as ISO dates, merged ranges spread over their
// first row), after the zip container and the XML have been checked.
#pragma once

#include <string>
#include <string_view>

#include "foi/workbook.h"

namespace foi::detail {

// An .xlsx, .xlsm or .ods: the bytes of its zip archive. Throws foi::Error
// for a workbook that cannot be read.
Workbook read_zip_workbook(std::string_view bytes, const std::string& display, const WorkbookLimits& limits);

}  // namespace foi::detail
