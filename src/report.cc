#include "foi/report.h"

#include <filesystem>

#include <fmt/format.h>

#include "foi/error.h"
#include "foi/format.h"
#include "foi/output_file.h"
#include "text.h"

namespace foi {

namespace {

// A computed figure minus the published one, to four decimals and signed
// (a large one to two: pounds); a difference that rounds to nothing is
// +0.0000, never -0.0000.
std::string difference_text(double d) {
  std::string t = fmt::format("{:+.{}f}", d, std::fabs(d) >= 1e5 ? 2 : 4);
  if (t == "-0.0000") t[0] = '+';
  return t;
}

std::string opt_pounds(const std::optional<double>& v) { return v ? pounds(*v) : "-"; }
std::string opt_num(const std::optional<double>& v, int decimals = 1) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : "-";
}
std::string opt_percent(const std::optional<double>& v) { return v ? percent(*v) : "-"; }
// A figure, none when it could not be computed ("-" in print).
std::optional<double> fig(const Results& r, std::string_view name) { return r.figure(name); }
std::string whole(const std::optional<double>& v) { return v ? thousands(std::llround(*v)) : "-"; }

// The decimals a number is written with in its shortest form (0.28125: 5,
// 0.01: 2, 1e6: 0), up to 10.
int decimals_of(double v) {
  for (int d = 0; d < 10; ++d)
    if (std::strtod(fmt::format("{:.{}f}", v, d).c_str(), nullptr) == v) return d;
  return 10;
}

// "3,898,673,062.71": the digits before the point in groups of three.
std::string grouped(double v, int decimals) {
  std::string digits = fmt::format("{:.{}f}", std::fabs(v), decimals);
  for (auto i = static_cast<std::ptrdiff_t>(std::min(digits.find('.'), digits.size())) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), 1, ',');
  return (v < 0 ? "-" : "") + digits;
}

// A computed figure in the comparison: a large one in grouped digits
// (3,898,673,063, not 3.899e+09), others to four significant ones; either
// with as many decimals as the expectation's tolerance and published value
// have, so that the digits the tolerance is about are seen (±0.01 on
// £3,898,673,062.71 shows the pence; 0.28125 beside a computed 0.28125 is
// not 0.2812).
std::string figure_text(double v, const Expectation& e) {
  const int decimals = std::max(decimals_of(e.tolerance), decimals_of(e.value));
  if (std::fabs(v) >= 1e5) return grouped(v, decimals);
  std::string t = fmt::format("{:.4g}", v);
  const std::size_t point = t.find('.');
  const int shown = point == std::string::npos ? 0 : static_cast<int>(t.size() - point - 1);
  return t.find('e') == std::string::npos && decimals > shown ? fmt::format("{:.{}f}", v, decimals) : t;
}
// A published figure as the study file gives it (0.92888, 7741.5): rounded
// to four digits it could look equal to a computed figure it is not.
std::string published_text(double v) {
  return std::fabs(v) >= 1e5 && std::fabs(v) < 1e15 ? grouped(v, decimals_of(v)) : fmt::format("{}", v);
}

// Figures that are fractions (shares, rates), which a paper prints as
// percentages.
bool is_fraction(std::string_view figure) {
  return figure.find("share") != std::string_view::npos || figure.ends_with("rate");
}

// A fraction's published value written as a percentage (71 for 0.71) that
// would be within its tolerance as a fraction: the comparison says so, and
// still fails, as the study file is wrong.
std::string percentage_hint(const Comparison& c) {
  const Expectation& e = c.expected;
  if (c.within || !c.computed || !is_fraction(e.figure) || !(e.value > 1 && e.value <= 100) ||
      !within_tolerance(*c.computed, e.value / 100, e.tolerance))
    return {};
  return fmt::format("shares are fractions: {:g}% is written {:g}", e.value, e.value / 100);
}

const ShareRow* group(const Results& r, std::string_view name) {
  for (const auto& g : r.by_group)
    if (g.name == name) return &g;
  return nullptr;
}
const ShareRow* type_row(const Results& r, std::string_view name) {
  for (const auto& g : r.by_type)
    if (g.name == name) return &g;
  return nullptr;
}

