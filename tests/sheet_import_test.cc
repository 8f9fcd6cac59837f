// .xlsx and .ods workbooks read through liborcus into one CSV text per sheet.
#include "sheet_import.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <string>
#include <tuple>
#include <vector>

#include "foi/error.h"
#include "foi/workbook.h"
#include "test_util.h"
#include "workbook_fixtures.h"

using test::book_member;
using test::check_same_sheets;
using test::kBook;
using test::kDir;
using test::lines;
using test::sheet;

TEST_CASE("sheet import: an .xlsx becomes one CSV text per sheet, line N being row N", "[workbook]") {
  auto wb = foi::read_workbook(kBook + ".xlsx", "book.xlsx");
  CHECK(wb.format == foi::WorkbookFormat::xlsx);
  std::vector<std::string> names;
  for (const auto& s : wb.sheets) names.push_back(s.name);
  CHECK(names == std::vector<std::string>{"Cover", "Contracts", "Block contracts", "Notes", "Lists", "Sheet6"});

  auto c = lines(sheet(wb, "Contracts").csv);
  REQUIRE(c.size() == 14);
  CHECK(c[0] == "Freedom of Information request FOI/2016/1234");
  CHECK(c[2].empty());  // the blank row 3 is kept
  // "Contract value" is merged over D4:F4: its value heads each year column;
  // "Provider" merged down A4:A5 is not repeated in row 5.
  CHECK(c[3] == "Provider,Provider type,Service,Contract value,Contract value,Contract value,Start date,End date,"
                "Quality monitoring,Internal ref");
  CHECK(c[4] == ",,,2013/14,2014/15,2015/16");
  // £ formats dropped, dates ISO (custom "d mmmm yyyy", "dd/mm/yyyy" and built-in 14 alike).
  CHECK(c[5] == "South London and Maudsley NHS Foundation Trust,NHS FT,Adult community mental health,1250000,1262500,"
                "1275125,2013-04-01,2016-03-31,Yes - quarterly CQUIN reports,LAM-001");
  CHECK(c[8] == "Mind in Croydon,Voluntary,Peer support,12500,12500,12500,2014-01-15,2016-01-14,Not stated,LAM-004");
  // A formula reads as its cached value: E8 = D8+4999.75, the totals = SUM().
  CHECK(c[7].starts_with("Oxleas NHS FT,NHS FT,Psychiatric liaison,310000.5,315000.25,320000,2013-07-01,Ongoing,"));
  CHECK(c[11] == "Total,,,1617500.5,1733000.25,1708625");
  CHECK(c[13] == "Notes: values exclude VAT");

  CHECK(sheet(wb, "Contracts").hidden_rows == std::vector<long>{9});
  CHECK(sheet(wb, "Contracts").hidden_columns == std::vector<long>{10});
  CHECK_FALSE(sheet(wb, "Contracts").hidden);
  CHECK(sheet(wb, "Lists").hidden);
  CHECK(sheet(wb, "Sheet6").csv.empty());
  CHECK(sheet(wb, "Cover").csv.find("Date of response,2016-09-12\nInformation held,TRUE\n") != std::string::npos);
  // A line break inside a cell becomes a space, so that rows stay lines.
  CHECK(lines(sheet(wb, "Notes").csv)[1] == "All values exclude VAT. Values are for the whole contract term.");
}

TEST_CASE("sheet import: the .ods reads exactly like the .xlsx", "[workbook]") {
  auto x = foi::read_workbook(kBook + ".xlsx", "book.xlsx");
  auto o = foi::read_workbook(kBook + ".ods", "book.ods");
  CHECK(o.format == foi::WorkbookFormat::ods);
  check_same_sheets(x, o);
}

TEST_CASE("sheet import: a workbook in the 1904 date system reads its serial numbers from 1 January 1904", "[workbook]") {
  // The same serial numbers as the 1900 workbook: 1,462 days later.
  const auto book = foi::read_workbook(kDir + "/08K_date1904.xlsx", "book.xlsx");
  const std::string csv = sheet(book, "Contracts").csv;
  CHECK(csv.find("Adult community mental health,1250000,1262500,1275125,2017-04-02,2020-04-01,") != std::string::npos);
  CHECK(sheet(foi::read_workbook(kBook + ".xlsx", "book.xlsx"), "Contracts")
            .csv.find("Adult community mental health,1250000,1262500,1275125,2013-04-01,2016-03-31,") !=
        std::string::npos);
}

