// Any bytes as a set of returns (up to four files, parted by form feeds)
// through one command, read as small inputs are read (in turn) and as large
// ones are (each file in halves, the files as two runs of files, rows read
// ahead on another thread, the duplicate check bounded): what the command
// prints, what it says on standard error and its exit code must be the same
// bytes every way. The first byte picks the command and whether the first
// file is named twice.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "foi/commands.h"

namespace {

// One folder for the process, its files rewritten for every input.
const std::string& folder() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string t = std::string(tmp && *tmp ? tmp : "/tmp") + "/fuzz_commands.XXXXXX";
    if (!::mkdtemp(t.data())) std::abort();
    return t;
  }();
  return dir;
}

struct Outcome {
  int code = 0;
  std::string out, err;
  bool operator==(const Outcome&) const = default;
};

// One command's options with the pipeline's and a format, run.
template <typename Options, typename Run>
int run_with(Options o, const foi::PipelineOptions& pipeline, std::string format, Run run, std::ostream& out,
             std::ostream& err) {
  o.pipeline = pipeline;
  o.format = std::move(format);
  return run(o, out, err);
}

Outcome run(unsigned command, const std::vector<std::string>& inputs,
            const std::function<void(foi::ReadContext&)>& adjust) {
  foi::PipelineOptions pipeline;
  pipeline.inputs = inputs;
  pipeline.adjust_reading = adjust;
  std::ostringstream out, err;
  Outcome o;
  switch (command % 4) {
    case 0: o.code = run_with(foi::AnalyseOptions{}, pipeline, "json", foi::run_analyse, out, err); break;
    case 1: o.code = run_with(foi::ValidateOptions{}, pipeline, "json", foi::run_validate, out, err); break;
    case 2: o.code = run_with(foi::ProvidersOptions{}, pipeline, "csv", foi::run_providers, out, err); break;
    default: o.code = run_with(foi::NormaliseOptions{}, pipeline, "csv", foi::run_normalise, out, err); break;
  }
  o.out = out.str();
  o.err = err.str();
  return o;
}

// Says where two outcomes first differ, on standard error, for the one
// who reproduces a failure.
bool same(const Outcome& a, const Outcome& b, const char* how) {
  if (a == b) return true;
  auto show = [&](const char* what, const std::string& x, const std::string& y) {
    if (x == y) return;
    std::size_t at = 0;
    while (at < x.size() && at < y.size() && x[at] == y[at]) ++at;
    const std::size_t from = at < 200 ? 0 : at - 200;
    std::fprintf(stderr, "%s %s differs at byte %zu:\n--- in turn:\n%s\n--- %s:\n%s\n", how, what, at,
                 x.substr(from, 400).c_str(), how, y.substr(from, 400).c_str());
  };
  if (a.code != b.code) std::fprintf(stderr, "%s: exit %d, in turn %d\n", how, b.code, a.code);
  show("output", a.out, b.out);
  show("standard error", a.err, b.err);
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned flags = data[0];
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  // Named by CCG code, as returns often are, for files without a CCG column.
  static const char* const kNames[] = {"00C_contracts.csv", "08K_contracts.csv", "10N_contracts.csv",
                                       "04H_contracts.csv"};
  std::vector<std::string> inputs;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < 4 && begin <= rest.size(); ++i) {
    std::size_t end = i == 3 ? rest.size() : rest.find('\f', begin);
    if (end == std::string_view::npos) end = rest.size();
    const std::string path = folder() + "/" + kNames[i];
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(rest.data() + begin,
                                                                  static_cast<std::streamsize>(end - begin));
    inputs.push_back(path);
    begin = end + 1;
  }
  if (flags & 4) inputs.push_back(inputs.front());  // one file named twice: two inputs
  const unsigned command = flags & 3;

  const Outcome in_turn = run(command, inputs, [](foi::ReadContext& c) {
    c.split_bytes = std::numeric_limits<std::size_t>::max();
    c.read_ahead_bytes = std::numeric_limits<std::size_t>::max();
    c.duplicate_rows_in_memory = 0;
  });
  // Every file large enough for halves; the files as two runs where halves are declined.
  const Outcome halves = run(command, inputs, [&](foi::ReadContext& c) {
    c.split_bytes = 0;
    c.read_ahead_bytes = 0;
    c.duplicate_rows_in_memory = 1 + size % 5;
  });
  if (!same(in_turn, halves, "in halves")) __builtin_trap();
  // Files below half the bytes as two runs, a larger one in halves.
  const Outcome runs = run(command, inputs, [&](foi::ReadContext& c) {
    c.split_bytes = rest.size() / 2 + 1;
    c.read_ahead_bytes = rest.size() / 3;
  });
  if (!same(in_turn, runs, "as two runs")) __builtin_trap();
  return 0;
}
