#include "foi/ccg.h"

#include <catch2/catch.hpp>
#include <map>

namespace {
std::string code(std::string_view text) {
  const foi::CcgRef* c = foi::match_ccg(text, foi::builtin_reference());
  return c ? c->code : "none";
}
std::string from_name(std::string_view path) {
  auto r = foi::ccg_from_file_name(path, foi::builtin_reference());
  return r.ccg ? r.ccg->code + "/" + r.basis : r.ambiguity.empty() ? "none" : "ambiguous";
}
}  // namespace

TEST_CASE("ccg: codes, ODS and ONS names and bare names all match", "[ccg]") {
  CHECK(code("08K") == "08K");
  CHECK(code("08k") == "08K");
  CHECK(code("NHS Lambeth CCG") == "08K");
  CHECK(code("NHS LAMBETH CLINICAL COMMISSIONING GROUP") == "08K");
  CHECK(code("Lambeth") == "08K");
  CHECK(code("08K - NHS Lambeth CCG") == "08K");
  CHECK(code("NHS Castle Point, Rayleigh and Rochford") == "99F");  // ONS pre-establishment name
  CHECK(code("NHS Fylde and Wyre CCG") == "02M");                    // ODS spells it with &
  CHECK(code("E38000092") == "08K");                                  // ONS code
  CHECK(code("e38000042") == "00C");
  CHECK(code("E38000042 - NHS Darlington") == "00C");
  CHECK(code("E38999999") == "none");
  CHECK(code("Atlantis CCG") == "none");
  CHECK(code("99Z") == "none");
}

TEST_CASE("ccg: a five-character commissioner code, as activity and finance data write it, is its CCG", "[ccg]") {
  CHECK(code("08K00") == "08K");
  CHECK(code("08k00") == "08K");
  CHECK(code("08K00 - NHS Lambeth CCG") == "08K");
  CHECK(code("08K01") == "none");  // a site or sub-code, not the CCG
  CHECK(code("99Z00") == "none");
  CHECK(from_name("08K00_contracts.csv") == "08K/file name code");
}

TEST_CASE("ccg: a file name gives its CCG by code first, then by the one CCG name in it", "[ccg]") {
  CHECK(from_name("returns/08K_lambeth.csv") == "08K/file name code");
  CHECK(from_name("FOI 2016 08K.csv") == "08K/file name code");
  CHECK(from_name("nhs_lambeth_ccg_foi_response.csv") == "08K/file name");
  CHECK(from_name("north_east_lincolnshire_contracts.csv") == "03H/file name");
  CHECK(from_name("E38000092_contracts.csv") == "08K/file name code");
  CHECK(from_name("contracts.csv") == "none");
  CHECK(from_name("Manchester Central CCG.csv") == "00W/file name");  // not the later NHS Manchester CCG
  // Two CCGs named apart: neither, whichever name is longer.
  CHECK(from_name("lambeth_southwark.csv") == "ambiguous");
  CHECK(foi::ccg_from_file_name("lambeth_southwark.csv", foi::builtin_reference()).ambiguity ==
        "08K NHS Lambeth CCG and 08Q NHS Southwark CCG");
  CHECK(foi::ccg_key("NHS Newark & Sherwood CCG") == "newark sherwood");  // "and" or "&", written or not
}

