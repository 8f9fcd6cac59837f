#include <catch2/catch.hpp>

#include "foi/cells.h"

using foi::parse_money;
using foi::ValueStatus;

namespace {
void check(std::string_view text, ValueStatus status, double pounds) {
  INFO("cell: '" << text << "'");
  auto m = parse_money(text);
  CHECK(foi::to_string(m.status) == std::string(foi::to_string(status)));
  CHECK(m.pounds == Approx(pounds));
}
}  // namespace

TEST_CASE("money: every methods.md (Cells) example parses to pounds", "[money]") {
  check("£1,234,567.89", ValueStatus::ok, 1234567.89);
  check("1234567", ValueStatus::ok, 1234567);
  check("£1.2m", ValueStatus::ok, 1200000);
  check("£650k", ValueStatus::ok, 650000);
  check("1.2 million", ValueStatus::ok, 1200000);
  check("£ 12,000 pa", ValueStatus::ok, 12000);
  check("0", ValueStatus::ok, 0);
  check("nil", ValueStatus::ok, 0);
  check("Nil", ValueStatus::ok, 0);
}

TEST_CASE("money: negatives are kept as negative and flagged", "[money]") {
  check("(1,234)", ValueStatus::negative, -1234);
  check("-1,234", ValueStatus::negative, -1234);
  check("-£1,234", ValueStatus::negative, -1234);
  check("£-1,234", ValueStatus::negative, -1234);
  CHECK_FALSE(parse_money("-1,234").known());
}

TEST_CASE("money: a range gives its midpoint", "[money]") {
  check("£10,000 - £20,000", ValueStatus::range, 15000);
  check("10k to 20k", ValueStatus::range, 15000);
  check("£10,000\xE2\x80\x93\xC2\xA3" "20,000", ValueStatus::range, 15000);
  check("Between £10k and £20k", ValueStatus::range, 15000);
  check("between 10,000 - 20,000", ValueStatus::range, 15000);
  check("£10k and £20k", ValueStatus::unparseable, 0);  // two amounts, not a range
  CHECK(parse_money("£10,000 - £20,000").known());
}

TEST_CASE("money: each kind of missing value has its own status", "[money]") {
  for (auto t : {"Commercially sensitive", "s.43", "S43", "Exempt", "Redacted", "Exempt under section 43(2)"})
    check(t, ValueStatus::withheld, 0);
  for (auto t : {"Not held", "Not known", "N/A", "n/a", "Not applicable", "N/K", "-", "", "   "}) check(t, ValueStatus::not_held, 0);
  for (auto t : {"Block", "Included in block contract", "see above", "Part of block"})
    check(t, ValueStatus::included_elsewhere, 0);
  check("TBC", ValueStatus::tbc, 0);
  check("To be confirmed", ValueStatus::tbc, 0);
  check("Awaiting confirmation", ValueStatus::tbc, 0);
  check("Pending", ValueStatus::tbc, 0);
  check("about twelve grand", ValueStatus::unparseable, 0);
  check("12,34", ValueStatus::unparseable, 0);
  check("1,2345", ValueStatus::unparseable, 0);
}

