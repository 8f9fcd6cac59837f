// `providers` end to end: the real binary on real-looking files.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>
#include <sstream>

#include "test_util.h"
#include "utf.h"

namespace fs = std::filesystem;
using test::source;
using test::csv_rows;
using test::kSample;
using test::run_tool;

TEST_CASE("providers: merges the generator's spelling variants into their true providers", "[cli][sample]") {
  auto r = run_tool({"normalise", kSample});
  REQUIRE(r.code == 0);
  std::map<std::string, std::map<std::string, std::string>> truth;
  for (auto& t : csv_rows(test::slurp(source("tests/data/bjgp2019_truth/providers.csv")))) truth[t["spelling"]] = t;
  std::set<std::string> reference_names;
  // The generator's truth keeps a charity's two names ("Bradford Mind",
  // "Mind in Bradford") as two providers where the reference lists them as
  // one: its canonical names are taken as the reference's.
  std::map<std::string, std::string> reference_name_of;
  for (auto file : {"nhs_trusts.csv", "independent_providers.csv", "extra_providers.csv"})
    for (auto& row : csv_rows(test::slurp(source(std::string("data/reference/") + file)))) {
      reference_names.insert(row["name"]);
      std::istringstream aliases(row["aliases"]);
      for (std::string alias; std::getline(aliases, alias, ';');) reference_name_of.emplace(alias, row["name"]);
    }
  auto as_reference = [&](const std::string& name) {
    auto it = reference_name_of.find(name);
    return it == reference_name_of.end() ? name : it->second;
  };
  std::map<std::string, std::set<std::string>> ours_by_true, true_by_ours;
  for (auto& row : csv_rows(r.out)) {
    std::string raw(row["provider_raw"]);
    while (!raw.empty() && raw.back() == ' ') raw.pop_back();
    INFO(raw);
    REQUIRE(truth.count(raw));
    auto& t = truth[raw];
    CHECK(row["provider_type"] == t["type"]);
    if (reference_names.count(t["canonical_name"])) CHECK(row["provider"] == t["canonical_name"]);
    ours_by_true[t["canonical_name"]].insert(row["provider"]);
    true_by_ours[row["provider"]].insert(as_reference(t["canonical_name"]));
  }
  for (auto& [name, ours] : ours_by_true) {
    INFO(name);
    CHECK(ours.size() == 1);  // every variant of one provider lands in one
  }
  for (auto& [name, truths] : true_by_ours) {
    INFO(name);
    CHECK(truths.size() == 1);  // and no two providers in one ("Mind in Trafford" is not "Mind in Bradford")
  }
  auto p = run_tool({"providers", kSample, "--format", "csv"});
  CHECK(p.code == 0);
  CHECK(p.out.find("South London and Maudsley NHS Foundation Trust,nhs_foundation_trust,registry") != std::string::npos);
}

