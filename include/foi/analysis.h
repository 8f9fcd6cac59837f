// The figures stage: resolved contracts -> figures (docs/methods.md; their names, docs/figures.md).
// Contracts stream through Analysis::add(); only per-type value lists and
// per-CCG provider sums are kept, not the contracts.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "foi/contracts.h"
#include "foi/manifest.h"
#include "foi/providers.h"
#include "foi/pipeline.h"
#include "foi/study.h"

namespace foi {

// The statistics the figures are made of, for a caller working out its own
// from the results (a median of its own selection, say).
std::optional<double> median(std::vector<double> v);
// Linear interpolation between order statistics (R type 7, numpy default).
std::optional<double> percentile(std::vector<double> v, double p);
// Gini coefficient of non-negative values; nullopt when they sum to zero.
std::optional<double> gini(std::vector<double> v);
// Herfindahl-Hirschman index (0-10,000) of the shares of the given sizes,
// the same to the last bit in any order of them.
std::optional<double> hhi(std::vector<double> sizes);

struct ShareRow {
  std::string name;   // type or grouping name
  std::string label;  // for people
  std::string definition;  // groupings: the types they add up
  long contracts = 0;
  // Of all contracts, and of all known value; none when there is none to
  // be a share of (no contracts, no known value): a share of nothing is not 0.
  std::optional<double> contract_share;
  double value = 0;
  long value_contracts = 0;  // contracts with a known value
  std::optional<double> value_share;
  std::optional<double> median_value, median_length, gini;
  // Shares of the row's contracts; none for a row without contracts, whose
  // shares are not 0 but not there.
  std::optional<double> quality_yes, quality_no, quality_not_stated;
};

struct CcgRow {
  std::string code, name;
  long contracts = 0;
  long providers = 0;
  double value = 0;
  long value_contracts = 0;
  std::optional<double> hhi_value, hhi_count, effective_providers, cr1;
  std::string band;  // concentration band of hhi_value
  // In Study::groupings order; a value share is none for a CCG without a known value.
  std::vector<std::optional<double>> group_contract_share, group_value_share;
  std::optional<double> low_value_share;
  std::optional<double> quality_yes_share;  // none without contracts
};

struct YearRow {
  int year = 0;  // 0: undated contracts
  ProviderType type = ProviderType::unknown;
  long contracts = 0;  // active in the year
  double value = 0;
  long value_contracts = 0;  // of them, those with a value in the year (a per-year cell, or a known whole value)
};

struct ProviderRow {
  std::string name;
  ProviderType type = ProviderType::unknown;
  std::string basis;
  long contracts = 0;
  double value = 0;
  long value_contracts = 0;  // of them, those with a known value: a provider whose values are all withheld is not £0
  long ccgs = 0;
};

// Whether a computed figure is within a published one's tolerance, the
// bounds included, the same on either side of it at any magnitude.
bool within_tolerance(double computed, double published, double tolerance);

struct Comparison {
  Expectation expected;
  std::optional<double> computed;
  bool within = false;
  bool named = false;  // the expectation names a figure (computed may still be none)
};

struct DataQuality {
  long files = 0, unreadable_files = 0;
  long payment_files = 0;  // files whose rows are payments (FileResult::payments)
  RowCounts rows;
  long contracts_read = 0, outside_study = 0, duplicates = 0;
  std::map<std::string, long> value_status;
  long unknown_type = 0, type_conflicts = 0, low_confidence = 0;
  std::map<std::string, long> findings;
};

struct Results {
  // methods.md (Figure names) names, in a fixed order; none for a figure that cannot be
  // computed from the data (a median of no values, a share of nothing).
  std::vector<std::pair<std::string, std::optional<double>>> figures;
  std::vector<ShareRow> by_type, by_group;
  std::vector<CcgRow> by_ccg;
  std::vector<YearRow> by_year;
  std::vector<ProviderRow> by_provider;
  DataQuality quality;
  std::vector<Comparison> comparison;
  std::vector<std::string> group_names;
  std::vector<std::string> inputs;
  std::string study_name;
  std::string manifest_path;  // the manifest the requests and responses come from; empty: none
  // The provider decisions the figures rest on: the overrides file (empty:
  // none, or not known to the caller of finish()), its rows, and the lines
  // of those that match no provider, in order.
  std::string overrides_path;
  long overrides = 0;
  std::vector<long> overrides_unused;
  HhiBands bands;
  StudyYears years;
  double low_value_threshold = 0;

  std::optional<double> figure(std::string_view name) const;
  bool has_figure(std::string_view name) const;  // a figure of that name, computed or not
  bool reproduced() const;  // every expectation within tolerance
};

class Analysis {
 public:
  explicit Analysis(const Study& study);
  ~Analysis();
  void add(const Contract& c, const ProviderDecision& d);
  // The same for a batch of contracts with their decisions, in order: a
  // national file's sums are spread over megabytes, and a batch asks for
  // its memory together.
  void add(std::span<const Contract> contracts, std::span<const ProviderDecision* const> decisions);
  // Takes contracts given to add() back out, with the decisions they were
  // added with: the second half of a file read as two halves, whose rows
  // found at the join to repeat rows of the first half are duplicates.
  // Every sum is as if they had never been added (up to the rounding of
  // sums of values).
  void take_back(std::span<const Contract> contracts, std::span<const ProviderDecision* const> decisions);
  // Adds what another analysis of the same study saw (the second half of a
  // file, read on another thread), emptying it. decisions maps the name_id
  // of each decision it was given to this analysis' resolver's decision
  // for the same provider (ProviderResolver::absorb).
  void merge(Analysis& other, const std::vector<const ProviderDecision*>& decisions);
  // requests: the manifest's rows, else the reference list's CCGs.
  [[nodiscard]] Results finish(const std::vector<FileResult>& files, const Manifest* manifest, std::size_t reference_ccgs,
                 const ProviderResolver& resolver);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every input of the pipeline read into one analysis of its study and
// finished: a large file's second half into an analysis of its own on
// another thread, added in once read (run_pipeline's second sink).
struct Analysed {
  std::vector<FileResult> files;  // as run_pipeline gives them
  Results results;
};
Analysed analyse_inputs(Pipeline& p, const Progress& progress = {});

}  // namespace foi
