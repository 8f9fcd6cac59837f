#include "foi/contracts.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <memory>
#include <span>
#include <sys/stat.h>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace {

foi::FileResult read_text(const std::string& name, const std::string& text, std::vector<foi::Contract>* out = nullptr,
                          std::size_t read_ahead_bytes = 8u << 20, bool contract_texts = true) {
  static const foi::ReferenceData ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  ctx.read_ahead_bytes = read_ahead_bytes;
  ctx.contract_texts = contract_texts;
  auto dir = test::scratch("contracts");
  test::write_file(dir / name, text);
  foi::InputFile input{(dir / name).string(), name, nullptr};
  return foi::read_return(input, ctx, [&](foi::Contract& c) {
    if (out) out->push_back(c);
  });
}

// The kept findings of one check, as "line:column: message".
std::vector<std::string> said(const foi::FileResult& fr, std::string_view id) {
  std::vector<std::string> out;
  for (const auto& d : fr.findings.kept)
    if (d.id == id) out.push_back(fmt::format("{}:{}: {}", d.where.line, d.where.column, d.message));
  return out;
}

}  // namespace

TEST_CASE("contracts: a duplicate row is found however many rows came before it", "[contracts]") {
  std::string text = "Provider,Contract value\n";
  for (int i = 0; i < 5000; ++i) text += "Provider " + std::to_string(i) + "," + std::to_string(1000 + i) + "\n";
  text += " Provider 0 , 1000\n";  // line 2 again, with spaces around its cells
  auto fr = read_text("08K_dups.csv", text);
  CHECK(fr.contracts == 5000);
  CHECK(fr.duplicates == 1);
  REQUIRE(fr.findings.total("duplicate-row") == 1);
  const auto& d = fr.findings.kept.back();
  CHECK(d.id == "duplicate-row");
  CHECK(d.where.line == 5002);
  CHECK(d.message == "exact duplicate of line 2; counted once");
  CHECK(fr.rows.total() == 5002);
}

TEST_CASE("contracts: a finding raised on every row is kept up to the limit and counted in full", "[contracts]") {
  std::string text = "Provider,Contract value\n";
  for (int i = 0; i < 300; ++i) text += "Provider " + std::to_string(i) + ",Commercially sensitive\n";
  auto fr = read_text("08K_withheld.csv", text);
  CHECK(fr.findings.total("value-withheld") == 300);
  long kept = 0;
  for (const auto& d : fr.findings.kept) kept += d.id == "value-withheld";
  CHECK(kept == 20);
  CHECK(fr.findings.kept.front().message == "value withheld: 'Commercially sensitive'");
}

TEST_CASE("contracts: without their texts, contracts parse and are checked the same", "[contracts]") {
  const std::string text =
      "CCG,Provider,Provider type,Service,Contract value,Start date,End date,Length,Quality monitoring,Procurement\n"
      "08K,Oxleas NHS FT,FT,Crisis care,\"£1,200\",01/04/2013,31/03/2016,36 months,Yes,Tender\n"
      "08K,Mind in Croydon,Charity,Advocacy,Commercially sensitive,2014-04-01,not a date,forever,CQUIN,\n"
      "07L,Priory,Private,Beds,12.5k,31/03/2016,01/04/2013,,No,Direct award\n";
  std::vector<foi::Contract> with, without;
  auto a = read_text("08K_texts.csv", text, &with);
  auto b = read_text("08K_no_texts.csv", text, &without, 8u << 20, false);
  REQUIRE(with.size() == 3);
  REQUIRE(without.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const foi::Contract &x = with[i], &y = without[i];
    CHECK(y.provider_raw == x.provider_raw);  // provider cells are always kept: providers are resolved from them
    CHECK(y.provider_type_raw == x.provider_type_raw);
    CHECK(y.ccg_code == x.ccg_code);
    CHECK(y.value == x.value);
    CHECK(y.value_status == x.value_status);
    CHECK(y.start.day == x.start.day);
    CHECK(y.end.status == x.end.status);
    CHECK(y.length.status == x.length.status);
    CHECK(y.length.months == x.length.months);
    CHECK(y.quality == x.quality);
    CHECK(y.source_line == x.source_line);
    CHECK(y.service.empty());
    CHECK(y.value_text.empty());
    CHECK(y.start_text.empty());
    CHECK(y.quality_text.empty());
    CHECK(y.source_file.empty());
  }
  CHECK(with[0].service == "Crisis care");
  CHECK(with[0].value_text == "£1,200");
  CHECK(with[2].procurement == "Direct award");
  // The findings quote the cells just the same.
  REQUIRE(a.findings.kept.size() == b.findings.kept.size());
  for (std::size_t i = 0; i < a.findings.kept.size(); ++i) CHECK(b.findings.kept[i].message == a.findings.kept[i].message);
  CHECK(a.findings.total("date-unparseable") == 1);
  CHECK(a.findings.total("length-unparseable") == 1);
}

TEST_CASE("contracts: an unparseable date's warning says what is wrong with it when it can", "[contracts]") {
  auto fr = read_text("08K_dates.csv",
                      "Provider,Contract value,Start date,End date\n"
                      "Oxleas NHS FT,5,31/02/2014,31/03/2016\n"
                      "Oxleas NHS FT,6,01/04/2013,04/25/2016\n"
                      "Oxleas NHS FT,7,next spring,31/03/2016\n");
  REQUIRE(fr.findings.total("date-unparseable") == 3);
  std::vector<std::string> messages;
  for (const auto& d : fr.findings.kept)
    if (d.id == "date-unparseable") messages.push_back(fmt::format("{}:{}: {}", d.where.line, d.where.column, d.message));
  REQUIRE(messages.size() == 3);
  CHECK(messages[0] == "2:3: date '31/02/2014' is not a date: February 2014 has 28 days");
  CHECK(messages[1] == "3:4: date '04/25/2016' is not a date: there is no month 25; dates are read day first, so if this "
                       "is month first (as in the US), write it 25/04/2016");
  CHECK(messages[2] == "4:3: date 'next spring' is not a date (UK day-first dates such as 01/04/2013 are expected)");
}

TEST_CASE("contracts: a date that is one either way, beside a month-first one in its row, is read day first and told",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("01N_us.csv",
                      "Provider,Value,Start date,End date\nManchester Mental Health and Social Care Trust,5,04/01/2013,"
                      "03/31/2016\nManchester Mind,6,4/1/2013,3/31/2014\nLeeds Mind,7,04/01/2013,31/03/2014\n"
                      "Bolton Mind,8,01/01/2014,12/31/2014\n",
                      &out);
  CHECK(said(fr, "date-month-first") ==
        std::vector<std::string>{"2:3: start date '04/01/2013' is read day first, as 2013-01-04, but the row's end date "
                                 "'03/31/2016' is month first (as in the US): if this one is too, it is 2013-04-01; "
                                 "write it 01/04/2013",
                                 "3:3: start date '4/1/2013' is read day first, as 2013-01-04, but the row's end date "
                                 "'3/31/2014' is month first (as in the US): if this one is too, it is 2013-04-01; "
                                 "write it 01/04/2013"});
  REQUIRE(out.size() == 4);
  CHECK(foi::iso(out[0].start.day) == "2013-01-04");  // day first, as every date
  CHECK(fr.findings.total("date-unparseable") == 3);
}

TEST_CASE("contracts: values under a header in thousands of pounds are read in pounds, their total too", "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_thousands.csv",
                      "Provider,Contract Value (£000s),2014/15 (£000),Start date,End date\n"
                      "Oxleas NHS FT,\"1,200\",400,01/04/2013,31/03/2016\n"
                      "Mind,45.5,,01/04/2014,31/03/2015\n"
                      "Rethink,£1.2m,,01/04/2014,31/03/2015\n"
                      "Total,\"2,445.5\",,,\n",
                      &out);
  REQUIRE(out.size() == 3);
  CHECK(out[0].value == 1200000);
  REQUIRE(out[0].years.size() == 1);
  CHECK(out[0].years[0].value.pounds == 400000);
  CHECK(out[1].value == 45500);
  CHECK(out[2].value == 1200000);  // its own unit, as written
  CHECK(out[0].value_text == "1,200");
  // The total, in the same thousands, agrees with the rows above it.
  CHECK(fr.findings.total("total-mismatch") == 0);
  // Said once, at the header, for each column it changes.
  REQUIRE(fr.findings.total("value-unit") == 2);
  CHECK(said(fr, "value-unit") == std::vector<std::string>{
                    "1:2: column 'Contract Value (£000s)' counts in thousands of pounds: an amount with no unit of its "
                    "own is multiplied by 1,000",
                    "1:3: column '2014/15 (£000)' counts in thousands of pounds: an amount with no unit of its own is "
                    "multiplied by 1,000"});
}

TEST_CASE("contracts: values under a header in pence are read in pounds, and said so once", "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_pence.csv",
                      "Provider,Value (pence)\n"
                      "Oxleas NHS FT,2500000000\n"
                      "Mind,\"4,500,050\"\n"
                      "Rethink,£1.2m\n",
                      &out);
  REQUIRE(out.size() == 3);
  CHECK(out[0].value == 25000000);
  CHECK(out[1].value == Approx(45000.5));
  CHECK(out[2].value == 1200000);  // its own unit, as written
  CHECK(said(fr, "value-unit") == std::vector<std::string>{
                    "1:2: column 'Value (pence)' counts in pence: an amount with no unit of its own is divided by 100"});
}

TEST_CASE("contracts: a period cell of two dates gives an undated row its dates, a dated row its length", "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_period.csv",
                      "Provider,Contract value,Start date,Contract period\n"
                      "Oxleas NHS FT,10,,01/04/2013 - 31/03/2016\n"
                      "Mind,20,01/04/2014,1 April 2014 to 31 March 2015\n"
                      "Rethink,30,,01/04/2009 - 31/03/2010\n"
                      "Priory,40,,next year or so\n",
                      &out);
  REQUIRE(out.size() == 4);
  CHECK(foi::iso(out[0].start.day) == "2013-04-01");
  CHECK(foi::iso(out[0].end.day) == "2016-03-31");
  CHECK(out[0].length.months == 36.0);
  CHECK(out[0].length_from_dates);
  // Its own start date stays; the period gives the length.
  CHECK(foi::iso(out[1].start.day) == "2014-04-01");
  CHECK(out[1].end.status == foi::DateStatus::missing);
  CHECK(out[1].length.status == foi::LengthStatus::ok);
  CHECK(out[1].length.months == 12.0);
  // Dates from the period count for the study years like any others.
  CHECK_FALSE(out[2].in_study({}));
  CHECK(fr.findings.total("outside-study-years") == 1);
  CHECK(fr.findings.total("length-as-dates") == 3);
  CHECK(fr.findings.total("length-unparseable") == 1);
}

TEST_CASE("contracts: a start and a stated length without an end date end the contract there, before the study or in it",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_a.csv",
                      "Provider,Contract value,Start date,End date,Length (months)\n"
                      "Manchester Mind,1000,01/04/2010,,36\n"
                      "Sheffield Mind,120000,01/04/2013,,24\n"
                      "Turning Point,2000,01/04/2010,,\n",
                      &out);
  REQUIRE(out.size() == 3);
  CHECK(foi::iso(out[0].end_by_length.day) == "2013-03-31");
  CHECK_FALSE(out[0].in_study({}));
  CHECK(foi::iso(out[1].end_by_length.day) == "2015-03-31");
  CHECK(out[1].in_study({}));
  CHECK(out[2].end_by_length.status == foi::DateStatus::missing);  // no length: it may run on
  CHECK(out[2].in_study({}));
  CHECK(said(fr, "outside-study-years") ==
        std::vector<std::string>{"2:3: the contract is not active in 2013/14–2015/16; it is left out of the analysis"});
}

