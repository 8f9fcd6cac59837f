#include "foi/reference.h"

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "embedded_reference.h"
#include "foi/ccg.h"
#include "foi/error.h"
#include "foi/reader.h"
#include "text.h"

namespace foi {

namespace {

std::string upper(std::string_view s) {
  std::string out(text::trim(s));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// A CSV table read by header name, so that column order may change.
struct Table {
  std::string name;
  std::vector<std::string> header;
  std::vector<Record> rows;

  std::size_t column(std::string_view wanted) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == wanted) return i;
    throw Error({name, 1, 0}, fmt::format("missing column '{}'", wanted));
  }
  static std::string cell(const Record& r, std::size_t i) {
    return i < r.cells.size() ? std::string(text::trim(r.cells[i])) : std::string();
  }
};

Table parse_table(const std::string& name, std::string_view bytes) {
  Table t;
  t.name = name;
  ReaderOptions o;
  o.delimiter = ',';
  RecordReader reader(name, bytes, o);
  Record r;
  bool first = true;
  while (reader.next(r)) {
    if (!r.problem.empty()) throw Error({name, r.line, r.problem_column}, r.problem);
    if (first) {
      t.header = r.cells.strings();
      first = false;
    } else if (!is_blank_record(r)) {
      t.rows.push_back(r);
    }
  }
  return t;
}

// A table's key (an ODS code) for its row. A code listed twice would have
// the later row replace the earlier one's place in the index, and both
// count: refused at the later line. An empty code is no key.
std::string unique_code(const Table& t, const Record& r, std::size_t col,
                        std::unordered_map<std::string, long>& first_line) {
  std::string code = upper(Table::cell(r, col));
  if (code.empty())
    throw Error({t.name, r.line, static_cast<long>(col + 1)}, "the ODS code is empty; every row needs one");
  if (auto [at, fresh] = first_line.try_emplace(code, r.line); !fresh)
    throw Error({t.name, r.line, static_cast<long>(col + 1)},
                fmt::format("ODS code {} is listed on line {} already; keep one row for it",
                            text::printable_short(code), at->second));
  return code;
}

ProviderType kind_of(const Table& t, const Record& r, std::size_t col) {
  std::string kind = Table::cell(r, col);
  auto type = parse_provider_type(kind);
  if (!type) throw Error({t.name, r.line, static_cast<long>(col + 1)}, fmt::format("unknown provider kind '{}'", kind));
  return *type;
}

std::string read_text_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error({p.string(), 0, 0}, "cannot open reference table");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

const CcgRef* ReferenceData::ccg_by_code(std::string_view code) const {
  auto it = ccg_code_index.find(upper(code));
  return it == ccg_code_index.end() ? nullptr : &ccgs[it->second];
}

const ProviderRef* ReferenceData::provider_by_ods(std::string_view code) const {
  auto it = provider_ods_index.find(upper(code));
  return it == provider_ods_index.end() ? nullptr : &providers[it->second];
}

ReferenceData load_reference(const std::string& dir) {
  ReferenceData ref;
  auto table = [&](const std::string& file) -> Table {
    if (dir.empty()) {
      for (std::size_t i = 0; i < detail::kEmbeddedReferenceCount; ++i)
        if (detail::kEmbeddedReference[i].name == file)
          return parse_table("data/reference/" + file, detail::kEmbeddedReference[i].text);
      throw Error({file, 0, 0}, "reference table missing from the build");
    }
    auto path = std::filesystem::path(dir) / file;
    return parse_table(path.string(), read_text_file(path));
  };
  ref.source = dir.empty() ? "built-in" : dir;

  Table ccgs = table("ccgs_2013.csv");
  auto code = ccgs.column("ods_code"), name = ccgs.column("name");
  std::unordered_map<std::string, long> ccg_lines;
  for (const auto& r : ccgs.rows) {
    std::string c = unique_code(ccgs, r, code, ccg_lines);
    ref.ccg_code_index[c] = ref.ccgs.size();
    ref.ccgs.push_back({std::move(c), Table::cell(r, name), {}, {}});
  }
  Table xref = table("ccgs_2013_ons_xref.csv");
  std::unordered_map<std::string, std::size_t> ons_index;
  auto xcode = xref.column("ods_code"), ons = xref.column("ons_name_ccg13nm"), ods = xref.column("ods_name_2016_extract"),
       ons_code = xref.column("ons_code_ccg13cd");
  for (const auto& r : xref.rows) {
    auto it = ref.ccg_code_index.find(upper(Table::cell(r, xcode)));
    if (it == ref.ccg_code_index.end()) continue;
    for (auto col : {ons, ods}) ref.ccgs[it->second].other_names.push_back(Table::cell(r, col));
    CcgRef& ccg = ref.ccgs[it->second];
    ccg.ons_code = upper(Table::cell(r, ons_code));
    if (!ccg.ons_code.empty()) ons_index.emplace(ccg.ons_code, it->second);
  }
  // Kept apart until every ODS code is in: an ONS code never stands for another CCG's ODS code.
  ref.ccg_code_index.insert(ons_index.begin(), ons_index.end());

  // Renamed CCGs keep their code and take their new name; merged ones are
  // known by the CCG they became, to say so when a row names that one. The
  // table is optional in a folder given with --reference: folders made
  // before it was read have none.
  if (dir.empty() || std::filesystem::exists(std::filesystem::path(dir) / "ccg_changes_2013_2018.csv")) {
    Table changes = table("ccg_changes_2013_2018.csv");
    auto old_code = changes.column("old_code"), change = changes.column("change"),
         new_code = changes.column("new_code"), new_name = changes.column("new_name");
    for (const auto& r : changes.rows) {
      auto it = ref.ccg_code_index.find(upper(Table::cell(r, old_code)));
      if (it == ref.ccg_code_index.end()) continue;
      if (Table::cell(r, change) == "renamed") {
        ref.ccgs[it->second].other_names.push_back(Table::cell(r, new_name));
      } else if (Table::cell(r, change) == "merged") {
        const std::string code_text = upper(Table::cell(r, new_code));
        auto later = std::find_if(ref.later_ccgs.begin(), ref.later_ccgs.end(),
                                  [&](const LaterCcg& l) { return l.code == code_text; });
        if (later == ref.later_ccgs.end())
          later = ref.later_ccgs.insert(later, {code_text, Table::cell(r, new_name), {}});
        later->from.push_back(it->second);
      }
    }
  }

  for (std::size_t i = 0; i < ref.ccgs.size(); ++i) {
    ref.ccg_key_index.emplace(ccg_key(ref.ccgs[i].name), i);
    // "NHS Central London (Westminster) CCG" is written "Central London" or
    // "Westminster" as well.
    const std::string& full = ref.ccgs[i].name;
    if (const auto open = full.find('('), close = full.find(')'); open != std::string::npos && close > open) {
      ref.ccg_key_index.emplace(ccg_key(full.substr(0, open)), i);
      ref.ccg_key_index.emplace(ccg_key(full.substr(open + 1, close - open - 1)), i);
    }
    for (const auto& n : ref.ccgs[i].other_names) ref.ccg_key_index.emplace(ccg_key(n), i);
  }
  for (std::size_t i = 0; i < ref.later_ccgs.size(); ++i) ref.later_ccg_key_index.emplace(ccg_key(ref.later_ccgs[i].name), i);

  Table trusts = table("nhs_trusts.csv");
  auto tcode = trusts.column("ods_code"), tname = trusts.column("name"), tkind = trusts.column("kind");
  std::unordered_map<std::string, long> trust_lines;
  for (const auto& r : trusts.rows) {
    std::string c = unique_code(trusts, r, tcode, trust_lines);
    ref.provider_ods_index[c] = ref.providers.size();
    ref.providers.push_back({Table::cell(r, tname), kind_of(trusts, r, tkind), std::move(c), {}, {}});
  }
  for (const char* file : {"independent_providers.csv", "extra_providers.csv"}) {
    Table indep = table(file);
    auto iname = indep.column("name"), ialiases = indep.column("aliases"), ikind = indep.column("kind");
    for (const auto& r : indep.rows) {
      ProviderRef p{Table::cell(r, iname), kind_of(indep, r, ikind), {}, {}, {}};
      const std::string aliases_cell = Table::cell(r, ialiases);
      for (auto a : text::split(aliases_cell, ';'))
        if (!text::is_blank(a)) p.aliases.emplace_back(text::trim(a));
      ref.providers.push_back(std::move(p));
    }
  }
  // Hospitals and units named instead of the trust that runs them.
  Table sites = table("nhs_sites.csv");
  auto site = sites.column("site"), site_code = sites.column("ods_code");
  for (const auto& r : sites.rows) {
    auto it = ref.provider_ods_index.find(upper(Table::cell(r, site_code)));
    if (it == ref.provider_ods_index.end())
      throw Error({sites.name, r.line, static_cast<long>(site_code + 1)}, "ODS code is not a trust in nhs_trusts.csv");
    ref.providers[it->second].aliases.push_back(Table::cell(r, site));
    ref.providers[it->second].sites.push_back(Table::cell(r, site));
  }
  Table aliases = table("provider_aliases.csv");
  if (!aliases.header.empty()) {
    auto alias = aliases.column("alias"), canon = aliases.column("canonical_name");
    for (const auto& r : aliases.rows) {
      std::string target = Table::cell(r, canon);
      bool found = false;
      for (auto& p : ref.providers)
        if (p.name == target) {
          p.aliases.push_back(Table::cell(r, alias));
          found = true;
          break;
        }
      if (!found)
        throw Error({aliases.name, r.line, static_cast<long>(canon + 1)},
                    fmt::format("alias target '{}' is not a provider in the reference tables", target));
    }
  }
  return ref;
}

const ReferenceData& builtin_reference() {
  static const ReferenceData ref = load_reference();
  return ref;
}

}  // namespace foi
