// Workbook returns: .xlsx, .ods and .xls read into CSV text per sheet, then
// through the same pipeline as CSV: sniffing, the child process a workbook
// is parsed in, its limits, and the commands on workbooks. The workbooks
// are made by tools/gen_workbooks.py (the .xls by LibreOffice from the
// .xlsx); each reader has its own tests (zip_test.cc, xml_scan_test.cc,
// sheet_import_test.cc, xls_test.cc).
#include "foi/workbook.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <filesystem>
#include <map>

#include "foi/contracts.h"
#include "foi/error.h"
#include "foi/reader.h"
#include "test_util.h"
#include "workbook_fixtures.h"

namespace fs = std::filesystem;
using test::run_tool;
using test::kBook;
using test::kDir;
using test::read_error;

namespace {

// normalise's rows keyed by provider, without the columns that name where a
// row came from or the cell text as displayed.
std::map<std::string, std::map<std::string, std::string>> normalised(const std::vector<std::string>& inputs) {
  std::vector<std::string> args = {"normalise"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  auto r = run_tool(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto records = foi::read_all(r.out);
  std::map<std::string, std::map<std::string, std::string>> out;
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].cells.size() < records[0].cells.size()) continue;
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < records[0].cells.size(); ++c) row[std::string(records[0].cells[c])] = records[i].cells[c];
    for (auto k : {"source_file", "source_line", "value_text"}) row.erase(k);
    out[row["provider_raw"]] = row;
  }
  return out;
}

}  // namespace

TEST_CASE("workbook: a hidden sheet listing providers and types for drop-downs gives notes, not contracts",
          "[workbook]") {
  auto book = std::make_shared<foi::Workbook>();
  book->sheets.push_back({"Contracts", false, {}, {}, 0, "Provider,Provider type,Contract value\nMind,Charity,5\n", {}});
  book->sheets.push_back({"Lists", true, {}, {}, 0, "Provider,Provider type\nMind,Charity\nOxleas,FT\n", {}});
  // The same list shown is a list too, beside a table with values (see the
  // next test); a hidden sheet with contract columns is read as contracts.
  book->sheets.push_back({"Shown", false, {}, {}, 0, "Provider,Provider type\nMind,Charity\n", {}});
  book->sheets.push_back({"Hidden", true, {}, {}, 0, "Provider,Contract value\nMind,7\n", {}});
  const foi::ReferenceData& ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  auto read = [&](std::size_t sheet) {
    foi::InputFile in{"08K_book.xlsx", "08K_book.xlsx[" + book->sheets[sheet].name + "]",
                      std::make_shared<const std::string>(book->sheets[sheet].csv), book, sheet};
    return foi::read_return(in, ctx, [](foi::Contract&) {});
  };
  const foi::FileResult lists = read(1);
  CHECK(lists.contracts == 0);
  CHECK(lists.rows[foi::RowKind::note] == 2);
  CHECK(lists.rows.total() == 3);
  CHECK(lists.findings.total("sheet-skipped") == 1);
  CHECK(lists.findings.total("no-contracts") == 0);
  CHECK_FALSE(lists.unreadable);
  CHECK(read(2).contracts == 0);
  CHECK(read(3).contracts == 1);
}

