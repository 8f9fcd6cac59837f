#include "foi/analysis.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using foi::Contract;
using foi::ProviderDecision;
using foi::ProviderType;

namespace {

struct Fixture {
  foi::Study study;
  foi::ProviderResolver resolver{foi::builtin_reference()};
  std::vector<std::unique_ptr<ProviderDecision>> decisions;
  // A deque: the contract add() gives stays where it is as more are added.
  std::deque<std::pair<Contract, const ProviderDecision*>> rows;

  // A contract of `ccg` with a provider (one cluster per name) of `type`.
  Contract& add(const std::string& ccg, const std::string& provider, ProviderType type, std::optional<double> value,
                foi::Quality q = foi::Quality::yes) {
    const ProviderDecision& base = resolver.resolve(provider);
    auto d = std::make_unique<ProviderDecision>(base);
    d->type = type;
    Contract c;
    c.ccg_code = ccg;
    c.ccg_name = "NHS " + ccg + " CCG";
    c.provider_raw = provider;
    c.value = value;
    c.value_status = value ? foi::ValueStatus::ok : foi::ValueStatus::withheld;
    c.quality = q;
    rows.emplace_back(c, d.get());
    decisions.push_back(std::move(d));
    return rows.back().first;
  }

  foi::Results run(const foi::Manifest* manifest = nullptr, std::vector<foi::FileResult> files = {}) {
    foi::Analysis a(study);
    for (auto& [c, d] : rows) a.add(c, *d);
    return a.finish(files, manifest, 211, resolver);
  }
};

double fig(const foi::Results& r, std::string_view name) {
  auto v = r.figure(name);
  REQUIRE(v);
  return *v;
}

// The by-year row of a year (of one type, when given), or none.
const foi::YearRow* year_row(const foi::Results& r, int year, std::optional<ProviderType> type = std::nullopt) {
  for (const auto& y : r.by_year)
    if (y.year == year && (!type || y.type == *type)) return &y;
  return nullptr;
}

// Resolves the contract's provider with r, counts it and adds the contract to a.
void add(foi::ProviderResolver& r, foi::Analysis& a, const Contract& c) {
  const ProviderDecision& d = r.resolve(c.provider_raw, c.provider_type_raw);
  r.count(d);
  a.add(c, d);
}

// Every CCG's number of providers and HHI by value, and every provider's
// number of CCGs, as worked out the plain way: value[CCG][supplier] is the
// value, ccgs_of[supplier] the CCGs, of all 211 CCGs' contracts.
void check_by_ccg_and_provider(const foi::Results& r,
                               const std::map<std::string, std::map<std::string, double>>& value,
                               const std::map<std::string, std::set<std::string>>& ccgs_of) {
  REQUIRE(r.by_ccg.size() == 211);
  for (const auto& row : r.by_ccg) {
    INFO(row.code);
    const auto& of_ccg = value.at(row.code);
    double total = 0, squares = 0;
    for (const auto& [supplier, v] : of_ccg) total += v;
    for (const auto& [supplier, v] : of_ccg) squares += (v / total) * (v / total);
    CHECK(row.providers == static_cast<long>(of_ccg.size()));
    CHECK(row.hhi_value.value_or(-1) == Approx(10000 * squares).epsilon(1e-12));
  }
  REQUIRE(r.by_provider.size() == ccgs_of.size());
  for (const auto& p : r.by_provider) {
    INFO(p.name);
    CHECK(p.ccgs == static_cast<long>(ccgs_of.at(p.name).size()));
  }
}

// Takes contracts added with add() back out of r and a, as a second half's
// rows found at the join to repeat rows of the first are.
void take_back(foi::ProviderResolver& r, foi::Analysis& a, const std::vector<Contract>& contracts) {
  std::vector<foi::ProviderResolver::Spelling> spellings;
  for (const Contract& c : contracts) spellings.push_back({c.provider_raw, c.provider_type_raw, c.provider_code_raw});
  std::vector<const ProviderDecision*> decisions(contracts.size());
  r.take_back(spellings, decisions);
  a.take_back(contracts, decisions);
}

// One analysis of all the contracts, and two of parts of them merged into
// one, each with its own resolver, as a file read as two halves is.
struct WholeAndParts {
  foi::Study study;
  const foi::ReferenceData ref = foi::builtin_reference();
  foi::ProviderResolver whole_resolver{ref}, first_resolver{ref}, second_resolver{ref};
  foi::Analysis whole{study}, first{study}, second{study};

  void take(const Contract& c, bool in_first) {
    add(whole_resolver, whole, c);
    add(in_first ? first_resolver : second_resolver, in_first ? first : second, c);
  }
  // The figures of the whole, and of the parts merged.
  std::pair<foi::Results, foi::Results> finish() {
    first.merge(second, first_resolver.absorb(second_resolver));
    return {whole.finish({}, nullptr, 211, whole_resolver), first.finish({}, nullptr, 211, first_resolver)};
  }
};

}  // namespace

TEST_CASE("statistics: median, quartiles, Gini and HHI on hand-computed cases", "[analysis]") {
  CHECK(*foi::median({3, 1, 2}) == 2);
  CHECK(*foi::median({4, 1, 3, 2}) == 2.5);
  CHECK_FALSE(foi::median({}));
  CHECK(*foi::percentile({1, 2, 3, 4, 5}, 0.25) == 2);
  CHECK(*foi::percentile({1, 2, 3, 4}, 0.75) == Approx(3.25));
  CHECK(*foi::gini({1, 1, 1, 1}) == Approx(0));
  CHECK(*foi::gini({0, 0, 0, 10}) == Approx(0.75));  // (n-1)/n for one holder of everything
  CHECK(*foi::gini({1, 2, 3, 4}) == Approx(0.25));
  CHECK(*foi::hhi({50, 50}) == Approx(5000));
  CHECK(*foi::hhi({100}) == Approx(10000));
  CHECK(*foi::hhi({25, 25, 25, 25}) == Approx(2500));
  CHECK_FALSE(foi::hhi({0, 0}));
}

TEST_CASE("statistics: HHI is the same to the last bit in any order of the sizes", "[analysis]") {
  // Added up as given, these two orders differ in the last digit (3630.63744016125 and 3630.6374401612497).
  CHECK(*foi::hhi({0.1, 0.7, 0.3, 1.7, 3.3, 0.2}) == *foi::hhi({0.1, 0.2, 0.3, 0.7, 1.7, 3.3}));
  CHECK(*foi::hhi({3.3, 1.7, 0.7, 0.3, 0.2, 0.1}) == *foi::hhi({0.1, 0.2, 0.3, 0.7, 1.7, 3.3}));
}

TEST_CASE("shares count every contract but value only known values, unknown types included", "[analysis]") {
  Fixture f;
  f.add("08K", "Oxleas NHS FT", ProviderType::nhs_foundation_trust, 900);
  f.add("08K", "Mind in Croydon", ProviderType::voluntary, 100);
  f.add("08K", "Zzyzx Wellness", ProviderType::unknown, std::nullopt);
  f.add("08K", "Talking Space Ltd", ProviderType::private_company, std::nullopt);
  auto r = f.run();
  CHECK(fig(r, "contracts") == 4);
  CHECK(fig(r, "value.total") == 1000);
  CHECK(fig(r, "value.missing_contracts") == 2);
  CHECK(fig(r, "type.nhs_foundation_trust.contract_share") == 0.25);
  CHECK(fig(r, "type.nhs_foundation_trust.value_share") == 0.9);
  CHECK(fig(r, "type.unknown.contract_share") == 0.25);
  CHECK(fig(r, "type.unknown.value_share") == 0);
  CHECK(fig(r, "group.third_sector_bjgp.contract_share") == 0.5);
  CHECK(fig(r, "group.third_sector_bjgp.value_share") == Approx(0.1));
  CHECK(fig(r, "group.vcse.contract_share") == 0.25);
}