TEST_CASE("contracts: an end date before the start date is read the other way round, for the study years too, and told",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_a.csv",
                      "Provider,Contract value,Start date,End date\n"
                      "Foxtrot Care Ltd,732000,01/04/2015,01/04/2014\n"
                      "Victor Care Ltd,300000,01/06/2016,01/06/2013\n"
                      "Whiskey Care Ltd,5000,01/04/2012,01/04/2011\n",
                      &out);
  REQUIRE(out.size() == 3);
  // 1 June 2013 to 1 June 2016 meets every study year, though its start is after them.
  CHECK(out[1].in_study({}));
  const auto [first, last] = out[1].active_days(foi::StudyYears{}.start(), foi::StudyYears{}.end());
  CHECK(foi::iso(first) == "2013-06-01");
  CHECK(foi::iso(last) == "2016-06-01");
  CHECK(out[0].in_study({}));
  CHECK_FALSE(out[2].in_study({}));  // 2011 to 2012 either way round
  CHECK(said(fr, "end-before-start") ==
        std::vector<std::string>{"2:4: end date 2014-04-01 is before start date 2015-04-01; the contract is read as "
                                 "running from 2014-04-01 to 2015-04-01 (no length is worked out from the dates)",
                                 "3:4: end date 2013-06-01 is before start date 2016-06-01; the contract is read as "
                                 "running from 2013-06-01 to 2016-06-01 (no length is worked out from the dates)",
                                 "4:4: end date 2011-04-01 is before start date 2012-04-01; the contract is read as "
                                 "running from 2011-04-01 to 2012-04-01 (no length is worked out from the dates)"});
  CHECK(said(fr, "outside-study-years") ==
        std::vector<std::string>{"4:3: the contract is not active in 2013/14–2015/16; it is left out of the analysis"});
}

TEST_CASE("contracts: a per-year amount of a study year the contract's dates do not reach is told at its cell",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_a.csv",
                      "Provider,Contract value,2013/14,2014/15,2015/16,2016/17,Start date,End date\n"
                      "Zulu Surgery,,,70000,,,01/04/2013,31/03/2014\n"
                      "Yankee Surgery,90000,30000,s.43,30000,5000,01/04/2014,\n"
                      "Xray Surgery,,10000,10000,,,,\n"
                      "Whiskey Surgery,,10000,10000,,,,31/03/2014\n",
                      &out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].value == 70000);  // the sum of its years in the study, as no total is given
  CHECK(said(fr, "year-outside-dates") ==
        std::vector<std::string>{
            "2:4: the 2014/15 amount £70,000.00 is for a year the contract's dates do not reach (in the study years it "
            "is active from 2013-04-01 to 2014-03-31): the figures by financial year leave it out; it is part of the "
            "contract's value, the sum of its years",
            "3:3: the 2013/14 amount £30,000.00 is for a year the contract's dates do not reach (in the study years it "
            "is active from 2014-04-01 to 2016-03-31): the figures by financial year leave it out",
            "5:4: the 2014/15 amount £10,000.00 is for a year the contract's dates do not reach (in the study years it "
            "is active from 2013-04-01 to 2014-03-31): the figures by financial year leave it out; it is part of the "
            "contract's value, the sum of its years"});
}

TEST_CASE("contracts: a contract without dates whose per-year cells are all of years outside the study is outside it",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08A_greenwich.csv",
                      "Provider,2013/14,2016/17\n"
                      "Oxleas NHS Foundation Trust,1000,\n"
                      "Beta Ltd,,750\n"
                      "Gamma Ltd,,\n"
                      "Delta Ltd,s.43,750\n",
                      &out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].in_study({}));
  CHECK_FALSE(out[1].in_study({}));  // its one cell is 2016/17's
  CHECK(out[2].in_study({}));        // no cell filled: undated
  CHECK(out[3].in_study({}));        // a value withheld for 2013/14 says the contract ran then
  CHECK(said(fr, "outside-study-years") ==
        std::vector<std::string>{"3:2: the contract is not active in 2013/14–2015/16; it is left out of the analysis"});
}

TEST_CASE("contracts: a spending file's payment date is the row's start and end, in one year, with no length",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("spend_over_25k.csv",
                      "Department family,Entity,Date,Expense type,Expense area,Supplier,Transaction number,Amount\n"
                      "Department of Health,NHS Lambeth CCG,15/04/2014,Mental Health,Acute,Oxleas NHS FT,100234,"
                      "\"£2,345,678.00\"\n"
                      "Department of Health,NHS Southwark CCG,22/05/2010,Mental Health,Acute,Mind,100235,£45000\n"
                      "Department of Health,NHS Southwark CCG,sometime,Mental Health,Acute,Mind,100236,£45000\n",
                      &out);
  REQUIRE(out.size() == 3);
  CHECK(fr.payments);
  CHECK_FALSE(read_text("08K_register.csv", "Provider,Contract value\nMind,5\n").payments);
  CHECK_FALSE(read_text("08K_register.csv", "Provider,Contract value,Date,End date\nMind,5,01/04/2014,31/03/2016\n")
                  .payments);
  // A month with no payments to list is no error, as a register with no rows is.
  const auto empty_month = read_text("08K_2014_06.csv", "Supplier,Amount,Payment date\n");
  REQUIRE(empty_month.findings.kept.size() == 1);
  CHECK(empty_month.findings.kept[0].severity == foi::Severity::info);
  CHECK(empty_month.findings.kept[0].message == "no payment rows: the spending file lists none");
  CHECK(read_text("08K_register.csv", "Provider,Contract value\n").findings.kept.at(0).severity ==
        foi::Severity::error);
  CHECK(out[0].ccg_code == "08K");
  CHECK(foi::iso(out[0].start.day) == "2014-04-15");
  CHECK(foi::iso(out[0].end.day) == "2014-04-15");
  CHECK(out[0].length.status == foi::LengthStatus::missing);
  CHECK_FALSE(out[0].length_from_dates);
  CHECK(out[0].value == 2345678);
  // Outside the study years, said at the date's column.
  REQUIRE(fr.findings.total("outside-study-years") == 1);
  REQUIRE(fr.findings.total("date-unparseable") == 1);
  for (const auto& d : fr.findings.kept)
    if (d.id == "outside-study-years" || d.id == "date-unparseable") CHECK(d.where.column == 3);
}

TEST_CASE("contracts: a start or end date cell holding the period gives the row its dates, its own kept",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_period_dates.csv",
                      "Provider,Contract value,Start date,End date\n"
                      "Oxleas NHS FT,10,01/04/2013 - 31/03/2016,\n"
                      "Mind,20,01/04/2014 to 31/03/2015,30/06/2015\n"
                      "Rethink,30,,1 April 2014 - 31 March 2016\n"
                      "Priory,40,sometime - later,\n",
                      &out);
  REQUIRE(out.size() == 4);
  CHECK(foi::iso(out[0].start.day) == "2013-04-01");
  CHECK(foi::iso(out[0].end.day) == "2016-03-31");
  CHECK(out[0].length.months == 36.0);
  // The row's own end date stays.
  CHECK(foi::iso(out[1].start.day) == "2014-04-01");
  CHECK(foi::iso(out[1].end.day) == "2015-06-30");
  CHECK(foi::iso(out[2].start.day) == "2014-04-01");
  CHECK(foi::iso(out[2].end.day) == "2016-03-31");
  CHECK(out[3].start.status == foi::DateStatus::unparseable);
  CHECK(fr.findings.total("date-as-period") == 3);
  CHECK(fr.findings.total("date-unparseable") == 1);
  CHECK(said(fr, "date-as-period") == std::vector<std::string>{
                    "2:3: start date '01/04/2013 - 31/03/2016' is a start and an end date: the contract runs from "
                    "2013-04-01 to 2016-03-31",
                    "3:3: start date '01/04/2014 to 31/03/2015' is a start and an end date: its start date is read, "
                    "the row's own end date stays",
                    "4:4: end date '1 April 2014 - 31 March 2016' is a start and an end date: the contract runs from "
                    "2014-04-01 to 2016-03-31"});
}

TEST_CASE("contracts: a length with options to extend is its first term, noted at the row; its dates are not moved",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_extension.csv",
                      "Provider,Contract value,Start date,End date,Length\n"
                      "Oxleas NHS FT,10,01/04/2013,31/03/2016 + 2 year option,3+2 years\n"
                      "Mind,20,01/04/2014,,12 months rolling\n",
                      &out);
  REQUIRE(out.size() == 2);
  CHECK(foi::iso(out[0].end.day) == "2016-03-31");
  CHECK(out[0].length.months == 36.0);
  CHECK(fr.findings.total("length-mismatch") == 0);
  CHECK(out[1].length.months == 12.0);
  REQUIRE(fr.findings.total("length-extension") == 1);
  CHECK(fr.findings.kept.front().severity == foi::Severity::info);
  CHECK(said(fr, "length-extension") ==
        std::vector<std::string>{
            "2:5: length '3+2 years' is read as its first term, 36 months; the option to extend is left out"});
  CHECK(fr.findings.total("date-unparseable") == 0);
}

TEST_CASE("contracts: a return whose CCG cannot be told is still refused, with the CCG the text above its table names",
          "[contracts]") {
  const std::string table = "Provider,Contract value\nMind,10\n";
  auto named = read_text("response_2016.csv", "FOI 2016/123,\nContracts held by NHS Lambeth CCG,\n" + table);
  CHECK(named.unreadable);
  REQUIRE(named.findings.total("no-ccg") == 1);
  CHECK(named.findings.kept.front().message ==
        "cannot tell which CCG this return is from: line 2 names 08K NHS Lambeth CCG; if the return is that CCG's, "
        "put its ODS code in the file name (08K_response_2016.csv) or list the file in a manifest (--manifest)");
  // Two CCGs above the table, or none: the general advice.
  for (const std::string above : {"Contracts of NHS Lambeth CCG and NHS Southwark CCG,\n", "Contracts,\n"}) {
    auto fr = read_text("response.csv", above + table);
    REQUIRE(fr.findings.total("no-ccg") == 1);
    CHECK(fr.findings.kept.front().message.starts_with(
        "cannot tell which CCG this return is from: put the CCG's ODS code in the file name"));
  }
}

TEST_CASE("contracts: a return named for a CCG formed after April 2013, or for two CCGs, is refused and says why",
          "[contracts]") {
  const std::string table = "Provider,Contract value\nMind,10\n";
  auto later = read_text("newcastle_gateshead_ccg.csv", table);
  CHECK(later.unreadable);
  REQUIRE(later.findings.total("no-ccg") == 1);
  CHECK(later.findings.kept.front().message ==
        "cannot tell which CCG this return is from: its name names 13T NHS Newcastle Gateshead CCG, formed after "
        "April 2013 from 00F NHS Gateshead CCG, 00G NHS Newcastle North and East CCG and 00H NHS Newcastle West CCG, "
        "and the study counts the 211 CCGs of April 2013; put the ODS code of the one the return is from in the file "
        "name (e.g. 00F_newcastle_gateshead_ccg.csv), add a CCG column, or list the file in a manifest (--manifest)");
  auto two = read_text("lambeth_southwark.csv", table);
  CHECK(two.unreadable);
  CHECK(two.findings.total("no-ccg") == 1);
  CHECK(said(two, "ccg-ambiguous-name") ==
        std::vector<std::string>{"0:0: the file name names 08K NHS Lambeth CCG and 08Q NHS Southwark CCG; rename it "
                                 "with the ODS code of the CCG the return is from"});
}

