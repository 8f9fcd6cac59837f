#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "foi/cells.h"
#include "test_util.h"

using foi::DateStatus;
using foi::parse_date;

namespace {
std::string date(std::string_view text, bool end = false) {
  auto d = parse_date(text, end);
  if (d.status != DateStatus::ok) return foi::to_string(d.status);
  return foi::iso(d.day);
}
}  // namespace

TEST_CASE("dates: every methods.md (Cells) format reads day-first", "[dates]") {
  CHECK(date("01/04/2013") == "2013-04-01");
  CHECK(date("1/4/2013") == "2013-04-01");
  CHECK(date("01/04/13") == "2013-04-01");
  CHECK(date("2013-04-01") == "2013-04-01");
  CHECK(date("1 April 2013") == "2013-04-01");
  CHECK(date("1st April 2013") == "2013-04-01");
  CHECK(date("01-Apr-13") == "2013-04-01");
  CHECK(date("Apr-13") == "2013-04-01");
  CHECK(date("April 2013") == "2013-04-01");
  CHECK(date("31.03.2016") == "2016-03-31");
  CHECK(date("2013-04-01 00:00:00") == "2013-04-01");
}

TEST_CASE("dates: iso writes four-digit years and two-digit months and days, padded with zeros", "[dates]") {
  CHECK(foi::iso(foi::to_day({2013, 4, 1})) == "2013-04-01");
  CHECK(foi::iso(foi::to_day({2016, 12, 31})) == "2016-12-31");
  CHECK(foi::iso(foi::to_day({999, 1, 9})) == "0999-01-09");
  CHECK(foi::iso(foi::to_day({10000, 1, 1})) == "10000-01-01");
}

TEST_CASE("dates: a term ends the day before the same day so many months on, within the month's length", "[dates]") {
  auto last = [](foi::Ymd start, double months) { return foi::iso(foi::last_day_of_term(foi::to_day(start), months)); };
  CHECK(last({2013, 4, 1}, 24) == "2015-03-31");
  CHECK(last({2013, 4, 1}, 36) == "2016-03-31");
  CHECK(last({2013, 4, 15}, 12) == "2014-04-14");
  CHECK(last({2013, 1, 31}, 1) == "2013-02-27");
  CHECK(last({2013, 11, 1}, 3) == "2014-01-31");
  CHECK(last({2013, 4, 1}, 1.5) == "2013-05-15");  // half an average month: 15 days
  CHECK(last({2013, 4, 1}, 1e12) == last({2013, 4, 1}, 6000));  // no overflow on a hostile length
}

TEST_CASE("dates: a financial year starts 1 April and ends 31 March", "[dates]") {
  CHECK(date("2013/14") == "2013-04-01");
  CHECK(date("2013/14", true) == "2014-03-31");
  CHECK(date("FY13/14") == "2013-04-01");
  CHECK(date("2015/2016", true) == "2016-03-31");
}

TEST_CASE("dates: a quarter of a financial year starts on its first day and ends on its last", "[dates]") {
  CHECK(date("Q1 2013/14") == "2013-04-01");
  CHECK(date("Q1 2013/14", true) == "2013-06-30");
  CHECK(date("Q2 13/14") == "2013-07-01");
  CHECK(date("Q3 FY13/14", true) == "2013-12-31");
  CHECK(date("2013/14 Q4") == "2014-01-01");
  CHECK(date("2015/16 Q4", true) == "2016-03-31");
  CHECK(date("Quarter 2 2014-15") == "2014-07-01");
  CHECK(date("q4 2013/2014", true) == "2014-03-31");
  CHECK(date("Q1-2013/14") == "2013-04-01");
  CHECK(date("2013/14-Q2", true) == "2013-09-30");
  CHECK(date("2013/14Q1", true) == "2013-06-30");  // not the whole year
  CHECK(date("Qtr 1 2013/14") == "2013-04-01");
  CHECK(date("Q 3 2013/14") == "2013-10-01");
  CHECK(date("Q2 of 2013/14") == "2013-07-01");
  // Not a quarter of a financial year: no such quarter, or no financial year.
  CHECK(date("Q5 2013/14") == "unparseable");
  CHECK(date("q12013/14") == "unparseable");
  CHECK(date("Q1 20 13/14") == "unparseable");
  CHECK(date("quarterly 2013/14") == "unparseable");
  CHECK(date("TBC q1") == "unparseable");
  CHECK(date("Q1 2013") == "unparseable");  // a calendar quarter or a financial one: not said
  CHECK(date("Q1 2013/14 and Q2") == "unparseable");
}