TEST_CASE("money: a last bracket of qualifiers, or the period an amount is spread over, is taken off", "[money]") {
  check("£1,234,567.00 (annual)", ValueStatus::ok, 1234567);
  check("£5k (ex VAT)", ValueStatus::ok, 5000);
  check("£5,000 (approx) (per annum)", ValueStatus::ok, 5000);
  check("£120,000 over 3 years", ValueStatus::ok, 120000);
  check("£40k over 18 months", ValueStatus::ok, 40000);
  // Not such words: the text stays, and is not a number.
  check("£1,234 (for 3 CCGs)", ValueStatus::unparseable, 0);
  check("£1,234 (note on the contract)", ValueStatus::unparseable, 0);
  check("£1,234 (2013/15)", ValueStatus::unparseable, 0);
  check("£1,234 (15)", ValueStatus::unparseable, 0);
  check("£1,234 over budget", ValueStatus::unparseable, 0);
  // The year the amount is for, or a pointer to a note, leaves it as written.
  check("£56,789.00 (2013/14)", ValueStatus::ok, 56789);
  check("£1,000 (FY13/14)", ValueStatus::ok, 1000);
  check("£1,000 (fy 2013-2014)", ValueStatus::ok, 1000);
  check("£2,500 (2014)", ValueStatus::ok, 2500);
  check("£1,234 (see note 4)", ValueStatus::ok, 1234);
  check("£1,234 (Note 2a)", ValueStatus::ok, 1234);
  check("£1,234 (see notes)", ValueStatus::ok, 1234);
  check("£15,000*", ValueStatus::ok, 15000);
  check("£15,000**", ValueStatus::ok, 15000);
  check("£15,000\xE2\x80\xA0", ValueStatus::ok, 15000);
  // The whole text in a bracket is a negative amount.
  check("(1,234)", ValueStatus::negative, -1234);
  check("(£1,234) (annual)", ValueStatus::negative, -1234);
}

TEST_CASE("money: a pound sign an export mangled is still a pound sign before an amount", "[money]") {
  check("\xC3\x82\xC2\xA3" "1,234", ValueStatus::ok, 1234);  // "Â£": UTF-8 read as Windows-1252
  check("?45000", ValueStatus::ok, 45000);
  check("\xEF\xBF\xBD" "5,000.50", ValueStatus::ok, 5000.5);  // U+FFFD
  check("-\xC3\x82\xC2\xA3" "12", ValueStatus::negative, -12);
  // Not before an amount: a question mark alone is a value not known, as before; before words, no number.
  check("?", ValueStatus::not_held, 0);
  check("??", ValueStatus::not_held, 0);
  check("?about 5", ValueStatus::unparseable, 0);
}

TEST_CASE("money: common qualifiers and spacing around amounts are ignored", "[money]") {
  check("£12,000 + VAT", ValueStatus::ok, 12000);
  check("approx £5k", ValueStatus::ok, 5000);
  check("c £50,000", ValueStatus::ok, 50000);
  check("c.£50,000", ValueStatus::ok, 50000);
  check("\xC2\xA0£3,000\xC2\xA0", ValueStatus::ok, 3000);
  check("£1,000.50 per annum", ValueStatus::ok, 1000.5);
  check("2.5bn", ValueStatus::ok, 2.5e9);
  check("£0.00", ValueStatus::ok, 0);
  check("£10,000 / year", ValueStatus::ok, 10000);
  check("£10,000/annum", ValueStatus::ok, 10000);
  // The most a contract may reach is its value as a return gives it, as "up to" always was.
  check("up to £20,000", ValueStatus::ok, 20000);
  check("max £20,000", ValueStatus::ok, 20000);
  check("Maximum £20k", ValueStatus::ok, 20000);
  check("Not exceeding £20,000", ValueStatus::ok, 20000);
  check("<£25,000", ValueStatus::unparseable, 0);  // a bound, not an amount
}

TEST_CASE("money: a run of the same word or mark around an amount is all taken off", "[money]") {
  // Taken off a run at a time, not one a pass over the whole text (which
  // took time in the square of the cell's length).
  std::string commas = "£5,000";
  for (int i = 0; i < 5000; ++i) commas += ',';
  check(commas, ValueStatus::ok, 5000);
  std::string words;
  for (int i = 0; i < 5000; ++i) words += "approx ";
  check(words + "£5,000 per annum + VAT", ValueStatus::ok, 5000);
  // Past a few passes, qualifiers no real cell has so many of are left, and the amount with them.
  std::string notes = "£5,000";
  for (int i = 0; i < 100; ++i) notes += " - see note";
  check(notes, ValueStatus::unparseable, 0);
  check("£5,000 - see note - see note", ValueStatus::ok, 5000);
}

