// Records to rows and cells: the cell parsers. Each turns the text of one cell into a value and
// a status that says why there is no value when there is none (methods.md (Cells)).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace foi {

// ---- money -------------------------------------------------------------

enum class ValueStatus { ok, withheld, not_held, included_elsewhere, tbc, unparseable, range, negative };
const char* to_string(ValueStatus s);

// How a money cell's writing was read, or why it was not, where a finding
// should say so (methods.md (Cells)).
enum class MoneyReading : std::uint8_t {
  as_written,
  // "£1.000.000": points part the thousands, as a spreadsheet set to a
  // continental locale writes them.
  points_for_thousands,
  // "£200.000": £200,000 with the point parting thousands, £200 with it a
  // decimal point; not read.
  point_or_decimal,
  // "12500000,00", "1.234.567,89": a decimal comma; not read.
  decimal_comma,
  // "£500-1m": the unit after the upper bound, read for both, puts the
  // lower above the upper, and the lower in pounds is no plausible bound.
  range_unit,
};

struct Money {
  ValueStatus status = ValueStatus::not_held;
  // The amount was said to be a year's ("£45,000 per annum", "£12k pa"):
  // taken as written, but not a whole contract's value. Beside the status,
  // in the bytes its alignment leaves free, as are the next two.
  bool per_year = false;
  MoneyReading reading = MoneyReading::as_written;
  // A year's amount given with its term ("£30,000 per year for 3 years"):
  // the term in months, by which the amount was multiplied to the whole
  // value (per_year is then false); 0 otherwise.
  std::uint16_t term_months = 0;
  // Meaningful for ok, range (midpoint) and negative; and for unparseable,
  // the amount when it is kNoContractValue or more (0 otherwise), or, with
  // point_or_decimal, the amount read with the point parting thousands.
  double pounds = 0;
  // A value that analysis may add up: ok or a range's midpoint. Negative
  // values are reported and kept out of totals.
  bool known() const { return status == ValueStatus::ok || status == ValueStatus::range; }
};

// £1 trillion: more than any contract, or the NHS's whole budget, is worth.
// An amount so large is read as unparseable (a reference number or a date
// read as an amount), its pounds kept to say so.
inline constexpr double kNoContractValue = 1e12;
Money parse_money(std::string_view text);
// A money cell in a column whose header counts in thousands or millions of
// pounds ("Value (£000s)": scale 1,000): an amount written without a unit
// of its own is multiplied by the scale; one with its own ("£1.2m", "650k")
// counts as written.
Money parse_money(std::string_view text, double scale);
// A per-year cell ("2013/14"): its amount is the year's, so a term beside
// it ("£30,000 pa for 3 years") multiplies nothing, and a whole value in a
// bracket ("£40,000 (£120,000 total)") is not the year's.
Money parse_year_money(std::string_view text, double scale = 1);
// The commonest money cell, a plain amount ("1234567", "£1,234.50",
// "£12.5k"), read without the words parse_money() also understands;
// nullopt for anything else.
std::optional<double> parse_plain_amount(std::string_view text);

// ---- dates -------------------------------------------------------------

// Days since 1970-01-01 (civil, proleptic Gregorian).
using Day = int;

struct Ymd {
  int year = 0, month = 0, day = 0;
};
Day to_day(Ymd d);
Ymd to_ymd(Day d);
std::string iso(Day d);
// The last day of a term of `months` from `start`: the day before the same
// day so many calendar months on (1 April 2013 and 24 months: 31 March
// 2015), the day of the month kept within the month's length; a part of a
// month adds its share of an average month's days.
Day last_day_of_term(Day start, double months);
bool valid_ymd(Ymd d);

enum class DateStatus { ok, open, missing, unparseable };
const char* to_string(DateStatus s);

struct DateValue {
  DateStatus status = DateStatus::missing;
  Day day = 0;
};

// A date cell; `end` says whether it is an end date, which matters for a
// financial year ("2013/14" starts 1 April 2013 and ends 31 March 2014).
DateValue parse_date(std::string_view text, bool end = false);
// The forms most date cells take, read without folding or a table:
// dd/mm/yyyy and yyyy-mm-dd exactly, and a day, a month's name (or its
// first three letters) and a year apart by one space or hyphen each
// ("1 April 2013", "01-Apr-13"), with no spaces around. nullopt for any
// other text or an impossible date, which parse_date() then reads. Where
// this gives a day, parse_date() gives the same day.
std::optional<Day> parse_plain_date(std::string_view text);
// parse_plain_date() for the contract stage, which reads two dates a row:
// the day, or kNoDay. A plain number comes back in a register, where the
// compiler builds an optional in memory a byte at a time and reads it back
// whole, waiting for the stores.
inline constexpr Day kNoDay = std::numeric_limits<Day>::min();
Day plain_day_of(std::string_view text);

// A start and an end date in one cell, as a "contract period" column holds
// them: "01/04/2013 - 31/03/2016", "1 April 2013 to 31 March 2014",
// "April 2013 – March 2015". Each side as parse_date() reads it (the second
// as an end); nullopt for anything else, or an end before the start.
struct DateRange {
  Day start = 0, end = 0;
};
std::optional<DateRange> parse_date_range(std::string_view text);

// What is wrong with a date cell that parse_date() finds unparseable but
// that has a date's shape: "February 2014 has 28 days" for 31/02/2014,
// "there is no month 25; ..." for a month-first 04/25/2014. Empty when
// it has no such shape ("next spring").
std::string why_not_a_date(std::string_view text);

// A date of numbers written day or month first (not year first): the day
// it is when read month first, as in the US, when that is a date and
// another day than the day-first reading ("04/01/2013": 1 April 2013;
// "03/31/2016": 31 March 2016, which day first is no date). nullopt for
// other text, and for a date the same either way ("01/01/2014").
std::optional<Day> month_first_reading(std::string_view text);

// A UK financial year label such as 2013/14, 13/14, 2013-14, FY13/14,
// 2013/2014, "Value 2013/14 (£)": the calendar year it starts in.
std::optional<int> parse_financial_year(std::string_view text);
std::string financial_year_label(int start_year);  // 2013 -> "2013/14"
Day financial_year_start(int start_year);         // 1 April
Day financial_year_end(int start_year);           // 31 March next year

// ---- length ------------------------------------------------------------

enum class LengthStatus { ok, open, missing, unparseable };
const char* to_string(LengthStatus s);

struct Length {
  LengthStatus status = LengthStatus::missing;
  double months = 0;
  // Read as its first term, the options to extend it left out ("3+2 years").
  bool first_term = false;
};

// "3 years", "36 months", "1 yr", "18m", "12 mths", "annual", "rolling",
// "12 months rolling" (12), "3+2 years" (36, first_term set).
// A bare number takes its unit from the column header when that names one
// ("Length (months)"); unit_hint is "months", "years" or empty.
Length parse_length(std::string_view text, std::string_view unit_hint = {});

// Months between two dates, inclusive of both: (end - start + 1) / (365.25/12)
// rounded to one decimal.
double months_between(Day start, Day end);

// ---- quality monitoring -------------------------------------------------

enum class Quality { yes, no, not_stated };
const char* to_string(Quality q);

// Phrases that decide a quality-monitoring cell; a study file may replace them.
struct QualityKeywords {
  std::vector<std::string> yes;         // matched as words or phrases inside the cell
  std::vector<std::string> no;          // matched against the start of the cell
  std::vector<std::string> not_stated;  // matched against the whole cell
};
const QualityKeywords& default_quality_keywords();

Quality parse_quality(std::string_view text, const QualityKeywords& k = default_quality_keywords());

}  // namespace foi