TEST_CASE("contracts: a row whose CCG cell is empty, in a file whose name gives none, is rejected and told",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("collated.csv", "CCG,Provider,Contract value\n08K,Certitude,1000\n,Thames Reach,2000\n", &out);
  REQUIRE(out.size() == 1);
  CHECK(fr.rows[foi::RowKind::rejected] == 1);
  CHECK(said(fr, "ccg-unknown") ==
        std::vector<std::string>{
            "3:1: the CCG cell (column 'CCG') is empty, and the file's name gives no CCG; row not counted"});
  // With a CCG in the file's name, the blank cell is the file's.
  out.clear();
  auto named = read_text("08Q_collated.csv", "CCG,Provider,Contract value\n,Thames Reach,2000\n", &out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].ccg_code == "08Q");
  CHECK(named.findings.total("ccg-unknown") == 0);
}

TEST_CASE("contracts: a CCG cell naming the CCG formed by a merger places the row in none of the CCGs it was formed from",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("collated.csv",
                      "CCG,Provider,Contract value\n"
                      "NHS Newcastle Gateshead CCG,Mind,10\n"
                      "Newcastle Gateshead,Mind,20\n"
                      "NHS Gateshead CCG,Mind,30\n",
                      &out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].ccg_code == "00F");
  CHECK(out[0].value == 30);
  REQUIRE(fr.findings.total("ccg-unknown") == 2);
  CHECK(fr.findings.kept.front().message.starts_with(
      "CCG 'NHS Newcastle Gateshead CCG' is 13T NHS Newcastle Gateshead CCG, formed after April 2013"));
}

TEST_CASE("contracts: cells a finance system kept as text (=\"08K\", '5000) are read as their text", "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("collated.csv",
                      "CCG,Provider,Contract value,Start date,End date\n"
                      "=\"08K\",=\"Mind\",=\"12345\",=\"01/04/2013\",31/03/2014\n"
                      "'08K,Oxleas NHS FT,'5000,'01/04/2013,31/03/2014\n",
                      &out);
  REQUIRE(out.size() == 2);
  for (const foi::Contract& c : out) {
    CHECK(c.ccg_code == "08K");
    CHECK(foi::iso(c.start.day) == "2013-04-01");
  }
  CHECK(out[0].value == 12345);
  CHECK(out[1].value == 5000);
  CHECK(fr.findings.total("value-unparseable") == 0);
  CHECK(fr.findings.total("date-unparseable") == 0);
  CHECK(fr.findings.total("ccg-unknown") == 0);
}

TEST_CASE("contracts: a row naming a CCG formed after 2013 by a merger says which CCGs it was formed from",
          "[contracts]") {
  auto fr = read_text("collated.csv", "CCG,Provider,Contract value\n14L,Mind,5\n00W,Mind,6\n");
  CHECK(fr.contracts == 1);
  REQUIRE(fr.findings.total("ccg-unknown") == 1);
  const auto& d = fr.findings.kept.front();
  CHECK(d.where.line == 2);
  CHECK(d.message.starts_with("CCG '14L' is 14L NHS Manchester CCG, formed after April 2013 from 00W NHS Central "
                              "Manchester CCG, "));
  CHECK(d.message.ends_with(": the study counts the 211 CCGs of April 2013, so give the row the one it belongs to; "
                            "row not counted"));
}

TEST_CASE("contracts: a row whose CCG cell names two CCGs lists them and is not counted", "[contracts]") {
  auto fr = read_text("collated.csv", "CCG,Provider,Contract value\nNHS Lambeth CCG and NHS Southwark CCG,Mind,5\n"
                                      "NHS Lambeth CCG (lead),Mind,6\n");
  CHECK(fr.contracts == 1);
  REQUIRE(fr.findings.total("ccg-unknown") == 1);
  CHECK(fr.findings.kept.front().message ==
        "CCG 'NHS Lambeth CCG and NHS Southwark CCG' names 2 CCGs, 08K NHS Lambeth CCG and 08Q NHS Southwark CCG: give "
        "the row one of them (the lead commissioner's, for a joint contract); row not counted");
}

TEST_CASE("contracts: read_return_into writes each contract where the caller says", "[contracts]") {
  static const foi::ReferenceData ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  auto dir = test::scratch("contracts-into");
  test::write_file(dir / "08K_a.csv", "Provider,Contract value,Start date\nA Ltd,100,01/04/2013\nB Ltd,200,\nC Ltd,300,\n");
  foi::InputFile input{(dir / "08K_a.csv").string(), "08K_a.csv", nullptr};
  std::vector<foi::Contract> slots(4);
  std::size_t filled = 0;
  auto fr = foi::read_return_into(input, ctx, [&](foi::Contract& c) -> foi::Contract& {
    if (&c != &slots[filled]) slots[filled] = c;  // the first is written before any slot was given
    return slots[++filled];
  });
  CHECK(fr.contracts == 3);
  REQUIRE(filled == 3);
  CHECK(slots[0].provider_raw == "A Ltd");
  CHECK(slots[0].start.status == foi::DateStatus::ok);
  CHECK(slots[1].provider_raw == "B Ltd");
  CHECK(*slots[2].value == 300);
  CHECK(slots[2].source_line == 4);
  CHECK(slots[2].ccg_code == "08K");
  // The CCG's place in the reference's list comes with it, for the analysis to find it by.
  REQUIRE(slots[2].ccg != nullptr);
  CHECK(slots[2].ccg_place == slots[2].ccg - ref.ccgs.data());
  CHECK(ref.ccgs[static_cast<std::size_t>(slots[2].ccg_place)].code == "08K");
}

TEST_CASE("contracts: rows read ahead on a second thread give the same result as read inline", "[contracts]") {
  // Two tables, notes, totals, rejected rows, duplicates, line ends of all
  // kinds, a cell over two lines and a quote that never closes.
  std::string text = "Contracts 2013/14\nProvider,Contract value,Start date\n";
  for (int i = 0; i < 3000; ++i) {
    text += i % 97 == 0 ? ",5,01/04/2013\n" : "Provider " + std::to_string(i % 700) + "," + std::to_string(i % 700) + ",01/04/2013";
    text += i % 5 == 0 ? "\r\n" : i % 7 == 0 ? "\r" : "\n";
    if (i == 1500) text += "Total,123\nProvider,Contract value,Start date\n\"Two\nlines Ltd\",7,\n* a note\n";
  }
  text += "\"Never closed,1,\nLast Ltd,2,\n";
  std::vector<foi::Contract> inline_contracts, ahead_contracts;
  auto a = read_text("08K_ahead.csv", text, &inline_contracts, SIZE_MAX);
  auto b = read_text("08K_ahead.csv", text, &ahead_contracts, 0);
  CHECK(b.rows.by_kind == a.rows.by_kind);
  CHECK(b.contracts == a.contracts);
  CHECK(b.duplicates == a.duplicates);
  CHECK(b.duplicates > 0);
  CHECK(b.header_lines == a.header_lines);
  CHECK(b.findings.count_by_id == a.findings.count_by_id);
  REQUIRE(b.findings.kept.size() == a.findings.kept.size());
  for (std::size_t i = 0; i < a.findings.kept.size(); ++i) CHECK(format_diagnostic(b.findings.kept[i]) == format_diagnostic(a.findings.kept[i]));
  CHECK(b.read.lines == a.read.lines);
  CHECK(b.read.cr == a.read.cr);
  REQUIRE(ahead_contracts.size() == inline_contracts.size());
  for (std::size_t i = 0; i < inline_contracts.size(); ++i) {
    CHECK(ahead_contracts[i].provider_raw == inline_contracts[i].provider_raw);
    CHECK(ahead_contracts[i].source_line == inline_contracts[i].source_line);
    CHECK(ahead_contracts[i].value == inline_contracts[i].value);
  }
}

TEST_CASE("contracts: a line over 16 MiB, read ahead or not, is a rejected row and the rows after it are read",
          "[contracts]") {
  std::string text = "Provider,Contract value\n";
  for (int i = 0; i < 200; ++i) text += "Provider " + std::to_string(i) + "," + std::to_string(i + 1) + "\n";
  text += std::string((16u << 20) + 10, 'x') + "\n";
  for (int i = 200; i < 300; ++i) text += "Provider " + std::to_string(i) + "," + std::to_string(i + 1) + "\n";
  for (std::size_t read_ahead : {std::size_t{0}, std::size_t{8} << 20}) {
    std::vector<foi::Contract> got;
    auto fr = read_text("08K_long_line.csv", text, &got, read_ahead);
    CHECK(got.size() == 300);
    CHECK_FALSE(fr.unreadable);
    CHECK(fr.rows[foi::RowKind::rejected] == 1);
    CHECK(fr.rows.total() == 302);
    REQUIRE(fr.findings.total("line-too-long") == 1);
    CHECK(said(fr, "line-too-long") ==
          std::vector<std::string>{"202:0: the line is longer than 16 MiB, more than any return's row; it is left out"});
  }
}

TEST_CASE("contracts: a caller that stops early stops the thread reading ahead", "[contracts]") {
  static const foi::ReferenceData ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  ctx.read_ahead_bytes = 0;
  std::string text = "Provider,Contract value\n";
  for (int i = 0; i < 50000; ++i) text += "Provider " + std::to_string(i) + ",1\n";
  auto dir = test::scratch("contracts-stop");
  test::write_file(dir / "08K_stop.csv", text);
  foi::InputFile input{(dir / "08K_stop.csv").string(), "08K_stop.csv", nullptr};
  for (int k = 0; k < 10; ++k) {
    int seen = 0;
    CHECK_THROWS_AS(foi::read_return(input, ctx,
                                     [&](foi::Contract&) {
                                       if (++seen == 10) throw std::runtime_error("enough");
                                     }),
                    std::runtime_error);
    CHECK(seen == 10);
  }
}

