// `normalise` end to end: the real binary on real-looking files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "test_util.h"

namespace fs = std::filesystem;
using test::source;
using test::csv_rows;
using test::kSample;
using test::run_tool;

TEST_CASE("normalise: reads every sample return into the documented columns", "[cli][sample]") {
  auto r = run_tool({"normalise", kSample});
  REQUIRE(r.code == 0);
  std::string header = r.out.substr(0, r.out.find('\n'));
  CHECK(header ==
        "ccg_code,ccg_name,source_file,source_line,provider_raw,provider,provider_type,type_basis,type_confidence,"
        "provider_ods,service,value,value_status,value_text,start_date,end_date,length_months,quality_monitoring,"
        "quality_text,value_2013_14,value_2014_15,value_2015_16");
  auto rows = csv_rows(r.out);
  auto truth = nlohmann::json::parse(test::slurp(source("tests/data/bjgp2019_truth/figures.json")));
  CHECK(rows.size() == truth["contracts"].get<std::size_t>());
  // Every return file of the truth gave its contracts.
  std::map<std::string, long> per_file;
  for (auto& row : rows) per_file[fs::path(row["source_file"]).filename().string()]++;
  for (auto& t : csv_rows(test::slurp(source("tests/data/bjgp2019_truth/files.csv")))) {
    INFO(t["file"]);
    CHECK(per_file[fs::path(t["file"]).filename().string()] == std::stol(t["contracts"]));
  }
}

TEST_CASE("normalise: of returns as large together as a national file, their years read as two runs at once, "
          "gives every file's rows in order, named from all of them",
          "[cli]") {
  // Four returns of about 2.3 MB: as many bytes together as one file read
  // in halves (8 MiB), so read as two runs of files for their years and
  // spellings, the last file in the second. A provider spelt two ways, the
  // second way more often and only in the last file, is named by that
  // spelling in every file.
  auto dir = test::scratch("normalise-two-runs");
  const std::string header = "CCG,Provider,Provider type,Contract value,Start date,2014/15\n";
  std::vector<std::string> files;
  for (int f = 0; f < 4; ++f) {
    std::string text = header;
    for (int i = 0; i < 45000; ++i)
      text += fmt::format("08K,Supplier {} Ltd,Private,{},01/04/2013,{}\n", (i + 13 * f) % 400, f * 1000000 + i, i % 97);
    for (int i = 0; i < 2; ++i) text += fmt::format("08K,Talking Space Ltd,Private,{},01/04/2014,\n", i + 1);
    for (int i = 0; f == 3 && i < 9; ++i) text += fmt::format("08K,TALKING SPACE LIMITED,Private,{},01/04/2014,\n", i + 1);
    files.push_back((dir / fmt::format("08K_{}.csv", f)).string());
    test::write_file(files.back(), text);
  }
  const auto all = run_tool({"normalise", files[0], files[1], files[2], files[3]});
  INFO(all.err);
  REQUIRE(all.code == 0);
  // The same rows as each file written alone, in the files' order (one
  // spelling of each other provider: their names are the same either way).
  std::string expected;
  for (const auto& f : files) {
    const auto one = run_tool({"normalise", f});
    REQUIRE(one.code == 0);
    expected += expected.empty() ? one.out : one.out.substr(one.out.find('\n') + 1);
  }
  const auto named = [](const std::string& text, const std::string& as) {
    std::size_t n = 0;
    for (std::size_t at = 0; (at = text.find(as, at)) != std::string::npos; ++at) ++n;
    return n;
  };
  const std::string alone = ",Talking Space Ltd,Talking Space Ltd,", together = ",Talking Space Ltd,TALKING SPACE LIMITED,";
  CHECK(named(expected, alone) == 6);  // the first three files, each alone, name it their own way
  CHECK(named(all.out, together) == 8);  // the last file's two too, in the second run
  std::string renamed = expected;
  for (std::size_t p; (p = renamed.find(alone)) != std::string::npos;) renamed.replace(p, alone.size(), together);
  CHECK(all.out == renamed);

  // Nothing is kept in TMPDIR: with none to write to, the same rows.
  // Run by hand: run_tool keeps its own files in TMPDIR.
  std::string cmd = "TMPDIR=/nonexistent/foi-normalise-test " + test::shell_quote(FOI_BINARY) + " normalise";
  for (const auto& f : files) cmd += " " + test::shell_quote(f);
  cmd += " >" + test::shell_quote((dir / "out.csv").string()) + " 2>/dev/null";
  const int status = std::system(cmd.c_str());
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  CHECK(test::slurp(dir / "out.csv") == all.out);

  // A financial year only the last file has, read in the second run, is a column too.
  std::string last = test::slurp(files[3]);
  last.replace(last.find("2014/15"), 7, "2015/16");
  test::write_file(files[3], last);
  const auto with_year = run_tool({"normalise", files[0], files[1], files[2], files[3]});
  REQUIRE(with_year.code == 0);
  const std::string header_line = with_year.out.substr(0, with_year.out.find('\n'));
  CHECK(header_line.ends_with(",value_2014_15,value_2015_16"));
}

TEST_CASE("normalise: reads standard input, which needs a CCG column, and writes a JSON object a contract with --format jsonl", "[cli]") {
  std::string text = "Provider,Contract value,Start date,End date\nOxleas NHS FT,\"£1,000\",01/04/2013,31/03/2016\n";
  auto r = run_tool({"normalise", "--format", "jsonl", "--manifest", source("tests/data/stdin_manifest.csv"), "-"}, text);
  INFO(r.err);
  CHECK(r.code == 2);  // standard input has no CCG identity without a CCG column
  CHECK(r.err.find("<stdin>") != std::string::npos);
  CHECK(r.err.find("no-ccg") != std::string::npos);
  // Advice that standard input can take: no file name to put a code in.
  CHECK(r.err.find("cannot tell which CCG standard input is from: add a CCG column, or save it as a file") !=
        std::string::npos);
  std::string with_ccg = "CCG,Provider,Contract value,Start date,End date\n08K,Oxleas NHS FT,\"£1,000\",01/04/2013,Ongoing\n";
  r = run_tool({"normalise", "--format", "jsonl", "-"}, with_ccg);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  CHECK(j["ccg_code"] == "08K");
  CHECK(j["provider"] == "Oxleas NHS Foundation Trust");
  CHECK(j["provider_type"] == "nhs_foundation_trust");
  CHECK(j["value"] == 1000);
  CHECK(j["end_date"] == "open");
  CHECK(j["source_line"] == 2);
}
