#include "foi/manifest.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "test_util.h"

TEST_CASE("manifest: rows are read, CCGs checked and files matched by path then name", "[manifest]") {
  auto dir = test::scratch("manifest");
  test::write_file(dir / "manifest.csv",
                   "ccg_code,ccg_name,status,file,received,notes\n08K,NHS Lambeth CCG,responded,returns/a.csv,2016-05-01,\n"
                   "07L,,Nil return,,2016-05-02,no contracts\nZZZ,Nowhere,refused,,,\n00C,,maybe,,,\n");
  test::write_file(dir / "returns/a.csv", "x");
  auto m = foi::load_manifest((dir / "manifest.csv").string(), foi::builtin_reference());
  REQUIRE(m.entries.size() == 4);
  CHECK(m.entries[0].status == foi::ResponseStatus::responded);
  CHECK(m.entries[1].status == foi::ResponseStatus::nil_return);
  CHECK(m.entries[1].ccg_name == "NHS Barking and Dagenham CCG");
  CHECK_FALSE(m.entries[2].known_ccg);
  CHECK_FALSE(m.entries[3].known_status);  // kept: a request without a response
  REQUIRE(m.diagnostics.size() == 2);
  CHECK(m.diagnostics[0].id == "ccg-unknown");
  CHECK(m.diagnostics[1].id == "manifest-status");
  CHECK(m.diagnostics[1].where.line == 5);
  const foi::Requests asked = foi::count_requests(m);
  CHECK(asked.asked == 3);
  CHECK(asked.responded == 2);
  CHECK(m.entry_for_file((dir / "returns/a.csv").string()) == &m.entries[0]);
  CHECK(m.entry_for_file("/elsewhere/a.csv") == &m.entries[0]);  // by file name when unique
  CHECK(m.entry_for_file("/elsewhere/b.csv") == nullptr);
  CHECK(foi::is_response(foi::ResponseStatus::nil_return));
  CHECK_FALSE(foi::is_response(foi::ResponseStatus::refused));
}

TEST_CASE("manifest: a CCG on several rows is told when the rows repeat a file or disagree on its response",
          "[manifest]") {
  auto dir = test::scratch("manifest-twice");
  test::write_file(dir / "manifest.csv",
                   "ccg_code,ccg_name,status,file,received,notes\n"
                   "08K,,responded,a.csv,,\n07L,,responded,b.csv,,\n08K,,responded,a2.csv,,\n"  // two files: fine
                   "07L,,no_response,,,\n00C,,refused,,,\n00C,,refused,,,\n");
  auto m = foi::load_manifest((dir / "manifest.csv").string(), foi::builtin_reference());
  std::vector<std::string> said;
  for (const auto& d : m.diagnostics) said.push_back(fmt::format("{}:{}: {}", d.where.line, d.id, d.message));
  CHECK(said == std::vector<std::string>{
                    "5:manifest-status: 07L is also on line 3, and the two statuses disagree (responded and "
                    "no_response); it is counted once, as responding",
                    "7:manifest-status: 00C is also on line 6; it is counted once"});
  const foi::Requests asked = foi::count_requests(m);
  CHECK(asked.asked == 3);
  CHECK(asked.responded == 2);
}

TEST_CASE("manifest: one file on the rows of two CCGs is told at the second row's file cell", "[manifest]") {
  auto dir = test::scratch("manifest-shared-file");
  test::write_file(dir / "manifest.csv",
                   "ccg_code,ccg_name,status,file,received,notes\n"
                   "08K,,responded,a.csv,,\n07L,,responded,a.csv,,\n08K,,responded,a.csv,,\n");
  auto m = foi::load_manifest((dir / "manifest.csv").string(), foi::builtin_reference());
  std::vector<std::string> said;
  for (const auto& d : m.diagnostics)
    said.push_back(fmt::format("{}:{}:{}: {}", d.where.line, d.where.column, d.id, d.message));
  CHECK(said == std::vector<std::string>{
                    "4:1:manifest-status: 08K is also on line 2, with the same file 'a.csv'; it is counted once",
                    "3:4:manifest-status: the file 'a.csv' is also 08K's, on line 2; one return is one CCG's: give "
                    "each CCG the file it sent, or record the one that sent none as such"});
}

