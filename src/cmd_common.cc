#include "cmd_common.h"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "foi/error.h"

namespace foi {

int report_findings(const std::vector<FileResult>& files, std::ostream& err, bool summary_only,
                    const Manifest* manifest) {
  if (manifest)
    for (const Diagnostic& d : manifest->diagnostics)
      if (d.severity != Severity::info) fmt::print(err, "{}\n", format_diagnostic(d));
  if (summary_only) {
    int code = 0;
    long warnings = 0, files_with = 0;
    std::map<std::string, long> by_id;
    for (const auto& f : files) {
      bool any = false;
      for (const auto& d : f.findings.kept) {
        if (d.severity == Severity::error) {
          code = 2;
          fmt::print(err, "{}\n", format_diagnostic(d));
        }
      }
      for (const auto& [id, n] : f.findings.count_by_id) {
        bool warning = false;
        for (const auto& d : f.findings.kept)
          if (d.id == id && d.severity == Severity::warning) warning = true;
        if (!warning) continue;
        by_id[id] += n;
        warnings += n;
        any = true;
      }
      files_with += any;
      if (f.unreadable) code = 2;
    }
    if (warnings) {
      std::string kinds;
      for (const auto& [id, n] : by_id) kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", n, id);
      fmt::print(err, "{} warning(s) in {} file(s): {} (run `foi-contracts validate` for each one)\n", warnings,
                 files_with, kinds);
    }
    return code;
  }
  int code = 0;
  constexpr long kShown = 3;
  for (const auto& f : files) {
    std::map<std::string, long> shown;
    for (const auto& d : f.findings.kept) {
      if (d.severity == Severity::info) continue;
      if (d.severity == Severity::error) code = 2;
      if (shown[d.id]++ < kShown) fmt::print(err, "{}\n", format_diagnostic(d));
    }
    for (const auto& [id, n] : shown) {
      long total = f.findings.total(id);
      if (total > kShown) fmt::print(err, "{}: note: {} more [{}] not shown (see `validate`)\n", f.file, total - kShown, id);
    }
    if (f.unreadable) code = 2;
  }
  return code;
}

std::vector<Diagnostic> unused_overrides(const Pipeline& p) {
  std::vector<Diagnostic> out;
  if (!p.resolver) return out;
  for (const Override& o : p.resolver->unused_overrides())
    out.push_back({Severity::warning, "override-unused", {p.options.overrides, o.line, 1},
                   fmt::format("override '{}' matches no provider of the inputs: no spelling keys to it (check its "
                               "spelling; docs/providers.md says how names are keyed)",
                               o.name)});
  return out;
}

void say_unused_overrides(const Pipeline& p, std::ostream& err) {
  for (const Diagnostic& d : unused_overrides(p)) fmt::print(err, "{}\n", format_diagnostic(d));
}

void say_repeated_inputs(const Inputs& inputs, std::ostream& err) {
  for (const std::string& f : inputs.repeated)
    fmt::print(err, "foi-contracts: {} is among the inputs more than once (named again, or inside a folder named); "
                    "it is read once\n",
               f);
}

void refuse_output_over_inputs(const std::string& output, const Inputs& inputs,
                               const std::vector<std::string>& other_files) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (output.empty() || output == "-" || !fs::exists(output, ec)) return;  // a new file is no input
  auto refuse_if_same = [&](const std::string& path, const std::string& what) {
    if (path.empty() || path == "-" || !fs::equivalent(output, path, ec)) return;
    throw Error({output, 0, 0}, fmt::format("is {} ({}); writing it would destroy what is read: choose another "
                                            "output file",
                                            what, path));
  };
  for (const InputFile& f : inputs.files) refuse_if_same(f.path, "one of the inputs");
  for (const std::string& f : other_files) refuse_if_same(f, "a file the command reads");
}

void refuse_output_folder_in_inputs(const std::string& dir, const std::vector<std::string>& named_inputs) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(dir, ec);
  if (ec) return;
  for (const std::string& input : named_inputs) {
    if (input == "-" || !fs::is_directory(input, ec)) continue;
    const fs::path in = fs::canonical(input, ec);
    if (ec) continue;
    const auto [end_in, at_out] = std::mismatch(in.begin(), in.end(), out.begin(), out.end());
    if (end_in == in.end())
      throw Error({dir, 0, 0}, fmt::format("is inside the input folder {}, so that the next run would read its "
                                           "tables as returns: choose a folder outside it",
                                           input));
  }
}

}  // namespace foi
