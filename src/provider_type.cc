#include "foi/provider_type.h"

#include <algorithm>

namespace foi {

const char* to_string(ProviderType t) {
  switch (t) {
    case ProviderType::nhs_foundation_trust: return "nhs_foundation_trust";
    case ProviderType::nhs_trust: return "nhs_trust";
    case ProviderType::other_nhs: return "other_nhs";
    case ProviderType::local_authority: return "local_authority";
    case ProviderType::primary_care: return "primary_care";
    case ProviderType::private_company: return "private";
    case ProviderType::not_for_profit: return "not_for_profit";
    case ProviderType::voluntary: return "voluntary";
    case ProviderType::other: return "other";
    case ProviderType::unknown: return "unknown";
  }
  return "unknown";
}

const char* label(ProviderType t) {
  switch (t) {
    case ProviderType::nhs_foundation_trust: return "NHS foundation trust";
    case ProviderType::nhs_trust: return "NHS trust";
    case ProviderType::other_nhs: return "Other NHS";
    case ProviderType::local_authority: return "Local authority";
    case ProviderType::primary_care: return "Primary care";
    case ProviderType::private_company: return "Private (for-profit)";
    case ProviderType::not_for_profit: return "Not-for-profit";
    case ProviderType::voluntary: return "Voluntary";
    case ProviderType::other: return "Other";
    case ProviderType::unknown: return "Unknown";
  }
  return "Unknown";
}

std::optional<ProviderType> parse_provider_type(std::string_view name) {
  for (auto t : kAllProviderTypes)
    if (name == to_string(t)) return t;
  return std::nullopt;
}

bool Grouping::contains(ProviderType t) const { return std::find(types.begin(), types.end(), t) != types.end(); }

const std::vector<Grouping>& default_groupings() {
  using T = ProviderType;
  static const std::vector<Grouping> g = {
      {"nhs", "NHS", {T::nhs_foundation_trust, T::nhs_trust, T::other_nhs}},
      {"third_sector_bjgp", "Third sector (BJGP 2019: incl. private)", {T::private_company, T::not_for_profit, T::voluntary}},
      {"independent", "Independent sector", {T::private_company, T::not_for_profit, T::voluntary}},
      {"vcse", "Voluntary and community sector", {T::not_for_profit, T::voluntary}},
      {"public_other", "Other public", {T::local_authority, T::primary_care}},
  };
  return g;
}

}  // namespace foi
