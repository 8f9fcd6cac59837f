// `validate`: a data-quality gate for a set of FOI returns.
#include <algorithm>
#include <bit>
#include <cstring>
#include <deque>
#include <map>
#include <ostream>
#include <set>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <toml++/toml.h>

#include "foi/commands.h"
#include "foi/error.h"
#include "foi/format.h"
#include "text.h"
#include "toml_file.h"
#include "repeated_hashes.h"
#include "exact_sum.h"
#include "cmd_common.h"
#include "temp_file.h"

namespace foi {

namespace {

struct Rules {
  std::map<std::string, std::optional<Severity>> severity;  // nullopt: off
  double unknown_type_share = 0.10;
};

Rules load_rules(const std::string& path) {
  Rules r;
  if (path.empty()) return r;
  const toml::table t = parse_toml_file(path);
  // A misspelt section or key would leave the rules as they were, unnoticed.
  auto at_key = [&](const toml::key& k) {
    return Location{path, static_cast<long>(k.source().begin.line), static_cast<long>(k.source().begin.column)};
  };
  for (const auto& [k, v] : t)
    if (k.str() != "severity" && k.str() != "thresholds")
      throw Error(at_key(k), fmt::format("'{}' is not part of a rules file, which has [severity] and [thresholds] "
                                         "(see docs/ci.md)",
                                         text::printable_short(k.str())));
  const auto at_node = [&](const toml::node& n) {
    return Location{path, static_cast<long>(n.source().begin.line), static_cast<long>(n.source().begin.column)};
  };
  if (const toml::node* n = t.get("severity"); n && !n->is_table())
    throw Error(at_node(*n), "[severity] is a table of check = severity");
  if (const auto* s = t["severity"].as_table())
    for (const auto& [k, v] : *s) {
      auto level = v.value<std::string>();
      Location at{path, static_cast<long>(v.source().begin.line), static_cast<long>(v.source().begin.column)};
      // A misspelt id would leave its check as it was, unnoticed.
      if (std::find(check_ids().begin(), check_ids().end(), k.str()) == check_ids().end())
        throw Error({path, static_cast<long>(k.source().begin.line), static_cast<long>(k.source().begin.column)},
                    fmt::format("'{}' is not a check this tool reports (did you mean '{}'?); the checks are listed "
                                "in docs/ci.md",
                                text::printable_short(k.str()), nearest_name(k.str(), check_ids())));
      constexpr const char* kLevels = "a severity is \"error\", \"warning\", \"info\", \"off\" or \"default\"";
      if (!level) throw Error(at, kLevels);
      if (*level == "default") continue;  // as the check itself says (some have two, see docs/ci.md)
      if (*level == "error") r.severity[std::string(k.str())] = Severity::error;
      else if (*level == "warning") r.severity[std::string(k.str())] = Severity::warning;
      else if (*level == "info") r.severity[std::string(k.str())] = Severity::info;
      else if (*level == "off") r.severity[std::string(k.str())] = std::nullopt;
      else throw Error(at, kLevels);
    }
  if (const toml::node* n = t.get("thresholds"); n && !n->is_table())
    throw Error(at_node(*n), "[thresholds] is a table of name = number");
  if (const auto* th = t["thresholds"].as_table())
    for (const auto& [k, v] : *th) {
      if (k.str() != "unknown_type_share")
        throw Error(at_key(k), fmt::format("'{}' is not a threshold; the one threshold is unknown_type_share",
                                             text::printable_short(k.str())));
      const auto share = v.value<double>();
      if (!share || !(*share >= 0 && *share <= 1))
        throw Error({path, static_cast<long>(v.source().begin.line), static_cast<long>(v.source().begin.column)},
                    "unknown_type_share is a share of contracts, a number from 0 to 1");
      r.unknown_type_share = *share;
    }
  return r;
}

// GitHub workflow commands escape %, CR and LF in messages, and in the
// properties (file=..., title=...) also the ':' and ',' that end them. A
// line break is escaped rather than made a space, as printable() would:
// GitHub reads %0A back, so a file name holding one still names its file.
std::string gh(std::string_view raw, bool property = false) {
  std::string out;
  for (std::size_t from = 0;;) {
    const std::size_t to = std::min(raw.find_first_of("\r\n", from), raw.size());
    for (char c : text::printable(raw.substr(from, to - from))) {
      if (c == '%') out += "%25";
      else if (property && c == ':') out += "%3A";
      else if (property && c == ',') out += "%2C";
      else out += c;
    }
    if (to == raw.size()) return out;
    out += raw[to] == '\r' ? "%0D" : "%0A";
    from = to + 1;
  }
}

// A sheet's findings are placed as "book.xlsx[Sheet]", which GitHub cannot
// attach to a file of the change: the annotation names the workbook, and the
// message the sheet and cell (Sheet!C5, or Sheet!9:9 for a row). No spreadsheet lets a sheet's name
// hold '[' or ']', so the last '[' starts it.
std::string github_annotation(const Diagnostic& d) {
  const std::string& file = d.where.file;
  const std::size_t open = file.rfind('[');
  if (d.where.column_letters && file.ends_with(']') && open != std::string::npos && open > 0) {
    std::string cell = file.substr(open + 1, file.size() - open - 2);
    if (d.where.line > 0 && d.where.column > 0)
      cell += fmt::format("!{}{}", column_letters(d.where.column), d.where.line);
    else if (d.where.line > 0)
      cell += fmt::format("!{0}:{0}", d.where.line);  // the whole row, as a spreadsheet names it
    return fmt::format("file={},title={}::{}: {}", gh(file.substr(0, open), true), gh(d.id, true), gh(cell),
                       gh(d.message));
  }
  std::string where = fmt::format("file={}", gh(file, true));
  if (d.where.line > 0) where += fmt::format(",line={}", d.where.line);
  if (d.where.column > 0) where += fmt::format(",col={}", d.where.column);
  return fmt::format("{},title={}::{}", where, gh(d.id, true), gh(d.message));
}

// A contract as read, not as written, for the check across files: a
// return's "£60,000" and "01/04/2013" are a national file's 60000 and
// 2013-04-01. The provider is the one both runs' resolvers know
// (cluster_id, not its place in one resolver's list); a value or date that
// is not read is compared as its status and text.
std::uint64_t contract_key(const Contract& c, const ProviderDecision& d) {
  std::uint64_t key = text::hash_more(d.cluster_id, c.ccg_code);
  const auto number = [&](char tag, std::int64_t n) {
    char bytes[1 + sizeof n];
    bytes[0] = tag;
    std::memcpy(bytes + 1, &n, sizeof n);
    key = text::hash_more(key, std::string_view(bytes, sizeof bytes));
  };
  // The amount as the sums add it (exact_sum.h): the same rounding, and an
  // amount past 64 bits kept apart rather than overflowing.
  if (c.value) {
    const Amount a = amount_of(*c.value);
    number('v', a.units);
    if (a.beyond != 0) [[unlikely]]
      number('b', std::bit_cast<std::int64_t>(a.beyond));
  }
  else number('s', static_cast<std::int64_t>(c.value_status)), key = text::hash_more(key, c.value_text);
  for (const auto* date : {&c.start, &c.end}) {
    number('d', static_cast<std::int64_t>(date->status) << 32 |
                    static_cast<std::uint32_t>(date->status == DateStatus::ok ? date->day : 0));
    if (date->status == DateStatus::unparseable) key = text::hash_more(key, date == &c.start ? c.start_text : c.end_text);
  }
  return text::hash_finish(text::hash_more(key, c.service));  // each text's length goes in too: parts cannot run together
}

// Error for a check across files that could not keep its hashes on disk.
[[nodiscard]] Error no_room(const std::system_error& e) {
  return Error({"", 0, 0}, fmt::format("cannot keep the check for contracts repeated across files in a temporary "
                                       "file in {} ({}); set TMPDIR to a writable folder with room",
                                       temp_dir(), e.code().message()));
}

// Checks that need more than one row or file.
struct FileExtra {
  long contracts = 0, unknown = 0;
  std::vector<Diagnostic> found;
};

// Each contract after the first of its hash (in the order read) that is in
// another file than that first one. Found after the file's other checks of
// the same rows, so each file's are put back in line order.
void find_repeats_across_files(std::deque<SortedRuns<std::uint64_t>>& contract_keys, const Inputs& inputs,
                               std::vector<FileExtra>& extra) {
  const auto file_of = [](std::uint64_t at) { return static_cast<std::size_t>(at >> 40); };
  const auto line_of = [](std::uint64_t at) { return static_cast<long>((at & ((std::uint64_t{1} << 40) - 1)) - 1); };
  std::vector<bool> repeats(extra.size());
  // A hash's entries come part by part, each part's in the order added:
  // the order read, as the first run's files all come before the second's.
  std::uint64_t last_key = 0, first = 0;
  bool any = false;
  std::vector<SortedRuns<std::uint64_t>*> parts;
  for (auto& k : contract_keys) parts.push_back(&k);
  try {
    SortedRuns<std::uint64_t>::merge(parts, [&](std::uint64_t key, const std::uint64_t& at) {
      if (!any || key != last_key) {
        any = true;
        last_key = key;
        first = at;
        return;
      }
      if (file_of(at) == file_of(first)) return;
      const auto& input = inputs.files[file_of(at)];
      extra[file_of(at)].found.push_back(
          {Severity::warning, "duplicate-across-files", {input.display, line_of(at), 0},
           fmt::format("the same contract is in {}",
                       to_string(Location{inputs.files[file_of(first)].display, line_of(first), 0}))});
      repeats[file_of(at)] = true;
    });
  } catch (const std::system_error& e) {
    throw no_room(e);
  }
  for (std::size_t i = 0; i < extra.size(); ++i)
    if (repeats[i])
      std::stable_sort(extra[i].found.begin(), extra[i].found.end(),
                       [](const Diagnostic& a, const Diagnostic& b) { return a.where.line < b.where.line; });
}

// Two files placed in one CCG by their names or the manifest: a CCG's
// return sent twice, or a file named for the wrong CCG. Sheets of one
// workbook are one return.
void find_several_returns(const std::vector<FileResult>& files, const Inputs& inputs, std::vector<FileExtra>& extra) {
  std::map<std::string, std::size_t> first_return;  // CCG code -> the first file placed in it
  std::set<std::pair<const Workbook*, std::string>> told;  // a workbook is told once for a CCG, not once a sheet
  for (std::size_t i = 0; i < files.size(); ++i) {
    const FileResult& f = files[i];
    if (f.ccg_code.empty() || f.ccg_basis.empty() || f.unreadable) continue;  // no CCG, one per row, or nothing read
    const auto [at, first] = first_return.emplace(f.ccg_code, i);
    if (first) continue;
    const InputFile &a = inputs.files[at->second], &b = inputs.files[i];
    if (a.workbook && a.workbook == b.workbook) continue;
    // A CCG's spending files come a month or a quarter a file: each is one more of its returns.
    if (f.payments && files[at->second].payments) continue;
    if (b.workbook && !told.emplace(b.workbook.get(), f.ccg_code).second) continue;
    // A workbook by its file's name: all its sheets are the one return.
    extra[i].found.push_back({Severity::warning, "ccg-several-returns", {b.workbook ? b.path : f.file, 0, 0},
                              fmt::format("{} {} has another return, {}; if both are its, they are read as one; if "
                                          "not, name this file with its own CCG's ODS code",
                                          f.ccg_code, f.ccg_name, a.workbook ? a.path : files[at->second].file)});
  }
}

// Findings of one check in one file past the number kept: counted, for
// the gate and the summary, and told as one line, not listed.
struct Unlisted {
  std::string file, id;
  long n = 0;
  Severity severity = Severity::warning;
};

std::string unlisted_line(const Unlisted& u) {
  return fmt::format("{} more {} finding(s) of the same check, counted but not listed", u.n, u.id);
}

// What the gate found and decided, for every format to write.
struct Outcome {
  // Moved, not copied: a national set of returns can hold hundreds of
  // thousands of findings.
  std::vector<Diagnostic> findings;
  std::vector<Unlisted> unlisted;
  long errors = 0, warnings = 0, infos = 0;
  bool fail = false;
  // Why the gate failed, for every format: a CI log may show only that.
  std::string verdict;  // "passed", or "FAILED (why)"
  std::string reason;   // why, alone; empty when passed
};

// The findings of one file that are past the number kept, by check.
void count_unlisted(const FileResult& f, std::vector<Unlisted>& unlisted) {
  for (const auto& by_id : f.findings.count_by_id) {
    const std::string& id = by_id.first;  // a name of its own: clang's lambdas cannot take a structured binding
    const long total = by_id.second;
    const auto kept = std::count_if(f.findings.kept.begin(), f.findings.kept.end(), [&](const Diagnostic& d) { return d.id == id; });
    if (total <= kept || kept == 0) continue;
    const auto last = std::find_if(f.findings.kept.rbegin(), f.findings.kept.rend(), [&](const Diagnostic& d) { return d.id == id; });
    unlisted.push_back({f.file, id, total - kept, last->severity});
  }
}

// The rules file may change any check's severity or turn it off; then the
// findings are counted and the gate decided. An input that could not be
// opened fails the run (exit 2) whatever the rules say of `unreadable`, and
// every format says so: a CI log that says "passed" beside a red job would
// leave the user to guess.
void decide(const Rules& rules, long max_warnings, const std::vector<std::string>& not_opened, Outcome& g) {
  for (auto& d : g.findings)
    if (auto it = rules.severity.find(d.id); it != rules.severity.end() && it->second) d.severity = *it->second;
  std::erase_if(g.findings, [&](const Diagnostic& d) {
    auto it = rules.severity.find(d.id);
    return it != rules.severity.end() && !it->second;
  });
  std::erase_if(g.unlisted, [&](Unlisted& u) {
    auto it = rules.severity.find(u.id);
    if (it == rules.severity.end()) return false;
    if (!it->second) return true;
    u.severity = *it->second;
    return false;
  });
  auto count = [&](Severity s) -> long& { return s == Severity::error ? g.errors : s == Severity::warning ? g.warnings : g.infos; };
  for (const auto& d : g.findings) ++count(d.severity);
  for (const auto& u : g.unlisted) count(u.severity) += u.n;
  const bool too_many = max_warnings >= 0 && g.warnings > max_warnings;
  g.fail = g.errors > 0 || too_many || !not_opened.empty();
  g.reason = g.errors > 0 && too_many
                 ? fmt::format("{} error(s), and {} warning(s), more than --max-warnings {}", g.errors, g.warnings,
                               max_warnings)
             : g.errors > 0 ? fmt::format("{} error(s)", g.errors)
             : too_many     ? fmt::format("{} warning(s), more than --max-warnings {}", g.warnings, max_warnings)
                            : std::string();
  if (!not_opened.empty()) {
    std::string names;
    for (const auto& f : not_opened) names += (names.empty() ? "" : ", ") + f;
    g.reason += fmt::format("{}{} input{} could not be opened: {}", g.reason.empty() ? "" : "; ", not_opened.size(),
                            not_opened.size() == 1 ? "" : "s", names);
  }
  g.verdict = g.fail ? fmt::format("FAILED ({})", g.reason) : std::string("passed");
}

void write_json(std::ostream& out, const Outcome& g, const std::vector<FileResult>& files) {
  // Written as it goes, not gathered into one text first.
  fmt::print(out, "{{\n  \"findings\": [");
  for (std::size_t i = 0; i < g.findings.size(); ++i) {
    const auto& d = g.findings[i];
    fmt::print(out,
               "{}\n    {{\"id\": {}, \"severity\": \"{}\", \"file\": {}, \"line\": {}, \"column\": {}, "
               "\"message\": {}}}",
               i ? "," : "", json_string(d.id), to_string(d.severity), json_string(d.where.file), d.where.line,
               d.where.column, json_string(d.message));
  }
  fmt::print(out, "\n  ],\n  \"files\": [");
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    std::string s = fmt::format("{}\n    {{\"file\": {}, \"ccg\": {}, \"contracts\": {}, \"unreadable\": {}, \"rows\": {{",
                                i ? "," : "", json_string(f.file), json_string(f.ccg_code), f.contracts,
                                f.unreadable ? "true" : "false");
    for (std::size_t k = 0; k < kRowKindCount; ++k)
      s += fmt::format("{}{}: {}", k ? ", " : "", json_string(to_string(static_cast<RowKind>(k))), f.rows.by_kind[k]);
    s += fmt::format(", \"read\": {}, \"lines\": {}}}}}", f.rows.total(), f.read.lines);
    fmt::print(out, "{}", s);
  }
  // The count of each check, for a national file's thousands of findings.
  std::map<std::string_view, long> by_check;
  for (const auto& d : g.findings) ++by_check[d.id];
  for (const auto& u : g.unlisted) by_check[u.id] += u.n;
  std::string checks;
  for (const auto& [id, n] : by_check) checks += fmt::format("{}{}: {}", checks.empty() ? "" : ", ", json_string(id), n);
  std::string more;
  for (const auto& u : g.unlisted)
    more += fmt::format("{}\n    {{\"id\": {}, \"severity\": \"{}\", \"file\": {}, \"count\": {}}}", more.empty() ? "" : ",",
                        json_string(u.id), to_string(u.severity), json_string(u.file), u.n);
  fmt::print(out, "\n  ],\n  \"unlisted\": [{}{}],\n  \"summary\": {{\"files\": {}, \"errors\": {}, \"warnings\": {}, "
                   "\"info\": {}, \"passed\": {}, \"reason\": {}, \"checks\": {{{}}}}}\n}}\n",
             more, more.empty() ? "" : "\n  ", files.size(), g.errors, g.warnings, g.infos, g.fail ? "false" : "true",
             g.fail ? json_string(g.reason) : "null", checks);
}

void write_github(std::ostream& out, const Outcome& g, std::size_t files) {
  const auto level = [](Severity s) { return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "notice"; };
  for (const auto& d : g.findings) fmt::print(out, "::{} {}\n", level(d.severity), github_annotation(d));
  for (const auto& u : g.unlisted)
    fmt::print(out, "::{} file={},title={}::{}\n", level(u.severity), gh(u.file, true), gh(u.id, true),
               gh(unlisted_line(u)));
  if (g.fail) fmt::print(out, "::error title=foi-contracts validate::{} file(s): {}\n", files, gh(g.verdict));
}

// One test case per file: errors and warnings are failures, info goes to
// the case's output. The gate is a test case of its own, failed when the
// run fails.
void write_junit(std::ostream& out, const Outcome& g, const std::vector<FileResult>& files) {
  std::map<std::string, std::vector<const Diagnostic*>> by_file;
  for (const auto& f : files) by_file[f.file];
  for (const auto& d : g.findings) by_file[d.where.file].push_back(&d);
  std::vector<Diagnostic> unlisted_findings;  // each stands for its many, in the file's test case
  for (const auto& u : g.unlisted) unlisted_findings.push_back({u.severity, u.id, {u.file, 0, 0}, unlisted_line(u)});
  for (const auto& d : unlisted_findings) by_file[d.where.file].push_back(&d);
  long failures = 0;
  for (auto& [f, ds] : by_file)
    failures += std::any_of(ds.begin(), ds.end(), [](const Diagnostic* d) { return d->severity != Severity::info; });
  fmt::print(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"foi-contracts validate\" "
                  "tests=\"{}\" failures=\"{}\">\n",
             by_file.size() + 1, failures + g.fail);
  fmt::print(out, "  <testcase classname=\"foi-contracts\" name=\"gate\">{}</testcase>\n",
             g.fail ? fmt::format("<failure type=\"gate\" message=\"{}\"/>", xml_attribute(g.verdict)) : "");
  for (const auto& [f, ds] : by_file) {
    fmt::print(out, "  <testcase classname=\"foi-contracts\" name=\"{}\">\n", xml_attribute(f));
    std::string info;
    for (const Diagnostic* d : ds) {
      // As written, and escaped only as XML needs: a control character
      // reads \u000b in the body as in the message attribute.
      if (d->severity == Severity::info) {
        info += diagnostic_line(*d) + "\n";
        continue;
      }
      fmt::print(out, "    <failure type=\"{}\" message=\"{}\">{}</failure>\n", xml_attribute(d->id),
                 xml_attribute(d->message), xml_text(diagnostic_line(*d)));
    }
    if (!info.empty()) fmt::print(out, "    <system-out>{}</system-out>\n", xml_text(info));
    fmt::print(out, "  </testcase>\n");
  }
  fmt::print(out, "</testsuite>\n");
}

void write_text(std::ostream& out, const Outcome& g, std::size_t files) {
  for (const auto& d : g.findings) fmt::print(out, "{}\n", format_diagnostic(d));
  for (const auto& u : g.unlisted)
    fmt::print(out, "{}\n", format_diagnostic({u.severity, u.id, {u.file, 0, 0}, unlisted_line(u)}));
  fmt::print(out, "{} file(s): {} error(s), {} warning(s), {} info; {}\n", files, g.errors, g.warnings, g.infos,
             text::printable(g.verdict));
}

}  // namespace

