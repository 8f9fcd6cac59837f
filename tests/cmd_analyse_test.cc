// `analyse` end to end: the real binary on real-looking files, from the
// sample's published figures to national files read in halves or as two runs.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <sys/wait.h>

#include "test_util.h"

namespace fs = std::filesystem;
using test::source;
using test::files_named;
using test::kSample;
using test::kStudy;
using test::run_tool;

TEST_CASE("analyse: reproduces the published figures of the sample and fails on a wrong expectation", "[cli][sample]") {
  auto r = run_tool({"analyse", kSample, "--study", kStudy, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  auto& f = j["figures"];
  CHECK(f["response_rate"].get<double>() == Approx(0.93).margin(0.005));
  CHECK(f["contracts_per_ccg.min"] == 1);
  CHECK(f["contracts_per_ccg.max"] == 127);
  CHECK(f["group.third_sector_bjgp.contract_share"].get<double>() == Approx(0.653).margin(0.005));
  CHECK(f["group.third_sector_bjgp.value_share"].get<double>() == Approx(0.06).margin(0.005));
  CHECK(f["type.nhs_foundation_trust.contract_share"].get<double>() == Approx(0.25).margin(0.005));
  CHECK(f["type.nhs_foundation_trust.value_share"].get<double>() == Approx(0.70).margin(0.005));
  CHECK(f["quality.no_evidence_share"].get<double>() == Approx(0.71).margin(0.005));
  // The figures match the generator's own ground truth exactly.
  auto truth = nlohmann::json::parse(test::slurp(source("tests/data/bjgp2019_truth/figures.json")));
  for (auto it = truth.begin(); it != truth.end(); ++it) {
    INFO(it.key());
    REQUIRE(f.contains(it.key()));
    CHECK(f[it.key()].get<double>() == Approx(it.value().get<double>()).margin(1e-6).epsilon(1e-9));
  }
  for (const auto& c : j["comparison"]) CHECK(c["within"] == true);

  auto dir = test::scratch("wrong-study");
  std::string study = test::slurp(kStudy);
  auto at = study.find("value = 0.653");
  REQUIRE(at != std::string::npos);
  study.replace(at, 13, "value = 0.600");
  test::write_file(dir / "study.toml", study);
  r = run_tool({"analyse", kSample, "--study", (dir / "study.toml").string()});
  CHECK(r.code == 1);
  CHECK(r.out.find("NOT reproduced") != std::string::npos);
  CHECK(r.out.find("group.third_sector_bjgp.contract_share") != std::string::npos);
}

TEST_CASE("analyse: --format csv says on standard error which published figure it did not reproduce; a name that "
          "is no figure is a study-file error (exit 2)",
          "[cli]") {
  auto dir = test::scratch("analyse-csv-expect");
  test::write_file(dir / "08K_lambeth.csv", "Provider,Contract value\nMind,10\n");
  test::write_file(dir / "study.toml", "[[expect]]\nfigure = \"contracts\"\nvalue = 3\ntolerance = 0.5\n\n"
                                       "[[expect]]\nfigure = \"respons_rate\"\nvalue = 0.5\n");
  auto r = run_tool({"analyse", (dir / "08K_lambeth.csv").string(), "--study", (dir / "study.toml").string(),
                     "--format", "csv"});
  INFO(r.err);
  CHECK(r.code == 2);
  // At the figure's name, with its column, not at its [[expect]] line.
  CHECK(r.err.find("study.toml:2:10: error: 'contracts' is 1, not 3 within ±0.5") != std::string::npos);
  CHECK(r.err.find("study.toml:7:10: error: 'respons_rate' is not a figure name (did you mean 'response_rate'? see "
                   "docs/figures.md)") != std::string::npos);
}

TEST_CASE("analyse: a share of no known value is null and '-', and a published 0 compared with it is not computed, "
          "not reproduced",
          "[cli]") {
  auto dir = test::scratch("analyse-null-share");
  test::write_file(dir / "08J_kingston.csv",
                   "Provider,Contract value,Start date,End date\nMunro Care Ltd,Commercially sensitive,01/04/2013,31/03/2016\n");
  test::write_file(dir / "study.toml", "[[expect]]\nfigure = \"type.private.value_share\"\nvalue = 0\n");
  const std::string file = (dir / "08J_kingston.csv").string(), study = (dir / "study.toml").string();
  auto r = run_tool({"analyse", file, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["figures"]["type.private.contract_share"] == 1);
  for (const char* name : {"type.private.value_share", "type.unknown.value_share", "group.third_sector_bjgp.value_share"}) {
    INFO(name);
    CHECK(j["figures"][name].is_null());
  }
  REQUIRE(j["by_ccg"].size() == 1);
  CHECK(j["by_ccg"][0]["groups"]["independent"]["contract_share"] == 1);
  CHECK(j["by_ccg"][0]["groups"]["independent"]["value_share"].is_null());
  r = run_tool({"analyse", file});
  CHECK(r.out.find("100.0% of contracts, - of value") != std::string::npos);
  CHECK(r.out.find("% of value") == std::string::npos);

  r = run_tool({"analyse", file, "--study", study});
  CHECK(r.code == 1);
  CHECK(r.out.find("Published figures NOT reproduced") != std::string::npos);
  CHECK(r.out.find("no: not computed (no data for it)") != std::string::npos);
  CHECK(r.err.find("study.toml:2:10: error: 'type.private.value_share' could not be computed from these returns (no "
                   "data for it)") != std::string::npos);
}

TEST_CASE("analyse: counts the contracts whose type cell contradicts the reference in its summary", "[cli]") {
  auto dir = test::scratch("analyse-conflicts");
  test::write_file(dir / "08K_a.csv", "Provider,Provider type,Contract value\nOxleas NHS Foundation Trust,Private,5\n"
                                      "Oxleas NHS FT,FT,6\n");
  auto r = run_tool({"analyse", (dir / "08K_a.csv").string(), "--format", "json"});
  REQUIRE(r.code == 0);
  CHECK(r.err.find("1 contract(s) whose type cell contradicts the reference or the provider's name") !=
        std::string::npos);
}

TEST_CASE("analyse: says what in the manifest it could not read, and counts such a CCG as asked", "[cli]") {
  auto dir = test::scratch("analyse-manifest");
  test::write_file(dir / "08K_lambeth.csv", "Provider,Contract value\nMind,10\n");
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n"
                                         "08K,,responded,08K_lambeth.csv,,\n07L,,Responded (late),,,\n");
  auto r = run_tool({"analyse", dir.string(), "--format", "json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err.find("manifest.csv:3:3: error[manifest-status]: status 'Responded (late)' is not one of") !=
        std::string::npos);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["figures"]["requests"] == 2);
  CHECK(j["figures"]["responses"] == 1);
}

TEST_CASE("analyse: a letter the manifest lists for a CCG that refused or holds nothing is no broken return",
          "[cli]") {
  auto dir = test::scratch("analyse-manifest-refusal");
  test::write_file(dir / "08K_lambeth.csv", "Provider,Contract value\nMind,10\n");
  test::write_file(dir / "kingston_refusal.txt", "Dear requester,\nThe CCG refuses this request under s.12.\n");
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n"
                                         "08K,,responded,08K_lambeth.csv,,\n08J,,refused,kingston_refusal.txt,,\n");
  const auto r = run_tool({"analyse", dir.string(), "--format", "json"});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("error[") == std::string::npos);
  const auto v = run_tool({"validate", dir.string()});
  CHECK(v.code == 0);
  CHECK(v.out.find("kingston_refusal.txt: info[no-contracts]: no contract table, as the manifest says 08J refused: "
                   "nothing to read") != std::string::npos);
}