TEST_CASE("dates: Excel serial numbers in 20000-80000 use the 1900 system", "[dates]") {
  CHECK(date("41365") == "2013-04-01");
  CHECK(date("42460") == "2016-03-31");
  CHECK(date("41365.0") == "2013-04-01");
  CHECK(date("19999") == "unparseable");
}

TEST_CASE("dates: a rolling or ongoing cell is open-ended, a blank or N/A missing, an impossible date unparseable", "[dates]") {
  for (auto t : {"Ongoing", "Rolling", "Evergreen", "TBC", "rolling contract", "Annual rolling", "12 month rolling"})
    CHECK(date(t) == "open");
  for (auto t : {"", "N/A", "Not known", "-", "N/K"}) CHECK(date(t) == "missing");
  CHECK(date("31/02/2014") == "unparseable");
  CHECK(date("13/13/2013") == "unparseable");
  CHECK(date("next spring") == "unparseable");
}

TEST_CASE("financial-year labels in headers give their first calendar year", "[dates]") {
  CHECK(foi::parse_financial_year("2013/14") == 2013);
  CHECK(foi::parse_financial_year("13/14") == 2013);
  CHECK(foi::parse_financial_year("2013-14") == 2013);
  CHECK(foi::parse_financial_year("FY13/14") == 2013);
  CHECK(foi::parse_financial_year("Value 2013/14 (£)") == 2013);
  CHECK(foi::parse_financial_year("2013/2014") == 2013);
  CHECK_FALSE(foi::parse_financial_year("2013/15"));
  CHECK_FALSE(foi::parse_financial_year("2013-04-01"));
  CHECK(foi::financial_year_label(2013) == "2013/14");
}

TEST_CASE("financial-year labels: the last two numbers of an impossible date are no financial year", "[dates]") {
  CHECK_FALSE(foi::parse_financial_year("31/31/32"));
  CHECK_FALSE(foi::parse_financial_year("01/13/14"));
  CHECK_FALSE(foi::parse_financial_year("1-13-14"));
  CHECK_FALSE(foi::parse_financial_year("31.31/32"));  // parts of a date may be parted by a full stop too
  CHECK(date("31.31/32", true) == "unparseable");
  CHECK(foi::why_not_a_date("31.31/32") == "there is no month 31");
  CHECK(date("01/13/14", true) == "unparseable");
  CHECK_FALSE(foi::why_not_a_date("01/13/14").empty());
  // A label after words or a prefix still is one.
  CHECK(foi::parse_financial_year("FY-13/14") == 2013);
  CHECK(foi::parse_financial_year("Value 2013/14 (£)") == 2013);
}

TEST_CASE("financial-year labels written as April of one year to March of the next give that year", "[dates]") {
  CHECK(foi::parse_financial_year("Apr13-Mar14") == 2013);
  CHECK(foi::parse_financial_year("April 2013 - March 2014") == 2013);
  CHECK(foi::parse_financial_year("April 2014 to March 2015") == 2014);
  CHECK(foi::parse_financial_year("Spend Apr 2015 - Mar 2016 (£)") == 2015);
  CHECK_FALSE(foi::parse_financial_year("April 2013 - March 2015"));  // two years: not one financial year
  CHECK_FALSE(foi::parse_financial_year("April 2013"));
  CHECK_FALSE(foi::parse_financial_year("March 2014 - April 2013"));
}

