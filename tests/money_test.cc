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

TEST_CASE("money: every METHODS §5 example parses to pounds", "[money]") {
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
  CHECK(parse_money("£10,000 - £20,000").known());
}

TEST_CASE("money: each kind of missing value has its own status", "[money]") {
  for (auto t : {"Commercially sensitive", "s.43", "S43", "Exempt", "Redacted", "Exempt under section 43(2)"})
    check(t, ValueStatus::withheld, 0);
  for (auto t : {"Not held", "Not known", "N/A", "n/a", "-", "", "   "}) check(t, ValueStatus::not_held, 0);
  for (auto t : {"Block", "Included in block contract", "see above", "Part of block"})
    check(t, ValueStatus::included_elsewhere, 0);
  check("TBC", ValueStatus::tbc, 0);
  check("To be confirmed", ValueStatus::tbc, 0);
  check("about twelve grand", ValueStatus::unparseable, 0);
  check("12,34", ValueStatus::unparseable, 0);
  check("1,2345", ValueStatus::unparseable, 0);
}

TEST_CASE("money: common qualifiers and spacing around amounts are ignored", "[money]") {
  check("£12,000 + VAT", ValueStatus::ok, 12000);
  check("approx £5k", ValueStatus::ok, 5000);
  check("\xC2\xA0£3,000\xC2\xA0", ValueStatus::ok, 3000);
  check("£1,000.50 per annum", ValueStatus::ok, 1000.5);
  check("2.5bn", ValueStatus::ok, 2.5e9);
  check("£0.00", ValueStatus::ok, 0);
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
