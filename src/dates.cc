// Date cells: UK day-first always (methods.md (Cells)).
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "foi/cells.h"
#include "text.h"

namespace foi {

const char* to_string(DateStatus s) {
  switch (s) {
    case DateStatus::ok: return "ok";
    case DateStatus::open: return "open";
    case DateStatus::missing: return "missing";
    case DateStatus::unparseable: return "unparseable";
  }
  return "unparseable";
}

Day to_day(Ymd d) {
  using namespace std::chrono;
  auto ymd = year{d.year} / month{static_cast<unsigned>(d.month)} / day{static_cast<unsigned>(d.day)};
  return static_cast<Day>(sys_days{ymd}.time_since_epoch().count());
}

Ymd to_ymd(Day d) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{days{d}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

namespace {
// Month 1 to 12.
int days_in(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap);
}
}  // namespace

// By the months' lengths rather than chrono's checks: it is asked of the
// two dates of every row.
bool valid_ymd(Ymd d) {
  if (d.year < 1900 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= days_in(d.year, d.month);
}

Day last_day_of_term(Day start, double months) {
  // No contract runs for centuries; a hostile length must not overflow.
  months = std::clamp(months, 0.0, 12.0 * 500);
  const int whole = static_cast<int>(months);
  const Ymd s = to_ymd(start);
  const int month_index = s.month - 1 + whole;
  const int year = s.year + month_index / 12, month = month_index % 12 + 1;
  const Day same_day_on = to_day({year, month, std::min(s.day, days_in(year, month))});
  return same_day_on + static_cast<Day>(std::lround((months - whole) * 365.25 / 12)) - 1;
}

std::string iso(Day d) {
  Ymd y = to_ymd(d);
  if (y.year < 0 || y.year > 9999) return fmt::format("{:04}-{:02}-{:02}", y.year, y.month, y.day);
  // Digit by digit: `normalise` writes two dates a row, and a format string
  // cost several hundred instructions each.
  std::string out = "0000-00-00";
  for (int i = 3, v = y.year; i >= 0; --i, v /= 10) out[static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
  out[5] = static_cast<char>('0' + y.month / 10);
  out[6] = static_cast<char>('0' + y.month % 10);
  out[8] = static_cast<char>('0' + y.day / 10);
  out[9] = static_cast<char>('0' + y.day % 10);
  return out;
}

Day financial_year_start(int y) { return to_day({y, 4, 1}); }
Day financial_year_end(int y) { return to_day({y + 1, 3, 31}); }
std::string financial_year_label(int y) { return fmt::format("{}/{:02}", y, (y + 1) % 100); }

namespace {

using std::string_view;

bool all_digits(string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

int full_year(string_view y) {
  int v = to_int(y);
  if (y.size() == 2) return v < 70 ? 2000 + v : 1900 + v;
  return v;
}

constexpr std::array<string_view, 12> kMonthNames = {"january", "february", "march",     "april",
                                                     "may",     "june",     "july",      "august",
                                                     "september", "october", "november", "december"};

// A month by its lower-case name, its first three letters or "sept".
int month_of(string_view word) {
  for (int i = 0; i < 12; ++i) {
    const string_view name = kMonthNames[static_cast<std::size_t>(i)];
    if (word == name || word == name.substr(0, 3) || (i == 8 && word == "sept")) return i + 1;
  }
  return 0;
}

// Day number with an optional ordinal suffix: "1st", "22nd", "3rd", "4th".
int day_of(string_view w) {
  for (string_view suffix : {"st", "nd", "rd", "th"})
    if (w.size() > 2 && w.substr(w.size() - 2) == suffix) w.remove_suffix(2);
  if (!all_digits(w) || w.size() > 2) return 0;
  return to_int(w);
}

std::optional<Day> make(int y, int m, int d) {
  Ymd v{y, m, d};
  if (!valid_ymd(v)) return std::nullopt;
  return to_day(v);
}

// A date's numbers as written, whether or not they make a date, and
// whether the form puts the year first.
struct Written {
  Ymd ymd;
  bool year_first = false;
};

// dd/mm/yyyy, dd-mm-yy, dd.mm.yyyy, yyyy-mm-dd (with an optional time).
std::optional<Written> numeric_parts(string_view s) {
  std::size_t space = s.find_first_of(" t");
  if (space != string_view::npos) {
    string_view time = s.substr(space + 1);
    if (time.find(':') == string_view::npos) return std::nullopt;
    s = s.substr(0, space);
  }
  std::array<string_view, 3> parts;
  std::size_t n = 0, start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '/' || s[i] == '-' || s[i] == '.') {
      if (n == 3) return std::nullopt;
      parts[n++] = s.substr(start, i - start);
      start = i + 1;
    }
  }
  if (n != 3) return std::nullopt;
  for (auto p : parts)
    if (!all_digits(p)) return std::nullopt;
  if (parts[0].size() == 4) return Written{{to_int(parts[0]), to_int(parts[1]), to_int(parts[2])}, true};
  if (parts[0].size() > 2 || parts[1].size() > 2 || (parts[2].size() != 2 && parts[2].size() != 4)) return std::nullopt;
  return Written{{full_year(parts[2]), to_int(parts[1]), to_int(parts[0])}, false};
}

std::optional<Day> numeric_date(string_view s) {
  auto w = numeric_parts(s);
  return w ? make(w->ymd.year, w->ymd.month, w->ymd.day) : std::nullopt;
}

// "1 April 2013", "01-Apr-13", "1st April 2013", "April 2013", "Apr-13".
// `month_only` is set when it names no day ("April 2013": the first).
std::optional<Ymd> worded_parts(string_view s, bool* month_only = nullptr) {
  std::vector<string_view> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ' || s[i] == '-' || s[i] == ',' || s[i] == '/' || s[i] == '.') {
      if (i > start) words.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  int m = 0, mi = -1;
  for (std::size_t i = 0; i < words.size(); ++i)
    if (int v = month_of(words[i])) {
      if (m) return std::nullopt;
      m = v;
      mi = static_cast<int>(i);
    }
  if (!m) return std::nullopt;
  if (words.size() == 2) {  // month and year: the first of the month
    string_view y = words[mi == 0 ? 1 : 0];
    if (!all_digits(y) || (y.size() != 2 && y.size() != 4)) return std::nullopt;
    if (month_only) *month_only = true;
    return Ymd{full_year(y), m, 1};
  }
  if (words.size() != 3) return std::nullopt;
  string_view d, y;
  if (mi == 1) { d = words[0]; y = words[2]; }       // 1 April 2013
  else if (mi == 0) { d = words[1]; y = words[2]; }  // April 1, 2013
  else return std::nullopt;
  int day = day_of(d);
  if (!day || !all_digits(y) || (y.size() != 2 && y.size() != 4)) return std::nullopt;
  return Ymd{full_year(y), m, day};
}

// A month alone as an end date is its last day ("to March 2016" runs to
// 31 March), as a financial year as an end date is; as a start, its first.
std::optional<Day> worded_date(string_view s, bool end) {
  bool month_only = false;
  auto w = worded_parts(s, &month_only);
  if (w && month_only && end) w->day = days_in(w->year, w->month);
  return w ? make(w->year, w->month, w->day) : std::nullopt;
}

// The option to extend that an end date is often written with: "31/03/2016
// + 1 year option", "31 March 2016 plus extension", "31/03/2016 with an
// option to extend". The text before it; s itself when it has none.
string_view without_extension(string_view s) {
  for (string_view mark : {" + ", "+", " plus ", " with "}) {
    const std::size_t at = s.find(mark);
    if (at == string_view::npos || at == 0) continue;
    const string_view rest = s.substr(at + mark.size());
    if (rest.find("option") != string_view::npos || rest.find("exten") != string_view::npos)
      return text::trim(s.substr(0, at));
  }
  return s;
}

// A date cell (lower case) without what is often written beside a date: a
// footnote mark ("01/04/2013*"), a remark in brackets ("01/04/2013
// (estimated)"), a weekday ("tuesday 1 april 2013", "tue, 1 april 2013")
// and the word "of" ("1st of april 2013"), and the option to extend an end
// date. Taken off until none is left, so that the text it gives has none.
std::string without_extras(string_view s) {
  static constexpr std::array<string_view, 14> kWeekdays = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                                            "saturday", "sunday", "mon", "tue", "tues", "wed",
                                                            "thu", "thurs", "fri"};
  // Words a cell puts before or after its date: "from 01/04/2013", "wef
  // 1 April 2013", "01/04/2013 onwards", "end of March 2016".
  static constexpr std::array<string_view, 30> kBefore = {
      "with effect from", "effective from", "w.e.f.", "wef", "from", "commenced", "commencing", "commences",
      "starting", "started", "starts", "start", "began", "begins", "effective", "until", "till", "to", "ending",
      "ended", "ends", "end", "expiring", "expires", "expiry", "by", "circa", "c.", "approx.", "approx"};
  // Each pass looks through the whole text for an extension, so the words
  // before the date are taken off in a loop of their own, and the passes
  // are bounded: a few take off all that a real cell has, and a hostile
  // cell of thousands of words ("from from from ...", "(a) (a) (a) ...")
  // would otherwise take time in the square of its length.
  for (std::size_t before = s.size() + 1, pass = 0; s.size() < before && pass < 16; ++pass) {
    before = s.size();
    // Marks and remarks after the date, as many as there are: each remark
    // is found from the end, at the cost of its own length.
    for (bool more = true; more;) {
      while (!s.empty() &&
             (s.back() == '*' || s.back() == ' ' || s.back() == '.' || s.back() == '-' || s.back() == ','))
        s.remove_suffix(1);
      const auto remark = text::trailing_remark(s);
      more = remark.has_value();
      if (more) s = remark->before;
    }
    s = without_extension(s);
    auto take_off = [&](string_view word, bool comma_too) {
      const bool ends = s.size() > word.size() && (s[word.size()] == ' ' || (comma_too && s[word.size()] == ','));
      if (!ends || !s.starts_with(word)) return false;
      s = text::trim(s.substr(word.size() + 1));
      return true;
    };
    for (bool more = true; more;) {
      more = std::any_of(kWeekdays.begin(), kWeekdays.end(), [&](string_view day) { return take_off(day, true); });
      more |= std::any_of(kBefore.begin(), kBefore.end(), [&](string_view word) { return take_off(word, false); });
    }
    for (string_view word : {" onwards", " onward"})
      if (s.ends_with(word)) s.remove_suffix(word.size());
  }
  std::string out;
  for (string_view w : text::split(s, ' ')) {
    if (w.empty() || w == "of") continue;
    // A year written '16, with a straight or curly apostrophe.
    for (string_view mark : {"'", "\xE2\x80\x99", "\xE2\x80\x98"})
      if (w.size() == mark.size() + 2 && w.starts_with(mark) && all_digits(w.substr(mark.size())))
        w.remove_prefix(mark.size());
    out.append(out.empty() ? "" : " ").append(w);
  }
  return out;
}

bool is_open_ended(string_view f) {
  for (string_view w : {"ongoing", "rolling", "evergreen", "tbc", "tba", "open", "open ended", "no end date",
                        "until terminated", "until further notice", "indefinite", "continuous", "on going",
                        "rolling contract", "not applicable rolling", "to be confirmed"})
    if (f == w) return true;
  // "Annual rolling", "12 month rolling": a term that rolls on.
  return text::starts_with_word(f, "rolling") || text::starts_with_word(f, "ongoing") || f.ends_with(" rolling");
}

bool is_missing(string_view f) {
  return f.empty() || f == "n a" || f == "na" || f == "not known" || f == "unknown" || f == "not held" ||
         f == "nk" || f == "n k" || f == "none" || f == "not recorded";
}

}  // namespace

std::optional<int> parse_financial_year(std::string_view raw) {
  std::string s = text::lower(raw);
  // Find digits [/-] digits where the second year follows the first.
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!(s[i] >= '0' && s[i] <= '9') || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')) continue;
    // The end of a date, not a year: "31/13/14" is no financial year
    // 2013/14, nor "31.13/14" (a date's parts may be parted by any of the
    // three, as numeric_parts reads them).
    if (i >= 2 && (s[i - 1] == '/' || s[i - 1] == '-' || s[i - 1] == '.') && s[i - 2] >= '0' && s[i - 2] <= '9')
      continue;
    std::size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    std::size_t len1 = j - i;
    if ((len1 != 2 && len1 != 4) || j >= s.size() || (s[j] != '/' && s[j] != '-')) continue;
    std::size_t k = j + 1;
    while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
    std::size_t len2 = k - j - 1;
    if (len2 != 2 && len2 != 4) continue;
    // A full date, its last part after any of the three: "30/31.32" is no
    // financial year 2030/31, as why_not_a_date() reads its parts.
    if (k < s.size() && (s[k] == '/' || s[k] == '-' || (s[k] >= '0' && s[k] <= '9') ||
                         (s[k] == '.' && k + 1 < s.size() && s[k + 1] >= '0' && s[k + 1] <= '9')))
      continue;
    int y1 = full_year(string_view(s).substr(i, len1));
    int y2 = to_int(string_view(s).substr(j + 1, len2));
    if ((len2 == 2 && y2 == (y1 + 1) % 100) || (len2 == 4 && y2 == y1 + 1)) return y1;
  }
  // April of one year to March of the next: "Apr13-Mar14", "April 2013 - March 2014".
  std::string words;  // folded, with letters and digits apart: "apr 13 mar 14"
  for (char c : text::fold(raw)) {
    const bool digit = c >= '0' && c <= '9';
    if (c != ' ' && !words.empty() && words.back() != ' ' && digit != (words.back() >= '0' && words.back() <= '9'))
      words += ' ';
    words += c;
  }
  const auto w = text::split(words, ' ');
  auto year_at = [&](std::size_t k) {
    return k < w.size() && all_digits(w[k]) && (w[k].size() == 2 || w[k].size() == 4) ? full_year(w[k]) : 0;
  };
  for (std::size_t k = 0; k + 3 < w.size(); ++k) {
    if (w[k] != "apr" && w[k] != "april") continue;
    const int from = year_at(k + 1);
    if (from && (w[k + 2] == "mar" || w[k + 2] == "march" || w[k + 2] == "to")) {
      const std::size_t march = w[k + 2] == "to" ? k + 3 : k + 2;
      if ((w[march] == "mar" || w[march] == "march") && year_at(march + 1) == from + 1) return from;
    }
  }
  return std::nullopt;
}

