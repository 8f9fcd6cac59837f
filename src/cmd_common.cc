#include "cmd_common.h"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "foi/error.h"
#include "text.h"

namespace foi {

namespace {
constexpr std::string_view kReadKinds = ".csv, .tsv, .txt, .xlsx, .xlsm, .ods, .xls";
constexpr std::string_view kNotReadHelp =
    "A return sent as a PDF or a Word document needs its table saved as CSV or a spreadsheet; save an .xlsb or "
    ".numbers workbook as .xlsx; unpack a .zip or .gz";
}  // namespace

// Where the manifest and the files disagree: a status saying no contracts
// over a file holding some, and a CCG said to have responded whose file
// was not read.
void find_manifest_mismatches(const Manifest& manifest, const std::vector<FileResult>& files,
                              std::vector<Diagnostic>& findings, const std::vector<std::string>& not_read) {
  const std::size_t first = findings.size();
  for (const auto& d : manifest.diagnostics) findings.push_back(d);
  // Read: a file an input was matched to (a CCG listed twice with one
  // file names it on both rows).
  std::set<std::string> read;
  // The manifest's row for each CCG that it says sent no contracts, for a
  // file it does not list that is placed in the CCG and holds some.
  std::map<std::string, const ManifestEntry*> said_none;
  std::set<std::string> responded;
  for (const auto& e : manifest.entries) {
    if (!e.known_ccg || !e.known_status) continue;
    if (is_response(e.status) && e.status != ResponseStatus::nil_return) responded.insert(e.ccg_code);
    else said_none.emplace(e.ccg_code, &e);
  }
  for (const auto& f : files) {
    const ManifestEntry* e = manifest.entry_for_file(f.path);
    if (!e && f.contracts > 0 && !responded.count(f.ccg_code))
      if (auto it = said_none.find(f.ccg_code); it != said_none.end())
        findings.push_back({Severity::warning, "manifest-status", {manifest.path, it->second->line, 3},
                            fmt::format("the manifest says {} {}, but {}, which it does not list, holds {} "
                                        "contract(s) placed in {}; they are counted{}",
                                        f.ccg_code, to_string(it->second->status), f.file, f.contracts, f.ccg_code,
                                        is_response(it->second->status) ? ""
                                                                        : ", and the CCG is not counted as responding")});
    if (e) {
      read.insert(e->file);
      // A status that says there are no contracts, over a file that has some.
      if (e->known_status && !f.unreadable && f.contracts > 0 &&
          (e->status == ResponseStatus::nil_return || !is_response(e->status)))
        findings.push_back({Severity::warning, "manifest-status", {manifest.path, e->line, 3},
                            fmt::format("the manifest says {} {}, but its file '{}' holds {} contract(s); they "
                                        "are counted{}",
                                        e->ccg_code, to_string(e->status), e->file, f.contracts,
                                        is_response(e->status) ? "" : ", and the CCG is not counted as responding")});
    }
  }
  // A listed file the folder holds but that is of no kind a return is read
  // as (a PDF): the remedy is to convert it, not to add it.
  std::set<std::string> held_not_read;
  for (const std::string& f : not_read) {
    std::error_code ec;
    held_not_read.insert(std::filesystem::weakly_canonical(f, ec).string());
  }
  for (const auto& e : manifest.entries) {
    if (!e.known_status || (e.status != ResponseStatus::responded && e.status != ResponseStatus::partial)) continue;
    if (!e.file.empty() && read.count(e.file)) continue;
    std::string why = e.file.empty() ? fmt::format("{} responded but the manifest names no file", e.ccg_code)
                      : held_not_read.count(e.resolved)
                          ? fmt::format("{} responded but its file '{}' is not read, being of no kind a return is "
                                        "read as ({}); save its table as CSV or a spreadsheet, and list that file",
                                        e.ccg_code, e.file, kReadKinds)
                          : fmt::format("{} responded but its file '{}' was not among the inputs", e.ccg_code, e.file);
    findings.push_back({Severity::error, "manifest-missing-file", {manifest.path, e.line, 4}, std::move(why)});
  }
  // All at the manifest's lines, found in three passes: told in line order.
  std::stable_sort(findings.begin() + static_cast<std::ptrdiff_t>(first), findings.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.where.line < b.where.line; });
}