TEST_CASE("providers: an override changes a provider's type everywhere and shows basis override", "[cli][sample]") {
  auto dir = test::scratch("override");
  test::write_file(dir / "overrides.csv",
                   "name,canonical_name,type\nSouth London and Maudsley NHS Foundation Trust,SLaM (as decided),other\n");
  auto r = run_tool({"providers", kSample, "--overrides", (dir / "overrides.csv").string(), "--format", "csv"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("SLaM (as decided),other,override") != std::string::npos);
  CHECK(r.out.find("\nSouth London and Maudsley NHS Foundation Trust,") == std::string::npos);  // no row of its own
  auto n = run_tool({"normalise", kSample, "--overrides", (dir / "overrides.csv").string()});
  for (auto& row : csv_rows(n.out))
    if (row["provider"] == "SLaM (as decided)") {
      CHECK(row["provider_type"] == "other");
      CHECK(row["type_basis"] == "override");
    }
}

TEST_CASE("providers: the providers table's footer counts the spellings the table lists", "[cli]") {
  auto dir = test::scratch("provider-footer");
  // One name with two type cells and a code is one spelling of its provider.
  test::write_file(dir / "08K_a.csv", "Provider,Provider type,Value\nOxleas NHS FT,FT,10\nOxleas NHS FT,NHS,20\n"
                                      "Oxleas NHS Foundation Trust,,30\nZzyzx Wellness,,5\n");
  auto r = run_tool({"providers", (dir / "08K_a.csv").string()});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\n2 providers from 3 spellings in 4 contracts\n") != std::string::npos);
}

TEST_CASE("providers: counts each provider's contracts and CCGs over every spelling and file", "[cli]") {
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

TEST_CASE("providers: of a national file read in halves, and of the same rows as returns read as two runs, "
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
    long value = 0;
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
    rows.push_back({fmt::format("{},{},Private,{}\n", ccg, name, i + 1), oxleas ? "oxleas" : name, ccg, i + 1});
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
    std::map<std::string, long> value;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      if (r.original != std::string::npos && (!returns || file_of[i] == file_of[r.original])) continue;
      ++contracts[r.provider];
      in_ccgs[r.provider].insert(r.ccg);
      value[r.provider] += r.value;
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
      CHECK(by_name[provider]["value"] == fmt::format("{}.00", value[provider]));
      CHECK(by_name[provider]["value_contracts"] == std::to_string(n));
    }
    CHECK(by_name["oxleas"]["spellings"] == "Oxleas NHS FT; Oxleas NHS Foundation Trust");
    CHECK(by_name["Late Supplier Ltd"]["ccgs"] == "1");
  }
}

TEST_CASE("providers: gives each provider the value of its contracts with a known value, and none for a provider "
          "whose every value is withheld",
          "[cli]") {
  auto dir = test::scratch("providers-value");
  test::write_file(dir / "08K_x.csv", "Provider,Value\nZzyzx Wellness,\"£1,250,000\"\nZzyzx Wellness,£2.5k\n"
                                      "Zzyzx Wellness,Commercially sensitive\nAcme Care Ltd,Commercially sensitive\n"
                                      "Acme Care Ltd,N/A\n");
  const auto csv = run_tool({"providers", (dir / "08K_x.csv").string(), "--format", "csv"});
  INFO(csv.err);
  REQUIRE(csv.code == 0);
  auto rows = csv_rows(csv.out);
  REQUIRE(rows.size() == 2);
  std::map<std::string, std::map<std::string, std::string>> by_name;
  for (auto& row : rows) by_name[row["provider"]] = row;
  CHECK(by_name["Zzyzx Wellness"]["value"] == "1252500.00");
  CHECK(by_name["Zzyzx Wellness"]["value_contracts"] == "2");
  CHECK(by_name["Acme Care Ltd"]["value"] == "");
  CHECK(by_name["Acme Care Ltd"]["value_contracts"] == "0");
  const auto text = run_tool({"providers", (dir / "08K_x.csv").string()});
  CHECK(text.out.find("£1,252,500") != std::string::npos);
  CHECK(text.out.find("£0") == std::string::npos);
}

TEST_CASE("providers: --template writes the unresolved providers for the researcher", "[cli]") {
  auto dir = test::scratch("template");
  test::write_file(dir / "08K_x.csv", "Provider,Value\nZzyzx Wellness,5\nOxleas NHS FT,10\n");
  auto r = run_tool({"providers", (dir / "08K_x.csv").string(), "--unresolved", "--template", (dir / "t.csv").string()});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Zzyzx Wellness") != std::string::npos);
  CHECK(r.out.find("Oxleas") == std::string::npos);
  CHECK(test::slurp(dir / "t.csv") ==
        "name,canonical_name,type,suggested_type,basis,confidence,listed_as,contracts,ccgs,value\n"
        "Zzyzx Wellness,,,,unknown,0.00,Zzyzx Wellness,1,1,5.00\n");
}