TEST_CASE("analyse and normalise: a CCG the manifest says responded, whose file is not among the inputs, is told",
          "[cli]") {
  auto dir = test::scratch("analyse-manifest-missing");
  test::write_file(dir / "08K_lambeth.csv", "Provider,Contract value\nMind,10\n");
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n"
                                         "08K,,responded,08K_lambeth.csv,,\n08T,,responded,08T_sutton.csv,,\n");
  for (const char* command : {"analyse", "normalise"}) {
    INFO(command);
    const auto r = run_tool({command, dir.string()});
    CHECK(r.code == 0);
    CHECK(r.err.find("manifest.csv:3:4: error[manifest-missing-file]: 08T responded but its file '08T_sutton.csv' "
                     "was not among the inputs") != std::string::npos);
  }
}

namespace {

// Two analyses of the same contracts read another way: the same figures
// (sums to 1e-9, added in another order), contracts, CCGs and medians.
void check_same_figures(const nlohmann::json& expected, const nlohmann::json& got) {
  CHECK(got["data_quality"]["contracts_read"] == expected["data_quality"]["contracts_read"]);
  for (const auto& [name, value] : expected["figures"].items()) {
    INFO(name);
    REQUIRE(got["figures"].contains(name));
    if (value.is_number()) CHECK(got["figures"][name].get<double>() == Approx(value.get<double>()).epsilon(1e-9));
  }
  CHECK(got["by_ccg"].size() == expected["by_ccg"].size());
  REQUIRE(got["by_type"].size() == expected["by_type"].size());
  for (std::size_t i = 0; i < expected["by_type"].size(); ++i) {
    CHECK(got["by_type"][i]["contracts"] == expected["by_type"][i]["contracts"]);
    CHECK(got["by_type"][i]["median_value"] == expected["by_type"][i]["median_value"]);
  }
}

}  // namespace