namespace {

// A return read in order, or as two halves at once with the second half's
// contracts appended when they are kept.
struct ReadResult {
  foi::FileResult fr;
  std::vector<foi::Contract> contracts;
  int kept = -1;  // what the second half was told; -1 when it was never read
  std::size_t taken_back = 0;  // contracts of the second half taken back at the join
};

// bound: the duplicate table's bound (ReadContext::duplicate_rows_in_memory);
// read_ahead: rows are read and sorted on a second thread; take_back: the
// caller can take back contracts of the second half that turn out to be
// duplicates (without it, such a half is read again).
ReadResult read_input(const foi::InputFile& input, bool halves, std::size_t bound = 0, bool read_ahead = false,
                      bool take_back = true) {
  static const foi::ReferenceData ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  ctx.split_bytes = 0;
  ctx.read_ahead_bytes = read_ahead ? 0 : SIZE_MAX;
  ctx.duplicate_rows_in_memory = bound;
  ReadResult r;
  std::vector<foi::Contract> second;
  foi::SecondHalf half{[&](foi::Contract& c) -> foi::Contract& {
                         second.push_back(c);
                         return c;
                       },
                       [&](bool keep, long lines_before) {
                         r.kept = keep;
                         for (foi::Contract& c : second) c.source_line += lines_before;
                       },
                       nullptr};
  if (take_back)
    half.take_back = [&](std::span<const foi::Contract> taken) {
      for (const foi::Contract& c : taken) {
        auto at = std::find_if(second.begin(), second.end(),
                               [&](const foi::Contract& k) { return k.source_line == c.source_line; });
        REQUIRE(at != second.end());
        CHECK(at->provider_raw == c.provider_raw);
        second.erase(at);
        ++r.taken_back;
      }
    };
  r.fr = foi::read_return_into(
      input, ctx,
      [&](foi::Contract& c) -> foi::Contract& {
        r.contracts.push_back(c);
        return c;
      },
      halves ? &half : nullptr);
  if (r.kept == 1) r.contracts.insert(r.contracts.end(), second.begin(), second.end());
  return r;
}

foi::InputFile written(const std::string& name, const std::string& text) {
  auto dir = test::scratch("contracts-halves");
  test::write_file(dir / name, text);
  return foi::InputFile{(dir / name).string(), name, nullptr};
}

ReadResult read_maybe_halves(const std::string& name, const std::string& text, bool halves, std::size_t bound = 0,
                             bool read_ahead = false) {
  return read_input(written(name, text), halves, bound, read_ahead);
}

void check_same(const ReadResult& halves, const ReadResult& in_order) {
  const foi::FileResult &b = halves.fr, &a = in_order.fr;
  CHECK(b.rows.by_kind == a.rows.by_kind);
  CHECK(b.contracts == a.contracts);
  CHECK(b.duplicates == a.duplicates);
  CHECK(b.header_lines == a.header_lines);
  CHECK(b.unreadable == a.unreadable);
  CHECK(b.findings.count_by_id == a.findings.count_by_id);
  REQUIRE(b.findings.kept.size() == a.findings.kept.size());
  for (std::size_t i = 0; i < a.findings.kept.size(); ++i)
    CHECK(format_diagnostic(b.findings.kept[i]) == format_diagnostic(a.findings.kept[i]));
  CHECK(b.read.lines == a.read.lines);
  CHECK(b.read.records == a.read.records);
  CHECK(b.read.lf == a.read.lf);
  CHECK(b.read.crlf == a.read.crlf);
  CHECK(b.read.cr == a.read.cr);
  CHECK(b.read.breaks_in_cells == a.read.breaks_in_cells);
  CHECK(b.read.cp1252_lines == a.read.cp1252_lines);
  CHECK(b.read.first_cp1252_line == a.read.first_cp1252_line);
  CHECK(b.read.nul_bytes == a.read.nul_bytes);
  CHECK(b.read.bytes == a.read.bytes);
  CHECK(b.columns.columns.size() == a.columns.columns.size());
  REQUIRE(halves.contracts.size() == in_order.contracts.size());
  for (std::size_t i = 0; i < in_order.contracts.size(); ++i) {
    CHECK(halves.contracts[i].provider_raw == in_order.contracts[i].provider_raw);
    CHECK(halves.contracts[i].source_line == in_order.contracts[i].source_line);
    CHECK(halves.contracts[i].value == in_order.contracts[i].value);
  }
}

// The file read in order and as two halves, the halves checked to give
// what reading in order gives.
struct BothWays {
  ReadResult in_order, halves;
};
BothWays read_both_ways(const std::string& name, const std::string& text) {
  BothWays r{read_maybe_halves(name, text, false), read_maybe_halves(name, text, true)};
  check_same(r.halves, r.in_order);
  return r;
}

std::string rows(int from, int to, const char* end = "\n") {
  std::string t;
  for (int i = from; i < to; ++i)
    t += "Provider " + std::to_string(i) + "," + (i % 37 == 0 ? "Commercially sensitive" : std::to_string(1000 + i)) +
         ",01/04/2013" + end;
  return t;
}

}  // namespace

TEST_CASE("contracts: a file read as two halves gives what reading it in order gives", "[contracts]") {
  // Both halves have duplicates of their own, withheld values past the
  // finding limit, CRLF and LF lines; the second half has a Windows-1252
  // line, a repeated header, and a total row whose contracts begin in the
  // first half (and do not add up to it).
  std::string text = "Contracts 2013/14\nProvider,Contract value,Start date\n" + rows(0, 1500, "\r\n") +
                     "Provider 3,1003,01/04/2013\n" + rows(1500, 3000) + "Provider 1600,2600,01/04/2013\n" +
                     "Caf\xe9 Ltd,5,\nTotal,99\n* a note\nProvider,Contract value,Start date\n" + rows(3000, 3100) +
                     "Provider 3050,4050,01/04/2013\n";
  const auto [in_order, halves] = read_both_ways("08K_halves.csv", text);
  CHECK(in_order.kept == -1);
  CHECK(halves.kept == 1);
  CHECK(in_order.fr.duplicates == 3);
  CHECK(in_order.fr.findings.total("total-mismatch") == 1);
  CHECK(in_order.fr.read.cp1252_lines == 1);
  CHECK(in_order.fr.header_lines.size() == 2);
}

namespace {

// The sum of rows(from, to)'s known values, as a total row would write it.
std::string total_of_rows(int from, int to) {
  long sum = 0;
  for (int i = from; i < to; ++i)
    if (i % 37 != 0) sum += 1000 + i;
  return std::to_string(sum);
}

}  // namespace

TEST_CASE("contracts: an amount with a decimal comma is not read, and the finding says what to do", "[contracts]") {
  auto fr = read_text("08K_semicolons.csv", "Provider;Contract value\nA;12500000,00\nB;1.234.567,89\nC;\"45,000\"\nD;1,5\n");
  CHECK(said(fr, "value-unparseable") ==
        std::vector<std::string>{"2:2: value '12500000,00' is not a number (in 'Contract value'); if its comma is a "
                                 "decimal comma, save the file with points for decimals",
                                 "3:2: value '1.234.567,89' is not a number (in 'Contract value'); if its comma is a "
                                 "decimal comma, save the file with points for decimals",
                                 "5:2: value '1,5' is not a number (in 'Contract value')"});
}

TEST_CASE("contracts: an amount of a trillion pounds or more, in a total or a year's cell, is no value, and says why",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_beyond.csv",
                      "Provider,Contract value,2013/14\nA,99999999999999999999999,\nB,5,\n"
                      "C,,1000000000000\nD,999999999999,\n",
                      &out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].value_status == foi::ValueStatus::unparseable);
  CHECK_FALSE(out[0].value);
  CHECK(*out[1].value == 5);
  CHECK_FALSE(out[2].value);
  CHECK(*out[3].value == 999999999999.0);  // under a trillion: a value
  CHECK(said(fr, "value-unparseable") ==
        std::vector<std::string>{"2:2: value '99999999999999999999999' (in 'Contract value') is £1 trillion or more, "
                                 "which no contract is worth (a reference number or a date read as an amount?); it "
                                 "is left out of the values",
                                 "4:3: value '1000000000000' (in '2013/14') is £1 trillion or more, which no contract "
                                 "is worth (a reference number or a date read as an amount?); it is left out of the "
                                 "values"});
}

TEST_CASE("contracts: a grand total under sub-totals adds up the table; a total row may add up its run or the table",
          "[contracts]") {
  const std::string header = "Provider,Contract value\n";
  auto check = [&](const std::string& body) {
    return said(read_text("08K_totals.csv", header + body), "total-mismatch");
  };
  // Sub-totals right, the grand total wrong: the table says so.
  CHECK(check("Certitude,\"£100,000\"\nSub-total,\"£100,000\"\nThames Reach,\"£50,000\"\nSub-total,\"£50,000\"\n"
              "Grand total,\"£999,999\"\n") ==
        std::vector<std::string>{"6:2: the total row says £999,999.00 but the 2 contract values of the table above "
                                 "add up to £150,000.00"});
  // A grand total after a last run with no sub-total of its own is right.
  CHECK(check("Certitude,100\nSub-total,100\nThames Reach,50\nGrand total,150\n").empty());
  // Neither its run nor the table.
  CHECK(check("Certitude,100\nSub-total,100\nThames Reach,50\nGrand total,500\n") ==
        std::vector<std::string>{"5:2: the total row says £500.00 but the 1 contract values since the last total "
                                 "row add up to £50.00, and the table's 2 to £150.00"});
  // A credit note above a total is in it, though out of the figures.
  CHECK(check("Cygnet,40000\nCertitude,30000\nCygnet,\"(5,000.00)\"\nTotal,65000\n").empty());
  // A header starts a new table.
  CHECK(check("Certitude,100\nTotal,100\n" + header + "Thames Reach,50\nTotal,50\n").empty());
  CHECK(check("Certitude,100\nTotal,100\n" + header + "Thames Reach,50\nSub-total,50\nGrand total,170\n") ==
        std::vector<std::string>{"7:2: the total row says £170.00 but the 1 contract values of the table above add "
                                 "up to £50.00"});
}

TEST_CASE("contracts: a total row of per-year amounts is checked year by year, at the cell of the year that differs",
          "[contracts]") {
  // Milton Keynes: the 2015/16 total is wrong, the others right.
  auto fr = read_text("04F_years.csv",
                      "Provider,2013/14,2014/15,2015/16,Quality monitoring\n"
                      "Central and North West London NHS Foundation Trust,\"£1,000,000\",\"£1,000,000\",\"£1,000,000\",Yes\n"
                      "Milton Keynes Mind,\"£10,000\",\"£10,000\",,Yes\n"
                      "Total,\"£1,010,000\",\"£1,010,000\",\"£9,999,999\",\n");
  CHECK(said(fr, "total-mismatch") ==
        std::vector<std::string>{"4:4: the total row says £9,999,999.00 for 2015/16 but the 1 contract values for "
                                 "2015/16 above add up to £1,000,000.00"});
}

TEST_CASE("contracts: a grand total under tables of their own adds up every contract above it, not a mismatch",
          "[contracts]") {
  // Durham's layout: an NHS table and a non-NHS table, each under its own
  // header with its sub-total, then the grand total of both.
  const std::string text = "Mental health contracts 2013/14 - 2015/16\nNHS providers\n"
                           "Provider,Value,Start date\nTees Esk and Wear Valleys NHS Foundation Trust,\"38,000,000\",01/04/2013\n"
                           "Northumberland Tyne & Wear NHS FT,\"1,250,000\",01/04/2014\nSub-total,\"39,250,000\",\n\n"
                           "Non-NHS providers\nProvider,Value,Start date\nRethink Mental Illness,\"64,000\",01/04/2013\n"
                           "Durham Community Action CIC,\"22,500\",01/07/2013\nSub-total,\"86,500\",\n";
  CHECK(said(read_text("00D_grand.csv", text + "Grand total,\"39,336,500\",\n"), "total-mismatch").empty());
  CHECK(said(read_text("00D_grand.csv", text + "Grand total,\"39,999,999\",\n"), "total-mismatch").size() == 1);
}

TEST_CASE("contracts: a total label in the value column is checked with the amount beside it, at the amount's cell",
          "[contracts]") {
  const std::string head = "Provider,Type,Value,Start date\nNavigo,Social Enterprise,\"£6,500,000\",01/04/2013\n"
                           "Lincolnshire Partnership NHS Foundation Trust,FT,\"£300,000\",01/04/2013\n";
  auto right = read_text("03H_label.csv", head + ",,TOTAL CONTRACT VALUE,\"£6,800,000\"\n");
  CHECK(right.rows[foi::RowKind::total] == 1);
  CHECK(right.findings.total("row-rejected") == 0);
  CHECK(right.findings.total("total-mismatch") == 0);
  auto wrong = read_text("03H_label.csv", head + ",,TOTAL CONTRACT VALUE,\"£6,900,000\"\n");
  CHECK(said(wrong, "total-mismatch") ==
        std::vector<std::string>{"4:4: the total row says £6,900,000.00 but the 2 contract values above add up to "
                                 "£6,800,000.00"});
}

