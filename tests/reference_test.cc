#include "foi/reference.h"

#include <cctype>

#include <catch2/catch.hpp>

#include "test_util.h"

TEST_CASE("reference: the built-in tables hold the 211 CCGs, the trusts and the independent providers", "[reference]") {
  const auto& r = foi::builtin_reference();
  CHECK(r.ccgs.size() == 211);
  REQUIRE(r.ccg_by_code("08K"));
  CHECK(r.ccg_by_code("08K")->name == "NHS Lambeth CCG");
  REQUIRE(r.provider_by_ods("RV5"));
  CHECK(r.provider_by_ods("RV5")->name == "South London and Maudsley NHS Foundation Trust");
  CHECK(r.provider_by_ods("RV5")->type == foi::ProviderType::nhs_foundation_trust);
  long trusts = 0, independent = 0;
  for (const auto& p : r.providers) {
    bool nhs = p.type == foi::ProviderType::nhs_foundation_trust || p.type == foi::ProviderType::nhs_trust;
    (nhs ? trusts : independent)++;
  }
  CHECK(trusts == 246);
  CHECK(independent >= 130);
  // Sites and short names are aliases of their trust.
  const auto& slam = *r.provider_by_ods("RV5");
  CHECK(std::find(slam.aliases.begin(), slam.aliases.end(), "SLaM") != slam.aliases.end());
}

TEST_CASE("reference: a folder of tables can replace the built-in ones; errors name the cell", "[reference]") {
  auto dir = test::scratch("reference");
  for (auto f : {"ccgs_2013.csv", "ccgs_2013_ons_xref.csv", "nhs_trusts.csv", "independent_providers.csv",
                 "extra_providers.csv", "provider_aliases.csv", "nhs_sites.csv"})
    test::write_file(dir / f, test::slurp(test::source(std::string("data/reference/") + f)));
  // A folder without the CCG changes (made before they were read) still loads, without later CCGs.
  CHECK(foi::load_reference(dir.string()).ccgs.size() == 211);
  CHECK(foi::load_reference(dir.string()).later_ccgs.empty());
  test::write_file(dir / "ccg_changes_2013_2018.csv", test::slurp(test::source("data/reference/ccg_changes_2013_2018.csv")));
  CHECK(foi::load_reference(dir.string()).later_ccgs.size() == foi::builtin_reference().later_ccgs.size());
  test::write_file(dir / "nhs_trusts.csv", "ods_code,name,kind\nRV5,Somewhere NHS Trust,nhs_thing\n");
  CHECK_THROWS_WITH(foi::load_reference(dir.string()), Catch::Contains("nhs_trusts.csv:2:3") && Catch::Contains("nhs_thing"));
}

TEST_CASE("reference: a CCG or trust code listed twice, or empty, in a folder's tables is refused at its line",
          "[reference]") {
  auto dir = test::scratch("reference-twice");
  for (auto f : {"ccgs_2013.csv", "ccgs_2013_ons_xref.csv", "nhs_trusts.csv", "independent_providers.csv",
                 "extra_providers.csv", "provider_aliases.csv", "nhs_sites.csv"})
    test::write_file(dir / f, test::slurp(test::source(std::string("data/reference/") + f)));
  const std::string ccgs = test::slurp(test::source("data/reference/ccgs_2013.csv"));
  // The file's first CCG again, in lower case, as its last row: the 213th line.
  const std::size_t first_row = ccgs.find('\n') + 1;
  const std::string first_code = ccgs.substr(first_row, ccgs.find(',', first_row) - first_row);
  std::string again = first_code;
  for (char& c : again) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  test::write_file(dir / "ccgs_2013.csv", ccgs + again + ",NHS Copied CCG\n");
  CHECK_THROWS_WITH(foi::load_reference(dir.string()),
                    Catch::Contains("ccgs_2013.csv:213:") &&
                        Catch::Contains("ODS code " + first_code + " is listed on line 2 already; keep one row for it"));
  test::write_file(dir / "ccgs_2013.csv", ccgs);
  test::write_file(dir / "nhs_trusts.csv", "ods_code,name,kind\nRV5,A NHS Trust,nhs_trust\n,B NHS Trust,nhs_trust\n");
  CHECK_THROWS_WITH(foi::load_reference(dir.string()),
                    Catch::Contains("nhs_trusts.csv:3:1") && Catch::Contains("the ODS code is empty"));
}