TEST_CASE("providers: --template leaves the type blank, the tool's guess beside it; passed back unchanged it decides "
          "nothing, its rows counted as undecided",
          "[cli]") {
  auto dir = test::scratch("template-guesses");
  // Typed by weak name rules only, below the confidence of a settled provider.
  test::write_file(dir / "returns/08K_x.csv", "Provider,Value\nOakwood Homes,5\nZzyzx Wellness,6\n");
  const std::string returns = (dir / "returns").string(), t = (dir / "t.csv").string();
  auto r = run_tool({"providers", returns, "--unresolved", "--template", t});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  const std::string written = test::slurp(t);
  CHECK(written.find("\nOakwood Homes,,,not_for_profit,name-rule:housing,0.60,Oakwood Homes,1,1,5.00\n") != std::string::npos);
  CHECK(written.find("\nZzyzx Wellness,,,,unknown,0.00,Zzyzx Wellness,1,1,6.00\n") != std::string::npos);
  CHECK(r.err.find("suggested_type is the tool's guess") != std::string::npos);

  auto back = run_tool({"providers", returns, "--unresolved", "--overrides", t});
  INFO(back.out << back.err);
  REQUIRE(back.code == 0);
  CHECK(back.out.find("Oakwood Homes") != std::string::npos);
  CHECK(back.out.find("Zzyzx Wellness") != std::string::npos);
  CHECK(back.out.find("override") == std::string::npos);
  CHECK(back.err.find(t + ":2:1: warning[override-unused]: 2 rows with neither a canonical_name nor a type (lines 2, "
                          "3): no decision yet") != std::string::npos);
  CHECK(back.err.find("override-unused") == back.err.rfind("override-unused"));  // one finding, not one a row

  // One type filled in: that row decides, the other stays undecided.
  std::string filled = written;
  filled.replace(filled.find("Zzyzx Wellness,,,"), 17, "Zzyzx Wellness,,voluntary,");
  test::write_file(t, filled);
  back = run_tool({"providers", returns, "--format", "csv", "--overrides", t});
  REQUIRE(back.code == 0);
  CHECK(back.out.find("Zzyzx Wellness,voluntary,override,1.00,1,1,") != std::string::npos);
  CHECK(back.out.find("Oakwood Homes,not_for_profit,name-rule:housing,0.60,") != std::string::npos);
  CHECK(back.err.find("1 row with neither a canonical_name nor a type") != std::string::npos);
}

TEST_CASE("providers: --template writes one row for spellings that key alike, which one override decides",
          "[cli]") {
  auto dir = test::scratch("template-one-key");
  test::write_file(dir / "08K_x.csv", "Provider,Value\nZzyzx Care Solutions,5\n");
  test::write_file(dir / "08Q_y.csv", "Provider,Provider type,Value\nZzyzx Care Solutions Ltd,Unknown,7\n");
  auto r = run_tool({"providers", dir.string(), "--unresolved", "--template", (dir / "t.csv").string()});
  REQUIRE(r.code == 0);
  const std::string t = test::slurp(dir / "t.csv");
  CHECK(std::count(t.begin(), t.end(), '\n') == 2);  // the header and one row
  // Two lines of one key: the second is said to be the first's provider, with both decisions.
  test::write_file(dir / "o.csv", "name,canonical_name,type\nZzyzx Care Solutions,Zzyzx Care,not_for_profit\n"
                                  "Zzyzx Care Solutions Ltd,Zzyzx Care,private\n");
  r = run_tool({"providers", dir.string(), "--overrides", (dir / "o.csv").string()});
  CHECK(r.err.find("o.csv:3:1: warning[override-unused]: override 'Zzyzx Care Solutions Ltd' is the same provider "
                   "as line 2 ('Zzyzx Care Solutions': the names key alike), whose decision is used (Zzyzx Care, "
                   "not_for_profit), not this line's (Zzyzx Care, private); keep one line for it") !=
        std::string::npos);
}