namespace {

// The day of a valid date, else kNoDay.
Day plain_day(int y, int m, int d) { return valid_ymd({y, m, d}) ? to_day({y, m, d}) : kNoDay; }

// "24 February 2014", "1-Apr-13", "3 Sept 2015": a day of one or two
// digits, a month's name, its first three letters or "Sept", and a year of
// two or four digits, apart by one space or hyphen each. worded_date()
// reads these too, after lower-casing the text into a string; this reads
// them where they stand, the day from the front and the year from the
// back, and the month between them by its first three letters.
Day worded_plain_day(std::string_view t) {
  const std::size_t n = t.size();
  if (n < 8 || n > 17) return kNoDay;  // "1-Apr-13" to "30 September 2015"
  auto digit = [&](std::size_t i) { return t[i] >= '0' && t[i] <= '9'; };
  auto gap = [&](std::size_t i) { return t[i] == ' ' || t[i] == '-'; };
  auto value = [&](std::size_t i) { return t[i] - '0'; };
  if (!digit(0)) return kNoDay;
  const bool two = digit(1);
  const int d = two ? value(0) * 10 + value(1) : value(0);
  const std::size_t word = two ? 3 : 2;
  if (!gap(word - 1)) return kNoDay;
  int y = 0;
  std::size_t end = 0;
  if (gap(n - 3) && digit(n - 2) && digit(n - 1)) {
    y = value(n - 2) * 10 + value(n - 1);
    y += y < 70 ? 2000 : 1900;
    end = n - 3;
  } else if (gap(n - 5) && digit(n - 4) && digit(n - 3) && digit(n - 2) && digit(n - 1)) {
    y = value(n - 4) * 1000 + value(n - 3) * 100 + value(n - 2) * 10 + value(n - 1);
    end = n - 5;
  } else {
    return kNoDay;
  }
  if (end < word + 3) return kNoDay;
  const std::size_t letters = end - word;
  // A byte with 0x20 set is the lower-case letter only if it was that
  // letter in either case: comparing so checks that the word is letters.
  auto lower = [&](std::size_t k) { return static_cast<char>(t[word + k] | 0x20); };
  auto key = [](char a, char b, char c) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(a)) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 8 | static_cast<unsigned char>(c);
  };
  static constexpr auto kKeys = [key] {
    std::array<std::uint32_t, 12> keys{};
    for (std::size_t k = 0; k < 12; ++k) keys[k] = key(kMonthNames[k][0], kMonthNames[k][1], kMonthNames[k][2]);
    return keys;
  }();
  const std::uint32_t first = key(lower(0), lower(1), lower(2));
  std::size_t k = 0;
  while (k < 12 && kKeys[k] != first) ++k;
  if (k == 12) return kNoDay;
  const std::string_view name = kMonthNames[k];
  bool same = letters == 3 || letters == name.size() || (k == 8 && letters == 4);
  for (std::size_t c = 3; same && c < letters; ++c) same = lower(c) == name[c];
  if (!same) return kNoDay;
  return plain_day(y, static_cast<int>(k) + 1, d);
}

}  // namespace