int run_validate(const ValidateOptions& o, std::ostream& out, std::ostream& err) {
  refuse_unknown_format(o.format, {"text", "json", "github", "junit"});
  Rules rules = load_rules(o.rules);
  // A folder of a manifest alone is a data set whose returns are all
  // missing: the gate fails on the manifest's missing files (exit 1).
  PipelineOptions options = o.pipeline;
  options.allow_no_returns = true;
  auto p = open_pipeline(options);
  if (p->inputs.files.empty() && !p->manifest) {
    // Nothing to check is a usage error (exit 2), said in the chosen format
    // too: a CI job's report is a document saying why, never an empty file.
    const std::string why = no_returns(options.inputs).what();
    Outcome g;
    g.fail = true;
    g.reason = why;
    g.verdict = fmt::format("FAILED ({})", why);
    if (o.format == "json") write_json(out, g, {});
    else if (o.format == "github") write_github(out, g, 0);
    else if (o.format == "junit") write_junit(out, g, {});
    else write_text(out, g, 0);
    fmt::print(err, "foi-contracts: {}\n", text::printable(why));
    return 2;
  }
  say_repeated_inputs(p->inputs, err, false);  // the files not read are findings here
  p->context.findings_per_check = 100000;

  std::vector<FileExtra> extra(p->inputs.files.size());
  // Contracts by a 64-bit hash of what makes two the same, with where each
  // is (file index << 40 | line + 1), sorted by hash once all are read: in
  // runs of a fixed size kept in a temporary file, so that ten million
  // contracts in 211 returns need no more memory than a thousand. Nothing
  // at all for a single input, which cannot repeat another file. Many
  // inputs are read as two runs of files, each on a core of its own into a
  // sink of its own (run_pipeline): each run keeps its own hashes, and a
  // contract says which input it is from. The two runs' files are apart,
  // so each file's own checks are written by one sink only.
  const bool across_files = p->inputs.files.size() > 1;
  std::deque<SortedRuns<std::uint64_t>> contract_keys;  // a run's each; a deque: sinks hold on to theirs
  std::deque<std::vector<signed char>> no_provider_names;  // a run's each, as contract_keys
  const auto sink_of_a_run = [&]() {
    SortedRuns<std::uint64_t>& keys = contract_keys.emplace_back(std::size_t{1} << 19);
    // Whether each spelling names no one provider (1), or several (2), by
    // its decision (a run's resolver numbers them): a name is read once,
    // not once a row.
    std::vector<signed char>& no_provider = no_provider_names.emplace_back();
    return each_contract([&](const Contract& c, const ProviderDecision& d) {
      FileExtra& fx = extra[c.source_index];
      ++fx.contracts;
      if (d.type == ProviderType::unknown) ++fx.unknown;
      if (no_provider.size() <= d.name_id) no_provider.resize(d.name_id + 1, -1);
      signed char& names_none = no_provider[d.name_id];
      if (names_none < 0)
        names_none = names_no_provider(c.provider_raw)                                   ? 1
                     : d.basis != "override" && !providers_named_together(c.provider_raw).empty() ? 2
                                                                                          : 0;
      if (names_none == 1)
        fx.found.push_back({Severity::warning, "provider-placeholder",
                            {c.source_file, c.source_line, c.provider_column},
                            fmt::format("'{}' names no one provider: its contracts count as one provider's in HHI "
                                        "and the provider counts; list the providers, or settle it with --overrides",
                                        text::trim(c.provider_raw))});
      if (names_none == 2) [[unlikely]] {
        std::string names;
        for (std::string_view n : providers_named_together(c.provider_raw))
          names += fmt::format("{}'{}'", names.empty() ? "" : ", ", n);
        fx.found.push_back({Severity::warning, "provider-joint", {c.source_file, c.source_line, c.provider_column},
                            fmt::format("'{}' names several providers ({}): the contract counts as one provider's, "
                                        "typed {}, in HHI, the provider counts and the shares by type; give each "
                                        "provider's part a row of its own, or settle the name with --overrides",
                                        text::trim(c.provider_raw), names, to_string(d.type))});
      }
      if (!d.conflict.empty())
        fx.found.push_back({Severity::warning, "type-conflict", {c.source_file, c.source_line, c.type_column},
                            d.conflict});
      if (!across_files) return;
      try {
        keys.add(contract_key(c, d),
                 static_cast<std::uint64_t>(c.source_index) << 40 | static_cast<std::uint64_t>(c.source_line + 1));
      } catch (const std::system_error& e) {
        throw no_room(e);
      }
    });
  };
  const ContractBatchSink first_run = sink_of_a_run();
  SecondSink second_run{sink_of_a_run, {}, {}, false};
  auto files = run_pipeline(*p, first_run, {}, &second_run);
  if (across_files) find_repeats_across_files(contract_keys, p->inputs, extra);
  find_several_returns(files, p->inputs, extra);

  Outcome g;
  std::vector<std::string> not_opened;
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileResult& f = files[i];
    count_unlisted(f, g.unlisted);
    // A file that could not be opened is a usage error, as a misspelt name is.
    if (f.not_opened) not_opened.push_back(f.file);
    for (auto& d : f.findings.kept) g.findings.push_back(std::move(d));
    Diagnostics().swap(f.findings.kept);
    for (auto& d : extra[i].found) g.findings.push_back(std::move(d));
    Diagnostics().swap(extra[i].found);
    const FileExtra& fx = extra[i];
    if (fx.contracts > 0) {
      double share = static_cast<double>(fx.unknown) / static_cast<double>(fx.contracts);
      if (share > rules.unknown_type_share)
        g.findings.push_back({Severity::warning, "unknown-types", {f.file, 0, 0},
                              fmt::format("{} of {} contracts ({}) have a provider of unknown type, above the {} "
                                          "threshold; settle them with `providers --template` and --overrides",
                                          fx.unknown, fx.contracts, percent(share), percent(rules.unknown_type_share))});
    }
    if (p->manifest && f.path != "-" && !p->manifest->entry_for_file(f.path))
      g.findings.push_back({Severity::warning, "manifest-unlisted-file", {f.file, 0, 0},
                            fmt::format("the file is not listed in the manifest {}", p->manifest->path)});
  }
  for (auto& d : unused_overrides(*p)) g.findings.push_back(std::move(d));
  for (auto& d : not_read_findings(p->inputs)) g.findings.push_back(std::move(d));
  if (p->manifest) find_manifest_mismatches(*p->manifest, files, g.findings, p->inputs.not_returns);
  decide(rules, o.max_warnings, not_opened, g);

  if (o.format == "json") write_json(out, g, files);
  else if (o.format == "github") write_github(out, g, files.size());
  else if (o.format == "junit") write_junit(out, g, files);
  else write_text(out, g, files.size());
  if (!not_opened.empty()) return 2;
  return g.fail ? 1 : 0;
}

}  // namespace foi