TEST_CASE("money: thousands may be set apart by spaces, three digits a group", "[money]") {
  check("1 234 567", ValueStatus::ok, 1234567);
  check("£ 67 000", ValueStatus::ok, 67000);
  check("£1 234.50", ValueStatus::ok, 1234.5);
  check("£5 m", ValueStatus::ok, 5e6);  // a space before a unit is no separator
  check("£67 000s", ValueStatus::unparseable, 0);
  check("1 23 456", ValueStatus::unparseable, 0);
  check("1,234 567", ValueStatus::unparseable, 0);  // one kind of separator in an amount
  check("1 2345", ValueStatus::unparseable, 0);
  // Past the digits a double holds exactly, the groups are still one number.
  check("12 345 678 901 234 567", ValueStatus::ok, 12345678901234567.0);
  check("12,345,678,901,234,567", ValueStatus::ok, 12345678901234567.0);
}

TEST_CASE("money: plain amounts are read without the word rules, and agree with parse_money", "[money]") {
  for (std::string_view t : {"1234567", "£1,234.50", " £12.5k ", "1.25m", "0.07", "1234567.89"}) {
    auto v = foi::parse_plain_amount(t);
    REQUIRE(v);
    CHECK(*v == foi::parse_money(t).pounds);
  }
  for (std::string_view t : {"", "N/A", "Commercially sensitive", "-5", "(1,000)", "approx £5,000", "£10k - £20k"})
    CHECK_FALSE(foi::parse_plain_amount(t));
  // Exact where the digits fit a double: the same value strtod gives.
  CHECK(*foi::parse_plain_amount("1234567.89") == 1234567.89);
  CHECK(*foi::parse_plain_amount("98765432109876543210") == 98765432109876543210.0);
}

TEST_CASE("money: a column's scale multiplies amounts with no unit of their own, and nothing else", "[money]") {
  auto pounds = [](std::string_view text, double scale) { return foi::parse_money(text, scale).pounds; };
  CHECK(pounds("1,200", 1e3) == 1200000);
  CHECK(pounds("£45.5", 1e3) == 45500);
  CHECK(pounds("45.5", 1e6) == 45500000);
  CHECK(pounds("12 pa", 1e3) == 12000);
  CHECK(pounds("10 - 20", 1e3) == 15000);  // a range
  CHECK(pounds("(1,234)", 1e3) == -1234000);
  // A unit of the cell's own counts as written.
  CHECK(pounds("£1.2m", 1e3) == 1200000);
  CHECK(pounds("650k", 1e3) == 650000);
  CHECK(pounds("10k - 20k", 1e3) == 15000);
  // No amount: nothing to scale, the reason kept.
  CHECK(foi::parse_money("N/A", 1e3).status == foi::ValueStatus::not_held);
  CHECK(foi::parse_money("Commercially sensitive", 1e3).status == foi::ValueStatus::withheld);
  CHECK(foi::parse_money("about ten", 1e3).status == foi::ValueStatus::unparseable);
  // A scale of one is parse_money itself.
  for (const char* t : {"1,234.50", "£1.2m", "10 - 20", "(5)", "N/A"})
    CHECK(foi::parse_money(t, 1).pounds == foi::parse_money(t).pounds);
}

TEST_CASE("money: an amount its writer kept as text, =\"12345\" or '5000, is that amount", "[money]") {
  check("=\"12345\"", ValueStatus::ok, 12345);
  check("'5000", ValueStatus::ok, 5000);
  check("'\xC2\xA3" "1,234.50", ValueStatus::ok, 1234.5);
  check("=\"(1,234)\"", ValueStatus::negative, -1234);
  check("=\"N/A\"", ValueStatus::not_held, 0);
  check("=SUM(B2:B9)", ValueStatus::unparseable, 0);
}

