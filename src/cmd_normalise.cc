// `normalise`: the clean long table, one row per contract.
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "foi/commands.h"
#include "foi/output_file.h"
#include "foi/format.h"
#include "cmd_common.h"

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

// Writes rows into one buffer that goes to the stream 64 KiB at a time: a
// national file is millions of rows, written field by field with nothing
// made in between.
class RowWriter {
 public:
  RowWriter(std::ostream& sink, bool csv, const std::vector<std::string>& names) : sink_(sink), csv_(csv) {
    for (const std::string& n : names) {
      keys_.emplace_back();
      append_json_string(keys_.back(), n);
      keys_.back() += ':';
    }
  }

  void text(std::string_view t) {
    next();
    if (csv_) append_csv_text(out_, t);
    else append_json_string(out_, t);
  }
  // A number: nothing in CSV and null in JSON when there is none.
  void number(std::optional<double> v, int decimals = -1) {
    next();
    if (!csv_ && (!v || !std::isfinite(*v))) out_ += "null";
    else append_csv_number(out_, v, decimals);
  }
  void number(long v) {
    next();
    char digits[24];
    out_.append(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, v).ptr - digits));
  }
  void end_row() {
    if (!csv_) out_ += '}';
    out_ += '\n';
    field_ = 0;
    if (out_.size() >= (1u << 16)) flush();
  }
  void flush() {
    sink_.write(out_.data(), static_cast<std::streamsize>(out_.size()));
    out_.clear();
  }

 private:
  void next() {
    if (field_ > 0) out_ += ',';
    else if (!csv_) out_ += '{';
    if (!csv_) out_ += keys_[field_];
    ++field_;
  }

  std::ostream& sink_;
  bool csv_;
  std::vector<std::string> keys_;  // "name": for JSON
  std::string out_;
  std::size_t field_ = 0;
};

void write_row(RowWriter& w, const Contract& c, const ProviderDecision& d, const std::string& canonical_name,
               const std::vector<int>& years) {
  w.text(c.ccg_code);
  w.text(c.ccg_name);
  w.text(c.source_file);
  w.number(c.source_line);
  w.text(c.provider_raw);
  w.text(canonical_name);
  w.text(to_string(d.type));
  w.text(d.basis);
  w.number(d.confidence, 2);
  w.text(d.ods);
  w.text(c.service);
  w.number(c.value);
  w.text(to_string(c.value_status));
  w.text(c.value_text);
  w.text(date_text(c.start));
  w.text(date_text(c.end));
  w.number(c.length.status == LengthStatus::ok ? std::optional<double>(c.length.months) : std::nullopt);
  w.text(to_string(c.quality));
  w.text(c.quality_text);
  for (int y : years) {
    std::optional<double> v;
    for (const auto& yv : c.years)
      if (yv.year == y && yv.value.known()) v = yv.value.pounds;
    w.number(v);
  }
  w.end_row();
}

}  // namespace

int run_normalise(const NormaliseOptions& o, std::ostream& out, std::ostream& err) {
  refuse_unknown_format(o.format, {"csv", "jsonl"});
  auto p = open_pipeline(o.pipeline);
  refuse_output_over_inputs(o.output, p->inputs, files_read_beside_inputs(*p));
  say_repeated_inputs(p->inputs, err);
  // Pass 1: every provider spelling and financial year, so that canonical
  // names (the most frequent spelling) and the per-year columns are known
  // before the first row is written. Memory grows with providers, not rows.
  // Many returns are read as two runs of files at once, each with years of
  // its own (run_pipeline); not a large file as two halves, whose duplicate
  // check holds every row's hash where this one's stays bounded. Pass 2
  // writes in the inputs' order on this thread: a second run's rows would
  // have to wait somewhere, and a temporary file of half the output (or
  // memory, where $TMPDIR is a tmpfs) is too much to ask for the time.
  std::deque<std::set<int>> years_of;
  const auto years_into = [](std::set<int>& into) {
    return each_contract([&into](const Contract& c, const ProviderDecision&) {
      for (const auto& y : c.years) into.insert(y.year);
    });
  };
  const ContractBatchSink first_years = years_into(years_of.emplace_back());
  SecondSink more_years{[&] { return years_into(years_of.emplace_back()); }, {}, {}, false};
  auto results = run_pipeline(*p, first_years, {}, &more_years);
  say_unused_overrides(*p, err);
  std::set<int> year_set;
  for (const auto& y : years_of) year_set.insert(y.begin(), y.end());
  std::vector<int> years(year_set.begin(), year_set.end());

  std::ofstream file;
  std::ostream* sink = &out;
  if (!o.output.empty() && o.output != "-") {
    file.open(o.output, std::ios::binary);
    if (!file) {
      fmt::print(err, "foi-contracts: cannot write {}: {}\n", o.output, std::strerror(errno));
      return 2;
    }
    sink = &file;
  }
  std::vector<std::string> names(std::begin(kColumns), std::end(kColumns));
  for (int y : years) names.push_back(year_column(y));
  if (o.format == "csv") {
    std::string header;
    for (std::size_t i = 0; i < names.size(); ++i) header += (i ? "," : "") + names[i];
    fmt::print(*sink, "{}\n", header);
  }
  // Pass 2: write, with the same pipeline as pass 1 (rows, contracts and
  // this writer on three threads); the resolver's cache makes its lookups
  // free. Canonical names are settled now, from pass 1's counts: pass 2
  // counts every spelling again.
  ProviderResolver& resolver = *p->resolver;
  std::vector<std::string> canonical;
  auto canonical_name = [&](std::size_t cluster) -> const std::string& {
    while (canonical.size() <= cluster) canonical.push_back(resolver.canonical_name(canonical.size()));
    return canonical[cluster];
  };
  // Every provider of pass 1 now; one first seen in pass 2 (the file changed
  // between the passes) when it comes.
  if (!resolver.clusters().empty()) canonical_name(resolver.clusters().size() - 1);
  RowWriter writer(*sink, o.format == "csv", names);
  // Pass 1's results told every finding; pass 2 reads the same bytes.
  (void)run_pipeline(*p, [&](const Contract& c, const ProviderDecision& d) {
    write_row(writer, c, d, canonical_name(d.cluster), years);
  });
  writer.flush();
  // Standard output is checked once the command ends (src/cli/main.cc).
  if (sink == &file && !output_written(file, o.output, err)) return 2;
  return report_findings(results, err, p->manifest ? &*p->manifest : nullptr, p->inputs.not_returns);
}

}  // namespace foi
