// Money cells as FOI returns write them (methods.md (Cells)).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "foi/cells.h"
#include "text.h"

namespace foi {

const char* to_string(ValueStatus s) {
  switch (s) {
    case ValueStatus::ok: return "ok";
    case ValueStatus::withheld: return "withheld";
    case ValueStatus::not_held: return "not_held";
    case ValueStatus::included_elsewhere: return "included_elsewhere";
    case ValueStatus::tbc: return "tbc";
    case ValueStatus::unparseable: return "unparseable";
    case ValueStatus::range: return "range";
    case ValueStatus::negative: return "negative";
  }
  return "unparseable";
}

namespace {

using std::string_view;

bool contains_any(string_view s, std::initializer_list<string_view> words) {
  for (auto w : words)
    if (s.find(w) != string_view::npos) return true;
  return false;
}

bool strip_prefix(string_view& s, string_view p) {
  if (s.substr(0, p.size()) != p) return false;
  s.remove_prefix(p.size());
  s = text::trim(s);
  return true;
}

bool strip_suffix(string_view& s, string_view p) {
  if (s.size() < p.size() || s.substr(s.size() - p.size()) != p) return false;
  s.remove_suffix(p.size());
  s = text::trim(s);
  return true;
}

// Words around an amount that do not change it.
// A footnote's mark ("£15,000*", "†") is one of them.
constexpr std::array<string_view, 48> kSuffixes = {
    "per annum", "per year", "per yr", "p.a.", "p.a", "pa", "p/a", "/yr", "/year", "/ yr", "/ year", "/annum",
    "/ annum", "a year", "annually", "annual", "+ vat", "+vat", "plus vat", "excluding vat", "excl. vat",
    "excl vat", "exc vat", "ex. vat", "ex vat", "including vat", "incl. vat", "incl vat", "inc vat", "(estimated)",
    "(est)", "(est.)", "estimated", "estimate", "approx.", "approx", "indicative", "provisional", "draft", "gbp",
    "pounds", "pound", "in total", "total", "*", "\xE2\x80\xA0", ".", ","};
// "Up to", "maximum" and "not exceeding" give the amount the contract may
// reach, its value as far as a return says: "up to" was always read so.
constexpr std::array<string_view, 21> kPrefixes = {
    "approximately", "approx.", "approx", "circa", "c.", "c ", "~", "est.", "estimated", "indicative", "provisional", "gbp",
    "up to", "maximum of", "maximum", "max.", "max", "not exceeding", "total:", "value:", "amount:"};

// Whether s[i] separates thousands: a comma, or a space (as "1 234 567" and
// "£ 67 000" are written) when three digits and no more follow it; one
// kind in an amount. A space before anything else ends the number: "5 m".
bool thousands_separator(string_view s, std::size_t i, char& separator) {
  const char c = s[i];
  if (c != ',' && c != ' ') return false;
  if (separator != 0 && separator != c) return false;
  if (c == ' ') {
    auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    if (!(digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4))) return false;
  }
  separator = c;
  return true;
}

std::optional<double> parse_amount(string_view s, bool* multiplied = nullptr);

// Points in an amount with no comma, as a spreadsheet set to a continental
// locale parts thousands with them. Two groups of three digits or more
// after points ("1.000.000") can be nothing else. One group after a pound
// sign ("£200.000", "£ 12.500") is £200,000 there and £200 here: no reading
// is safe. Without a pound sign one group is a decimal, as a workbook's
// numbers come as plain text ("123.457").
enum class Points { none, thousands, ambiguous };
Points points_in(string_view s) {
  s = text::trim(s);
  const bool pound = s.starts_with("\xC2\xA3");
  if (pound) s = text::trim(s.substr(2));
  const auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  std::size_t i = 0;
  while (digit(i)) ++i;
  if (i == 0 || i > 3 || s[0] == '0') return Points::none;
  int groups = 0;
  for (; i < s.size(); i += 4, ++groups)
    if (s[i] != '.' || !digit(i + 1) || !digit(i + 2) || !digit(i + 3) || digit(i + 4)) return Points::none;
  return groups >= 2 ? Points::thousands : groups == 1 && pound ? Points::ambiguous : Points::none;
}

// Excel and LibreOffice in some locales part thousands with a no-break
// space (U+00A0) or a narrow one (U+202F): "12 500 000". Read as spaces, out
// of the usual path, where a cell has a byte of either after a digit.
[[gnu::cold, gnu::noinline]] std::optional<double> parse_amount_wide_spaces(string_view s, bool* multiplied) {
  std::string spaced;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 2) == "\xC2\xA0") {
      spaced += ' ';
      i += 1;
    } else if (s.substr(i, 3) == "\xE2\x80\xAF") {
      spaced += ' ';
      i += 2;
    } else {
      spaced += s[i];
    }
  }
  if (spaced.size() == s.size()) return std::nullopt;  // neither: another character after the digits
  return parse_amount(spaced, multiplied);
}