TEST_CASE("HHI, effective number and CR1 per CCG, and the bands", "[analysis]") {
  Fixture f;
  // 08K: two providers with 75/25 of value -> HHI 6,250, effective 1.6, CR1 0.75.
  f.add("08K", "Oxleas NHS FT", ProviderType::nhs_foundation_trust, 600);
  f.add("08K", "Oxleas NHS Foundation Trust", ProviderType::nhs_foundation_trust, 150);  // same provider
  f.add("08K", "Mind in Croydon", ProviderType::voluntary, 250);
  // 07L: five equal providers -> HHI 2,000 (moderate).
  for (auto name : {"Alpha Ltd", "Beta Ltd", "Gamma Ltd", "Delta Ltd", "Epsilon Ltd"})
    f.add("07L", name, ProviderType::private_company, 10);
  auto r = f.run();
  REQUIRE(r.by_ccg.size() == 2);
  const auto& a = r.by_ccg[0].code == "08K" ? r.by_ccg[0] : r.by_ccg[1];
  const auto& b = r.by_ccg[0].code == "08K" ? r.by_ccg[1] : r.by_ccg[0];
  CHECK(*a.hhi_value == Approx(6250));
  CHECK(*a.effective_providers == Approx(1.6));
  CHECK(*a.cr1 == Approx(0.75));
  CHECK(a.providers == 2);
  CHECK(*a.hhi_count == Approx(10000.0 * (4.0 / 9 + 1.0 / 9)));
  CHECK(a.band == "high");
  CHECK(*b.hhi_value == Approx(2000));
  CHECK(b.band == "moderate");
  CHECK(fig(r, "hhi.median") == Approx(4125));
  CHECK(fig(r, "hhi.band.moderate") == 1);
  CHECK(fig(r, "hhi.band.high") == 1);
  f.study.bands = {1000, 1800, "2023"};
  CHECK(f.run().figure("hhi.band.high") == 2);
}

TEST_CASE("quality monitoring shares, no evidence, and weighting by value", "[analysis]") {
  Fixture f;
  f.add("08K", "A Ltd", ProviderType::private_company, 100, foi::Quality::yes);
  f.add("08K", "B Ltd", ProviderType::private_company, 300, foi::Quality::no);
  f.add("08K", "C Ltd", ProviderType::private_company, std::nullopt, foi::Quality::not_stated);
  f.add("08K", "D Ltd", ProviderType::private_company, 600, foi::Quality::not_stated);
  auto r = f.run();
  CHECK(fig(r, "quality.yes_share") == 0.25);
  CHECK(fig(r, "quality.no_share") == 0.25);
  CHECK(fig(r, "quality.not_stated_share") == 0.5);
  CHECK(fig(r, "quality.no_evidence_share") == 0.75);
  CHECK(fig(r, "quality.value_weighted.yes_share") == Approx(0.1));
  CHECK(fig(r, "quality.value_weighted.no_evidence_share") == Approx(0.9));
}

TEST_CASE("quality shares of a type without contracts are not there, not 0", "[analysis]") {
  Fixture f;
  f.add("08K", "A Ltd", ProviderType::private_company, 100, foi::Quality::no);
  auto r = f.run();
  bool seen_private = false, seen_empty = false;
  for (const auto& t : r.by_type) {
    INFO(t.name);
    if (t.contracts > 0) {
      seen_private = true;
      CHECK(t.quality_yes == 0.0);
      CHECK(t.quality_no == 1.0);
    } else {
      seen_empty = true;
      CHECK_FALSE(t.quality_yes);
      CHECK_FALSE(t.quality_no);
      CHECK_FALSE(t.quality_not_stated);
    }
  }
  CHECK(seen_private);
  CHECK(seen_empty);
  REQUIRE(r.by_ccg.size() == 1);
  CHECK(r.by_ccg[0].quality_yes_share == 0.0);
}

TEST_CASE("a figure that cannot be computed is there without a value, not 0", "[analysis]") {
  Fixture f;
  f.study.groupings.push_back({"empty", "Nothing", {ProviderType::other}});
  f.add("08K", "A Ltd", ProviderType::private_company, std::nullopt);  // no known value anywhere
  auto r = f.run();
  for (const char* name : {"gini.group.empty", "gini.value", "low_value.contract_share", "hhi.median", "hhi.p25",
                           "quality.value_weighted.yes_share", "type.private.value_share", "type.unknown.value_share",
                           "group.third_sector_bjgp.value_share", "group.nhs.value_share", "group.empty.value_share"}) {
    INFO(name);
    CHECK(r.has_figure(name));
    CHECK_FALSE(r.figure(name));
  }
  // A share of nothing is none in the rows too, by type, by grouping and by CCG; of contracts there is one.
  CHECK(fig(r, "type.private.contract_share") == 1);
  CHECK(fig(r, "group.empty.contract_share") == 0);
  for (const auto* rows : {&r.by_type, &r.by_group})
    for (const auto& row : *rows) {
      INFO(row.name);
      CHECK(row.contract_share);
      CHECK_FALSE(row.value_share);
    }
  REQUIRE(r.by_ccg.size() == 1);
  REQUIRE(r.by_ccg[0].group_value_share.size() == f.study.groupings.size());
  for (std::size_t g = 0; g < f.study.groupings.size(); ++g) {
    INFO(f.study.groupings[g].name);
    CHECK(r.by_ccg[0].group_contract_share[g]);
    CHECK_FALSE(r.by_ccg[0].group_value_share[g]);
  }
  CHECK(fig(r, "contracts_per_ccg.median") == 1);
  CHECK_FALSE(r.has_figure("gini.group.nothing"));
  // An expectation of it is named but not computed, and not reproduced.
  f.study.expect.push_back({"gini.group.empty", 0.5, 0.1, "", 1});
  r = f.run();
  REQUIRE(r.comparison.size() == 1);
  CHECK(r.comparison[0].named);
  CHECK_FALSE(r.comparison[0].computed);
  CHECK_FALSE(r.reproduced());
}

TEST_CASE("a share of contracts when no contract is in the study is none, not 0", "[analysis]") {
  Fixture f;
  auto& a = f.add("08K", "A Ltd", ProviderType::private_company, 5);  // before the study
  a.start = {foi::DateStatus::ok, foi::to_day({2010, 4, 1})};
  a.end = {foi::DateStatus::ok, foi::to_day({2011, 3, 31})};
  f.study.expect.push_back({"type.unknown.contract_share", 0, 0, "", 1});
  auto r = f.run();
  CHECK(fig(r, "contracts") == 0);
  for (const char* name : {"type.private.contract_share", "type.unknown.contract_share", "group.nhs.contract_share",
                           "type.private.value_share"}) {
    INFO(name);
    CHECK(r.has_figure(name));
    CHECK_FALSE(r.figure(name));
  }
  // An expectation of 0 is not met by a share of nothing.
  REQUIRE(r.comparison.size() == 1);
  CHECK(r.comparison[0].named);
  CHECK_FALSE(r.comparison[0].computed);
  CHECK_FALSE(r.reproduced());
}

TEST_CASE("contracts per CCG, low-value share and Gini over known values", "[analysis]") {
  Fixture f;
  f.add("08K", "A Ltd", ProviderType::private_company, 50000);
  f.add("08K", "B Ltd", ProviderType::private_company, 150000);
  f.add("08K", "C Ltd", ProviderType::private_company, std::nullopt);
  f.add("07L", "D Ltd", ProviderType::private_company, 99999.99);
  auto r = f.run();
  CHECK(fig(r, "contracts_per_ccg.min") == 1);
  CHECK(fig(r, "contracts_per_ccg.max") == 3);
  CHECK(fig(r, "contracts_per_ccg.median") == 2);
  CHECK(fig(r, "low_value.contract_share") == Approx(2.0 / 3));
  CHECK(fig(r, "gini.value") == Approx(*foi::gini({50000, 150000, 99999.99})));
}