TEST_CASE("workbook: a shown sheet of providers with only their types or services, beside a contract table with "
          "values, gives notes, not a second set of contracts",
          "[workbook]") {
  const foi::ReferenceData& ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  auto read = [&](const std::shared_ptr<foi::Workbook>& book, std::size_t sheet) {
    foi::InputFile in{"02V_book.xlsx", "02V_book.xlsx[" + book->sheets[sheet].name + "]",
                      std::make_shared<const std::string>(book->sheets[sheet].csv), book, sheet};
    return foi::read_return(in, ctx, [](foi::Contract&) {});
  };
  auto book = std::make_shared<foi::Workbook>();
  book->sheets.push_back({"Contracts", false, {}, {}, 0,
                          "Provider,Service,Contract value,Start date\nMind,Counselling,5000,2014-04-01\n"
                          "Priory Group,Beds,9000,2014-04-01\n", {}});
  book->sheets.push_back({"Service descriptions", false, {}, {}, 0,
                          "Provider,Service description\nMind,Talking therapies\nPriory Group,Inpatient beds\n", {}});
  book->sheets.push_back({"Provider types", false, {}, {}, 0, "Provider,Provider type\nMind,Charity\nPriory Group,Private\n", {}});
  for (std::size_t sheet : {1u, 2u}) {
    INFO(book->sheets[sheet].name);
    const foi::FileResult r = read(book, sheet);
    CHECK(r.contracts == 0);
    CHECK(r.rows[foi::RowKind::note] == 2);
    CHECK(r.rows.total() == 3);
    REQUIRE(r.findings.total("sheet-skipped") == 1);
    CHECK(r.findings.kept.back().message ==
          "a sheet of providers with only their types, services or other text, and no value, date, length or quality "
          "column, beside a sheet whose contract table has values: it is read as a look-up or description list, its "
          "rows as notes, not contracts; if it does list contracts, save this sheet alone as CSV and read that");
    CHECK_FALSE(r.unreadable);
  }
  CHECK(read(book, 0).contracts == 2);
  // A sheet with a date of its own, and a provider and service table beside a
  // table of no values, are contracts.
  auto dated = std::make_shared<foi::Workbook>(*book);
  dated->sheets[1].csv = "Provider,Service,Start date\nMind,Talking therapies,2015-04-01\n";
  CHECK(read(dated, 1).contracts == 1);
  auto no_values = std::make_shared<foi::Workbook>(*book);
  no_values->sheets[0].csv = "Provider,Service,Start date\nMind,Counselling,2014-04-01\n";
  CHECK(read(no_values, 1).contracts == 2);
  // A workbook whose only table is providers and services lists its contracts.
  auto only = std::make_shared<foi::Workbook>();
  only->sheets.push_back({"Cover", false, {}, {}, 0, "FOI request 2016/12\n", {}});
  only->sheets.push_back({"Services", false, {}, {}, 0, "Provider,Service\nMind,Counselling\nRethink,Advocacy\n", {}});
  CHECK(read(only, 1).contracts == 2);
}

TEST_CASE("workbook: parsing in a child process gives the same sheets as in this one", "[workbook]") {
  foi::WorkbookLimits inproc;
  inproc.isolate = false;
  for (std::string ext : {".xlsx", ".ods", ".xls"}) {
    INFO(ext);
    auto a = foi::read_workbook(kBook + ext, "book", inproc);
    auto b = foi::read_workbook(kBook + ext, "book");
    REQUIRE(a.sheets.size() == b.sheets.size());
    for (std::size_t i = 0; i < a.sheets.size(); ++i) {
      CHECK(a.sheets[i].name == b.sheets[i].name);
      CHECK(a.sheets[i].csv == b.sheets[i].csv);
      CHECK(a.sheets[i].hidden_rows == b.sheets[i].hidden_rows);
      CHECK(a.sheets[i].cells == b.sheets[i].cells);
    }
  }
}

TEST_CASE("workbook: sniffing goes by content, not by file name", "[workbook]") {
  CHECK(foi::looks_like_workbook(kBook + ".xlsx"));
  CHECK(foi::looks_like_workbook(kBook + ".ods"));
  CHECK(foi::looks_like_workbook(kBook + ".xls"));
  CHECK_FALSE(foi::looks_like_workbook(kDir + "/hostile/08K_csv_named.xlsx"));
  CHECK_FALSE(foi::looks_like_workbook(kDir + "/csv/08K_lambeth_contracts.csv"));
  // A truncated .xlsx is still a workbook (to be reported as damaged); a
  // zip signature in a .csv file without workbook parts is not.
  CHECK(foi::looks_like_workbook(kDir + "/hostile/08K_truncated.xlsx"));
  CHECK_FALSE(foi::looks_like_workbook_bytes("PK\x03\x04 not really a zip", "08K_book.csv"));
  std::string xlsx = test::slurp(kBook + ".xlsx");
  CHECK(foi::looks_like_workbook_bytes(xlsx, "08K_saved_as.csv"));
}