// An unsigned amount: digits with optional thousands separators, decimals and
// a multiplier (k, m, bn, thousand, million, billion). Consumes all of s.
// `multiplied` is set when the amount has a multiplier of its own.
std::optional<double> parse_amount(string_view s, bool* multiplied) {
  s = text::trim(s);
  const string_view written = s;
  const bool pound = s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA3';
  if (pound) s = text::trim(s.substr(2));  // £, on most value cells: no call to compare
  // The digits as an integer and a count of decimals: exact, and the same
  // double as strtod gives while the integer stays below 2^53. The whole
  // part (with thousands separators every three digits) and the decimals
  // are read in loops of their own, so that a digit costs a few steps.
  const std::size_t n = s.size();
  std::uint64_t mantissa = 0;
  std::size_t i = 0, group = 0, groups = 0, digits = 0, decimals = 0;
  char separator = 0;
  for (; i < n; ++i) {
    const unsigned digit = static_cast<unsigned char>(s[i]) - unsigned{'0'};
    if (digit <= 9) {
      mantissa = mantissa * 10 + digit;
      ++group;
      continue;
    }
    if (i == 0 || !thousands_separator(s, i, separator)) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (i > 0 && (c == 0xC2 || c == 0xE2)) return parse_amount_wide_spaces(s, multiplied);
      break;
    }
    if (groups > 0 ? group != 3 : group > 3) return std::nullopt;
    ++groups;
    digits += group;
    group = 0;
  }
  digits += group;
  if (groups > 0 && group != 3) return std::nullopt;
  if (i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
    for (++i; i < n; ++i) {
      const unsigned digit = static_cast<unsigned char>(s[i]) - unsigned{'0'};
      if (digit > 9) break;
      mantissa = mantissa * 10 + digit;
      ++decimals;
    }
  }
  if (digits + decimals == 0) return std::nullopt;
  if (decimals == 3 && pound && groups == 0 && i == n && points_in(written) == Points::ambiguous) [[unlikely]]
    return std::nullopt;
  double v = 0;
  static constexpr double kPowers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (digits + decimals <= 15) {
    v = static_cast<double>(mantissa) / kPowers[decimals];
  } else {
    // More digits than a double holds exactly (or leading zeros): strtod
    // rounds them right, as the division does below fifteen digits.
    std::string text;
    for (char c : s.substr(0, i))
      if (c != separator) text += c;  // a comma or a space, whichever parted the thousands
    v = std::strtod(text.c_str(), nullptr);
  }
  string_view unit = text::trim(s.substr(i));
  if (unit.empty()) return v;
  // Excel's CSV writes a large number in a narrow column as it shows it:
  // 1.2E+06. A power of ten, not a unit of the amount's own.
  if (unit.size() >= 2 && (unit[0] == 'e' || unit[0] == 'E') && s.substr(i, 1) == unit.substr(0, 1)) {
    string_view e = unit.substr(1);
    const bool minus = e[0] == '-';
    if (e[0] == '+' || e[0] == '-') e.remove_prefix(1);
    if (!e.empty() && e.size() <= 2 && std::all_of(e.begin(), e.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      std::size_t exponent = 0;
      for (char c : e) exponent = exponent * 10 + static_cast<std::size_t>(c - '0');
      if (exponent < std::size(kPowers)) return minus ? v / kPowers[exponent] : v * kPowers[exponent];
    }
    return std::nullopt;
  }
  auto is = [&](std::initializer_list<string_view> words) {
    for (string_view w : words)
      if (text::equal_ignoring_case(unit, w)) return true;
    return false;
  };
  const double by = is({"k", "thousand", "000s", "'000", "000"})                  ? 1e3
                    : is({"m", "mn", "million", "mill", "mil", "millions"}) ? 1e6
                    : is({"bn", "billion"})                                  ? 1e9
                                                                             : 0;
  if (by == 0) return std::nullopt;
  if (multiplied) *multiplied = true;
  return v * by;
}

std::string_view strip_words(string_view s);

