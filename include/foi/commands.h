// The tool's commands as library functions: the executable only parses the
// command line. Each returns the process exit code (methods.md (Errors and exit codes)):
// 0 success, 1 a quality gate or expected figure failed, 2 usage or input error.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "foi/pipeline.h"

namespace foi {

struct InspectOptions {
  PipelineOptions pipeline;  // its overrides are not used: inspect resolves no provider
  bool records = false;      // print every record as a JSON array of cells
};
[[nodiscard]] int run_inspect(const InspectOptions& o, std::ostream& out, std::ostream& err);

struct NormaliseOptions {
  PipelineOptions pipeline;
  std::string output;  // empty or "-": standard output
  std::string format = "csv";  // csv or jsonl
};
[[nodiscard]] int run_normalise(const NormaliseOptions& o, std::ostream& out, std::ostream& err);

struct ProvidersOptions {
  PipelineOptions pipeline;
  bool unresolved = false;        // only unknown and low-confidence providers
  double low_confidence = 0.8;
  std::string template_path;      // write an overrides CSV to complete
  std::string format = "text";    // text or csv
};
[[nodiscard]] int run_providers(const ProvidersOptions& o, std::ostream& out, std::ostream& err);

struct AnalyseOptions {
  PipelineOptions pipeline;
  std::string study_path;  // a study file to read into pipeline.study; empty: pipeline.study as it is
  std::string format = "text";  // text, json, csv, markdown
  std::string out_dir;
  bool progress = false;  // show progress on standard error
};
[[nodiscard]] int run_analyse(const AnalyseOptions& o, std::ostream& out, std::ostream& err);

struct ValidateOptions {
  PipelineOptions pipeline;
  std::string rules;
  std::string format = "text";  // text, json, github, junit
  long max_warnings = -1;       // -1: no limit
};
[[nodiscard]] int run_validate(const ValidateOptions& o, std::ostream& out, std::ostream& err);

}  // namespace foi