// `analyse INPUT --format json` (with standard input), which must succeed, as JSON.
nlohmann::json analyse_json(const std::string& input, const std::string& stdin_text = {}) {
  auto r = run_tool({"analyse", input, "--format", "json"}, stdin_text);
  INFO(input << ": " << r.err);
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(r.out);
}

// A national file of six CCGs' contracts, over 8 MiB (so read as two
// halves). Repeated: the rows of one CCG's return come back three quarters
// of the way down (08K's rows 600 to 894, 50 of them), and its first row
// at the end.
std::string national_file(bool repeated) {
  const char* ccgs[] = {"08K", "07L", "00C", "99A", "05C", "10Q"};
  std::vector<std::string> rows;
  for (int i = 0; i < 180000; ++i)
    rows.push_back(fmt::format("{},Provider {} {},{},01/04/{},{}\n", ccgs[i % 6], i % 400,
                               i % 3 ? "Ltd" : "NHS Foundation Trust", 1000 + (i * 7919) % 900000, 2010 + i % 5,
                               i % 4 ? "Yes" : "No"));
  std::string text = "CCG,Provider,Contract value,Start date,Quality monitored\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    text += rows[i];
    if (repeated && i == rows.size() * 3 / 4)
      for (std::size_t k = 600; k < 900; k += 6) text += rows[k];
  }
  if (repeated) text += rows[0];
  REQUIRE(text.size() > (8u << 20));
  return text;
}

TEST_CASE("analyse: counts once a return repeated in the second half of a national file read as two halves",
          "[cli]") {
  auto dir = test::scratch("national-repeats");
  fs::create_directories(dir / "once");
  fs::create_directories(dir / "repeated");
  test::write_file(dir / "once" / "national.csv", national_file(false));
  test::write_file(dir / "repeated" / "national.csv", national_file(true));
  const auto ja = analyse_json((dir / "once").string()), jb = analyse_json((dir / "repeated").string());
  CHECK(ja["data_quality"]["duplicates"] == 0);
  CHECK(jb["data_quality"]["duplicates"] == 51);
  check_same_figures(ja, jb);
}

// The national file (with its repeated return) read as a file and read
// another way that goes through a temporary copy, with TMPDIR a folder of
// its own: `other(dir, text)` gives that reading's JSON. The same figures,
// the repeats counted once, and no copy (named `copy_prefix`) left behind.
template <typename Other>
void check_like_the_national_file(const std::string& scratch, const std::string& copy_prefix, Other&& other) {
  auto dir = test::scratch(scratch);
  fs::create_directories(dir / "tmp");
  const std::string text = national_file(true);
  test::write_file(dir / "national.csv", text);
  const test::ScopedEnv tmpdir("TMPDIR", (dir / "tmp").c_str());
  const auto ja = analyse_json((dir / "national.csv").string()), jb = other(dir, text);
  CHECK(jb["data_quality"]["duplicates"] == 51);
  CHECK(jb["data_quality"]["findings"] == ja["data_quality"]["findings"]);
  check_same_figures(ja, jb);
  CHECK(files_named(dir / "tmp", copy_prefix).empty());
}