// year_cell: a per-year cell, whose amount is the year's: a term beside it
// multiplies nothing, and a whole value in a bracket is not the year's.
Money read_money(std::string_view raw, bool* multiplied, bool year_cell = false);

// A remark naming the year an amount is for ("2013/14", "FY13/14",
// "2014") or pointing to a note ("see note 1", "note 2a"): lower-cased.
bool is_year_or_note(string_view inside) {
  string_view t = text::trim(inside);
  for (string_view p : {"see footnote", "footnote", "see notes", "see note", "notes", "note"})
    if (strip_prefix(t, p))  // a note's name: "1", "2a", "iv", or none ("see notes")
      return t.size() <= 3 && std::all_of(t.begin(), t.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
             });
  for (string_view p : {"financial year", "fy"})
    if (strip_prefix(t, p)) break;
  const auto year_char = [](char c) { return (c >= '0' && c <= '9') || c == '/' || c == '-'; };
  if (t.empty() || !std::all_of(t.begin(), t.end(), year_char)) return false;
  if (t.size() == 4 && (t.starts_with("19") || t.starts_with("20"))) return true;  // a calendar year
  return parse_financial_year(t).has_value();
}

// A bracket after an amount that leaves it as it is: words such as the
// above, the year it is for, a note's pointer, the period it covers ("(3
// years)", "(over 2 years)") or the amount restated another way
// ("£100,000 (£50,000 p.a.)"). Lower-cased.
bool is_aside(string_view inside) {
  if (strip_words(inside).empty() || is_year_or_note(inside)) return true;
  string_view period = text::trim(inside);
  for (string_view p : {"over", "for", "across"})
    if (period.starts_with(p) && period.size() > p.size() && period[p.size()] == ' ') {
      period = text::trim(period.substr(p.size()));
      break;
    }
  if (parse_length(period).status == LengthStatus::ok) return true;
  // An amount, said to be one (a pound sign or words): a bare "(15)" could be anything.
  const bool said_money = inside.find("\xC2\xA3") != string_view::npos ||
                          std::any_of(inside.begin(), inside.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (!said_money) return false;
  const ValueStatus restated = read_money(inside, nullptr).status;
  return restated == ValueStatus::ok || restated == ValueStatus::range;
}

// A last bracket of such words ("£1,234 (annual)", "£5k (ex VAT)"), or the
// period an amount is spread over ("£120,000 over 3 years"): taken off as
// the words above are. A bracket that is the whole text is a negative
// amount's, "(1,234)".
bool strip_qualifier(string_view& s) {
  if (const auto remark = text::trailing_remark(s); remark && is_aside(remark->inside)) {
    s = remark->before;
    return true;
  }
  // A pointer to a note after a dash: "£45,000 - see note 3".
  if (const std::size_t see = s.rfind(" - see "); see != string_view::npos && see > 0) {
    s = text::trim(s.substr(0, see));
    return true;
  }
  if (const std::size_t over = s.rfind(" over "); over != string_view::npos && over > 0)
    if (parse_length(s.substr(over + 6)).status == LengthStatus::ok) {
      s = text::trim(s.substr(0, over));
      return true;
    }
  return false;
}

std::string_view strip_words(string_view s) {
  // Each pass takes off every word before and after the amount it can, then
  // one qualifier, which it looks for in the whole text; a real cell needs
  // two or three passes. A pass that took off one comma of thousands would
  // make a hostile cell take time in the square of its length (50 KB of
  // commas took a second): the words go in loops of their own, and the
  // passes are bounded.
  auto strip_all = [&](const auto& affixes, auto strip) {
    bool any = false;
    for (bool more = true; more; any |= more) {
      more = false;
      for (auto a : affixes) more |= strip(s, a);
    }
    return any;
  };
  for (int pass = 0; pass < 16; ++pass) {
    const bool prefixes = strip_all(kPrefixes, strip_prefix), suffixes = strip_all(kSuffixes, strip_suffix);
    if (!strip_qualifier(s) && !prefixes && !suffixes) break;
  }
  return s;
}

[[gnu::always_inline]] inline std::optional<double> plain_amount(std::string_view text, bool* multiplied) {
  std::string_view t = text::trim(text);
  if (t.empty() || !((t[0] >= '0' && t[0] <= '9') || t[0] == '\xC2')) return std::nullopt;
  return parse_amount(t, multiplied);
}

bool says_per_year(std::string_view raw);

// An amount written with a decimal comma, as a spreadsheet set to a
// continental locale writes it ("12500000,00", "1.234.567,89"): digits,
// points only between groups of three, and one comma before the last two.
bool decimal_comma(std::string_view t) {
  if (t.starts_with("\xC2\xA3")) t.remove_prefix(2);  // £
  const std::size_t comma = t.find(',');
  if (comma == std::string_view::npos || comma == 0 || t.size() - comma != 3 || t.find(',', comma + 1) != t.npos)
    return false;
  std::size_t since_point = 0;
  bool points = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i == comma) {
      if (points && since_point != 3) return false;
      continue;
    }
    if (t[i] == '.' && i < comma) {
      if (since_point == 0 || (points && since_point != 3) || (!points && since_point > 3)) return false;
      points = true;
      since_point = 0;
      continue;
    }
    if (t[i] < '0' || t[i] > '9') return false;
    ++since_point;
  }
  return true;
}

