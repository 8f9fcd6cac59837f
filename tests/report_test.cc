#include "foi/report.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.h"
#include "text.h"

namespace {
foi::ShareRow share_row(std::string name, std::string label, long contracts) {
  foi::ShareRow row;
  row.name = std::move(name);
  row.label = std::move(label);
  row.contracts = contracts;
  return row;
}

foi::Results small() {
  foi::Results r;
  r.figures = {{"requests", 2}, {"responses", 1}, {"response_rate", 0.5}, {"contracts", 1}};
  r.by_type.push_back(share_row("private", "=cmd|' /C calc'!A0", 1));  // a label that a spreadsheet would run
  foi::CcgRow c;
  c.code = "08K";
  c.name = "@SUM(1+1)";
  c.contracts = 1;
  r.by_ccg.push_back(c);
  r.comparison.push_back({{"response_rate", 0.93, 0.005, "BJGP", 3}, 0.5, false, true});
  return r;
}
}  // namespace

TEST_CASE("report: JSON has the documented sections in a stable order", "[report]") {
  auto text = foi::json_report(small());
  auto j = nlohmann::json::parse(text);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(text.find("\"figures\"") < text.find("\"by_type\""));
  CHECK(text.find("\"by_type\"") < text.find("\"by_group\""));
  CHECK(text.find("\"by_ccg\"") < text.find("\"by_year\""));
  CHECK(text.find("\"by_year\"") < text.find("\"data_quality\""));
  CHECK(j["figures"]["response_rate"] == 0.5);
  CHECK(j["comparison"][0]["within"] == false);
  CHECK(j["comparison"][0]["difference"].get<double>() == Approx(-0.43));
}

TEST_CASE("report: the comparison table says NOT reproduced when a figure is out of tolerance", "[report]") {
  auto text = foi::text_report(small());
  CHECK(text.find("Published figures NOT reproduced") != std::string::npos);
  CHECK(text.find("NO (±0.005)") != std::string::npos);
}

TEST_CASE("report: a figure outside its tolerance by less than the usual digits show is printed in full, not as equal",
          "[report]") {
  foi::Results r = small();
  r.comparison.clear();
  r.comparison.push_back({{"group.third_sector_bjgp.contract_share", 0.653, 0, "", 2}, 0.6530383646037524, false, true});
  auto text = foi::text_report(r);
  CHECK(text.find("0.6530383646") != std::string::npos);
  CHECK(text.find("+3.84e-05") != std::string::npos);
  CHECK(text.find("+0.0000") == std::string::npos);
}

TEST_CASE("report: the comparison prints large figures in whole digits and tells an uncomputed figure from an unknown "
          "name",
          "[report]") {
  foi::Results r = small();
  r.comparison.clear();
  r.comparison.push_back({{"value.total", 3.899e9, 1e6, "", 2}, 3898673062.71, true, true});
  r.comparison.push_back({{"gini.group.empty", 0.5, 0.1, "", 3}, std::nullopt, false, true});
  r.comparison.push_back({{"gini.group.emtpy", 0.5, 0.1, "", 4}, std::nullopt, false, false});
  const std::string text = foi::text_report(r);
  CHECK(text.find("3,899,000,000 3,898,673,063    -326937.29  yes (±1e+06)") != std::string::npos);
  // The columns stay in line with the wider figures.
  CHECK(text.find("    published      computed    difference  within tolerance") != std::string::npos);
  CHECK(text.find("no: not computed (no data for it)") != std::string::npos);
  CHECK(text.find("no: not a figure name") != std::string::npos);
}

TEST_CASE("report: a difference that rounds to nothing reads +0.0000 in text and Markdown, never -0.0000", "[report]") {
  foi::Results r = small();
  r.comparison.clear();
  r.comparison.push_back({{"group.third_sector_bjgp.value_share", 0.06, 0.005, "BJGP", 4}, 0.0599999, true, true});
  r.comparison.push_back({{"response_rate", 0.93, 0.005, "BJGP", 3}, 0.9289, true, true});
  for (const std::string& out : {foi::text_report(r), foi::markdown_report(r)}) {
    CHECK(out.find("-0.0000") == std::string::npos);
    CHECK(out.find("+0.0000") != std::string::npos);
    CHECK(out.find("-0.0011") != std::string::npos);
  }
}