TEST_CASE("workbook: damaged, hostile and oversized workbooks are refused with a clear reason", "[workbook]") {
  const std::string h = kDir + "/hostile/";
  for (bool isolate : {false, true}) {
    INFO("isolate " << isolate);
    foi::WorkbookLimits limits;
    limits.isolate = isolate;
    CHECK_THAT(read_error(h + "08K_truncated.xlsx", limits), Catch::Contains("truncated"));
    CHECK_THAT(read_error(h + "08K_bomb.xlsx", limits), Catch::Contains("possible zip bomb"));
    CHECK_THAT(read_error(h + "08K_lying_sizes.xlsx", limits), Catch::Contains("inflates to more than the 100 bytes"));
    CHECK_THAT(read_error(h + "08K_encrypted_zip.xlsx", limits), Catch::Contains("encrypted"));
    CHECK_THAT(read_error(h + "08K_csv_named.xlsx", limits), Catch::Contains("not a workbook"));
    // Found by fuzz/fuzz_workbook: liborcus tells the sheet of every column
    // of a <col> range, one call each, and this one spans billions.
    CHECK_THAT(read_error(h + "08K_column_range.xlsx", limits), Catch::Contains("not within columns 1 to 16,384"));
  }
  foi::WorkbookLimits small;
  small.max_cells = 50;
  for (std::string ext : {".xlsx", ".ods", ".xls"}) {
    INFO(ext);
    CHECK_THAT(read_error(kBook + ext, small), Catch::Contains("more than 50 cells"));
  }
  small = {};
  small.max_sheets = 2;
  CHECK_THAT(read_error(kBook + ".xlsx", small), Catch::Contains("more than 2 sheets"));
  CHECK_THAT(read_error(kBook + ".ods", small), Catch::Contains("more than 2 sheets"));
  CHECK_THAT(read_error(kBook + ".xls", small), Catch::Contains("over the limit of 2"));
  small = {};
  small.max_file_bytes = 1000;
  CHECK_THAT(read_error(kBook + ".xlsx", small), Catch::Contains("over the limit of"));
  small = {};
  small.max_uncompressed_bytes = 4000;
  CHECK_THAT(read_error(kBook + ".xlsx", small), Catch::Contains("possible zip bomb"));
  small = {};
  small.max_text_bytes = 100;
  CHECK_THAT(read_error(kBook + ".ods", small), Catch::Contains("of text, over the limit"));
  // Every byte-length cut of a real workbook is refused or read, never a crash.
  std::string xlsx = test::slurp(kBook + ".xlsx");
  foi::WorkbookLimits inproc;
  inproc.isolate = false;
  for (std::size_t cut = 0; cut < xlsx.size(); cut += 97) {
    try {
      foi::read_workbook_bytes(std::string_view(xlsx).substr(0, cut), "cut.xlsx", inproc);
    } catch (const foi::Error& e) {
      CHECK(std::string(e.what()).starts_with("cut.xlsx: "));
    }
  }
}

TEST_CASE("workbook: normalise gives the same contracts from .xlsx and .ods as from the same data in CSV",
          "[workbook][cli]") {
  auto csv = normalised({kDir + "/csv/08K_lambeth_contracts.csv", kDir + "/csv/08K_lambeth_block_contracts.csv"});
  REQUIRE(csv.size() == 9);
  CHECK(csv["Oxleas NHS FT"]["value"] == "945000.75");
  CHECK(csv["Mind in Croydon"]["start_date"] == "2014-01-15");
  for (std::string ext : {".xlsx", ".ods"}) {
    INFO(ext);
    auto book = normalised({kBook + ext});
    CHECK(book == csv);
  }
}