TEST_CASE("ccg: a renamed CCG's new name is its CCG; a CCG formed by a merger is known, with what it was formed from",
          "[ccg]") {
  const auto& ref = foi::builtin_reference();
  CHECK(code("NHS Morecambe Bay CCG") == "01K");  // NHS Lancashire North CCG, renamed
  CHECK(code("North Cumbria") == "01H");
  // Merged: no CCG of the 211, but known as the later one.
  CHECK(code("13T") == "none");
  for (const char* cell : {"13T", "NHS Newcastle Gateshead CCG", "Newcastle Gateshead", "13T - Newcastle Gateshead"}) {
    INFO(cell);
    const foi::LaterCcg* later = foi::match_later_ccg(cell, ref);
    REQUIRE(later);
    CHECK(later->code == "13T");
    CHECK(foi::later_ccg_text(*later, ref) ==
          "13T NHS Newcastle Gateshead CCG, formed after April 2013 from 00F NHS Gateshead CCG, 00G NHS Newcastle "
          "North and East CCG and 00H NHS Newcastle West CCG");
  }
  // Not one of the CCGs it was formed from, whose name is inside its own.
  for (const char* cell : {"NHS Newcastle Gateshead CCG", "Newcastle Gateshead", "NHS Newcastle Gateshead CCG (lead)"}) {
    INFO(cell);
    CHECK(code(cell) == "none");
  }
  REQUIRE(foi::match_later_ccg("NHS Newcastle Gateshead CCG (lead)", ref));
  CHECK(code("NHS Gateshead CCG") == "00F");
  CHECK(from_name("newcastle_gateshead_ccg.csv") == "none");
  CHECK(foi::ccg_from_file_name("newcastle_gateshead_ccg.csv", ref).later->code == "13T");
  CHECK(from_name("gateshead_ccg.csv") == "00F/file name");
  CHECK(foi::ccgs_named_in("Newcastle Gateshead", ref).empty());
  CHECK(foi::match_later_ccg("Atlantis CCG", ref) == nullptr);
  CHECK(foi::match_later_ccg("08K", ref) == nullptr);
}

TEST_CASE("ccg: a cell of two codes, or a code and another CCG's name, is neither; a council is no CCG", "[ccg]") {
  const auto& ref = foi::builtin_reference();
  for (const char* cell : {"08K, 08Q", "08K/08Q", "08K00;08Q00", "E38000092 / E38000171", "NHS Lambeth CCG; 08Q"}) {
    INFO(cell);
    CHECK(code(cell) == "none");
    CHECK(foi::ccgs_named_in(cell, ref).size() == 2);
  }
  CHECK(code("08K - NHS Lambeth CCG") == "08K");  // a code and its own name
  CHECK(code("NHS Lambeth CCG (08K)") == "08K");
  for (const char* cell : {"Southwark Council", "London Borough of Lambeth", "LB Lambeth", "Wigan Borough Council"}) {
    INFO(cell);
    CHECK(code(cell) == "none");
  }
  CHECK(code("NHS Wigan Borough CCG") == "02H");
  CHECK(code("Wigan Borough") == "02H");
  CHECK(code("NHS Wigan Borough CCG (lead)") == "02H");
}

TEST_CASE("ccg: a CCG's name with a remark beside it is that CCG; a text naming two is neither, and says which",
          "[ccg]") {
  const auto& ref = foi::builtin_reference();
  CHECK(code("NHS Lambeth CCG (lead)") == "08K");
  CHECK(code("Lambeth CCG - lead commissioner") == "08K");
  CHECK(code("NHS North East Lincolnshire CCG (lead)") == "03H");  // not a shorter name inside it
  CHECK(code("NHS Lambeth CCG and NHS Southwark CCG") == "none");
  const auto named = foi::ccgs_named_in("Lambeth & Southwark", ref);
  REQUIRE(named.size() == 2);
  CHECK(named[0]->code == "08K");
  CHECK(named[1]->code == "08Q");
  CHECK(foi::ccgs_named_in("South East London CCGs", ref).empty());
}

TEST_CASE("ccg: a CCG's name is found as a return writes it, with or without 'and', 'Borough', its bracket or 'Saint', its words in any order",
          "[ccg]") {
  const auto& ref = foi::builtin_reference();
  const std::pair<const char*, const char*> cases[] = {
      {"Airedale Wharfedale Craven", "02N"}, {"Wigan", "02H"},       {"Wigan Borough CCG", "02H"},
      {"Saint Helens", "01X"},               {"Central London", "09A"}, {"Westminster", "09A"},
      {"NHS Central London (Westminster) CCG", "09A"}, {"Manchester Central", "00W"}, {"NHS North Leeds CCG", "02V"},
      {"East Lincolnshire", "03T"}};
  for (const auto& [name, code] : cases) {
    INFO(name);
    const foi::CcgRef* c = foi::match_ccg(name, ref);
    REQUIRE(c);
    CHECK(c->code == code);
  }
  // A council of the place is no CCG.
  CHECK_FALSE(foi::match_ccg("Wigan Council", ref));
  // Every CCG keeps a key of its own.
  std::map<std::string, std::string> by_key;
  for (const auto& c : ref.ccgs) {
    INFO(c.name);
    CHECK(by_key.emplace(foi::ccg_key(c.name), c.code).second);
  }
}
