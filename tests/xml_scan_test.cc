// The XML of a workbook's members as the tool reads it beside liborcus, and
// the XML it refuses before liborcus reads it.
#include "xml_scan.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "foi/workbook.h"
#include "test_util.h"
#include "workbook_fixtures.h"

using foi::detail::needs_renumbering;
using foi::detail::renumbered;
using foi::detail::shared_string_texts;
using foi::detail::xlsx_sheets;
using foi::detail::xml_break;
using test::check_same_sheets;
using test::kBook;
using test::kDir;
using test::lines;
using test::read_error;
using test::sheet;

TEST_CASE("xml scan: an .xlsx with its text in inline strings reads exactly like one with shared strings",
          "[workbook]") {
  // As streaming writers save a sheet; liborcus 0.17 passes no cell for an inline string. The fixture also has a
  // cell of two rich-text runs with a phonetic run between them, and a cell without its "r" attribute.
  auto x = foi::read_workbook(kBook + ".xlsx", "book.xlsx");
  auto in = foi::read_workbook(kDir + "/08K_inline_strings.xlsx", "inline.xlsx");
  CHECK(in.format == foi::WorkbookFormat::xlsx);
  check_same_sheets(x, in);
  CHECK(sheet(in, "Contracts").csv.find("South London and Maudsley NHS Foundation Trust") != std::string::npos);
  CHECK(sheet(in, "Contracts").csv.find("PHONETIC") == std::string::npos);
}

TEST_CASE("xml scan: a cell showing an empty shared string is empty, not the string before it", "[workbook]") {
  // liborcus 0.17 hands the string before an empty item in its place; the
  // fixture's last three text cells of the Block contracts sheet show the
  // three forms of an empty item.
  const auto book = foi::read_workbook(kDir + "/08K_empty_shared_strings.xlsx", "book.xlsx");
  const auto plain = foi::read_workbook(kBook + ".xlsx", "book.xlsx");
  const std::vector<std::string> got = lines(sheet(book, "Block contracts").csv),
                                 was = lines(sheet(plain, "Block contracts").csv);
  REQUIRE(got.size() == was.size());
  CHECK(got.back().starts_with("NHS England,,,,"));
  CHECK(was.back().starts_with("NHS England,"));
  CHECK_FALSE(was.back().starts_with("NHS England,,"));
  for (std::size_t i = 0; i + 1 < got.size(); ++i) CHECK(got[i] == was[i]);
  // Every other sheet is as it was.
  for (const auto& s : plain.sheets)
    if (s.name != "Block contracts") CHECK(sheet(book, s.name).csv == s.csv);
}

TEST_CASE("xml scan: column widths over every column from A to XFD read as usual, one column past is refused",
          "[workbook]") {
  // liborcus tells the sheet of each column of a <col> range one at a time;
  // ranges are checked to lie within the 16,384 columns Excel has.
  auto x = foi::read_workbook(kBook + ".xlsx", "book.xlsx");
  auto every = foi::read_workbook(kDir + "/08K_every_column.xlsx", "every.xlsx");
  REQUIRE(every.sheets.size() == x.sheets.size());
  CHECK(sheet(every, "Contracts").csv == sheet(x, "Contracts").csv);
  CHECK_THAT(read_error(kDir + "/hostile/08K_column_past_xfd.xlsx"),
             Catch::Contains("sheet2.xml gives a column range at byte 317 that is not within columns 1 to 16,384"));
}

TEST_CASE("xml scan: a row number or a cell given twice in an .xlsx sheet refuses that sheet, naming both",
          "[workbook]") {
  // liborcus passes both on and the later replaced the earlier's cells:
  // Mind's contract became Care UK's without a word.
  const std::string h = kDir + "/hostile/";
  for (bool isolate : {false, true}) {
    INFO("isolate " << isolate);
    foi::WorkbookLimits limits;
    limits.isolate = isolate;
    const auto row = foi::read_workbook(h + "08K_repeated_row.xlsx", "book.xlsx", limits);
    REQUIRE(row.sheets.size() == 1);
    CHECK(row.sheets[0].name == "Contracts");
    CHECK(row.sheets[0].csv.empty());
    CHECK_THAT(row.sheets[0].damaged,
               Catch::StartsWith("the sheet is damaged: it has two rows numbered 2 (xl/worksheets/sheet1.xml has "
                                 "<row r=\"2\"> twice), and one would replace the other's cells; the sheet is not "
                                 "read"));
    const auto cell = foi::read_workbook(h + "08K_repeated_cell.xlsx", "book.xlsx", limits);
    REQUIRE(cell.sheets.size() == 1);
    CHECK(cell.sheets[0].csv.empty());
    CHECK_THAT(cell.sheets[0].damaged,
               Catch::StartsWith("the sheet is damaged: it has cell A2 twice (xl/worksheets/sheet1.xml), and one "
                                 "would replace the other; the sheet is not read"));
  }
  // Rows written last to first repeat nothing.
  const auto reversed = foi::read_workbook(kDir + "/08K_rows_reversed.xlsx", "book.xlsx");
  for (const auto& s : reversed.sheets) CHECK(s.damaged.empty());
}