// An amount was read: a value, a range's midpoint or a negative one.
bool is_amount(const Money& m) {
  return m.status == ValueStatus::ok || m.status == ValueStatus::range || m.status == ValueStatus::negative;
}

// A cell that is more than a plain amount: its words read.
Money read_words(std::string_view raw, bool* multiplied) {
  if (const std::string_view t = text::trim(raw), inside = text::without_text_mark(t); inside.size() != t.size())
    return read_money(inside, multiplied);
  std::string lowered = text::lower(text::trim(raw));
  string_view s = strip_words(lowered);
  if (s.empty()) return {.status = ValueStatus::not_held, .pounds = 0};

  bool negative = false;
  string_view body = s;
  // A ledger's credit: "250,000.00CR" (and its debit, "DR", a plain amount).
  if (body.size() > 2 && (body.ends_with("cr") || body.ends_with("dr"))) {
    const char before = body[body.size() - 3];
    if ((before >= '0' && before <= '9') || before == ' ') {
      negative = body.ends_with("cr");
      body = text::trim(body.substr(0, body.size() - 2));
    }
  }
  // "£ (40,000.00)": the pound sign outside the brackets.
  if (body.starts_with("\xC2\xA3") && text::trim(body.substr(2)).starts_with('(')) body = text::trim(body.substr(2));
  if (body.size() >= 2 && body.front() == '(' && body.back() == ')') {
    negative = true;
    body = text::trim(body.substr(1, body.size() - 2));
  }
  if (strip_prefix(body, "-") || strip_prefix(body, "\xE2\x88\x92")) negative = true;  // - or U+2212
  else if (strip_prefix(body, "\xC2\xA3-")) negative = true;                         // £-1,234
  // A pound sign an export mangled: "Â£" (UTF-8 read as Windows-1252 and
  // saved again), or "?" or U+FFFD where it could not be written at all.
  for (string_view lost : {"\xC3\x82\xC2\xA3", "?", "\xEF\xBF\xBD"})
    if (body.size() > lost.size() && body.starts_with(lost) && body[lost.size()] >= '0' && body[lost.size()] <= '9') {
      body.remove_prefix(lost.size());
      break;
    }

  if (auto v = parse_amount(body, multiplied)) {
    if (negative && *v != 0) return {.status = ValueStatus::negative, .pounds = -*v};
    return {.status = ValueStatus::ok, .pounds = *v};
  }
  if (const Points points = points_in(body); points != Points::none) {
    std::string digits;
    for (char c : body)
      if (c >= '0' && c <= '9') digits += c;
    const double v = parse_amount(digits, multiplied).value_or(0);
    if (points == Points::ambiguous)  // its sign kept, for a reading that settles the doubt (read_scaled)
      return {.status = ValueStatus::unparseable, .reading = MoneyReading::point_or_decimal,
              .pounds = negative ? -v : v};
    return {.status = negative && v != 0 ? ValueStatus::negative : ValueStatus::ok,
            .reading = MoneyReading::points_for_thousands,
            .pounds = negative ? -v : v};
  }
  if (!negative) {
    // A range: "£10,000 - £20,000", "10k to 20k", "£10,000–£20,000",
    // "between £10k and £20k".
    const bool between = strip_prefix(body, "between");
    for (string_view sep : {" - ", " to ", "\xE2\x80\x93", "\xE2\x80\x94", "-", " and "}) {
      if (sep == " and " && !between) continue;
      std::size_t j = body.find(sep);
      if (j == string_view::npos || j == 0) continue;
      bool lo_multiplied = false, hi_multiplied = false;
      const string_view lo_text = body.substr(0, j), hi_text = text::trim(body.substr(j + sep.size()));
      auto lo = parse_amount(lo_text, &lo_multiplied);
      auto hi = parse_amount(hi_text, &hi_multiplied);
      if (!lo || !hi) continue;
      // "£50-60k", "£1-2m": a unit written once, after the upper bound, is
      // both bounds' when the lower read in it is no more than the upper.
      // Else a lower bound of a thousand pounds or more is in pounds
      // ("£50,000-60k", "£900,000 - 1.2m"); one below ("£500-1m") is
      // neither £500 (no one bounds a contract at £500 and £1m) nor
      // certainly £500k, and is not read.
      if (hi_multiplied && !lo_multiplied) {
        std::size_t unit = hi_text.size();
        while (unit > 0 && hi_text[unit - 1] >= 'a' && hi_text[unit - 1] <= 'z') --unit;
        if (unit < hi_text.size()) {
          const auto in_unit = parse_amount(std::string(lo_text) + std::string(hi_text.substr(unit)));
          if (in_unit && *in_unit <= *hi) {
            lo = in_unit;
          } else if (*lo < 1000) {
            return {.status = ValueStatus::unparseable, .reading = MoneyReading::range_unit, .pounds = 0};
          }
        }
      }
      if (*hi >= *lo) {
        if (multiplied) *multiplied = lo_multiplied || hi_multiplied;
        return {.status = ValueStatus::range, .pounds = (*lo + *hi) / 2};
      }
    }
  }

  if (text::is_formula_error(raw)) return {.status = ValueStatus::unparseable, .pounds = 0};  // "#N/A" is no "N/A"
  std::string f = text::fold(raw);
  if (f == "nil" || f == "zero" || f == "none 0") return {.status = ValueStatus::ok, .pounds = 0};
  if (contains_any(f, {"commercial", "sensitive", "s 43", "s43", "section 43", "exempt", "redact", "withheld",
                       "confidential", "not disclosed", "s 41", "section 41"}))
    return {.status = ValueStatus::withheld, .pounds = 0};
  if (f == "tbc" || f == "tba" || f == "tbd" ||
      contains_any(f, {"to be confirmed", "to be agreed", "to be determined", "awaiting", "pending", "to follow",
                       "not yet agreed", "not yet known"}) ||
      text::starts_with_word(f, "tbc"))
    return {.status = ValueStatus::tbc, .pounds = 0};
  if (contains_any(f, {"block", "see above", "as above", "included", "part of", "see row", "covered by", "within the"}))
    return {.status = ValueStatus::included_elsewhere, .pounds = 0};
  if (f.empty() || f == "n a" || f == "na" || f == "nk" || f == "n k" || f == "unknown" || f == "none" ||
      contains_any(f, {"not held", "not known", "not available", "not applicable", "not recorded", "no information",
                       "unavailable"}))
    return {.status = ValueStatus::not_held, .pounds = 0};
  return {.status = ValueStatus::unparseable,
          .reading = decimal_comma(text::trim(raw)) ? MoneyReading::decimal_comma : MoneyReading::as_written,
          .pounds = 0};
}

