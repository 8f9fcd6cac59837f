// `analyse`: the study's figures, as text, JSON, CSV or Markdown, with
// tables and charts on request, checked against published figures.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "foi/analysis.h"
#include "foi/charts.h"
#include "foi/commands.h"
#include "foi/output_file.h"
#include "foi/report.h"
#include "cmd_common.h"
#include "text.h"

namespace foi {

namespace {

std::string today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string describe_inputs(const std::vector<std::string>& inputs, std::size_t files) {
  std::string names;
  for (std::size_t i = 0; i < inputs.size() && i < 3; ++i) names += (i ? ", " : "") + inputs[i];
  if (inputs.size() > 3) names += ", ...";
  return fmt::format("{} file(s) in {}", files, names);
}

// The figure name nearest to a misspelt one, for the message.
std::string_view nearest_figure(const Results& r, std::string_view name) {
  std::vector<std::string_view> known;
  for (const auto& [figure, value] : r.figures) known.push_back(figure);
  return nearest_name(name, known);
}

}  // namespace

int run_analyse(const AnalyseOptions& o, std::ostream& out, std::ostream& err) {
  refuse_unknown_format(o.format, {"text", "json", "csv", "markdown"});
  if (!o.out_dir.empty()) refuse_output_folder_in_inputs(o.out_dir, o.pipeline.inputs);
  // The study file, when one is named, is read here, so that a caller of
  // the library names it as the command line does.
  PipelineOptions pipeline = o.pipeline;
  if (!o.study_path.empty()) pipeline.study = load_study(o.study_path);
  auto p = open_pipeline(pipeline);
  // A folder that cannot be made is said before the returns are read, not
  // after; but not made for a run that stops at a bad study file or a path
  // that is not there.
  for (const auto& e : pipeline.study.expect)
    if (e.figure.empty()) throw Error({pipeline.study.path, e.line, e.column}, "an expectation names no figure");
  if (!o.out_dir.empty()) make_output_folder(o.out_dir);
  say_repeated_inputs(p->inputs, err);
  // The figures need what is parsed from the cells, not their texts as written.
  p->context.contract_texts = false;
  Progress progress;
  if (o.progress)
    progress = [&](std::size_t done, std::size_t total) {
      fmt::print(err, "\rreading returns: {}/{}{}", done, total, done == total ? "\n" : "");
      err.flush();
    };
  auto [files, r] = analyse_inputs(*p, progress);
  say_unused_overrides(*p, err);
  int read_code = report_findings(files, err, p->manifest ? &*p->manifest : nullptr, p->inputs.not_returns);
  if (r.quality.type_conflicts > 0)
    fmt::print(err, "{} contract(s) whose type cell contradicts the reference or the provider's name (run "
                    "`foi-contracts validate` for each one, type-conflict)\n",
               r.quality.type_conflicts);

  // Every contract left out for its dates: most likely a study of other
  // years run with the default ones.
  if (r.quality.outside_study > 0 && r.quality.outside_study == r.quality.contracts_read)
    fmt::print(err, "all {} contract(s) are outside the study years {} to {}: give your study's years with --study "
                    "(first_year and last_year, see docs/figures.md)\n",
               r.quality.contracts_read, financial_year_label(r.years.first), financial_year_label(r.years.last));
  // Nothing read and an input that could not be: a report of zeros would
  // pass for one, where the output goes to a file.
  if (read_code == 2 && r.quality.contracts_read == 0) {
    fmt::print(err, "foi-contracts: no contracts were read from the inputs; no figures are written\n");
    return 2;
  }
  fmt::print(out, "{}",
             o.format == "json"       ? json_report(r)
             : o.format == "csv"      ? figures_csv(r)
             : o.format == "markdown" ? markdown_report(r)
                                      : text_report(r));

  if (!o.out_dir.empty()) {
    write_tables(r, o.out_dir);
    write_charts(r, {describe_inputs(pipeline.inputs, files.size()), today()}, o.out_dir);
    fmt::print(err, "wrote tables, figures.json, report.md and charts to {}\n", o.out_dir);
  }
  for (const auto& c : r.comparison) {
    const std::string at = to_string(Location{pipeline.study.path, c.expected.line, c.expected.column});
    if (!c.named)
      fmt::print(err, "{}: error: '{}' is not a figure name (did you mean '{}'? see docs/figures.md)\n", at,
                 c.expected.figure, nearest_figure(r, c.expected.figure));
    else if (!c.computed)
      fmt::print(err, "{}: error: '{}' could not be computed from these returns (no data for it)\n", at,
                 c.expected.figure);
    else if (!c.within && o.format == "csv")
      // The CSV is figures alone: say here which published figure was not reproduced.
      fmt::print(err, "{}: error: '{}' is {}, not {} within ±{:g}\n", at, c.expected.figure, *c.computed,
                 c.expected.value, c.expected.tolerance);
  }
  if (read_code == 2) return 2;
  // A name that is no figure is a mistake in the study file, not a figure
  // the data failed to reproduce.
  if (std::any_of(r.comparison.begin(), r.comparison.end(), [](const Comparison& c) { return !c.named; })) return 2;
  return r.reproduced() ? 0 : 1;
}

}  // namespace foi