TEST_CASE("workbook: an .xls gives the same contracts but for a value computed by a formula", "[workbook][cli]") {
  auto csv = normalised({kDir + "/csv/08K_lambeth_contracts.csv", kDir + "/csv/08K_lambeth_block_contracts.csv"});
  auto xls = normalised({kBook + ".xls"});
  REQUIRE(xls.size() == csv.size());
  for (auto& [provider, row] : csv) {
    INFO(provider);
    if (provider == "Oxleas NHS FT") continue;
    CHECK(xls[provider] == row);
  }
  CHECK(xls["Oxleas NHS FT"]["value_2014_15"].empty());
  CHECK(xls["Oxleas NHS FT"]["value"] == "630000.5");
}

TEST_CASE("workbook: every contract of two sheets of one name is normalised once, under the sheet's own input",
          "[workbook][cli]") {
  for (std::string file : {"08K_duplicate_sheet_names.xlsx", "08K_duplicate_sheet_names_inline.xlsx",
                           "08K_duplicate_sheet_names.ods"}) {
    INFO(file);
    const std::string path = kDir + "/" + file;
    auto r = run_tool({"normalise", path});
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto records = foi::read_all(r.out);
    REQUIRE_FALSE(records.empty());
    auto column = [&](std::string_view name) {
      std::size_t c = 0;
      while (c < records[0].cells.size() && records[0].cells[c] != name) ++c;
      return c;
    };
    const std::size_t file_at = column("source_file"), provider_at = column("provider_raw"), value_at = column("value");
    std::vector<std::string> got;
    for (std::size_t i = 1; i < records.size(); ++i)
      got.push_back(std::string(records[i].cells.at(file_at)) + " " + std::string(records[i].cells.at(provider_at)) +
                    " " + std::string(records[i].cells.at(value_at)));
    CHECK(got == std::vector<std::string>{
                     path + "[Contracts] Mind 5", path + "[Contracts] Care UK 6", path + "[Other] Barnardos 90",
                     path + "[Contracts#3] Rethink Mental Illness 700", path + "[Contracts#3] Turning Point 800"});
  }
}

TEST_CASE("workbook: cover, notes, hidden and empty sheets are reported, not errors", "[workbook][cli]") {
  auto r = run_tool({"validate", kBook + ".xlsx"});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  std::string b = kBook + ".xlsx";
  for (std::string expected :
       {b + "[Cover]: info[sheet-skipped]: no contract table in this sheet",
        b + "[Notes]: info[sheet-skipped]", b + "[Sheet6]: info[sheet-skipped]: the sheet is empty",
        b + "[Lists]: info[sheet-hidden]", b + "[Contracts]:9: info[hidden-rows]: row 9 is hidden in the workbook",
        b + "[Contracts]: info[hidden-columns]: column J is hidden",
        // positions inside a sheet: row, then the column as a spreadsheet names it
        b + "[Contracts]:10:D: info[value-withheld]"})
    CHECK(r.out.find(expected) != std::string::npos);
  auto inspect = run_tool({"inspect", kBook + ".ods"});
  CHECK(inspect.code == 0);
  CHECK(inspect.out.find("08K_lambeth_foi_return.ods[Contracts]\n") != std::string::npos);
  CHECK(inspect.out.find("header      lines 4, 5") != std::string::npos);
  CHECK(inspect.out.find("4 Contract value 2013/14 -> value_year 2013/14") != std::string::npos);
}