TEST_CASE("dates: dd/mm/yyyy and yyyy-mm-dd are read directly, every day of 1900 to 2200", "[dates]") {
  long days = 0;
  for (foi::Day d = foi::to_day({1900, 1, 1}); d <= foi::to_day({2200, 12, 31}); ++d, ++days) {
    foi::Ymd y = foi::to_ymd(d);
    char uk[16], iso[16];
    std::snprintf(uk, sizeof uk, "%02d/%02d/%04d", y.day, y.month, y.year);
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y.year, y.month, y.day);
    if (foi::parse_plain_date(uk) != d || foi::parse_plain_date(iso) != d) FAIL("not read: " << uk << " / " << iso);
    if (foi::plain_day_of(uk) != d) FAIL("plain_day_of: " << uk);
  }
  CHECK(days == 109'938);  // 301 years, 73 of them leap
}

TEST_CASE("dates: impossible days and other forms are left to parse_date", "[dates]") {
  for (const char* t : {"31/02/2014", "29/02/2015", "00/01/2014", "01/13/2014", "1899-12-31", "2201-01-01",
                        "2014-02-30", "2014-00-10", "1/4/2013", "01-04-2013", "2013/04/01", " 01/04/2013",
                        "01/04/13", "01/04/2013 ", "0a/04/2013", "01/04/201x", "", "2013-04-1", "+1/04/2013"})
    CHECK((!foi::parse_plain_date(t).has_value() && foi::plain_day_of(t) == foi::kNoDay));
  // Every year, month and day around the range, against chrono's calendar.
  long disagree = 0;
  for (int y = 1899; y <= 2201; ++y)
    for (int m = 0; m <= 13; ++m)
      for (int d = 0; d <= 32; ++d) {
        using namespace std::chrono;
        const bool valid = y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
                           (year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}).ok();
        const auto parsed = foi::parse_plain_date(fmt::format("{:02}/{:02}/{:04}", d, m, y));
        disagree += foi::valid_ymd({y, m, d}) != valid || parsed.has_value() != valid ||
                    (parsed && *parsed != foi::to_day({y, m, d}));
      }
  CHECK(disagree == 0);
  CHECK(date("29/02/2016") == "2016-02-29");
  CHECK(date("31/02/2014") == "unparseable");
  CHECK(date("01-04-2013") == "2013-04-01");  // read by parse_date's other forms
  CHECK(date(" 01/04/2013 ") == "2013-04-01");
}