// Figures that are shares print as percentages, the rest as numbers.
std::string show(std::string_view name, const std::optional<double>& maybe) {
  if (!maybe) return "-";
  const double v = *maybe;
  if (name.find("share") != std::string_view::npos || name.ends_with("rate")) return percent(v, 1);
  if (name.starts_with("value.total") || name.ends_with(".value")) return pounds(v);
  if (name.starts_with("gini")) return fmt::format("{:.3f}", v);
  if (v == std::floor(v) && std::fabs(v) < 1e12) return thousands(static_cast<long long>(v));
  return fmt::format("{:.1f}", v);
}

std::string share_table(const std::vector<ShareRow>& rows, bool markdown, bool definitions) {
  auto name_of = [&](const ShareRow& r) { return r.label + (definitions ? " [" + r.name + "]" : ""); };
  std::string out;
  if (markdown) {
    out += fmt::format("| {} | contracts | share | value | share | median value | median length (months) | QM yes |\n",
                       definitions ? "grouping" : "type");
    out += "|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& r : rows)
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", name_of(r), thousands(r.contracts),
                         opt_percent(r.contract_share), pounds(r.value), opt_percent(r.value_share),
                         opt_pounds(r.median_value), opt_num(r.median_length), opt_percent(r.quality_yes));
    return out;
  }
  // As wide as the longest name: a grouping's label comes from the study
  // file, and its key in brackets is what names its figures.
  std::size_t width = 42;
  for (const auto& r : rows) width = std::max(width, text::code_points(name_of(r)));
  out += fmt::format("  {:<{}} {:>9} {:>7} {:>16} {:>7} {:>13} {:>14} {:>7}\n", definitions ? "grouping" : "type", width,
                     "contracts", "share", "value", "share", "median value", "median months", "QM yes");
  for (const auto& r : rows)
    out += fmt::format("  {:<{}} {:>9} {:>7} {:>16} {:>7} {:>13} {:>14} {:>7}\n", name_of(r), width,
                       thousands(r.contracts), opt_percent(r.contract_share), pounds(r.value), opt_percent(r.value_share),
                       opt_pounds(r.median_value), opt_num(r.median_length), opt_percent(r.quality_yes));
  return out;
}

std::string headline(const Results& r, bool markdown) {
  const ShareRow* third = group(r, "third_sector_bjgp");
  const ShareRow* ft = type_row(r, "nhs_foundation_trust");
  std::vector<std::pair<std::string, std::string>> lines = {
      {"FOI response rate", fmt::format("{} ({} of {} CCGs)", opt_percent(fig(r, "response_rate")),
                                        show("n", fig(r, "responses")), show("n", fig(r, "requests")))},
      {"Contracts per responding CCG",
       fmt::format("{} to {} (median {})", show("n", fig(r, "contracts_per_ccg.min")),
                   show("n", fig(r, "contracts_per_ccg.max")), show("n", fig(r, "contracts_per_ccg.median")))},
      {"Contracts", fmt::format("{} ({} with no known value)", show("n", fig(r, "contracts")),
                                show("n", fig(r, "value.missing_contracts")))},
      {"Total known value", opt_pounds(fig(r, "value.total"))},
  };
  if (third)
    lines.push_back({"Third sector (BJGP: private + NFP + voluntary)",
                     fmt::format("{} of contracts, {} of value", opt_percent(third->contract_share),
                                 opt_percent(third->value_share))});
  if (ft)
    lines.push_back({"NHS foundation trusts", fmt::format("{} of contracts, {} of value", opt_percent(ft->contract_share),
                                                          opt_percent(ft->value_share))});
  lines.push_back({"No evidence of quality monitoring", opt_percent(fig(r, "quality.no_evidence_share")) + " of contracts"});
  std::string out;
  for (const auto& [k, v] : lines)
    out += markdown ? fmt::format("| {} | {} |\n", k, v) : fmt::format("  {:<48} {}\n", k, v);
  return markdown ? "| figure | value |\n|---|---|\n" + out : out;
}