TEST_CASE("report: output CSVs neutralise cells a spreadsheet would run as formulas", "[report]") {
  auto dir = test::scratch("tables");
  foi::write_tables(small(), dir.string());
  for (auto f : {"by_type.csv", "by_group.csv", "by_ccg.csv", "by_provider.csv", "by_year.csv", "sensitivity.csv",
                 "data_quality.csv", "figures.json", "report.md"})
    CHECK(std::filesystem::exists(dir / f));
  auto by_type = test::slurp(dir / "by_type.csv");
  CHECK(by_type.find(",'=cmd|' /C calc'!A0,") != std::string::npos);
  CHECK(test::slurp(dir / "by_ccg.csv").find("08K,'@SUM(1+1),") != std::string::npos);
}

TEST_CASE("report: a grouping's long label is printed whole, with its key, and the columns stay aligned", "[report]") {
  foi::Results r = small();
  // 58 characters, one of them three bytes.
  const std::string label = "Third sector (BJGP 2019: incl. private – for-profit firms)";
  r.by_group.push_back(share_row("third_sector_bjgp", label, 7));
  r.by_group.push_back(share_row("nhs", "NHS", 12));
  const std::string text = foi::text_report(r);
  const std::string whole = label + " [third_sector_bjgp]";
  const auto at = text.find(whole);
  REQUIRE(at != std::string::npos);
  // Both rows' contract counts end in the same column, counted in characters.
  auto line_at = [&](std::size_t pos) {
    const auto begin = text.rfind('\n', pos) + 1;
    return text.substr(begin, text.find('\n', pos) - begin);
  };
  auto count_end = [&](const std::string& line, const std::string& count) {
    return foi::text::code_points(line.substr(0, line.find(" " + count + " ") + 1 + count.size()));
  };
  const std::string long_line = line_at(at), short_line = line_at(text.find("NHS [nhs]"));
  CHECK(count_end(long_line, "7") == count_end(short_line, "12"));
  CHECK(count_end(long_line, "7") == 2 + foi::text::code_points(whole) + 1 + 9);
}

TEST_CASE("report: the bucket of total rows and the rows read are two keys, in JSON and in data_quality.csv",
          "[report]") {
  foi::Results r = small();
  r.quality.rows[foi::RowKind::contract] = 10;
  r.quality.rows[foi::RowKind::total] = 2;
  r.quality.rows[foi::RowKind::header] = 1;
  const auto j = nlohmann::json::parse(foi::json_report(r));
  CHECK(j["data_quality"]["rows"]["total"] == 2);
  CHECK(j["data_quality"]["rows"]["read"] == 13);
  CHECK(j["data_quality"]["rows"].size() == foi::kRowKindCount + 1);  // no key written twice
  auto dir = test::scratch("tables-rows");
  foi::write_tables(r, dir.string());
  const std::string dq = test::slurp(dir / "data_quality.csv");
  CHECK(dq.find("\nrows.total,2\n") != std::string::npos);
  CHECK(dq.find("\nrows.read,13\n") != std::string::npos);
  std::set<std::string> measures;
  std::size_t lines = 0;
  for (std::size_t at = 0, end; (end = dq.find('\n', at)) != std::string::npos; at = end + 1, ++lines)
    measures.insert(dq.substr(at, dq.find(',', at) - at));
  CHECK(measures.size() == lines);
}

TEST_CASE("report: by_provider.csv leaves the value empty for a provider with no known value, and writes a real £0",
          "[report]") {
  foi::Results r = small();
  foi::ProviderRow withheld, zero;
  withheld.name = "Southwark Mind";
  withheld.contracts = 1;
  zero.name = "Acme Care Ltd";
  zero.contracts = 1;
  zero.value_contracts = 1;
  r.by_provider = {withheld, zero};
  auto dir = test::scratch("tables-provider-value");
  foi::write_tables(r, dir.string());
  const std::string prov = test::slurp(dir / "by_provider.csv");
  CHECK(prov.starts_with("provider,type,basis,contracts,value,value_contracts,ccgs\n"));
  CHECK(prov.find("\nSouthwark Mind,unknown,,1,,0,0\n") != std::string::npos);
  CHECK(prov.find("\nAcme Care Ltd,unknown,,1,0.00,1,0\n") != std::string::npos);
}

