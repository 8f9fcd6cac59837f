// Contract length cells, in months (methods.md (Cells)).
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "foi/cells.h"
#include "text.h"

namespace foi {

const char* to_string(LengthStatus s) {
  switch (s) {
    case LengthStatus::ok: return "ok";
    case LengthStatus::open: return "open";
    case LengthStatus::missing: return "missing";
    case LengthStatus::unparseable: return "unparseable";
  }
  return "unparseable";
}

namespace {

// std::round, without a call into the maths library for the values it is
// asked of here (x86-64 has no instruction for it before SSE4.1): a
// non-negative value's fraction, taken off exactly below 2^52, says which
// way it goes.
double round_half_up(double y) {
  if (!(y >= 0 && y < 4503599627370496.0)) return std::round(y);  // negative, huge or NaN
  const auto whole = static_cast<double>(static_cast<std::int64_t>(y));
  return y - whole >= 0.5 ? whole + 1 : whole;
}

double months_from_days(long days) {
  const double months = static_cast<double>(days) / (365.25 / 12);
  return round_half_up(months * 10) / 10;
}

}  // namespace

double months_between(Day start, Day end) {
  // Two divisions in a row wait on each other for every dated contract:
  // spans of up to 22 years are looked up instead, worked out once.
  constexpr long kTabled = 8192;
  static const std::array<double, kTabled> kMonths = [] {
    std::array<double, kTabled> months{};
    for (long d = 0; d < kTabled; ++d) months[static_cast<std::size_t>(d)] = months_from_days(d);
    return months;
  }();
  const long days = static_cast<long>(end) - start + 1;
  return days >= 0 && days < kTabled ? kMonths[static_cast<std::size_t>(days)] : months_from_days(days);
}

namespace {

using std::string_view;

// Months per unit word, or 0 when the word is not a unit.
double unit_months(string_view u) {
  for (string_view w : {"y", "yr", "yrs", "year", "years", "annum"})
    if (u == w) return 12;
  for (string_view w : {"m", "mth", "mths", "mnth", "mnths", "month", "months", "mo", "mos", "mon"})
    if (u == w) return 1;
  for (string_view w : {"w", "wk", "wks", "week", "weeks"})
    if (u == w) return 12.0 / 52.0;
  for (string_view w : {"d", "day", "days"})
    if (u == w) return 12.0 / 365.25;
  return 0;
}

double number_word(string_view w) {
  static constexpr string_view kWords[] = {"zero", "one", "two",   "three", "four", "five", "six",
                                           "seven", "eight", "nine", "ten",  "eleven", "twelve"};
  for (int i = 0; i < 13; ++i)
    if (w == kWords[i]) return i;
  return -1;
}

bool names_extension(string_view s) {
  return s.find("option") != string_view::npos || s.find("exten") != string_view::npos;
}

// A length written with the options to extend it ("3+2 years", "3 + 1 + 1
// years", "3 years + 2 years", "3 years (plus 1 year extension)", "3 years
// with an option to extend"): s becomes its first term, with the unit the
// terms share when only the last names it ("3+2 years" -> "3 years").
// True when there was more than the first term.
bool keep_first_term(std::string& s) {
  // "3 (+2) years": the extension in brackets inside the length.
  if (const std::size_t open = s.find("(+"); open != std::string::npos && open > 0)
    if (const std::size_t close = s.find(')', open); close != std::string::npos) {
      s.erase(close, 1);
      s.erase(open, 1);
    }
  string_view t = s;
  bool extended = false;
  if (const auto remark = text::trailing_remark(t);
      remark && (names_extension(remark->inside) || remark->inside.starts_with("plus") ||
                 remark->inside.starts_with("+"))) {
    t = remark->before;
    extended = true;
  }
  string_view rest;
  for (string_view mark : {"+", " plus ", " with "}) {
    const std::size_t at = t.find(mark);
    if (at == string_view::npos || at == 0 || (mark == " with " && !names_extension(t.substr(at)))) continue;
    rest = t.substr(at + mark.size());
    t = text::trim(t.substr(0, at));
    extended = true;
    break;
  }
  if (!extended) return false;
  std::string first(t);
  const auto number_char = [](char c) { return (c >= '0' && c <= '9') || c == '.'; };
  const bool bare_number = !first.empty() && std::all_of(first.begin(), first.end(), number_char);
  if (bare_number) {
    // The unit of the terms after it: the last word of theirs that is one.
    for (string_view w : text::split(rest, ' '))
      if (unit_months(w) > 0) first = std::string(t) + " " + std::string(w);
  }
  s = std::move(first);
  return true;
}

}  // namespace

Length parse_length(std::string_view raw, std::string_view unit_hint) {
  if (raw.empty()) return {LengthStatus::missing, 0};  // most returns have no length column: no folding for them
  if (const std::string_view t = text::trim(raw), inside = text::without_text_mark(t); inside.size() != t.size())
    return parse_length(inside, unit_hint);
  std::string f = text::fold(raw);
  if (f.empty() || f == "n a" || f == "na" || f == "not known" || f == "unknown" || f == "not held" || f == "tbc")
    return {LengthStatus::missing, 0};
  for (string_view w : {"rolling", "ongoing", "open ended", "evergreen", "indefinite", "on going", "open"})
    if (f == w || text::starts_with_word(f, w)) return {LengthStatus::open, 0};
  for (string_view w : {"until terminated", "until further notice", "no end date", "continuous"})
    if (f == w) return {LengthStatus::open, 0};
  const auto annual = [](string_view w) { return w == "annual" || w == "annually" || w == "yearly" || w == "12 monthly"; };
  if (annual(f)) return {LengthStatus::ok, 12};

  // fold() turned "2.5" into "2 5": read numbers from the lower-cased text instead.
  std::string s = text::lower(text::trim(raw));
  // A rolling contract's term: "12 months rolling", "1 year (rolling)", "Annual (rolling)".
  for (string_view w : {"on a rolling basis", "rolling basis", "(rolling)", "then rolling", "rolling"})
    if (s.size() > w.size() && s.ends_with(w) && s[s.size() - w.size() - 1] == ' ') {
      s = text::trim(std::string_view(s).substr(0, s.size() - w.size()));
      if (annual(s)) return {LengthStatus::ok, 12};
      break;
    }
  // The day the term runs from, which is no part of its length: "3 years
  // from April 2014".
  for (string_view w : {" from ", " starting ", " commencing "})
    if (const std::size_t at = s.rfind(w); at != std::string::npos && at > 0 &&
                                           parse_date(std::string_view(s).substr(at + w.size())).status == DateStatus::ok) {
      s.erase(at);
      break;
    }
  // Terms of one length, counted: "2 x 12 months".
  if (const std::size_t x = s.find_first_not_of("0123456789"); x > 0 && x != std::string::npos) {
    string_view rest = text::trim(std::string_view(s).substr(x));
    if (rest.starts_with('x') || rest.starts_with("\xC3\x97")) {
      const Length each = parse_length(text::trim(rest.substr(rest[0] == 'x' ? 1 : 2)), unit_hint);
      double times = 0;
      if (each.status == LengthStatus::ok && std::from_chars(s.data(), s.data() + x, times).ec == std::errc())
        return {LengthStatus::ok, std::round(times * each.months * 10) / 10};
    }
  }
  // The same length said again another way: "3 years (36 months)"; or the
  // unit of a number in brackets: "3 (years)".
  if (const auto remark = text::trailing_remark(s); remark && !remark->before.empty()) {
    if (parse_length(remark->inside, unit_hint).status == LengthStatus::ok)
      s = std::string(remark->before);
    else if (unit_months(text::trim(remark->inside)) > 0 &&
             remark->before.find_first_not_of("0123456789.") == string_view::npos)
      s = std::string(remark->before) + " " + std::string(text::trim(remark->inside));
  }
  // "Three (3) years": a number in words with its figure after it, in brackets.
  for (std::size_t open = s.find(" ("); open != std::string::npos && open > 0; open = s.find(" (", open + 1)) {
    const std::size_t close = s.find(')', open);
    if (close == std::string::npos || close == open + 2 ||
        !std::all_of(s.begin() + static_cast<long>(open) + 2, s.begin() + static_cast<long>(close),
                     [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    const std::size_t word = s.rfind(' ', open - 1);
    const std::size_t from = word == std::string::npos ? 0 : word + 1;
    if (number_word(std::string_view(s).substr(from, open - from)) >= 0) s.erase(open, close + 1 - open);
  }
  const bool first_term = keep_first_term(s);
  double total = 0;
  bool any = false;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
  };
  while (true) {
    skip_space();
    if (i >= s.size()) break;
    if (s.compare(i, 4, "and ") == 0) {
      i += 4;
      continue;
    }
    double n = -1;
    std::size_t j = i;
    while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) ++j;
    if (j > i) {
      auto [p, ec] = std::from_chars(s.data() + i, s.data() + j, n);
      if (ec != std::errc() || p != s.data() + j) return {LengthStatus::unparseable, 0};
    } else {
      while (j < s.size() && s[j] >= 'a' && s[j] <= 'z') ++j;
      n = number_word(string_view(s).substr(i, j - i));
      if (n < 0) return {LengthStatus::unparseable, 0};
    }
    i = j;
    skip_space();
    std::size_t k = i;
    while (k < s.size() && s[k] >= 'a' && s[k] <= 'z') ++k;
    string_view unit = string_view(s).substr(i, k - i);
    double per = unit_months(unit);
    if (unit.empty()) {
      if (unit_hint == "months") per = 1;
      else if (unit_hint == "years") per = 12;
      if (per == 0 || any) return {LengthStatus::unparseable, 0};
    } else if (per == 0) {
      return {LengthStatus::unparseable, 0};
    }
    i = k;
    total += n * per;
    any = true;
  }
  if (!any) return {LengthStatus::unparseable, 0};
  return {LengthStatus::ok, std::round(total * 10) / 10, first_term};
}

}  // namespace foi