std::string concentration(const Results& r, bool markdown) {
  std::string s = fmt::format(
      "HHI by value over {} CCGs: median {}, interquartile range {} to {}. Bands ({} guidelines: below {} "
      "unconcentrated, up to {} moderate, above high): {} unconcentrated, {} moderate, {} high.",
      show("n", fig(r, "hhi.ccgs")), whole(fig(r, "hhi.median")), whole(fig(r, "hhi.p25")), whole(fig(r, "hhi.p75")),
      r.bands.name,
      thousands(std::lround(r.bands.moderate)), thousands(std::lround(r.bands.high)),
      show("n", fig(r, "hhi.band.unconcentrated")), show("n", fig(r, "hhi.band.moderate")),
      show("n", fig(r, "hhi.band.high")));
  s += fmt::format(" Low-value contracts (below {}): {} of contracts with a known value. Gini of contract values: {}.",
                   pounds(r.low_value_threshold), opt_percent(fig(r, "low_value.contract_share")),
                   opt_num(fig(r, "gini.value"), 3));
  return markdown ? s + "\n" : "  " + s + "\n";
}

std::string quality_text(const Results& r) {
  return fmt::format(
      "Quality monitoring: yes {}, no {}, not stated {}; no evidence (no + not stated) {}. Weighted by value: "
      "yes {}, no evidence {}.",
      opt_percent(fig(r, "quality.yes_share")), opt_percent(fig(r, "quality.no_share")),
      opt_percent(fig(r, "quality.not_stated_share")), opt_percent(fig(r, "quality.no_evidence_share")),
      opt_percent(fig(r, "quality.value_weighted.yes_share")),
      opt_percent(fig(r, "quality.value_weighted.no_evidence_share")));
}

std::string data_quality_text(const Results& r) {
  const DataQuality& q = r.quality;
  std::string buckets;
  for (std::size_t k = 0; k < kRowKindCount; ++k)
    buckets += fmt::format("{}{} {}", k ? ", " : "", thousands(q.rows.by_kind[k]), to_string(static_cast<RowKind>(k)));
  // What the value figures leave out, by why: withheld, not held,
  // negative (credits, left out of totals)...
  std::string values;
  for (const auto& [status, n] : q.value_status)
    if (status != "ok" && status != "range")
      values += fmt::format("{}{} {}", values.empty() ? "" : ", ", thousands(n), status);
  return fmt::format(
      "{} files ({} unreadable); {} lines read, by the row each is part of: {}. {} contracts read, {} outside the study years, {} exact duplicates "
      "counted once. Unknown provider type: {} contracts; type cell contradicting the reference: {}; low-confidence "
      "provider matches: {}.{}",
      q.files, q.unreadable_files, thousands(q.rows.total()), buckets, thousands(q.contracts_read), q.outside_study,
      q.duplicates, q.unknown_type, q.type_conflicts, q.low_confidence,
      values.empty() ? std::string()
                     : fmt::format(" Contracts without a value in the value figures, by why: {}.", values));
}

}  // namespace

std::string comparison_text(const Results& r) {
  if (r.comparison.empty()) return {};
  // Each column as wide as its widest text, so that a figure in whole
  // pounds keeps the columns in line.
  struct Line {
    std::string figure, published, computed, difference, within;
  };
  std::vector<Line> lines;
  std::size_t width = 42, numbers = 10;
  for (const auto& c : r.comparison) {
    const auto& e = c.expected;
    // A figure outside its tolerance by less than the usual digits show
    // ("0.653  0.653  +0.0000  NO") is shown in full.
    const bool hidden = c.computed && !c.within && (figure_text(*c.computed, e) == figure_text(e.value, e) ||
                                                    difference_text(*c.computed - e.value) == "+0.0000" ||
                                                    difference_text(*c.computed - e.value) == "+0.00");
    lines.push_back({e.figure, published_text(e.value),
                     !c.computed ? "-" : hidden ? fmt::format("{:.10g}", *c.computed) : figure_text(*c.computed, e),
                     !c.computed ? "-" : hidden ? fmt::format("{:+.3g}", *c.computed - e.value)
                                                : difference_text(*c.computed - e.value),
                     !c.named      ? "no: not a figure name"
                     : !c.computed ? "no: not computed (no data for it)"
                     : c.within    ? fmt::format("yes (±{:g})", e.tolerance)
                     : percentage_hint(c).empty()
                         ? fmt::format("NO (±{:g})", e.tolerance)
                         : fmt::format("NO (±{:g}): {}", e.tolerance, percentage_hint(c))});
    width = std::max(width, text::code_points(e.figure));
    for (const std::string* t : {&lines.back().published, &lines.back().computed, &lines.back().difference})
      numbers = std::max(numbers, t->size());
  }
  std::string out = fmt::format("  {:<{}} {:>{}} {:>{}} {:>{}}  {}\n", "figure", width, "published", numbers,
                                "computed", numbers, "difference", numbers, "within tolerance");
  for (const Line& l : lines)
    out += fmt::format("  {:<{}} {:>{}} {:>{}} {:>{}}  {}\n", l.figure, width, l.published, numbers, l.computed,
                       numbers, l.difference, numbers, l.within);
  return out;
}

