// `providers`: one row per canonical provider, and a template of overrides
// for the ones the researcher has to decide.
#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "foi/commands.h"
#include "foi/format.h"
#include "report_common.h"

namespace foi {

namespace {

struct ProviderRow {
  std::string name;
  ProviderType type = ProviderType::unknown;
  std::string basis;
  double confidence = 1;
  std::vector<std::string> spellings;
  long contracts = 0;
  std::set<std::string> ccgs;
  std::map<ProviderType, long> types;
  std::map<std::string, long> bases;
};

}  // namespace

int run_providers(const ProvidersOptions& o, std::ostream& out, std::ostream& err) {
  auto p = open_pipeline(o.pipeline);
  std::map<std::size_t, ProviderRow> rows;
  auto results = run_pipeline(*p, [&](const Contract& c, const ProviderDecision& d) {
    ProviderRow& r = rows[d.cluster];
    ++r.contracts;
    r.ccgs.insert(c.ccg_code);
    ++r.types[d.type];
    ++r.bases[d.basis];
    r.confidence = std::min(r.confidence, d.confidence);
  });
  std::vector<ProviderRow> list;
  for (auto& [cluster, r] : rows) {
    r.name = p->resolver->canonical_name(cluster);
    for (const auto& [s, n] : p->resolver->clusters()[cluster].spellings) r.spellings.push_back(s);
    // A provider's type is the one most of its contracts got.
    r.type = std::max_element(r.types.begin(), r.types.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
    r.basis = std::max_element(r.bases.begin(), r.bases.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
    bool unresolved = r.type == ProviderType::unknown || r.confidence < o.low_confidence;
    if (!o.unresolved || unresolved) list.push_back(std::move(r));
  }
  std::sort(list.begin(), list.end(), [](const ProviderRow& a, const ProviderRow& b) {
    return a.contracts != b.contracts ? a.contracts > b.contracts : a.name < b.name;
  });
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
    return s;
  };
  long total_contracts = 0;
  for (const auto& r : list) total_contracts += r.contracts;
  if (o.format == "csv") {
    out << "provider,type,basis,confidence,contracts,ccgs,spellings\n";
    for (const auto& r : list)
      fmt::print(out, "{},{},{},{:.2f},{},{},{}\n", csv_text(r.name), to_string(r.type), csv_text(r.basis),
                 r.confidence, r.contracts, r.ccgs.size(), csv_text(join(r.spellings)));
  } else {
    std::size_t w = 8;
    for (const auto& r : list) w = std::max(w, std::min<std::size_t>(r.name.size(), 60));
    fmt::print(out, "{:<{}}  {:<20}  {:<24}  {:>5}  {:>9}  {:>4}  {}\n", "provider", w, "type", "basis", "conf",
               "contracts", "ccgs", "spellings");
    for (const auto& r : list)
      fmt::print(out, "{:<{}}  {:<20}  {:<24}  {:>5.2f}  {:>9}  {:>4}  {}\n", r.name.substr(0, 60), w,
                 to_string(r.type), r.basis, r.confidence, r.contracts, r.ccgs.size(), r.spellings.size());
    fmt::print(out, "\n{} providers from {} spellings in {} contracts\n", list.size(),
               p->resolver->distinct_names(), total_contracts);
  }
  if (!o.template_path.empty()) {
    std::ofstream t(o.template_path, std::ios::binary);
    if (!t) {
      fmt::print(err, "foi-contracts: cannot write {}\n", o.template_path);
      return 2;
    }
    t << "name,canonical_name,type\n";
    long n = 0;
    for (const auto& r : list) {
      if (r.type != ProviderType::unknown && r.confidence >= o.low_confidence) continue;
      for (const auto& s : r.spellings) {
        fmt::print(t, "{},{},{}\n", csv_text(s), csv_text(r.name), r.type == ProviderType::unknown ? "" : to_string(r.type));
        ++n;
      }
    }
    fmt::print(err, "wrote {} spelling(s) to {}: fill in each type (one of nhs_foundation_trust, nhs_trust, other_nhs, "
                    "local_authority, primary_care, private, not_for_profit, voluntary, other) and pass the file back "
                    "with --overrides\n",
               n, o.template_path);
  }
  return report_findings(results, err, true);
}

}  // namespace foi
