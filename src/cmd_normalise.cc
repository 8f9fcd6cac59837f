// `normalise`: the clean long table, one row per contract.
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <functional>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "foi/commands.h"
#include "foi/error.h"
#include "foi/format.h"
#include "report_common.h"
#include "temp_file.h"
#include "text.h"
#include "u64_map.h"

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
  // Where the rows go, 64 KiB at a time: the output, or a second run's
  // temporary file.
  using Out = std::function<void(std::string_view)>;
  RowWriter(Out sink, bool csv, const std::vector<std::string>& names) : sink_(std::move(sink)), csv_(csv) {
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
    if (!out_.empty()) sink_(out_);
    out_.clear();
  }

 private:
  void next() {
    if (field_ > 0) out_ += ',';
    else if (!csv_) out_ += '{';
    if (!csv_) out_ += keys_[field_];
    ++field_;
  }

  Out sink_;
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
  if (o.format != "csv" && o.format != "jsonl") {
    fmt::print(err, "foi-contracts: --format must be csv or jsonl\n");
    return 2;
  }
  auto p = open_pipeline(o.pipeline);
  // Pass 1: every provider spelling and financial year, so that canonical
  // names (the most frequent spelling) and the per-year columns are known
  // before the first row is written. Memory grows with providers, not rows.
  // Many returns are read as two runs of files at once, each with years
  // of its own (run_pipeline). Not a large file as two halves: their
  // duplicate check holds every row's hash, where this one's stays bounded.
  std::deque<std::set<int>> years_of;
  const auto years_into = [](std::set<int>& into) {
    return each_contract([&into](const Contract& c, const ProviderDecision&) {
      for (const auto& y : c.years) into.insert(y.year);
    });
  };
  const ContractBatchSink first_years = years_into(years_of.emplace_back());
  SecondSink more_years{[&] { return years_into(years_of.emplace_back()); },
                        [](bool, const std::vector<const ProviderDecision*>&, long) {}, {}, false};
  auto results = run_pipeline(*p, first_years, {}, &more_years);
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
    *sink << header << '\n';
  }
  // Pass 2: write, with the same pipeline as pass 1. Canonical names are
  // settled now, from pass 1's counts (pass 2 counts every spelling again),
  // and found by a provider's cluster_id, which a second run's resolver
  // gives as this one does. A provider first met in pass 2 (the file
  // changed between the passes) is named by this resolver when it comes,
  // or in a second run by its spelling.
  ProviderResolver& resolver = *p->resolver;
  U64Map<std::string> canonical, met_late;  // met_late: the first run's own, written on its thread alone
  for (const ProviderCluster& cluster : resolver.clusters())
    canonical[cluster.id] = resolver.canonical_name(static_cast<std::size_t>(&cluster - resolver.clusters().data()));
  const bool csv = o.format == "csv";
  RowWriter writer([&](std::string_view rows) { sink->write(rows.data(), static_cast<std::streamsize>(rows.size())); },
                   csv, names);
  const ContractBatchSink first_run = each_contract([&](const Contract& c, const ProviderDecision& d) {
    const std::string* name = canonical.find(d.cluster_id);
    if (!name) name = met_late.find(d.cluster_id);
    write_row(writer, c, d, name ? *name : met_late[d.cluster_id] = resolver.canonical_name(d.cluster), years);
  });
  // Many returns are written as two runs of files at once: the second
  // run's rows go to a temporary file of their own, added to the output
  // after the first run's once both are read. Its memory stays flat. The
  // file is made first: where none can be, the returns are written in turn,
  // as before there was a second run.
  const auto no_room = [](const std::system_error& e) {
    return Error({"", 0, 0}, fmt::format("cannot keep rows in a temporary file in {} ({}); set TMPDIR to a writable "
                                         "folder with room",
                                         temp_dir(), e.code().message()));
  };
  struct Spill {
    int fd = -1;
    std::unique_ptr<RowWriter> writer;
    Spill() = default;
    Spill(const Spill&) = delete;
    Spill& operator=(const Spill&) = delete;
    ~Spill() {
      if (fd >= 0) ::close(fd);
    }
  };
  Spill spill;
  try {
    TempFile t = make_temp_file("foi-contracts-rows");
    ::unlink(t.path.c_str());  // nothing is left behind however the run ends
    spill.fd = t.fd;
  } catch (const std::system_error&) {
    // No room for it: one run, on this thread.
  }
  bool opened = false;
  const auto to_the_temporary_file = [&]() -> ContractBatchSink {
    if (std::exchange(opened, true)) throw std::logic_error("normalise: a second run of files opened twice");
    spill.writer = std::make_unique<RowWriter>(
        [&spill, no_room](std::string_view rows) {
          try {
            write_all(spill.fd, rows.data(), rows.size());
          } catch (const std::system_error& e) {
            throw no_room(e);
          }
        },
        csv, names);
    return each_contract([&spill, &canonical, &years](const Contract& c, const ProviderDecision& d) {
      const std::string* name = canonical.find(d.cluster_id);
      write_row(*spill.writer, c, d, name ? *name : std::string(text::trim(c.provider_raw)), years);
    });
  };
  const auto add_to_output = [&](bool keep, const std::vector<const ProviderDecision*>&, long) {
    if (!keep) return;  // the run failed, and its error is on its way
    spill.writer->flush();
    writer.flush();  // the first run's rows come first
    std::vector<char> chunk(std::size_t{1} << 20);
    for (off_t at = 0;;) {
      const ssize_t got = ::pread(spill.fd, chunk.data(), chunk.size(), at);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw no_room(std::system_error(errno, std::generic_category()));
      if (got == 0) break;
      sink->write(chunk.data(), static_cast<std::streamsize>(got));
      at += got;
    }
  };
  SecondSink second_run{to_the_temporary_file, add_to_output, {}, false};
  run_pipeline(*p, first_run, {}, spill.fd >= 0 ? &second_run : nullptr);
  writer.flush();
  // Standard output is checked once the command ends (src/cli/main.cc).
  if (sink == &file && !output_written(file, o.output, err)) return 2;
  return report_findings(results, err, true);
}

}  // namespace foi