// Where the response rate's requests come from, and the provider
// decisions the user made: both change figures, so a report names them.
static std::string requests_source(const Results& r) {
  std::string out = r.manifest_path.empty() ? std::string("no manifest: requests are the reference list's CCGs")
                                            : fmt::format("manifest {}", r.manifest_path);
  if (r.overrides_path.empty()) return out;
  out += fmt::format("; provider overrides {} ({} row{}", r.overrides_path, r.overrides, r.overrides == 1 ? "" : "s");
  if (const std::size_t n = r.overrides_unused.size()) {
    // The lines, so that a misspelt name is found without another run.
    constexpr std::size_t kShown = 10;
    std::string lines;
    for (std::size_t i = 0; i < std::min(n, kShown); ++i) lines += fmt::format("{}{}", i ? ", " : "", r.overrides_unused[i]);
    out += fmt::format(", {} matching no provider: line{} {}{}", n, n == 1 ? "" : "s", lines, n > kShown ? ", ..." : "");
  }
  return out + ")";
}

// What the checks found, by check: a report's reader sees why rows are
// left out or values not taken, and where to look.
static std::string findings_table(const Results& r) {
  if (r.quality.findings.empty()) return {};
  std::string out = "\nFindings by check (`foi-contracts validate` lists each with its file, line and column; "
                    "docs/ci.md says what each means):\n\n| check | findings |\n|---|---:|\n";
  for (const auto& [id, n] : r.quality.findings) out += fmt::format("| `{}` | {} |\n", id, thousands(n));
  return out;
}

// Spending files' rows are payments, which every figure counts as
// contracts: said at the top, where a reader of the figures starts.
static std::string payments_note(const Results& r) {
  const long n = r.quality.payment_files;
  if (n == 0) return {};
  return fmt::format(
      "{} of the {} input files are spending files: their rows are payments, each counted as a contract, so the "
      "contract counts, medians, HHI by count and the low-value share count payments (a contract paid monthly is "
      "twelve of them), and the response rate and quality monitoring say nothing of them. Every expense type is "
      "read: select the mental-health payments first.",
      n, r.quality.files);
}

std::string text_report(const Results& r) {
  std::string out = fmt::format("foi-contracts analysis{}\n", r.study_name.empty() ? "" : ": " + r.study_name);
  out += fmt::format("Study years {} to {}; {} input file(s); {}\n\n", financial_year_label(r.years.first),
                     financial_year_label(r.years.last), r.inputs.size(), requests_source(r));
  if (const std::string note = payments_note(r); !note.empty()) out += note + "\n\n";
  out += "Headline figures\n" + headline(r, false) + "\n";
  out += "By provider type\n" + share_table(r.by_type, false, false) + "\n";
  out += "By grouping (the study's \"third sector\" includes private companies)\n" + share_table(r.by_group, false, true) + "\n";
  out += "Concentration\n" + concentration(r, false) + "\n";
  out += "Quality monitoring\n  " + quality_text(r) + "\n\n";
  out += "Data quality\n  " + data_quality_text(r) + "\n";
  if (!r.comparison.empty())
    out += fmt::format("\nPublished figures {}\n{}", r.reproduced() ? "reproduced" : "NOT reproduced", comparison_text(r));
  return out;
}