TEST_CASE("report: a published figure is shown as the study file gives it, not rounded to look like the computed one",
          "[report]") {
  foi::Results r = small();
  r.comparison.clear();
  r.comparison.push_back({{"response_rate", 0.92888, 0.00001, "", 2}, 0.9289099526, false, true});
  r.comparison.push_back({{"hhi.median", 7741.5, 0.1, "", 3}, 7741.9, false, true});
  const std::string text = foi::text_report(r);
  CHECK(text.find(" 0.92888 ") != std::string::npos);
  CHECK(text.find(" 7741.5 ") != std::string::npos);
  const std::string md = foi::markdown_report(r);
  CHECK(md.find("| `response_rate` | 0.92888 |") != std::string::npos);
  // The computed figure to the tolerance's tenth, not rounded to 7742.
  CHECK(md.find("| `hhi.median` | 7741.5 | 7741.9 |") != std::string::npos);
}

TEST_CASE("report: the computed figure shows the digits its tolerance is about: pence for a penny on billions",
          "[report]") {
  foi::Results r = small();
  r.comparison.clear();
  r.comparison.push_back({{"value.total", 3898673062.70, 0.01, "", 2}, 3898673062.71, true, true});
  r.comparison.push_back({{"type.private.value_share", 0.28125, 0, "", 3}, 0.28125, true, true});
  const std::string text = foi::text_report(r), md = foi::markdown_report(r);
  for (const std::string& out : {text, md}) {
    CHECK(out.find("3,898,673,062.71") != std::string::npos);
    CHECK(out.find("3,898,673,063") == std::string::npos);
    CHECK(out.find("0.2812 ") == std::string::npos);
  }
  CHECK(md.find("| `type.private.value_share` | 0.28125 | 0.28125 |") != std::string::npos);
}

TEST_CASE("report: a share published as a percentage fails with a hint that shares are fractions", "[report]") {
  foi::Results r = small();
  r.comparison.clear();
  r.comparison.push_back({{"quality.no_evidence_share", 71, 0.005, "", 2}, 0.7129, false, true});
  r.comparison.push_back({{"hhi.median", 71, 0.005, "", 3}, 0.7129, false, true});  // no share: no hint
  const std::string text = foi::text_report(r), md = foi::markdown_report(r);
  CHECK(text.find("NO (±0.005): shares are fractions: 71% is written 0.71\n") != std::string::npos);
  CHECK(md.find("| **no**: shares are fractions: 71% is written 0.71 |") != std::string::npos);
  for (const std::string& out : {text, md}) {
    const auto first = out.find("shares are fractions");
    CHECK(out.find("shares are fractions", first + 1) == std::string::npos);
  }
  CHECK_FALSE(r.reproduced());
}

TEST_CASE("report: the data quality line says how many contracts the value figures leave out, and why", "[report]") {
  foi::Results r = small();
  r.quality.value_status = {{"ok", 90}, {"range", 2}, {"withheld", 5}, {"negative", 3}, {"not_held", 1200}};
  const std::string text = foi::text_report(r);
  CHECK(text.find(" Contracts without a value in the value figures, by why: 3 negative, 1,200 not_held, 5 withheld.") !=
        std::string::npos);
  r.quality.value_status = {{"ok", 90}};
  CHECK(foi::text_report(r).find("without a value in the value figures") == std::string::npos);
}

TEST_CASE("report: the Markdown report names the provider overrides used, the lines of those matching no provider, and "
          "counts the findings by check",
          "[report]") {
  foi::Results r = small();
  r.manifest_path = "returns/manifest.csv";
  r.overrides_path = "overrides.csv";
  r.overrides = 12;
  r.overrides_unused = {7};
  r.quality.findings = {{"row-rejected", 3}, {"value-withheld", 1500}};
  const std::string md = foi::markdown_report(r);
  CHECK(md.find("manifest returns/manifest.csv; provider overrides overrides.csv (12 rows, 1 matching no provider: "
                "line 7).") != std::string::npos);
  CHECK(md.find("| `row-rejected` | 3 |\n| `value-withheld` | 1,500 |\n") != std::string::npos);
  CHECK(foi::text_report(r).find("provider overrides overrides.csv (12 rows, 1 matching no provider: line 7)") !=
        std::string::npos);
  const auto json = nlohmann::json::parse(foi::json_report(r));
  CHECK(json["data_quality"]["overrides"] ==
        nlohmann::json::parse(R"({"file": "overrides.csv", "rows": 12, "unused_lines": [7]})"));
  r.overrides_unused = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  CHECK(foi::text_report(r).find("(12 rows, 11 matching no provider: lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ...)") !=
        std::string::npos);
  r.overrides_path.clear();
  r.quality.findings.clear();
  const std::string plain = foi::markdown_report(r);
  CHECK(plain.find("overrides") == std::string::npos);
  CHECK(plain.find("Findings by check") == std::string::npos);
  r.overrides = 0;
  r.overrides_unused.clear();
  CHECK(nlohmann::json::parse(foi::json_report(r))["data_quality"]["overrides"] ==
        nlohmann::json::parse(R"({"file": null, "rows": 0, "unused_lines": []})"));
}