TEST_CASE("workbook: a sheet a financial year is told once, at the first, since a contract may be on each",
          "[workbook][cli]") {
  const std::string book = kDir + "/03L_sheet_a_year.xlsx";
  const auto r = run_tool({"validate", book, "--format", "json"});
  INFO(r.out << r.err);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["summary"]["checks"]["sheets-by-year"] == 1);
  const auto t = run_tool({"validate", book});
  CHECK(t.out.find(book + "[2013-14]: warning[sheets-by-year]: the workbook has a sheet a financial year (2013-14, "
                          "2014-15, 2015-16): if each lists the contracts of its year, a contract of several years is "
                          "counted once a sheet") != std::string::npos);
  // A workbook of a cover, a contracts and a notes sheet is not one.
  CHECK(run_tool({"validate", kBook + ".xlsx"}).out.find("sheets-by-year") == std::string::npos);
}

TEST_CASE("workbook: a provider merged down over the rows of its services names each row; a value merged so is "
          "counted once",
          "[workbook][cli]") {
  const std::string book = kDir + "/07N_merged_down.xlsx";
  const auto r = run_tool({"normalise", book});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  const auto records = foi::read_all(r.out);
  REQUIRE(records.size() == 5);
  auto at = [&](std::size_t row, std::string_view column) {
    for (std::size_t c = 0; c < records[0].cells.size(); ++c)
      if (records[0].cells[c] == column) return std::string(records[row].cells[c]);
    return std::string("no column");
  };
  for (std::size_t i = 1; i <= 3; ++i) {
    INFO(i);
    CHECK(at(i, "provider") == "Oxleas NHS Foundation Trust");
    CHECK(at(i, "provider_type") == "nhs_foundation_trust");
    CHECK(at(i, "start_date") == "2013-04-01");
    CHECK(at(i, "end_date") == "2016-03-31");
  }
  // The £900,000 merged over the first two services is theirs together, on the first row.
  CHECK(at(1, "value") == "900000");
  CHECK(at(2, "value") == "");
  CHECK(at(2, "value_status") == "included_elsewhere");
  CHECK(at(3, "value") == "250000");
  CHECK(at(4, "provider") == "Mind in Bexley");
  const auto v = run_tool({"validate", book});
  CHECK(v.out.find("07N_merged_down.xlsx[Contracts]:3:A: info[merged-cells]: cells are merged down over several rows "
                   "(column 'Provider', rows 2 to 4)") != std::string::npos);
  CHECK(v.out.find("row-rejected") == std::string::npos);
}

