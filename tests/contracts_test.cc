#include "foi/contracts.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_util.h"

namespace {

foi::FileResult read_text(const std::string& name, const std::string& text, std::vector<foi::Contract>* out = nullptr) {
  static const foi::ReferenceData ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
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
