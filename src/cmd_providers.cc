// `providers`: one row per canonical provider, and a template of overrides
// for the ones the researcher has to decide.
#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <span>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "foi/commands.h"
#include "foi/output_file.h"
#include "foi/format.h"
#include "cmd_common.h"
#include "exact_sum.h"
#include "text.h"

namespace foi {

namespace {

struct ProviderRow {
  std::string name;
  ProviderVerdict verdict;
  std::vector<std::string> spellings;
  std::size_t ccgs = 0;
  double value = 0;      // of the contracts with a known value
  long value_contracts = 0;
};

// What a national file's contracts add up to, kept cheaply a contract at a
// time: contracts by decision (its type, basis and confidence are the
// decision's, added up by provider once at the end) and each provider's
// CCGs as bits, not a map lookup and a set of strings a contract.
struct Tally {
  DecisionCounts by_decision;
  std::unordered_map<std::string, std::size_t> ccg_index;
  std::string last_ccg;
  std::size_t last_index = 0;
  std::vector<std::vector<std::uint64_t>> ccg_bits;  // by cluster, a bit per CCG index
  // By cluster: what a reviewer weighs a decision by. Exact sums, so that a
  // file read in halves gives the value read whole gives.
  std::vector<ExactSum> value;
  std::vector<long> value_contracts;

  void add(const Contract& c, const ProviderDecision& d) {
    by_decision.add(d);
    add_value<1>(c, d.cluster);
    // A return's rows are one CCG's: the last code is asked first.
    if (c.ccg_code != last_ccg || ccg_index.empty()) {
      last_index = ccg_index.emplace(c.ccg_code, ccg_index.size()).first->second;
      last_ccg = c.ccg_code;
    }
    if (d.cluster >= ccg_bits.size()) ccg_bits.resize(d.cluster + 1);
    std::vector<std::uint64_t>& bits = ccg_bits[d.cluster];
    if (last_index / 64 >= bits.size()) bits.resize(last_index / 64 + 1);
    bits[last_index / 64] |= std::uint64_t{1} << (last_index % 64);
  }

  template <int Sign>
  void add_value(const Contract& c, std::size_t cluster) {
    if (!c.value) return;
    if (cluster >= value.size()) value.resize(cluster + 1), value_contracts.resize(cluster + 1);
    value[cluster].add<Sign>(amount_of(*c.value));
    value_contracts[cluster] += Sign;
  }

  // A contract taken back (a second half's row found to repeat one of the first).
  void take_back(const Contract& c, const ProviderDecision& d) {
    --by_decision.by_name.at(d.name_id).second;
    add_value<-1>(c, d.cluster);
  }

  // Takes in what another tally (a second half's, or a second run's, made
  // with another resolver) counted: mine[name_id] is this tally's decision
  // for each of the other's. The CCGs of a provider whose every contract
  // there was taken back are not taken in: each repeated a contract of the
  // same CCG and provider, whose bit is set here already.
  void take_in(const Tally& other, const std::vector<const ProviderDecision*>& mine) {
    const std::vector<std::size_t> cluster_of = by_decision.take_in(other.by_decision, mine, other.ccg_bits.size());
    std::vector<std::size_t> ccg_of(other.ccg_index.size());  // the other's CCG index -> mine
    for (const auto& [code, i] : other.ccg_index) ccg_of[i] = ccg_index.emplace(code, ccg_index.size()).first->second;
    for (std::size_t c = 0; c < other.value.size(); ++c) {
      if (cluster_of[c] == SIZE_MAX) continue;
      if (cluster_of[c] >= value.size()) value.resize(cluster_of[c] + 1), value_contracts.resize(cluster_of[c] + 1);
      value[cluster_of[c]].add(other.value[c]);
      value_contracts[cluster_of[c]] += other.value_contracts[c];
    }
    for (std::size_t c = 0; c < other.ccg_bits.size(); ++c) {
      if (cluster_of[c] == SIZE_MAX) continue;
      if (cluster_of[c] >= ccg_bits.size()) ccg_bits.resize(cluster_of[c] + 1);
      std::vector<std::uint64_t>& bits = ccg_bits[cluster_of[c]];
      for (std::size_t w = 0; w < other.ccg_bits[c].size(); ++w)
        for (std::uint64_t b = other.ccg_bits[c][w]; b; b &= b - 1) {
          const std::size_t k = ccg_of[w * 64 + static_cast<std::size_t>(std::countr_zero(b))];
          if (k / 64 >= bits.size()) bits.resize(k / 64 + 1);
          bits[k / 64] |= std::uint64_t{1} << (k % 64);
        }
    }
  }