TEST_CASE("a provider's CCGs are those it holds a contract in, each counted once", "[analysis]") {
  Fixture f;
  f.add("08K", "Alpha Wellbeing CIC", ProviderType::not_for_profit, 1000);
  f.add("08K", "Alpha Wellbeing CIC", ProviderType::not_for_profit, 2000);
  f.add("07L", "Alpha Wellbeing CIC", ProviderType::not_for_profit, std::nullopt);  // no value: its CCG still counts
  f.add("08K", "Beta Care Ltd", ProviderType::private_company, 500);
  const foi::Results r = f.run();
  // By a word of the name: a provider not in the reference is named by its key when it has no counted spelling.
  auto row = [&](std::string_view word) {
    auto it = std::find_if(r.by_provider.begin(), r.by_provider.end(), [&](const auto& p) {
      std::string name = p.name;
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      return name.find(word) != std::string::npos;
    });
    REQUIRE(it != r.by_provider.end());
    return *it;
  };
  CHECK(row("alpha").contracts == 3);
  CHECK(row("alpha").ccgs == 2);
  CHECK(row("beta").ccgs == 1);
}

TEST_CASE("a provider's row counts its contracts with a known value: one whose values are all withheld is not £0",
          "[analysis]") {
  Fixture f;
  f.add("08K", "Alpha Wellbeing CIC", ProviderType::not_for_profit, std::nullopt);
  f.add("08K", "Beta Care Ltd", ProviderType::private_company, 0);
  f.add("08K", "Beta Care Ltd", ProviderType::private_company, std::nullopt);
  const foi::Results r = f.run();
  REQUIRE(r.by_provider.size() == 2);
  for (const auto& p : r.by_provider) {
    INFO(p.name);
    CHECK(p.value == 0);
    CHECK(p.value_contracts == (p.name.find("lpha") != std::string::npos ? 0 : 1));
  }
}

TEST_CASE("response rate with a manifest and without one", "[analysis]") {
  Fixture f;
  f.add("08K", "A Ltd", ProviderType::private_company, 1);
  auto r = f.run();
  CHECK(fig(r, "requests") == 211);
  CHECK(fig(r, "responses") == 1);
  foi::Manifest m;
  using S = foi::ResponseStatus;
  const char* codes[] = {"08K", "07L", "00C", "00D", "00F", "00G", "00H", "00J"};
  int i = 0;
  for (auto s : {S::responded, S::partial, S::nil_return, S::refused, S::not_held, S::no_response, S::responded,
                 S::responded})
    m.entries.push_back({codes[i++], "", s, "", "", "", 0, "", true, true});
  r = f.run(&m);
  CHECK(fig(r, "requests") == 8);
  CHECK(fig(r, "responses") == 5);
  CHECK(fig(r, "response_rate") == 5.0 / 8);
  // A CCG on two rows is asked once, and responded if either row says so; a
  // row naming no CCG of the reference is no request; one whose status was
  // not read is a request without a response.
  m.entries.push_back({"00F", "", S::responded, "b.csv", "", "", 0, "", true, true});
  m.entries.push_back({"08K", "", S::responded, "c.csv", "", "", 0, "", true, true});
  m.entries.push_back({"ZZZ", "", S::responded, "", "", "", 0, "", false, true});
  m.entries.push_back({"00K", "", S::no_response, "", "", "", 0, "", true, false});
  r = f.run(&m);
  CHECK(fig(r, "requests") == 9);
  CHECK(fig(r, "responses") == 6);
}

TEST_CASE("by financial year: per-year cells where given, else value spread over active days", "[analysis]") {
  Fixture f;
  // One year exactly: 2014/15 only.
  auto& a = f.add("08K", "A Ltd", ProviderType::private_company, 365);
  a.start = {foi::DateStatus::ok, foi::to_day({2014, 4, 1})};
  a.end = {foi::DateStatus::ok, foi::to_day({2015, 3, 31})};
  // Two years, 730 days from 1 Apr 2013 to 31 Mar 2015: half the value in each.
  auto& b = f.add("08K", "B Ltd", ProviderType::private_company, 730);
  b.start = {foi::DateStatus::ok, foi::to_day({2013, 4, 1})};
  b.end = {foi::DateStatus::ok, foi::to_day({2015, 3, 31})};
  // Per-year cells win over spreading.
  auto& c = f.add("08K", "C Ltd", ProviderType::voluntary, 30);
  c.years = {{2013, {.status = foi::ValueStatus::ok, .pounds = 10}, "10"},
             {2015, {.status = foi::ValueStatus::ok, .pounds = 20}, "20"}};
  f.add("08K", "D Ltd", ProviderType::voluntary, 7);  // undated
  auto r = f.run();
  auto row = [&](int year, ProviderType t) -> const foi::YearRow* {
    for (const auto& y : r.by_year)
      if (y.year == year && y.type == t) return &y;
    return nullptr;
  };
  using T = ProviderType;
  REQUIRE(row(2013, T::private_company));
  CHECK(row(2013, T::private_company)->contracts == 1);
  CHECK(row(2013, T::private_company)->value == Approx(365));
  CHECK(row(2014, T::private_company)->contracts == 2);
  CHECK(row(2014, T::private_company)->value == Approx(365 + 365));
  CHECK_FALSE(row(2015, T::private_company));
  CHECK(row(2013, T::voluntary)->value == 10);
  CHECK(row(2015, T::voluntary)->value == 20);
  CHECK_FALSE(row(2014, T::voluntary));
  CHECK(row(0, T::voluntary)->value == 7);
}

TEST_CASE("by financial year: a dated contract is active in every year its dates span, whatever its per-year cells, and "
          "valued in those with a value",
          "[analysis]") {
  Fixture f;
  // 2013/14 to 2015/16, its 2014/15 cell withheld: active in all three, valued in two.
  auto& a = f.add("08K", "A Ltd", ProviderType::private_company, 200);
  a.start = {foi::DateStatus::ok, foi::to_day({2013, 4, 1})};
  a.end = {foi::DateStatus::ok, foi::to_day({2016, 3, 31})};
  a.years = {{2013, {.status = foi::ValueStatus::ok, .pounds = 100}, "100"},
             {2014, {.status = foi::ValueStatus::withheld, .pounds = 0}, "s.43"},
             {2015, {.status = foi::ValueStatus::ok, .pounds = 100}, "100"}};
  // Undated, with a withheld cell: active in the years its cells fill.
  auto& b = f.add("08K", "B Ltd", ProviderType::private_company, 5);
  b.years = {{2014, {.status = foi::ValueStatus::withheld, .pounds = 0}, "s.43"},
             {2015, {.status = foi::ValueStatus::ok, .pounds = 5}, "5"}};
  auto r = f.run();
  auto row = [&](int year) { return year_row(r, year, ProviderType::private_company); };
  REQUIRE(row(2013));
  REQUIRE(row(2014));
  REQUIRE(row(2015));
  CHECK(row(2013)->contracts == 1);
  CHECK(row(2013)->value == 100);
  CHECK(row(2013)->value_contracts == 1);
  CHECK(row(2014)->contracts == 2);
  // Every 2014/15 value withheld: £0 of no known value, not £0 spent.
  CHECK(row(2014)->value == 0);
  CHECK(row(2014)->value_contracts == 0);
  CHECK(row(2015)->contracts == 2);
  CHECK(row(2015)->value == 105);
  CHECK(row(2015)->value_contracts == 2);
  CHECK_FALSE(row(0));
}