TEST_CASE("contracts: grand totals and sub-totals on either side of the split give in halves what reading in order "
          "gives",
          "[contracts]") {
  const std::string header = "Provider,Contract value,Start date\n";
  // The second half's one total row adds up the table since the first half's header.
  for (const std::string& grand : {total_of_rows(0, 3000), std::string("12345")}) {
    INFO(grand);
    const std::string text = header + rows(0, 1000) + "Sub-total," + total_of_rows(0, 1000) + "\n" + rows(1000, 3000) +
                             "Grand total," + grand + "\n";
    const auto [in_order, halves] = read_both_ways("08K_grand.csv", text);
    CHECK(halves.kept == 1);
    CHECK(in_order.fr.findings.total("total-mismatch") == (grand == "12345" ? 1 : 0));
  }
  // Two total rows in the second half under the first half's header: read again in order.
  {
    const std::string text = header + rows(0, 1000) + "Sub-total,1\n" + rows(1000, 2500) + "Sub-total,2\n" +
                             rows(2500, 3000) + "Grand total,3\n";
    const auto [in_order, halves] = read_both_ways("08K_grand_two.csv", text);
    CHECK(halves.kept == 0);
    CHECK(in_order.fr.findings.total("total-mismatch") == 3);
  }
  // A grand total of every table, the split inside the second: kept when
  // it adds up, read again in order when it does not add up the half's table.
  for (const std::string& grand : {total_of_rows(0, 3000), std::string("12345")}) {
    INFO(grand);
    const std::string text = header + rows(0, 1000) + "Sub-total," + total_of_rows(0, 1000) + "\n" + header +
                             rows(1000, 1500) + "Sub-total," + total_of_rows(1000, 1500) + "\n" + header +
                             rows(1500, 3000) + "Sub-total," + total_of_rows(1500, 3000) + "\nGrand total," + grand + "\n";
    const auto [in_order, halves] = read_both_ways("08K_grand_tables.csv", text);
    CHECK(in_order.fr.findings.total("total-mismatch") == (grand == "12345" ? 1 : 0));
  }
  // Per-year totals whose rows begin in the first half: checked year by year at the join.
  for (const bool right : {true, false}) {
    std::string text = "Provider,2013/14,2014/15\n";
    long first = 0, second = 0;
    for (int i = 0; i < 3000; ++i) {
      text += fmt::format("Provider {},{},{}\n", i, 1000 + i, 2000 + i);
      first += 1000 + i;
      second += 2000 + i;
    }
    text += fmt::format("Total,{},{}\n", first, right ? second : second * 2);
    const auto [in_order, halves] = read_both_ways("08K_year_totals.csv", text);
    CHECK(halves.kept == 1);
    CHECK(said(in_order.fr, "total-mismatch").size() == (right ? 0 : 1));
  }
  // A row of the second half repeating one of the first is not in the table the grand total adds up.
  {
    const std::string text = header + rows(0, 1000) + "Sub-total," + total_of_rows(0, 1000) + "\n" + rows(1000, 3000) +
                             rows(5, 6) + "Grand total," + total_of_rows(0, 3000) + "\n";
    const auto [in_order, halves] = read_both_ways("08K_grand_repeat.csv", text);
    CHECK(halves.kept == 1);
    CHECK(halves.taken_back == 1);
    CHECK(in_order.fr.findings.total("total-mismatch") == 0);
  }
}

TEST_CASE("contracts: a file of classic Mac line ends (lone CRs) is split, and its halves join", "[contracts]") {
  // Its rows repeat across the halves too: they are taken back, read again
  // from their places by counting lone CRs as line ends.
  const std::string text = "Provider,Contract value,Start date\r" + rows(0, 1500, "\r") + rows(1500, 3000, "\r") +
                           rows(10, 20, "\r") + rows(3000, 3100, "\r");
  const auto [in_order, halves] = read_both_ways("08K_mac.csv", text);
  CHECK(halves.kept == 1);
  CHECK(halves.taken_back == 10);
  CHECK(in_order.fr.read.cr == 3111);
  CHECK(in_order.fr.duplicates == 10);
}

TEST_CASE("contracts: a split point inside a quoted cell is found out and the file read in order", "[contracts]") {
  std::string head = "Provider,Contract value,Service\n" + rows(0, 1000);
  std::string cell;
  for (int i = 0; i < 4000; ++i) cell += "line " + std::to_string(i) + " of a long service description\n";
  std::string text = head + "Long Ltd,5,\"" + cell + "\"\n" + rows(1000, 1100);
  const auto [in_order, halves] = read_both_ways("08K_quoted.csv", text);
  CHECK(halves.kept == 0);
  CHECK(in_order.fr.read.breaks_in_cells == 4000);
}

TEST_CASE("contracts: a new header in the first half after the second began sends the file back to one reader",
          "[contracts]") {
  // The second half started under the first header; its rows belong to the second.
  std::string text = "Provider,Contract value\n" + rows(0, 200) + "Provider,Start date,Contract value\n";
  for (int i = 0; i < 3000; ++i) text += "Provider " + std::to_string(i) + ",01/04/2013," + std::to_string(i) + "\n";
  const auto [in_order, halves] = read_both_ways("08K_two_tables.csv", text);
  CHECK(halves.kept == 0);
  CHECK(in_order.fr.header_lines == std::vector<long>{1, 202});
  REQUIRE(in_order.contracts.size() == 3200);
  CHECK(in_order.contracts.back().start.status == foi::DateStatus::ok);
}

TEST_CASE("contracts: a return appended in the second half with its columns in another order reads as in order",
          "[contracts]") {
  std::string text = "CCG,Provider,Contract value\n";
  for (int i = 0; i < 1500; ++i) text += "08K,Provider " + std::to_string(i) + "," + std::to_string(1000 + i) + "\n";
  text += "Provider,CCG,Contract value\n";
  for (int i = 0; i < 1500; ++i) text += "Provider " + std::to_string(i) + ",08Q," + std::to_string(2000 + i) + "\n";
  const auto [in_order, halves] = read_both_ways("collated.csv", text);
  CHECK(in_order.fr.header_lines == std::vector<long>{1, 1502});
  REQUIRE(in_order.contracts.size() == 3000);
  CHECK(in_order.contracts.back().ccg_code == "08Q");
}

TEST_CASE("contracts: a header repeated in the first half, naming the same columns, keeps the halves", "[contracts]") {
  // Returns collated by appending each file whole, header and all: the
  // table is under the same columns at the split as when the second half began.
  const std::string header = "Provider,Contract value,Start date\n";
  std::string text;
  for (int from = 0; from < 3000; from += 250) text += header + rows(from, from + 250) + "\n";
  const auto [in_order, halves] = read_both_ways("08K_collated.csv", text);
  CHECK(halves.kept == 1);
  CHECK(in_order.fr.header_lines.size() == 12);
  // The same header spelt otherwise is another header: its texts are in messages.
  std::string respelt = header + rows(0, 500) + "provider,contract value,start date\n" + rows(500, 3000);
  const ReadResult respelt_halves = read_maybe_halves("08K_respelt.csv", respelt, true);
  CHECK(respelt_halves.kept == 0);
  check_same(respelt_halves, read_maybe_halves("08K_respelt.csv", respelt, false));
}

TEST_CASE("contracts: every hostile, spectrum and fuzz-found file read as two halves gives what reading in order gives",
          "[contracts][fuzz]") {
  namespace fs = std::filesystem;
  int n = 0;
  for (const char* dir : {"/fuzz/regressions", "/tests/data/bad", "/tests/data/csv-spectrum/csvs"})
    for (const auto& e : fs::directory_iterator(std::string(FOI_SOURCE_DIR) + dir)) {
      if (!e.is_regular_file()) continue;
      std::string bytes = test::slurp(e.path());
      INFO(e.path().string());
      const std::string name = "08K_" + e.path().filename().string();
      const ReadResult in_order = read_maybe_halves(name, bytes, false);
      check_same(read_maybe_halves(name, bytes, true), in_order);
      check_same(read_input(written(name, bytes), true, 0, false, false), in_order);
      // The same file with its duplicate table bounded at one row.
      check_same(read_maybe_halves(name, bytes, false, 1), in_order);
      check_same(read_maybe_halves(name, bytes, false, 1, true), in_order);
      // And under a name that places it in no CCG, read from memory and from a file.
      const foi::InputFile in_memory{"return.csv", "return.csv", std::make_shared<const std::string>(bytes)};
      check_same(read_input(in_memory, true), read_input(in_memory, false));
      check_same(read_maybe_halves("return.csv", bytes, true), read_maybe_halves("return.csv", bytes, false));
      ++n;
    }
  CHECK(n >= 20);
}

namespace {

// Rows repeated near and far: before the bound, across it, within one
// batch, and long after it, with the first copy on either side.
std::string rows_with_repeats(const char* end = "\n") {
  std::string t = std::string("Provider,Contract value,Start date") + end;
  t += rows(0, 10, end);
  t += rows(3, 4, end);  // line 15 repeats line 5, before any bound used here
  t += rows(10, 1500, end);
  t += rows(5, 6, end);  // repeats line 7, across every bound
  t += rows(1500, 1502, end);
  t += rows(1500, 1501, end);  // repeats the row two lines above
  t += rows(1502, 3000, end);
  t += rows(2000, 2001, end) + rows(2999, 3000, end);  // repeat rows read after the bound
  t += rows(0, 1, end);  // repeats line 2, at the very end
  return t;
}

}  // namespace

TEST_CASE("contracts: a row of the second half repeating one of the first is taken back as a duplicate",
          "[contracts]") {
  std::string text = "Provider,Contract value,Start date\n" + rows(0, 3000) + rows(5, 6);
  const auto [in_order, halves] = read_both_ways("08K_across.csv", text);
  CHECK(halves.kept == 1);
  CHECK(halves.taken_back == 1);
  CHECK(halves.fr.duplicates == 1);
  CHECK(halves.fr.findings.kept.back().message == "exact duplicate of line 7; counted once");
  // A caller that cannot take contracts back has the second half read again.
  auto read_again = read_input(written("08K_across.csv", text), true, 0, false, false);
  CHECK(read_again.kept == 0);
  check_same(read_again, in_order);
  // Rows repeated near and far, on either side of the split.
  const std::string repeats = rows_with_repeats();
  const ReadResult repeats_halves = read_maybe_halves("08K_repeats.csv", repeats, true);
  CHECK(repeats_halves.kept == 1);
  CHECK(repeats_halves.taken_back == 1);  // line 2's copy at the end; line 7's comes just before the split
  check_same(repeats_halves, read_maybe_halves("08K_repeats.csv", repeats, false));
}

namespace {

std::string row(int i, const std::string& value) {
  return "Provider " + std::to_string(i) + "," + value + ",01/04/2013\n";
}

}  // namespace

