// The stages up to providers run together: every return read, every contract placed in its
// CCG and its provider resolved. Analysis and outputs start from here.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <optional>
#include <string>
#include <vector>

#include "foi/contracts.h"
#include "foi/error.h"
#include "foi/manifest.h"
#include "foi/providers.h"
#include "foi/reference.h"
#include "foi/study.h"

namespace foi {

struct PipelineOptions {
  std::vector<std::string> inputs;
  std::string manifest;       // empty: a manifest.csv at the top of an input folder, if any
  std::string overrides;      // provider overrides CSV
  std::string aliases;        // header aliases CSV
  std::string reference_dir;  // empty: the built-in tables
  Study study;
  // Called on the reading context once open_pipeline has set it up, to
  // change how inputs are read: the sizes from which a file is read in
  // halves and returns as two runs, the bound of the duplicate check, the
  // findings kept a check. A caller with other cores or memory than the
  // defaults assume tunes them here; the tests and the commands' fuzzer
  // make small inputs take the paths of large ones.
  std::function<void(ReadContext&)> adjust_reading;
  // Inputs that hold no return open all the same, with no files, instead of
  // throwing no_returns(): `validate` checks a manifest without its returns
  // (each missing file a finding), and says why in its own format.
  bool allow_no_returns = false;
};

// The error of inputs that hold no return (a folder of other files, or empty).
[[nodiscard]] Error no_returns(const std::vector<std::string>& inputs);

// Its parts point into each other (the resolver and the reading context
// into reference and manifest), so it stays where open_pipeline made it:
// neither copied nor moved.
struct Pipeline {
  Pipeline() = default;
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  PipelineOptions options;
  ReferenceData reference;
  std::optional<Manifest> manifest;
  Inputs inputs;
  ReadContext context;
  std::unique_ptr<ProviderResolver> resolver;  // refers to reference
  // What reading the overrides file found that is not a refusal (rows
  // that decide nothing yet), told with the overrides no provider took.
  Diagnostics override_findings;
};

// Loads reference data, manifest, overrides and aliases and lists the input
// files. Throws foi::Error for anything the user must fix first.
[[nodiscard]] std::unique_ptr<Pipeline> open_pipeline(PipelineOptions options);

using ContractSink = std::function<void(const Contract&, const ProviderDecision&)>;
// The same, a batch of contracts at a time with their decisions, in order.
using ContractBatchSink =
    std::function<void(std::span<const Contract> contracts, std::span<const ProviderDecision* const> decisions)>;
ContractBatchSink each_contract(ContractSink sink);
using Progress = std::function<void(std::size_t files_done, std::size_t files_total)>;

// For a caller whose figures add up over parts of the input in any order:
// a large file is then read as two halves at once, and many returns as two
// runs of files, the second half or run on another thread into a sink of
// its own, with a provider resolver of its own.
struct SecondSink {
  // A sink for one second half or run; called on the calling thread.
  std::function<ContractBatchSink()> open;
  // Once that half or run is read, on the calling thread: keep it
  // (decisions maps the name_id of each decision its sink saw to the
  // pipeline resolver's decision for the same provider spelling, type cell
  // and code) or forget it. A half's contracts' source lines count from
  // where the half starts: add lines_before (see SecondHalf). Empty for a
  // caller with nothing to do then.
  std::function<void(bool keep, const std::vector<const ProviderDecision*>& decisions, long lines_before)> close;
  // Before close(true), on the calling thread: contracts its sink was given
  // that are to be taken back out, with the decisions they were given with
  // (rows found, once both halves are read, to repeat rows of the first).
  // Without it, such a half is forgotten and read again.
  std::function<void(std::span<const Contract>, std::span<const ProviderDecision* const>)> take_back;
  // False for a caller whose sinks cannot share one input: inputs are then
  // read as two runs of files only (open() is called once at most, for the
  // files after the first run's), and a large file as without a second sink.
  bool halves = true;
};

// Reads every input in order; sink sees each contract with its provider.
// Returns are read on a second thread while this one resolves providers
// and runs the sink and progress, so neither needs to be thread-safe:
// progress(i, n) is called once the sink has seen all contracts of the
// first i inputs. With a second sink, a large file is read as two halves
// instead (reads_in_halves), and returns as large together (a study's 211
// CCGs at national scale) as two runs of files: the second half's, or the
// second run's, sink runs on its own thread, and progress(i, n) then tells
// how many inputs are read, in any order. The results are in input order.
[[nodiscard]] std::vector<FileResult> run_pipeline(Pipeline& p, const ContractBatchSink& sink, const Progress& progress = {},
                                     const SecondSink* second = nullptr);
[[nodiscard]] inline std::vector<FileResult> run_pipeline(Pipeline& p, const ContractSink& sink, const Progress& progress = {}) {
  return run_pipeline(p, each_contract(sink), progress);
}

}  // namespace foi