TEST_CASE("by financial year: a contract whose end date is before its start is in the study and spread as if they "
          "were the other way round",
          "[analysis]") {
  Fixture f;
  // Starts after the study, ends before its last year: 1 June 2013 to 1 June 2016 read the other way round.
  auto& a = f.add("08K", "A Ltd", ProviderType::private_company, 1097);
  a.start = {foi::DateStatus::ok, foi::to_day({2016, 6, 1})};
  a.end = {foi::DateStatus::ok, foi::to_day({2013, 6, 1})};
  // Wholly before the study either way round.
  auto& b = f.add("08K", "B Ltd", ProviderType::private_company, 5);
  b.start = {foi::DateStatus::ok, foi::to_day({2012, 4, 1})};
  b.end = {foi::DateStatus::ok, foi::to_day({2011, 4, 1})};
  auto r = f.run();
  CHECK(fig(r, "contracts") == 1);
  CHECK(r.quality.outside_study == 1);
  auto row = [&](int year) { return year_row(r, year); };
  // 1,097 days from 1 June 2013: 304 in 2013/14, 365 in 2014/15, 366 in 2015/16.
  REQUIRE(row(2013));
  REQUIRE(row(2014));
  REQUIRE(row(2015));
  CHECK(row(2013)->value == Approx(304));
  CHECK(row(2014)->value == Approx(365));
  CHECK(row(2015)->value == Approx(366));
  CHECK(row(2015)->contracts == 1);
}

TEST_CASE("by financial year: a per-year cell of a year the contract's dates do not reach adds to no year", "[analysis]") {
  Fixture f;
  // Dated 2013/14 only, its one amount under 2014/15: its value (the sum of its years) but no year's.
  auto& a = f.add("08K", "Zulu Surgery", ProviderType::primary_care, 70000);
  a.start = {foi::DateStatus::ok, foi::to_day({2013, 4, 1})};
  a.end = {foi::DateStatus::ok, foi::to_day({2014, 3, 31})};
  a.years = {{2014, {.status = foi::ValueStatus::ok, .pounds = 70000}, "70000"}};
  auto& b = f.add("08K", "Yankee Surgery", ProviderType::primary_care, 10000);
  b.start = {foi::DateStatus::ok, foi::to_day({2014, 4, 1})};
  b.end = {foi::DateStatus::ok, foi::to_day({2015, 3, 31})};
  auto r = f.run();
  CHECK(fig(r, "value.total") == 80000);
  auto row = [&](int year) { return year_row(r, year); };
  REQUIRE(row(2013));
  REQUIRE(row(2014));
  CHECK(row(2013)->contracts == 1);
  CHECK(row(2013)->value == 0);
  CHECK(row(2013)->value_contracts == 0);
  CHECK(row(2014)->contracts == 1);
  CHECK(row(2014)->value == 10000);
  CHECK(row(2014)->value_contracts == 1);
  CHECK_FALSE(row(2015));
}

TEST_CASE("by financial year: what a contract's total holds beyond its per-year amounts is spread over the years no "
          "cell fills, whichever years the study has",
          "[analysis]") {
  // £300,000 over 2013/14 to 2015/16, £100,000 of it under 2013/14 and the
  // other years blank: £200,000 over the 731 days of the other two.
  for (const foi::StudyYears years : {foi::StudyYears{2013, 2015}, foi::StudyYears{2014, 2016}}) {
    INFO(years.first);
    Fixture f;
    f.study.years = years;
    auto& a = f.add("08K", "Romeo Care Ltd", ProviderType::private_company, 300000);
    a.start = {foi::DateStatus::ok, foi::to_day({2013, 4, 1})};
    a.end = {foi::DateStatus::ok, foi::to_day({2016, 3, 31})};
    a.years = {{2013, {.status = foi::ValueStatus::ok, .pounds = 100000}, "100000"},
               {2014, {.status = foi::ValueStatus::not_held}, ""},
               {2015, {.status = foi::ValueStatus::not_held}, ""}};
    auto r = f.run();
    auto row = [&](int year) { return year_row(r, year); };
    if (years.first == 2013) {
      REQUIRE(row(2013));
      CHECK(row(2013)->value == 100000);
      CHECK(row(2013)->value_contracts == 1);
    }
    REQUIRE(row(2014));
    REQUIRE(row(2015));
    CHECK(row(2014)->value == Approx(200000.0 * 365 / 731).margin(0.001));
    CHECK(row(2015)->value == Approx(200000.0 * 366 / 731).margin(0.001));
    CHECK(row(2014)->value_contracts == 1);
    CHECK_FALSE(row(2016));
  }
}

TEST_CASE("by financial year: a per-year cell saying nothing of its amount fills no year, and one of a year before the "
          "study leaves the rest of the total to the study's years",
          "[analysis]") {
  Fixture f;
  // TBC, "Included in total" and unreadable cells: the total spread as if blank.
  auto& tbc = f.add("08K", "Sierra Care Ltd", ProviderType::private_company, 300000);
  tbc.start = {foi::DateStatus::ok, foi::to_day({2013, 4, 1})};
  tbc.end = {foi::DateStatus::ok, foi::to_day({2016, 3, 31})};
  tbc.years = {{2013, {.status = foi::ValueStatus::tbc}, "TBC"},
               {2014, {.status = foi::ValueStatus::included_elsewhere}, "Included in total"},
               {2015, {.status = foi::ValueStatus::unparseable}, "see note"}};
  // £400,000 from 2012 to 2016, £100,000 of it under 2012/13: £300,000 over the study's three years.
  auto& before = f.add("07L", "Uniform Care Ltd", ProviderType::private_company, 400000);
  before.start = {foi::DateStatus::ok, foi::to_day({2012, 4, 1})};
  before.end = {foi::DateStatus::ok, foi::to_day({2016, 3, 31})};
  before.years = {{2012, {.status = foi::ValueStatus::ok, .pounds = 100000}, "100000"}};
  auto r = f.run();
  double total = 0;
  for (const auto& y : r.by_year) total += y.value;
  CHECK(total == Approx(600000).margin(0.01));
  for (const auto& y : r.by_year) CHECK(y.value_contracts == 2);
}

TEST_CASE("by financial year: a contract whose every per-year cell is withheld has no value in any year, its total "
          "not spread",
          "[analysis]") {
  Fixture f;
  auto& a = f.add("08K", "Tango Care Ltd", ProviderType::private_company, 300000);
  a.start = {foi::DateStatus::ok, foi::to_day({2013, 4, 1})};
  a.end = {foi::DateStatus::ok, foi::to_day({2016, 3, 31})};
  for (int year : {2013, 2014, 2015}) a.years.push_back({year, {.status = foi::ValueStatus::withheld}, "s.43"});
  // Its cells blank ("not held"): no cell filled, the total spread over its days.
  auto& b = f.add("08K", "Sierra Care Ltd", ProviderType::private_company, 1096);
  b.start = a.start;
  b.end = a.end;
  for (int year : {2013, 2014, 2015}) b.years.push_back({year, {.status = foi::ValueStatus::not_held}, ""});
  auto r = f.run();
  CHECK(fig(r, "value.total") == 301096);
  for (int year : {2013, 2014, 2015}) {
    INFO(year);
    const foi::YearRow* row = nullptr;
    for (const auto& y : r.by_year)
      if (y.year == year) row = &y;
    REQUIRE(row);
    CHECK(row->contracts == 2);
    CHECK(row->value_contracts == 1);
    CHECK(row->value == (year == 2015 ? 366 : 365));
  }
}

TEST_CASE("contracts outside the study years are left out and counted", "[analysis]") {
  Fixture f;
  auto& a = f.add("08K", "A Ltd", ProviderType::private_company, 5);
  a.start = {foi::DateStatus::ok, foi::to_day({2010, 4, 1})};
  a.end = {foi::DateStatus::ok, foi::to_day({2011, 3, 31})};
  f.add("08K", "B Ltd", ProviderType::private_company, 5);
  auto r = f.run();
  CHECK(fig(r, "contracts") == 1);
  CHECK(r.quality.outside_study == 1);
  CHECK(r.quality.contracts_read == 2);
}