std::string markdown_report(const Results& r) {
  std::string out = fmt::format("# foi-contracts analysis{}\n\n", r.study_name.empty() ? "" : ": " + r.study_name);
  out += fmt::format("Study years {} to {}; {} input file(s); {}.\n\n", financial_year_label(r.years.first),
                     financial_year_label(r.years.last), r.inputs.size(), requests_source(r));
  if (const std::string note = payments_note(r); !note.empty()) out += note + "\n\n";
  out += "## Headline figures\n\n" + headline(r, true) + "\n";
  out += "## By provider type\n\n" + share_table(r.by_type, true, false) + "\n";
  out += "## By grouping\n\nThe study's \"third sector\" includes private for-profit companies; the usual groupings "
         "are shown beside it.\n\n" +
         share_table(r.by_group, true, true) + "\n";
  out += "## Concentration\n\n" + concentration(r, true) + "\n";
  out += "## Quality monitoring\n\n" + quality_text(r) + "\n\n";
  out += "## Data quality\n\n" + data_quality_text(r) + "\n" + findings_table(r);
  if (!r.comparison.empty()) {
    out += fmt::format("\n## Published figures {}\n\n", r.reproduced() ? "reproduced" : "NOT reproduced");
    out += "| figure | published | computed | difference | tolerance | within |\n|---|---:|---:|---:|---:|---|\n";
    for (const auto& c : r.comparison)
      out += fmt::format("| `{}` | {} | {} | {} | ±{:g} | {} |\n", c.expected.figure, published_text(c.expected.value),
                         c.computed ? figure_text(*c.computed, c.expected) : c.named ? "not computed" : "not a figure",
                         c.computed ? difference_text(*c.computed - c.expected.value) : "-",
                         c.expected.tolerance,
                         c.within                     ? "yes"
                         : percentage_hint(c).empty() ? "**no**"
                                                      : "**no**: " + percentage_hint(c));
  }
  return out;
}