Day plain_day_of(std::string_view t) {
  if (t.size() != 10) return worded_plain_day(t);
  // Read digit by digit: a fixed width of two or four needs no from_chars().
  auto number = [&](std::size_t from, std::size_t digits, int& out) {
    for (std::size_t i = from; i < from + digits; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  bool read = t[2] == '/' && t[5] == '/'   ? number(0, 2, d) && number(3, 2, m) && number(6, 4, y)
              : t[4] == '-' && t[7] == '-' ? number(0, 4, y) && number(5, 2, m) && number(8, 2, d)
                                           : false;
  return read ? plain_day(y, m, d) : worded_plain_day(t);
}

std::optional<Day> parse_plain_date(std::string_view t) {
  const Day d = plain_day_of(t);
  return d == kNoDay ? std::nullopt : std::optional<Day>(d);
}

namespace {

// A financial year written whole and alone: "2013/14", "13/14", "2013-14",
// "2013/2014", "FY13/14" (a quarter's year, where nothing else may stand).
std::optional<int> whole_financial_year(string_view t) {
  t = text::trim(t);
  if (t.substr(0, 2) == "fy") t = text::trim(t.substr(2));
  const std::size_t mark = t.find_first_of("/-");
  if (mark == string_view::npos || t.find_first_of("/-", mark + 1) != string_view::npos) return std::nullopt;
  const string_view a = t.substr(0, mark), b = t.substr(mark + 1);
  if ((a.size() != 2 && a.size() != 4) || (b.size() != 2 && b.size() != 4) || !all_digits(a) || !all_digits(b))
    return std::nullopt;
  return parse_financial_year(t);
}

// A quarter of a financial year, as quarterly reports name one: "Q1
// 2013/14" (or "Q1-2013/14", "2013/14 Q1", "2013/14Q1", "Quarter 1 FY13/14",
// "Qtr 1 of 2013/14") runs from 1 April to 30 June 2013, Q4 from January
// to March 2014. Its first day as a start, its last as an end. "Q1 2013"
// is not read: a calendar quarter or a financial one, the cell does not
// say; nor is anything else beside the two.
std::optional<Day> financial_quarter(string_view s, bool end) {
  if (s.size() > 28 || s.find('q') == string_view::npos) return std::nullopt;
  // The quarter's word and number at one end of s; what is left, the year.
  int quarter = 0;
  string_view year;
  const auto separators = [](string_view t) {
    t = text::trim(t);
    while (!t.empty() && (t.front() == '-' || t.front() == ',')) t = text::trim(t.substr(1));
    while (!t.empty() && (t.back() == '-' || t.back() == ',')) t = text::trim(t.substr(0, t.size() - 1));
    if (t.starts_with("of ")) t = text::trim(t.substr(3));
    return t;
  };
  for (string_view word : {"quarter", "qtr", "q"}) {
    if (s.starts_with(word)) {  // "q1 2013/14"
      string_view rest = text::trim(s.substr(word.size()));
      if (rest.empty() || rest[0] < '1' || rest[0] > '4' || (rest.size() > 1 && rest[1] >= '0' && rest[1] <= '9'))
        return std::nullopt;
      quarter = rest[0] - '0';
      year = separators(rest.substr(1));
      break;
    }
    // "2013/14 q1": the word just before the last character, a number.
    const std::size_t at = s.rfind(word);
    if (at == string_view::npos || at == 0 || s.back() < '1' || s.back() > '4' ||
        !text::trim(s.substr(at + word.size(), s.size() - 1 - at - word.size())).empty())
      continue;
    const char before = s[at - 1];
    if (before >= 'a' && before <= 'z') continue;  // a word ending in q ("eq 2013/14 q1"), or "qtr" read as "r"
    quarter = s.back() - '0';
    year = separators(s.substr(0, at));
    break;
  }
  if (quarter == 0) return std::nullopt;
  const auto y = whole_financial_year(year);
  if (!y) return std::nullopt;
  const int first_month = 4 + 3 * (quarter - 1);  // 13 is January of the next year
  const int year_of = first_month > 12 ? *y + 1 : *y, month = (first_month - 1) % 12 + 1;
  return end ? make(year_of, month + 2, days_in(year_of, month + 2)) : make(year_of, month, 1);
}

// extras: whether to read the cell again without what is often written
// beside a date, once its own forms have failed; not the text that gives.
DateValue read_date(std::string_view raw, bool end, bool extras) {
  string_view t = text::trim(raw);
  if (auto d = parse_plain_date(t)) return {DateStatus::ok, *d};
  // Most cells are numeric dates: read them before any folding.
  if (!t.empty() && t[0] >= '0' && t[0] <= '9') {
    if (t.size() <= 10)
      if (auto d = numeric_date(t)) return {DateStatus::ok, *d};
    if (auto d = worded_date(text::lower(t), end)) return {DateStatus::ok, *d};  // "1 April 2013", "01-Apr-13"
  }
  if (const string_view inside = text::without_text_mark(t); inside.size() != t.size())
    return read_date(inside, end, extras);
  if (text::is_formula_error(t)) return {DateStatus::unparseable, 0};  // "#N/A" is no "N/A"
  std::string f = text::fold(t);
  if (is_missing(f) || t == "-" || t == "?") return {DateStatus::missing, 0};
  if (is_open_ended(f)) return {DateStatus::open, 0};
  std::string s = text::lower(t);

  // Excel serial number (1900 date system): 41365 is 1 April 2013.
  string_view whole = s;
  if (auto dot = whole.find('.'); dot != string_view::npos && all_digits(whole.substr(dot + 1)))
    whole = whole.substr(0, dot);
  if (all_digits(whole) && whole.size() == 5) {
    int serial = to_int(whole);
    if (serial >= 20000 && serial <= 80000) return {DateStatus::ok, to_day({1899, 12, 30}) + serial};
  }
  // yyyy-mm, a month as ISO writes it: as "April 2013" is, its first day
  // (its last as an end date); unless it is a financial year ("2011-12" is
  // 2011/12, not December).
  if (s.size() == 7 && s[4] == '-' && all_digits(string_view(s).substr(0, 4)) && all_digits(string_view(s).substr(5)) &&
      !parse_financial_year(s)) {
    const int y = to_int(string_view(s).substr(0, 4)), m = to_int(string_view(s).substr(5, 2));
    if (auto d = make(y, m, end && m >= 1 && m <= 12 ? days_in(y, m) : 1)) return {DateStatus::ok, *d};
  }
  // yyyymmdd, as databases export a date; else ddmmyyyy, day first as
  // every UK date is.
  if (all_digits(s) && s.size() == 8) {
    if (auto d = make(to_int(string_view(s).substr(0, 4)), to_int(string_view(s).substr(4, 2)),
                      to_int(string_view(s).substr(6, 2))))
      return {DateStatus::ok, *d};
    if (auto d = make(to_int(string_view(s).substr(4, 4)), to_int(string_view(s).substr(2, 2)),
                      to_int(string_view(s).substr(0, 2))))
      return {DateStatus::ok, *d};
  }
  if (auto d = numeric_date(s)) return {DateStatus::ok, *d};
  if (auto d = worded_date(s, end)) return {DateStatus::ok, *d};
  if (auto d = financial_quarter(s, end)) return {DateStatus::ok, *d};
  // A financial year on its own: "2013/14", "FY13/14".
  string_view fy = s;
  if (fy.substr(0, 2) == "fy") fy = text::trim(fy.substr(2));
  if (fy.size() <= 9)
    if (auto y = parse_financial_year(fy))
      return {DateStatus::ok, end ? financial_year_end(*y) : financial_year_start(*y)};
  // The date with what cells often carry beside it taken off (all of it:
  // the text that gives is not read for more).
  if (!extras) return {DateStatus::unparseable, 0};
  if (const std::string bare = without_extras(s); bare != s && !bare.empty())
    if (const DateValue d = read_date(bare, end, false); d.status == DateStatus::ok) return d;
  return {DateStatus::unparseable, 0};
}

}  // namespace

DateValue parse_date(std::string_view raw, bool end) { return read_date(raw, end, true); }

std::optional<DateRange> parse_date_range(std::string_view raw) {
  const string_view t = text::trim(raw);
  // A hyphen only with spaces around it: "01-04-2013" is one date.
  for (string_view sep : {" - ", " to ", " until ", " till ", "\xE2\x80\x93", "\xE2\x80\x94"}) {
    const std::size_t at = t.find(sep);
    if (at == string_view::npos || at == 0) continue;
    const DateValue from = parse_date(t.substr(0, at), false), to = parse_date(t.substr(at + sep.size()), true);
    if (from.status == DateStatus::ok && to.status == DateStatus::ok && to.day >= from.day)
      return DateRange{from.day, to.day};
  }
  return std::nullopt;
}

std::optional<Day> month_first_reading(std::string_view raw) {
  const std::string s = without_extras(text::lower(text::trim(raw)));
  const std::optional<Written> w = numeric_parts(s);
  if (!w || w->year_first) return std::nullopt;
  const auto [y, m, d] = w->ymd;
  if (m == d || y < 1900 || y > 2200 || !valid_ymd({y, d, m})) return std::nullopt;
  return to_day({y, d, m});
}

// Only asked when a date has been found unparseable: it reads the cell
// again, into its numbers, to say what is wrong with them.
std::string why_not_a_date(std::string_view raw) {
  const std::string s = without_extras(text::lower(text::trim(raw)));
  Written w;
  if (auto n = numeric_parts(s)) w = *n;
  else if (auto v = worded_parts(s)) w.ymd = *v;
  else return {};
  const auto [y, m, d] = w.ymd;
  if (y < 1900 || y > 2200) return fmt::format("the year {} is not between 1900 and 2200", y);
  if (m < 1 || m > 12) {
    // 04/25/2014: a month-first (US) date, which day first would be a date.
    if (!w.year_first && d >= 1 && d <= 12 && valid_ymd({y, d, m}))
      return fmt::format("there is no month {}; dates are read day first, so if this is month first (as in the US), "
                         "write it {:02}/{:02}/{}",
                         m, m, d, y);
    return fmt::format("there is no month {}", m);
  }
  if (d < 1) return "there is no day 0";
  if (!valid_ymd(w.ymd)) {
    std::string month(kMonthNames[static_cast<std::size_t>(m - 1)]);
    month[0] = static_cast<char>(month[0] - 'a' + 'A');
    return fmt::format("{} {} has {} days", month, y, days_in(y, m));
  }
  return {};
}

}  // namespace foi