TEST_CASE("a contract with a start and a stated length but no end date ends at start + length, in and out of the study",
          "[analysis]") {
  Fixture f;
  auto& before = f.add("08K", "A Ltd", ProviderType::private_company, 5);  // 2010 for three years: over before 2013/14
  before.start = {foi::DateStatus::ok, foi::to_day({2010, 4, 1})};
  before.length = {foi::LengthStatus::ok, 36};
  before.end_by_length = {foi::DateStatus::ok, foi::last_day_of_term(before.start.day, 36)};
  auto& two = f.add("08K", "B Ltd", ProviderType::private_company, 120);  // 2013/14 and 2014/15, not 2015/16
  two.start = {foi::DateStatus::ok, foi::to_day({2013, 4, 1})};
  two.length = {foi::LengthStatus::ok, 24};
  two.end_by_length = {foi::DateStatus::ok, foi::last_day_of_term(two.start.day, 24)};
  auto r = f.run();
  CHECK(fig(r, "contracts") == 1);
  CHECK(r.quality.outside_study == 1);
  auto row = [&](int year) { return year_row(r, year); };
  REQUIRE(row(2013));
  REQUIRE(row(2014));
  CHECK(row(2013)->value == Approx(60).epsilon(0.01));
  CHECK(row(2014)->value == Approx(60).epsilon(0.01));
  CHECK_FALSE(row(2015));
}

TEST_CASE("expectations are compared within tolerance and unknown names fail", "[analysis]") {
  Fixture f;
  f.add("08K", "A Ltd", ProviderType::private_company, 5);
  f.study.expect = {{"contracts", 1, 0, "", 1}, {"type.private.contract_share", 0.9, 0.05, "", 2},
                    {"no.such.figure", 1, 1, "", 3}};
  auto r = f.run();
  REQUIRE(r.comparison.size() == 3);
  CHECK(r.comparison[0].within);
  CHECK_FALSE(r.comparison[1].within);
  CHECK_FALSE(r.comparison[2].computed);
  CHECK_FALSE(r.reproduced());
}

TEST_CASE("medians and Gini of types, groupings and all values come from one sorted walk", "[analysis]") {
  Fixture f;
  f.study.groupings = {{"nhs", "NHS", {ProviderType::nhs_foundation_trust, ProviderType::nhs_trust}},
                       {"independent", "Independent", {ProviderType::private_company, ProviderType::voluntary}}};
  std::vector<double> nhs, independent, all;
  std::uint64_t x = 7;
  for (int i = 0; i < 3000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    double v = static_cast<double>(x % 1000000) / 100;  // pence, many equal values
    ProviderType t = i % 4 == 0 ? ProviderType::nhs_foundation_trust
                     : i % 4 == 1 ? ProviderType::nhs_trust
                     : i % 4 == 2 ? ProviderType::private_company
                                  : ProviderType::voluntary;
    f.add("08K", "Provider " + std::to_string(i % 40), t, i == 5 ? 0.0 : v).length = {foi::LengthStatus::ok, static_cast<double>(12 + i % 25)};
    (i % 4 < 2 ? nhs : independent).push_back(i == 5 ? 0.0 : v);
    all.push_back(i == 5 ? 0.0 : v);
  }
  auto r = f.run();
  REQUIRE(r.by_group.size() == 2);
  CHECK(*r.by_group[0].median_value == Approx(*foi::median(nhs)).epsilon(1e-12));
  CHECK(*r.by_group[0].gini == Approx(*foi::gini(nhs)).epsilon(1e-12));
  CHECK(*r.by_group[1].median_value == Approx(*foi::median(independent)).epsilon(1e-12));
  CHECK(fig(r, "gini.value") == Approx(*foi::gini(all)).epsilon(1e-12));
  std::vector<double> lengths;
  for (int i = 0; i < 3000; ++i)
    if (i % 4 >= 2) lengths.push_back(12 + i % 25);
  CHECK(*r.by_group[1].median_length == Approx(*foi::median(lengths)));
}

TEST_CASE("median lengths count whole tenths of a month and any other length alike", "[analysis]") {
  // Lengths from dates are tenths of a month (counted by tenths); a length
  // in weeks, a negative one or one past a hundred years is counted by its value.
  Fixture f;
  f.study.groupings = {{"independent", "Independent", {ProviderType::private_company}}};
  std::vector<double> lengths;
  const double odd[] = {12.0 / 52.0 * 3, 1500.0, 0.05, 36.000000000001, -1.0};
  for (int i = 0; i < 400; ++i) {
    const double months = i % 4 == 0 ? odd[(i / 4) % 5] : static_cast<double>(i % 97) / 10 + 6;
    f.add("08K", "Provider " + std::to_string(i % 9), ProviderType::private_company, 1000.0).length = {
        foi::LengthStatus::ok, months};
    lengths.push_back(months);
  }
  auto r = f.run();
  REQUIRE(r.by_group.size() == 1);
  CHECK(*r.by_group[0].median_length == *foi::median(lengths));
  // The middle moved onto lengths counted by their value, which must keep it whole.
  for (double months : {12.0 / 52.0 * 3, 1500.0}) {
    for (int i = 0; i < 1000; ++i) {
      f.add("08K", "Provider 1", ProviderType::private_company, 1000.0).length = {foi::LengthStatus::ok, months};
      lengths.push_back(months);
    }
    r = f.run();
    CHECK(*r.by_group[0].median_length == *foi::median(lengths));
  }
}

TEST_CASE("a national number of values, walked as two halves, gives the medians and Gini of one walk", "[analysis]") {
  Fixture f;
  f.study.groupings = {{"nhs", "NHS", {ProviderType::nhs_foundation_trust, ProviderType::nhs_trust}}};
  std::vector<double> trust, nhs, all;
  std::uint64_t x = 11;
  for (int i = 0; i < 300000; ++i) {  // past the 2^18 values from which the walk is split
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    double v = static_cast<double>(x % 100000000) / 100;
    // Trusts' values are mostly in the second half of the sorted values, so its ranks there start late.
    ProviderType t = i % 3 == 0 ? ProviderType::nhs_trust : i % 3 == 1 ? ProviderType::nhs_foundation_trust
                                                                         : ProviderType::private_company;
    if (t == ProviderType::nhs_trust) v += 500000;
    f.add("08K", "Provider " + std::to_string(i % 50), t, v);
    if (t == ProviderType::nhs_trust) trust.push_back(v);
    if (t != ProviderType::private_company) nhs.push_back(v);
    all.push_back(v);
  }
  // Gini by its formula over values sorted here: 2 sum(i x_i) / (n sum x) - (n + 1) / n.
  auto gini = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    double n = static_cast<double>(v.size()), sum = 0, weighted = 0;
    for (std::size_t i = 0; i < v.size(); ++i) sum += v[i], weighted += static_cast<double>(i + 1) * v[i];
    return 2 * weighted / (n * sum) - (n + 1) / n;
  };
  auto r = f.run();
  const auto& row = *std::find_if(r.by_type.begin(), r.by_type.end(), [](auto& t) { return t.name == "nhs_trust"; });
  CHECK(*row.median_value == Approx(*foi::median(trust)).epsilon(1e-12));
  CHECK(*row.gini == Approx(gini(trust)).epsilon(1e-9));
  CHECK(*r.by_group[0].median_value == Approx(*foi::median(nhs)).epsilon(1e-12));
  CHECK(*r.by_group[0].gini == Approx(gini(nhs)).epsilon(1e-9));
  CHECK(fig(r, "gini.value") == Approx(gini(all)).epsilon(1e-9));
  CHECK(*foi::gini(all) == Approx(gini(all)).epsilon(1e-9));
}