TEST_CASE("xml scan: entity references, and an '&' in a comment, are read as the text they stand for",
          "[workbook]") {
  // The check that refuses a stray '&' (which liborcus would read past the
  // end of the text) lets every well-formed use through.
  const auto wb = foi::read_workbook(kDir + "/08K_entities.ods", "08K_entities.ods");
  REQUIRE_FALSE(wb.sheets.empty());
  CHECK(wb.sheets[0].csv.find("Smith & Jones & Partners & Co") != std::string::npos);
}

TEST_CASE("xml scan: a stray '&', a comment XML does not allow and anything left open are found at their byte",
          "[workbook]") {
  CHECK_FALSE(xml_break("<a b=\"x &amp; y\">&lt;&#38;&#x26;</a><!-- a & b --><![CDATA[ & ]]>"));
  CHECK(xml_break("<a>Smith & Jones</a>") == 9u);
  CHECK(xml_break("<a>&amp</a>") == 3u);
  CHECK(xml_break("<a/><!---->") == 4u);
  CHECK(xml_break("<a/><!-- a -- b -->") == 4u);
  CHECK(xml_break("<a/><!-- never closed") == 4u);
  CHECK(xml_break("<a b='never closed>") == 0u);
  // Found by fuzz/fuzz_workbook: liborcus reads a value on past a '<', and
  // took a column range's "max" to run into the next tags as a number of
  // thousands of columns, set one by one.
  CHECK(xml_break("<a b=\"1<c>\"/>") == 7u);
  CHECK(xml_break("<a b='x'><c/></a>") == std::nullopt);
  // A character reference past U+10FFFF, or of no digits, on which liborcus
  // stops on an assertion.
  CHECK(xml_break("<a>&#99999999;</a>") == 3u);
  CHECK(xml_break("<a>x&#x110000;</a>") == 4u);
  CHECK(xml_break("<a b=\"&#xZZ;\"/>") == 6u);
  CHECK_FALSE(xml_break("<a>&#x10FFFF;&#65;&#x263A;</a>"));
}

TEST_CASE("xml scan: sheets are renumbered by position only when names repeat or sheetIds are out of order",
          "[workbook]") {
  const std::string rels =
      R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>)"
      R"(<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>)";
  const std::string in_order =
      R"(<workbook><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId2"/>)"
      R"(</sheets></workbook>)";
  const auto listed = xlsx_sheets(in_order, rels);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].member == "xl/worksheets/sheet1.xml");
  CHECK(listed[1].member == "xl/worksheets/sheet2.xml");
  CHECK_FALSE(needs_renumbering(listed));
  const std::string moved =
      R"(<workbook><sheets><sheet name="A" sheetId="5" r:id="rId1"/><sheet name='A' r:id="rId2" state="hidden"/>)"
      R"(</sheets></workbook>)";
  CHECK(needs_renumbering(xlsx_sheets(moved, rels)));
  CHECK(renumbered(moved) ==
        R"(<workbook><sheets><sheet name="1" sheetId="1" r:id="rId1"/><sheet name='2' r:id="rId2" state="hidden")"
        R"( sheetId="2"/></sheets></workbook>)");
}

TEST_CASE("xml scan: each shared string's text is read in order, an empty item as empty", "[workbook]") {
  CHECK(shared_string_texts("<sst><si><t>Mind</t></si><si><t/></si><si><t></t></si><si/>"
                            "<si><r><t>Care</t></r><rPh><t>PHONETIC</t></rPh><r><t> UK &amp; Co</t></r></si></sst>") ==
        std::vector<std::string>{"Mind", "", "", "", "Care UK & Co"});
}

TEST_CASE("xml scan: an .xlsx cell showing a formula's error reads as the error's text, not as an empty cell",
          "[workbook]") {
  // liborcus 0.17 passes no cell for <c t="e">: a value lost to #REF! would read as a value not given.
  const std::string sheet_xml =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Provider</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>Contract value</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Mind</t></is></c>"
      "<c r=\"B2\" t=\"e\"><f>B9*2</f><v>#REF!</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Priory</t></is></c><c r=\"B3\"><v>5000</v></c></row>"
      "</sheetData></worksheet>";
  const auto scan = foi::detail::scan_sheet(sheet_xml);
  REQUIRE(scan.inline_cells.size() == 5);
  CHECK(scan.inline_cells[3].row == 1);
  CHECK(scan.inline_cells[3].col == 1);
  CHECK(scan.inline_cells[3].text == "#REF!");  // its <v>, not its formula
  const std::string book = test::book_with_members(".xlsx", {{"xl/worksheets/sheet2.xml", sheet_xml}});
  const auto wb = foi::read_workbook_bytes(book, "book.xlsx", {});
  CHECK(sheet(wb, "Contracts").csv == "Provider,Contract value\nMind,#REF!\nPriory,5000\n");
}