TEST_CASE("contracts: rows taken back at the join leave findings, totals and later copies as reading in order does",
          "[contracts]") {
  // Two rows of the first half with a value that is not a number come back
  // early in the second half, among its own first such findings (kept, so
  // ones counted past the limit must stand in), before its first total row
  // (whose contracts begin in the first half, as does a third repeat), and
  // again at its end, with a fourth repeat.
  std::string text = "Provider,Contract value,Start date\n" + rows(0, 100) + row(100, "per schedule") + rows(101, 200) +
                     row(200, "as agreed") + rows(201, 1500) + rows(1500, 1700);
  for (int i = 0; i < 5; ++i) text += row(5000 + i, "in due course");
  text += row(100, "per schedule") + rows(1700, 1800) + row(200, "as agreed") + rows(50, 51) + "Total,99\n" +
          rows(1800, 2000);
  for (int i = 0; i < 25; ++i) text += row(6000 + i, "unknown yet");
  text += rows(2000, 3000) + row(100, "per schedule") + row(200, "as agreed") + rows(7, 8);
  const auto [in_order, halves] = read_both_ways("08K_taken_back.csv", text);
  CHECK(halves.kept == 1);
  CHECK(halves.taken_back == 4);
  CHECK(in_order.fr.duplicates == 6);
  CHECK(in_order.fr.findings.total("value-unparseable") == 32);
  CHECK(in_order.fr.findings.total("total-mismatch") == 1);
  std::vector<std::string> duplicates;
  for (const auto& d : halves.fr.findings.kept)
    if (d.id == "duplicate-row") duplicates.push_back(d.message);
  CHECK(duplicates == std::vector<std::string>{"exact duplicate of line 102; counted once",
                                               "exact duplicate of line 202; counted once",
                                               "exact duplicate of line 52; counted once",
                                               "exact duplicate of line 102; counted once",
                                               "exact duplicate of line 202; counted once",
                                               "exact duplicate of line 9; counted once"});
}

TEST_CASE("contracts: a repeat is made into its contract again under the header in force at its row", "[contracts]") {
  // Under the second half's own header the repeat's cells read as other
  // fields (its value as a start date, its date as a value): the findings
  // it made there are taken out with it.
  std::string text = "Provider,Contract value,Start date\n" + rows(0, 1700) + "Provider,Start date,Contract value\n" +
                     rows(1700, 1800) + rows(5, 6) + rows(1800, 3000);
  const auto [in_order, halves] = read_both_ways("08K_two_headers.csv", text);
  CHECK(halves.kept == 1);
  CHECK(halves.taken_back == 1);
  CHECK(in_order.fr.header_lines == std::vector<long>{1, 1702});
}

TEST_CASE("contracts: a repeat that made no contract (no CCG) is taken back as a duplicate too", "[contracts]") {
  std::string text = "CCG,Provider,Contract value\n";
  for (int i = 0; i < 3000; ++i) {
    if (i == 40) text += "ZZZ,Nowhere Ltd,5\n";
    text += "08K,Provider " + std::to_string(i) + "," + std::to_string(1000 + i) + "\n";
    if (i == 2500) text += "ZZZ,Nowhere Ltd,5\n";
  }
  const auto [in_order, halves] = read_both_ways("returns_no_ccg.csv", text);
  CHECK(halves.kept == 1);
  CHECK(halves.taken_back == 0);
  CHECK(in_order.fr.duplicates == 1);
  CHECK(in_order.fr.findings.total("ccg-unknown") == 1);
}

TEST_CASE("contracts: generated files with repeats, totals, headers and awkward cells read as halves as in order",
          "[contracts]") {
  // Each seed makes a file of a few thousand rows: rows copied from
  // anywhere before (some many times), total rows, header rows repeated or
  // changed, values that are not numbers, quoted cells with line breaks,
  // rows with no provider. Read as two halves (with and without taking
  // rows back) it must give exactly what reading it in order gives. Every
  // other file has NUL bytes and lone CR line ends here and there too,
  // which the reader drops or rewrites: the halves still join.
  int taken_back_files = 0, noisy_joined = 0;
  for (std::uint64_t seed = 1; seed <= 24; ++seed) {
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull, y = seed * 0xC2B2AE3D27D4EB4Full;
    auto next = [&](std::uint64_t n) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      return (x >> 33) % n;
    };
    auto noise = [&](std::uint64_t n) {
      y = y * 6364136223846793005ull + 1442695040888963407ull;
      return (y >> 33) % n;
    };
    const bool noisy = seed % 2 == 0;
    const std::string header = "Provider,Contract value,Start date,Service\n";
    std::string text = header;
    std::vector<std::string> made;
    const int rows_in_file = 2000 + static_cast<int>(next(3000));
    // By turns: everything (mostly read again: repeats above checked total
    // rows, a changed header in the first half); no total rows and only the
    // same header repeated (mostly taken back); fewer copies.
    const int mode = static_cast<int>(seed % 3);
    const std::uint64_t copies = mode == 2 ? 3 : 8, totals = mode == 0 ? 2 : 0;
    for (int i = 0; i < rows_in_file; ++i) {
      const auto what = next(100);
      std::string row;
      if (what < copies && !made.empty()) {
        row = made[next(made.size())];  // a copy of an earlier row
      } else if (what >= 10 && what < 10 + totals) {
        text += "Total," + std::to_string(next(100000)) + ",,\n";
        continue;
      } else if (what == 12) {
        text += mode != 0 || next(2) ? header : "Provider,Start date,Contract value,Service\n";
        continue;
      } else {
        const auto kind = next(20);
        const std::string value = kind == 0   ? std::string("per schedule")
                                  : kind == 1 ? std::string("N/A")
                                              : std::to_string(next(90000));
        const std::string service =
            next(10) == 0 ? "\"Talking therapies\nstep " + std::to_string(next(3)) + "\"" : std::string("MH");
        row = "Provider " + std::to_string(next(400)) + "," + value + ",01/04/201" + std::to_string(next(6)) + "," +
              service + "\n";
        if (next(50) == 0) row = "," + row.substr(row.find(',') + 1);  // no provider
        if (noisy && noise(60) == 0) row.insert(noise(row.size()), 1, '\0');
        if (noisy && noise(80) == 0) row.back() = '\r';
      }
      made.push_back(row);
      text += row;
    }
    INFO("seed " << seed);
    const std::string name = "08K_generated_" + std::to_string(seed) + ".csv";
    const ReadResult in_order = read_maybe_halves(name, text, false);
    const ReadResult halves = read_maybe_halves(name, text, true);
    check_same(halves, in_order);
    check_same(read_input(written(name, text), true, 0, false, false), in_order);
    taken_back_files += halves.kept == 1 && halves.taken_back > 0;
    if (noisy) {
      CHECK(in_order.fr.read.nul_bytes > 0);
      CHECK(in_order.fr.read.cr > 0);
      noisy_joined += halves.kept == 1;
    }
  }
  // Both ways are exercised: two thirds of the files had rows taken back
  // (12 to 154 each), the rest were read again.
  CHECK(taken_back_files == 16);
  CHECK(noisy_joined >= 6);
}

TEST_CASE("contracts: a repeat above a total row checked in the second half, or very many repeats, have it read again",
          "[contracts]") {
  std::string under_total = "Provider,Contract value,Start date\n" + rows(0, 1600) + "Total,5\n" + rows(1600, 1700) +
                            rows(5, 6) + "Total,7\n" + rows(1700, 3000);
  const ReadResult total_halves = read_maybe_halves("08K_under_total.csv", under_total, true);
  CHECK(total_halves.kept == 0);
  check_same(total_halves, read_maybe_halves("08K_under_total.csv", under_total, false));
  // The file twice over: taking back half its rows would cost more than reading them again.
  std::string twice = "Provider,Contract value,Start date\n" + rows(0, 1500) + rows(0, 1500);
  const ReadResult twice_halves = read_maybe_halves("08K_twice.csv", twice, true);
  CHECK(twice_halves.kept == 0);
  const ReadResult twice_in_order = read_maybe_halves("08K_twice.csv", twice, false);
  check_same(twice_halves, twice_in_order);
  CHECK(twice_in_order.fr.duplicates == 1500);
}

TEST_CASE("contracts: a bounded duplicate table finds every duplicate an unbounded one finds", "[contracts]") {
  const std::string text = rows_with_repeats();
  const ReadResult unbounded = read_maybe_halves("08K_repeats.csv", text, false);
  REQUIRE(unbounded.fr.duplicates == 6);
  CHECK_FALSE(unbounded.fr.duplicates_bounded);
  for (std::size_t bound : {1, 7, 300, 1499, 2500, 2999}) {
    for (bool read_ahead : {false, true}) {
      INFO("bound " << bound << (read_ahead ? ", read ahead" : ""));
      const ReadResult bounded = read_maybe_halves("08K_repeats.csv", text, false, bound, read_ahead);
      CHECK(bounded.fr.duplicates_bounded);
      check_same(bounded, unbounded);
    }
  }
  // A bound the file never reaches leaves the table as it is.
  CHECK_FALSE(read_maybe_halves("08K_repeats.csv", text, false, 5000).fr.duplicates_bounded);
}

TEST_CASE("contracts: a bounded duplicate table reads again from the start when the reader's place is not exact",
          "[contracts]") {
  // Lone CR line ends: the reader cannot say at which byte a record starts,
  // so the rest of the file is found by reading it all once more.
  const std::string text = rows_with_repeats("\r");
  const ReadResult unbounded = read_maybe_halves("08K_repeats_cr.csv", text, false);
  REQUIRE(unbounded.fr.duplicates == 6);
  for (std::size_t bound : {1, 700}) {
    const ReadResult bounded = read_maybe_halves("08K_repeats_cr.csv", text, false, bound, true);
    CHECK(bounded.fr.duplicates_bounded);
    check_same(bounded, unbounded);
  }
}

TEST_CASE("contracts: a pipe, which cannot be read twice, keeps every row of its duplicate table", "[contracts]") {
  const std::string text = rows_with_repeats();
  const auto fifo = test::scratch("contracts-fifo") / "08K_repeats_pipe.csv";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer([&] { test::write_file(fifo, text); });
  const ReadResult piped = read_input(foi::InputFile{fifo.string(), "08K_repeats_pipe.csv", nullptr}, false, 7);
  writer.join();
  CHECK_FALSE(piped.fr.duplicates_bounded);
  CHECK(piped.fr.duplicates == 6);
  CHECK(piped.fr.contracts == read_maybe_halves("08K_repeats_pipe.csv", text, false).fr.contracts);
}

TEST_CASE("contracts: a bounded duplicate table without a temporary file holds every row and misses nothing",
          "[contracts]") {
  const foi::InputFile input = written("08K_repeats_notmp.csv", rows_with_repeats());
  const ReadResult unbounded = read_input(input, false);
  // Past the bound, the rest's hashes go to the temporary file in runs as
  // long as the bound: here they cannot.
  test::ScopedEnv tmpdir("TMPDIR", "/nonexistent/foi-contracts-test");
  const ReadResult fallback = read_input(input, false, 7);
  CHECK_FALSE(fallback.fr.duplicates_bounded);
  check_same(fallback, unbounded);
}

