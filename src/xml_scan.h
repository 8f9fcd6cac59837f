// The XML of a workbook's members read by a small scanner of its own,
// beside liborcus: what liborcus 0.17 does not pass on or gets wrong (sheet
// visibility and order, the 1904 date system, inline strings, empty shared
// strings, sheets of one name), and the checks that keep from its SAX
// parser the XML it must not be handed (an .xlsx's members and an .ods's
// content.xml alike). Not a general XML parser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace foi::detail {

// A sheet as xl/workbook.xml lists it, in the workbook's order: that order,
// not the name, says which sheet is which (names can repeat).
struct XlsxSheet {
  std::string name;    // as written; see distinct_names()
  bool hidden = false;
  std::string member;  // its worksheet's zip member, from the workbook's .rels
  std::string id;      // sheetId, as written
};

std::vector<XlsxSheet> xlsx_sheets(std::string_view workbook_xml, std::string_view workbook_rels);

// liborcus 0.17 finds the sheet a worksheet's cells go to by its name, the
// first of that name (so two sheets of one name read as one, the other
// empty), and the sheet of a formula's cached result by sheetId - 1 taken
// as a position (so after a sheet is deleted, sheetIds 1 and 3, the second
// sheet's formula results are dropped, and after sheets are moved they land
// on another sheet). Whether xl/workbook.xml needs renumbered() for it.
bool needs_renumbering(const std::vector<XlsxSheet>& sheets);

// xl/workbook.xml with each <sheet> named and numbered by its position
// ("1", "2", ...; sheetId the same), which is what liborcus keys sheets by;
// the real names are put back from xlsx_sheets() once it has read them.
std::string renumbered(std::string_view workbook_xml);

// Whether the workbook counts days from 1904 (<workbookPr date1904="1"/>,
// as Excel for Mac once saved): liborcus 0.17 does not say so, and its
// dates would read four years and a day early.
bool xlsx_date1904(std::string_view workbook_xml);

// Where XML text breaks one of three rules that liborcus 0.17's SAX parser
// relies on without checking (it reads past the end of the text, or stops
// on an assertion, where they are broken; fuzz/fuzz_workbook.cc found
// each): every '&' outside comments and CDATA sections starts an entity
// reference (a name, or '#' and digits, then ';'); every comment and CDATA
// section closes; and every tag closes, its quoted values too. Processing
// instructions get no exception: liborcus decodes entities in them too,
// and a spreadsheet's XML has none but its declaration. The offset of the
// first break, if any.
std::optional<std::size_t> xml_break(std::string_view xml);

// Refuses XML that breaks xml_break()'s rules, naming the member and byte.
void check_xml(std::string_view xml, std::string_view member, const std::string& display);

// Where XML that has passed xml_break() stops being one whole document: a
// closing tag that does not close the element open there (</row> for an
// open <c>), or the end of the text while an element is open (a member cut
// short by the program that wrote it, inside a sound zip), or no element at
// all. liborcus 0.17's SAX parser checks neither, and reads such a sheet up
// to the break without a word: every row after it lost. `at` is the offset
// of the closing tag, or the text's size when it stops short; `open` the
// element then open (as written, prefix and all), and `found` the closing
// tag's name when one does not match.
struct XmlUnclosed {
  std::size_t at = 0;
  std::string open, found;
};
std::optional<XmlUnclosed> xml_unclosed(std::string_view xml);

// Where a worksheet's <col> element spans columns past XFD (16,384), or
// gives them as anything but a plain number from 1 (fuzz/fuzz_workbook
// found it): liborcus 0.17 tells the sheet of each column from `min` to
// `max` one call at a time, so a range of two billion columns runs for
// minutes. Excel writes at most 16,384. The offset of the first, if any.
// The text has passed xml_break(): its tags close and quotes pair.
std::optional<std::size_t> column_range_break(std::string_view xml);

