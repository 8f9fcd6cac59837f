#include "foi/contracts.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_util.h"

namespace {

foi::FileResult read_text(const std::string& name, const std::string& text, std::vector<foi::Contract>* out = nullptr,
                          std::size_t read_ahead_bytes = 8u << 20) {
  static const foi::ReferenceData ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  ctx.read_ahead_bytes = read_ahead_bytes;
  auto dir = test::scratch("contracts");
  test::write_file(dir / name, text);
  foi::InputFile input{(dir / name).string(), name, nullptr};
  return foi::read_return(input, ctx, [&](foi::Contract& c) {
    if (out) out->push_back(c);
  });
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

TEST_CASE("contracts: an input that fails while read ahead is unreadable after the rows before it", "[contracts]") {
  std::string text = "Provider,Contract value\n";
  for (int i = 0; i < 200; ++i) text += "Provider " + std::to_string(i) + "," + std::to_string(i + 1) + "\n";
  text += std::string((16u << 20) + 10, 'x') + "\n";
  std::vector<foi::Contract> got;
  auto fr = read_text("08K_long_line.csv", text, &got, 0);
  CHECK(got.size() == 200);
  CHECK(fr.unreadable);
  REQUIRE(fr.findings.total("unreadable") == 1);
  CHECK(fr.findings.kept.back().where.line == 202);
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
