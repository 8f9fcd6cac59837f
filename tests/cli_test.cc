// End-to-end: the real binary on real-looking files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "foi/reader.h"
#include "test_util.h"

namespace fs = std::filesystem;
using test::run_tool;
using test::source;

namespace {
const std::string kSample = source("data/samples/bjgp2019");
const std::string kStudy = source("data/samples/bjgp2019/study.toml");

std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
  auto records = foi::read_all(text);
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].cells.size() == 1 && records[i].cells[0].empty()) continue;
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < records[0].cells.size() && c < records[i].cells.size(); ++c)
      row[std::string(records[0].cells[c])] = records[i].cells[c];
    out.push_back(row);
  }
  return out;
}

// Files under dir whose names start with prefix (a temporary file left behind).
std::vector<std::string> files_named(const fs::path& dir, const std::string& prefix) {
  std::vector<std::string> found;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string().starts_with(prefix)) found.push_back(e.path().string());
  return found;
}
}  // namespace

TEST_CASE("cli: inspect --records reproduces every csv-spectrum case", "[cli]") {
  fs::path dir = source("tests/data/csv-spectrum");
  for (const auto& entry : fs::directory_iterator(dir / "csvs")) {
    std::string stem = entry.path().stem().string();
    INFO(stem);
    auto r = run_tool({"inspect", "--records", entry.path().string()});
    REQUIRE(r.code == 0);
    std::vector<nlohmann::json> records;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) records.push_back(nlohmann::json::parse(line));
    auto expected = nlohmann::json::parse(test::slurp(dir / "json" / (stem + ".json")));
    if (expected.is_object()) expected = nlohmann::json::array({expected});
    if (stem == "location_coordinates") expected[0]["Contact Phone Number"] = "2095257564";  // see reader_test.cc
    REQUIRE(records.size() == expected.size() + 1);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      nlohmann::json got = nlohmann::json::object();
      for (std::size_t c = 0; c < records[0].size(); ++c) got[records[0][c].get<std::string>()] = records[i + 1][c];
      CHECK(got == expected[i]);
    }
  }
}

TEST_CASE("cli: --help names every command and --version answers", "[cli]") {
  auto r = run_tool({"--help"});
  CHECK(r.code == 0);
  for (auto c : {"inspect", "normalise", "providers", "analyse", "validate"}) CHECK(r.out.find(c) != std::string::npos);
  CHECK(run_tool({"--version"}).out.find("foi-contracts") != std::string::npos);
  CHECK(run_tool({"frobnicate"}).code == 2);
  CHECK(run_tool({"analyse", "/no/such/folder"}).code == 2);
}

TEST_CASE("cli: every example in the help runs, on the sample in place of its files", "[cli][sample]") {
  const fs::path dir = test::scratch("help-examples");
  test::write_file(dir / "rules.toml", "[severity]\n\"value-withheld\" = \"off\"\n");
  const std::string one_return = kSample + "/returns/00C_darlington.csv";
  const std::map<std::string, std::string> files = {
      {"returns/", kSample},           {"returns/08K.csv", one_return},
      {"national.csv", one_return},    {"study.toml", kStudy},
      {"results/", (dir / "results").string()}, {"contracts.csv", (dir / "contracts.csv").string()},
      {"overrides.csv", (dir / "overrides.csv").string()}, {"rules.toml", (dir / "rules.toml").string()}};
  int examples = 0;
  for (const char* command : {"", "inspect", "normalise", "providers", "analyse", "validate"}) {
    std::vector<std::string> ask = {"--help"};
    if (*command) ask.insert(ask.begin(), command);
    const auto help = run_tool(ask);
    REQUIRE(help.code == 0);
    const std::size_t at = help.out.find("Examples:\n");
    INFO(command);
    REQUIRE(at != std::string::npos);
    // Lines that run the tool itself, up to the two spaces before their
    // description; a pipe into the tool is left out, a redirection dropped.
    std::istringstream lines(help.out.substr(at));
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("  foi-contracts ")) continue;
      const std::string call = line.substr(2, line.find("   ", 2) - 2);
      std::vector<std::string> args;
      std::istringstream words(call.substr(std::string("foi-contracts ").size()));
      for (std::string w; words >> w && w != ">";) args.push_back(files.count(w) ? files.at(w) : w);
      INFO(line);
      const auto r = run_tool(args);
      CHECK(r.code != 2);  // 1 is a gate failing on the sample's warnings, as --max-warnings 0 asks
      CHECK(r.err.find("error") == std::string::npos);
      ++examples;
    }
  }
  CHECK(examples >= 12);
}