  // Providers with a contract, by cluster, in cluster order.
  std::map<std::size_t, ProviderRow> rows(std::size_t clusters) const {
    std::map<std::size_t, ProviderRow> rows;
    std::vector<ProviderVerdict> verdicts = provider_verdicts(by_decision, clusters);
    for (std::size_t cluster = 0; cluster < clusters; ++cluster) {
      if (verdicts[cluster].contracts == 0) continue;
      ProviderRow& r = rows[cluster];
      r.verdict = std::move(verdicts[cluster]);
      if (cluster < ccg_bits.size())
        for (std::uint64_t w : ccg_bits[cluster]) r.ccgs += static_cast<std::size_t>(std::popcount(w));
      if (cluster < value.size()) r.value = value[cluster].pounds(), r.value_contracts = value_contracts[cluster];
    }
    return rows;
  }
};

// What the researcher has to decide: a provider of unknown type, one
// decided with low confidence, or one whose contracts are of several types.
bool needs_deciding(const ProviderVerdict& v, double low_confidence) {
  return v.type == ProviderType::unknown || v.lowest_confidence < low_confidence || !v.types.empty();
}

// A provider none of whose contracts has a known value (all withheld, say)
// has an empty cell, not a £0 that reads as real, as in by_provider.csv.
std::string value_cell(const ProviderRow& r) {
  return csv_number(r.value_contracts ? std::optional<double>(r.value) : std::nullopt, 2);
}

// "voluntary 2; not_for_profit 1", or nothing for a provider of one type.
std::string types_text(const ProviderVerdict& v) {
  std::string s;
  for (const auto& [t, n] : v.types) s += fmt::format("{}{} {}", s.empty() ? "" : "; ", to_string(t), n);
  return s;
}

}  // namespace

int run_providers(const ProvidersOptions& o, std::ostream& out, std::ostream& err) {
  refuse_unknown_format(o.format, {"text", "csv"});
  auto p = open_pipeline(o.pipeline);
  refuse_output_over_inputs(o.template_path, p->inputs, files_read_beside_inputs(*p));
  say_repeated_inputs(p->inputs, err);
  // A large file is read as two halves at once, and many returns as two
  // runs of files, the second into a tally of its own, taken in once read.
  Tally tally;
  std::deque<Tally> others;
  const auto into = [](Tally& t) {
    return each_contract([&t](const Contract& c, const ProviderDecision& d) { t.add(c, d); });
  };
  SecondSink second{[&] { return into(others.emplace_back()); },
                    [&](bool keep, const std::vector<const ProviderDecision*>& mine, long) {
                      if (keep) tally.take_in(others.back(), mine);
                      others.pop_back();
                    },
                    [&](std::span<const Contract> contracts, std::span<const ProviderDecision* const> decisions) {
                      for (std::size_t i = 0; i < decisions.size(); ++i) others.back().take_back(contracts[i], *decisions[i]);
                    }};
  auto results = run_pipeline(*p, into(tally), {}, &second);
  say_unused_overrides(*p, err);
  std::map<std::size_t, ProviderRow> rows = tally.rows(p->resolver->clusters().size());
  long all_contracts = 0;  // counted before the rows listed are moved out
  for (const auto& [cluster, r] : rows) all_contracts += r.verdict.contracts;
  std::vector<ProviderRow> list;
  for (auto& [cluster, r] : rows) {
    r.name = p->resolver->canonical_name(cluster);
    for (const auto& [s, n] : p->resolver->clusters()[cluster].spellings) r.spellings.push_back(s);
    bool unresolved = needs_deciding(r.verdict, o.low_confidence);
    if (!o.unresolved || unresolved) list.push_back(std::move(r));
  }
  std::sort(list.begin(), list.end(), [](const ProviderRow& a, const ProviderRow& b) {
    return a.verdict.contracts != b.verdict.contracts ? a.verdict.contracts > b.verdict.contracts : a.name < b.name;
  });
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
    return s;
  };
  long listed_contracts = 0;
  for (const auto& r : list) listed_contracts += r.verdict.contracts;
  if (o.format == "csv") {
    fmt::print(out, "provider,type,basis,confidence,contracts,ccgs,spellings,types,value,value_contracts\n");
    for (const auto& r : list)
      fmt::print(out, "{},{},{},{:.2f},{},{},{},{},{},{}\n", csv_text(r.name), to_string(r.verdict.type),
                 csv_text(r.verdict.basis), r.verdict.lowest_confidence, r.verdict.contracts, r.ccgs,
                 csv_text(join(r.spellings)), csv_text(types_text(r.verdict)), value_cell(r), r.value_contracts);
  } else {
    // Names are cut at 60 characters (whole ones: a name is UTF-8), with
    // an ellipsis; the CSV and the template have them whole.
    constexpr std::size_t kWidest = 60;
    auto shown = [](const std::string& name) {
      return text::code_points(name) <= kWidest ? name : std::string(text::first_code_points(name, kWidest - 1)) + "…";
    };
    std::size_t w = 8;
    for (const auto& r : list) w = std::max(w, std::min(text::code_points(r.name), kWidest));
    if (!list.empty())
      fmt::print(out, "{:<{}}  {:<20}  {:<24}  {:>5}  {:>9}  {:>4}  {:>14}  {}\n", "provider", w, "type", "basis",
                 "conf", "contracts", "ccgs", "value", "spellings");
    std::size_t split = 0;
    for (const auto& r : list) {
      // A provider of several types is marked: its row gives the most common.
      split += !r.verdict.types.empty();
      fmt::print(out, "{:<{}}  {:<20}  {:<24}  {:>5.2f}  {:>9}  {:>4}  {:>14}  {}\n", shown(r.name), w,
                 std::string(to_string(r.verdict.type)) + (r.verdict.types.empty() ? "" : " *"), r.verdict.basis,
                 r.verdict.lowest_confidence, r.verdict.contracts, r.ccgs,
                 r.value_contracts ? pounds(r.value) : "-", r.spellings.size());
    }
    if (split)
      fmt::print(out, "\n* {} provider{} with contracts of more than one type (their returns' type cells differ); "
                      "the figures by type count each contract as its row says. --format csv lists the types; "
                      "settle each with --overrides (--template writes them)\n",
                 split, split == 1 ? "" : "s");
    // The spellings the table lists: a name once however its type cells
    // and codes vary, as in the table's column.
    std::size_t spellings = 0;
    for (const auto& r : list) spellings += r.spellings.size();
    if (!o.unresolved)
      fmt::print(out, "\n{} providers from {} spellings in {} contracts\n", list.size(), spellings, listed_contracts);
    else if (list.empty())
      fmt::print(out, "no unresolved providers (of {} in {} contracts): every one has one known type with "
                      "confidence of at least {:.2f}\n",
                 rows.size(), all_contracts, o.low_confidence);
    else
      fmt::print(out, "\n{} of {} providers unresolved (unknown type, confidence below {:.2f}, or several types), "
                      "in {} of {} contracts\n",
                 list.size(), rows.size(), o.low_confidence, listed_contracts, all_contracts);
  }
  if (!o.template_path.empty()) {
    std::ofstream t(o.template_path, std::ios::binary);
    if (!t) {
      fmt::print(err, "foi-contracts: cannot write {}: {}\n", o.template_path, std::strerror(errno));
      return 2;
    }
    // The decision's columns are left blank for the researcher: the tool's
    // guess is beside them, so that a template passed back as it is
    // decides nothing (its guesses would otherwise read as decisions).
    // load_overrides reads name, canonical_name and type only.
    fmt::print(t, "name,canonical_name,type,suggested_type,basis,confidence,listed_as,contracts,ccgs,value\n");
    long n = 0;
    for (const auto& r : list) {
      if (!needs_deciding(r.verdict, o.low_confidence)) continue;
      // One row a key: an override is matched by its name's key, so a
      // second spelling that keys alike ("Acme Care Solutions Ltd") would
      // be a row no decision could take.
      std::set<std::string> keys;
      for (const auto& s : r.spellings) {
        if (!keys.insert(name_key(s)).second) continue;
        // A name starting with '#' ("#N/A") would be read back as a comment.
        fmt::print(t, "{},,,{},{},{:.2f},{},{},{},{}\n", s.starts_with('#') ? csv_text("'" + s) : csv_text(s),
                   r.verdict.type == ProviderType::unknown ? "" : to_string(r.verdict.type),
                   csv_text(r.verdict.basis), r.verdict.lowest_confidence, csv_text(r.name), r.verdict.contracts,
                   r.ccgs, value_cell(r));
        ++n;
      }
    }
    if (!output_written(t, o.template_path, err)) return 2;
    fmt::print(err, "wrote {} spelling(s) to {}: for each, fill in the type (one of nhs_foundation_trust, nhs_trust, "
                    "other_nhs, local_authority, primary_care, private, not_for_profit, voluntary, other), or a "
                    "canonical_name alone to join the spelling to another provider, and pass the file back with "
                    "--overrides; suggested_type is the tool's guess, applied only if you copy it into type, and a "
                    "row left blank decides nothing\n",
               n, o.template_path);
  }
  return report_findings(results, err, p->manifest ? &*p->manifest : nullptr, p->inputs.not_returns);
}

}  // namespace foi