TEST_CASE("sheet import: a sheet whose rows are written last to first reads exactly like one in order", "[workbook]") {
  auto x = foi::read_workbook(kBook + ".xlsx", "book.xlsx");
  auto reversed = foi::read_workbook(kDir + "/08K_rows_reversed.xlsx", "reversed.xlsx");
  check_same_sheets(x, reversed);
}

TEST_CASE("sheet import: two sheets of one name are read apart, by position, the later named with its position",
          "[workbook]") {
  // Contracts, Other (hidden) and Contracts again, each with its own
  // contracts and a formula total. liborcus 0.17 finds a sheet by its name,
  // so the third sheet's cells went into the first and the third read empty.
  // The reference is the same workbook with the third sheet named apart.
  const auto distinct = foi::read_workbook(kDir + "/08K_distinct_sheet_names.xlsx", "distinct.xlsx");
  for (std::string file : {"08K_duplicate_sheet_names.xlsx", "08K_duplicate_sheet_names_inline.xlsx",
                           "08K_duplicate_sheet_names.ods"}) {
    INFO(file);
    const auto wb = foi::read_workbook(kDir + "/" + file, file);
    REQUIRE(wb.sheets.size() == 3);
    CHECK(wb.sheets[0].name == "Contracts");
    CHECK(wb.sheets[1].name == "Other");
    CHECK(wb.sheets[2].name == "Contracts#3");
    CHECK(lines(wb.sheets[0].csv) ==
          std::vector<std::string>{"Provider,Service,Contract value", "Mind,Counselling,5", "Care UK,Beds,6",
                                   "Total,,11"});
    CHECK(lines(wb.sheets[2].csv) ==
          std::vector<std::string>{"Provider,Service,Contract value", "Rethink Mental Illness,Advocacy,700",
                                   "Turning Point,Crisis house,800", "Total,,1500"});
    CHECK(wb.sheets[1].hidden);
    check_same_sheets(distinct, wb);
  }
}

TEST_CASE("sheet import: formula results stay on their own sheet whatever its sheetId", "[workbook]") {
  // sheetIds 5, 2, 3, as moving and deleting sheets leaves them: liborcus
  // 0.17 takes sheetId - 1 for the position of a formula's sheet, which
  // dropped the first sheet's total and put the second's on the third.
  const auto distinct = foi::read_workbook(kDir + "/08K_distinct_sheet_names.xlsx", "book.xlsx");
  const auto moved = foi::read_workbook(kDir + "/08K_sheet_ids_moved.xlsx", "book.xlsx");
  check_same_sheets(distinct, moved);
  CHECK(lines(moved.sheets[0].csv).back() == "Total,,11");
  CHECK(lines(moved.sheets[1].csv).back() == "Total,,90");
}

namespace {

// The test workbook with its styles and its Contracts sheet replaced.
std::string book_with(const std::string& styles_xml, const std::string& sheet_xml) {
  return test::book_with_members(".xlsx", {{"xl/styles.xml", styles_xml}, {"xl/worksheets/sheet2.xml", sheet_xml}});
}

// A worksheet of one text column and one number column, row by row, the
// number cells styled with the cell format given.
std::string value_sheet(const std::vector<std::tuple<std::string, int, std::string>>& rows) {
  std::string x =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Provider</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>Contract value</t></is></c></row>";
  int r = 2;
  for (const auto& [name, style, value] : rows) {
    const std::string n = std::to_string(r++);
    x += "<row r=\"" + n + "\"><c r=\"A" + n + "\" t=\"inlineStr\"><is><t>" + name + "</t></is></c><c r=\"B" + n +
         "\" s=\"" + std::to_string(style) + "\"><v>" + value + "</v></c></row>";
  }
  return x + "</sheetData></worksheet>";
}

}  // namespace