// The term a cell gives after its amount: "for 3 years", "x 3 years",
// "over 3 years", "(3 years)". Its months, with `before` the text before
// it; 0 when there is none.
double stated_term(string_view lowered, string_view& before) {
  if (const auto remark = text::trailing_remark(lowered); remark && !remark->before.empty()) {
    string_view period = text::trim(remark->inside);
    for (string_view p : {"over ", "for ", "across "})
      if (strip_prefix(period, p)) break;
    if (const Length l = parse_length(period); l.status == LengthStatus::ok && l.months > 0) {
      before = remark->before;
      return l.months;
    }
  }
  for (string_view mark : {" for ", " x ", " \xC3\x97 ", " over ", " across "}) {
    const std::size_t at = lowered.rfind(mark);
    if (at == string_view::npos || at == 0) continue;
    if (const Length l = parse_length(lowered.substr(at + mark.size())); l.status == LengthStatus::ok && l.months > 0) {
      before = text::trim(lowered.substr(0, at));
      return l.months;
    }
  }
  return 0;
}

// A last bracket that gives the whole value beside a year's amount or
// another amount: "£40,000 p.a. (£120,000 total)", "(£120,000 over 3
// years)", "(whole contract £120,000)". The whole value, as the cell states
// it, is the contract's.
std::optional<Money> whole_value_in_bracket(string_view lowered, bool* multiplied) {
  const auto remark = text::trailing_remark(lowered);
  if (!remark || remark->before.empty()) return std::nullopt;
  const std::string f = text::fold(remark->inside);
  string_view ignored;
  const bool whole = text::contains_phrase(f, "total") || text::contains_phrase(f, "whole contract") ||
                     text::contains_phrase(f, "whole life") || text::contains_phrase(f, "lifetime") ||
                     text::contains_phrase(f, "contract value") || stated_term(remark->inside, ignored) > 0;
  if (!whole || !is_amount(read_words(remark->before, nullptr))) return std::nullopt;
  string_view inside = text::trim(remark->inside);
  for (string_view w : {"whole contract value", "whole contract", "whole life value", "whole life", "lifetime value",
                        "lifetime", "contract value", "total value", "in total", "total"})
    if (strip_prefix(inside, w)) break;
  Money m = read_words(inside, multiplied);
  if (!is_amount(m) || says_per_year(remark->inside)) return std::nullopt;
  return m;
}