TEST_CASE("a national number of values, half merged in from another analysis, gives the medians and Gini of one",
          "[analysis]") {
  // As for a file read as two halves: the second half's values are taken in whole, then sorted on both cores.
  WholeAndParts w;
  std::uint64_t x = 7;
  for (int i = 0; i < 300000; ++i) {  // past the 2^18 values from which the sort is split
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    Contract c;
    c.ccg_code = i % 2 ? "08K" : "07L";
    c.provider_raw = "Provider " + std::to_string(i % 40) + (i % 3 ? " Ltd" : " NHS Trust");
    c.value = static_cast<double>(x % 100000000) / 100;
    c.value_status = foi::ValueStatus::ok;
    w.take(c, i < 140000);
  }
  const auto [a, b] = w.finish();
  REQUIRE(a.by_type.size() == b.by_type.size());
  for (std::size_t i = 0; i < a.by_type.size(); ++i) {
    CHECK(b.by_type[i].median_value == a.by_type[i].median_value);
    CHECK(b.by_type[i].gini.value_or(-1) == Approx(a.by_type[i].gini.value_or(-1)).epsilon(1e-12));
  }
  CHECK(fig(b, "gini.value") == Approx(fig(a, "gini.value")).epsilon(1e-12));
  CHECK(fig(b, "value.total") == Approx(fig(a, "value.total")).epsilon(1e-12));
}

TEST_CASE("values merged in from another analysis in runs of unequal length, with many equal, sort as one list",
          "[analysis]") {
  // Each analysis' values are sorted on a core of their own and the two runs
  // merged on both cores, each core from where the merge reaches it.
  foi::Study study;
  const foi::ReferenceData ref = foi::builtin_reference();
  foi::ProviderResolver first_resolver(ref), second_resolver(ref);
  foi::Analysis first(study), second(study);
  std::vector<double> all;
  std::uint64_t x = 3;
  for (int i = 0; i < 300000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    Contract c;
    c.ccg_code = "08K";
    c.provider_raw = "Provider " + std::to_string(i % 40) + " Ltd";
    // Half the values from a hundred, so that equal values fall on both sides of any split.
    c.value = i % 2 ? static_cast<double>(x % 100) * 1000 : static_cast<double>(x % 100000000) / 100;
    c.value_status = foi::ValueStatus::ok;
    add(i < 100000 ? first_resolver : second_resolver, i < 100000 ? first : second, c);
    all.push_back(*c.value);
  }
  first.merge(second, first_resolver.absorb(second_resolver));
  foi::Results r = first.finish({}, nullptr, 211, first_resolver);
  std::sort(all.begin(), all.end());
  double n = static_cast<double>(all.size()), sum = 0, weighted = 0;
  for (std::size_t i = 0; i < all.size(); ++i) sum += all[i], weighted += static_cast<double>(i + 1) * all[i];
  CHECK(fig(r, "gini.value") == Approx(2 * weighted / (n * sum) - (n + 1) / n).epsilon(1e-12));
  const auto& row = *std::find_if(r.by_type.begin(), r.by_type.end(), [](auto& t) { return t.name == "private"; });
  CHECK(row.value_contracts == 300000);
  CHECK(*row.median_value == *foi::median(all));
}

TEST_CASE("a CCG named by its reference entry and by its code alone is one CCG", "[analysis]") {
  static const foi::ReferenceData ref = foi::builtin_reference();
  Fixture f;
  const foi::CcgRef& lambeth = *std::find_if(ref.ccgs.begin(), ref.ccgs.end(), [](auto& c) { return c.code == "08K"; });
  f.add("08K", "A Ltd", ProviderType::private_company, 5).ccg = &lambeth;
  f.add("08K", "B Ltd", ProviderType::private_company, 7);
  f.add("07L", "A Ltd", ProviderType::private_company, 9);
  f.add("08K", "C Ltd", ProviderType::voluntary, 11).ccg = &lambeth;
  // Found by its place in the reference's list, as contracts read from a return are.
  Contract& placed = f.add("08K", "D Ltd", ProviderType::voluntary, 13);
  placed.ccg = &lambeth;
  placed.ccg_place = static_cast<std::int32_t>(&lambeth - ref.ccgs.data());
  auto r = f.run();
  REQUIRE(r.by_ccg.size() == 2);
  const auto& row = *std::find_if(r.by_ccg.begin(), r.by_ccg.end(), [](auto& c) { return c.code == "08K"; });
  CHECK(row.contracts == 4);
  CHECK(row.providers == 4);
}

TEST_CASE("adding contracts a batch at a time gives the figures of adding them one by one", "[analysis]") {
  Fixture f;
  for (int i = 0; i < 500; ++i) {
    Contract& c = f.add(i % 3 ? "08K" : "07L", "Provider " + std::to_string(i % 23), static_cast<ProviderType>(i % 6),
                        i % 7 ? std::optional<double>(100.0 * (i % 41) + 0.5) : std::nullopt,
                        static_cast<foi::Quality>(i % 3));
    if (i % 10 == 0) {  // outside the study years: counted, not added, and its CCG not one of the analysis'
      c.ccg_code = "99Z";
      c.start = {foi::DateStatus::ok, foi::to_day({2005, 1, 1})};
      c.end = {foi::DateStatus::ok, foi::to_day({2006, 1, 1})};
    }
  }
  foi::Results one = f.run();
  foi::Analysis batched(f.study);
  std::vector<Contract> contracts;
  std::vector<const ProviderDecision*> decisions;
  for (auto& [c, d] : f.rows) contracts.push_back(c), decisions.push_back(d);
  // Batches of several sizes, the last one short.
  for (std::size_t at = 0, size = 1; at < contracts.size(); at += size, size = size * 2 + 1) {
    std::size_t n = std::min(size, contracts.size() - at);
    batched.add(std::span<const Contract>(contracts).subspan(at, n), std::span<const ProviderDecision* const>(decisions).subspan(at, n));
  }
  foi::Results two = batched.finish({}, nullptr, 211, f.resolver);
  REQUIRE(one.figures.size() == two.figures.size());
  for (std::size_t i = 0; i < one.figures.size(); ++i) {
    CHECK(two.figures[i].first == one.figures[i].first);
    CHECK(two.figures[i].second == one.figures[i].second);
  }
  CHECK(two.quality.outside_study == 50);
  CHECK(two.quality.contracts_read == 500);
  REQUIRE(two.by_ccg.size() == one.by_ccg.size());
  CHECK(two.by_ccg.size() == 2);
}

