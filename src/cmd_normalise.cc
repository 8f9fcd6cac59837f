// `normalise`: the clean long table, one row per contract.
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

// The fixed columns, in order; per-year value columns follow.
constexpr const char* kColumns[] = {
    "ccg_code",      "ccg_name",       "source_file",  "source_line",   "provider_raw",    "provider",
    "provider_type", "type_basis",     "type_confidence", "provider_ods", "service",       "value",
    "value_status",  "value_text",     "start_date",   "end_date",      "length_months",   "quality_monitoring",
    "quality_text"};

std::string date_text(const DateValue& d) {
  if (d.status == DateStatus::ok) return iso(d.day);
  if (d.status == DateStatus::open) return "open";
  return {};
}

std::string year_column(int y) { return fmt::format("value_{}_{:02}", y, (y + 1) % 100); }

struct Cell {
  std::string text;
  bool number = false;
};

std::vector<Cell> row_of(const Contract& c, const ProviderDecision& d, const std::string& canonical_name,
                         const std::vector<int>& years) {
  std::optional<double> length;
  if (c.length.status == LengthStatus::ok) length = c.length.months;
  std::vector<Cell> row = {
      {c.ccg_code},
      {c.ccg_name},
      {c.source_file},
      {std::to_string(c.source_line), true},
      {c.provider_raw},
      {canonical_name},
      {to_string(d.type)},
      {d.basis},
      {fmt::format("{:.2f}", d.confidence), true},
      {d.ods},
      {c.service},
      {csv_number(c.value), true},
      {to_string(c.value_status)},
      {c.value_text},
      {date_text(c.start)},
      {date_text(c.end)},
      {csv_number(length), true},
      {to_string(c.quality)},
      {c.quality_text},
  };
  for (int y : years) {
    std::optional<double> v;
    for (const auto& yv : c.years)
      if (yv.year == y && yv.value.known()) v = yv.value.pounds;
    row.push_back({csv_number(v), true});
  }
  return row;
}

}  // namespace

int run_normalise(const NormaliseOptions& o, std::ostream& out, std::ostream& err) {
  if (o.format != "csv" && o.format != "jsonl") {
    fmt::print(err, "foi-contracts: --format must be csv or jsonl\n");
    return 2;
  }
  auto p = open_pipeline(o.pipeline);
  if (p->inputs.files.empty()) {
    fmt::print(err, "foi-contracts: no CSV files found in the inputs\n");
    return 2;
  }
  // Pass 1: every provider spelling and financial year, so that canonical
  // names (the most frequent spelling) and the per-year columns are known
  // before the first row is written. Memory grows with providers, not rows.
  std::set<int> year_set;
  auto results = run_pipeline(*p, [&](const Contract& c, const ProviderDecision&) {
    for (const auto& y : c.years) year_set.insert(y.year);
  });
  std::vector<int> years(year_set.begin(), year_set.end());

  std::ofstream file;
  std::ostream* sink = &out;
  if (!o.output.empty() && o.output != "-") {
    file.open(o.output, std::ios::binary);
    if (!file) {
      fmt::print(err, "foi-contracts: cannot write {}\n", o.output);
      return 2;
    }
    sink = &file;
  }
  std::vector<std::string> names(std::begin(kColumns), std::end(kColumns));
  for (int y : years) names.push_back(year_column(y));
  if (o.format == "csv") {
    std::string header;
    for (std::size_t i = 0; i < names.size(); ++i) header += (i ? "," : "") + names[i];
    *sink << header << '\n';
  }
  // Pass 2: write. The resolver's cache makes this pass's lookups free.
  ProviderResolver& resolver = *p->resolver;
  // Canonical names are settled after pass 1: each is worked out once.
  std::vector<std::optional<std::string>> canonical;
  auto canonical_name = [&](std::size_t cluster) -> const std::string& {
    if (cluster >= canonical.size()) canonical.resize(cluster + 1);
    if (!canonical[cluster]) canonical[cluster] = resolver.canonical_name(cluster);
    return *canonical[cluster];
  };
  std::string line;
  for (const auto& f : p->inputs.files) {
    read_return(f, p->context, [&](Contract& c) {
      const ProviderDecision& d = resolver.resolve(c.provider_raw, c.provider_type_raw, c.provider_code_raw);
      auto row = row_of(c, d, canonical_name(d.cluster), years);
      line.clear();
      if (o.format == "csv") {
        for (std::size_t i = 0; i < row.size(); ++i) {
          if (i) line += ',';
          line += row[i].number ? row[i].text : csv_text(row[i].text);
        }
      } else {
        line += '{';
        for (std::size_t i = 0; i < row.size(); ++i) {
          if (i) line += ',';
          line += json_string(names[i]) + ':';
          if (!row[i].number) line += json_string(row[i].text);
          else line += row[i].text.empty() ? "null" : row[i].text;
        }
        line += '}';
      }
      line += '\n';
      *sink << line;
    });
  }
  sink->flush();
  return report_findings(results, err, true);
}

}  // namespace foi
