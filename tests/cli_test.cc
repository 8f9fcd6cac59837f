// End to end, the real binary on real-looking files: what holds for every
// command (help, hostile and malformed inputs, outputs that cannot be
// written or would overwrite an input). Each command's own behaviour is in
// its cmd_<command>_test.cc.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "foi/reader.h"
#include "test_util.h"

namespace fs = std::filesystem;
using test::source;
using test::kSample;
using test::kStudy;
using test::run_tool;

TEST_CASE("cli: --help names every command and --version answers", "[cli]") {
  auto r = run_tool({"--help"});
  CHECK(r.code == 0);
  for (auto c : {"inspect", "normalise", "providers", "analyse", "validate"}) CHECK(r.out.find(c) != std::string::npos);
  CHECK(run_tool({"--version"}).out.find("foi-contracts") != std::string::npos);
  CHECK(run_tool({"frobnicate"}).code == 2);
  CHECK(run_tool({"analyse", "/no/such/folder"}).code == 2);
}

TEST_CASE("cli: --help for --overrides says the columns, comments, merging, the type words and where the rest is",
          "[cli]") {
  for (const char* command : {"providers", "normalise", "analyse", "validate"}) {
    INFO(command);
    const auto help = run_tool({command, "--help"});
    REQUIRE(help.code == 0);
    // CLI11 wraps a long description: compare with the line breaks and indents as spaces.
    std::string flat;
    std::istringstream words(help.out);
    for (std::string w; words >> w;) flat += (flat.empty() ? "" : " ") + w;
    CHECK(flat.find("CSV name,canonical_name,type") != std::string::npos);
    CHECK(flat.find("lines starting with # are comments") != std::string::npos);
    CHECK(flat.find("a canonical_name with a blank type merges the spelling into that provider") != std::string::npos);
    CHECK(flat.find("primary_care, private, not_for_profit, voluntary, other") != std::string::npos);
    CHECK(flat.find("docs/providers.md") != std::string::npos);
  }
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
      {"08K_letter.csv", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
       "08K_letter.csv:1: error[unreadable]: this is a PDF, not CSV text"},
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

TEST_CASE("cli: a named path that does not exist stops every command before it reads or writes anything", "[cli]") {
  auto dir = test::scratch("typo");
  test::write_file(dir / "08K_a.csv", "Provider,Contract value\nMind,5\n");
  const std::string typo = (dir / "08K_b.cvs").string();
  for (auto command : {"inspect", "normalise", "providers", "analyse", "validate"}) {
    INFO(command);
    auto r = run_tool({command, (dir / "08K_a.csv").string(), typo});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(typo + ": no such file or directory") != std::string::npos);
  }
  CHECK(run_tool({"analyse", (dir / "08K_a.csv").string(), typo, "--out", (dir / "out").string()}).code == 2);
  CHECK_FALSE(fs::exists(dir / "out"));
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

TEST_CASE("cli: an output named as an input or a file read beside them (the study file), through a link or not, or a "
          "results folder inside an input folder, is refused before anything is written; an empty output name too",
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

  // The study file is read too.
  const std::string study_text = "[study]\nfirst_year = 2013\n";
  test::write_file(dir / "study.toml", study_text);
  const std::string study = (dir / "study.toml").string();
  for (const auto& args : {std::vector<std::string>{"normalise", input, "--study", study, "-o", study},
                           std::vector<std::string>{"providers", input, "--study", study, "--template", study}}) {
    INFO(args[0]);
    auto s = test::run_tool(args);
    CHECK(s.code == 2);
    CHECK(s.err.find("is a file the command reads") != std::string::npos);
    CHECK(test::slurp(dir / "study.toml") == study_text);
  }
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

TEST_CASE("cli: an input that needs more memory than the machine allows is told as such, with what to do, exit 2",
          "[cli]") {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // A sanitizer's runtime cannot start under a limit on address space.
  SUCCEED("not run under a sanitizer");
#else
  auto dir = test::scratch("out-of-memory");
  std::string text = "Provider,Value\n";
  for (int i = 0; i < 300000; ++i) text += "Provider " + std::to_string(i) + " Ltd,5\n";
  test::write_file(dir / "08K_many.csv", text);
  auto r = run_tool({"analyse", (dir / "08K_many.csv").string()}, {}, "prlimit --as=300000000 --");
  CHECK(r.code == 2);
  CHECK(r.err.find("foi-contracts: out of memory: an input holds more distinct providers or wider rows than this "
                   "machine's memory allows") != std::string::npos);
#endif
}

TEST_CASE("cli: files in an input folder of no kind a return is read as (a PDF, an .xlsb, a .gz) are named as not read",
          "[cli]") {
  auto dir = test::scratch("not-returns");
  test::write_file(dir / "returns/08K_a.csv", "Provider,Value\nMind,5\n");
  test::write_file(dir / "returns/07L_return.pdf", "%PDF-1.4\n");
  test::write_file(dir / "returns/sub/00C.xlsb", "x");
  test::write_file(dir / "returns/02N.csv.gz", "x");
  test::write_file(dir / "returns/.hidden.pdf", "x");
  test::write_file(dir / "returns/README.md", "notes");  // a data set's companions: not returns, not named
  test::write_file(dir / "returns/study.toml", "[study]\n");
  for (const char* command : {"validate", "analyse", "normalise", "providers", "inspect"}) {
    INFO(command);
    auto r = run_tool({command, (dir / "returns").string()});
    // validate tells them in its report, as findings; the others on standard error.
    const bool in_report = std::string_view(command) == "validate";
    const std::string& told = in_report ? r.out : r.err;
    if (in_report) CHECK(told.find("3 warning(s)") != std::string::npos);
    else CHECK(told.find("foi-contracts: 3 file(s) in the input folders are not read") != std::string::npos);
    for (const char* name : {"07L_return.pdf", "00C.xlsb", "02N.csv.gz"}) CHECK(told.find(name) != std::string::npos);
    CHECK(told.find(".hidden") == std::string::npos);
    CHECK(told.find("README.md") == std::string::npos);
    CHECK(told.find("study.toml") == std::string::npos);
  }
}