TEST_CASE("merge: analyses of parts of the contracts, merged, give the figures of one analysis of all",
          "[analysis]") {
  foi::Study study;
  const foi::ReferenceData ref = foi::builtin_reference();
  foi::ProviderResolver all_resolver(ref), first_resolver(ref), second_resolver(ref), third_resolver(ref);
  foi::Analysis all(study), first(study), second(study), third(study);
  const char* ccgs[] = {"08K", "07L", "00C", "08A", "99A"};
  const char* named[] = {"South London and Maudsley NHS Foundation Trust", "Mind in Croydon", "Priory Hospital Roehampton"};
  for (int i = 0; i < 3000; ++i) {
    Contract c;
    c.ccg_code = ccgs[i % 5];
    c.ccg_name = std::string("NHS ") + c.ccg_code + " CCG";
    c.provider_raw = i % 7 == 0 ? named[i % 3] : "Provider " + std::to_string(i % 211) + " Ltd";
    c.provider_type_raw = i % 2 ? "Private" : "";
    if (i % 11) c.value = 1000.0 + (i * 7919) % 100000 + 0.25 * (i % 4);
    c.value_status = c.value ? foi::ValueStatus::ok : foi::ValueStatus::withheld;
    c.quality = static_cast<foi::Quality>(i % 3);
    if (i % 5 == 0) c.length = {foi::LengthStatus::ok, static_cast<double>(12 + i % 36)};
    add(all_resolver, all, c);
    // The parts see the providers in different orders, so their clusters are numbered differently.
    if ((i / 100) % 3 == 1) add(second_resolver, second, c);
    else if ((i / 100) % 3 == 2) add(third_resolver, third, c);
    else add(first_resolver, first, c);
  }
  // A part that took in another passes on what it took (two large files, each read as two halves).
  second.merge(third, second_resolver.absorb(third_resolver));
  first.merge(second, first_resolver.absorb(second_resolver));
  foi::Results a = all.finish({}, nullptr, 211, all_resolver);
  foi::Results b = first.finish({}, nullptr, 211, first_resolver);
  // The same to the last bit: sums of money are exact, whatever order the parts add them up in.
  REQUIRE(a.figures.size() == b.figures.size());
  for (std::size_t i = 0; i < a.figures.size(); ++i) {
    INFO(a.figures[i].first);
    CHECK(b.figures[i].first == a.figures[i].first);
    CHECK(b.figures[i].second == a.figures[i].second);
  }
  CHECK(a.figure("contracts") == 3000);
  // Every fifth contract of the first named provider is in one of the five CCGs, in all three parts.
  for (const foi::Results* r : {&a, &b}) {
    auto slam = std::find_if(r->by_provider.begin(), r->by_provider.end(),
                             [&](const auto& p) { return p.name == named[0]; });
    REQUIRE(slam != r->by_provider.end());
    CHECK(slam->ccgs == 5);
  }
  REQUIRE(b.by_provider.size() == a.by_provider.size());
  for (std::size_t i = 0; i < a.by_provider.size(); ++i) {
    CHECK(b.by_provider[i].name == a.by_provider[i].name);
    CHECK(b.by_provider[i].contracts == a.by_provider[i].contracts);
    CHECK(b.by_provider[i].ccgs == a.by_provider[i].ccgs);
    CHECK(b.by_provider[i].type == a.by_provider[i].type);
    CHECK(b.by_provider[i].value_contracts == a.by_provider[i].value_contracts);
  }
  REQUIRE(b.by_ccg.size() == a.by_ccg.size());
  for (std::size_t i = 0; i < a.by_ccg.size(); ++i) {
    CHECK(b.by_ccg[i].providers == a.by_ccg[i].providers);
    CHECK(b.by_ccg[i].value == a.by_ccg[i].value);
    CHECK(b.by_ccg[i].hhi_value == a.by_ccg[i].hhi_value);
  }
  for (std::size_t i = 0; i < a.by_type.size(); ++i) {
    CHECK(b.by_type[i].median_value == a.by_type[i].median_value);
    CHECK(b.by_type[i].median_length == a.by_type[i].median_length);
  }
}

TEST_CASE("a CCG-by-provider table too large to keep whole (thousands of suppliers) gives every HHI and CCG count",
          "[analysis]") {
  // 211 CCGs and 3,000 suppliers: more than the sums' array holds before they go to a map.
  WholeAndParts w;
  std::map<std::string, std::map<std::string, double>> value;  // CCG -> supplier -> value
  std::map<std::string, std::set<std::string>> ccgs_of;       // supplier -> CCGs
  for (int i = 0; i < 12000; ++i) {
    Contract c;
    c.ccg_code = fmt::format("Q{:03}", (i * 7) % 211);
    c.ccg_name = "NHS " + c.ccg_code + " CCG";
    c.provider_raw = fmt::format("Supplier {} Ltd", (i * 13) % 3000);
    c.value = 1000.0 + (i * 7919) % 50000;
    c.value_status = foi::ValueStatus::ok;
    value[c.ccg_code][c.provider_raw] += *c.value;
    ccgs_of[c.provider_raw].insert(c.ccg_code);
    w.take(c, i < 6000);
  }
  const auto [whole, parts] = w.finish();
  REQUIRE(ccgs_of.size() == 3000);
  for (const foi::Results* run : {&whole, &parts}) check_by_ccg_and_provider(*run, value, ccgs_of);
}

TEST_CASE("sums by CCG and provider merged between parts kept whole and parts too large for that, with contracts "
          "added and taken back after, give every HHI and CCG count",
          "[analysis]") {
  const foi::ReferenceData ref = foi::builtin_reference();
  foi::Study study;
  foi::ProviderResolver whole_resolver{ref}, first_resolver{ref}, second_resolver{ref}, third_resolver{ref},
      fourth_resolver{ref}, fifth_resolver{ref};
  foi::Analysis whole{study}, first{study}, second{study}, third{study}, fourth{study}, fifth{study};
  std::map<std::string, std::map<std::string, double>> value;  // CCG -> supplier -> value
  std::map<std::string, std::set<std::string>> ccgs_of;       // supplier -> CCGs
  int serial = 0;
  auto contract = [&](int suppliers) {
    const int i = serial++;
    Contract c;
    c.ccg_code = fmt::format("Q{:03}", (i * 7) % 211);
    c.ccg_name = "NHS " + c.ccg_code + " CCG";
    c.provider_raw = fmt::format("Supplier {} Ltd", (i * 13) % suppliers);
    c.value = 1000.0 + (i * 7919) % 50000 + 0.25 * (i % 4);
    c.value_status = foi::ValueStatus::ok;
    return c;
  };
  auto count = [&](const Contract& c) {
    value[c.ccg_code][c.provider_raw] += *c.value;
    ccgs_of[c.provider_raw].insert(c.ccg_code);
    add(whole_resolver, whole, c);
  };
  // n contracts naming `suppliers` suppliers, into one part and into the whole.
  auto part = [&](int n, int suppliers, foi::ProviderResolver& resolver, foi::Analysis& analysis) {
    for (int i = 0; i < n; ++i) {
      const Contract c = contract(suppliers);
      count(c);
      add(resolver, analysis, c);
    }
  };
  // The first part names 40 suppliers (its sums kept whole), the second and
  // third thousands (too many to keep whole): both ways of merging, into a
  // part kept whole and into one that is not.
  part(1500, 40, first_resolver, first);
  // More pairs than the map holds before it folds them into the list.
  part(70000, 3000, second_resolver, second);
  part(6000, 2500, third_resolver, third);
  // A part that took in another before it is taken in itself, and a
  // second part taken in by pairs after the first: the sums taken in are
  // kept beside the part's own, and each of these adds to them.
  part(4000, 2700, fourth_resolver, fourth);
  part(5000, 2800, fifth_resolver, fifth);
  third.merge(fourth, third_resolver.absorb(fourth_resolver));
  first.merge(second, first_resolver.absorb(second_resolver));
  first.merge(third, first_resolver.absorb(third_resolver));
  first.merge(fifth, first_resolver.absorb(fifth_resolver));
  // Contracts added after a merge, to pairs already summed and new ones,
  // and copies of some of them added and taken back out.
  std::vector<Contract> copies;
  for (int i = 0; i < 3000; ++i) {
    const Contract c = contract(3500);
    count(c);
    add(first_resolver, first, c);
    if (i % 3 == 0) {
      copies.push_back(c);
      add(first_resolver, first, c);
    }
  }
  take_back(first_resolver, first, copies);

  const foi::Results a = whole.finish({}, nullptr, 211, whole_resolver);
  const foi::Results b = first.finish({}, nullptr, 211, first_resolver);
  for (const foi::Results* run : {&a, &b}) {
    CHECK(run->figure("contracts") == 89500);
    check_by_ccg_and_provider(*run, value, ccgs_of);
  }
}