TEST_CASE("cli: normalise reads every sample return into the documented columns", "[cli][sample]") {
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

TEST_CASE("cli: normalise of returns as large together as a national file, their years read as two runs at once, "
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
    for (int i = 0; f == 3 && i < 8; ++i) text += fmt::format("08K,TALKING SPACE LIMITED,Private,{},01/04/2014,\n", i + 1);
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

TEST_CASE("cli: normalise --format jsonl and standard input", "[cli]") {
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

TEST_CASE("cli: every physical row of every sample return is in one bucket", "[cli][sample]") {
  auto r = run_tool({"validate", "--format", "json", kSample});
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["files"].size() == 192);
  for (const auto& f : j["files"]) {
    INFO(f["file"]);
    long buckets = 0;
    for (const char* kind : {"contract", "preamble", "header", "blank", "total", "note", "rejected"})
      buckets += f["rows"].at(kind).get<long>();
    CHECK(buckets == f["rows"]["read"]);
    CHECK(f["rows"]["read"] == f["rows"]["lines"]);
    CHECK_FALSE(f["unreadable"].get<bool>());
  }
}

TEST_CASE("cli: malformed files give file:line errors and exit 2, never a crash", "[cli]") {
  auto dir = test::scratch("malformed");
  struct Case {
    std::string name, bytes, message;
  };
  std::vector<Case> cases = {
      {"08K_unbalanced.csv", "Provider,Value\nOxleas,\"£1,000\nMind,5\n", "08K_unbalanced.csv:2:2: error[unclosed-quote]"},
      {"08K_binary.csv", std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", 10) + std::string(200, '\x01'),
       "08K_binary.csv:1: error[unreadable]: this file is not text"},
      {"08K_empty.csv", "", "08K_empty.csv: error[empty-file]"},
      {"08K_header_only.csv", "Provider,Contract value,Start date\n", "08K_header_only.csv: error[no-contracts]"},
      {"08K_no_header.csv", "just,some\nwords,here\n", "08K_no_header.csv"},
      {"08K_book.csv", "PK\x03\x04 not really a zip", "08K_book.csv:1: error[unreadable]: this is a zip container"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    test::write_file(dir / c.name, c.bytes);
    auto r = run_tool({"normalise", (dir / c.name).string()});
    CHECK(r.code < 128);
    CHECK(r.code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
  }
}

TEST_CASE("cli: a folder holding no returns is refused by every command, naming it and what a return is", "[cli]") {
  auto dir = test::scratch("no-returns");
  fs::create_directories(dir / "notes");
  test::write_file(dir / "notes" / "readme.pdf", "%PDF-1.4");
  test::write_file(dir / ".hidden.csv", "Provider,Contract value\nMind,5\n");
  test::write_file(dir / "~$book.xlsx", "lock");
  for (auto command : {"inspect", "normalise", "providers", "analyse", "validate"}) {
    INFO(command);
    auto r = run_tool({command, dir.string()});
    CHECK(r.code == 2);
    CHECK(r.err.find(dir.string() + ": no returns found: a return is a .csv, .tsv or .txt file or a workbook") !=
          std::string::npos);
  }
  // Several inputs: named as a whole.
  auto r = run_tool({"analyse", dir.string(), (dir / "notes").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("no returns found in the inputs") != std::string::npos);
}

TEST_CASE("cli: analyse reproduces the published figures of the sample and fails on a wrong expectation", "[cli][sample]") {
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

TEST_CASE("cli: providers merges the generator's spelling variants into their true providers", "[cli][sample]") {
  auto r = run_tool({"normalise", kSample});
  REQUIRE(r.code == 0);
  std::map<std::string, std::map<std::string, std::string>> truth;
  for (auto& t : csv_rows(test::slurp(source("tests/data/bjgp2019_truth/providers.csv")))) truth[t["spelling"]] = t;
  std::set<std::string> reference_names;
  for (auto file : {"nhs_trusts.csv", "independent_providers.csv", "extra_providers.csv"})
    for (auto& row : csv_rows(test::slurp(source(std::string("data/reference/") + file)))) reference_names.insert(row["name"]);
  std::map<std::string, std::set<std::string>> ours_by_true;
  for (auto& row : csv_rows(r.out)) {
    std::string raw(row["provider_raw"]);
    while (!raw.empty() && raw.back() == ' ') raw.pop_back();
    INFO(raw);
    REQUIRE(truth.count(raw));
    auto& t = truth[raw];
    CHECK(row["provider_type"] == t["type"]);
    if (reference_names.count(t["canonical_name"])) CHECK(row["provider"] == t["canonical_name"]);
    ours_by_true[t["canonical_name"]].insert(row["provider"]);
  }
  for (auto& [name, ours] : ours_by_true) {
    INFO(name);
    CHECK(ours.size() == 1);  // every variant of one provider lands in one
  }
  auto p = run_tool({"providers", kSample, "--format", "csv"});
  CHECK(p.code == 0);
  CHECK(p.out.find("South London and Maudsley NHS Foundation Trust,nhs_foundation_trust,registry") != std::string::npos);
}

TEST_CASE("cli: an override changes a provider's type everywhere and shows basis override", "[cli][sample]") {
  auto dir = test::scratch("override");
  test::write_file(dir / "overrides.csv",
                   "name,canonical_name,type\nSouth London and Maudsley NHS Foundation Trust,SLaM (as decided),other\n");
  auto r = run_tool({"providers", kSample, "--overrides", (dir / "overrides.csv").string(), "--format", "csv"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("SLaM (as decided),other,override") != std::string::npos);
  CHECK(r.out.find("South London and Maudsley NHS Foundation Trust,") == std::string::npos);
  auto n = run_tool({"normalise", kSample, "--overrides", (dir / "overrides.csv").string()});
  for (auto& row : csv_rows(n.out))
    if (row["provider"] == "SLaM (as decided)") {
      CHECK(row["provider_type"] == "other");
      CHECK(row["type_basis"] == "override");
    }
}

TEST_CASE("cli: an output that cannot all be written (a full disk) exits 2 and says so", "[cli]") {
  if (!fs::exists("/dev/full")) return;  // Linux's always-full device
  auto dir = test::scratch("full-disk");
  test::write_file(dir / "08K_x.csv", "Provider,Value\nOxleas NHS FT,10\nZzyzx Wellness,5\n");
  auto to_file = run_tool({"normalise", (dir / "08K_x.csv").string(), "-o", "/dev/full"});
  CHECK(to_file.code == 2);
  CHECK(to_file.err.find("cannot write") != std::string::npos);
  CHECK(to_file.err.find("/dev/full") != std::string::npos);
  auto tmpl = run_tool({"providers", (dir / "08K_x.csv").string(), "--template", "/dev/full"});
  CHECK(tmpl.code == 2);
  CHECK(tmpl.err.find("wrote") == std::string::npos);
  fs::create_directories(dir / "out");
  fs::create_symlink("/dev/full", dir / "out" / "report.md");
  auto tables = run_tool({"analyse", (dir / "08K_x.csv").string(), "--out", (dir / "out").string()});
  CHECK(tables.code == 2);
  CHECK(tables.err.find("report.md: cannot write") != std::string::npos);
  // A folder that cannot be made is said before any figure is printed.
  auto no_folder =
      run_tool({"analyse", (dir / "08K_x.csv").string(), "--out", (dir / "08K_x.csv" / "tables").string()});
  CHECK(no_folder.code == 2);
  CHECK(no_folder.out.empty());
  CHECK(no_folder.err.find("tables: cannot create folder") != std::string::npos);
  // Standard output: every command is checked once it ends.
  for (const char* command : {"normalise", "analyse", "validate", "providers", "inspect"}) {
    INFO(command);
    std::string cmd = std::string(FOI_BINARY) + " " + command + " " + (dir / "08K_x.csv").string() +
                      " >/dev/full 2>" + (dir / "err.txt").string();
    int status = std::system(cmd.c_str());
    CHECK(WEXITSTATUS(status) == 2);
    const std::string err = test::slurp(dir / "err.txt");
    CHECK(err.find("standard output") != std::string::npos);
    CHECK(err.find("the output is incomplete") != std::string::npos);
  }
}

TEST_CASE("cli: the providers table's footer counts the spellings the table lists", "[cli]") {
  auto dir = test::scratch("provider-footer");
  // One name with two type cells and a code is one spelling of its provider.
  test::write_file(dir / "08K_a.csv", "Provider,Provider type,Value\nOxleas NHS FT,FT,10\nOxleas NHS FT,NHS,20\n"
                                      "Oxleas NHS Foundation Trust,,30\nZzyzx Wellness,,5\n");
  auto r = run_tool({"providers", (dir / "08K_a.csv").string()});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\n2 providers from 3 spellings in 4 contracts\n") != std::string::npos);
}

TEST_CASE("cli: providers counts each provider's contracts and CCGs over every spelling and file", "[cli]") {
  auto dir = test::scratch("provider-counts");
  test::write_file(dir / "08K_a.csv",
                   "Provider,Value\nOxleas NHS FT,10\nOxleas NHS FT,20\nOxleas NHS Foundation Trust,30\nZzyzx Wellness,5\n");
  test::write_file(dir / "07L_b.csv", "Provider,Value\nOxleas NHS FT,40\nZzyzx Wellness,6\nZzyzx Wellness,7\n");
  auto r = run_tool({"providers", dir.string(), "--format", "csv"});
  REQUIRE(r.code == 0);
  std::map<std::string, std::map<std::string, std::string>> by_name;
  for (auto& row : csv_rows(r.out)) by_name[row["provider"].starts_with("Oxleas") ? "oxleas" : row["provider"]] = row;
  REQUIRE(by_name.count("oxleas"));
  CHECK(by_name["oxleas"]["contracts"] == "4");
  CHECK(by_name["oxleas"]["ccgs"] == "2");
  CHECK(by_name["oxleas"]["type"] == "nhs_foundation_trust");
  REQUIRE(by_name.count("Zzyzx Wellness"));
  CHECK(by_name["Zzyzx Wellness"]["contracts"] == "3");
  CHECK(by_name["Zzyzx Wellness"]["ccgs"] == "2");
  CHECK(by_name["Zzyzx Wellness"]["type"] == "unknown");
}

TEST_CASE("cli: providers of a national file read in halves, and of the same rows as returns read as two runs, "
          "counts each provider's contracts and CCGs as a small file would",
          "[cli]") {
  // 260,000 rows (about 9 MB: read in halves, or as two runs of files):
  // 300 suppliers in 7 CCGs, Oxleas spelt two ways in 3 of them; and 40
  // rows of the first part repeated word for word in the last. In one file
  // those are duplicate rows, not contracts, taken back from the second
  // half; in four, a copy in another file than its original is a contract.
  auto dir = test::scratch("providers-national");
  const std::vector<std::string> ccgs{"08K", "07L", "00C", "08A", "05C", "10Q", "02N"};
  struct Row {
    std::string text, provider, ccg;
    std::size_t original = std::string::npos;  // the row a copy repeats
  };
  std::vector<Row> rows;
  for (int i = 0; i < 260000; ++i) {
    const bool oxleas = i % 11 == 0;
    const std::string ccg = ccgs[static_cast<std::size_t>(i) % (oxleas ? 3 : ccgs.size())];
    // One supplier only in the last rows: what it has is all in the second half.
    const std::string name = oxleas ? (i % 2 ? "Oxleas NHS FT" : "Oxleas NHS Foundation Trust")
                             : i > 250000 && i % 7 == 1 ? "Late Supplier Ltd"
                                                        : fmt::format("Supplier {} Ltd", i % 300);
    rows.push_back({fmt::format("{},{},Private,{}\n", ccg, name, i + 1), oxleas ? "oxleas" : name, ccg});
  }
  for (std::size_t k = 0; k < 40; ++k) {
    Row copy = rows[k * 997];  // before every copy: its place stays
    copy.original = k * 997;
    rows.insert(rows.end() - static_cast<long>(1000 * k) - 1, copy);
  }
  const std::string header = "CCG,Provider,Provider type,Contract value\n";
  std::vector<std::size_t> file_of(rows.size());  // as four returns
  std::string whole = header;
  for (const auto& r : rows) whole += r.text;
  REQUIRE(whole.size() > (std::size_t{8} << 20));
  test::write_file(dir / "national.csv", whole);
  fs::create_directories(dir / "returns");
  for (std::size_t part = 0; part < 4; ++part) {
    std::string text = header;
    for (std::size_t i = rows.size() * part / 4; i < rows.size() * (part + 1) / 4; ++i) {
      text += rows[i].text;
      file_of[i] = part;
    }
    test::write_file(dir / "returns" / fmt::format("part_{}.csv", part), text);
  }
  for (const bool returns : {false, true}) {
    const fs::path input = returns ? dir / "returns" : dir / "national.csv";
    INFO(input);
    std::map<std::string, long> contracts;
    std::map<std::string, std::set<std::string>> in_ccgs;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      if (r.original != std::string::npos && (!returns || file_of[i] == file_of[r.original])) continue;
      ++contracts[r.provider];
      in_ccgs[r.provider].insert(r.ccg);
    }
    auto r = run_tool({"providers", input.string(), "--format", "csv"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    std::map<std::string, std::map<std::string, std::string>> by_name;
    for (auto& row : csv_rows(r.out)) by_name[row["provider"].starts_with("Oxleas") ? "oxleas" : row["provider"]] = row;
    CHECK(by_name.size() == contracts.size());
    for (const auto& [provider, n] : contracts) {
      INFO(provider);
      CHECK(by_name[provider]["contracts"] == std::to_string(n));
      CHECK(by_name[provider]["ccgs"] == std::to_string(in_ccgs[provider].size()));
    }
    CHECK(by_name["oxleas"]["spellings"] == "Oxleas NHS FT; Oxleas NHS Foundation Trust");
    CHECK(by_name["Late Supplier Ltd"]["ccgs"] == "1");
  }
}

TEST_CASE("cli: providers --template writes the unresolved providers for the researcher", "[cli]") {
  auto dir = test::scratch("template");
  test::write_file(dir / "08K_x.csv", "Provider,Value\nZzyzx Wellness,5\nOxleas NHS FT,10\n");
  auto r = run_tool({"providers", (dir / "08K_x.csv").string(), "--unresolved", "--template", (dir / "t.csv").string()});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Zzyzx Wellness") != std::string::npos);
  CHECK(r.out.find("Oxleas") == std::string::npos);
  CHECK(test::slurp(dir / "t.csv") == "name,canonical_name,type\nZzyzx Wellness,Zzyzx Wellness,\n");
}

TEST_CASE("cli: providers --unresolved says how many of all providers and contracts it lists, or that none is", "[cli]") {
  auto dir = test::scratch("unresolved-footer");
  test::write_file(dir / "08K_x.csv", "Provider,Value\nZzyzx Wellness,5\nOxleas NHS FT,10\nOxleas NHS FT,11\n");
  auto r = run_tool({"providers", (dir / "08K_x.csv").string(), "--unresolved"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\n1 of 2 providers unresolved (unknown type, or confidence below 0.80), in 1 of 3 contracts\n") !=
        std::string::npos);
  test::write_file(dir / "07L_y.csv", "Provider,Value\nOxleas NHS FT,10\nMind,4\n");
  r = run_tool({"providers", (dir / "07L_y.csv").string(), "--unresolved"});
  REQUIRE(r.code == 0);
  // Only the sentence: no table heading over nothing.
  CHECK(r.out == "no unresolved providers (of 2 in 2 contracts): every one has a known type with confidence of at "
                 "least 0.80\n");
}

TEST_CASE("cli: providers cuts a long name at whole characters, with an ellipsis, and keeps it whole in CSV", "[cli]") {
  auto dir = test::scratch("long-name");
  // 58 ASCII letters, then "é" (two bytes) at the 59th and 60th characters and more: byte 60 is inside an "é".
  const std::string name = std::string(58, 'A') + "éé Société de Santé Mentale Ltd";
  test::write_file(dir / "08K_x.csv", "Provider,Value\n" + name + ",5\n");
  auto r = run_tool({"providers", (dir / "08K_x.csv").string()});
  REQUIRE(r.code == 0);
  CHECK(r.out.find(std::string(58, 'A') + "é…") != std::string::npos);
  CHECK(foi::is_valid_utf8(r.out));
  r = run_tool({"providers", (dir / "08K_x.csv").string(), "--format", "csv"});
  CHECK(r.out.find(name) != std::string::npos);
}

TEST_CASE("cli: every file of the hostile corpus gives a clear message and exit 1 or 2", "[cli][hostile]") {
  auto dir = test::scratch("hostile");
  // Large members are made here rather than committed.
  test::write_file(dir / "08K_cell_20mb.csv", "Provider,Value\n\"" + std::string(20u << 20, 'x') + "\",5\n");
  test::write_file(dir / "08K_million_blank_lines.csv", "Provider,Value\n" + std::string(1000000, '\n'));
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(source("tests/data/bad"))) files.push_back(e.path());
  files.push_back(dir / "08K_cell_20mb.csv");
  files.push_back(dir / "08K_million_blank_lines.csv");
  REQUIRE(files.size() >= 14);
  for (const auto& f : files) {
    INFO(f.string());
    auto v = run_tool({"validate", "--max-warnings", "0", f.string()});
    CHECK((v.code == 1 || v.code == 2));
    CHECK(v.out.find(f.string()) != std::string::npos);  // the message names the file
    auto a = run_tool({"analyse", f.string()});
    CHECK(a.code < 128);  // no crash or sanitizer abort
    CHECK(a.err.find("runtime error") == std::string::npos);
    CHECK(a.err.find("AddressSanitizer") == std::string::npos);
  }
}

TEST_CASE("cli: inspect says how each file was read, a workbook sheet as a sheet", "[cli][sample]") {
  auto r = run_tool({"inspect", source("data/samples/bjgp2019/returns/00J_north_durham.xlsx"),
                     source("data/samples/bjgp2019/returns/00L_northumberland.csv")});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("00J_north_durham.xlsx[Contracts]\n  format      xlsx workbook sheet 1 of 1") != std::string::npos);
  CHECK(r.out.find("encoding    UTF-16 LE with BOM") != std::string::npos);
  CHECK(r.out.find("delimiter   tab (sniffed)") != std::string::npos);
  CHECK(r.out.find("3 Contract value 2013/14 -> value_year 2013/14") != std::string::npos);
  CHECK(r.out.find("rows        38 read: 34 contract, 2 preamble, 1 header, 1 blank") != std::string::npos);
}

TEST_CASE("cli: analyse --format csv says on standard error which published figure it did not reproduce; a name that "
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
  CHECK(r.err.find("study.toml:1: error: 'contracts' is 1, not 3 within ±0.5") != std::string::npos);
  CHECK(r.err.find("study.toml:6: error: 'respons_rate' is not a figure name (did you mean 'response_rate'? see "
                   "docs/figures.md)") != std::string::npos);
}

TEST_CASE("cli: a file named twice, or inside a folder named too, is read once, and said so", "[cli]") {
  auto dir = test::scratch("named-twice");
  test::write_file(dir / "08K_lambeth.csv", "Provider,Contract value\nMind,1000\nRethink,2000\n");
  const std::string file = (dir / "08K_lambeth.csv").string();
  for (const auto& inputs : {std::vector<std::string>{file, file}, std::vector<std::string>{dir.string(), file}}) {
    std::vector<std::string> args = {"analyse", "--format", "json"};
    args.insert(args.end(), inputs.begin(), inputs.end());
    auto r = run_tool(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["figures"]["contracts"] == 2);
    CHECK(j["figures"]["value.total"] == 3000);
    CHECK(r.err.find("is among the inputs more than once (named again, or inside a folder named); it is read once") !=
          std::string::npos);
  }
}

TEST_CASE("cli: analyse counts the contracts whose type cell contradicts the reference in its summary", "[cli]") {
  auto dir = test::scratch("analyse-conflicts");
  test::write_file(dir / "08K_a.csv", "Provider,Provider type,Contract value\nOxleas NHS Foundation Trust,Private,5\n"
                                      "Oxleas NHS FT,FT,6\n");
  auto r = run_tool({"analyse", (dir / "08K_a.csv").string(), "--format", "json"});
  REQUIRE(r.code == 0);
  CHECK(r.err.find("1 contract(s) whose type cell contradicts the reference or the provider's name") !=
        std::string::npos);
}

TEST_CASE("cli: analyse says what in the manifest it could not read, and counts such a CCG as asked", "[cli]") {
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

TEST_CASE("cli: inspect takes the CCG of a return from a manifest given with --manifest", "[cli]") {
  auto dir = test::scratch("inspect-manifest");
  test::write_file(dir / "foi_response_1234.csv", "Provider,Contract value\nMind,10\n");
  test::write_file(dir / "requests.csv",
                   "ccg_code,ccg_name,status,file,received,notes\n08K,NHS Lambeth CCG,responded,foi_response_1234.csv,,\n");
  const std::string file = (dir / "foi_response_1234.csv").string();
  auto without = run_tool({"inspect", file});
  CHECK(without.code == 2);
  auto with = run_tool({"inspect", file, "--manifest", (dir / "requests.csv").string()});
  INFO(with.out << with.err);
  CHECK(with.code == 0);
  CHECK(with.out.find("CCG         08K NHS Lambeth CCG (from the manifest)") != std::string::npos);
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

TEST_CASE("cli: analyse counts once a return repeated in the second half of a national file read as two halves",
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

TEST_CASE("cli: a national file piped to standard input gives the figures of the file, and leaves no copy behind",
          "[cli]") {
  // Standard input is kept in a temporary file, read as the file would be
  // (in halves, repeats across them read again from their places).
  check_like_the_national_file("national-stdin", "foi-stdin",
                               [](const fs::path&, const std::string& text) { return analyse_json("-", text); });
}

TEST_CASE("cli: standard input with nowhere to keep its copy is an error naming TMPDIR and the folder", "[cli]") {
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

TEST_CASE("cli: a national file saved as UTF-16 gives the figures of its UTF-8 text, read in halves from a copy",
          "[cli]") {
  check_like_the_national_file("national-utf16", "foi-utf8", [](const fs::path& dir, const std::string& text) {
    test::write_file(dir / "utf16.csv", test::utf16(text, true, true));
    return analyse_json((dir / "utf16.csv").string());
  });
}

TEST_CASE("cli: analyse of a folder of returns read as two runs gives the figures of the same rows in one file",
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

TEST_CASE("cli: an output named as an input, through a link or not, or a results folder inside an input folder, is "
          "refused before anything is written; an empty output name too",
          "[cli]") {
  auto dir = test::scratch("output-over-input");
  const std::string text = "Provider,Contract value\nMind,5\n";
  test::write_file(dir / "returns/08K_a.csv", text);
  const std::string input = (dir / "returns/08K_a.csv").string();
  std::filesystem::create_symlink(dir / "returns/08K_a.csv", dir / "link.csv");

  auto n = test::run_tool({"normalise", input, "-o", input});
  CHECK(n.code == 2);
  CHECK(n.err.find("is one of the inputs") != std::string::npos);
  CHECK(test::slurp(dir / "returns/08K_a.csv") == text);

  auto t = test::run_tool({"providers", input, "--template", (dir / "link.csv").string()});
  CHECK(t.code == 2);
  CHECK(test::slurp(dir / "returns/08K_a.csv") == text);

  auto a = test::run_tool({"analyse", (dir / "returns").string(), "--out", (dir / "returns/results").string()});
  CHECK(a.code == 2);
  CHECK(a.err.find("inside the input folder") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "returns/results"));

  auto e = test::run_tool({"normalise", input, "-o", ""});
  CHECK(e.code == 2);
  CHECK(e.err.find("an empty name") != std::string::npos);
}

TEST_CASE("cli: analyse names the manifest its requests come from, or says there is none; hints at --study when every "
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

TEST_CASE("cli: a file name in another encoding and escape sequences in cells leave every output valid and on its lines",
          "[cli]") {
  auto dir = test::scratch("names-bytes");
  test::write_file(dir / "returns" / "07L_\xff\xfe" "bad.csv",
                   "Provider,Service,Contract value\nMind,Counselling,about 5k?\x1b[31mRED\n");
  const std::string folder = (dir / "returns").string();
  auto j = test::run_tool({"validate", folder, "--format", "json"});
  auto doc = nlohmann::json::parse(j.out);  // throws on bytes that are not UTF-8
  CHECK(doc["findings"][0]["file"].get<std::string>().find("07L_\xEF\xBF\xBD\xEF\xBF\xBD" "bad.csv") != std::string::npos);
  auto t = test::run_tool({"validate", folder});
  CHECK(t.out.find('\x1b') == std::string::npos);
  CHECK(t.out.find("\xff") == std::string::npos);
  auto g = test::run_tool({"validate", folder, "--format", "github"});
  CHECK(g.out.find('\x1b') == std::string::npos);
  auto n = test::run_tool({"normalise", folder, "--format", "jsonl"});
  CHECK_NOTHROW(nlohmann::json::parse(n.out.substr(0, n.out.find('\n'))));
}

TEST_CASE("cli: a README or letter kept in a folder of returns is told and left out, not an error; one named for a CCG "
          "or saying it holds no contracts is still a return",
          "[cli]") {
  auto dir = test::scratch("folder-notes");
  test::write_file(dir / "returns/08K_a.csv", "Provider,Contract value\nMind,5\n");
  test::write_file(dir / "returns/README.txt", "These are the FOI returns received in 2016.\nContact: research team\n");
  const std::string folder = (dir / "returns").string();
  auto a = test::run_tool({"analyse", folder, "--format", "json"});
  CHECK(a.code == 0);
  auto v = test::run_tool({"validate", folder});
  CHECK(v.code == 0);
  CHECK(v.out.find("README.txt: info[sheet-skipped]: a text file with no table, kept beside the returns") !=
        std::string::npos);
  // Named on the command line, it is read as a return, and is none.
  CHECK(test::run_tool({"validate", (dir / "returns/README.txt").string()}).code == 1);
  test::write_file(dir / "returns/02V_leeds_north.txt", "Dear requester,\nThe CCG does not hold any such contracts.\n");
  CHECK(test::run_tool({"validate", folder}).code == 1);
}

TEST_CASE("cli: every contract of a hand-labelled set of twenty returns is read as labelled, and nothing else is",
          "[cli][labelled]") {
  const std::string folder = test::source("tests/data/labelled_returns");
  auto n = test::run_tool({"normalise", folder});
  // The letter with no table fails its file (exit 2); the other nineteen are read.
  CHECK(n.code == 2);
  const auto got = foi::read_all(n.out);
  const auto expected = foi::read_all(test::slurp(test::source("tests/data/labelled_returns_expected.csv")));
  REQUIRE(got.size() > 1);
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < got[0].cells.size(); ++i) column[std::string(got[0].cells[i])] = i;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_place;
  for (std::size_t r = 1; r < got.size(); ++r) {
    const auto cells = got[r].cells.strings();
    const std::string file = std::filesystem::path(cells[column["source_file"]]).filename().string();
    by_place[{file, cells[column["source_line"]]}] = cells;
  }
  CHECK(by_place.size() == expected.size() - 1);
  auto number = [](const std::string& s) { return s.empty() ? -1.0 : std::stod(s); };
  for (std::size_t r = 1; r < expected.size(); ++r) {
    const auto e = expected[r].cells.strings();  // file,line,ccg,provider,type,value,status,start,end,length,quality
    INFO(e[0] << ":" << e[1] << " " << e[3]);
    auto it = by_place.find({e[0], e[1]});
    REQUIRE(it != by_place.end());
    const auto& g = it->second;
    CHECK(g[column["ccg_code"]] == e[2]);
    CHECK(g[column["provider"]] == e[3]);
    CHECK(g[column["provider_type"]] == e[4]);
    CHECK(number(g[column["value"]]) == Approx(number(e[5])));
    CHECK(g[column["value_status"]] == e[6]);
    CHECK(number(g[column["length_months"]]) == Approx(number(e[9])).margin(0.05));
    CHECK(g[column["quality_monitoring"]] == e[10]);
  }
  auto a = test::run_tool({"analyse", folder, "--format", "json"});
  const auto doc = nlohmann::json::parse(a.out);
  CHECK(doc["figures"]["contracts"] == 89);
  CHECK(doc["figures"]["value.total"].get<double>() == Approx(952531136.28));
  CHECK(doc["figures"]["value.missing_contracts"] == 14);
  CHECK(doc["figures"]["quality.yes_share"].get<double>() == Approx(64.0 / 89));
  CHECK(doc["figures"]["quality.no_share"].get<double>() == Approx(17.0 / 89));
}

TEST_CASE("cli: inspect and providers read a study file's header names as analyse does", "[cli]") {
  auto dir = test::scratch("study-everywhere");
  test::write_file(dir / "08K_a.csv", "Who,How much\nMind,5\n");
  test::write_file(dir / "study.toml", "[aliases]\n\"Who\" = \"provider\"\n\"How much\" = \"value\"\n");
  const std::string file = (dir / "08K_a.csv").string(), study = (dir / "study.toml").string();
  auto i = test::run_tool({"inspect", file, "--study", study});
  CHECK(i.code == 0);
  CHECK(i.out.find("1 Who -> provider") != std::string::npos);
  auto p = test::run_tool({"providers", file, "--study", study});
  CHECK(p.code == 0);
  CHECK(p.out.find("1 providers from 1 spellings in 1 contracts") != std::string::npos);
  CHECK(test::run_tool({"inspect", file}).code == 2);  // without it, no header
}

TEST_CASE("cli: a misspelt command or option is answered with the one meant; a command without inputs says what to give",
          "[cli]") {
  auto c = test::run_tool({"analysis", "returns/"});
  CHECK(c.code == 2);
  CHECK(c.err.find("'analysis' is not a command: did you mean 'analyse'?") != std::string::npos);
  auto o = test::run_tool({"analyse", "returns/", "--studdy", "study.toml"});
  CHECK(o.code == 2);
  CHECK(o.err.find("'--studdy' is not an option of analyse: did you mean '--study'?") != std::string::npos);
  auto n = test::run_tool({"normalise", "returns/", "--out=contracts.csv"});
  CHECK(n.err.find("'--out' is not an option of normalise: did you mean '--output'?") != std::string::npos);
  auto i = test::run_tool({"validate"});
  CHECK(i.code == 2);
  CHECK(i.err.find("Give the returns to read: files or folders, e.g. `foi-contracts validate returns/`") !=
        std::string::npos);
}

TEST_CASE("cli: an override that matches no provider of the inputs is told at its line, by every command that resolves "
          "providers",
          "[cli]") {
  auto dir = test::scratch("override-unused");
  test::write_file(dir / "08K_a.csv", "Provider,Contract value\nZzqx Care,5\n");
  test::write_file(dir / "overrides.csv", "name,canonical_name,type\nZzqx Care,,private\nZzqz Care,,private\n");
  const std::string file = (dir / "08K_a.csv").string(), overrides = (dir / "overrides.csv").string();
  const std::string told = overrides + ":3:1: warning[override-unused]: override 'Zzqz Care' matches no provider";
  for (const char* command : {"analyse", "providers", "normalise"}) {
    INFO(command);
    auto r = test::run_tool({command, file, "--overrides", overrides});
    CHECK(r.code == 0);
    CHECK(r.err.find(told) != std::string::npos);
    CHECK(r.err.find("'Zzqx Care' matches") == std::string::npos);
  }
}
