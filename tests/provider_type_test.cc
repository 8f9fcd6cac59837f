// The provider types and groupings of methods.md (Provider types).
#include "foi/provider_type.h"

#include <set>
#include <string>

#include <catch2/catch.hpp>

using foi::ProviderType;

TEST_CASE("provider types: each has its own name, which reads back as it, and a label for people",
          "[provider_type]") {
  std::set<std::string> names, labels;
  for (ProviderType t : foi::kAllProviderTypes) {
    names.insert(foi::to_string(t));
    labels.insert(foi::label(t));
    CHECK(foi::parse_provider_type(foi::to_string(t)) == t);
  }
  CHECK(names.size() == foi::kProviderTypeCount);
  CHECK(labels.size() == foi::kProviderTypeCount);
  CHECK(std::string(foi::to_string(ProviderType::private_company)) == "private");  // the name every output uses
  CHECK(std::string(foi::label(ProviderType::nhs_foundation_trust)) == "NHS foundation trust");
  CHECK_FALSE(foi::parse_provider_type("Private"));  // canonical names only: cells are read by the type rules
  CHECK_FALSE(foi::parse_provider_type(""));
}

TEST_CASE("provider types: the default groupings hold the types methods.md lists for them", "[provider_type]") {
  const auto& g = foi::default_groupings();
  auto grouping = [&](const std::string& name) -> const foi::Grouping& {
    for (const auto& x : g)
      if (x.name == name) return x;
    FAIL("no grouping " << name);
    return g.front();
  };
  using T = ProviderType;
  CHECK(grouping("nhs").types == std::vector<T>{T::nhs_foundation_trust, T::nhs_trust, T::other_nhs});
  // The BJGP study's "third sector" counts private providers in.
  CHECK(grouping("third_sector_bjgp").types == std::vector<T>{T::private_company, T::not_for_profit, T::voluntary});
  CHECK(grouping("independent").types == std::vector<T>{T::private_company, T::not_for_profit, T::voluntary});
  CHECK(grouping("vcse").types == std::vector<T>{T::not_for_profit, T::voluntary});
  CHECK(grouping("public_other").types == std::vector<T>{T::local_authority, T::primary_care});
  CHECK(grouping("vcse").contains(T::voluntary));
  CHECK_FALSE(grouping("vcse").contains(T::private_company));
  CHECK(g.size() == 5);
}
