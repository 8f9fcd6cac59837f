// Any bytes as a workbook: the zip container and its members' sizes, the
// .xlsx XML through liborcus, the .ods content through our own handler of
// orcus's SAX parser, and the sheets turned into CSV text. A workbook that
// cannot be read must be told as foi::Error; anything else escaping, or a
// crash, is a bug. The parsers run in this process, with small limits so
// that each input stays quick.
//
// Random bytes rarely make a zip whose checksums hold, so an input whose
// first byte is 'O' or 'X' is the XML itself, packed here into a zip of
// stored members: 'O' the rest as an ODS content.xml; 'X' the rest, split
// at NUL bytes, as an .xlsx's sheet, shared strings and styles. Any other
// input is read as the workbook file it is. (This target found three ways
// in which liborcus's SAX parser runs past the end of malformed XML; the
// tool now refuses such XML before liborcus reads it, xml_break() in
// src/xml_scan.cc, and the fuzz-found files are kept in
// tests/data/workbooks/hostile/. It also found a worksheet whose <col>
// range spans billions of columns, which liborcus tells the sheet of one at
// a time: column_range_break() in src/xml_scan.cc refuses ranges past XFD;
// and one whose range ran past a '<' into the next tags, which xml_break()
// now refuses, as XML allows no '<' in an attribute's value.)
//
// Legacy .xls files (OLE2) are left out. FreeXL reads past buffers of its
// own on many damaged files: the first input this target found is kept as
// tests/data/workbooks/hostile/08K_freexl_overread.xls, and a run with
// FreeXL in a child process (as the tool runs it) found 1,727 more in five
// minutes, each ending the child. The tool turns that into an error
// (tests/workbook_test.cc checks it), and a fuzzer can learn nothing from
// a third-party parser it cannot fix.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "foi/error.h"
#include "foi/reader.h"
#include "foi/workbook.h"

namespace {

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

// A zip of stored (uncompressed) members with their checksums.
std::string stored_zip(const std::vector<std::pair<std::string, std::string_view>>& members) {
  std::string out, directory;
  for (const auto& [name, data] : members) {
    const auto crc = static_cast<std::uint32_t>(
        crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto offset = static_cast<std::uint32_t>(out.size());
    put32(out, 0x04034b50);
    put16(out, 20), put16(out, 0), put16(out, 0), put16(out, 0), put16(out, 0);  // version, flags, method, time, date
    put32(out, crc), put32(out, size), put32(out, size);
    put16(out, static_cast<std::uint32_t>(name.size())), put16(out, 0);
    out += name;
    out += data;
    put32(directory, 0x02014b50);
    put16(directory, 20), put16(directory, 20), put16(directory, 0), put16(directory, 0), put16(directory, 0),
        put16(directory, 0);
    put32(directory, crc), put32(directory, size), put32(directory, size);
    put16(directory, static_cast<std::uint32_t>(name.size()));
    put16(directory, 0), put16(directory, 0), put16(directory, 0), put16(directory, 0);  // extra, comment, disk, attributes
    put32(directory, 0), put32(directory, offset);
    directory += name;
  }
  const auto at = static_cast<std::uint32_t>(out.size());
  out += directory;
  put32(out, 0x06054b50);
  put16(out, 0), put16(out, 0);
  put16(out, static_cast<std::uint32_t>(members.size())), put16(out, static_cast<std::uint32_t>(members.size()));
  put32(out, static_cast<std::uint32_t>(directory.size())), put32(out, at);
  put16(out, 0);
  return out;
}

constexpr std::string_view kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
    R"(<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)"
    R"(<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>)"
    R"(<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>)";
constexpr std::string_view kRels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
constexpr std::string_view kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)"
    R"(<sheet name="Contracts" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr std::string_view kWorkbookRels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
    R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>)";
constexpr std::string_view kManifest =
    R"(<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">)"
    R"(<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>)"
    R"(<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>)";

// The workbook an input stands for (see the top of this file).
std::string workbook_of(std::string_view input) {
  const std::string_view xml = input.substr(1);
  if (input[0] == 'O')
    return stored_zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                       {"META-INF/manifest.xml", kManifest},
                       {"content.xml", xml}});
  std::vector<std::pair<std::string, std::string_view>> members{{"[Content_Types].xml", kContentTypes},
                                                                {"_rels/.rels", kRels},
                                                                {"xl/workbook.xml", kWorkbook},
                                                                {"xl/_rels/workbook.xml.rels", kWorkbookRels}};
  std::string_view rest = xml;
  for (const char* name : {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"}) {
    const std::size_t nul = rest.find('\0');
    members.emplace_back(name, rest.substr(0, nul));
    if (nul == std::string_view::npos) break;
    rest = rest.substr(nul + 1);
  }
  return stored_zip(members);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.substr(0, 8) == "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") return -1;  // .xls: not kept in the corpus
  const bool packed = size > 0 && (input[0] == 'O' || input[0] == 'X');
  const std::string zip = packed ? workbook_of(input) : std::string();
  const std::string_view bytes = packed ? std::string_view(zip) : input;
  foi::WorkbookLimits limits;
  limits.isolate = false;
  limits.max_file_bytes = 1u << 20;
  limits.max_uncompressed_bytes = 8u << 20;
  limits.max_zip_entries = 200;
  limits.max_sheets = 20;
  limits.max_cells = 100000;
  limits.max_text_bytes = 8u << 20;
  // The name decides nothing but how a damaged zip is reported.
  const std::string name = size % 2 ? "fuzz.xlsx" : "fuzz.ods";
  try {
    const foi::Workbook book = foi::read_workbook_bytes(bytes, name, limits);
    std::uint64_t text = 0;
    for (const foi::WorkbookSheet& sheet : book.sheets) {
      text += sheet.csv.size();
      // Each sheet's text is the tool's own CSV: it must read back as records.
      foi::ReaderOptions options;
      options.delimiter = ',';
      (void)foi::read_all(sheet.csv, options);
    }
    if (book.sheets.size() > limits.max_sheets || text > limits.max_text_bytes) __builtin_trap();
  } catch (const foi::Error&) {
    // A workbook that cannot be read, told as such.
  }
  return 0;
}