TEST_CASE("manifest: a row whose code and name name two different CCGs is told, and the code used", "[manifest]") {
  auto dir = test::scratch("manifest-code-name");
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n"
                                         "00C,NHS Hartlepool and Stockton-on-Tees CCG,responded,a.csv,,\n"
                                         "08K,NHS Lambeth CCG,responded,b.csv,,\n");
  auto m = foi::load_manifest((dir / "manifest.csv").string(), foi::builtin_reference());
  REQUIRE(m.diagnostics.size() == 1);
  CHECK(m.diagnostics[0].where.line == 2);
  CHECK(m.diagnostics[0].where.column == 2);
  CHECK(m.diagnostics[0].message ==
        "ccg_code '00C' is 00C NHS Darlington CCG but ccg_name 'NHS Hartlepool and Stockton-on-Tees CCG' is 00K NHS "
        "Hartlepool and Stockton-on-Tees CCG; the code is used");
  CHECK(m.entries[0].ccg_code == "00C");
}

TEST_CASE("manifest: a row naming a CCG formed after April 2013 says which CCGs it was formed from, and is not "
          "counted",
          "[manifest]") {
  auto dir = test::scratch("manifest-later-ccg");
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n"
                                         "13T,NHS Newcastle Gateshead CCG,refused,,,\n"
                                         ",NHS Newcastle Gateshead CCG,refused,,,\n"
                                         "99Z,,refused,,,\n");
  auto m = foi::load_manifest((dir / "manifest.csv").string(), foi::builtin_reference());
  REQUIRE(m.diagnostics.size() == 3);
  const std::string formed = "13T NHS Newcastle Gateshead CCG, formed after April 2013 from 00F NHS Gateshead CCG, "
                             "00G NHS Newcastle North and East CCG and 00H NHS Newcastle West CCG: the study counts "
                             "the 211 CCGs of April 2013, so give each of those a row of its own (its status, and its "
                             "file); this row is not counted";
  CHECK(m.diagnostics[0].message == "CCG '13T' is " + formed);
  CHECK(m.diagnostics[1].message == "CCG 'NHS Newcastle Gateshead CCG' is " + formed);
  CHECK(m.diagnostics[2].message ==
        "CCG '99Z' is not in the list of the 211 CCGs of April 2013; this row is not counted");
  CHECK(foi::count_requests(m).asked == 0);
}

TEST_CASE("manifest: one without the needed columns is refused with its location", "[manifest]") {
  auto dir = test::scratch("manifest-bad");
  test::write_file(dir / "m.csv", "code,state\n08K,responded\n");
  CHECK_THROWS_WITH(foi::load_manifest((dir / "m.csv").string(), foi::builtin_reference()),
                    Catch::Contains("m.csv:1") && Catch::Contains("ccg_code"));
}

TEST_CASE("manifest: a request log's own words for each status are read as that status", "[manifest]") {
  using S = foi::ResponseStatus;
  const std::pair<const char*, S> cases[] = {
      {"responded", S::responded},          {"Response received", S::responded},   {"Partial response", S::partial},
      {"Nil return", S::nil_return},        {"Refused (s.43)", S::refused},        {"Refused - s43", S::refused},
      {"Information not held", S::not_held}, {"Awaiting response", S::no_response}, {"No reply", S::no_response}};
  for (const auto& [text, status] : cases) {
    INFO(text);
    REQUIRE(foi::parse_response_status(text));
    CHECK(*foi::parse_response_status(text) == status);
  }
  for (const char* text : {"maybe", "Refusing", "Response due"}) {
    INFO(text);
    CHECK_FALSE(foi::parse_response_status(text));
  }
}

TEST_CASE("manifest: rows of only commas, as Excel saves the empty rows below a table, are skipped", "[manifest]") {
  auto dir = test::scratch("manifest-empty-rows");
  test::write_file(dir / "manifest.csv",
                   "ccg_code,ccg_name,status,file,received,notes\r\n08K,,responded,a.csv,,\r\n,,,,,\r\n,,,,,\r\n");
  auto m = foi::load_manifest((dir / "manifest.csv").string(), foi::builtin_reference());
  REQUIRE(m.entries.size() == 1);
  CHECK(m.entries[0].ccg_code == "08K");
  CHECK(m.diagnostics.empty());
}

TEST_CASE("manifest: a line over 16 MiB or a quote never closed is an error at its line, not a row dropped or cut short",
          "[manifest]") {
  auto dir = test::scratch("manifest-problems");
  const std::string header = "ccg_code,ccg_name,status,file,received,notes\n";
  test::write_file(dir / "long.csv", header + "08K,NHS Lambeth CCG,responded,a.csv,," + std::string(17u << 20, 'x') +
                                         "\n07L,,responded,b.csv,,\n");
  test::write_file(dir / "quote.csv", header + "08K,,responded,a.csv,,\"chased twice\n07L,,responded,b.csv,,\n");
  for (const char* name : {"long.csv", "quote.csv"}) {
    INFO(name);
    try {
      (void)foi::load_manifest((dir / name).string(), foi::builtin_reference());
      FAIL("read without a word");
    } catch (const foi::Error& e) {
      CHECK(e.where().line == 2);
    }
  }
}