std::string json_report(const Results& r) {
  std::string out = "{\n  \"figures\": {";
  for (std::size_t i = 0; i < r.figures.size(); ++i)
    out += fmt::format("{}\n    {}: {}", i ? "," : "", json_string(r.figures[i].first), json_number(r.figures[i].second));
  out += "\n  },\n";
  auto shares = [&](const char* key, const std::vector<ShareRow>& rows) {
    out += fmt::format("  {}: [", json_string(key));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& s = rows[i];
      out += fmt::format(
          "{}\n    {{\"name\": {}, \"label\": {}, \"definition\": {}, \"contracts\": {}, \"contract_share\": {}, "
          "\"value\": {}, \"value_contracts\": {}, \"value_share\": {}, \"median_value\": {}, "
          "\"median_length_months\": {}, \"gini\": {}, \"quality_yes_share\": {}, \"quality_no_share\": {}, "
          "\"quality_not_stated_share\": {}}}",
          i ? "," : "", json_string(s.name), json_string(s.label), json_string(s.definition), s.contracts,
          json_number(s.contract_share), json_number(s.value), s.value_contracts, json_number(s.value_share),
          json_number(s.median_value), json_number(s.median_length), json_number(s.gini), json_number(s.quality_yes),
          json_number(s.quality_no), json_number(s.quality_not_stated));
    }
    out += "\n  ],\n";
  };
  shares("by_type", r.by_type);
  shares("by_group", r.by_group);
  out += "  \"by_ccg\": [";
  for (std::size_t i = 0; i < r.by_ccg.size(); ++i) {
    const auto& c = r.by_ccg[i];
    std::string groups;
    for (std::size_t g = 0; g < r.group_names.size(); ++g)
      groups += fmt::format("{}{}: {{\"contract_share\": {}, \"value_share\": {}}}", g ? ", " : "",
                            json_string(r.group_names[g]), json_number(c.group_contract_share[g]),
                            json_number(c.group_value_share[g]));
    out += fmt::format(
        "{}\n    {{\"ccg_code\": {}, \"ccg_name\": {}, \"contracts\": {}, \"providers\": {}, \"value\": {}, "
        "\"value_contracts\": {}, \"hhi_value\": {}, \"hhi_count\": {}, \"effective_providers\": {}, \"cr1\": {}, "
        "\"band\": {}, \"low_value_share\": {}, \"quality_yes_share\": {}, \"groups\": {{{}}}}}",
        i ? "," : "", json_string(c.code), json_string(c.name), c.contracts, c.providers, json_number(c.value),
        c.value_contracts, json_number(c.hhi_value), json_number(c.hhi_count), json_number(c.effective_providers),
        json_number(c.cr1), c.band.empty() ? "null" : json_string(c.band), json_number(c.low_value_share),
        json_number(c.quality_yes_share), groups);
  }
  out += "\n  ],\n  \"by_year\": [";
  for (std::size_t i = 0; i < r.by_year.size(); ++i) {
    const auto& y = r.by_year[i];
    out += fmt::format("{}\n    {{\"year\": {}, \"type\": {}, \"contracts\": {}, \"value\": {}, \"value_contracts\": {}}}",
                       i ? "," : "", y.year ? json_string(financial_year_label(y.year)) : "\"undated\"",
                       json_string(to_string(y.type)), y.contracts, json_number(y.value), y.value_contracts);
  }
  const DataQuality& q = r.quality;
  out += "\n  ],\n  \"data_quality\": {";
  out += fmt::format("\n    \"files\": {}, \"unreadable_files\": {}, \"payment_files\": {}, \"contracts_read\": {}, "
                     "\"outside_study\": {}, \"duplicates\": {}, \"unknown_type\": {}, \"type_conflicts\": {}, "
                     "\"low_confidence\": {},",
                     q.files, q.unreadable_files, q.payment_files, q.contracts_read, q.outside_study, q.duplicates,
                     q.unknown_type, q.type_conflicts, q.low_confidence);
  out += "\n    \"rows\": {";
  for (std::size_t k = 0; k < kRowKindCount; ++k)
    out += fmt::format("{}{}: {}", k ? ", " : "", json_string(to_string(static_cast<RowKind>(k))), q.rows.by_kind[k]);
  out += fmt::format(", \"read\": {}}},\n    \"value_status\": {{", q.rows.total());
  std::size_t i = 0;
  for (const auto& [k, v] : q.value_status) out += fmt::format("{}{}: {}", i++ ? ", " : "", json_string(k), v);
  out += "},\n    \"findings\": {";
  i = 0;
  for (const auto& [k, v] : q.findings) out += fmt::format("{}{}: {}", i++ ? ", " : "", json_string(k), v);
  out += "},\n    \"overrides\": {";
  std::string unused;
  for (long line : r.overrides_unused) unused += fmt::format("{}{}", unused.empty() ? "" : ", ", line);
  out += fmt::format("\"file\": {}, \"rows\": {}, \"unused_lines\": [{}]}}",
                     r.overrides_path.empty() ? "null" : json_string(r.overrides_path), r.overrides, unused);
  out += "\n  },\n  \"comparison\": [";
  for (std::size_t j = 0; j < r.comparison.size(); ++j) {
    const auto& c = r.comparison[j];
    out += fmt::format("{}\n    {{\"figure\": {}, \"published\": {}, \"tolerance\": {}, \"computed\": {}, "
                       "\"difference\": {}, \"within\": {}, \"source\": {}}}",
                       j ? "," : "", json_string(c.expected.figure), json_number(c.expected.value),
                       json_number(c.expected.tolerance), json_number(c.computed),
                       json_number(c.computed ? std::optional<double>(*c.computed - c.expected.value) : std::nullopt),
                       c.within ? "true" : "false", json_string(c.expected.source));
  }
  out += "\n  ]\n}\n";
  return out;
}

std::string figures_csv(const Results& r) {
  std::string out = "figure,value\n";
  for (const auto& [name, v] : r.figures) out += fmt::format("{},{}\n", name, csv_number(v));
  return out;
}

namespace {

std::string shares_csv(const std::vector<ShareRow>& rows, const char* key) {
  std::string out = fmt::format(
      "{},label,definition,contracts,contract_share,value,value_contracts,value_share,median_value,"
      "median_length_months,gini,quality_yes_share,quality_no_share,quality_not_stated_share\n",
      key);
  for (const auto& s : rows)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_text(s.name), csv_text(s.label),
                       csv_text(s.definition), s.contracts, csv_number(s.contract_share), csv_number(s.value, 2),
                       s.value_contracts, csv_number(s.value_share), csv_number(s.median_value, 2),
                       csv_number(s.median_length, 1), csv_number(s.gini), csv_number(s.quality_yes),
                       csv_number(s.quality_no), csv_number(s.quality_not_stated));
  return out;
}

}  // namespace