TEST_CASE("xml scan: unnumbered rows and cells after the last number an int holds stay there, never wrap around",
          "[workbook]") {
  const std::string sheet_xml =
      "<worksheet><sheetData><row r=\"2147483647\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>"
      "<row><c t=\"inlineStr\"><is><t>b</t></is></c></row><row><c t=\"inlineStr\"><is><t>c</t></is></c></row>"
      "<row r=\"1\"><c r=\"A1\"/><c t=\"inlineStr\"><is><t>d</t></is></c></row></sheetData></worksheet>";
  const auto scan = foi::detail::scan_sheet(sheet_xml);
  REQUIRE(scan.inline_cells.size() == 4);
  CHECK(scan.inline_cells[0].row == 2147483646);
  CHECK(scan.inline_cells[1].row == 2147483647);
  CHECK(scan.inline_cells[2].row == 2147483647);  // held at the last, not wrapped to a negative row
  CHECK(scan.inline_cells[3].row == 0);
  CHECK(scan.inline_cells[3].col == 1);
}

TEST_CASE("xml scan: a formula saved without its result reads as a result not saved, not as an error", "[workbook]") {
  // A program that does not calculate (a finance export, a script) saves
  // <c><f>B3*3</f></c> with no <v>; liborcus 0.17 passes on NaN, which read
  // as #NUM!, an error the file does not hold.
  const std::string sheet_xml =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Provider</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>Contract value</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Mind</t></is></c><c r=\"B2\"><f>C2*3</f></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Priory</t></is></c><c r=\"B3\"><f t=\"shared\" ref=\"B3:B4\" "
      "si=\"0\">C3*3</f><v>300</v></c></row>"
      "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>Rethink</t></is></c><c r=\"B4\"><f t=\"shared\" si=\"0\"/></c>"
      "</row>"
      "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>Turning Point</t></is></c><c r=\"B5\" t=\"e\"><f>1/0</f>"
      "<v>#DIV/0!</v></c></row>"
      "</sheetData></worksheet>";
  const auto scan = foi::detail::scan_sheet(sheet_xml);
  CHECK(scan.unsaved_formulas == std::vector<std::pair<std::int32_t, std::int32_t>>{{1, 1}, {3, 1}});
  const std::string book = test::book_with_members(".xlsx", {{"xl/worksheets/sheet2.xml", sheet_xml}});
  const auto wb = foi::read_workbook_bytes(book, "book.xlsx", {});
  CHECK(sheet(wb, "Contracts").csv ==
        "Provider,Contract value\nMind,[formula result not saved]\nPriory,300\nRethink,[formula result not saved]\n"
        "Turning Point,#DIV/0!\n");
}

TEST_CASE("xml scan: an .xlsx date cell holding ISO 8601 text reads as its date", "[workbook]") {
  // <c t="d"><v>2016-03-31T00:00:00</v></c>, as some writers save a date;
  // liborcus 0.17 passes no cell for it, and the contract lost its end date.
  const std::string sheet_xml =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Provider</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>Start date</t></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>End date</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Mind</t></is></c><c r=\"B2\" s=\"1\" t=\"d\"><v>2013-04-01</v>"
      "</c><c r=\"C2\" s=\"1\" t=\"d\"><v>2016-03-31T00:00:00</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Priory</t></is></c><c r=\"B3\" t=\"d\"><v>2014-07-01T09:30:00Z"
      "</v></c><c r=\"C3\" t=\"d\"><v>not a date</v></c></row>"
      "</sheetData></worksheet>";
  const auto scan = foi::detail::scan_sheet(sheet_xml);
  REQUIRE(scan.inline_cells.size() == 9);
  CHECK(scan.inline_cells[4].text == "2013-04-01");
  CHECK(scan.inline_cells[5].text == "2016-03-31");
  const std::string book = test::book_with_members(".xlsx", {{"xl/worksheets/sheet2.xml", sheet_xml}});
  const auto wb = foi::read_workbook_bytes(book, "book.xlsx", {});
  CHECK(sheet(wb, "Contracts").csv ==
        "Provider,Start date,End date\nMind,2013-04-01,2016-03-31\nPriory,2014-07-01,not a date\n");
}

TEST_CASE("xml scan: XML cut short, closing another element's tag or holding no element is found where it breaks",
          "[workbook]") {
  using foi::detail::xml_unclosed;
  CHECK_FALSE(xml_unclosed("<?xml version=\"1.0\"?><a x=\"</b>\"><b/><!-- </a> --><c><![CDATA[</c>]]></c></a>"));
  const auto cut = xml_unclosed("<a><b>text");
  REQUIRE(cut);
  CHECK(cut->at == 10);
  CHECK(cut->open == "b");
  CHECK(cut->found.empty());
  const auto wrong = xml_unclosed("<x:a><x:b></x:c></x:a>");
  REQUIRE(wrong);
  CHECK(wrong->at == 10);
  CHECK(wrong->open == "x:b");
  CHECK(wrong->found == "x:c");
  const auto extra = xml_unclosed("<a></a></a>");
  REQUIRE(extra);
  CHECK(extra->at == 7);
  CHECK(extra->open.empty());
  const auto none = xml_unclosed("<?xml version=\"1.0\"?>\n");
  REQUIRE(none);
  CHECK(none->at == 22);
  CHECK(none->open.empty());
}