TEST_CASE("money: a bracket with the period an amount covers, or the amount restated, leaves it as written",
          "[money]") {
  check("£1.2m (3 years)", ValueStatus::ok, 1.2e6);
  check("£500k (over 2 years)", ValueStatus::ok, 500000);
  check("£100,000 (£50,000 p.a.)", ValueStatus::ok, 100000);
  check("£100,000 (£40k - £60k a year)", ValueStatus::ok, 100000);
  check("£1,000,000.00 (total)", ValueStatus::ok, 1e6);
  check("£500k total", ValueStatus::ok, 500000);
  check("20000 pounds", ValueStatus::ok, 20000);
  // A remark that says something else about it is not one of these.
  check("£10,000 (£5,000 paid to date)", ValueStatus::unparseable, 0);
  check("£10,000 (3 providers)", ValueStatus::unparseable, 0);
  check("£10,000 (15)", ValueStatus::unparseable, 0);
  check("£10,000 (£15)", ValueStatus::ok, 10000);
}

TEST_CASE("money: a number Excel wrote in scientific notation is that number", "[money]") {
  check("1.2E+06", ValueStatus::ok, 1.2e6);
  check("1.23457E+11", ValueStatus::ok, 1.23457e11);
  check("5e3", ValueStatus::ok, 5000);
  check("2.5E-01", ValueStatus::ok, 0.25);
  check("1.2E+99", ValueStatus::unparseable, 0);
  check("1.2E", ValueStatus::unparseable, 0);
  check("1.2 E+06", ValueStatus::unparseable, 0);
}

TEST_CASE("money: an amount said to be indicative, provisional or a draft, or labelled, is the amount", "[money]") {
  check("£1.2M p.a. (indicative)", ValueStatus::ok, 1.2e6);
  check("Indicative £45,000", ValueStatus::ok, 45000);
  check("£45,000 (provisional)", ValueStatus::ok, 45000);
  check("£45,000 (draft)", ValueStatus::ok, 45000);
  check("£45,000 approx.", ValueStatus::ok, 45000);
  check("£45,000 (ex. VAT)", ValueStatus::ok, 45000);
  check("£45,000.", ValueStatus::ok, 45000);
  check("Total: £45,000", ValueStatus::ok, 45000);
  check("Value: £45,000", ValueStatus::ok, 45000);
  check("£45,000 - see note 3", ValueStatus::ok, 45000);
  // An amount for a part of the contract, or more than an amount, is not the contract's value.
  check("£3,750 per month", ValueStatus::unparseable, 0);
  check("£45,000 per contract", ValueStatus::unparseable, 0);
  check("£45,000 +", ValueStatus::unparseable, 0);
  check("£10,000 - £20,000", ValueStatus::range, 15000);  // a dash between amounts is still a range
}

TEST_CASE("money: a formula's error (#N/A, #REF!, Err:502) is no value, not a value said not to be held", "[money]") {
  for (const char* e : {"#N/A", "#REF!", "#DIV/0!", "Err:502"}) {
    INFO(e);
    CHECK(foi::parse_money(e).status == foi::ValueStatus::unparseable);
  }
  CHECK(foi::parse_money("N/A").status == foi::ValueStatus::not_held);
}

TEST_CASE("money: thousands parted by a no-break or narrow no-break space are read as by a space", "[money]") {
  check("£12\xC2\xA0" "500\xC2\xA0" "000", ValueStatus::ok, 12500000);
  check("12\xC2\xA0" "345", ValueStatus::ok, 12345);
  check("2\xC2\xA0" "750", ValueStatus::ok, 2750);
  check("£1\xC2\xA0" "234.50", ValueStatus::ok, 1234.5);
  check("£12\xE2\x80\xAF" "500\xE2\x80\xAF" "000", ValueStatus::ok, 12500000);
  check("\xC2\xA0\xC2\xA3" "45\xC2\xA0" "000\xC2\xA0", ValueStatus::ok, 45000);
  // Still three digits a group, as with a space.
  CHECK(parse_money("12\xC2\xA0" "34").status == ValueStatus::unparseable);
  CHECK(parse_money("12\xC2\xA9").status == ValueStatus::unparseable);  // a © after the digits
}