void write_tables(const Results& r, const std::string& dir) {
  make_output_folder(dir);
  std::filesystem::path d(dir);
  write_text_file(d / "by_type.csv", shares_csv(r.by_type, "type"));
  write_text_file(d / "by_group.csv", shares_csv(r.by_group, "grouping"));

  std::string ccg = "ccg_code,ccg_name,contracts,providers,value,value_contracts,hhi_value,hhi_count,"
                    "effective_providers,cr1,band,low_value_share,quality_yes_share";
  for (const auto& g : r.group_names) ccg += fmt::format(",{0}_contract_share,{0}_value_share", g);
  ccg += "\n";
  for (const auto& c : r.by_ccg) {
    ccg += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}", csv_text(c.code), csv_text(c.name), c.contracts,
                       c.providers, csv_number(c.value, 2), c.value_contracts, csv_number(c.hhi_value, 1),
                       csv_number(c.hhi_count, 1), csv_number(c.effective_providers, 2), csv_number(c.cr1),
                       c.band, csv_number(c.low_value_share), csv_number(c.quality_yes_share));
    for (std::size_t g = 0; g < r.group_names.size(); ++g)
      ccg += fmt::format(",{},{}", csv_number(c.group_contract_share[g]), csv_number(c.group_value_share[g]));
    ccg += "\n";
  }
  write_text_file(d / "by_ccg.csv", ccg);

  // A provider none of whose contracts has a known value has no value: an
  // empty cell, not a £0 that reads as real.
  std::string prov = "provider,type,basis,contracts,value,value_contracts,ccgs\n";
  for (const auto& p : r.by_provider)
    prov += fmt::format("{},{},{},{},{},{},{}\n", csv_text(p.name), to_string(p.type), csv_text(p.basis), p.contracts,
                        csv_number(p.value_contracts ? std::optional<double>(p.value) : std::nullopt, 2),
                        p.value_contracts, p.ccgs);
  write_text_file(d / "by_provider.csv", prov);

  std::string year = "financial_year,type,contracts,value,value_contracts\n";
  for (const auto& y : r.by_year)
    year += fmt::format("{},{},{},{},{}\n", y.year ? financial_year_label(y.year) : "undated", to_string(y.type),
                        y.contracts, csv_number(y.value, 2), y.value_contracts);
  write_text_file(d / "by_year.csv", year);

  // The same data under each grouping scheme (methods.md (The BJGP 2019 study)): how the share of
  // "the sector" moves with its definition.
  std::string sens = "scheme,label,definition,contracts,contract_share,value,value_share\n";
  for (const auto& s : r.by_group)
    sens += fmt::format("{},{},{},{},{},{},{}\n", csv_text(s.name), csv_text(s.label), csv_text(s.definition),
                        s.contracts, csv_number(s.contract_share), csv_number(s.value, 2), csv_number(s.value_share));
  for (const auto& s : r.by_type)
    sens += fmt::format("type:{},{},{},{},{},{},{}\n", s.name, csv_text(s.label), csv_text(s.definition), s.contracts,
                        csv_number(s.contract_share), csv_number(s.value, 2), csv_number(s.value_share));
  write_text_file(d / "sensitivity.csv", sens);

  const DataQuality& q = r.quality;
  std::string dq = "measure,value\n";
  dq += fmt::format("files,{}\nunreadable_files,{}\npayment_files,{}\n", q.files, q.unreadable_files, q.payment_files);
  for (std::size_t k = 0; k < kRowKindCount; ++k)
    dq += fmt::format("rows.{},{}\n", to_string(static_cast<RowKind>(k)), q.rows.by_kind[k]);
  dq += fmt::format("rows.read,{}\ncontracts_read,{}\noutside_study,{}\nduplicates,{}\nunknown_type,{}\n"
                    "type_conflicts,{}\nlow_confidence,{}\n",
                    q.rows.total(), q.contracts_read, q.outside_study, q.duplicates, q.unknown_type, q.type_conflicts,
                    q.low_confidence);
  for (const auto& [k, v] : q.value_status) dq += fmt::format("value_status.{},{}\n", k, v);
  for (const auto& [k, v] : q.findings) dq += fmt::format("finding.{},{}\n", k, v);
  dq += fmt::format("overrides.rows,{}\noverrides.unused,{}\n", r.overrides, r.overrides_unused.size());
  write_text_file(d / "data_quality.csv", dq);

  write_text_file(d / "figures.json", json_report(r));
  write_text_file(d / "report.md", markdown_report(r));
}

}  // namespace foi