TEST_CASE("providers: a decision commented out in the overrides file is not applied", "[cli]") {
  auto dir = test::scratch("overrides-commented-out");
  test::write_file(dir / "08K_x.csv", "Provider,Provider type,Value\nZzyzx Care Ltd,Private,5\n");
  test::write_file(dir / "o.csv", "name,canonical_name,type\n#Zzyzx Care Ltd,Zzyzx Care Group,not_for_profit\n");
  auto r = run_tool({"providers", (dir / "08K_x.csv").string(), "--overrides", (dir / "o.csv").string(), "--format",
                     "csv"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Zzyzx Care Ltd,private,column,") != std::string::npos);
  CHECK(r.out.find("Zzyzx Care Group") == std::string::npos);
  CHECK(r.err.find("override") == std::string::npos);
}

TEST_CASE("providers: an override with a canonical name and no type merges the spelling into that provider; a row "
          "with neither is told as undecided",
          "[cli]") {
  auto dir = test::scratch("overrides-merge");
  test::write_file(dir / "returns/08K_x.csv", "Provider,Provider type,Value\nBrixton Wellbeing Collective,Voluntary,5\n");
  test::write_file(dir / "returns/08Q_y.csv", "Provider,Provider type,Value\nBrixton Wellbeing Colective,Voluntary,7\n");
  test::write_file(dir / "o.csv", "name,canonical_name,type\nBrixton Wellbeing Colective,Brixton Wellbeing Collective,\n"
                                  "Zzyzx Wellness,,\n");
  auto r = run_tool({"providers", (dir / "returns").string(), "--overrides", (dir / "o.csv").string(), "--format",
                     "csv"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Brixton Wellbeing Collective,voluntary,column,0.80,2,2,Brixton Wellbeing Colective; Brixton "
                   "Wellbeing Collective,,12.00,2\n") != std::string::npos);
  CHECK(r.err.find("o.csv:3:1: warning[override-unused]: 1 row with neither a canonical_name nor a type (line 3): no "
                   "decision yet") != std::string::npos);
  CHECK(r.err.find("matches no provider") == std::string::npos);
}

TEST_CASE("providers: an override naming a provider by a reference alias is applied to it, not told as unused",
          "[cli]") {
  auto dir = test::scratch("overrides-alias");
  test::write_file(dir / "returns/08K_x.csv",
                   "Provider,Provider type,Value\nSouth London and Maudsley NHS Foundation Trust,FT,5\n");
  test::write_file(dir / "o.csv", "name,canonical_name,type\nSLaM,,other_nhs\n");
  auto r = run_tool({"providers", (dir / "returns").string(), "--overrides", (dir / "o.csv").string(), "--format",
                     "csv"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("South London and Maudsley NHS Foundation Trust,other_nhs,override,1.00,1,1,") != std::string::npos);
  CHECK(r.err.find("override-unused") == std::string::npos);
}

TEST_CASE("providers: every bad row of an overrides file is told at its line and column, then exit 2", "[cli]") {
  auto dir = test::scratch("overrides-many-bad");
  test::write_file(dir / "returns/08K_x.csv", "Provider,Provider type,Value\nMind,Charity,5\n");
  const std::string o = (dir / "o.csv").string();
  test::write_file(o, "name,canonical_name,type\nMind,,Community group\nAcme Care Ltd,,Independent\n"
                      "Zzq Care,,Partnership\n,,private\n");
  auto r = run_tool({"providers", (dir / "returns").string(), "--overrides", o});
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("foi-contracts: " + o + ":2:3: type 'Community group' is not one of") != std::string::npos);
  CHECK(r.err.find("foi-contracts: " + o + ":4:3: type 'Partnership' is not one of") != std::string::npos);
  CHECK(r.err.find("foi-contracts: " + o + ":5:1: the name is empty\n") != std::string::npos);
  CHECK(r.err.find("more errors") == std::string::npos);
}

TEST_CASE("providers: its own CSV listing passed back as overrides is refused, pointing to --template", "[cli]") {
  auto dir = test::scratch("overrides-listing");
  test::write_file(dir / "returns/08K_x.csv", "Provider,Provider type,Value\nAcme Care Ltd,Private,5\nZzyzx Wellness,,6\n");
  const std::string returns = (dir / "returns").string(), listing = (dir / "listing.csv").string();
  auto r = run_tool({"providers", returns, "--format", "csv"});
  REQUIRE(r.code == 0);
  test::write_file(listing, r.out);
  r = run_tool({"providers", returns, "--overrides", listing});
  INFO(r.out << r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find(listing + ":1:1: this is the listing `providers --format csv` writes") != std::string::npos);
}

TEST_CASE("providers: --unresolved says how many of all providers and contracts it lists, or that none is", "[cli]") {
  auto dir = test::scratch("unresolved-footer");
  test::write_file(dir / "08K_x.csv", "Provider,Value\nZzyzx Wellness,5\nOxleas NHS FT,10\nOxleas NHS FT,11\n");
  auto r = run_tool({"providers", (dir / "08K_x.csv").string(), "--unresolved"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\n1 of 2 providers unresolved (unknown type, confidence below 0.80, or several types), in 1 of 3 "
                   "contracts\n") !=
        std::string::npos);
  test::write_file(dir / "07L_y.csv", "Provider,Value\nOxleas NHS FT,10\nMind,4\n");
  r = run_tool({"providers", (dir / "07L_y.csv").string(), "--unresolved"});
  REQUIRE(r.code == 0);
  // Only the sentence: no table heading over nothing.
  CHECK(r.out == "no unresolved providers (of 2 in 2 contracts): every one has one known type with confidence of "
                 "at least 0.80\n");
}

TEST_CASE("providers: cuts a long name at whole characters, with an ellipsis, and keeps it whole in CSV", "[cli]") {
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

TEST_CASE("providers: a provider whose returns type it two ways is marked, its types listed, and left to decide",
          "[cli]") {
  auto dir = test::scratch("provider-types-split");
  test::write_file(dir / "08K_a.csv", "Provider,Provider type,Value\nHope and Recovery Trust,Charity,10\n"
                                      "Hope and Recovery Trust,Charity,20\nOxleas NHS FT,,5\n");
  test::write_file(dir / "07L_b.csv", "Provider,Provider type,Value\nHope & Recovery Trust,Social enterprise,30\n");
  const auto text = run_tool({"providers", dir.string()});
  INFO(text.out << text.err);
  REQUIRE(text.code == 0);
  CHECK(text.out.find("voluntary *") != std::string::npos);
  CHECK(text.out.find("* 1 provider with contracts of more than one type") != std::string::npos);
  const auto csv = run_tool({"providers", dir.string(), "--format", "csv"});
  CHECK(csv.out.find("provider,type,basis,confidence,contracts,ccgs,spellings,types,value,value_contracts\n") == 0);
  CHECK(csv.out.find(",voluntary,column,0.80,3,2,Hope & Recovery Trust; Hope and Recovery Trust,"
                     "voluntary 2; not_for_profit 1,60.00,3\n") != std::string::npos);
  // One type: the column is empty.
  CHECK(csv.out.find(",nhs_foundation_trust,registry,1.00,1,1,Oxleas NHS FT,,5.00,1\n") != std::string::npos);
  const auto unresolved = run_tool({"providers", dir.string(), "--unresolved", "--template",
                                    (dir / "t.csv").string()});
  CHECK(unresolved.out.find("Hope and Recovery Trust") != std::string::npos);
  CHECK(unresolved.out.find("Oxleas") == std::string::npos);
  CHECK(test::slurp(dir / "t.csv").find(
            "Hope & Recovery Trust,,,voluntary,column,0.80,Hope and Recovery Trust,3,2,60.00\n") != std::string::npos);
}
