// Every validate check, end to end: a small file that triggers exactly that
// finding at the right line and column, shown in all four formats.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace {

const std::string kHeader = "Provider,Provider type,Contract value,Start date,End date,Quality monitoring\n";
const std::string kRow = "Oxleas NHS FT,FT,\"£1,000\",01/04/2013,31/03/2016,Yes\n";

struct Case {
  std::string id;
  std::vector<std::pair<std::string, std::string>> files;  // name -> bytes; "manifest.csv" is passed with --manifest
  std::string file;  // where the finding is
  long line, column;
  std::string severity;
};

std::vector<Case> cases() {
  return {
      {"no-provider-column", {{"08K_a.csv", "Service,Contract value\nx,1\n"}}, "08K_a.csv", 1, 0, "error"},
      {"no-ccg", {{"returns.csv", kHeader + kRow}}, "returns.csv", 0, 0, "error"},
      {"ccg-unknown", {{"FOI_1.csv", "CCG,Provider,Contract value\nXYZ,Oxleas NHS FT,5\n"}}, "FOI_1.csv", 2, 1, "error"},
      {"encoding-fallback", {{"08K_a.csv", kHeader + "Caf\xE9 Ltd,Private,5,01/04/2013,31/03/2016,Yes\n"}}, "08K_a.csv", 2, 1, "warning"},
      {"ragged-row", {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,5,01/04/2013,31/03/2016,Yes,extra\n"}}, "08K_a.csv", 2, 7, "warning"},
      {"value-unparseable", {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,about 5,01/04/2013,31/03/2016,Yes\n"}}, "08K_a.csv", 2, 3, "warning"},
      {"value-withheld", {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,s.43,01/04/2013,31/03/2016,Yes\n"}}, "08K_a.csv", 2, 3, "info"},
      {"value-negative", {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,\"(1,234)\",01/04/2013,31/03/2016,Yes\n"}}, "08K_a.csv", 2, 3, "warning"},
      {"unknown-types", {{"08K_a.csv", kHeader + "Zzyzx Wellness,,5,01/04/2013,31/03/2016,Yes\n"}}, "08K_a.csv", 0, 0, "warning"},
      {"override-unused",
       {{"08K_a.csv", kHeader + kRow}, {"overrides.csv", "name,canonical_name,type\nOxleas NHS FT,,nhs_foundation_trust\nOxlaes,,private\n"}},
       "overrides.csv", 3, 1, "warning"},
      {"provider-placeholder", {{"08K_a.csv", "Contract value,Provider,Provider type\n5,Various (spot purchase),Private\n"}}, "08K_a.csv", 2, 2, "warning"},
      {"provider-joint", {{"08K_a.csv", "Contract value,Provider\n5,Oxleas NHS FT / Bromley Healthcare\n"}}, "08K_a.csv", 2, 2, "warning"},
      {"ccg-mismatch", {{"national.csv", "CCG Code,CCG Name,Provider,Contract value\n08K,NHS Southwark CCG,Oxleas NHS FT,5\n"}}, "national.csv", 2, 2, "warning"},
      {"duplicate-column", {{"08K_a.csv", "Provider,Contract value,Contract value\nOxleas NHS FT,5,7\n"}}, "08K_a.csv", 1, 3, "warning"},
      {"value-annual", {{"08K_a.csv", "Provider,Annual value\nOxleas NHS FT,5\n"}}, "08K_a.csv", 1, 2, "info"},
      {"type-conflict", {{"08K_a.csv", kHeader + "Oxleas NHS FT,Private,5,01/04/2013,31/03/2016,Yes\n"}}, "08K_a.csv", 2, 2, "warning"},
      {"duplicate-row", {{"08K_a.csv", kHeader + kRow + kRow}}, "08K_a.csv", 3, 0, "warning"},
      {"duplicate-across-files", {{"08K_a.csv", kHeader + kRow}, {"national.csv", "CCG," + kHeader + "08K," + kRow}},
       "national.csv", 2, 0, "warning"},
      {"ccg-several-returns",
       {{"08K_a.csv", kHeader + kRow}, {"nhs_lambeth_ccg.csv", kHeader + "Oxleas NHS FT,FT,\"£2,000\",01/04/2013,31/03/2016,Yes\n"}},
       "nhs_lambeth_ccg.csv", 0, 0, "warning"},
      {"end-before-start", {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,5,01/04/2015,31/03/2014,Yes\n"}}, "08K_a.csv", 2, 5, "warning"},
      {"outside-study-years", {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,5,01/04/2010,31/03/2011,Yes\n"}}, "08K_a.csv", 2, 4, "warning"},
      {"year-outside-dates",
       {{"08K_a.csv", "Provider,2013/14,2014/15,Start date,End date\nOxleas NHS FT,,70000,01/04/2013,31/03/2014\n"}},
       "08K_a.csv", 2, 3, "warning"},
      {"date-unparseable", {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,5,next spring,31/03/2016,Yes\n"}}, "08K_a.csv", 2, 4, "warning"},
      {"date-month-first",
       {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,5,04/01/2013,03/31/2016,Yes\n"},
        {"rules.toml", "[severity]\n\"date-unparseable\" = \"off\"\n"}},
       "08K_a.csv", 2, 4, "warning"},
      {"length-mismatch", {{"08K_a.csv", "Provider,Contract value,Start date,End date,Length\nOxleas NHS FT,5,01/04/2013,31/03/2016,2 years\n"}}, "08K_a.csv", 2, 5, "warning"},
      {"length-unparseable", {{"08K_a.csv", "Provider,Contract value,Length\nOxleas NHS FT,5,3 fortnights\n"}}, "08K_a.csv", 2, 3, "warning"},
      {"total-mismatch", {{"08K_a.csv", kHeader + kRow + "Total,,\"£2,000\",,,\n"}}, "08K_a.csv", 3, 3, "warning"},
      {"years-exceed-total", {{"08K_a.csv", "Provider,Contract value,2013/14,2014/15\nOxleas NHS FT,100,80,80\n"}}, "08K_a.csv", 2, 2, "warning"},
      {"unclosed-quote", {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,\"£1,000,01/04/2013\n"}}, "08K_a.csv", 2, 3, "error"},
      {"row-rejected", {{"08K_a.csv", kHeader + ",FT,5,01/04/2013,31/03/2016,Yes\n"}}, "08K_a.csv", 2, 1, "warning"},
      {"no-header", {{"08K_a.csv", "a,b\nc,d\n"}}, "08K_a.csv", 1, 0, "error"},
      {"empty-file", {{"08K_a.csv", ""}}, "08K_a.csv", 0, 0, "error"},
      {"nul-bytes", {{"08K_a.csv", kHeader + std::string("Oxleas NHS FT,FT,5\0,01/04/2013,31/03/2016,Yes\n", 46)}}, "08K_a.csv", 2, 3, "warning"},
      {"encoding-guessed", {{"08K_a.csv", test::utf16(kHeader + kRow, true, false)}}, "08K_a.csv", 0, 0, "warning"},
      {"mixed-line-ends", {{"08K_a.csv", kHeader + kRow + "Mind,Voluntary,5,01/04/2013,31/03/2016,Yes\r\n"}}, "08K_a.csv", 0, 0, "warning"},
      {"value-range", {{"08K_a.csv", kHeader + "Oxleas NHS FT,FT,\"£10,000 - £20,000\",01/04/2013,31/03/2016,Yes\n"}}, "08K_a.csv", 2, 3, "info"},
      {"utf16-odd-byte", {{"08K_a.csv", test::utf16(kHeader + kRow, true, true) + "\n"}}, "08K_a.csv", 0, 0, "warning"},
      {"unreadable", {{"08K_a.csv", std::string(300, '\x01')}}, "08K_a.csv", 1, 0, "error"},
      {"manifest-missing-file",
       {{"08K_a.csv", kHeader + kRow},
        {"manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n08K,,responded,08K_a.csv,,\n07L,,responded,missing.csv,,\n"}},
       "manifest.csv", 3, 4, "error"},
      {"manifest-unlisted-file",
       {{"08K_a.csv", kHeader + kRow}, {"manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n07L,,refused,,,\n"}},
       "08K_a.csv", 0, 0, "warning"},
  };
}

}  // namespace

TEST_CASE("validate: each check fires alone, at its line and column, in all four formats", "[validate][cli]") {
  for (const auto& c : cases()) {
    DYNAMIC_SECTION(c.id) {
      auto dir = test::scratch("check-" + c.id);
      std::vector<std::string> args = {"validate"};
      for (const auto& [name, bytes] : c.files) {
        test::write_file(dir / name, bytes);
        if (name == "manifest.csv" || name == "overrides.csv" || name == "rules.toml") {
          args.push_back(name == "manifest.csv" ? "--manifest" : name == "rules.toml" ? "--rules" : "--overrides");
          args.push_back((dir / name).string());
        }
      }
      for (const auto& [name, bytes] : c.files)
        if (name != "manifest.csv" && name != "overrides.csv" && name != "rules.toml") args.push_back((dir / name).string());
      const std::string file = (dir / c.file).string();

      auto j = test::run_tool([&] { auto a = args; a.insert(a.end(), {"--format", "json"}); return a; }());
      INFO(j.out << j.err);
      auto doc = nlohmann::json::parse(j.out);
      REQUIRE(doc["findings"].size() == 1);
      const auto& f = doc["findings"][0];
      CHECK(f["id"] == c.id);
      CHECK(f["severity"] == c.severity);
      CHECK(f["file"] == file);
      CHECK(f["line"] == c.line);
      CHECK(f["column"] == c.column);
      CHECK(j.code == (c.severity == "error" ? 1 : 0));

      std::string where = file;
      if (c.line) where += ":" + std::to_string(c.line);
      if (c.line && c.column) where += ":" + std::to_string(c.column);
      auto t = test::run_tool(args);
      CHECK(t.out.find(where + ": " + c.severity + "[" + c.id + "]") != std::string::npos);

      auto g = test::run_tool([&] { auto a = args; a.insert(a.end(), {"--format", "github"}); return a; }());
      std::string level = c.severity == "info" ? "notice" : c.severity;
      std::string gh = "::" + level + " file=" + file + (c.line ? ",line=" + std::to_string(c.line) : "") +
                       (c.line && c.column ? ",col=" + std::to_string(c.column) : "") + ",title=" + c.id + "::";
      CHECK(g.out.find(gh) != std::string::npos);

      auto x = test::run_tool([&] { auto a = args; a.insert(a.end(), {"--format", "junit"}); return a; }());
      CHECK(x.out.find("<testsuite") != std::string::npos);
      if (c.severity == "info") CHECK(x.out.find("<system-out>" + where) != std::string::npos);
      else CHECK(x.out.find("<failure type=\"" + c.id + "\"") != std::string::npos);
    }
  }
}

TEST_CASE("validate: a file in an input folder that is not read is a finding, so a gate on warnings fails",
          "[validate][cli]") {
  auto dir = test::scratch("validate-not-read");
  test::write_file(dir / "08K_a.csv", kHeader + kRow);
  test::write_file(dir / "07L_reply.pdf", "%PDF-1.4\n");
  test::write_file(dir / "README.md", "# the returns\n");
  auto j = test::run_tool({"validate", dir.string(), "--format", "json"});
  INFO(j.out << j.err);
  const auto doc = nlohmann::json::parse(j.out);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["id"] == "file-not-read");
  CHECK(doc["findings"][0]["severity"] == "warning");
  CHECK(doc["findings"][0]["file"] == (dir / "07L_reply.pdf").string());
  CHECK(j.code == 0);
  // Told once, in the report, not again on standard error.
  CHECK(j.err.find("07L_reply.pdf") == std::string::npos);
  CHECK(test::run_tool({"validate", dir.string(), "--max-warnings", "0"}).code == 1);
}

TEST_CASE("validate: the sample passes with the shipped rules and fails when one return breaks", "[validate][cli][sample]") {
  const std::string sample = test::source("data/samples/bjgp2019");
  auto ok = test::run_tool({"validate", sample, "--rules", test::source("data/rules/default.toml")});
  INFO(ok.out << ok.err);
  CHECK(ok.code == 0);
  CHECK(ok.out.find("passed") != std::string::npos);

  auto dir = test::scratch("broken-sample");
  std::filesystem::copy(sample, dir / "bjgp2019", std::filesystem::copy_options::recursive);
  auto victim = dir / "bjgp2019/returns/00C_darlington.csv";
  std::string text = test::slurp(victim);
  long lines = static_cast<long>(std::count(text.begin(), text.end(), '\n'));
  text += "Oxleas NHS FT,FT,\"£5,000\n";  // a value whose quote never closes, on the last line
  test::write_file(victim, text);
  auto bad = test::run_tool({"validate", (dir / "bjgp2019").string()});
  CHECK(bad.code == 1);
  CHECK(bad.out.find(victim.string() + ":" + std::to_string(lines + 1) + ":3: error[unclosed-quote]") !=
        std::string::npos);
}

TEST_CASE("validate: --max-warnings turns warnings into a failure and rules can change severities", "[validate][cli]") {
  auto dir = test::scratch("max-warnings");
  test::write_file(dir / "08K_a.csv", kHeader + kRow + kRow);
  CHECK(test::run_tool({"validate", (dir / "08K_a.csv").string()}).code == 0);
  CHECK(test::run_tool({"validate", (dir / "08K_a.csv").string(), "--max-warnings", "0"}).code == 1);
  for (const char* bad : {"-1", "", "many"}) {
    auto r = test::run_tool({"validate", (dir / "08K_a.csv").string(), "--max-warnings", bad});
    CHECK(r.code == 2);
    CHECK(r.err.find("is not a whole number of warnings, 0 or more") != std::string::npos);
  }
  test::write_file(dir / "rules.toml", "[severity]\n\"duplicate-row\" = \"error\"\n");
  auto r = test::run_tool({"validate", (dir / "08K_a.csv").string(), "--rules", (dir / "rules.toml").string()});
  CHECK(r.code == 1);
  CHECK(r.out.find("error[duplicate-row]") != std::string::npos);
  test::write_file(dir / "off.toml", "[severity]\n\"duplicate-row\" = \"off\"\n");
  r = test::run_tool({"validate", (dir / "08K_a.csv").string(), "--rules", (dir / "off.toml").string(), "--max-warnings", "0"});
  CHECK(r.code == 0);
  test::write_file(dir / "bad.toml", "[severity]\n\"duplicate-row\" = \"loud\"\n");
  r = test::run_tool({"validate", (dir / "08K_a.csv").string(), "--rules", (dir / "bad.toml").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("bad.toml:2:") != std::string::npos);
}

TEST_CASE("validate: a rules or study file with a key of thousands of dotted parts exits 2 at its line, not a crash",
          "[validate][cli]") {
  auto dir = test::scratch("rules-deep");
  test::write_file(dir / "08K_a.csv", "Provider,Contract value\nBarnardos,100\n");
  std::string key = "a";
  for (int i = 0; i < 50000; ++i) key += ".a";
  test::write_file(dir / "deep.toml", key + " = 1\n");
  for (const char* option : {"--rules", "--study"}) {
    INFO(option);
    auto r = test::run_tool({"validate", (dir / "08K_a.csv").string(), option, (dir / "deep.toml").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find("deep.toml:1:1: a key of 50001 dotted parts") != std::string::npos);
  }
}

TEST_CASE("validate: the JSON summary counts each check's findings", "[validate][cli]") {
  auto dir = test::scratch("summary-checks");
  test::write_file(dir / "08K_a.csv", kHeader + kRow + kRow + kRow + "Oxleas NHS FT,FT,about 5,01/04/2013,31/03/2016,Yes\n");
  const auto doc = nlohmann::json::parse(test::run_tool({"validate", (dir / "08K_a.csv").string(), "--format", "json"}).out);
  CHECK(doc["summary"]["checks"]["duplicate-row"] == 2);
  CHECK(doc["summary"]["checks"]["value-unparseable"] == 1);
  CHECK(doc["summary"]["checks"].size() == 2);
  CHECK(doc["summary"]["warnings"] == 3);
}

TEST_CASE("validate: a failed gate says why in every format", "[validate][cli]") {
  auto dir = test::scratch("gate-why");
  const std::string file = (dir / "08K_a.csv").string();
  test::write_file(file, kHeader + kRow + kRow);
  const std::string why = "FAILED (1 warning(s), more than --max-warnings 0)";
  CHECK(test::run_tool({"validate", file, "--max-warnings", "0"}).out.find("; " + why + "\n") != std::string::npos);
  CHECK(test::run_tool({"validate", file, "--max-warnings", "0", "--format", "github"})
            .out.find("::error title=foi-contracts validate::1 file(s): " + why + "\n") != std::string::npos);
  const auto junit = test::run_tool({"validate", file, "--max-warnings", "0", "--format", "junit"});
  CHECK(junit.out.find("tests=\"2\" failures=\"2\"") != std::string::npos);
  CHECK(junit.out.find("<testcase classname=\"foi-contracts\" name=\"gate\"><failure type=\"gate\" message=\"" + why +
                       "\"/></testcase>") != std::string::npos);
  // Passed, the gate's case has no failure.
  CHECK(test::run_tool({"validate", file, "--format", "junit"})
            .out.find("<testcase classname=\"foi-contracts\" name=\"gate\"></testcase>") != std::string::npos);
}

TEST_CASE("validate: control characters and a file name's commas and colons cannot break the junit and github outputs",
          "[validate][cli]") {
  auto dir = test::scratch("ci-escapes");
  const std::string file = (dir / "08K_a,b:c%.csv").string();
  test::write_file(file, "Provider,Contract value\nMind,\"about\x0b" "5k\"\n");
  const auto junit = test::run_tool({"validate", file, "--format", "junit"});
  CHECK(junit.out.find('\x0b') == std::string::npos);  // no XML 1.0 can hold it
  CHECK(junit.out.find("message=\"value 'about\\u000b5k'") != std::string::npos);
  // The failure's body writes it as the message attribute does, not as U+FFFD.
  CHECK(junit.out.find(":2:2: warning[value-unparseable]: value 'about\\u000b5k'") != std::string::npos);
  CHECK(junit.out.find("\xEF\xBF\xBD") == std::string::npos);
  const auto github = test::run_tool({"validate", file, "--format", "github"});
  CHECK(github.out.find("file=" + (dir / "08K_a%2Cb%3Ac%25.csv").string() + ",line=2,col=2,title=value-unparseable::") !=
        std::string::npos);
}

TEST_CASE("validate: a file name's line break and control characters are kept in json, github and junit, so that "
          "each still names its file; text shows them printable",
          "[validate][cli]") {
  auto dir = test::scratch("ci-names");
  const std::string name = "08T_sutton\nnew,line:50%\x1b[31m\x07.csv";
  test::write_file(dir / name, "Provider,Contract value\nMind,abc\n");
  const std::string file = (dir / name).string();
  const auto json = test::run_tool({"validate", dir.string(), "--format", "json"});
  const auto j = nlohmann::json::parse(json.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["file"] == file);
  CHECK(j["files"][0]["file"] == file);
  const auto github = test::run_tool({"validate", dir.string(), "--format", "github"});
  CHECK(github.out.find("file=" + dir.string() + "/08T_sutton%0Anew%2Cline%3A50%25") != std::string::npos);
  const auto junit = test::run_tool({"validate", dir.string(), "--format", "junit"});
  CHECK(junit.out.find("name=\"" + dir.string() + "/08T_sutton&#10;new,line:50%\\u001b[31m\\u0007.csv\"") !=
        std::string::npos);
  const auto text = test::run_tool({"validate", dir.string()});
  CHECK(text.out.find(dir.string() + "/08T_sutton new,line:50%\xEF\xBF\xBD[31m\xEF\xBF\xBD.csv:2:2: warning") !=
        std::string::npos);
  CHECK(text.out.find('\x1b') == std::string::npos);
  // Bytes that are not UTF-8 JSON cannot carry: U+FFFD, as docs/ci.md says.
  auto other = test::scratch("ci-names-latin1");
  test::write_file(other / "08K_caf\xE9.csv", "Provider,Contract value\nMind,abc\n");
  const auto latin1 = nlohmann::json::parse(test::run_tool({"validate", other.string(), "--format", "json"}).out);
  CHECK(latin1["findings"][0]["file"] == (other / "08K_caf\xEF\xBF\xBD.csv").string());
}

TEST_CASE("validate: a rules file naming a check that does not exist is refused at its line, with the nearest id",
          "[validate][cli]") {
  auto dir = test::scratch("rules-misspelt");
  test::write_file(dir / "08K_a.csv", kHeader + kRow + kRow);
  test::write_file(dir / "rules.toml", "[severity]\n\"value-withheld\" = \"off\"\n\"duplicate-rows\" = \"off\"\n");
  auto r = test::run_tool({"validate", (dir / "08K_a.csv").string(), "--rules", (dir / "rules.toml").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("rules.toml:3:1: 'duplicate-rows' is not a check this tool reports (did you mean 'duplicate-row'?)") !=
        std::string::npos);
  // The shipped rules name every check, and are accepted.
  CHECK(test::run_tool({"validate", (dir / "08K_a.csv").string(), "--rules", test::source("data/rules/default.toml")})
            .code == 0);
  // As are no other sections or thresholds, nor a share that is not one.
  for (const auto& [text, said] : std::vector<std::pair<std::string, std::string>>{
           {"[severities]\n\"duplicate-row\" = \"off\"\n", "rules.toml:1:2: 'severities' is not part of a rules file"},
           {"[thresholds]\nunknown_type_shares = 0.5\n", "rules.toml:2:1: 'unknown_type_shares' is not a threshold"},
           {"[thresholds]\nunknown_type_share = \"0.5\"\n", "rules.toml:2:22: unknown_type_share is a share"},
           {"[thresholds]\nunknown_type_share = 5\n", "rules.toml:2:22: unknown_type_share is a share"}}) {
    INFO(text);
    test::write_file(dir / "rules.toml", text);
    auto bad = test::run_tool({"validate", (dir / "08K_a.csv").string(), "--rules", (dir / "rules.toml").string()});
    CHECK(bad.code == 2);
    CHECK(bad.err.find(said) != std::string::npos);
  }
}

TEST_CASE("validate: the manifest's findings are listed in its line order", "[validate][cli]") {
  auto dir = test::scratch("manifest-order");
  test::write_file(dir / "08K_a.csv", kHeader + kRow);
  // The status on line 4 is found before the missing file on line 3.
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n08K,,responded,08K_a.csv,,\n"
                                         "08L,,responded,08L_b.csv,,\n08Q,,maybe,,,\n");
  auto r = test::run_tool({"validate", dir.string()});
  INFO(r.out);
  CHECK(r.code == 1);
  const auto missing = r.out.find("manifest.csv:3:4: error[manifest-missing-file]");
  const auto status = r.out.find("manifest.csv:4:3: error[manifest-status]");
  REQUIRE(missing != std::string::npos);
  REQUIRE(status != std::string::npos);
  CHECK(missing < status);
}

TEST_CASE("validate: mixed line ends are told with the count of each kind, in words that do not repeat themselves",
          "[validate][cli]") {
  auto dir = test::scratch("mixed-ends");
  test::write_file(dir / "08K_a.csv", kHeader + kRow + "Mind,Voluntary,5,01/04/2013,31/03/2016,Yes\r\n");
  auto r = test::run_tool({"validate", dir.string()});
  INFO(r.out);
  CHECK(r.out.find("the file mixes line ends (LF 2, CRLF 1): it was probably edited") != std::string::npos);
}

TEST_CASE("validate: a CCG's monthly spending files are its returns, not told as several; a register beside one is",
          "[validate][cli]") {
  auto dir = test::scratch("monthly-spending");
  const std::string header = "Supplier,Amount,Payment date\n";
  test::write_file(dir / "08K_2014_04.csv", header + "Cygnet Health Care Ltd,40000,15/04/2014\n");
  test::write_file(dir / "08K_2014_05.csv", header + "Cygnet Health Care Ltd,40000,15/05/2014\n");
  auto r = test::run_tool({"validate", dir.string()});
  INFO(r.out);
  CHECK(r.out.find("ccg-several-returns") == std::string::npos);
  test::write_file(dir / "08K_register.csv", kHeader + kRow);
  r = test::run_tool({"validate", dir.string()});
  CHECK(r.out.find("ccg-several-returns") != std::string::npos);
}

TEST_CASE("validate: a manifest status that says there are no contracts, over a file that has some, is told",
          "[validate][cli]") {
  auto dir = test::scratch("manifest-contradicts");
  test::write_file(dir / "00C_d.csv", "Provider,Contract value\nMind,5\n");
  test::write_file(dir / "00D_d.csv", "Provider,Contract value\nMind,6\nRethink,7\n");
  test::write_file(dir / "00F_d.csv", "Provider,Contract value\nMind,8\n");
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n00C,,refused,00C_d.csv,,\n"
                                         "00D,,nil_return,00D_d.csv,,\n00F,,responded,00F_d.csv,,\n");
  auto r = test::run_tool({"validate", dir.string()});
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find("manifest.csv:2:3: warning[manifest-status]: the manifest says 00C refused, but its file "
                   "'00C_d.csv' holds 1 contract(s); they are counted, and the CCG is not counted as responding") !=
        std::string::npos);
  CHECK(r.out.find("manifest.csv:3:3: warning[manifest-status]: the manifest says 00D nil_return, but its file "
                   "'00D_d.csv' holds 2 contract(s); they are counted\n") != std::string::npos);
  CHECK(r.out.find("00F responded") == std::string::npos);
  // A file the manifest does not list, placed by its name in a CCG the manifest says refused.
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n00C,,refused,,,\n"
                                         "00D,,responded,00D_d.csv,,\n00F,,responded,00F_d.csv,,\n");
  r = test::run_tool({"validate", dir.string()});
  CHECK(r.out.find("manifest.csv:2:3: warning[manifest-status]: the manifest says 00C refused, but " +
                   (dir / "00C_d.csv").string() + ", which it does not list, holds 1 contract(s) placed in 00C") !=
        std::string::npos);
}

TEST_CASE("validate: the shipped rules passed unchanged change nothing, checks of two severities included",
          "[validate][cli]") {
  auto dir = test::scratch("rules-unchanged");
  test::write_file(dir / "00C_d.csv", "CCG,Provider,Contract value\nNowhere CCG,Mind,5\n");
  test::write_file(dir / "07L_nil.csv", "Provider,Contract value\n");
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n00C,,responded,00C_d.csv,,\n"
                                         "07L,,nil_return,07L_nil.csv,,\n07L,,nil_return,07L_nil.csv,,\n");
  auto plain = test::run_tool({"validate", dir.string(), "--format", "json"});
  auto ruled =
      test::run_tool({"validate", dir.string(), "--format", "json", "--rules", test::source("data/rules/default.toml")});
  INFO(plain.out);
  CHECK(plain.code == 0);
  CHECK(ruled.code == plain.code);
  CHECK(ruled.out == plain.out);
  CHECK(plain.out.find("\"severity\": \"warning\"") != std::string::npos);
  CHECK(plain.out.find("\"severity\": \"info\"") != std::string::npos);
}

TEST_CASE("validate: a ragged row is reported once, at its first filled extra cell", "[validate][cli]") {
  auto dir = test::scratch("ragged-unmapped");
  // An unmapped "Comments" column is filled, and the cell past the header is
  // blank before the stray text.
  test::write_file(dir / "08K_a.csv", "Provider,Contract value,Comments\nOxleas NHS FT,5,see note,,stray,more\n");
  auto r = test::run_tool({"validate", "--format", "json", (dir / "08K_a.csv").string()});
  auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["id"] == "ragged-row");
  CHECK(doc["findings"][0]["column"] == 5);
}

TEST_CASE("validate: a contract repeated across files is found in each later file, in line order with its other "
          "findings, naming the first",
          "[validate][cli]") {
  auto dir = test::scratch("across-files");
  const std::string header = "CCG,Provider,Provider type,Contract value,Start date\n";
  const std::string oxleas = "08K,Oxleas NHS Foundation Trust,Private,1000,01/04/2013\n";  // a type conflict
  const std::string mind = "08K,Mind in Croydon,Charity,2000,01/04/2013\n";
  const std::string priory = "08K,Priory Healthcare Ltd,Private,3000,01/04/2014\n";
  test::write_file(dir / "08K_a.csv", header + oxleas + mind + priory);
  test::write_file(dir / "08K_b.csv", header + priory + "08K,Someone New Ltd,Private,50,01/04/2013\n" + oxleas + oxleas);
  test::write_file(dir / "08K_c.csv", header + mind);
  auto r = test::run_tool({"validate", dir.string(), "--format", "json"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  auto doc = nlohmann::json::parse(r.out);
  std::vector<std::string> got;
  for (const auto& f : doc["findings"]) {
    if (f["id"] != "duplicate-across-files" && f["id"] != "type-conflict") continue;
    std::string file = f["file"].get<std::string>();
    got.push_back(f["id"].get<std::string>() + " " + file.substr(file.size() - 9) + ":" +
                  std::to_string(f["line"].get<long>()) +
                  (f["id"] == "duplicate-across-files"
                       ? " " + f["message"].get<std::string>().substr(f["message"].get<std::string>().size() - 11)
                       : ""));
  }
  // The second copy of Oxleas in b is a duplicate row of b's own, not a
  // contract. b's findings of both checks are in line order.
  CHECK(got == std::vector<std::string>{"type-conflict 08K_a.csv:2", "duplicate-across-files 08K_b.csv:2 08K_a.csv:4",
                                        "type-conflict 08K_b.csv:4", "duplicate-across-files 08K_b.csv:4 08K_a.csv:2",
                                        "duplicate-across-files 08K_c.csv:2 08K_a.csv:3"});
}

TEST_CASE("validate: a contract repeated across files is found however its value and dates are written, not when "
          "they differ",
          "[validate][cli]") {
  auto dir = test::scratch("across-files-read");
  test::write_file(dir / "08K_lambeth.csv", "Provider,Contract value,Start date,End date\n"
                                            "Certitude,\"£60,000\",01/04/2013,31/03/2014\n"
                                            "Mind in Croydon,TBC,1 April 2013,Ongoing\n"
                                            "Priory Healthcare Ltd,\"£5,000\",01/04/2013,31/03/2014\n");
  test::write_file(dir / "national.csv", "CCG,Provider,Contract value,Start date,End date\n"
                                         "08K,Certitude,60000,2013-04-01,2014-03-31\n"
                                         "08K,Mind in Croydon,tbc,2013-04-01,Rolling\n"
                                         "08K,Priory Healthcare Ltd,5000.01,2013-04-01,2014-03-31\n");
  auto r = test::run_tool({"validate", dir.string(), "--format", "json"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  std::vector<long> lines;
  for (const auto& f : doc["findings"])
    if (f["id"] == "duplicate-across-files") lines.push_back(f["line"].get<long>());
  // Certitude's £60,000 is 60000; an untold value is compared as written
  // ("TBC" and "tbc" differ), and £5,000 is not £5,000.01.
  CHECK(lines == std::vector<long>{2});
}

TEST_CASE("validate: returns as large together as a national file, read as two runs at once, give the findings "
          "across files that reading them in turn gives",
          "[validate][cli]") {
  // Four returns of about 2.5 MB and a small one given twice: as many bytes
  // together as one file read in halves (8 MiB), so read as two runs of
  // files, each with a provider resolver of its own that meets the
  // providers in another order.
  auto dir = test::scratch("across-two-runs");
  const std::string header = "CCG,Provider,Provider type,Contract value,Start date\n";
  const std::string priory = "08K,Priory Healthcare Ltd,Private,3000,01/04/2014\n";
  const std::string mind = "08K,Mind in Croydon,Charity,2000,01/04/2013\n";
  const std::string oxleas = "08K,Oxleas NHS Foundation Trust,Private,1000,01/04/2013\n";  // a type conflict
  const auto filler = [](int file, int rows) {
    std::string text;
    for (int i = 0; i < rows; ++i)  // each file meets the fillers' providers from another one on
      text += fmt::format("08K,Supplier {} Ltd,Private,{},01/04/2013\n", (i + 13 * file) % 400, file * 1000000 + i);
    return text;
  };
  const int rows = 50000;
  // a: priory (line 2), mind at the end; b: priory again; c: oxleas, then mind;
  // d: oxleas, then priory.
  test::write_file(dir / "08K_a.csv", header + priory + filler(0, rows) + mind);
  test::write_file(dir / "08K_b.csv", header + filler(1, rows) + priory);
  test::write_file(dir / "08K_c.csv", header + oxleas + filler(2, rows) + mind);
  test::write_file(dir / "08K_d.csv", header + filler(3, rows) + oxleas + priory);
  // e, small, is named twice: read once.
  test::write_file(dir / "08K_e.csv", header + priory + "08K,Someone New Ltd,Private,50,01/04/2013\n");
  const std::string a = (dir / "08K_a.csv").string(), b = (dir / "08K_b.csv").string(),
                    c = (dir / "08K_c.csv").string(), d = (dir / "08K_d.csv").string(), e = (dir / "08K_e.csv").string();
  auto r = test::run_tool({"validate", a, b, c, d, e, e, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto doc = nlohmann::json::parse(r.out);
  std::vector<std::string> got;
  for (const auto& f : doc["findings"]) {
    if (f["id"] != "duplicate-across-files" && f["id"] != "type-conflict") continue;
    const std::string file = f["file"].get<std::string>(), message = f["message"].get<std::string>();
    got.push_back(f["id"].get<std::string>() + " " + file.substr(file.size() - 9) + ":" +
                  std::to_string(f["line"].get<long>()) +
                  (f["id"] == "duplicate-across-files" ? " " + message.substr(message.rfind('/') + 1) : ""));
  }
  const auto line = [&](int n) { return std::to_string(n); };
  CHECK(got == std::vector<std::string>{
                   "duplicate-across-files 08K_b.csv:" + line(rows + 2) + " 08K_a.csv:2",
                   "type-conflict 08K_c.csv:2",
                   "duplicate-across-files 08K_c.csv:" + line(rows + 3) + " 08K_a.csv:" + line(rows + 3),
                   "type-conflict 08K_d.csv:" + line(rows + 2),
                   "duplicate-across-files 08K_d.csv:" + line(rows + 2) + " 08K_c.csv:2",
                   "duplicate-across-files 08K_d.csv:" + line(rows + 3) + " 08K_a.csv:2",
                   "duplicate-across-files 08K_e.csv:2 08K_a.csv:2",
               });
  // The same file named twice is read once, and said so.
  CHECK(doc["files"].size() == 5);
  CHECK(r.err.find("08K_e.csv is among the inputs more than once (named again, or inside a folder named); it is read "
                   "once") != std::string::npos);
}

TEST_CASE("validate: findings of one check past those listed are still counted, so --max-warnings cannot be passed by "
          "their number; a failed gate says why in JSON too",
          "[validate][cli]") {
  auto dir = test::scratch("validate-unlisted");
  std::string text = "Provider,Contract value\n";
  for (int i = 0; i < 100010; ++i) text += "Mind,5\n";  // 100,009 duplicates: 100,000 listed
  test::write_file(dir / "08K_a.csv", text);
  const std::string file = (dir / "08K_a.csv").string();
  auto t = test::run_tool({"validate", file, "--max-warnings", "100005"});
  CHECK(t.code == 1);
  CHECK(t.out.find(file + ": warning[duplicate-row]: 9 more duplicate-row finding(s)") != std::string::npos);
  CHECK(t.out.find("100009 warning(s), more than --max-warnings 100005") != std::string::npos);
  auto j = test::run_tool({"validate", file, "--max-warnings", "100005", "--format", "json"});
  auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["findings"].size() == 100000);
  CHECK(doc["unlisted"][0]["count"] == 9);
  CHECK(doc["summary"]["warnings"] == 100009);
  CHECK(doc["summary"]["checks"]["duplicate-row"] == 100009);
  CHECK(doc["summary"]["passed"] == false);
  CHECK(doc["summary"]["reason"] == "100009 warning(s), more than --max-warnings 100005");
  auto ok = test::run_tool({"validate", file, "--max-warnings", "100009", "--format", "json"});
  CHECK(nlohmann::json::parse(ok.out)["summary"]["reason"].is_null());
}

TEST_CASE("validate: a second workbook placed in a CCG that has a return is told once, not once a sheet",
          "[validate][cli]") {
  auto j = test::run_tool({"validate", test::source("tests/data/workbooks/08K_lambeth_foi_return.xlsx"),
                           test::source("tests/data/workbooks/08K_lambeth_foi_return.ods"), "--format", "json"});
  auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["summary"]["checks"]["ccg-several-returns"] == 1);
}

TEST_CASE("validate: every physical row of every sample return is in one bucket", "[cli][sample]") {
  auto r = test::run_tool({"validate", "--format", "json", test::kSample});
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

TEST_CASE("validate: an input that cannot be opened is a usage error (exit 2); one opened but not readable as a "
          "return fails the gate (exit 1)",
          "[validate][cli]") {
  const auto dir = test::scratch("validate-not-opened");
  CHECK(test::run_tool({"validate", (dir / "no-such-return.csv").string()}).code == 2);
  const auto device = test::run_tool({"validate", "/dev/null"});
  CHECK(device.code == 2);
  CHECK(device.out.find("cannot open: this is a character device") != std::string::npos);
  test::write_file(dir / "08K_damaged.xlsx", std::string("PK\x03\x04", 4) + "not the rest of a workbook");
  const auto damaged = test::run_tool({"validate", (dir / "08K_damaged.xlsx").string()});
  CHECK(damaged.code == 1);
  CHECK(damaged.out.find("error[unreadable]: the workbook is damaged") != std::string::npos);
}

TEST_CASE("validate: an input that could not be opened says why the run did not pass in every format, even with "
          "unreadable turned off or down",
          "[validate][cli]") {
  const auto dir = test::scratch("validate-not-opened-says");
  test::write_file(dir / "08K_a.csv", kHeader + kRow);
  // A device: it cannot be opened as a return, even by root.
  for (const std::string level : {"off", "warning"}) {
    test::write_file(dir / "rules.toml", "[severity]\n\"unreadable\" = \"" + level + "\"\n");
    const std::vector<std::string> args = {"validate", (dir / "08K_a.csv").string(), "/dev/null", "--rules",
                                           (dir / "rules.toml").string(), "--format"};
    auto run = [&](const std::string& format) {
      auto a = args;
      a.push_back(format);
      const auto r = test::run_tool(a);
      INFO(level << " " << format << ": " << r.out << r.err);
      CHECK(r.code == 2);
      return r.out;
    };
    const std::string why = "1 input could not be opened: /dev/null";
    CHECK(run("text").find("; FAILED (" + why + ")\n") != std::string::npos);
    const auto j = nlohmann::json::parse(run("json"));
    CHECK(j["summary"]["passed"] == false);
    CHECK(j["summary"]["reason"] == why);
    CHECK(run("github").find("::error title=foi-contracts validate::2 file(s): FAILED (" + why + ")") !=
          std::string::npos);
    const std::string junit = run("junit");
    CHECK(junit.find("<failure type=\"gate\" message=\"FAILED (" + why + ")\"/>") != std::string::npos);
  }
}

TEST_CASE("validate: a folder of a manifest alone fails the gate on its missing files in every format; an empty "
          "folder is a usage error that json and junit still write as a document",
          "[validate][cli]") {
  const auto dir = test::scratch("validate-manifest-alone");
  test::write_file(dir / "returns" / "manifest.csv",
                   "ccg_code,ccg_name,status,file,received,notes\n08K,,responded,08K_lambeth.csv,,\n");
  const std::string returns = (dir / "returns").string();
  const auto text = test::run_tool({"validate", returns});
  INFO(text.out << text.err);
  CHECK(text.code == 1);
  CHECK(text.out.find("manifest.csv:2:4: error[manifest-missing-file]: 08K responded but its file '08K_lambeth.csv' "
                      "was not among the inputs") != std::string::npos);
  const auto json = test::run_tool({"validate", returns, "--format", "json"});
  CHECK(json.code == 1);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["findings"][0]["id"] == "manifest-missing-file");
  CHECK(j["summary"]["passed"] == false);
  const auto junit = test::run_tool({"validate", returns, "--format", "junit"});
  CHECK(junit.code == 1);
  CHECK(junit.out.find("<failure type=\"manifest-missing-file\"") != std::string::npos);
  CHECK(junit.out.ends_with("</testsuite>\n"));

  std::filesystem::create_directories(dir / "empty");
  const std::string empty = (dir / "empty").string();
  const auto none = test::run_tool({"validate", empty, "--format", "json"});
  CHECK(none.code == 2);
  CHECK(none.err.find("no returns found") != std::string::npos);
  const auto k = nlohmann::json::parse(none.out);
  CHECK(k["summary"]["passed"] == false);
  CHECK(k["summary"]["reason"].get<std::string>().find(empty + ": no returns found") == 0);
  const auto none_junit = test::run_tool({"validate", empty, "--format", "junit"});
  CHECK(none_junit.code == 2);
  CHECK(none_junit.out.find("name=\"gate\"><failure type=\"gate\" message=\"FAILED (" + empty + ": no returns found") !=
        std::string::npos);
  CHECK(none_junit.out.ends_with("</testsuite>\n"));
}

TEST_CASE("validate: a return there but not to be read (no permission), named or in a folder, is a usage error "
          "(exit 2)",
          "[validate][cli]") {
  const auto dir = test::scratch("validate-no-permission");
  test::write_file(dir / "returns" / "08K_a.csv", "Provider,Contract value\nMind,5\n");
  std::filesystem::permissions(dir / "returns" / "08K_a.csv", std::filesystem::perms::none);
  // Root reads any file: the tool is then run as nobody.
  std::string as = "";
  if (::geteuid() == 0) {
    as = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    if (std::system((as + test::shell_quote(FOI_BINARY) + " --version >/dev/null 2>&1").c_str()) != 0) {
      WARN("cannot run the tool as another user here (setpriv, or a folder on the way it cannot enter): not checked");
      return;
    }
  }
  for (const auto& input : {dir / "returns" / "08K_a.csv", dir / "returns"}) {
    const std::string cmd = as + test::shell_quote(FOI_BINARY) + " validate " + test::shell_quote(input.string()) +
                            " >" + test::shell_quote((dir / "out").string()) + " 2>&1";
    const int status = std::system(cmd.c_str());
    const std::string out = test::slurp(dir / "out");
    INFO(input.string() << ": " << out);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 2));
    CHECK(out.find("08K_a.csv: error[unreadable]: cannot open: Permission denied") != std::string::npos);
  }
}

TEST_CASE("validate: --max-warnings is decimal however many zeros pad it", "[validate][cli]") {
  auto dir = test::scratch("max-warnings-zeros");
  std::string text = kHeader;
  for (int i = 0; i < 10; ++i) text += kRow;  // 9 repeats of the first row: 9 warnings
  test::write_file(dir / "08K_a.csv", text);
  const std::string file = (dir / "08K_a.csv").string();
  CHECK(test::run_tool({"validate", file, "--max-warnings", "09"}).code == 0);
  CHECK(test::run_tool({"validate", file, "--max-warnings", "010"}).code == 0);  // not octal 8
  auto r = test::run_tool({"validate", file, "--max-warnings", "0008"});
  CHECK(r.code == 1);
  CHECK(r.out.find("FAILED (9 warning(s), more than --max-warnings 8)") != std::string::npos);
  r = test::run_tool({"validate", file, "--max-warnings", "99999999999999999999"});
  CHECK(r.code == 2);
  CHECK(r.err.find("is more warnings than any data set has") != std::string::npos);
}

TEST_CASE("validate: github annotations of a workbook's sheets name the workbook, and the sheet and cell in the message",
          "[validate][cli]") {
  const std::string book = test::source("tests/data/workbooks/08K_lambeth_foi_return.xlsx");
  const auto r = test::run_tool({"validate", book, "--format", "github"});
  CHECK(r.out.find("::notice file=" + book + ",title=value-withheld::Contracts!D10: value withheld: 'Commercially sensitive'\n") !=
        std::string::npos);
  CHECK(r.out.find("::notice file=" + book + ",title=hidden-rows::Contracts!9:9: row 9 is hidden") != std::string::npos);
  CHECK(r.out.find("::notice file=" + book + ",title=sheet-skipped::Cover: no contract table") != std::string::npos);
  CHECK(r.out.find(".xlsx[") == std::string::npos);
}