TEST_CASE("money: an amount said to be a year's is read as written and marked so; others are not", "[money]") {
  for (std::string_view t : {"£45,000 per annum", "£ 12,000 pa", "£12k p.a.", "£1,500/yr", "45000 annually",
                             "£20,000 a year", "£45,000 pa + VAT", "(£5,000) per annum"}) {
    INFO(t);
    const auto m = parse_money(t);
    CHECK(m.per_year);
  }
  CHECK(parse_money("£12k p.a.").pounds == 12000);
  for (std::string_view t : {"£45,000", "45000", "£120,000 over 3 years", "£1.2m", "Commercially sensitive",
                             "N/A", "£50,000 (2014/15)", "Paid annually in arrears", "£100,000 (£50,000 p.a.)",
                             "£300,000 total (£100,000 a year)"}) {
    INFO(t);
    CHECK_FALSE(parse_money(t).per_year);
  }
  CHECK(foi::parse_money("£45,000 per annum", 1e3).per_year);
}

TEST_CASE("money: under a header in pence, an amount with a pound sign is in pounds", "[money]") {
  CHECK(foi::parse_money("4500000", 0.01).pounds == 45000);
  CHECK(foi::parse_money("\xC2\xA3" "45,000.00", 0.01).pounds == 45000);
  CHECK(foi::parse_money("\xC2\xA3" "45.5", 1e3).pounds == 45500);  // thousands: the pound sign is no unit of its own
}

TEST_CASE("money: a ledger's credit (CR) and a bracket after the pound sign are negative, a debit (DR) is not",
          "[money]") {
  check("250,000.00CR", ValueStatus::negative, -250000);
  check("£1,200 CR", ValueStatus::negative, -1200);
  check("£ (40,000.00)", ValueStatus::negative, -40000);
  check("£(40,000.00)", ValueStatus::negative, -40000);
  check("5,000.00DR", ValueStatus::ok, 5000);
  CHECK(parse_money("Acme CR").status == ValueStatus::unparseable);
}

TEST_CASE("money: a range whose unit is written only after the upper bound has it on both bounds", "[money]") {
  check("£50-60k", ValueStatus::range, 55000);
  check("50 - 60k", ValueStatus::range, 55000);
  check("between £50 and £60k", ValueStatus::range, 55000);
  check("10-15k", ValueStatus::range, 12500);
  check("£1-2m", ValueStatus::range, 1500000);
  check("£1.5-2.5m", ValueStatus::range, 2000000);
  check("£50k-60k", ValueStatus::range, 55000);
  check("£500k-1m", ValueStatus::range, 750000);
  // The unit would put the lower bound above the upper: a lower bound of a
  // thousand or more is in pounds, one below is no plausible bound.
  check("£50,000-60k", ValueStatus::range, 55000);
  check("£900,000 - 1.2m", ValueStatus::range, 1050000);
  CHECK(parse_money("£500-1m").status == ValueStatus::unparseable);
  CHECK(parse_money("£500-1m").reading == foi::MoneyReading::range_unit);
  // Under a header in thousands, the unit of the upper bound is the range's own.
  CHECK(foi::parse_money("£50-60k", 1e3).pounds == 55000);
}

TEST_CASE("money: points parting thousands are read when two groups or more leave no doubt, and not when one does",
          "[money]") {
  check("£1.000.000", ValueStatus::ok, 1000000);
  check("1.234.567", ValueStatus::ok, 1234567);
  CHECK(parse_money("£1.000.000").reading == foi::MoneyReading::points_for_thousands);
  for (std::string_view t : {"£200.000", "£ 12.500", "£50.000 pa"}) {
    INFO(t);
    const auto m = parse_money(t);
    CHECK(m.status == ValueStatus::unparseable);
    CHECK(m.reading == foi::MoneyReading::point_or_decimal);
  }
  CHECK(parse_money("£200.000").pounds == 200000);  // the reading with the point parting thousands, for the finding
  CHECK_FALSE(foi::parse_plain_amount("£200.000"));
  // No pound sign: a workbook's number as plain text, its point a decimal point.
  check("123.457", ValueStatus::ok, 123.457);
  check("£0.500", ValueStatus::ok, 0.5);
  check("£1,200.500", ValueStatus::ok, 1200.5);
  CHECK(parse_money("1.234.567,89").reading == foi::MoneyReading::decimal_comma);
  CHECK(parse_money("12500000,00").reading == foi::MoneyReading::decimal_comma);
  CHECK(parse_money("1,5").reading == foi::MoneyReading::as_written);
}

