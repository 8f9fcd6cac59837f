// Stages 1-3 run together: every return read, every contract placed in its
// CCG and its provider resolved. Analysis and outputs start from here.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "foi/contracts.h"
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
};

struct Pipeline {
  PipelineOptions options;
  ReferenceData reference;
  std::optional<Manifest> manifest;
  Inputs inputs;
  ReadContext context;
  std::unique_ptr<ProviderResolver> resolver;  // refers to reference
};

// Loads reference data, manifest, overrides and aliases and lists the input
// files. Throws foi::Error for anything the user must fix first.
std::unique_ptr<Pipeline> open_pipeline(PipelineOptions options);

using ContractSink = std::function<void(const Contract&, const ProviderDecision&)>;
using Progress = std::function<void(std::size_t files_done, std::size_t files_total)>;

// Reads every input in order; sink sees each contract with its provider.
// Returns are read on a second thread while this one resolves providers
// and runs the sink and progress, so neither needs to be thread-safe:
// progress(i, n) is called once the sink has seen all contracts of the
// first i inputs.
std::vector<FileResult> run_pipeline(Pipeline& p, const ContractSink& sink, const Progress& progress = {});

}  // namespace foi
