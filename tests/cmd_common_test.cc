#include "cmd_common.h"

#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>

#include "foi/error.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace {

foi::FileResult file_with(const std::string& name, std::vector<foi::Diagnostic> findings) {
  foi::FileResult f;
  f.file = f.path = name;
  for (auto& d : findings) f.findings.add(std::move(d));
  return f;
}

foi::Diagnostic finding(foi::Severity s, const std::string& id, const std::string& file, long line) {
  return {s, id, {file, line, 2}, "what was found"};
}

foi::ManifestEntry entry(const std::string& ccg, foi::ResponseStatus status, const std::string& file, long line) {
  foi::ManifestEntry e;
  e.ccg_code = ccg;
  e.status = status;
  e.file = file;
  e.line = line;
  e.known_ccg = true;
  return e;
}

}  // namespace

TEST_CASE("report_findings: warnings alone exit 0 in one line counting them by check; info is never printed",
          "[cmd_common]") {
  std::vector<foi::FileResult> files;
  files.push_back(file_with("a.csv", {finding(foi::Severity::warning, "value-unparseable", "a.csv", 3),
                                      finding(foi::Severity::warning, "value-unparseable", "a.csv", 4),
                                      finding(foi::Severity::info, "value-withheld", "a.csv", 5)}));
  files.push_back(file_with("b.csv", {finding(foi::Severity::warning, "duplicate-row", "b.csv", 7)}));
  files.push_back(file_with("c.csv", {finding(foi::Severity::info, "value-withheld", "c.csv", 2)}));
  std::ostringstream err;
  CHECK(foi::report_findings(files, err, nullptr) == 0);
  CHECK(err.str() == "3 warning(s) in 2 file(s): 1 duplicate-row, 2 value-unparseable "
                     "(run `foi-contracts validate` for each one)\n");
}

TEST_CASE("report_findings: an error is printed at its place and exits 2, as does a file that could not be read",
          "[cmd_common]") {
  std::ostringstream err;
  std::vector<foi::FileResult> files{file_with("a.csv", {finding(foi::Severity::error, "unclosed-quote", "a.csv", 9)})};
  CHECK(foi::report_findings(files, err, nullptr) == 2);
  CHECK(err.str().starts_with("a.csv:9:2: error[unclosed-quote]: what was found\n"));

  std::ostringstream quiet;
  std::vector<foi::FileResult> unreadable{file_with("b.csv", {})};
  unreadable[0].unreadable = true;
  CHECK(foi::report_findings(unreadable, quiet, nullptr) == 2);
}

TEST_CASE("find_manifest_mismatches: a responding CCG whose file was not read is an error, a status of no "
          "contracts over a file holding some a warning, told in the manifest's line order",
          "[cmd_common]") {
  foi::Manifest m;
  m.path = "manifest.csv";
  m.entries.push_back(entry("08K", foi::ResponseStatus::responded, "08K_lambeth.csv", 5));
  m.entries.push_back(entry("07L", foi::ResponseStatus::nil_return, "07L_barking.csv", 2));
  m.entries.push_back(entry("00C", foi::ResponseStatus::partial, "", 3));
  foi::FileResult barking = file_with("07L_barking.csv", {});
  barking.ccg_code = "07L";
  barking.contracts = 4;
  std::vector<foi::Diagnostic> found;
  foi::find_manifest_mismatches(m, {barking}, found);
  REQUIRE(found.size() == 3);
  CHECK(found[0].id == "manifest-status");
  CHECK(found[0].where.line == 2);
  CHECK(found[0].message.find("holds 4 contract(s)") != std::string::npos);
  CHECK(found[1].id == "manifest-missing-file");
  CHECK(found[1].where.line == 3);
  CHECK(found[1].message == "00C responded but the manifest names no file");
  CHECK(found[2].severity == foi::Severity::error);
  CHECK(found[2].where.line == 5);
  CHECK(found[2].message == "08K responded but its file '08K_lambeth.csv' was not among the inputs");
}

TEST_CASE("find_manifest_mismatches: a responding CCG's file that the folder holds but does not read (a PDF) says "
          "so, and what to do",
          "[cmd_common]") {
  auto dir = test::scratch("manifest-not-read");
  test::write_file(dir / "07L_reply.pdf", "%PDF-1.4\n");
  foi::Manifest m;
  m.path = (dir / "manifest.csv").string();
  m.entries.push_back(entry("07L", foi::ResponseStatus::responded, "07L_reply.pdf", 2));
  m.entries.back().resolved = std::filesystem::weakly_canonical(dir / "07L_reply.pdf").string();
  std::vector<foi::Diagnostic> found;
  // Named as collect_inputs found it, by another spelling of the same path.
  foi::find_manifest_mismatches(m, {}, found, {(dir / "." / "07L_reply.pdf").string()});
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == "manifest-missing-file");
  CHECK(found[0].message == "07L responded but its file '07L_reply.pdf' is not read, being of no kind a return is "
                            "read as (.csv, .tsv, .txt, .xlsx, .xlsm, .ods, .xls); save its table as CSV or a "
                            "spreadsheet, and list that file");
}

