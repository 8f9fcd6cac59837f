#include "foi/study.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include <toml++/toml.h>

#include <fmt/format.h>

#include "foi/error.h"
#include "text.h"
#include "toml_file.h"

namespace foi {

namespace {

Location where(const std::string& path, const toml::node& n) {
  auto s = n.source();
  return {path, static_cast<long>(s.begin.line), static_cast<long>(s.begin.column)};
}

int parse_year(const std::string& path, const toml::node& n) {
  // A year far outside what FOI returns hold is a slip, not a study.
  auto in_range = [&](long long y) {
    if (y < 1990 || y > 2100)
      throw Error(where(path, n), fmt::format("{} is not a financial year this tool reads (1990/91 to 2100/01)", y));
    return static_cast<int>(y);
  };
  if (auto s = n.value<std::string>())
    if (auto y = parse_financial_year(*s)) return in_range(*y);
  if (auto i = n.value<long long>()) return in_range(*i);  // the year the financial year starts in
  throw Error(where(path, n), "expected a financial year such as \"2013/14\"");
}

std::vector<std::string> strings(const std::string& path, const toml::node& n) {
  const auto* arr = n.as_array();
  if (!arr) throw Error(where(path, n), "expected an array of strings");
  std::vector<std::string> out;
  for (const auto& e : *arr) {
    auto s = e.value<std::string>();
    if (!s) throw Error(where(path, e), "expected a string");
    out.push_back(*s);
  }
  return out;
}

// A misspelt key would otherwise be left out without a word (a
// "tolernace" of 0, a [quality] list never used): every key must be known.
void check_keys(const std::string& path, const toml::table& t, std::initializer_list<std::string_view> known,
                std::string_view where_text, std::string_view hint) {
  for (const auto& [k, v] : t) {
    if (std::find(known.begin(), known.end(), k.str()) != known.end()) continue;
    throw Error(where(path, v),
                fmt::format("unknown setting '{}' {}; {}", text::printable_short(k.str()), where_text, hint));
  }
}

double number(const std::string& path, const toml::node& n) {
  if (auto v = n.value<double>(); v && std::isfinite(*v)) return *v;
  throw Error(where(path, n), "expected a number");
}

// A threshold or tolerance: a number, 0 or more.
double not_negative(const std::string& path, const toml::node& n, std::string_view what) {
  const double v = number(path, n);
  if (v < 0) throw Error(where(path, n), fmt::format("{} cannot be negative", what));
  return v;
}

}  // namespace

Study load_study(const std::string& path) {
  Study st;
  st.path = path;
  const toml::table t = parse_toml_file(path);
  check_keys(path, t, {"study", "groupings", "quality", "aliases", "expect"}, "at the top of the study file",
             "a study file has [study] (name, first_year, last_year, low_value_threshold, hhi_bands), [groupings], "
             "[quality], [aliases] and [[expect]] (see docs/figures.md)");
  // "[expect]" for "[[expect]]", or "study = 1": a section of another kind
  // would be passed over without a word, and a study checking nothing
  // would report its figures reproduced.
  for (const auto& [k, v] : t) {
    const bool want_array = k.str() == "expect";
    if (want_array ? v.is_array_of_tables() : v.is_table()) continue;
    throw Error(where(path, v), want_array ? std::string("each expected figure is an [[expect]] table, with two "
                                                         "brackets on each side (see docs/figures.md)")
                                          : fmt::format("{0} is a table: write it as [{0}]",
                                                        text::printable_short(k.str())));
  }
  if (const auto* s = t["study"].as_table()) {
    for (const auto& [k, v] : *s) {
      std::string key(k.str());
      if (key == "name") st.name = v.value_or(std::string());
      else if (key == "first_year") st.years.first = parse_year(path, v);
      else if (key == "last_year") st.years.last = parse_year(path, v);
      else if (key == "low_value_threshold") st.low_value_threshold = not_negative(path, v, "low_value_threshold");
      else if (key == "hhi_bands") {
        if (auto name = v.value<std::string>()) {
          if (*name == "2010") st.bands = {1500, 2500, "2010"};
          else if (*name == "2023") st.bands = {1000, 1800, "2023"};
          else throw Error(where(path, v), "hhi_bands is \"2010\", \"2023\" or [moderate, high]");
        } else if (const auto* arr = v.as_array(); arr && arr->size() == 2) {
          st.bands = {number(path, *arr->get(0)), number(path, *arr->get(1)), "custom"};
          if (!(st.bands.moderate > 0 && st.bands.moderate < st.bands.high && st.bands.high <= 10000))
            throw Error(where(path, v), "hhi_bands [moderate, high] needs 0 < moderate < high <= 10000");
        } else {
          throw Error(where(path, v), "hhi_bands is \"2010\", \"2023\" or [moderate, high]");
        }
      } else {
        throw Error(where(path, v), fmt::format("unknown setting '{}' in [study]", text::printable_short(key)));
      }
    }
    if (st.years.last < st.years.first) {
      // At last_year when the file sets it; else first_year was set past the default last year.
      const toml::node* last = s->get("last_year");
      const toml::node* at = last ? last : s->get("first_year");
      throw Error(at ? where(path, *at) : Location{path, 0, 0},
                  fmt::format("last_year {} is before first_year {}{}", financial_year_label(st.years.last),
                              financial_year_label(st.years.first),
                              last ? std::string()
                                   : fmt::format(" (last_year is not set, and defaults to {})",
                                                 financial_year_label(StudyYears{}.last))));
    }
  }
  if (const auto* g = t["groupings"].as_table()) {
    for (const auto& [k, v] : *g) {
      Grouping grp{std::string(k.str()), std::string(k.str()), {}};
      // It names figures ("group.NAME.value_share"): a dot in it would make them ambiguous.
      if (grp.name.empty() || !std::all_of(grp.name.begin(), grp.name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
          }))
        throw Error(where(path, v), fmt::format("grouping name '{}' may hold only letters, digits, _ and -",
                                                text::printable_short(grp.name)));
      for (const auto& name : strings(path, v)) {
        auto type = parse_provider_type(name);
        if (!type) throw Error(where(path, v), fmt::format("'{}' is not a provider type", name));
        if (std::find(grp.types.begin(), grp.types.end(), *type) != grp.types.end())
          throw Error(where(path, v), fmt::format("grouping '{}' names '{}' twice", grp.name, name));
        grp.types.push_back(*type);
      }
      auto it = std::find_if(st.groupings.begin(), st.groupings.end(), [&](auto& x) { return x.name == grp.name; });
      if (it != st.groupings.end()) {
        grp.label = it->label;
        *it = grp;
      } else {
        st.groupings.push_back(grp);
      }
    }
  }
  if (const auto* q = t["quality"].as_table()) {
    check_keys(path, *q, {"yes", "no", "not_stated"}, "in [quality]", "it lists yes, no and not_stated");
    auto fold_all = [](std::vector<std::string> v) {
      for (auto& s : v) s = text::fold(s);
      return v;
    };
    if (auto n = q->get("yes")) st.quality.yes = fold_all(strings(path, *n));
    if (auto n = q->get("no")) st.quality.no = fold_all(strings(path, *n));
    if (auto n = q->get("not_stated")) st.quality.not_stated = fold_all(strings(path, *n));
  }
  if (const auto* a = t["aliases"].as_table()) {
    struct Seen {
      Field field;
      const toml::node* node;
      std::string_view key;
    };
    std::unordered_map<std::string, Seen> fields;  // by folded header
    for (const auto& [k, v] : *a) {
      auto f = v.value<std::string>();
      auto field = f ? parse_field(*f) : std::nullopt;
      if (!field) throw Error(where(path, v), "an alias maps a header text to a field name such as \"provider\"");
      std::string header = text::fold(k.str());
      // A TOML table is walked in key order, not the file's: the later line
      // of the two is the one told.
      const Seen here{*field, &v, k.str()};
      if (auto [at, fresh] = fields.try_emplace(header, here); !fresh && at->second.field != *field) {
        const bool here_later = where(path, v).line > where(path, *at->second.node).line;
        const Seen& later = here_later ? here : at->second;
        const Seen& earlier = here_later ? at->second : here;
        throw Error(where(path, *later.node),
                    fmt::format("\"{}\" is, as headers are compared, the same header as \"{}\" on line {}, mapped to "
                                "{}; keep one",
                                text::printable_short(later.key), text::printable_short(earlier.key),
                                where(path, *earlier.node).line, to_string(earlier.field)));
      }
      st.aliases.entries.emplace_back(std::move(header), *field);
    }
  }
  if (auto* e = t["expect"].as_array()) {
    for (auto& node : *e) {
      const auto* x = node.as_table();
      if (!x) throw Error(where(path, node), "each [[expect]] is a table");
      check_keys(path, *x, {"figure", "value", "tolerance", "source"}, "in [[expect]]",
                 "an expectation has figure, value, tolerance and source");
      Expectation ex;
      const toml::node& named = x->get("figure") ? *x->get("figure") : node;
      ex.line = static_cast<long>(named.source().begin.line);
      ex.column = static_cast<long>(named.source().begin.column);
      auto fig = (*x)["figure"].value<std::string>();
      auto val = (*x)["value"].value<double>();
      // Said at the key that is wrong, where there is one.
      const toml::node* at = !fig && x->get("figure") ? x->get("figure") : !val && x->get("value") ? x->get("value") : &node;
      if (!fig || !val || !std::isfinite(*val))
        throw Error(where(path, *at), "an [[expect]] needs figure = \"name\" and value = number");
      ex.figure = *fig;
      ex.value = *val;
      if (const toml::node* tol = x->get("tolerance")) ex.tolerance = not_negative(path, *tol, "a tolerance");
      ex.source = (*x)["source"].value_or(std::string());
      st.expect.push_back(std::move(ex));
    }
  }
  return st;
}

}  // namespace foi
