// What each stage of `analyse` adds to the cost of reading a large file,
// on both cores as `analyse` reads it (two halves, split at a line end
// near the middle). Each stage runs the ones before it:
//
//   start      reference tables, study and resolver (open_pipeline)
//   records    bytes -> records (RecordReader)
//   rows       + rows sorted into header, contract, total ... (TableReader)
//   contracts  + contracts: cells parsed, duplicates found (read_return_into)
//   providers  + providers resolved (run_pipeline)
//   figures    + every figure added up, the halves joined, the JSON written
//
// The stages run in turn, RUNS rounds of all of them, in this one process
// (the file stays in the page cache); each line is the median of its runs.
// Process start-up and exit are not in any stage: compare the last line
// with `analyse` timed whole (bench/run.sh) to see them.
// Usage: stage_costs FILE [RUNS=5]
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "foi/analysis.h"
#include "foi/contracts.h"
#include "foi/error.h"
#include "foi/reader.h"
#include "foi/report.h"
#include "foi/pipeline.h"
#include "foi/table.h"

namespace {

using Clock = std::chrono::steady_clock;

// Reads [0, split) on this thread and [split, end) on another; `rows` also
// sorts them into rows under the header the first half found.
long read_halves(const std::string& path, std::uint64_t split, bool rows) {
  long first = 0, second = 0;
  foi::TableOptions table_options;
  foi::RecordReader head(path, path);
  foi::TableReader table(head, table_options);
  foi::Row row;
  foi::Record rec;
  // The header first: the second half's rows are sorted under it.
  if (rows) {
    while (!table.has_header() && table.next(row)) first += row.kind == foi::RowKind::contract;
    if (!table.has_header() || !table.fatal().empty())
      throw foi::Error({path, table.fatal_line(), 0}, table.fatal().empty() ? "no header row" : table.fatal());
  }
  std::thread other([&] {
    foi::ReaderOptions options;
    options.start = split;
    options.delimiter = head.stats().delimiter;
    foi::RecordReader r(path, path, options);
    if (rows) {
      foi::TableReader rest(r, table_options, table.columns());
      foi::Row x;
      while (rest.next(x)) second += x.kind == foi::RowKind::contract;
    } else {
      foi::Record x;
      while (r.next(x)) ++second;
    }
  });
  if (rows) {
    while (head.position().offset < split && table.next(row)) first += row.kind == foi::RowKind::contract;
  } else {
    while (head.position().offset < split && head.next(rec)) ++first;
  }
  other.join();
  return first + second;
}

std::unique_ptr<foi::Pipeline> pipeline(const std::string& path) {
  foi::PipelineOptions o;
  o.inputs = {path};
  auto p = foi::open_pipeline(o);
  p->context.contract_texts = false;  // as `analyse` reads
  return p;
}

long contracts(foi::Pipeline& p) {
  long n = 0, m = 0;
  foi::ContractOut next = [&](foi::Contract& c) -> foi::Contract& {
    ++n;
    return c;
  };
  foi::SecondHalf second{[&](foi::Contract& c) -> foi::Contract& {
                           ++m;
                           return c;
                         },
                         [](bool, long) {},
                         [&](std::span<const foi::Contract> taken) { m -= static_cast<long>(taken.size()); }};
  // The stage is timed up to its contracts, counted here; the file's result is not its work.
  (void)foi::read_return_into(p.inputs.files.at(0), p.context, next, &second);
  return n + m;
}

long providers(foi::Pipeline& p) {
  long n = 0, m = 0;
  foi::SecondSink second{[&]() -> foi::ContractBatchSink {
                           return [&](std::span<const foi::Contract> c, std::span<const foi::ProviderDecision* const>) {
                             m += static_cast<long>(c.size());
                           };
                         },
                         [](bool, const std::vector<const foi::ProviderDecision*>&, long) {},
                         [&](std::span<const foi::Contract> taken, std::span<const foi::ProviderDecision* const>) {
                           m -= static_cast<long>(taken.size());
                         }};
  (void)foi::run_pipeline(
      p, [&](std::span<const foi::Contract> c, std::span<const foi::ProviderDecision* const>) { n += static_cast<long>(c.size()); },
      {}, &second);
  return n + m;
}

// As `analyse` runs, without the findings' report.
long figures(foi::Pipeline& p) { return static_cast<long>(foi::json_report(foi::analyse_inputs(p).results).size()); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: stage_costs FILE [RUNS=5]\n");
    return 2;
  }
  const std::string path = argv[1];
  int runs = 5;
  if (argc > 2) {
    const std::string_view arg = argv[2];
    auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), runs);
    if (ec != std::errc() || end != arg.data() + arg.size() || runs < 1) {
      fmt::print(stderr, "stage_costs: RUNS must be a whole number of at least 1, not '{}'\n", arg);
      return 2;
    }
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    fmt::print(stderr, "stage_costs: cannot read {}: {}\n", path, std::strerror(errno));
    return 2;
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  try {
    // Where `analyse` splits the file; none for a file it reads in one piece.
    const auto probe = pipeline(path);
    const std::uint64_t split =
        probe->inputs.files.size() == 1 ? foi::halves_split(probe->inputs.files[0], probe->context) : 0;
    if (split == 0)
      throw foi::Error({path, 0, 0}, fmt::format("not one CSV file of at least {} MiB with a line end after its "
                                                 "middle, which `analyse` reads as two halves: the stages would not "
                                                 "be measured as it runs them",
                                                 probe->context.split_bytes >> 20));
    // A stage past `records` and `rows` is given a pipeline made before its clock starts.
    struct Stage {
      const char* name;
      std::function<long(foi::Pipeline&)> run;
      std::vector<double> ms;
      long result = 0;
    };
    std::array<Stage, 6> stages{{
        {"start", {}, {}, 0},
        {"records", [&](foi::Pipeline&) { return read_halves(path, split, false); }, {}, 0},
        {"rows", [&](foi::Pipeline&) { return read_halves(path, split, true); }, {}, 0},
        {"contracts", contracts, {}, 0},
        {"providers", providers, {}, 0},
        {"figures", figures, {}, 0},
    }};
    for (int round = 0; round < runs; ++round)
      for (Stage& s : stages) {
        auto t0 = Clock::now();
        auto p = pipeline(path);
        if (s.run) {
          t0 = Clock::now();
          s.result = s.run(*p);
        } else {
          s.result = static_cast<long>(p->inputs.files.size());
        }
        s.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    fmt::print("{}: {:.1f} MB, split at byte {}; median of {} runs each, in turn\n\n", path,
               static_cast<double>(size) / 1e6, split, runs);
    fmt::print("{:<10} {:>9} {:>7} {:>9}  {}\n", "stage", "median ms", "MB/s", "added ms", "what it counted");
    double before = 0;
    for (Stage& s : stages) {
      std::sort(s.ms.begin(), s.ms.end());
      const double median = s.ms[s.ms.size() / 2];
      const bool start = &s == &stages[0];
      fmt::print("{:<10} {:>9.1f} {:>7} {:>9}  {}\n", s.name, median,
                 start ? "" : fmt::format("{:.0f}", static_cast<double>(size) / 1e3 / median),
                 start || &s == &stages[1] ? "" : fmt::format("{:+.1f}", median - before),
                 start ? fmt::format("{} input", s.result)
                 : &s == &stages[5] ? fmt::format("{} bytes of JSON", s.result)
                 : &s == &stages[1] ? fmt::format("{} records", s.result)
                                    : fmt::format("{} contracts", s.result));
      if (!start) before = median;
    }
    fmt::print("\nrecords..figures exclude start; 500 MB/s on this file is {:.0f} ms for the whole process\n",
               static_cast<double>(size) / 500e3);
    // The stages after `rows` see the same contracts, or they measure different work.
    const long rows = stages[2].result, made = stages[3].result, resolved = stages[4].result;
    if (made != resolved || made > rows) {
      fmt::print(stderr, "stage_costs: the stages disagree: {} contract rows, {} contracts made, {} resolved\n", rows,
                 made, resolved);
      return 1;
    }
  } catch (const foi::Error& e) {
    fmt::print(stderr, "stage_costs: {}\n", e.what());
    return 2;
  }
  return 0;
}