// A cell's words read: the whole value in a last bracket, else the amount
// outside and whether it is a year's.
Money read_stated(std::string_view raw, bool* multiplied, bool year_cell = false) {
  if (!year_cell && raw.find('(') != string_view::npos)
    if (auto whole = whole_value_in_bracket(text::lower(text::trim(raw)), multiplied)) return *whole;
  Money m = read_words(raw, multiplied);
  if (is_amount(m)) m.per_year = says_per_year(raw);
  return m;
}

// `multiplied`: whether the amount read has a multiplier of its own.
Money read_money(std::string_view raw, bool* multiplied, bool year_cell) {
  // Plain amounts are most cells: no lower-casing needed.
  if (auto v = plain_amount(raw, multiplied)) return {.status = ValueStatus::ok, .pounds = *v};
  // A year's amount with its term ("£1.2m p.a. for 3 years", "£45,000 pa x
  // 3 years") states the whole value: the one times the other. Read once,
  // not again inside the amount, so that a cell of many terms costs no
  // more than one.
  const std::string lowered = text::lower(text::trim(raw));
  string_view before;
  if (const double months = stated_term(lowered, before); months > 0 && months < 65536) {
    Money m = read_stated(before, multiplied, year_cell);
    if (is_amount(m) && m.per_year) {
      if (year_cell) return m;  // the year's amount, as the cell states it
      m.pounds *= months / 12;
      m.per_year = false;
      m.term_months = static_cast<std::uint16_t>(months);
      return m;
    }
  }
  return read_stated(raw, multiplied, year_cell);
}

// Whether a cell's words say its amount is a year's: "per annum", "pa",
// "/yr", "annually". A last remark in brackets is about another amount:
// "£100,000 (£50,000 p.a.)" is a whole value.
bool says_per_year(std::string_view raw) {
  if (const auto remark = text::trailing_remark(text::trim(raw))) raw = remark->before;
  const std::string lowered = text::lower(raw);
  for (string_view mark : {"/yr", "/ yr", "/year", "/ year", "/annum", "/ annum", "p/a"})
    if (lowered.find(mark) != string_view::npos) return true;
  const std::string f = text::fold(raw);
  for (string_view phrase : {"per annum", "per year", "per yr", "pa", "p a", "a year", "annually", "annual"})
    if (text::contains_phrase(f, phrase)) return true;
  return false;
}

}  // namespace

std::optional<double> parse_plain_amount(std::string_view text) { return plain_amount(text, nullptr); }

Money parse_money(std::string_view text) { return read_money(text, nullptr); }

namespace {
Money read_scaled(std::string_view text, double scale, bool year_cell) {
  bool multiplied = false;
  Money m = read_money(text, &multiplied, year_cell);
  // Under a header in thousands or millions, "£12.500" is 12.5 of them:
  // three decimals there are no sign of a point parting thousands.
  if (m.reading == MoneyReading::point_or_decimal && scale > 1) {
    m.status = m.pounds < 0 ? ValueStatus::negative : ValueStatus::ok;
    m.reading = MoneyReading::as_written;
    m.pounds *= scale / 1000;
    return m;
  }
  // A pound sign under a header in pence says the amount is in pounds.
  const bool in_pounds = scale < 1 && text.find("\xC2\xA3") != std::string_view::npos;
  if (is_amount(m) && !multiplied && !in_pounds) m.pounds *= scale;
  return m;
}
}  // namespace

Money parse_money(std::string_view text, double scale) { return read_scaled(text, scale, false); }

Money parse_year_money(std::string_view text, double scale) { return read_scaled(text, scale, true); }

}  // namespace foi