TEST_CASE("dates: a day, a month's name and a year are read directly, every day of 1900 to 2200", "[dates]") {
  static const char* const kFull[] = {"January", "February", "March",     "April",   "May",      "June",
                                      "July",    "August",   "September", "October", "November", "December"};
  long days = 0;
  for (foi::Day d = foi::to_day({1900, 1, 1}); d <= foi::to_day({2200, 12, 31}); ++d, ++days) {
    const foi::Ymd y = foi::to_ymd(d);
    const std::string full = kFull[y.month - 1], abbr = full.substr(0, 3);
    std::string upper = full;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string forms[] = {fmt::format("{} {} {}", y.day, full, y.year),
                                 fmt::format("{:02}-{}-{}", y.day, abbr, y.year),
                                 fmt::format("{} {} {}", y.day, upper, y.year)};
    for (const std::string& t : forms)
      if (foi::parse_plain_date(t) != d) FAIL("not read: " << t);
    // Two-digit years: 70 to 99 are the 1900s, 00 to 69 the 2000s.
    if (y.year >= 1970 && y.year <= 2069 &&
        foi::parse_plain_date(fmt::format("{:02}-{}-{:02}", y.day, abbr, y.year % 100)) != d)
      FAIL("not read: two-digit year of " << forms[0]);
  }
  CHECK(days == 109'938);
  CHECK(foi::parse_plain_date("3 SEPT 2015") == foi::to_day({2015, 9, 3}));
  CHECK(foi::parse_plain_date("3 sep 2015") == foi::to_day({2015, 9, 3}));
  CHECK(foi::parse_plain_date("16-Jul-13") == foi::to_day({2013, 7, 16}));
  CHECK(foi::parse_plain_date("1 may 1970") == foi::to_day({1970, 5, 1}));
}

TEST_CASE("dates: worded forms it does not read directly are left to parse_date, which reads them the same", "[dates]") {
  // Ordinals, commas, a month first, two spaces, a month-and-year, other
  // words and impossible days: parse_date's full rules decide these.
  for (const char* t : {"1st April 2013", "1 April, 2013", "April 1 2013", "1  April 2013", "April 2013", "Apr-13",
                        "1 Marc 2013", "1 Septe 2013", "1 Apr 201", "1 Apr 20133", "001 Apr 2013", "31 Feb 2014",
                        "29-Feb-15", "0 Apr 2013", "1 Apr. 2013", "1 Äpr 2013", "1-Apr 2013x", "1/Apr/2013", " 1 Apr 2013"})
    CHECK_FALSE(foi::parse_plain_date(t).has_value());
  CHECK(date("1st April 2013") == "2013-04-01");
  CHECK(date("1 April, 2013") == "2013-04-01");
  CHECK(date("1/Apr/2013") == "2013-04-01");
  CHECK(date("April 2013") == "2013-04-01");
  CHECK(date("31 Feb 2014") == "unparseable");
  CHECK(date("29-Feb-15") == "unparseable");
  // Read directly and by the full rules alike, spaces around or not.
  CHECK(date("16-Jul-13") == "2013-07-16");
  CHECK(date(" 16-Jul-13 ") == "2013-07-16");
  CHECK(date("1-apr-2013") == "2013-04-01");
}

TEST_CASE("dates: an impossible date in a date's shape says what is wrong with it", "[dates]") {
  using foi::why_not_a_date;
  CHECK(why_not_a_date("31/02/2014") == "February 2014 has 28 days");
  CHECK(why_not_a_date("29/02/2016") == "");  // a leap year: a date, nothing wrong
  CHECK(why_not_a_date("30/02/2016") == "February 2016 has 29 days");
  CHECK(why_not_a_date("2014-09-31") == "September 2014 has 30 days");
  CHECK(why_not_a_date(" 31 June 2015 ") == "June 2015 has 30 days");
  CHECK(why_not_a_date("31-Apr-15") == "April 2015 has 30 days");
  CHECK(why_not_a_date("00/04/2013") == "there is no day 0");
  CHECK(why_not_a_date("01/13/2013") == "there is no month 13; dates are read day first, so if this is month first "
                                       "(as in the US), write it 13/01/2013");
  CHECK(why_not_a_date("04/25/2014") == "there is no month 25; dates are read day first, so if this is month first "
                                       "(as in the US), write it 25/04/2014");
  // Month first would not be a date either, or the year comes first: no such hint.
  CHECK(why_not_a_date("31/25/2014") == "there is no month 25");
  CHECK(why_not_a_date("2014-25-04") == "there is no month 25");
  CHECK(why_not_a_date("01/04/1850") == "the year 1850 is not between 1900 and 2200");
  CHECK(why_not_a_date("31/02/2014 (estimated)") == "February 2014 has 28 days");  // a remark beside it, as parse_date reads it
  CHECK(why_not_a_date("next spring") == "");
  CHECK(why_not_a_date("") == "");
  // Every text it explains is one parse_date() finds unparseable.
  for (const char* t : {"31/02/2014", "30/02/2016", "2014-09-31", "31 June 2015", "00/04/2013", "04/25/2014",
                        "01/04/1850", "31/02/2014 (estimated)"})
    CHECK(parse_date(t).status == DateStatus::unparseable);
}

TEST_CASE("dates: a period cell's two dates are read as a start and an end", "[dates]") {
  auto range = [](std::string_view t) {
    auto r = foi::parse_date_range(t);
    return r ? foi::iso(r->start) + ".." + foi::iso(r->end) : std::string("none");
  };
  CHECK(range("01/04/2013 - 31/03/2016") == "2013-04-01..2016-03-31");
  CHECK(range(" 1 April 2013 to 31 March 2014 ") == "2013-04-01..2014-03-31");
  CHECK(range("01/04/2013\xE2\x80\x93" "31/03/2016") == "2013-04-01..2016-03-31");  // an en dash
  CHECK(range("2013/14 - 2015/16") == "2013-04-01..2016-03-31");  // financial years: the second as an end
  CHECK(range("01/04/2014 until 31/03/2015") == "2014-04-01..2015-03-31");
  // Not two dates, or the end first.
  CHECK(range("01-04-2013") == "none");
  CHECK(range("2013-2016") == "none");
  CHECK(range("3 years") == "none");
  CHECK(range("31/03/2016 - 01/04/2013") == "none");
  CHECK(range("01/04/2013 - ongoing") == "none");
  CHECK(range("") == "none");
}

TEST_CASE("dates: a footnote mark, a remark in brackets, a weekday or 'of' beside a date leaves the date", "[dates]") {
  CHECK(date("01/04/2013*") == "2013-04-01");
  CHECK(date("01/04/2013 (estimated)") == "2013-04-01");
  CHECK(date("31/03/2016 (subject to extension) *") == "2016-03-31");
  CHECK(date("Tuesday 1 April 2013") == "2013-04-01");
  CHECK(date("Tue, 01/04/2013") == "2013-04-01");
  CHECK(date("1st of April 2013") == "2013-04-01");
  CHECK(date("20130401") == "2013-04-01");  // yyyymmdd
  // An end date with the option to extend it is the date as written.
  CHECK(date("31/03/2016 + 1 year option", true) == "2016-03-31");
  CHECK(date("31/03/2016+12 month extension", true) == "2016-03-31");
  CHECK(date("31 March 2016 plus optional extension", true) == "2016-03-31");
  CHECK(date("31/03/2016 with option to extend", true) == "2016-03-31");
  // A year written with an apostrophe, straight or curly.
  CHECK(date("31st March '16") == "2016-03-31");
  CHECK(date("31 Mar \xE2\x80\x99" "16") == "2016-03-31");
  // Still no date: nothing left, or no date under the extras.
  CHECK(date("31/03/2016 + 1 year", true) == "unparseable");  // not said to be an option: two periods
  CHECK(date("+ 1 year option") == "unparseable");
  CHECK(date("(estimated)") == "unparseable");
  CHECK(date("Tuesday") == "unparseable");
  CHECK(date("next spring (estimated)") == "unparseable");
  CHECK(date("20131301") == "unparseable");
  // Many brackets in a row are taken off in one go, not one call deep each.
  std::string many = "01/04/2013";
  for (int i = 0; i < 20000; ++i) many += " (x)";
  CHECK(date(many) == "2013-04-01");
  // So are many words before it, and weekdays, each a run at a time.
  std::string words;
  for (int i = 0; i < 5000; ++i) words += i % 3 ? "from " : "tue, ";
  CHECK(date(words + "1 April 2013") == "2013-04-01");
}

TEST_CASE("dates: a date its writer kept as text, =\"01/04/2013\" or '01/04/2013, is that date", "[dates]") {
  CHECK(date("=\"01/04/2013\"") == "2013-04-01");
  CHECK(date("'01/04/2013") == "2013-04-01");
  CHECK(date("=\"2013/14\"", true) == "2014-03-31");
  CHECK(date("=\"\"") == "missing");
  CHECK(date("=TODAY()") == "unparseable");
}


TEST_CASE("dates: yyyy-mm is the month's first day (its last as an end date), unless it is a financial year",
          "[dates]") {
  CHECK(date("2013-04") == "2013-04-01");
  CHECK(date("2015-03", true) == "2015-03-31");
  CHECK(date("2016-02", true) == "2016-02-29");
  CHECK(date("2011-12") == "2011-04-01");  // 2011/12, as FOI returns mean it
  CHECK(date("2011-12", true) == "2012-03-31");
  CHECK(date("2013-13") == "unparseable");
  CHECK(date("2013-00") == "unparseable");
}

TEST_CASE("dates: a month alone is its first day as a start date and its last as an end date", "[dates]") {
  CHECK(date("April 2013") == "2013-04-01");
  CHECK(date("Apr-13") == "2013-04-01");
  CHECK(date("March 2014", true) == "2014-03-31");
  CHECK(date("Mar-14", true) == "2014-03-31");
  CHECK(date("Feb 2016", true) == "2016-02-29");
  CHECK(date("1 March 2014", true) == "2014-03-01");  // a day given is that day
  // A period of months runs from the first of one to the last of the other.
  const auto range = foi::parse_date_range("April 2013 - March 2014");
  REQUIRE(range);
  CHECK(foi::iso(range->start) == "2013-04-01");
  CHECK(foi::iso(range->end) == "2014-03-31");
}

TEST_CASE("dates: words a cell puts around its date leave the date", "[dates]") {
  for (auto t : {"From 01/04/2013", "Commenced 01/04/2013", "wef 01/04/2013", "w.e.f. 1 April 2013",
                 "With effect from 1 April 2013", "Starting 1 April 2013", "01/04/2013 onwards", "c. April 2013",
                 "1/4/2013.", "01/04/13 - ", "01042013"}) {
    INFO(t);
    CHECK(date(t) == "2013-04-01");
  }
  CHECK(date("Until 31/03/2016", true) == "2016-03-31");
  CHECK(date("Expires 31 March 2016", true) == "2016-03-31");
  CHECK(date("end of March 2016", true) == "2016-03-31");  // a month as an end date is its last day
  // Words with no date under them are still no date.
  for (auto t : {"From next year", "Early 2013", "Spring 2014", "from", "onwards"}) {
    INFO(t);
    CHECK(date(t) == "unparseable");
  }
  // yyyymmdd before ddmmyyyy: a valid year first is read as one.
  CHECK(date("20130401") == "2013-04-01");
  CHECK(date("31122013") == "2013-12-31");
  CHECK(date("32132013") == "unparseable");
}

TEST_CASE("fuzz reproducers: a date said to be wrong is never read as a date", "[dates][fuzz]") {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& e : fs::directory_iterator(std::string(FOI_SOURCE_DIR) + "/fuzz/regressions")) {
    const std::string bytes = test::slurp(e.path());
    INFO(e.path().string());
    if (!foi::why_not_a_date(bytes).empty()) {
      CHECK(parse_date(bytes, true).status == DateStatus::unparseable);
      CHECK(parse_date(bytes, false).status == DateStatus::unparseable);
      ++n;
    }
  }
  CHECK(n >= 2);  // the two dates whose last parts were read as a financial year
}

TEST_CASE("dates: a formula's error (#N/A, #REF!) is no date, not a date left blank", "[dates]") {
  CHECK(date("#N/A") == "unparseable");
  CHECK(date("#REF!", true) == "unparseable");
  CHECK(date("N/A") == "missing");
}

TEST_CASE("dates: a date of numbers read month first gives its US day, when that differs from the day-first one",
          "[dates]") {
  CHECK(foi::month_first_reading("04/01/2013") == foi::parse_date("01/04/2013", false).day);
  CHECK(foi::month_first_reading("03/31/2016") == foi::parse_date("31/03/2016", false).day);
  CHECK(foi::month_first_reading("4/1/13") == foi::parse_date("01/04/2013", false).day);
  CHECK_FALSE(foi::month_first_reading("01/01/2014"));  // the same either way
  CHECK_FALSE(foi::month_first_reading("25/04/2014"));  // no month 25 month first
  CHECK_FALSE(foi::month_first_reading("2013-04-01"));  // year first
  CHECK_FALSE(foi::month_first_reading("1 April 2013"));
}
