#include "foi/ccg.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "text.h"

namespace foi {

std::string ccg_key(std::string_view name) {
  std::string out;
  const std::string folded = text::fold(name);
  for (auto w : text::split(folded, ' ')) {
    if (w == "nhs" || w == "ccg" || w.empty()) continue;
    if (w == "clinical" || w == "commissioning" || w == "group") continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

namespace {

// The CCG an ODS code ("08K"), its five-character commissioner code
// ("08K00", as hospital activity and finance data write it) or an ONS code
// ("E38000092", as national statistics and NHS England's data name a CCG)
// stands for; nullptr for any other word.
const CcgRef* ccg_of_code(std::string_view s, const ReferenceData& ref) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() == 9 && (s[0] == 'E' || s[0] == 'e') && s.substr(1, 2) == "38")
    return std::all_of(s.begin() + 3, s.end(), digit) ? ref.ccg_by_code(s) : nullptr;
  if (s.size() == 5 && s.substr(3) == "00") s = s.substr(0, 3);
  return s.size() == 3 && digit(s[0]) && digit(s[1]) ? ref.ccg_by_code(s) : nullptr;
}

}  // namespace

const CcgRef* match_ccg(std::string_view raw, const ReferenceData& ref) {
  std::string_view t = text::trim(raw);
  if (t.empty()) return nullptr;
  if (const CcgRef* c = ccg_of_code(t, ref)) return c;
  // "08K - NHS Lambeth CCG" or "NHS Lambeth CCG (08K)"
  std::string f = text::fold(t);
  for (auto w : text::split(f, ' '))
    if (const CcgRef* c = ccg_of_code(w, ref)) return c;
  auto it = ref.ccg_key_index.find(ccg_key(t));
  if (it != ref.ccg_key_index.end()) return &ref.ccgs[it->second];
  // A CCG's name with a remark beside it ("NHS Lambeth CCG (lead)"): one CCG named, and only one.
  const std::vector<const CcgRef*> named = ccgs_named_in(t, ref);
  return named.size() == 1 ? named.front() : nullptr;
}

std::vector<const CcgRef*> ccgs_named_in(std::string_view text, const ReferenceData& ref) {
  const std::string folded = text::fold(text);
  const auto words = text::split(folded, ' ');
  struct Run {
    std::size_t from, to;  // words [from, to)
    const CcgRef* ccg;
  };
  std::vector<Run> runs;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string run;
    for (std::size_t j = i; j < words.size() && j < i + 8; ++j) {
      if (!run.empty()) run += ' ';
      run += words[j];
      if (auto it = ref.ccg_key_index.find(run); it != ref.ccg_key_index.end())
        runs.push_back({i, j + 1, &ref.ccgs[it->second]});
    }
  }
  // A run inside a longer one is part of that name ("east lincolnshire" in "north east lincolnshire").
  std::vector<const CcgRef*> out;
  for (const Run& r : runs) {
    const bool inside = std::any_of(runs.begin(), runs.end(), [&](const Run& o) {
      return &o != &r && o.from <= r.from && r.to <= o.to && o.to - o.from > r.to - r.from;
    });
    if (!inside && std::find(out.begin(), out.end(), r.ccg) == out.end()) out.push_back(r.ccg);
  }
  return out;
}

const LaterCcg* match_later_ccg(std::string_view raw, const ReferenceData& ref) {
  const std::string_view t = text::trim(raw);
  if (t.empty()) return nullptr;
  const std::string key = ccg_key(t), folded = text::fold(t);
  const auto words = text::split(folded, ' ');
  for (const LaterCcg& later : ref.later_ccgs) {
    if (key == ccg_key(later.name)) return &later;
    for (auto w : words)
      if (text::equal_ignoring_case(w, later.code)) return &later;
  }
  return nullptr;
}

std::string ccgs_text(const std::vector<const CcgRef*>& ccgs) {
  std::string out;
  for (std::size_t i = 0; i < ccgs.size(); ++i)
    out += fmt::format("{}{} {}", i == 0 ? "" : i + 1 == ccgs.size() ? " and " : ", ", ccgs[i]->code, ccgs[i]->name);
  return out;
}

std::string later_ccg_text(const LaterCcg& later, const ReferenceData& ref) {
  std::vector<const CcgRef*> from;
  for (std::size_t i : later.from) from.push_back(&ref.ccgs[i]);
  return fmt::format("{} {}, formed after April 2013 from {}", later.code, later.name, ccgs_text(from));
}

FileNameCcg ccg_from_file_name(std::string_view path, const ReferenceData& ref) {
  FileNameCcg out;
  std::string stem = std::filesystem::path(std::string(path)).stem().string();
  std::string f = text::fold(stem);
  auto words = text::split(f, ' ');
  for (auto w : words)
    if (const CcgRef* c = ccg_of_code(w, ref)) {
      out.ccg = c;
      out.basis = "file name code";
      return out;
    }
  // The longest run of words that is a CCG key; two different CCGs of the
  // same length make the name ambiguous.
  std::size_t best_len = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string run;
    for (std::size_t j = i; j < words.size() && j < i + 8; ++j) {
      if (!run.empty()) run += ' ';
      run += words[j];
      auto it = ref.ccg_key_index.find(run);
      if (it == ref.ccg_key_index.end()) continue;
      const CcgRef* c = &ref.ccgs[it->second];
      if (run.size() > best_len) {
        best_len = run.size();
        out.ccg = c;
        out.ambiguity.clear();
      } else if (run.size() == best_len && c != out.ccg) {
        out.ambiguity = c->name;
      }
    }
  }
  if (out.ccg) {
    out.basis = "file name";
    if (!out.ambiguity.empty()) out.ambiguity = out.ccg->name + " or " + out.ambiguity;
  }
  return out;
}

}  // namespace foi