int report_findings(const std::vector<FileResult>& files, std::ostream& err, const Manifest* manifest,
                    const std::vector<std::string>& not_read) {
  // The manifest's own findings, and where it and the files disagree (a
  // CCG said to have responded whose file was not among the inputs: the
  // figures are without it). Told, as the manifest is no return: the exit
  // code is the returns'.
  if (manifest) {
    std::vector<Diagnostic> found;
    find_manifest_mismatches(*manifest, files, found, not_read);
    for (const Diagnostic& d : found)
      if (d.severity != Severity::info) fmt::print(err, "{}\n", format_diagnostic(d));
  }
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

void refuse_unknown_format(std::string_view format, std::initializer_list<std::string_view> known) {
  std::string names;
  for (std::string_view k : known) {
    if (k == format) return;
    names += fmt::format("{}{}", names.empty() ? "" : ", ", k);
  }
  throw Error({}, fmt::format("--format must be one of {} (not '{}')", names, text::printable(format)));
}

namespace {
std::string type_decided(const Override& o) { return o.type ? to_string(*o.type) : "its type by the rules"; }
}  // namespace

std::vector<Diagnostic> unused_overrides(const Pipeline& p) {
  std::vector<Diagnostic> out = p.override_findings;
  if (!p.resolver) return out;
  // The first line of each key: a later name that keys alike ("Acme Care
  // Solutions Ltd" after "Acme Care Solutions") is the same provider, whose
  // decision that line gives.
  std::map<std::string, const Override*> first_of_key;
  for (const Override& o : p.resolver->overrides()) first_of_key.emplace(name_key(o.name), &o);
  for (const Override& o : p.resolver->unused_overrides()) {
    const Override* first = first_of_key.at(name_key(o.name));
    if (first->line != o.line)
      out.push_back({Severity::warning, "override-unused", {p.options.overrides, o.line, 1},
                     fmt::format("override '{}' is the same provider as line {} ('{}': the names key alike), whose "
                                 "decision is used{}; keep one line for it",
                                 o.name, first->line, first->name,
                                 first->type != o.type || first->canonical_name != o.canonical_name
                                     ? fmt::format(" ({}, {}), not this line's ({}, {})", first->canonical_name,
                                                   type_decided(*first), o.canonical_name, type_decided(o))
                                     : "")});
    else
      out.push_back({Severity::warning, "override-unused", {p.options.overrides, o.line, 1},
                     fmt::format("override '{}' matches no provider of the inputs: no spelling keys to it (check its "
                                 "spelling; docs/providers.md says how names are keyed)",
                                 o.name)});
  }
  return out;
}

void say_unused_overrides(const Pipeline& p, std::ostream& err) {
  for (const Diagnostic& d : unused_overrides(p)) fmt::print(err, "{}\n", format_diagnostic(d));
}

std::vector<Diagnostic> not_read_findings(const Inputs& inputs) {
  std::vector<Diagnostic> out;
  for (const std::string& f : inputs.not_returns)
    out.push_back({Severity::warning, "file-not-read", {f, 0, 0},
                   fmt::format("the file is in an input folder but is not read, being of no kind a return is read "
                               "as ({}). {}",
                               kReadKinds, kNotReadHelp)});
  return out;
}

void say_repeated_inputs(const Inputs& inputs, std::ostream& err, bool say_not_returns) {
  for (const std::string& f : inputs.repeated)
    fmt::print(err, "foi-contracts: {} is among the inputs more than once (named again, or inside a folder named); "
                    "it is read once\n",
               text::printable(f));
  for (const auto& [later, earlier] : inputs.same_bytes)
    fmt::print(err, "foi-contracts: {} holds the same bytes as {}: if it is one return saved or downloaded twice, "
                    "remove one, as both are read and their contracts count twice\n",
               text::printable(later), text::printable(earlier));
  if (inputs.not_returns.empty() || !say_not_returns) return;
  // A CCG that answered in a PDF would otherwise drop out of the figures
  // and the response rate without a word. Named up to ten.
  constexpr std::size_t kNamed = 10;
  std::string names;
  for (std::size_t i = 0; i < std::min(kNamed, inputs.not_returns.size()); ++i)
    names += (i ? ", " : "") + text::printable(inputs.not_returns[i]);
  if (inputs.not_returns.size() > kNamed) names += fmt::format(" and {} more", inputs.not_returns.size() - kNamed);
  fmt::print(err, "foi-contracts: {} file(s) in the input folders are not read, being of no kind a return is read as "
                  "({}): {}. {}\n",
             inputs.not_returns.size(), kReadKinds, names, kNotReadHelp);
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

std::vector<std::string> files_read_beside_inputs(const Pipeline& p) {
  return {p.inputs.manifest, p.options.manifest, p.options.overrides, p.options.aliases, p.options.study.path};
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