TEST_CASE("sheet import: a number format ending in commas writes the number scaled as Excel shows it",
          "[workbook]") {
  // "#,##0," shows 150000 as 150 under "Contract value (£000s)": the header's
  // unit applies to the number shown, so the stored one was 1,000 times too large.
  const std::string styles =
      "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"6\">"
      "<numFmt numFmtId=\"164\" formatCode=\"#,##0,\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"#,##0.0,,\"/>"
      "<numFmt numFmtId=\"166\" formatCode=\"#,##0&quot;,&quot;\"/>"
      "<numFmt numFmtId=\"167\" formatCode=\"[$£-809]#,##0,;[Red]\\-[$£-809]#,##0,,\"/>"
      "<numFmt numFmtId=\"168\" formatCode=\"0\\,\"/>"
      "<numFmt numFmtId=\"169\" formatCode=\"&quot;£&quot;#,##0.00,&quot;k&quot;\"/></numFmts>"
      "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
      "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
      "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
      "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
      "<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/>"
      "<xf numFmtId=\"165\" applyNumberFormat=\"1\"/><xf numFmtId=\"166\" applyNumberFormat=\"1\"/>"
      "<xf numFmtId=\"167\" applyNumberFormat=\"1\"/><xf numFmtId=\"168\" applyNumberFormat=\"1\"/>"
      "<xf numFmtId=\"169\" applyNumberFormat=\"1\"/><xf numFmtId=\"3\" applyNumberFormat=\"1\"/></cellXfs>"
      "</styleSheet>";
  const auto wb = foi::read_workbook_bytes(
      book_with(styles, value_sheet({{"Thousands", 1, "150000"},
                                     {"Not rounded", 1, "150499"},
                                     {"Millions", 2, "15300000"},
                                     {"Comma in quotes", 3, "150000"},
                                     {"Bracketed currency", 4, "150000"},
                                     {"Negative section", 4, "-15300000"},
                                     {"Escaped comma", 5, "150000"},
                                     {"Before a literal", 6, "250000"},
                                     {"Thousands separator only", 7, "150000"}})),
      "book.xlsx", {});
  CHECK(lines(sheet(wb, "Contracts").csv) ==
        std::vector<std::string>{"Provider,Contract value", "Thousands,150", "Not rounded,150.499", "Millions,15.3",
                                 "Comma in quotes,150000", "Bracketed currency,150", "Negative section,-15.3",
                                 "Escaped comma,150000", "Before a literal,250", "Thousands separator only,150000"});
}

namespace {

// The test workbook (.xlsx or .ods) with one member's text replaced.
std::string member_replaced(const std::string& ext, const std::string& member, const std::string& text) {
  return test::book_with_members(ext, {{member, text}});
}

// What reading the workbook throws, or "no error".
std::string error_of(const std::string& bytes, const std::string& display) {
  try {
    foi::read_workbook_bytes(bytes, display, {});
  } catch (const foi::Error& e) {
    return e.what();
  }
  return "no error";
}

// The test workbook's content.xml.
std::string ods_content() { return book_member(".ods", "content.xml"); }

// Why the .xlsx read from bytes leaves its Contracts sheet unread, or "not
// damaged"; every other sheet is read as from the whole test workbook.
std::string contracts_damage(const std::string& bytes) {
  const auto whole = foi::read_workbook(kBook + ".xlsx", "book.xlsx");
  const auto wb = foi::read_workbook_bytes(bytes, "book.xlsx", {});
  REQUIRE(wb.sheets.size() == whole.sheets.size());
  for (std::size_t i = 0; i < wb.sheets.size(); ++i) {
    INFO(whole.sheets[i].name);
    CHECK(wb.sheets[i].name == whole.sheets[i].name);
    if (wb.sheets[i].name == "Contracts") continue;
    CHECK(wb.sheets[i].csv == whole.sheets[i].csv);
    CHECK(wb.sheets[i].damaged.empty());
  }
  const foi::WorkbookSheet& s = sheet(wb, "Contracts");
  if (s.damaged.empty()) return "not damaged";
  CHECK(s.csv.empty());
  CHECK(s.cells == 0);
  CHECK(s.hidden_rows.empty());
  CHECK(s.hidden_columns.empty());
  CHECK(s.merged_down.empty());
  return s.damaged;
}

// What the test workbook's sheets beside a damaged one are told, at the end
// of the damaged sheet's message.
const std::string kOthersRead = "the sheet is not read, and the workbook's other sheets are; open the workbook in a "
                                "spreadsheet program and save it again, or ask for the return as CSV";

}  // namespace

