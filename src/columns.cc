#include "foi/columns.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "foi/cells.h"
#include "foi/error.h"
#include "foi/reader.h"
#include "text.h"

namespace foi {

const char* to_string(Field f) {
  switch (f) {
    case Field::ccg: return "ccg";
    case Field::provider: return "provider";
    case Field::provider_type: return "provider_type";
    case Field::provider_code: return "provider_code";
    case Field::service: return "service";
    case Field::value: return "value";
    case Field::value_year: return "value_year";
    case Field::start_date: return "start_date";
    case Field::end_date: return "end_date";
    case Field::payment_date: return "payment_date";
    case Field::length: return "length";
    case Field::quality: return "quality_monitoring";
    case Field::procurement: return "procurement";
    case Field::extra: return "extra";
  }
  return "extra";
}

std::optional<Field> parse_field(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Field::extra); ++i)
    if (name == to_string(static_cast<Field>(i))) return static_cast<Field>(i);
  if (name == "quality") return Field::quality;
  return std::nullopt;
}

namespace {

struct Alias {
  const char* text;  // folded
  Field field;
};

// methods.md (Columns), folded (lower case, punctuation as spaces, & as and).
constexpr Alias kAliases[] = {
    {"ccg", Field::ccg},
    {"ccg name", Field::ccg},
    {"ccg code", Field::ccg},
    {"commissioner", Field::ccg},
    {"commissioning organisation", Field::ccg},
    {"organisation", Field::ccg},
    {"ods code", Field::ccg},
    {"entity", Field::ccg},  // the body that paid, in "spending over £25,000" files
    {"entity name", Field::ccg},
    {"ccg ods code", Field::ccg},
    {"provider", Field::provider},
    {"provider name", Field::provider},
    {"supplier", Field::provider},
    {"supplier name", Field::provider},
    {"organisation contracted", Field::provider},
    {"name of provider", Field::provider},
    {"name of organisation", Field::provider},
    {"contractor", Field::provider},
    {"provider organisation", Field::provider},
    {"vendor", Field::provider},  // as spending data and finance systems name the supplier
    {"vendor name", Field::provider},
    {"payee", Field::provider},
    {"payee name", Field::provider},
    {"company", Field::provider},
    {"company name", Field::provider},
    {"provider type", Field::provider_type},
    {"type of provider", Field::provider_type},
    {"sector", Field::provider_type},
    {"organisation type", Field::provider_type},
    {"provider sector", Field::provider_type},
    {"legal status", Field::provider_type},
    {"legal form", Field::provider_type},
    {"type", Field::provider_type},
    // A column saying which kind each provider is, under another name.
    {"classification", Field::provider_type},
    {"nhs non nhs", Field::provider_type},
    {"nhs or non nhs", Field::provider_type},
    {"nhs independent", Field::provider_type},
    {"nhs or independent", Field::provider_type},
    {"provider code", Field::provider_code},
    {"provider ods code", Field::provider_code},
    {"service", Field::service},
    {"service description", Field::service},
    {"contract title", Field::service},
    {"description", Field::service},
    {"service name", Field::service},
    {"contract description", Field::service},
    {"expense type", Field::service},
    {"value", Field::value},
    {"contract value", Field::value},
    {"total value", Field::value},
    {"total contract value", Field::value},
    {"annual value", Field::value},
    {"annual contract value", Field::value},
    {"amount", Field::value},
    {"value of contract", Field::value},
    {"start", Field::start_date},
    {"start date", Field::start_date},
    {"contract start", Field::start_date},
    {"contract start date", Field::start_date},
    {"commencement date", Field::start_date},
    {"date from", Field::start_date},
    {"from date", Field::start_date},
    {"effective from", Field::start_date},
    {"valid from", Field::start_date},
    {"end", Field::end_date},
    {"end date", Field::end_date},
    {"contract end", Field::end_date},
    {"contract end date", Field::end_date},
    {"expiry date", Field::end_date},
    {"date to", Field::end_date},
    {"to date", Field::end_date},
    {"effective to", Field::end_date},
    {"valid to", Field::end_date},
    {"valid until", Field::end_date},
    // Spending data's one date a row: the day a payment was made.
    {"date", Field::payment_date},
    {"payment date", Field::payment_date},
    {"date paid", Field::payment_date},
    {"paid date", Field::payment_date},
    {"transaction date", Field::payment_date},
    {"length", Field::length},
    {"contract length", Field::length},
    {"duration", Field::length},
    {"term", Field::length},
    {"contract term", Field::length},
    {"contract duration", Field::length},
    // A column of the contract's period, two dates: the length cell reads them.
    {"contract period", Field::length},
    {"contract dates", Field::length},
    {"dates", Field::length},
    {"quality monitoring", Field::quality},
    {"quality monitored", Field::quality},
    {"kpis", Field::quality},
    {"kpi", Field::quality},
    {"quality schedule", Field::quality},
    {"performance monitoring", Field::quality},
    {"quality and performance monitoring", Field::quality},
    {"procurement route", Field::procurement},
    {"tendered", Field::procurement},
    {"award method", Field::procurement},
    {"procurement", Field::procurement},
};

bool has_word(const std::vector<std::string_view>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// Words that tell a header's unit rather than its meaning: a length's
// unit, and, when pounds_scale() found the header counting in thousands or
// millions of pounds, the words that said so ("Value (£000s)", folded to
// "value 000s").
std::string strip_units(const std::string& folded, std::string* unit, bool pounds_unit) {
  std::string out;
  for (auto w : text::split(folded, ' ')) {
    if (w == "months" || w == "mths") { *unit = "months"; continue; }
    if (w == "years" || w == "yrs") { *unit = "years"; continue; }
    if (pounds_unit && (w == "000" || w == "000s" || w == "k" || w == "thousand" || w == "thousands" || w == "m" ||
                        w == "mn" || w == "million" || w == "millions" || w == "p" || w == "pence"))
      continue;
    if (w == "gbp" || w == "in" || w == "excl" || w == "vat" || w == "inc" || w == "incl") continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// What a header counts its amounts in: the word right after a pound sign
// or "GBP" ("£000s", "£'000", "£ k", "(£m)", "GBP '000", "£ thousands"),
// opening a bracket ("(000s)", "(thousands)", "(pence)") or after "in"
// ("in pence"). A number there is an amount
// of its own ("Value over £25,000"): pounds as they are.
double pounds_scale(std::string_view raw) {
  const std::string s = text::lower(raw);
  auto unit_after = [&](std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\'' || s[i] == '"' || s[i] == '(' || s[i] == ',')) ++i;
    if (s.compare(i, 3, "\xE2\x80\x99") == 0) i += 3;  // a typographic apostrophe
    std::size_t j = i;
    while (j < s.size() && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9'))) ++j;
    const std::string_view w = std::string_view(s).substr(i, j - i);
    if (w == "000" || w == "000s" || w == "k" || w == "thousand" || w == "thousands") return 1e3;
    if (w == "m" || w == "mn" || w == "million" || w == "millions") return 1e6;
    // A finance system's export in whole pence: 2500000000 is £25,000,000.
    // "(p)" alone: "(p.a.)" is a year's amount in pounds.
    if (w == "pence" || (w == "p" && (j == s.size() || s[j] == ')'))) return 0.01;
    return 1.0;
  };
  for (std::string_view mark : {"\xC2\xA3", "gbp", "(", "in "})
    for (std::size_t at = s.find(mark); at != std::string::npos; at = s.find(mark, at + 1))
      if (const double scale = unit_after(at + mark.size()); scale != 1) return scale;
  return 1;
}

}  // namespace

std::string_view scale_words(double scale) {
  if (scale == 1e3) return "thousands of pounds: \xC3\x97 1,000";
  if (scale == 1e6) return "millions of pounds: \xC3\x97 1,000,000";
  if (scale == 0.01) return "pence: \xC3\xB7 100";
  return {};
}

HeaderMatch match_header(std::string_view raw, const HeaderAliases& user) {
  HeaderMatch m;
  std::string folded = text::fold(raw);
  if (folded.empty() || raw.size() > 80) return m;
  std::string unit;
  const double scale = pounds_scale(raw);
  std::string key = strip_units(folded, &unit, scale != 1);
  for (const auto& [alias, field] : user.entries)
    if (folded == alias) {
      m.field = field;
      m.exact = true;
      m.user = true;
      if (field == Field::value_year)
        if (auto y = parse_financial_year(raw)) m.year = *y;
      if (field == Field::value || field == Field::value_year) m.scale = scale;
      return m;
    }
  auto words = text::split(key, ' ');
  // A financial year in a header is a per-year value column ("2013/14",
  // "Value 2013/14 (£)"), unless it names a date, or is a whole value
  // over years ("Total value 2012/13 - 2015/16") or in a year's prices
  // ("Contract value (2012/13 prices)"). A year's column in another
  // year's prices ("Value 2013/14 (2015/16 prices)") is the first year's.
  auto years_named = [&]() {
    std::vector<int> years;
    for (std::size_t at = 0; at < raw.size(); ++at)
      if (auto y = parse_financial_year(raw.substr(at));
          y && std::find(years.begin(), years.end(), *y) == years.end())
        years.push_back(*y);
    return years.size();
  };
  auto whole_value = [&]() {
    const std::size_t years = years_named();
    if (has_word(words, "prices"))
      return years < 2 && (has_word(words, "value") || has_word(words, "contract") || has_word(words, "total"));
    return years >= 2 && (has_word(words, "total") || has_word(words, "whole") || has_word(words, "lifetime"));
  };
  if (auto y = parse_financial_year(raw); y && !has_word(words, "start") && !has_word(words, "end") && !whole_value()) {
    m.field = Field::value_year;
    m.year = *y;
    m.exact = true;
    m.scale = scale;
    return m;
  }
  auto with_units = [&] {
    if (m.field == Field::length) m.unit = unit;
    if (m.field == Field::value) m.scale = scale;
    return m;
  };
  for (const auto& a : kAliases)
    if (key == a.text) {
      m.field = a.field;
      m.exact = true;
      return with_units();
    }
  // "Years", "No. of years", "Number of months": a unit, and nothing else.
  if (!unit.empty() && (key.empty() || key == "no of" || key == "number of")) {
    m.field = Field::length;
    m.exact = true;
    return with_units();
  }
  // Keyword rules for wordings the alias list does not have.
  auto any = [&](std::initializer_list<std::string_view> ws) {
    for (auto w : ws)
      if (has_word(words, w)) return true;
    return false;
  };
  bool who = any({"provider", "supplier", "contractor", "vendor", "organisation", "organization", "company"});
  if (who && any({"type", "sector", "category", "status", "classification"})) m.field = Field::provider_type;
  else if (any({"provider", "supplier", "contractor", "vendor", "payee"}) && any({"code", "ods"}))
    m.field = Field::provider_code;
  else if (any({"provider", "supplier", "contractor", "vendor", "payee"})) m.field = Field::provider;
  // "Name of organisation contracted", "Company commissioned": the other party, not the CCG.
  else if (who && any({"contracted", "commissioned"})) m.field = Field::provider;
  else if (any({"ccg", "commissioner", "commissioning"})) m.field = Field::ccg;
  else if (any({"sector"})) m.field = Field::provider_type;
  else if (any({"start", "commencement", "commenced", "began"})) m.field = Field::start_date;
  else if (any({"end", "expiry", "expires", "expiration", "finish"})) m.field = Field::end_date;
  else if (any({"length", "duration", "term", "period", "dates"})) m.field = Field::length;
  else if (any({"quality", "kpi", "kpis", "monitoring", "monitored", "cquin", "cquins"})) m.field = Field::quality;
  else if (any({"value", "amount", "cost", "price", "spend", "total", "worth"})) m.field = Field::value;
  else if (any({"procurement", "tender", "tendered", "award", "procured"})) m.field = Field::procurement;
  else if (any({"service", "description", "title", "contract", "services"})) m.field = Field::service;
  return with_units();
}

const Column* ColumnMap::of(Field f) const {
  for (const auto& c : columns)
    if (c.match.field == f) return &c;
  return nullptr;
}

std::vector<const Column*> ColumnMap::years() const {
  std::vector<const Column*> out;
  for (const auto& c : columns)
    if (c.match.field == Field::value_year) out.push_back(&c);
  return out;
}

std::vector<const Column*> ColumnMap::extras() const {
  std::vector<const Column*> out;
  for (const auto& c : columns)
    if (c.match.field == Field::extra && !text::is_blank(c.header)) out.push_back(&c);
  return out;
}

bool looks_like_header(const std::vector<std::string>& cells, const HeaderAliases& user) {
  int exact = 0, keyword = 0, filled = 0;
  // Each text once: a title merged across the top of a sheet is copied into
  // every cell of its range, and is one title, not a row of column names.
  std::vector<std::string> seen;
  for (const auto& c : cells) {
    if (text::is_blank(c)) continue;
    std::string f = text::fold(c);
    if (std::find(seen.begin(), seen.end(), f) != seen.end()) continue;
    seen.push_back(std::move(f));
    ++filled;
    auto m = match_header(c, user);
    // A bare "Date" names a column only under a header found by others: a
    // preamble line ("Organisation, NHS Lambeth CCG, Date, 12/05/2016") is
    // no header.
    if (m.field == Field::extra || m.field == Field::payment_date) continue;
    (m.exact ? exact : keyword)++;
  }
  if (exact >= 2) return true;
  // Unusual wordings: most cells must still read as column names.
  return exact + keyword >= 2 && (exact + keyword) * 10 >= filled * 6;
}

bool looks_like_repeated_header(const std::vector<std::string>& cells, const HeaderAliases& user) {
  int exact = 0, filled = 0;
  for (const auto& c : cells) {
    if (text::is_blank(c)) continue;
    ++filled;
    auto m = match_header(c, user);
    exact += m.exact && m.field != Field::extra && m.field != Field::payment_date;  // as looks_like_header()
  }
  return exact >= 2 && exact * 2 >= filled;
}

bool is_header_continuation(const std::vector<std::string>& cells, const HeaderAliases& user) {
  int filled = 0, years = 0;
  for (const auto& c : cells) {
    if (text::is_blank(c)) continue;
    ++filled;
    auto m = match_header(c, user);
    // Beside the years, their total: "Total", "Total (£)", "3 year total".
    const bool total = m.field == Field::value && text::fold(c).find("total") != std::string::npos;
    if (m.field == Field::extra || (!m.exact && !total)) return false;
    years += m.field == Field::value_year;
  }
  return filled > 0 && years > 0;
}

bool completes_header(const std::vector<std::string>& top, const std::vector<std::string>& bottom,
                      const HeaderAliases& user) {
  const ColumnMap alone = map_columns(top, user);
  const Column* provider = alone.of(Field::provider);
  if (!provider || (provider->index < bottom.size() && !text::is_blank(bottom[provider->index]))) return false;
  // Cells merged across the top leave the top empty over some filled
  // cell below ("Contract" over "Start | End"). Without one, the words are
  // stacked in their columns, as a cell's wrapped text or a PDF turned into
  // CSV leaves them ("Contract" over "value"): such a row joins only when
  // it names a column the top alone does not by a header's own name, since a row under a header
  // is otherwise a contract row, however wordy ("Crisis line | Voluntary
  // sector").
  bool merged = false;
  for (std::size_t i = 0; i < bottom.size(); ++i)
    merged |= !text::is_blank(bottom[i]) && (i >= top.size() || text::is_blank(top[i]));
  bool any = false;
  for (const auto& c : bottom) {
    if (text::is_blank(c)) continue;
    if (text::trim(c).size() > 30) return false;  // a header's word or two, not a sentence
    any = true;
    const Money m = parse_money(c);
    if (m.status != ValueStatus::unparseable && m.status != ValueStatus::not_held) return false;
    if (parse_date(c).status != DateStatus::unparseable) return false;
  }
  if (!any) return false;
  const auto named = [](const ColumnMap& m) {
    return std::count_if(m.columns.begin(), m.columns.end(), [](const Column& c) { return c.match.field != Field::extra; });
  };
  const ColumnMap joined = map_columns(join_header_rows(top, bottom), user);
  if (merged) return named(joined) > named(alone);
  // Joined, a header's known name ("Contract value", "Quality monitoring"),
  // not one a keyword makes of a contract's words ("Comments Voluntary sector").
  return std::any_of(joined.columns.begin(), joined.columns.end(), [&](const Column& c) {
    return c.match.exact && c.match.field != Field::extra && c.match.field != Field::value_year &&
           !alone.of(c.match.field);
  });
}

std::vector<std::string> join_header_rows(const std::vector<std::string>& top, const std::vector<std::string>& bottom) {
  std::size_t n = std::max(top.size(), bottom.size());
  std::vector<std::string> out(n);
  std::string spread;  // the merged top cell to the left
  for (std::size_t i = 0; i < n; ++i) {
    std::string t = i < top.size() ? std::string(text::trim(top[i])) : std::string();
    std::string b = i < bottom.size() ? std::string(text::trim(bottom[i])) : std::string();
    if (!t.empty()) spread = b.empty() ? std::string() : t;
    else if (b.empty()) spread.clear();
    else t = spread;
    out[i] = t.empty() ? b : b.empty() ? t : t + " " + b;
  }
  return out;
}

namespace {
// A commissioner other than the row's own CCG: "Lead commissioner",
// "Associate commissioners", "Co-commissioner".
bool names_another_commissioner(std::string_view header) {
  const std::string f = text::fold(header);
  for (std::string_view w : {"lead", "associate", "associates", "co", "coordinating", "host"})
    if (text::contains_phrase(f, w)) return true;
  return false;
}
}  // namespace

bool same_fields(const ColumnMap& a, const ColumnMap& b) {
  auto mapped = [](const ColumnMap& m) {
    std::vector<std::tuple<std::size_t, Field, int, double>> out;
    for (const Column& c : m.columns)
      if (c.match.field != Field::extra) out.emplace_back(c.index, c.match.field, c.match.year, c.match.scale);
    return out;
  };
  return mapped(a) == mapped(b);
}

ColumnMap map_columns(const std::vector<std::string>& header, const HeaderAliases& user) {
  ColumnMap map;
  for (std::size_t i = 0; i < header.size(); ++i) {
    Column c{i, std::string(text::trim(header[i])), match_header(header[i], user)};
    Field f = c.match.field;
    if (f != Field::extra && f != Field::value_year) {
      for (auto& other : map.columns) {
        if (other.match.field != f) continue;
        // Prefer the user's alias, then any alias over a keyword match, then
        // a total value (or a contract's whole value) over an annual one:
        // methods.md (Contracts)'s value is the contract's.
        auto rank = [f](const Column& col) {
          const auto says = [&](std::string_view w) { return text::fold(col.header).find(w) != std::string::npos; };
          return std::tuple{col.match.user, col.match.exact, f == Field::value && says("total"),
                            f == Field::value && !says("annual")};
        };
        const auto mine = rank(c), theirs = rank(other);  // each folds its header once
        const bool better = mine > theirs;
        // The CCG's other column ("CCG Name" beside "CCG Code", "Name of
        // CCG"); not a lead or associate commissioner's, which may
        // rightly name another CCG.
        if (const Column& also = better ? other : c;
            f == Field::ccg && map.second_ccg < 0 && !names_another_commissioner(also.header))
          map.second_ccg = static_cast<long>(also.index);
        // Chosen by no rule: the first keeps it, and the reader is told, as
        // the other column's cells are then read as no figure.
        if (mine == theirs && f != Field::ccg) map.set_aside.emplace_back(c.index, other.index);
        if (better) other.match = HeaderMatch{};
        else c.match = HeaderMatch{};
        break;
      }
    }
    map.columns.push_back(std::move(c));
  }
  // A CCG listing its own contracts often heads the provider column
  // "Organisation", which methods.md (Columns) lists for the CCG.
  if (!map.of(Field::provider))
    for (auto& c : map.columns)
      if (c.match.field == Field::ccg && text::starts_with_word(text::fold(c.header), "organisation")) {
        c.match.field = Field::provider;
        break;
      }
  // A bare "ODS code" right of the provider names is the provider's code
  // (RW4, NQL), as a CCG listing its own contracts gives it, not the CCG's,
  // unless a column says it is the provider's code already.
  if (!map.of(Field::provider_code))
    for (std::size_t i = 1; i < map.columns.size(); ++i) {
      Column& c = map.columns[i];
      // Extra when another column took the CCG first ("Organisation").
      if ((c.match.field == Field::ccg || c.match.field == Field::extra) &&
          map.columns[i - 1].match.field == Field::provider && text::fold(c.header) == "ods code")
        c.match.field = Field::provider_code;
    }
  return map;
}

HeaderAliases load_header_aliases(const std::string& path) {
  HeaderAliases out;
  std::unordered_map<std::string, std::pair<long, Field>> lines;  // folded header -> its first line, its field
  RecordReader reader(path, path);
  Record r;
  bool first = true;
  while (reader.next(r)) {
    refuse_record_problem(r, path);
    if (first) {
      first = false;
      if (r.cells.size() >= 2 && text::fold(r.cells[0]) == "header") continue;
    }
    if (is_blank_record(r)) continue;
    if (r.cells.size() < 2)
      throw Error({path, r.line, 1}, "expected two columns: header,field");
    auto field = parse_field(text::trim(r.cells[1]));
    if (!field)
      throw Error({path, r.line, 2},
                  "unknown field; use one of ccg, provider, provider_type, provider_code, service, value, "
                  "value_year, start_date, end_date, payment_date, length, quality_monitoring, procurement, extra");
    std::string header = text::fold(r.cells[0]);
    // A header given two fields would be read as whichever came first, and
    // the other line would do nothing without a word.
    if (auto [at, fresh] = lines.try_emplace(header, r.line, *field); !fresh && at->second.second != *field)
      throw Error({path, r.line, 2}, fmt::format("'{}' is mapped to {} on line {} and to {} here; keep one",
                                                 text::printable_short(text::trim(r.cells[0])),
                                                 to_string(at->second.second),
                                                 at->second.first, to_string(*field)));
    out.entries.emplace_back(std::move(header), *field);
  }
  return out;
}

}  // namespace foi
