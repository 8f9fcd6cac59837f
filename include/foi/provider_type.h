// The canonical provider types and groupings of methods.md (Provider types).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace foi {

enum class ProviderType {
  nhs_foundation_trust,
  nhs_trust,
  other_nhs,
  local_authority,
  primary_care,
  private_company,  // "private" in every output
  not_for_profit,
  voluntary,
  other,
  unknown,
};
inline constexpr std::size_t kProviderTypeCount = 10;
inline constexpr std::array<ProviderType, kProviderTypeCount> kAllProviderTypes = {
    ProviderType::nhs_foundation_trust, ProviderType::nhs_trust,   ProviderType::other_nhs,
    ProviderType::local_authority,      ProviderType::primary_care, ProviderType::private_company,
    ProviderType::not_for_profit,       ProviderType::voluntary,   ProviderType::other,
    ProviderType::unknown};

const char* to_string(ProviderType t);
// Human label: "NHS foundation trust".
const char* label(ProviderType t);
std::optional<ProviderType> parse_provider_type(std::string_view canonical_name);

// A named set of types, e.g. third_sector_bjgp = private + not_for_profit + voluntary.
struct Grouping {
  std::string name;
  std::string label;
  std::vector<ProviderType> types;
  bool contains(ProviderType t) const;
};

// nhs, third_sector_bjgp, independent, vcse, public_other (methods.md (Provider types)).
const std::vector<Grouping>& default_groupings();

}  // namespace foi