TEST_CASE("contracts taken back leave every figure as if they had never been added", "[analysis]") {
  // As for a second half whose rows turn out, at the join, to repeat rows
  // of the first: copies of contracts it holds are added, then taken back.
  const foi::ReferenceData ref = foi::builtin_reference();
  foi::Study study;
  foi::ProviderResolver whole_resolver{ref}, resolver{ref};
  foi::Analysis whole{study}, taken{study};
  const char* ccgs[] = {"08K", "07L", "00C", "99Z"};
  const char* names[] = {"Oxleas NHS Foundation Trust", "Mind in Croydon", "Priory Healthcare Ltd", "Zzyzx Wellness",
                         "South London and Maudsley NHS Foundation Trust", "Croydon Council"};
  std::vector<Contract> kept, repeats;
  std::uint64_t x = 3;
  for (int i = 0; i < 3000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    Contract c;
    c.ccg_code = ccgs[i % 4];
    c.provider_raw = std::string(names[(i / 4) % 6]) + (i % 7 == 0 ? " " : "");
    if (i % 9 != 0) c.value = static_cast<double>(x % 10000000) / 100 + 0.01;
    c.value_status = c.value ? foi::ValueStatus::ok : foi::ValueStatus::withheld;
    c.quality = static_cast<foi::Quality>(i % 3);
    if (i % 4 != 3) {
      c.start = {foi::DateStatus::ok, foi::financial_year_start(2011 + i % 5) + i % 200};
      c.end = {foi::DateStatus::ok, c.start.day + 365 + i % 700};
      c.length = {foi::LengthStatus::ok, static_cast<double>(12 + i % 30)};
    }
    if (i % 11 == 0) c.years.push_back({2013, {.status = foi::ValueStatus::ok, .pounds = 1000.0 + i}, "1000"});
    // Cells withheld, of a year after the study, and dates the wrong way round: the rarer ways into the years.
    if (i % 13 == 0) c.years.push_back({2014, {.status = foi::ValueStatus::withheld}, "s.43"});
    if (i % 17 == 0) c.years.push_back({2016, {.status = foi::ValueStatus::ok, .pounds = 500.0 + i}, "500"});
    if (i % 19 == 0 && c.start.status == foi::DateStatus::ok) std::swap(c.start, c.end);
    kept.push_back(c);
    if (i % 5 == 0) repeats.push_back(c);
  }
  for (const Contract& c : kept) add(whole_resolver, whole, c);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    add(resolver, taken, kept[i]);
    if (i % 2 == 0 && i / 2 < repeats.size()) add(resolver, taken, repeats[i / 2]);
  }
  take_back(resolver, taken, repeats);

  const foi::Results a = whole.finish({}, nullptr, 211, whole_resolver);
  const foi::Results b = taken.finish({}, nullptr, 211, resolver);
  REQUIRE(a.figures.size() == b.figures.size());
  for (std::size_t i = 0; i < a.figures.size(); ++i) {
    INFO(a.figures[i].first);
    CHECK(b.figures[i].first == a.figures[i].first);
    CHECK(b.figures[i].second == a.figures[i].second);  // to the last bit: an amount taken back leaves no trace
  }
  REQUIRE(a.by_type.size() == b.by_type.size());
  for (std::size_t i = 0; i < a.by_type.size(); ++i) {
    INFO(a.by_type[i].name);
    CHECK(b.by_type[i].contracts == a.by_type[i].contracts);
    CHECK(b.by_type[i].median_value == a.by_type[i].median_value);
    CHECK(b.by_type[i].median_length == a.by_type[i].median_length);
    CHECK(b.by_type[i].gini.value_or(-1) == Approx(a.by_type[i].gini.value_or(-1)).epsilon(1e-9));
  }
  REQUIRE(a.by_ccg.size() == b.by_ccg.size());
  for (std::size_t i = 0; i < a.by_ccg.size(); ++i) {
    INFO(a.by_ccg[i].code);
    CHECK(b.by_ccg[i].contracts == a.by_ccg[i].contracts);
    CHECK(b.by_ccg[i].providers == a.by_ccg[i].providers);
    CHECK(b.by_ccg[i].hhi_value == a.by_ccg[i].hhi_value);
  }
  REQUIRE(a.by_year.size() == b.by_year.size());
  for (std::size_t i = 0; i < a.by_year.size(); ++i) {
    CHECK(b.by_year[i].contracts == a.by_year[i].contracts);
    CHECK(b.by_year[i].value == a.by_year[i].value);
    CHECK(b.by_year[i].value_contracts == a.by_year[i].value_contracts);
  }
  REQUIRE(a.by_provider.size() == b.by_provider.size());
  for (std::size_t i = 0; i < a.by_provider.size(); ++i) {
    CHECK(b.by_provider[i].name == a.by_provider[i].name);
    CHECK(b.by_provider[i].contracts == a.by_provider[i].contracts);
    CHECK(b.by_provider[i].value_contracts == a.by_provider[i].value_contracts);
  }
  CHECK(b.quality.contracts_read == a.quality.contracts_read);
  CHECK(b.quality.outside_study == a.quality.outside_study);
  CHECK(b.quality.value_status == a.quality.value_status);
}

TEST_CASE("a published figure a penny either side of a total of billions is within a penny's tolerance on both sides",
          "[analysis]") {
  const double total = 3898673062.71;
  CHECK(foi::within_tolerance(total, 3898673062.70, 0.01));
  CHECK(foi::within_tolerance(total, 3898673062.72, 0.01));
  CHECK_FALSE(foi::within_tolerance(total, 3898673062.69, 0.01));
  CHECK_FALSE(foi::within_tolerance(total, 3898673062.73, 0.01));
  CHECK(foi::within_tolerance(total, 3898673062.71, 0));
  CHECK_FALSE(foi::within_tolerance(total, 3898673062.70, 0));
  // Small figures keep their bounds: 0.28125 is within 0.00005 of 0.2812, and not of 0.28119.
  CHECK(foi::within_tolerance(0.28125, 0.2812, 0.00005));
  CHECK(foi::within_tolerance(0.2812, 0.28125, 0.00005));
  CHECK_FALSE(foi::within_tolerance(0.28125, 0.28119, 0.00005));
  CHECK(foi::within_tolerance(3570, 3571, 1));
  CHECK_FALSE(foi::within_tolerance(3570, 3572, 1));
}

TEST_CASE("sums of money are exact to the penny, whatever order the amounts come in", "[analysis]") {
  // As doubles, 0.1 + 0.2 + 0.3 is 0.6000000000000001 and 0.3 + 0.2 + 0.1 is 0.6.
  for (const bool backwards : {false, true}) {
    Fixture f;
    const double pence[] = {0.1, 0.2, 0.3};
    for (int i = 0; i < 3; ++i) f.add("08K", "Mind in Croydon", ProviderType::voluntary, pence[backwards ? 2 - i : i]);
    f.add("08K", "Oxleas NHS Foundation Trust", ProviderType::nhs_foundation_trust, 2747919901.9);
    foi::Results r = f.run();
    CHECK(fig(r, "value.total") == 2747919901.9 + 0.6);
    CHECK(fig(r, "type.voluntary.value") == 0.6);
    CHECK(r.by_ccg.at(0).value == 2747919901.9 + 0.6);
    REQUIRE(r.by_provider.size() == 2);
    CHECK(r.by_provider[1].value == 0.6);
  }
}

TEST_CASE("an amount too large for the exact sums (a code read as pounds) is still added", "[analysis]") {
  Fixture f;
  f.add("08K", "Mind in Croydon", ProviderType::voluntary, 1e300);
  f.add("08K", "Mind in Croydon", ProviderType::voluntary, 5.25);
  foi::Results r = f.run();
  CHECK(fig(r, "value.total") == 1e300);
  CHECK(fig(r, "type.voluntary.value") == 1e300);
  REQUIRE(r.by_ccg.size() == 1);
  CHECK(r.by_ccg[0].providers == 1);
  CHECK(r.by_ccg[0].hhi_value == 10000);
  // Five such providers in one CCG: the sum of their squares is too large
  // to keep exactly, and HHI is worked out from doubles instead.
  Fixture five;
  for (const char* name : {"Mind in Croydon", "Oxleas NHS Foundation Trust", "Croydon Council", "Priory Healthcare Ltd",
                           "Zzyzx Wellness"})
    five.add("08K", name, ProviderType::voluntary, 1e300);
  r = five.run();
  REQUIRE(r.by_ccg.size() == 1);
  CHECK(r.by_ccg[0].providers == 5);
  CHECK(r.by_ccg[0].hhi_value.value_or(-1) == Approx(2000));
  CHECK(r.by_ccg[0].hhi_count.value_or(-1) == Approx(2000));
}