TEST_CASE("sheet import: an .xlsx sheet whose XML stops short is refused alone, saying where, not read up to the cut",
          "[workbook]") {
  const std::string whole = value_sheet({{"Mind", 0, "5"}, {"Care UK", 0, "6"}, {"Rethink", 0, "7"}});
  REQUIRE(lines(sheet(foi::read_workbook_bytes(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", whole),
                                               "book.xlsx", {}),
                      "Contracts")
                    .csv)
              .size() == 4);
  CHECK(contracts_damage(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", whole)) == "not damaged");
  // Cut after a whole row, and inside a cell's text: both read as a shorter
  // sheet before, with no word; then the whole workbook was refused.
  const std::string after_row = whole.substr(0, whole.find("<row r=\"3\">"));
  CHECK(contracts_damage(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", after_row)) ==
        fmt::format("the sheet is damaged or incomplete: its part xl/worksheets/sheet2.xml stops short at byte {}, its "
                    "<sheetData> never closed, and the rows after that would be lost; {}",
                    after_row.size(), kOthersRead));
  const std::string in_text = whole.substr(0, whole.find("Care UK") + 4);
  CHECK_THAT(contracts_damage(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", in_text)),
             Catch::StartsWith("the sheet is damaged or incomplete: its part xl/worksheets/sheet2.xml stops short at "
                               "byte " + std::to_string(in_text.size()) + ", its <t> never closed"));
  // A closing tag that closes another element is as broken.
  std::string mismatched = whole;
  mismatched.replace(mismatched.find("</row>", mismatched.find("Care UK")), 6, "</rox>");
  CHECK_THAT(contracts_damage(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", mismatched)),
             Catch::Contains("its part xl/worksheets/sheet2.xml has </rox> at byte") &&
                 Catch::Contains("where </row> was due"));
  // A member other than a sheet's is the whole workbook's, and refuses it.
  CHECK(error_of(member_replaced(".xlsx", "xl/styles.xml", "<styleSheet><numFmts>"), "book.xlsx") ==
        "book.xlsx: the workbook is damaged or incomplete: its xl/styles.xml stops short at byte 21, its <numFmts> "
        "never closed; open it in a spreadsheet program and save it again");
}

TEST_CASE("sheet import: an .ods whose content.xml stops short or closes the wrong tag is an error naming the sheet",
          "[workbook]") {
  const std::string content = ods_content();
  const std::string cut = content.substr(0, content.find("Freedom of Information request"));
  CHECK(error_of(member_replaced(".ods", "content.xml", cut), "book.ods") ==
        fmt::format("book.ods: the workbook is damaged or incomplete: its content.xml stops short at byte {}, its "
                    "<text:p> never closed, in its sheet 'Contracts', and the rows after that would be lost; open it "
                    "in a spreadsheet program and save it again, or ask for the return as CSV",
                    cut.size()));
  const std::string at_row = content.substr(0, content.find("<table:table-row>", content.find("Contracts")));
  CHECK_THAT(error_of(member_replaced(".ods", "content.xml", at_row), "book.ods"),
             Catch::Contains("its <table:table> never closed, in its sheet 'Contracts'"));
  std::string mismatched = content;
  const std::size_t row_end = mismatched.find("</table:table-row>", mismatched.find("Contracts"));
  mismatched.replace(row_end, 18, "</table:table-rox>");
  CHECK(error_of(member_replaced(".ods", "content.xml", mismatched), "book.ods") ==
        fmt::format("book.ods: the workbook is damaged or incomplete: its content.xml has </table:table-rox> at byte "
                    "{} where </table:table-row> was due, in its sheet 'Contracts', and the rows after that would be "
                    "lost; open it in a spreadsheet program and save it again, or ask for the return as CSV",
                    row_end + 1));
}

TEST_CASE("sheet import: a number cell whose stored text is not wholly a number reads as its text, not its "
          "first digits",
          "[workbook]") {
  // liborcus 0.17 read <v>1,000</v> as 1, <v>1e999</v> as 1 and <v>0x10</v>
  // as 0, and an .ods's std::from_chars kept the digits "1,000" starts with.
  const auto xlsx = foi::read_workbook_bytes(
      member_replaced(".xlsx", "xl/worksheets/sheet2.xml",
                      value_sheet({{"Comma", 0, "1,000"},
                                   {"Overflow", 0, "1e999"},
                                   {"Hex", 0, "0x10"},
                                   {"Not a number", 0, "nan"},
                                   {"Plain", 0, "2500"},
                                   {"Exponent", 0, "1.5E+3"}})),
      "book.xlsx", {});
  CHECK(lines(sheet(xlsx, "Contracts").csv) ==
        std::vector<std::string>{"Provider,Contract value", "Comma,\"1,000\"", "Overflow,1e999", "Hex,0x10",
                                 "Not a number,nan", "Plain,2500", "Exponent,1500"});
  std::string content = ods_content();
  const std::string comma = "office:value=\"1250000\"><text:p>£1250000</text:p>";
  const std::string overflow = "office:value=\"1262500\"><text:p>£1262500</text:p>";
  REQUIRE(content.find(comma) != std::string::npos);
  REQUIRE(content.find(overflow) != std::string::npos);
  const auto before = foi::read_workbook_bytes(member_replaced(".ods", "content.xml", content), "book.ods", {});
  CHECK_THAT(sheet(before, "Contracts").csv, Catch::Contains(",1250000,1262500,"));
  content.replace(content.find(comma), comma.size(), "office:value=\"1,250,000\"><text:p>£1,250,000</text:p>");
  content.replace(content.find(overflow), overflow.size(), "office:value=\"1e999\"><text:p>£1262500</text:p>");
  const auto ods = foi::read_workbook_bytes(member_replaced(".ods", "content.xml", content), "book.ods", {});
  CHECK_THAT(sheet(ods, "Contracts").csv, Catch::Contains(",\"£1,250,000\",£1262500,"));
}

TEST_CASE("sheet import: an .xlsx inline or shared string written as CDATA reads as its text, not as an empty cell",
          "[workbook]") {
  const std::string inline_sheet =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Provider</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>Contract value</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t><![CDATA[Smith <2> & Co]]></t></is></c><c r=\"B2\"><v>5</v></c>"
      "</row><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Care &amp; <![CDATA[<Co>]]> Ltd</t></is></c>"
      "<c r=\"B3\"><v>6</v></c></row></sheetData></worksheet>";
  const auto wb = foi::read_workbook_bytes(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", inline_sheet),
                                           "book.xlsx", {});
  CHECK(lines(sheet(wb, "Contracts").csv) ==
        std::vector<std::string>{"Provider,Contract value", "Smith <2> & Co,5", "Care & <Co> Ltd,6"});
  std::string sst = book_member(".xlsx", "xl/sharedStrings.xml");
  const std::string item = "<si><t>Freedom of Information request FOI/2016/1234</t></si>";
  REQUIRE(sst.find(item) != std::string::npos);
  sst.replace(sst.find(item), item.size(), "<si><t><![CDATA[Freedom of <Information> & request]]></t></si>");
  const auto shared = foi::read_workbook_bytes(member_replaced(".xlsx", "xl/sharedStrings.xml", sst), "book.xlsx", {});
  CHECK(lines(sheet(shared, "Contracts").csv).front() == "Freedom of <Information> & request");
}

TEST_CASE("sheet import: a character reference to a surrogate reads as U+FFFD in its cell alone, the row kept as UTF-8",
          "[workbook]") {
  // A lone surrogate written as UTF-8 made the sheet's line invalid, and
  // the reader took the whole row for Windows-1252 ("CafÃ©").
  const std::string with_surrogates =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Provider</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>Service</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Caf\xC3\xA9 &#xD800; Ltd</t></is></c>"
      "<c r=\"B2\" t=\"inlineStr\"><is><t>Crisis \xE2\x80\x93 beds &#0;&#56320;</t></is></c></row>"
      "</sheetData></worksheet>";
  const auto wb = foi::read_workbook_bytes(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", with_surrogates),
                                           "book.xlsx", {});
  CHECK(lines(sheet(wb, "Contracts").csv) ==
        std::vector<std::string>{"Provider,Service",
                                 "Caf\xC3\xA9 \xEF\xBF\xBD Ltd,Crisis \xE2\x80\x93 beds \xEF\xBF\xBD\xEF\xBF\xBD"});
  // A shared string, which liborcus decodes itself.
  std::string sst = book_member(".xlsx", "xl/sharedStrings.xml");
  const std::string item = "<si><t>Freedom of Information request FOI/2016/1234</t></si>";
  REQUIRE(sst.find(item) != std::string::npos);
  sst.replace(sst.find(item), item.size(), "<si><t>Caf\xC3\xA9 &#xD800; request</t></si>");
  const auto shared = foi::read_workbook_bytes(member_replaced(".xlsx", "xl/sharedStrings.xml", sst), "book.xlsx", {});
  CHECK(lines(sheet(shared, "Contracts").csv).front() == "Caf\xC3\xA9 \xEF\xBF\xBD request");
}

TEST_CASE("sheet import: a shared-string index past the shared strings, or no index at all, refuses its sheet alone, "
          "at its cell",
          "[workbook]") {
  // Both read as an empty cell: a provider's name lost, told as a row
  // with no provider rather than as a damaged sheet.
  auto with_index = [](const std::string& index) {
    return "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
           "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c><c r=\"B1\" t=\"s\"><v>10</v></c></row>"
           "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>" +
           index + "</v></c><c r=\"B2\"><v>5</v></c></row></sheetData></worksheet>";
  };
  const auto wb =
      foi::read_workbook_bytes(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", with_index("70")), "book.xlsx", {});
  CHECK(lines(sheet(wb, "Contracts").csv).front() == "Provider,Contract value");
  CHECK(contracts_damage(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", with_index("70"))) == "not damaged");
  CHECK(contracts_damage(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", with_index("71"))) ==
        "the sheet is damaged: its cell A2 (xl/worksheets/sheet2.xml) shows shared string 71, but the workbook holds "
        "71 shared strings; " + kOthersRead);
  CHECK_THAT(contracts_damage(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", with_index("999999"))),
             Catch::StartsWith("the sheet is damaged: its cell A2 (xl/worksheets/sheet2.xml) shows shared string "
                               "999999"));
  CHECK(contracts_damage(member_replaced(".xlsx", "xl/worksheets/sheet2.xml", with_index("-1"))) ==
        "the sheet is damaged: its cell A2 (xl/worksheets/sheet2.xml) gives '-1' for the shared string it shows, "
        "which is no index into the shared strings; " + kOthersRead);
}

TEST_CASE("sheet import: beside a damaged sheet, a sound sheet is read as usual, in a child process as in this one",
          "[workbook]") {
  // Each damage that had refused the whole workbook, and every contract of
  // its sound sheets with it.
  const auto whole = foi::read_workbook(kBook + ".xlsx", "book.xlsx");
  const auto sound =
      foi::read_workbook_bytes(test::two_sheet_book(book_member(".xlsx", "xl/worksheets/sheet3.xml")), "book.xlsx", {});
  REQUIRE(sound.sheets.size() == 2);
  CHECK(sound.sheets[1].csv == sheet(whole, "Block contracts").csv);
  CHECK(sound.sheets[1].damaged.empty());
  for (const test::DamagedSheet& c : test::damaged_block_contracts()) {
    for (bool isolate : {true, false}) {
      INFO(c.damage << " isolate " << isolate);
      foi::WorkbookLimits limits;
      limits.isolate = isolate;
      const auto wb = foi::read_workbook_bytes(test::two_sheet_book(c.xml), "book.xlsx", limits);
      REQUIRE(wb.sheets.size() == 2);
      CHECK(wb.sheets[0].name == "Contracts");
      CHECK(wb.sheets[0].csv == sheet(whole, "Contracts").csv);
      CHECK(wb.sheets[0].hidden_rows == sheet(whole, "Contracts").hidden_rows);
      CHECK(wb.sheets[0].damaged.empty());
      CHECK(wb.sheets[1].name == "Block contracts");
      CHECK(wb.sheets[1].csv.empty());
      CHECK(wb.sheets[1].cells == 0);
      CHECK(wb.sheets[1].damaged == c.damage + kOthersRead);
    }
  }
  // A workbook whose only sheet is damaged says it has no other.
  const auto alone = foi::read_workbook(kDir + "/hostile/08K_repeated_row.xlsx", "book.xlsx");
  REQUIRE(alone.sheets.size() == 1);
  CHECK_THAT(alone.sheets[0].damaged,
             Catch::EndsWith("; the sheet is not read, and the workbook has no other sheet; open the workbook in a "
                             "spreadsheet program and save it again, or ask for the return as CSV"));
}

TEST_CASE("sheet import: two .xlsx sheets showing one worksheet part read it once, the second saying whose it is",
          "[workbook]") {
  // Every contract of the part was read twice, with no word.
  std::string workbook_xml = book_member(".xlsx", "xl/workbook.xml");
  const std::string third = "name=\"Block contracts\" sheetId=\"3\" r:id=\"rId3\"";
  REQUIRE(workbook_xml.find(third) != std::string::npos);
  workbook_xml.replace(workbook_xml.find(third), third.size(), "name=\"Block contracts\" sheetId=\"3\" r:id=\"rId2\"");
  const auto whole = foi::read_workbook(kBook + ".xlsx", "book.xlsx");
  const auto wb = foi::read_workbook_bytes(member_replaced(".xlsx", "xl/workbook.xml", workbook_xml), "book.xlsx", {});
  REQUIRE(wb.sheets.size() == whole.sheets.size());
  CHECK(wb.sheets[1].csv == whole.sheets[1].csv);
  CHECK(wb.sheets[1].same_part_as.empty());
  CHECK(wb.sheets[2].name == "Block contracts");
  CHECK(wb.sheets[2].csv.empty());
  CHECK(wb.sheets[2].cells == 0);
  CHECK(wb.sheets[2].same_part_as == "Contracts");
  // In a child process as in this one.
  foi::WorkbookLimits in_process;
  in_process.isolate = false;
  const auto here =
      foi::read_workbook_bytes(member_replaced(".xlsx", "xl/workbook.xml", workbook_xml), "book.xlsx", in_process);
  CHECK(here.sheets[2].same_part_as == "Contracts");
  // And the user is told so, at the second sheet.
  const auto dir = test::scratch("same-part");
  test::write_file(dir / "08K_book.xlsx", member_replaced(".xlsx", "xl/workbook.xml", workbook_xml));
  const auto v = test::run_tool({"validate", (dir / "08K_book.xlsx").string()});
  CHECK(v.out.find("08K_book.xlsx[Block contracts]: info[sheet-skipped]: the sheet shows the same worksheet part as "
                   "sheet 'Contracts', whose rows are read once, there") != std::string::npos);
}

TEST_CASE("sheet import: an .ods row or cell with content past the sheet's last row or column is an error, filler not",
          "[workbook]") {
  const std::string content = ods_content();
  // The Contracts sheet with rows added after its own.
  auto contracts_with = [&](const std::string& rows) {
    std::string c = content;
    c.insert(c.find("</table:table>", c.find("table:name=\"Contracts\"")), rows);
    return member_replaced(".ods", "content.xml", c);
  };
  const std::string filler = "<table:table-row table:number-rows-repeated=\"1048560\"><table:table-cell "
                             "table:number-columns-repeated=\"16384\"/></table:table-row>";
  const std::string late = "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Late Ltd</text:p>"
                           "</table:table-cell></table:table-row>";
  // Empty rows and cells up to and past the limits, as LibreOffice writes
  // them, are harmless.
  const auto before = foi::read_workbook_bytes(member_replaced(".ods", "content.xml", content), "book.ods", {});
  const auto padded = foi::read_workbook_bytes(contracts_with(filler + filler), "book.ods", {});
  CHECK(sheet(padded, "Contracts").csv == sheet(before, "Contracts").csv);
  CHECK_THAT(error_of(contracts_with(filler + filler + late), "book.ods"),
             Catch::Contains("its sheet 'Contracts' has content at row ") &&
                 Catch::Contains("past the last row a sheet can have (1,048,576)"));
  CHECK_THAT(error_of(contracts_with("<table:table-row><table:table-cell table:number-columns-repeated=\"16384\"/>"
                                     "<table:table-cell office:value-type=\"float\" office:value=\"777\"><text:p>777"
                                     "</text:p></table:table-cell></table:table-row>"),
                      "book.ods"),
             Catch::Contains("its sheet 'Contracts' has content at row 15, column 16385, past the last column a sheet "
                             "can have (16,384, XFD)"));
  // A repeat count that is no count had read as 1.
  for (std::string bad : {"-5", "99999999999999999999", "2x", ""}) {
    INFO(bad);
    CHECK_THAT(error_of(contracts_with("<table:table-row table:number-rows-repeated=\"" + bad + "\">" +
                                       late.substr(late.find("<table:table-cell"))),
                        "book.ods"),
               Catch::Contains("its sheet 'Contracts' gives table:number-rows-repeated=\"" + bad +
                               "\" in row 15, which is not a count (a whole number from 1)"));
  }
}