TEST_CASE("analyse: a national file piped to standard input gives the figures of the file, and leaves no copy behind",
          "[cli]") {
  // Standard input is kept in a temporary file, read as the file would be
  // (in halves, repeats across them read again from their places).
  check_like_the_national_file("national-stdin", "foi-stdin",
                               [](const fs::path&, const std::string& text) { return analyse_json("-", text); });
}

TEST_CASE("analyse: standard input with nowhere to keep its copy is an error naming TMPDIR and the folder", "[cli]") {
  // Run by hand: run_tool keeps its own files in TMPDIR.
  const auto dir = test::scratch("stdin-no-tmpdir");
  test::write_file(dir / "in.csv", "Provider,Contract value\nOxleas NHS FT,5\n");
  const std::string cmd = "TMPDIR=/nonexistent/foi-stdin-test " + test::shell_quote(FOI_BINARY) + " analyse - <" +
                          test::shell_quote((dir / "in.csv").string()) + " >/dev/null 2>" +
                          test::shell_quote((dir / "err").string());
  const int status = std::system(cmd.c_str());
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 2));
  const std::string err = test::slurp(dir / "err");
  INFO(err);
  CHECK(err.find("<stdin>: cannot keep a copy of standard input in /nonexistent/foi-stdin-test") != std::string::npos);
  CHECK(err.find("set TMPDIR") != std::string::npos);
}

TEST_CASE("analyse: a national file saved as UTF-16 gives the figures of its UTF-8 text, read in halves from a copy",
          "[cli]") {
  check_like_the_national_file("national-utf16", "foi-utf8", [](const fs::path& dir, const std::string& text) {
    test::write_file(dir / "utf16.csv", test::utf16(text, true, true));
    return analyse_json((dir / "utf16.csv").string());
  });
}

TEST_CASE("analyse: of a folder of returns read as two runs gives the figures of the same rows in one file",
          "[cli]") {
  // Twelve CCGs' returns, 9 MiB together: read as two runs of files on the
  // two cores, where the one file of all their rows is read as two halves.
  auto dir = test::scratch("two-runs");
  fs::create_directories(dir / "returns");
  fs::create_directories(dir / "one");
  const char* ccgs[] = {"08K", "07L", "00C", "99A", "05C", "10Q", "02N", "13P", "00D", "01A", "02A", "03A"};
  const std::string header = "Provider,Contract value,Start date,Quality monitored\n";
  std::string all = "CCG," + header;
  for (int f = 0; f < 12; ++f) {
    std::string text = header;
    for (int i = 0; i < 15000 + 500 * f; ++i) {
      const std::string row = fmt::format("Provider {} {},{},01/04/{},{}\n", (i * 7 + f) % 300,
                                          i % 3 ? "Ltd" : "NHS Foundation Trust", 1000 + (i * 7919 + f) % 900000,
                                          2010 + i % 5, i % 4 ? "Yes" : "No");
      text += row;
      all += std::string(ccgs[f]) + "," + row;
    }
    test::write_file(dir / "returns" / (std::string(ccgs[f]) + "_mental_health.csv"), text);
  }
  REQUIRE(all.size() > (8u << 20));
  test::write_file(dir / "one" / "national.csv", all);
  const auto a = analyse_json((dir / "one").string()), b = analyse_json((dir / "returns").string());
  CHECK(b["data_quality"]["files"] == 12);
  check_same_figures(a, b);
}

