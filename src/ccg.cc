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
    // Words a name is written with or without: "Airedale Wharfedale
    // Craven", "Wigan" (NHS Wigan Borough CCG), "Saint Helens".
    if (w == "and" || w == "borough") continue;
    if (!out.empty()) out += ' ';
    out += w == "saint" ? "st" : w;
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

namespace {

// The runs of words in a text that are a CCG's name: one of the 211, or
// one formed later by a merger (`later` set, `ccg` null). A run inside a
// longer one is part of that name: "east lincolnshire" in "north east
// lincolnshire", and "gateshead" in "newcastle gateshead", the CCG formed
// from Gateshead and two others, which is none of them.
struct NamedRun {
  std::size_t from, to;  // words [from, to)
  const CcgRef* ccg;
  const LaterCcg* later;
};
std::vector<NamedRun> named_runs(std::string_view text, const ReferenceData& ref) {
  const std::string folded = text::fold(text);
  const auto words = text::split(folded, ' ');
  std::vector<NamedRun> runs;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string run;
    for (std::size_t j = i; j < words.size() && j < i + 8; ++j) {
      if (!run.empty()) run += ' ';
      run += words[j];
      if (auto it = ref.ccg_key_index.find(run); it != ref.ccg_key_index.end())
        runs.push_back({i, j + 1, &ref.ccgs[it->second], nullptr});
      else if (auto later = ref.later_ccg_key_index.find(run); later != ref.later_ccg_key_index.end())
        runs.push_back({i, j + 1, nullptr, &ref.later_ccgs[later->second]});
    }
  }
  std::vector<NamedRun> out;
  for (const NamedRun& r : runs) {
    const bool inside = std::any_of(runs.begin(), runs.end(), [&](const NamedRun& o) {
      return &o != &r && o.from <= r.from && r.to <= o.to && o.to - o.from > r.to - r.from;
    });
    if (!inside) out.push_back(r);
  }
  return out;
}

// A name's key words in order, to find a name written in another order.
std::vector<std::string_view> sorted_words(std::string_view key) {
  std::vector<std::string_view> words = text::split(key, ' ');
  std::sort(words.begin(), words.end());
  return words;
}

// The one CCG whose name has the words of key in another order
// ("Manchester Central", "Leeds North"), as collated lists sorted by place
// write them; nullptr for none or more than one.
const CcgRef* ccg_of_reordered(const std::string& key, const ReferenceData& ref) {
  const auto words = sorted_words(key);
  if (words.size() < 2) return nullptr;
  const CcgRef* found = nullptr;
  for (const auto& [name_key, i] : ref.ccg_key_index)
    if (sorted_words(name_key) == words) {
      if (found && found != &ref.ccgs[i]) return nullptr;
      found = &ref.ccgs[i];
    }
  return found;
}

}  // namespace

const CcgRef* match_ccg(std::string_view raw, const ReferenceData& ref) {
  std::string_view t = text::trim(raw);
  if (t.empty()) return nullptr;
  if (const CcgRef* c = ccg_of_code(t, ref)) return c;
  // "08K - NHS Lambeth CCG" or "NHS Lambeth CCG (08K)"; a cell of two
  // codes ("08K, 08Q"), or a code and another CCG's name, names neither.
  std::string f = text::fold(t);
  const CcgRef* coded = nullptr;
  for (auto w : text::split(f, ' '))
    if (const CcgRef* c = ccg_of_code(w, ref)) {
      if (coded && coded != c) return nullptr;
      coded = c;
    }
  if (coded) {
    const std::vector<const CcgRef*> named = ccgs_named_in(t, ref);
    return named.size() == 1 ? coded : nullptr;
  }
  const std::string key = ccg_key(t);
  auto it = ref.ccg_key_index.find(key);
  if (it != ref.ccg_key_index.end()) return &ref.ccgs[it->second];
  if (const CcgRef* c = ccg_of_reordered(key, ref)) return c;
  // A CCG's name with a remark beside it ("NHS Lambeth CCG (lead)"): one CCG named, and only one.
  if (match_later_ccg(t, ref)) return nullptr;
  // A council of the same place ("Southwark Council", "London Borough of
  // Lambeth", "LB Lambeth") is a co-commissioner, not the CCG; "Wigan
  // Borough" is a CCG's own name.
  const auto words = text::split(f, ' ');
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == "council" || words[i] == "lb" ||
        (words[i] == "borough" && i + 1 < words.size() && words[i + 1] == "of"))
      return nullptr;
  const std::vector<const CcgRef*> named = ccgs_named_in(t, ref);
  return named.size() == 1 ? named.front() : nullptr;
}

std::vector<const CcgRef*> ccgs_named_in(std::string_view text, const ReferenceData& ref) {
  std::vector<const CcgRef*> out;
  auto add = [&](const CcgRef* c) {
    if (c && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  const std::string folded = text::fold(text);
  for (auto w : text::split(folded, ' ')) add(ccg_of_code(w, ref));
  for (const NamedRun& r : named_runs(text, ref)) add(r.ccg);
  return out;
}

const LaterCcg* match_later_ccg(std::string_view raw, const ReferenceData& ref) {
  const std::string_view t = text::trim(raw);
  if (t.empty()) return nullptr;
  if (auto it = ref.later_ccg_key_index.find(ccg_key(t)); it != ref.later_ccg_key_index.end())
    return &ref.later_ccgs[it->second];
  const std::string folded = text::fold(t);
  for (auto w : text::split(folded, ' '))
    for (const LaterCcg& later : ref.later_ccgs)
      if (text::equal_ignoring_case(w, later.code)) return &later;
  // Named among other words ("NHS Newcastle Gateshead CCG (lead)"), and no CCG of April 2013 beside it.
  const LaterCcg* named = nullptr;
  for (const NamedRun& r : named_runs(t, ref)) {
    if (r.ccg || (named && named != r.later)) return nullptr;
    named = r.later;
  }
  return named;
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
  // The CCG named in it; one inside a longer name is part of that one
  // ("north_east_lincolnshire"), two apart make the name ambiguous
  // ("lambeth_southwark"), and a CCG formed later by a merger is none of
  // the 211 ("newcastle_gateshead").
  if (const CcgRef* c = ccg_of_reordered(ccg_key(f), ref)) {
    out.ccg = c;
    out.basis = "file name";
    return out;
  }
  std::vector<const CcgRef*> named;
  for (const NamedRun& r : named_runs(f, ref)) {
    if (r.later) {
      out.later = r.later;
      continue;
    }
    if (std::find(named.begin(), named.end(), r.ccg) == named.end()) named.push_back(r.ccg);
  }
  if (named.size() == 1 && !out.later) {
    out.ccg = named.front();
    out.basis = "file name";
  } else if (named.size() > 1) {
    out.ambiguity = ccgs_text(named);
  }
  return out;
}

}  // namespace foi