TEST_CASE("money: a last bracket stating the whole value wins over a year's amount outside it", "[money]") {
  for (std::string_view t : {"£40,000 p.a. (£120,000 total)", "£40,000 p.a. (£120,000 in total)",
                             "£40,000 per annum (total £120,000)", "£40,000 pa (£120,000 over 3 years)",
                             "£40,000 p.a. (whole contract £120,000)"}) {
    INFO(t);
    const auto m = parse_money(t);
    CHECK(m.status == ValueStatus::ok);
    CHECK(m.pounds == 120000);
    CHECK_FALSE(m.per_year);
  }
  // The reverse keeps the whole value outside.
  check("£100,000 (£50,000 p.a.)", ValueStatus::ok, 100000);
  check("£300,000 total (£100,000 a year)", ValueStatus::ok, 300000);
}

TEST_CASE("money: a year's amount with the term it is for is the amount times the term", "[money]") {
  for (auto [text, pounds, months] :
       {std::tuple{"£1.2m p.a. for 3 years", 3600000.0, 36}, {"£45,000 pa x 3 years", 135000.0, 36},
        {"£30,000 per year for 3 years", 90000.0, 36}, {"£1.2m p.a. over 3 years", 3600000.0, 36},
        {"£20,000 per annum (2 years)", 40000.0, 24}, {"£20,000 a year for 18 months", 30000.0, 18}}) {
    INFO(text);
    const auto m = parse_money(text);
    CHECK(m.status == ValueStatus::ok);
    CHECK(m.pounds == Approx(pounds));
    CHECK(m.term_months == months);
    CHECK_FALSE(m.per_year);
  }
  // A whole value spread over its term is as written.
  const auto spread = parse_money("£120,000 over 3 years");
  CHECK(spread.pounds == 120000);
  CHECK(spread.term_months == 0);
  CHECK(parse_money("£1.2m (3 years)").pounds == 1200000);
  CHECK(foi::parse_money("1,200 pa for 3 years", 1e3).pounds == 3600000);
}

TEST_CASE("money: a per-year cell's amount is the year's: no term multiplies it, and a bracket's whole value is not it",
          "[money]") {
  const auto termed = foi::parse_year_money("£30,000 pa for 3 years");
  CHECK(termed.status == ValueStatus::ok);
  CHECK(termed.pounds == 30000);
  CHECK(termed.term_months == 0);
  CHECK(foi::parse_year_money("£40,000 p.a. (£120,000 total)").pounds == 40000);
  CHECK(foi::parse_year_money("1,200 pa for 3 years", 1e3).pounds == 1200000);
  CHECK(foi::parse_year_money("£12,500").pounds == 12500);
}

TEST_CASE("money: under a header in thousands or millions, three decimals after a point are decimals", "[money]") {
  for (auto [text, scale, pounds] : {std::tuple{"£12.500", 1e3, 12500.0}, {"£1.500", 1e3, 1500.0},
                                     {"£ 12.500", 1e3, 12500.0}, {"£1.250", 1e6, 1250000.0}}) {
    INFO(text);
    const auto m = foi::parse_money(text, scale);
    CHECK(m.status == ValueStatus::ok);
    CHECK(m.pounds == pounds);
    CHECK(m.reading == foi::MoneyReading::as_written);
  }
  // In pounds the point stays in doubt.
  CHECK(foi::parse_money("£12.500", 1).status == ValueStatus::unparseable);
  // A credit keeps its sign.
  for (std::string_view t : {"-£12.500", "(£12.500)"}) {
    INFO(t);
    const auto m = foi::parse_money(t, 1e3);
    CHECK(m.status == ValueStatus::negative);
    CHECK(m.pounds == -12500);
  }
}