TEST_CASE("analyse: names the manifest its requests come from, or says there is none; hints at --study when every "
          "contract is outside the study years; writes no report of zeros when nothing could be read",
          "[cli]") {
  auto dir = test::scratch("analyse-says");
  test::write_file(dir / "08K_a.csv", "Provider,Contract value,Start date,End date\nMind,5,01/04/2019,31/03/2020\n");
  auto later = test::run_tool({"analyse", (dir / "08K_a.csv").string()});
  CHECK(later.code == 0);
  CHECK(later.out.find("no manifest: requests are the reference list's CCGs") != std::string::npos);
  CHECK(later.err.find("all 1 contract(s) are outside the study years 2013/14 to 2015/16: give your study's years "
                       "with --study") != std::string::npos);

  const std::string sample = test::source("data/samples/bjgp2019");
  auto with = test::run_tool({"analyse", sample});
  CHECK(with.out.find("manifest " + sample + "/manifest.csv") != std::string::npos);

  test::write_file(dir / "national.csv", "Provider,Contract value\nMind,5\n");
  auto none = test::run_tool({"analyse", (dir / "national.csv").string()});
  CHECK(none.code == 2);
  CHECK(none.out.empty());
  CHECK(none.err.find("no contracts were read from the inputs; no figures are written") != std::string::npos);
}

namespace {
// A collated register of n contracts, each row its own.
std::string register_of(int n, int first = 0) {
  std::string text = "CCG,Provider,Provider type,Contract value,Start date,End date,Quality monitoring\n";
  for (int i = first; i < first + n; ++i)
    text += fmt::format("{},Provider {} Ltd,{},\"£{},{:03}\",01/04/2013,31/03/2016,{}\n", i % 3 == 0 ? "08K" : "07L",
                        i % 97, i % 2 ? "Private" : "", 1 + i % 50, i % 1000, i % 4 ? "Yes" : "No");
  return text;
}
}  // namespace

TEST_CASE("analyse: with no second thread to be had, the figures are those of two cores, read on one", "[cli]") {
  auto dir = test::scratch("no-threads");
  test::write_file(dir / "large" / "national.csv", register_of(150000));  // over 8 MiB: read in halves
  for (int k = 0; k < 3; ++k)  // as many bytes in three files: read as two runs
    test::write_file(dir / "many" / fmt::format("part{}.csv", k), register_of(50000, 50000 * k));
  for (const std::string& input : {(dir / "large").string(), (dir / "many").string(), kSample}) {
    INFO(input);
    const auto two = run_tool({"analyse", input, "--format", "json"});
    REQUIRE(two.code == 0);
    const fs::path log = dir / "refused.log";
    fs::remove(log);
    const auto one = run_tool({"analyse", input, "--format", "json"}, {},
                              test::failing_calls("FOI_FAIL_THREADS=" + test::shell_quote(log.string())));
    INFO(one.err);
    CHECK(one.code == 0);
    CHECK(fs::exists(log));  // threads were asked for, and refused
    CHECK(one.out == two.out);
  }
}

TEST_CASE("analyse: a file that cannot be read past some point has its lines before counted and says where it stopped",
          "[cli]") {
  auto dir = test::scratch("read-fails");
  test::write_file(dir / "08K_big.csv", register_of(20000));
  const auto r = run_tool({"analyse", (dir / "08K_big.csv").string(), "--format", "json"}, {},
                          test::failing_calls("FOI_FAIL_READ=08K_big.csv:600000"));
  CHECK(r.code == 2);
  INFO(r.err);
  const std::regex said("08K_big\\.csv: error\\[unreadable\\]: cannot read: Input/output error; it stopped after "
                        "([0-9]+) line\\(s\\), which were read and are counted; the rest of the file is not");
  std::smatch m;
  REQUIRE(std::regex_search(r.err, m, said));
  const long lines = std::stol(m[1]);
  CHECK(lines > 1000);
  CHECK(lines < 20001);
  const auto j = nlohmann::json::parse(r.out);
  INFO(j["data_quality"].dump());
  // Every line read is in a bucket: the header and the contracts before the failure.
  CHECK(j["data_quality"]["rows"]["read"] == lines);
  CHECK(j["data_quality"]["rows"]["contract"] == lines - 1);
  CHECK(j["data_quality"]["contracts_read"] == lines - 1);
}
