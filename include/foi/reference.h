// Reference data shipped with the tool (data/reference/, sources in its
// README): the 211 CCGs of April 2013, NHS trusts and foundation trusts,
// known independent and voluntary providers, and well-known short names.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "foi/provider_type.h"

namespace foi {

struct CcgRef {
  std::string code;  // ODS code, e.g. "08K"
  std::string name;  // "NHS Lambeth CCG"
  std::vector<std::string> other_names;  // ONS names and spellings seen in ODS extracts
  std::string ons_code;                  // "E38000092", as national statistics name the CCG
};

struct ProviderRef {
  std::string name;
  ProviderType type = ProviderType::unknown;
  std::string ods_code;  // trusts only
  std::vector<std::string> aliases;
  // Its hospitals and units (nhs_sites.csv), also among the aliases: a
  // return naming one means the trust, but an override naming one is about
  // that site's rows alone.
  std::vector<std::string> sites;
};

// A CCG formed after April 2013 by merging some of the 211
// (ccg_changes_2013_2018.csv): its rows cannot be given one of them.
struct LaterCcg {
  std::string code, name;         // "13T", "NHS Newcastle Gateshead CCG"
  std::vector<std::size_t> from;  // the merged CCGs' places in ReferenceData::ccgs
};

struct ReferenceData {
  std::vector<CcgRef> ccgs;
  std::vector<LaterCcg> later_ccgs;
  std::vector<ProviderRef> providers;  // trusts first, then independent providers
  std::string source;                  // "built-in" or the folder read

  // Lookups; nullptr when not found.
  const CcgRef* ccg_by_code(std::string_view code) const;  // an ODS code ("08K") or an ONS code ("E38000092")
  const ProviderRef* provider_by_ods(std::string_view code) const;

  std::unordered_map<std::string, std::size_t> ccg_code_index;
  std::unordered_map<std::string, std::size_t> ccg_key_index;  // ccg_key() of every name
  std::unordered_map<std::string, std::size_t> later_ccg_key_index;  // ccg_key() of each later CCG's name
  std::unordered_map<std::string, std::size_t> provider_ods_index;
};

// dir empty: the tables compiled into the tool. Throws foi::Error on a
// malformed table, naming file, line and column.
ReferenceData load_reference(const std::string& dir = {});

// The reference tables as one loaded copy shared by the whole run.
const ReferenceData& builtin_reference();

}  // namespace foi