TEST_CASE("halves_split: a file whose every row holds a line break in a quoted cell is split between records",
          "[contracts]") {
  foi::ReadContext ctx;
  ctx.split_bytes = 10;
  std::string text = "Provider,Service,Contract value\n";
  for (int i = 0; i < 400; ++i)
    text += "Provider " + std::to_string(i) + ",\"Talking therapies, step " + std::to_string(i % 3) +
            "\nSee schedule " + std::to_string(i % 50) + "\"," + std::to_string(1000 + i) + "\n";
  auto dir = test::scratch("contracts_split_cells");
  test::write_file(dir / "08K.csv", text);
  const std::uint64_t at = foi::halves_split(foi::InputFile{(dir / "08K.csv").string(), "08K.csv", nullptr}, ctx);
  REQUIRE(at > text.size() / 2);
  REQUIRE(at < text.size());
  // Just after a record's end: an even number of quotes before it, and a row's provider after it.
  CHECK(text[at - 1] == '\n');
  CHECK(std::count(text.begin(), text.begin() + static_cast<long>(at), '"') % 2 == 0);
  CHECK(text.compare(at, 9, "Provider ") == 0);
  // The first line end past the middle is (in this file) the one inside a cell, which reading would find out.
  CHECK(text.find('\n', text.size() / 2) + 1 < at);
  // Read as two halves, the file is read once.
  const ReadResult halves = read_maybe_halves("08K_cells.csv", text, true);
  CHECK(halves.kept == 1);
  check_same(halves, read_maybe_halves("08K_cells.csv", text, false));
  CHECK(halves.fr.read.breaks_in_cells == 400);
}

TEST_CASE("halves_split: just after the first line end at or past the middle, from a file or from memory",
          "[contracts]") {
  foi::ReadContext ctx;
  ctx.split_bytes = 10;
  // 39 bytes: the middle, byte 19, is inside the second line, which ends at byte 29.
  const std::string text = "Provider,Value\nA Care Ltd,100\nB Care,9\n";
  REQUIRE(text.size() == 39);
  auto dir = test::scratch("contracts_split");
  test::write_file(dir / "08K.csv", text);
  const foi::InputFile on_disk{(dir / "08K.csv").string(), "08K.csv", nullptr};
  const foi::InputFile in_memory{"-", "<stdin>", std::make_shared<const std::string>(text)};
  for (const foi::InputFile* input : {&on_disk, &in_memory}) {
    CHECK(foi::halves_split(*input, ctx) == 30);
    CHECK(text[29] == '\n');
  }
  ctx.split_bytes = 40;  // smaller than that: read in one piece
  CHECK(foi::halves_split(on_disk, ctx) == 0);
  ctx.split_bytes = 10;
  test::write_file(dir / "08K_one_line.csv", std::string(39, 'x'));  // no line end after the middle
  CHECK(foi::halves_split(foi::InputFile{(dir / "08K_one_line.csv").string(), "08K_one_line.csv", nullptr}, ctx) == 0);
}


TEST_CASE("contracts: a formula's error in a value or date cell is told as one, at its cell", "[contracts]") {
  const auto fr = read_text("08K_errors.csv", "Provider,Contract value,Start date\nMind,#REF!,#N/A\nPriory,5,01/04/2013\n");
  CHECK(fr.contracts == 2);
  const auto values = said(fr, "value-unparseable"), dates = said(fr, "date-unparseable");
  REQUIRE(values.size() == 1);
  CHECK(values[0].starts_with("2:2: value '#REF!' (in 'Contract value') is a spreadsheet formula's error"));
  REQUIRE(dates.size() == 1);
  CHECK(dates[0].starts_with("2:3: date '#N/A' is a spreadsheet formula's error"));
}

TEST_CASE("contracts: a formula whose result was not saved is told as a missing result, not a formula's error",
          "[contracts]") {
  // How a workbook's sheet reads a formula saved without its result.
  const auto fr = read_text("08K_unsaved.csv", "Provider,Contract value,Start date\n"
                                               "Mind,[formula result not saved],[formula result not saved]\n"
                                               "Priory,5,01/04/2013\n");
  CHECK(fr.contracts == 2);
  CHECK(said(fr, "value-unparseable") ==
        std::vector<std::string>{
            "2:2: the value (in 'Contract value') is a formula whose result was not saved in the file (a program "
            "that did not calculate it wrote the file): the value is missing, not an error of the CCG's; open the "
            "file in Excel or LibreOffice and save it, then read it again, or ask the CCG for the value"});
  CHECK(said(fr, "date-unparseable") ==
        std::vector<std::string>{
            "2:3: the date is a formula whose result was not saved in the file (a program that did not calculate it "
            "wrote the file): the date is missing, not an error of the CCG's; open the file in Excel or LibreOffice "
            "and save it, then read it again, or ask the CCG for the date"});
}

TEST_CASE("contracts: a return gone between the listing and the reading is told as not opened, not as bad bytes",
          "[contracts]") {
  static const foi::ReferenceData ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  const auto dir = test::scratch("contracts-gone");
  test::write_file(dir / "08K_a.csv", "Provider,Contract value\nA Ltd,1000\n");
  const foi::InputFile input{(dir / "08K_a.csv").string(), "08K_a.csv", nullptr};
  std::filesystem::remove(dir / "08K_a.csv");
  const auto fr = foi::read_return(input, ctx, [](foi::Contract&) {});
  CHECK(fr.unreadable);
  CHECK(fr.not_opened);
  REQUIRE(fr.findings.total("unreadable") == 1);
  CHECK(fr.findings.kept.front().message.starts_with("cannot open: "));
}

TEST_CASE("contracts: a damaged workbook sheet is one unreadable error saying why, its emptiness no other finding",
          "[contracts]") {
  static const foi::ReferenceData ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  const std::string why =
      "the sheet is damaged: it has two rows numbered 2 (xl/worksheets/sheet3.xml has <row r=\"2\"> twice), and one "
      "would replace the other's cells; the sheet is not read, and the workbook's other sheets are; open the workbook "
      "in a spreadsheet program and save it again, or ask for the return as CSV";
  auto read = [&](const std::shared_ptr<foi::Workbook>& book, std::size_t sheet) {
    foi::InputFile in{"08K_book.xlsx", "08K_book.xlsx[" + book->sheets[sheet].name + "]",
                      std::make_shared<const std::string>(book->sheets[sheet].csv), book, sheet};
    return foi::read_return(in, ctx, [](foi::Contract&) {});
  };
  auto book = std::make_shared<foi::Workbook>();
  book->sheets.push_back(
      {"Contracts", false, {}, {}, 0, "Provider,Contract value\nMind,5000\nPriory Group,9000\n", {}});
  book->sheets.push_back({"Block contracts", false, {}, {}, 0, "", {}, {}, why});
  const foi::FileResult sound = read(book, 0);
  CHECK(sound.contracts == 2);
  CHECK_FALSE(sound.unreadable);
  CHECK(sound.findings.kept.empty());
  // Not empty-file, no-header or sheet-skipped: the sheet is empty because
  // it was not read.
  const foi::FileResult damaged = read(book, 1);
  CHECK(damaged.unreadable);
  CHECK(damaged.contracts == 0);
  REQUIRE(damaged.findings.kept.size() == 1);
  CHECK(damaged.findings.kept[0].severity == foi::Severity::error);
  CHECK(damaged.findings.kept[0].id == "unreadable");
  CHECK(damaged.findings.kept[0].where.file == "08K_book.xlsx[Block contracts]");
  CHECK(damaged.findings.kept[0].where.line == 0);
  CHECK(damaged.findings.kept[0].message == why);
  // A cover beside it holds no table, and no other sheet holds one that was
  // read: the damaged sheet may, and its error is the one to fix.
  auto cover = std::make_shared<foi::Workbook>(*book);
  cover->sheets[0] = {"Cover", false, {}, {}, 0, "FOI request 2016/12\nDate of response,2016-09-12\n", {}};
  const foi::FileResult skipped = read(cover, 0);
  CHECK_FALSE(skipped.unreadable);
  CHECK(said(skipped, "sheet-skipped") ==
        std::vector<std::string>{"0:0: no contract table in this sheet; the workbook's sheet 'Block contracts' is "
                                 "damaged and not read, and may hold the contracts"});
  REQUIRE(skipped.findings.kept.size() == 1);
  CHECK(skipped.findings.kept[0].severity == foi::Severity::info);
  // Hidden and named for a year, it is still not read: not "hidden; it was read", and no sheet a year with
  // the one sound year sheet.
  auto years = std::make_shared<foi::Workbook>(*book);
  years->sheets[0].name = "2013-14";
  years->sheets[1].name = "2014-15";
  years->sheets[1].hidden = true;
  CHECK(read(years, 0).findings.kept.empty());
  const foi::FileResult hidden = read(years, 1);
  REQUIRE(hidden.findings.kept.size() == 1);
  CHECK(hidden.findings.kept[0].id == "unreadable");
}

TEST_CASE("contracts: a return whose bytes cannot be read is unreadable but was opened", "[contracts]") {
  const auto fr = read_text("08K_page.csv", "<!DOCTYPE html><html><body><table><tr><td>A</td></tr></table></body></html>\n");
  CHECK(fr.unreadable);
  CHECK_FALSE(fr.not_opened);
}

TEST_CASE("contracts: per-year values that each pass but add up to £1 trillion or more give no value, and say so",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_years.csv",
                      "Provider,2013/14,2014/15,2015/16\n"
                      "Oxleas NHS FT,900000000000,900000000000,900000000000\n"
                      "Mind,100,200,300\n",
                      &out);
  REQUIRE(out.size() == 2);
  CHECK_FALSE(out[0].value);
  CHECK(out[0].value_status == foi::ValueStatus::unparseable);
  CHECK(out[1].value == 600);
  CHECK(said(fr, "value-unparseable") ==
        std::vector<std::string>{"2:2: the per-year values add up to £2,700,000,000,000.00, £1 trillion or more, which no "
                                 "contract is worth (reference numbers read as amounts?); it is left out of the values"});
}

TEST_CASE("contracts: a read context naming no reference data reads against the built-in tables", "[contracts]") {
  const foi::ReadContext ctx;  // as a library user first writes it
  const auto dir = test::scratch("contracts-no-reference");
  test::write_file(dir / "08K_a.csv", "Provider,Contract value\nMind,1000\n");
  const foi::InputFile input{(dir / "08K_a.csv").string(), "08K_a.csv", nullptr};
  std::vector<foi::Contract> out;
  const auto fr = foi::read_return(input, ctx, [&](foi::Contract& c) { out.push_back(c); });
  CHECK(fr.ccg_code == "08K");
  CHECK(fr.ccg_name == "NHS Lambeth CCG");
  REQUIRE(out.size() == 1);
  CHECK(out[0].value == 1000);
}

TEST_CASE("contracts: a UTF-16 return holding half a surrogate pair is told, the character being lost", "[contracts]") {
  const std::string text = test::utf16("Provider,Contract value\n", true, true) + std::string("\x00\xDC", 2) +
                           test::utf16("Bexley Mind,100\n", true, false);
  const auto fr = read_text("07N_bexley.csv", text);
  CHECK(fr.contracts == 1);
  CHECK(said(fr, "encoding-fallback") ==
        std::vector<std::string>{"0:0: 1 character(s) are half of a UTF-16 surrogate pair without the other, not "
                                 "text, and were read as U+FFFD (\xEF\xBF\xBD); a character of the return is lost "
                                 "there, so save the file again as UTF-8"});
}

