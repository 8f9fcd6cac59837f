// The zip container of an .xlsx or .ods workbook, held in memory: its
// central directory, each member inflated and checked against what its
// headers declare, and the archive written again with members replaced.
// Nothing is used before it is checked against the buffer and the limits,
// since the file may be truncated or hostile (docs/spreadsheets.md).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "foi/workbook.h"

namespace foi::detail {

constexpr std::string_view kZipMagic = "PK\x03\x04";

struct ZipEntry {
  std::string name;
  std::uint16_t flags = 0, method = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0, size = 0, local_offset = 0;
};

// Reads the central directory; everything is checked against the buffer
// before it is used, since the file may be truncated or hostile.
std::vector<ZipEntry> zip_directory(std::string_view b, const std::string& display, const WorkbookLimits& limits);

// Inflates one entry, checking that it inflates to exactly its declared
// size and CRC; keep receives the bytes when asked for.
void check_entry(std::string_view b, const ZipEntry& e, const std::string& display, std::string* keep);

// The archive again with the members named in `replaced` holding its text
// (stored, not deflated) and every other member's data copied as it is:
// for the rare workbook whose xl/workbook.xml liborcus needs renumbered(),
// and for one whose damaged worksheets must not reach liborcus. A name no
// member has adds nothing.
std::string with_members(std::string_view b, const std::vector<ZipEntry>& entries,
                         const std::map<std::string, std::string, std::less<>>& replaced);

}  // namespace foi::detail