TEST_CASE("workbook: hostile workbooks give a clear message and exit 2, never a crash", "[workbook][cli]") {
  const std::string h = kDir + "/hostile/";
  struct Case {
    std::string file, message;
  };
  for (const auto& c : std::vector<Case>{
           {"08K_truncated.xlsx", "08K_truncated.xlsx: error[unreadable]: the workbook is damaged or incomplete"},
           {"08K_bomb.xlsx", "08K_bomb.xlsx: error[unreadable]: the workbook inflates to more than 128 MiB"},
           {"08K_lying_sizes.xlsx", "error[unreadable]: the workbook is damaged or hostile"},
           {"08K_encrypted_zip.xlsx", "error[unreadable]: the workbook is encrypted (password-protected)"},
           {"08K_column_range.xlsx", "08K_column_range.xlsx: error[unreadable]: the workbook is damaged or hostile: its "
                                     "xl/worksheets/sheet2.xml gives a column range at byte 317"},
           // Found by fuzz/fuzz_workbook: a column range whose "max" runs past a
           // '<' into the next tags, which liborcus read as thousands of
           // columns to set one by one (a hang).
           {"08K_value_past_tag.xlsx", "08K_value_past_tag.xlsx: error[unreadable]: the workbook is damaged: its "
                                       "xl/worksheets/sheet2.xml is not well-formed XML at byte 284 (a '<' inside an "
                                       "attribute's value)"},
           // Found by fuzz/fuzz_workbook: FreeXL reads past a buffer of its own on
           // this damaged .xls. Its parse runs in a child process, so the
           // message depends on what the child met (a conversion error, or a
           // sanitizer stopping it); either way it is an error, not a crash.
           {"08K_freexl_overread.xls", "08K_freexl_overread.xls: error[unreadable]: "},
           // Found by fuzz/fuzz_workbook: on an '&' that starts no entity
           // reference, orcus's XML parser runs past the end of the text.
           {"08K_overread_content.ods", "08K_overread_content.ods: error[unreadable]: the workbook is damaged: its "
                                        "content.xml is not well-formed XML at byte 17 (an '&' that starts no entity "
                                        "reference such as &amp;)"},
           {"08K_overread_declaration.ods", "08K_overread_declaration.ods: error[unreadable]: the workbook is damaged: "
                                            "its content.xml is not well-formed XML at byte 48 (an '&'"},
           // The same check for an .xlsx's members, which liborcus reads itself.
           {"08K_stray_ampersand.xlsx", "08K_stray_ampersand.xlsx: error[unreadable]: the workbook is damaged: its "
                                        "xl/sharedStrings.xml is not well-formed XML at byte 2583 (an '&'"},
           // Found the same way: a comment that never closes stops liborcus on an assertion.
           {"08K_unclosed_comment.ods", "08K_unclosed_comment.ods: error[unreadable]: the workbook is damaged: its "
                                        "content.xml is not well-formed XML at byte 75 (a tag, comment or CDATA "
                                        "section that never closes)"},
           // Found by fuzz/fuzz_workbook: an empty comment, "<!---->", stops liborcus on an assertion.
           {"08K_empty_comment.ods", "08K_empty_comment.ods: error[unreadable]: the workbook is damaged: its "
                                     "content.xml is not well-formed XML at byte 64 (a comment XML does not allow: "
                                     "empty, or with '--' in it)"},
           // And a quoted value that never closes runs liborcus off the end of the text.
           {"08K_unclosed_quote.ods", "08K_unclosed_quote.ods: error[unreadable]: the workbook is damaged: its "
                                      "content.xml is not well-formed XML at byte 1 (a tag, comment or CDATA section "
                                      "that never closes)"},
           {"08K_empty_book.xlsx", "08K_empty_book.xlsx[Sheet1]: error[empty-file]: the sheet is empty, and no sheet "
                                   "of the workbook holds a contract table"},
           // A damaged sheet is refused alone; these workbooks have no other.
           {"08K_repeated_row.xlsx", "08K_repeated_row.xlsx[Contracts]: error[unreadable]: the sheet is damaged: it "
                                     "has two rows numbered 2"},
           {"08K_repeated_cell.xlsx", "08K_repeated_cell.xlsx[Contracts]: error[unreadable]: the sheet is damaged: it "
                                      "has cell A2 twice"},
       }) {
    INFO(c.file);
    auto r = run_tool({"normalise", h + c.file});
    CHECK(r.code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    auto v = run_tool({"validate", h + c.file});
    CHECK((v.code == 1 || v.code == 2));
  }
  // A CSV named .xlsx is read as the CSV it is, with a warning.
  auto r = run_tool({"normalise", h + "08K_csv_named.xlsx"});
  CHECK(r.code == 0);
  CHECK(r.err.find("1 not-a-workbook") != std::string::npos);
  CHECK(r.out.find("Oxleas NHS Foundation Trust") != std::string::npos);
  auto v = run_tool({"validate", h + "08K_csv_named.xlsx"});
  CHECK(v.code == 0);
  CHECK(v.out.find("08K_csv_named.xlsx: warning[not-a-workbook]: the file is named .xlsx but holds text") !=
        std::string::npos);
}

TEST_CASE("workbook: a damaged sheet is an unreadable error at its sheet, and the sound sheet beside it is read",
          "[workbook][cli]") {
  // The whole workbook was refused: the six contracts of its sound sheet
  // were lost with the damaged sheet's three.
  const auto dir = test::scratch("damaged-sheet");
  const auto contracts = [](const test::Run& r) {
    return nlohmann::json::parse(r.out)["figures"]["contracts"].get<int>();
  };
  test::write_file(dir / "08K_sound.xlsx",
                   test::two_sheet_book(test::book_member(".xlsx", "xl/worksheets/sheet3.xml")));
  const auto sound = run_tool({"analyse", (dir / "08K_sound.xlsx").string(), "--format", "json"});
  REQUIRE(sound.code == 0);
  CHECK(contracts(sound) == 9);
  for (const test::DamagedSheet& c : test::damaged_block_contracts()) {
    INFO(c.damage);
    const fs::path book = dir / "08K_book.xlsx";
    test::write_file(book, test::two_sheet_book(c.xml));
    const auto v = run_tool({"validate", book.string()});
    INFO(v.out << v.err);
    CHECK(v.code == 1);
    CHECK(v.out.find(book.string() + "[Block contracts]: error[unreadable]: " + c.damage +
                     "the sheet is not read, and the workbook's other sheets are; open the workbook in a spreadsheet "
                     "program and save it again, or ask for the return as CSV\n") != std::string::npos);
    CHECK(v.out.find("2 file(s): 1 error(s)") != std::string::npos);
    CHECK(v.out.find("[Contracts]: error") == std::string::npos);
    const auto a = run_tool({"analyse", book.string(), "--format", "json"});
    INFO(a.err);
    CHECK(a.code == 2);
    CHECK(a.err.find("[Block contracts]: error[unreadable]: " + c.damage) != std::string::npos);
    CHECK(contracts(a) == 6);
  }
}

TEST_CASE("workbook: folders are scanned for workbooks, skipping Excel's lock files", "[workbook][cli]") {
  auto dir = test::scratch("workbook-folder");
  fs::copy_file(kBook + ".xlsx", dir / "08K_lambeth_foi_return.xlsx");
  fs::copy_file(kDir + "/csv/08K_lambeth_block_contracts.csv", dir / "08K_block.csv");
  test::write_file(dir / "~$08K_lambeth_foi_return.xlsx", std::string("\x05owner", 6));
  foi::Inputs in = foi::collect_inputs({dir.string()});
  std::vector<std::string> shown;
  for (const auto& f : in.files) shown.push_back(fs::path(f.display).filename().string());
  CHECK(shown == std::vector<std::string>{"08K_block.csv", "08K_lambeth_foi_return.xlsx[Cover]",
                                          "08K_lambeth_foi_return.xlsx[Contracts]",
                                          "08K_lambeth_foi_return.xlsx[Block contracts]",
                                          "08K_lambeth_foi_return.xlsx[Notes]", "08K_lambeth_foi_return.xlsx[Lists]",
                                          "08K_lambeth_foi_return.xlsx[Sheet6]"});
  for (const auto& f : in.files)
    if (f.workbook) CHECK(f.path == (dir / "08K_lambeth_foi_return.xlsx").string());
  // A workbook on standard input is read the same way.
  auto r = run_tool({"inspect", "--records", "-"}, test::slurp(kBook + ".xlsx"));
  CHECK(r.code == 0);
  CHECK(r.out.find("[\"Total\",\"\",\"\",\"1617500.5\",\"1733000.25\",\"1708625\"]") != std::string::npos);
  // An .xls too, which the spreadsheet library reads from the copy of
  // standard input itself: the records of the file.
  const auto xls_in = run_tool({"inspect", "--records", "-"}, test::slurp(kBook + ".xls"));
  const auto xls_file = run_tool({"inspect", "--records", kBook + ".xls"});
  CHECK(xls_in.code == 0);
  // The same records, under each sheet's line naming it as read from ("<stdin>[Cover]").
  const std::string from_file = (kBook + ".xls");
  std::string named_as_stdin = xls_file.out;
  for (std::size_t at; (at = named_as_stdin.find(from_file)) != std::string::npos;)
    named_as_stdin.replace(at, from_file.size(), "<stdin>");
  CHECK(xls_in.out == named_as_stdin);
  CHECK(xls_in.out.find("{\"file\": \"<stdin>[Contracts]\"}\n") != std::string::npos);
}