TEST_CASE("contracts: a year's amount in a column of whole values is taken as written and told at its cell",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("01J_knowsley.csv",
                      "Provider,Contract value,Start date,End date\n"
                      "Knowsley Mind,\"£45,000 per annum\",01/04/2013,31/03/2016\n"
                      "Priory,\"£120,000\",01/04/2013,31/03/2016\n",
                      &out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].value == 45000);
  CHECK(said(fr, "value-annual") ==
        std::vector<std::string>{"2:2: value '£45,000 per annum' is a year's amount; it is taken as the contract's "
                                 "value, as the return states it, which for a contract of several years is less than "
                                 "its whole value"});
  // A column said to be annual is told once, at its header, not again at each cell.
  auto annual = read_text("01J_annual.csv", "Provider,Annual value\nKnowsley Mind,\"£45,000 pa\"\nPriory,\"£40,000\"\n");
  CHECK(annual.findings.total("value-annual") == 1);
}

TEST_CASE("contracts: a header naming the value twice reads the first column and tells of the second at its header",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_twice.csv", "Provider,Contract value,Contract value\nOxleas NHS FT,5,7\nPriory,,9\n", &out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].value == 5);
  CHECK_FALSE(out[1].value);
  CHECK(said(fr, "duplicate-column") ==
        std::vector<std::string>{"1:3: column 'Contract value' names the value again, after column 2 ('Contract "
                                 "value'): column 2 is read and this one is not; if it is this one that should be "
                                 "read, rename the other's header"});
}

TEST_CASE("contracts: with a CCG code and a CCG name column, a row whose code is empty takes its CCG from the name",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("national.csv",
                      "CCG Code,CCG Name,Provider,Contract value\n"
                      "02V,NHS Leeds North CCG,Leeds Mind,10\n"
                      ",NHS Leeds West CCG,Touchstone,20\n"
                      ",,Priory,30\n",
                      &out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].ccg_code == "02V");
  CHECK(out[1].ccg_code == "03C");
  REQUIRE(fr.findings.total("ccg-unknown") == 1);
  CHECK(said(fr, "ccg-unknown").front().starts_with("4:1: the CCG cell (column 'CCG Code') is empty"));
}

TEST_CASE("contracts: an amount split at its thousands commas, its cell not in quotes, is read as one and the cells "
          "after it stay under their headers",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_unquoted.csv",
                      "Provider,Contract value,Quality monitoring\n"
                      "Turning Point,£200,000,Yes\n"
                      "Certitude,£1,100,000.50,No\n"
                      "Mind in Croydon,50000,Yes\n"
                      "Thames Reach,£4,No,see note\n",
                      &out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].value == 200000);
  CHECK(out[0].quality == foi::Quality::yes);
  CHECK(out[1].value == 1100000.50);
  CHECK(out[1].quality == foi::Quality::no);
  CHECK(out[2].value == 50000);
  // Extra cells that are no amount's pieces stay extra.
  CHECK(out[3].value == 4);
  CHECK(out[3].quality == foi::Quality::no);
  // Numbers under columns a number may fill, or under a header in thousands, are cells of their own.
  std::vector<foi::Contract> kept;
  read_text("00C_darlington.csv",
            "Provider,Value,Beds\nMind,500,120,x\n"
            "Provider,2013/14 (£000s),2014/15 (£000s),2015/16 (£000s)\nRethink,250,300,350,see note 1\n",
            &kept);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].value == 500);
  CHECK(kept[1].value == 900000);
  const auto told = said(fr, "ragged-row");
  REQUIRE(told.size() == 3);
  CHECK(told[0] == "2:2: the amount '£200,000' was split at its comma into 2 cells, its cell not in quotes: it is read "
                   "as one, and the cells after it as under their headers; put amounts with commas in quotes");
  CHECK(told[1].starts_with("3:2: the amount '£1,100,000.50' was split at its commas into 3 cells"));
  CHECK(told[2].starts_with("5:4: the row has 4 cells"));
}

TEST_CASE("contracts: a pound sign alone in the value column takes its amount from the unheaded cell beside it",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_poundcol.csv",
                      "Provider,Contract value,,Quality monitoring\n"
                      "Turning Point,£,\"200,000\",Yes\n"
                      "Certitude,£,\"100,000\",No\n"
                      "Mind,£,n/a,No\n",
                      &out);
  REQUIRE(out.size() == 3);
  CHECK(out[0].value == 200000);
  CHECK(out[1].value == 100000);
  CHECK_FALSE(out[2].value);
  CHECK(out[2].value_status == foi::ValueStatus::not_held);  // beside no amount, the sign alone is no value
  CHECK(said(fr, "value-unit") ==
        std::vector<std::string>{"2:2: the value column holds the pound sign alone, its amount in column 3 beside "
                                 "it, under no header: the amount is read from there"});
}

TEST_CASE("contracts: a per-year cell holding a year's amount with its term or a whole value in a bracket gives the "
          "year's amount",
          "[contracts]") {
  std::vector<foi::Contract> out;
  read_text("00C_darlington.csv",
            "Provider,2013/14,2014/15,2015/16\n"
            "Mind,\"£30,000 pa for 3 years\",,\n"
            "Rethink,\"£40,000 p.a. (£120,000 total)\",\"£40,000\",\"£40,000\"\n",
            &out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].value == 30000);
  CHECK(out[1].value == 120000);
  CHECK(out[1].years[0].value.pounds == 40000);
}

TEST_CASE("contracts: a CCG code and a CCG name that name two CCGs are told at the name; the code's CCG is used",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("national.csv",
                      "CCG Code,CCG Name,Provider,Contract value\n"
                      "02V,NHS Leeds North CCG,Leeds Mind,10\n"
                      "02V,NHS Leeds West CCG,Touchstone,20\n"
                      "00W,NHS Manchester CCG,Priory,30\n"
                      "02V,Leeds North,Touchstone,40\n"
                      "02V,Not a CCG,Touchstone,50\n",
                      &out);
  REQUIRE(out.size() == 5);
  CHECK(out[1].ccg_code == "02V");
  // A later CCG's name (formed from the code's) or no CCG's says nothing against the code.
  CHECK(said(fr, "ccg-mismatch") ==
        std::vector<std::string>{"3:2: 'NHS Leeds West CCG' (column 'CCG Name') is 03C NHS Leeds West CCG, but '02V' "
                                 "(column 'CCG Code') is 02V NHS Leeds North CCG; the row is counted for 02V"});
}

TEST_CASE("contracts: a row saying the CCG holds no contracts, in a file the manifest records as a nil return, is told "
          "as such, not as advice to record it",
          "[contracts]") {
  static const foi::ReferenceData ref = foi::builtin_reference();
  const auto dir = test::scratch("contracts-nil-recorded");
  test::write_file(dir / "lewisham_nil.csv", "Provider,Contract value,Start date,End date\n"
                                             "Nil return - the CCG holds no mental health contracts\n");
  test::write_file(dir / "manifest.csv", "ccg_code,ccg_name,status,file,received,notes\n08L,,nil_return,lewisham_nil.csv,,\n");
  const foi::Manifest manifest = foi::load_manifest((dir / "manifest.csv").string(), ref);
  foi::ReadContext ctx;
  ctx.reference = &ref;
  ctx.manifest = &manifest;
  const foi::InputFile input{(dir / "lewisham_nil.csv").string(), "lewisham_nil.csv", nullptr};
  const auto fr = foi::read_return(input, ctx, [](foi::Contract&) {});
  CHECK(fr.contracts == 0);
  REQUIRE(fr.findings.total("row-rejected") == 1);
  const auto& d = fr.findings.kept.front();
  CHECK(d.severity == foi::Severity::info);
  CHECK(d.message == "the row says the CCG holds no contracts: a nil return, as the manifest records; not a contract");
  // Without the manifest, the advice stands.
  foi::ReadContext plain;
  plain.reference = &ref;
  const auto told = foi::read_return(input, plain, [](foi::Contract&) {});
  REQUIRE(told.findings.total("row-rejected") == 1);
  CHECK(told.findings.kept.front().message.find("record it as nil_return in the manifest") != std::string::npos);
}

TEST_CASE("contracts: an end date in a length column is the end of a row that has none", "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_until.csv",
                      "Provider,Contract value,Start date,End date,Contract length\n"
                      "Oxleas NHS FT,10,01/04/2014,,Until 31/03/2017\n"
                      "Mind,20,01/04/2014,31/03/2016,Until 31/03/2017\n",
                      &out);
  REQUIRE(out.size() == 2);
  CHECK(foi::iso(out[0].end.day) == "2017-03-31");
  CHECK(out[0].length.months == 36.0);
  CHECK(foi::iso(out[1].end.day) == "2016-03-31");
  CHECK(said(fr, "length-as-dates") ==
        std::vector<std::string>{
            "2:5: 'Until 31/03/2017' (in 'Contract length') is an end date: the contract ends on 2017-03-31",
            "3:5: 'Until 31/03/2017' (in 'Contract length') is an end date; the row's own end date is used"});
  CHECK(fr.findings.total("length-unparseable") == 0);
}

TEST_CASE("contracts: an amount whose point may part thousands or mark pence is not read, and the finding gives both",
          "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_points.csv",
                      "Provider;Contract value\nA;\xC2\xA3" "1.000.000\nB;\xC2\xA3" "200.000\nC;123.457\n", &out);
  REQUIRE(out.size() == 3);
  CHECK(out[0].value == 1000000);
  CHECK_FALSE(out[1].value);
  CHECK(out[2].value == Approx(123.457));
  CHECK(said(fr, "value-unit") ==
        std::vector<std::string>{"2:2: value '\xC2\xA3" "1.000.000' parts its thousands with points, as a spreadsheet "
                                 "set to a continental locale writes them: it is read as \xC2\xA3" "1,000,000.00"});
  CHECK(said(fr, "value-unparseable") ==
        std::vector<std::string>{"3:2: value '\xC2\xA3" "200.000' (in 'Contract value') is \xC2\xA3" "200,000.00 if "
                                 "its point parts thousands, as a spreadsheet set to a continental locale writes "
                                 "them, or \xC2\xA3" "200.00 if it is a decimal point; write it without the point, "
                                 "or with two decimals, as it is meant"});
}

TEST_CASE("contracts: a range whose unit after the upper bound cannot be the lower's is not read, and says why",
          "[contracts]") {
  auto fr = read_text("08K_range.csv", "Provider,Contract value\nA,\xC2\xA3" "500-1m\nB,\xC2\xA3" "50-60k\n");
  CHECK(said(fr, "value-unparseable") ==
        std::vector<std::string>{"2:2: value '\xC2\xA3" "500-1m' (in 'Contract value') is a range whose unit is "
                                 "written only after the upper bound, and read for both it puts the lower bound "
                                 "above the upper: write each bound with its unit ('\xC2\xA3" "500k-\xC2\xA3" "1m')"});
  CHECK(said(fr, "value-range") == std::vector<std::string>{"3:2: value '\xC2\xA3" "50-60k' is a range; its "
                                                            "midpoint \xC2\xA3" "55,000.00 is used"});
}

TEST_CASE("contracts: a year's amount with its term is the whole value, told at its cell", "[contracts]") {
  std::vector<foi::Contract> out;
  auto fr = read_text("08K_term.csv",
                      "Provider,Contract value\nA,\"\xC2\xA3" "30,000 per year for 3 years\"\n"
                      "B,\"\xC2\xA3" "40,000 p.a. (\xC2\xA3" "120,000 total)\"\n",
                      &out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].value == 90000);
  CHECK(out[1].value == 120000);
  CHECK(said(fr, "value-annual") ==
        std::vector<std::string>{"2:2: value '\xC2\xA3" "30,000 per year for 3 years' is a year's amount and the term "
                                 "it is for: \xC2\xA3" "30,000.00 a year for 36 months, \xC2\xA3" "90,000.00, is "
                                 "taken as the contract's value"});
}