// A cell whose text liborcus does not pass on (see scan_sheet()).
struct InlineCell {
  std::int32_t row = 0, col = 0;
  std::string text;
};

// What a worksheet's XML says that liborcus 0.17 does not pass on.
//
// Inline strings: liborcus leaves a cell empty when its text is an inline
// string (<c t="inlineStr"><is><t>...</t></is></c>) rather than an index
// into the shared strings, which is how streaming writers save a sheet:
// every text cell of such a workbook would read as blank. The text of each
// such cell, at its place ("r", else the cell after the one before it in
// the row), is read here.
//
// Error cells: a formula's error (<c t="e"><v>#REF!</v></c>, a link broken
// in the office's copy) is passed on by liborcus as nothing, so that a
// value cell showing #REF! would read as a value not given. Its text is
// read here as an inline string's is, and reads as the text it is: a value
// that is not a number, told as such.
//
// Date cells: <c t="d"><v>2016-03-31T00:00:00</v></c>, an ISO 8601 date as
// text, which some writers save, is also passed on as nothing; it is read
// here too, as yyyy-mm-dd (its time dropped, as a date-time keeps only its
// date), so that the contract keeps its date.
//
// Formulas saved without their result: a program that does not calculate
// (a finance export, a script) writes <c><f>SUM(B2:B4)</f></c> with no <v>.
// liborcus 0.17 passes on NaN for such a cell, which would read as #NUM!,
// an error the file does not hold; the places of such cells are listed
// here, for the cell to say that its result was not saved.
//
// Places given twice: two <row> elements with one number, or two cells with
// one reference. liborcus passes both on, and the later would replace the
// earlier's cells (a contract lost without a word); Excel never writes
// either, so the sheet is refused instead, alone (see read_zip_workbook()).
// A <row> with no cells in it repeats nothing.
//
// Number cells whose stored text is not wholly a finite number (<v>1,000</v>,
// <v>1e999</v>, <v>0x10</v>): liborcus 0.17 reads the digits they start
// with (1, 1, 0) and drops the rest without a word, where Excel refuses
// such a file as damaged. Their text as written is kept here, to stand in
// the cell, so that the tool's own money and date reading reads it or
// tells it unparseable at its cell.
//
// Shared-string indexes: liborcus 0.17 passes on a cell whose index is past
// the end of the shared strings (<c t="s"><v>999999</v></c>) as no cell,
// and one that is no index (<v>-1</v>) as another index or none. The
// first that is no index and the highest are kept, for the sheet to be
// refused as damaged at the cell once the shared strings are counted.
struct SharedRef {
  std::int32_t row = 0, col = 0;
  std::string text;  // as written
  std::uint64_t index = 0;
};
struct SheetScan {
  std::optional<SharedRef> shared_not_index, shared_highest;
  std::vector<InlineCell> inline_cells;
  std::vector<InlineCell> odd_numbers;
  std::vector<std::pair<std::int32_t, std::int32_t>> unsaved_formulas;  // 0-based row, column
  std::optional<std::int32_t> repeated_row;                      // 0-based
  std::optional<std::pair<std::int32_t, std::int32_t>> repeated_cell;  // 0-based row, column
};

// The worksheet's XML has passed xml_break(): its tags close and quotes pair.
SheetScan scan_sheet(std::string_view xml);

// Whether a number cell's stored text is wholly a finite number, as Excel
// writes one ("1250000", "-0.5", "1.5E-3"), space around it aside.
bool plain_number(std::string_view text);

// Which shared strings are empty (<si><t/></si>, <si><t></t></si>, a rich
// string of empty runs): liborcus 0.17 hands the string before such an item
// to the import interface in its place, which would put that text into
// every cell showing the empty one (a provider's name under a blank cell).
// The text of each <si>, in order, as liborcus appends one string per item
// (and, after them, any text the sheets add).
std::vector<std::string> shared_string_texts(std::string_view xml);

}  // namespace foi::detail