TEST_CASE("refuse_unknown_format: a known format passes; another is refused with the known ones, shown printable",
          "[cmd_common]") {
  CHECK_NOTHROW(foi::refuse_unknown_format("csv", {"text", "csv"}));
  try {
    foi::refuse_unknown_format("jso\x1b[2Jn", {"text", "json"});
    FAIL("not refused");
  } catch (const foi::Error& e) {
    CHECK(e.message().starts_with("--format must be one of text, json (not 'jso"));
    CHECK(e.message().find('\x1b') == std::string::npos);
  }
}

TEST_CASE("refuse_output_over_inputs: an output that is an input by another path or a link is refused; a new file "
          "or standard output is not",
          "[cmd_common]") {
  const fs::path dir = test::scratch("output-over-inputs");
  test::write_file(dir / "08K.csv", "Provider,Value\nA,1\n");
  test::write_file(dir / "overrides.csv", "name,canonical_name,type\n");
  fs::create_symlink(dir / "08K.csv", dir / "link.csv");
  foi::Inputs inputs;
  inputs.files.push_back({});
  inputs.files.back().path = (dir / "08K.csv").string();
  const std::vector<std::string> others{(dir / "overrides.csv").string()};
  CHECK_THROWS_AS(foi::refuse_output_over_inputs((dir / "link.csv").string(), inputs, others), foi::Error);
  CHECK_THROWS_AS(foi::refuse_output_over_inputs((dir / "." / "08K.csv").string(), inputs, others), foi::Error);
  CHECK_THROWS_WITH(foi::refuse_output_over_inputs((dir / "overrides.csv").string(), inputs, others),
                    Catch::Contains("a file the command reads"));
  CHECK_NOTHROW(foi::refuse_output_over_inputs((dir / "new.csv").string(), inputs, others));
  CHECK_NOTHROW(foi::refuse_output_over_inputs("-", inputs, others));
}

TEST_CASE("refuse_output_folder_in_inputs: a folder inside an input folder is refused, a sibling whose name starts "
          "alike is not",
          "[cmd_common]") {
  const fs::path dir = test::scratch("output-folder-in-inputs");
  fs::create_directories(dir / "returns");
  const std::vector<std::string> named{(dir / "returns").string()};
  CHECK_THROWS_WITH(foi::refuse_output_folder_in_inputs((dir / "returns" / "results").string(), named),
                    Catch::Contains("is inside the input folder"));
  CHECK_THROWS_AS(foi::refuse_output_folder_in_inputs((dir / "returns").string(), named), foi::Error);
  CHECK_NOTHROW(foi::refuse_output_folder_in_inputs((dir / "returns2").string(), named));
  CHECK_NOTHROW(foi::refuse_output_folder_in_inputs((dir / "results").string(), named));
}

TEST_CASE("say_repeated_inputs: tells a file named twice, read once, and two files of the same bytes, both read",
          "[cmd_common]") {
  foi::Inputs inputs;
  inputs.repeated.push_back("returns/08K.csv");
  inputs.same_bytes.emplace_back("returns/08K (1).csv", "returns/08K.csv");
  std::ostringstream err;
  foi::say_repeated_inputs(inputs, err);
  CHECK(err.str().find("returns/08K.csv is among the inputs more than once") != std::string::npos);
  CHECK(err.str().find("it is read once") != std::string::npos);
  CHECK(err.str().find("returns/08K (1).csv holds the same bytes as returns/08K.csv") != std::string::npos);
}

TEST_CASE("not_read_findings: each file not read is a warning naming it; a command reporting them says none on "
          "standard error",
          "[cmd_common]") {
  foi::Inputs inputs;
  inputs.not_returns = {"returns/07L reply.pdf", "returns/02X.xlsb"};
  const auto found = foi::not_read_findings(inputs);
  REQUIRE(found.size() == 2);
  CHECK(found[0].id == "file-not-read");
  CHECK(found[0].severity == foi::Severity::warning);
  CHECK(found[1].where.file == "returns/02X.xlsb");
  CHECK(found[1].message.find("save an .xlsb or .numbers workbook as .xlsx") != std::string::npos);
  std::ostringstream told, quiet;
  foi::say_repeated_inputs(inputs, told);
  CHECK(told.str().find("2 file(s) in the input folders are not read") != std::string::npos);
  foi::say_repeated_inputs(inputs, quiet, false);
  CHECK(quiet.str().empty());
}