TEST_CASE("report: a run over spending files says at the top that its contracts are payments", "[report]") {
  foi::Results r = small();
  r.quality.files = 12;
  r.quality.payment_files = 12;
  for (const std::string& out : {foi::text_report(r), foi::markdown_report(r)})
    CHECK(out.find("12 of the 12 input files are spending files: their rows are payments, each counted as a "
                   "contract") < out.find("Headline figures"));
  CHECK(foi::json_report(r).find("\"payment_files\": 12") != std::string::npos);
  r.quality.payment_files = 0;
  CHECK(foi::text_report(r).find("spending files") == std::string::npos);
}

TEST_CASE("report: a share of nothing is null in JSON, empty in CSV and '-' in text and Markdown, never 0", "[report]") {
  foi::Results r = small();
  r.figures.push_back({"type.private.value_share", std::nullopt});
  r.by_type[0].label = "Private (for-profit)";
  r.by_type[0].contract_share = 1;  // of one contract, none with a known value
  foi::ShareRow third = share_row("third_sector_bjgp", "Third sector", 1);
  third.contract_share = 1;
  r.by_group.push_back(third);
  foi::ShareRow ft = share_row("nhs_foundation_trust", "NHS foundation trust", 0);
  ft.contract_share = 0;
  r.by_type.push_back(ft);
  r.group_names = {"third_sector_bjgp"};
  r.by_ccg[0].group_contract_share = {1.0};
  r.by_ccg[0].group_value_share = {std::nullopt};

  const auto j = nlohmann::json::parse(foi::json_report(r));
  CHECK(j["figures"]["type.private.value_share"].is_null());
  CHECK(j["by_type"][0]["contract_share"] == 1);
  CHECK(j["by_type"][0]["value_share"].is_null());
  CHECK(j["by_group"][0]["value_share"].is_null());
  CHECK(j["by_ccg"][0]["groups"]["third_sector_bjgp"]["contract_share"] == 1);
  CHECK(j["by_ccg"][0]["groups"]["third_sector_bjgp"]["value_share"].is_null());

  CHECK(foi::figures_csv(r).find("\ntype.private.value_share,\n") != std::string::npos);
  auto dir = test::scratch("tables-null-shares");
  foi::write_tables(r, dir.string());
  CHECK(test::slurp(dir / "by_type.csv").find("\nnhs_foundation_trust,NHS foundation trust,,0,0,0.00,0,,") !=
        std::string::npos);
  CHECK(test::slurp(dir / "by_group.csv").find("\nthird_sector_bjgp,Third sector,,1,1,0.00,0,,") != std::string::npos);
  CHECK(test::slurp(dir / "sensitivity.csv").find("\nthird_sector_bjgp,Third sector,,1,1,0.00,\n") != std::string::npos);
  CHECK(test::slurp(dir / "by_ccg.csv").ends_with(",1,\n"));

  const std::string text = foi::text_report(r);
  CHECK(text.find("100.0% of contracts, - of value") != std::string::npos);
  CHECK(text.find("0.0% of contracts, - of value") != std::string::npos);
  CHECK(text.find("0.0% of value") == std::string::npos);
  const std::string md = foi::markdown_report(r);
  CHECK(md.find("| Third sector (BJGP: private + NFP + voluntary) | 100.0% of contracts, - of value |") !=
        std::string::npos);
  CHECK(md.find("| Private (for-profit) | 1 | 100.0% | £0 | - |") != std::string::npos);
  // No contracts at all: neither share is there.
  r.by_type[1].contract_share = std::nullopt;
  CHECK(foi::text_report(r).find("NHS foundation trusts                            - of contracts, - of value") !=
        std::string::npos);
}
