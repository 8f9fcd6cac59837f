#include "foi/manifest.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "foi/ccg.h"
#include "foi/reader.h"
#include "text.h"

namespace foi {

const char* to_string(ResponseStatus s) {
  switch (s) {
    case ResponseStatus::responded: return "responded";
    case ResponseStatus::partial: return "partial";
    case ResponseStatus::nil_return: return "nil_return";
    case ResponseStatus::refused: return "refused";
    case ResponseStatus::not_held: return "not_held";
    case ResponseStatus::no_response: return "no_response";
  }
  return "no_response";
}

std::optional<ResponseStatus> parse_response_status(std::string_view s) {
  std::string f = text::fold(s);
  for (auto st : {ResponseStatus::responded, ResponseStatus::partial, ResponseStatus::nil_return,
                  ResponseStatus::refused, ResponseStatus::not_held, ResponseStatus::no_response}) {
    std::string name = to_string(st);
    std::replace(name.begin(), name.end(), '_', ' ');
    if (f == name) return st;
  }
  if (f == "nil" || f == "nil response" || f == "none") return ResponseStatus::nil_return;
  if (f == "no reply" || f == "not responded") return ResponseStatus::no_response;
  // A request log's own words for the same: "Response received", "Partial
  // response", "Refused (s.43)", "Information not held", "Awaiting response".
  auto is = [&](std::initializer_list<std::string_view> words) {
    return std::find(words.begin(), words.end(), f) != words.end();
  };
  if (is({"response received", "received", "replied", "answered", "complete", "completed", "full response"}))
    return ResponseStatus::responded;
  if (is({"partial response", "partially responded", "part response", "partly answered"})) return ResponseStatus::partial;
  if (text::starts_with_word(f, "refused") || text::starts_with_word(f, "refusal")) return ResponseStatus::refused;
  if (is({"information not held", "info not held", "data not held", "not held by ccg"})) return ResponseStatus::not_held;
  if (is({"awaiting response", "awaiting reply", "no response received", "pending", "overdue", "outstanding"}))
    return ResponseStatus::no_response;
  return std::nullopt;
}

bool is_response(ResponseStatus s) {
  return s == ResponseStatus::responded || s == ResponseStatus::partial || s == ResponseStatus::nil_return;
}

namespace fs = std::filesystem;

const ManifestEntry* Manifest::entry_for_file(const std::string& file_path) const {
  std::error_code ec;
  std::string target = fs::weakly_canonical(file_path, ec).string();
  for (const auto& e : entries)
    if (!e.resolved.empty() && e.resolved == target) return &e;
  std::string name = fs::path(file_path).filename().string();
  const ManifestEntry* found = nullptr;
  for (const auto& e : entries) {
    if (e.file.empty() || fs::path(e.file).filename().string() != name) continue;
    if (found) return nullptr;  // two entries share the name: not safe to guess
    found = &e;
  }
  return found;
}

Manifest load_manifest(const std::string& path, const ReferenceData& ref) {
  Manifest m;
  m.path = path;
  RecordReader reader(path, path);
  Record r;
  std::vector<int> col(6, -1);
  static const char* const kNames[] = {"ccg code", "ccg name", "status", "file", "received", "notes"};
  bool header = false;
  while (reader.next(r)) {
    refuse_record_problem(r, path);
    if (is_blank_record(r)) continue;
    if (!header) {
      for (std::size_t i = 0; i < r.cells.size(); ++i)
        for (int k = 0; k < 6; ++k)
          if (text::fold(r.cells[i]) == kNames[k]) col[k] = static_cast<int>(i);
      if (col[0] < 0 || col[2] < 0)
        throw Error({path, r.line, 0},
                    "a manifest needs the columns ccg_code, ccg_name, status, file, received, notes "
                    "(at least ccg_code and status)");
      header = true;
      continue;
    }
    auto cell = [&](int k) -> std::string {
      int i = col[k];
      return i >= 0 && static_cast<std::size_t>(i) < r.cells.size() ? std::string(text::trim(r.cells[i])) : "";
    };
    ManifestEntry e;
    e.line = r.line;
    e.ccg_code = cell(0);
    e.ccg_name = cell(1);
    e.file = cell(3);
    e.received = cell(4);
    e.notes = cell(5);
    if (!e.file.empty()) {
      std::error_code ec;
      e.resolved = fs::weakly_canonical(fs::path(path).parent_path() / e.file, ec).string();
    }
    auto st = parse_response_status(cell(2));
    if (!st) {
      m.diagnostics.push_back({Severity::error, "manifest-status", {path, r.line, col[2] + 1},
                               fmt::format("status '{}' is not one of responded, partial, nil_return, refused, "
                                           "not_held, no_response; the CCG is counted as asked, not as responding",
                                           cell(2))});
      e.known_status = false;
    } else {
      e.status = *st;
    }
    if (const CcgRef* c = match_ccg(e.ccg_code.empty() ? e.ccg_name : e.ccg_code, ref)) {
      // A code and a name that name two different CCGs: the code is used.
      if (!e.ccg_code.empty() && !e.ccg_name.empty())
        if (const CcgRef* named = match_ccg(e.ccg_name, ref); named && named != c)
          m.diagnostics.push_back({Severity::warning, "ccg-unknown", {path, r.line, col[1] + 1},
                                   fmt::format("ccg_code '{}' is {} {} but ccg_name '{}' is {} {}; the code is used",
                                               e.ccg_code, c->code, c->name, e.ccg_name, named->code, named->name)});
      e.ccg_code = c->code;
      if (e.ccg_name.empty()) e.ccg_name = c->name;
      e.known_ccg = true;
    } else {
      const std::string& given = e.ccg_code.empty() ? e.ccg_name : e.ccg_code;
      // A request log kept from a later year names the CCGs of that year.
      const LaterCcg* later = match_later_ccg(given, ref);
      if (!later && !e.ccg_code.empty() && !e.ccg_name.empty()) later = match_later_ccg(e.ccg_name, ref);
      m.diagnostics.push_back(
          {Severity::warning, "ccg-unknown", {path, r.line, col[0] + 1},
           later ? fmt::format("CCG '{}' is {}: the study counts the 211 CCGs of April 2013, so give each of those "
                               "a row of its own (its status, and its file); this row is not counted",
                               text::printable_short(given), later_ccg_text(*later, ref))
                 : fmt::format("CCG '{}' is not in the list of the 211 CCGs of April 2013; this row is not counted",
                               text::printable_short(given))});
    }
    m.entries.push_back(std::move(e));
  }
  if (!header) throw Error({path, 0, 0}, "the manifest is empty");
  // A CCG on several rows: each of its files on a row of its own is fine;
  // the same file twice, or statuses that disagree on whether it
  // responded, are told (it counts once, as responding if any row says so).
  std::map<std::string, const ManifestEntry*> first;
  for (const ManifestEntry& e : m.entries) {
    if (!e.known_ccg) continue;
    const auto [at, is_first] = first.emplace(e.ccg_code, &e);
    if (is_first) continue;
    const ManifestEntry& f = *at->second;
    const bool f_responds = f.known_status && is_response(f.status), e_responds = e.known_status && is_response(e.status);
    if (f_responds != e_responds && f.known_status && e.known_status)
      m.diagnostics.push_back({Severity::warning, "manifest-status", {path, e.line, col[2] + 1},
                               fmt::format("{} is also on line {}, and the two statuses disagree ({} and {}); it is "
                                           "counted once, as responding",
                                           e.ccg_code, f.line, to_string(f.status), to_string(e.status))});
    else if (e.file == f.file)
      m.diagnostics.push_back({Severity::warning, "manifest-status", {path, e.line, 1},
                               fmt::format("{} is also on line {}{}; it is counted once", e.ccg_code, f.line,
                                           e.file.empty() ? "" : fmt::format(", with the same file '{}'", e.file))});
  }
  // One file on the rows of two CCGs: its contracts are one CCG's, yet both
  // would count as responding.
  std::map<std::string, const ManifestEntry*> by_file;
  for (const ManifestEntry& e : m.entries) {
    if (e.file.empty() || !e.known_ccg) continue;
    const auto [at, is_first] = by_file.emplace(e.file, &e);
    if (is_first || at->second->ccg_code == e.ccg_code) continue;
    m.diagnostics.push_back({Severity::warning, "manifest-status", {path, e.line, col[3] + 1},
                             fmt::format("the file '{}' is also {}'s, on line {}; one return is one CCG's: give "
                                         "each CCG the file it sent, or record the one that sent none as such",
                                         e.file, at->second->ccg_code, at->second->line)});
  }
  return m;
}

Requests count_requests(const Manifest& m) {
  std::map<std::string_view, bool> ccgs;  // code -> responded
  for (const ManifestEntry& e : m.entries)
    if (e.known_ccg) ccgs[e.ccg_code] |= e.known_status && is_response(e.status);
  Requests r;
  r.asked = ccgs.size();
  for (const auto& [code, responded] : ccgs) r.responded += responded;
  return r;
}

}  // namespace foi
