// The providers stage: contracts -> resolved contracts. Decides each provider's
// canonical name and type in the methods.md (Provider types) order and records why.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "foi/error.h"
#include "foi/provider_type.h"
#include "foi/reference.h"

namespace foi {

// methods.md (Provider types) name keying: ASCII fold, lower case, & -> and, no punctuation,
// "ft" at the end -> "foundation trust", "st" at the start -> "saint",
// "mh" -> "mental health" (and "sc" after "health and" -> "social care"),
// "1".."12" -> "one".."twelve", no "the" or legal suffixes, single spaces.
std::string name_key(std::string_view name);
// The key without the words that only say what kind of body it is
// ("nhs", "foundation trust", "trust"), for matching "South London and
// Maudsley" to "South London and Maudsley NHS Foundation Trust".
std::string core_key(std::string_view key);
// The place a council is named after, from its key: "lambeth" for "Lambeth
// Council", "London Borough of Lambeth", "LB Lambeth" and "Lambeth Borough
// Council" alike, which are one provider. Empty when nothing is left once
// the council's words are gone.
std::string council_place(std::string_view key);

// A provider cell that names no one provider: "Various", "Multiple
// providers", "Spot purchase", "Individual placements", a name redacted
// from spending data ("REDACTED - personal data", "Individual"), also with a remark
// in brackets after it ("Various (see note 2)"), or a formula's error
// ("#N/A" from a lookup that failed). Its words type nothing. Its contracts are
// counted, under one provider of that name, which HHI and the provider
// counts then take for a single provider.
bool names_no_provider(std::string_view name);
// A provider cell that names two providers or more, as a joint or lead
// provider's contract is written ("Oxleas NHS FT / Bromley Healthcare",
// "Certitude in partnership with SLaM", "Oxleas NHS FT and Bromley
// Healthcare CIC"): the names, or none. Split at " / ", ";", " + " and the
// words of a partnership; at "and" or "&" only when each side reads as an
// organisation's name of its own (an NHS body, a company, a charity...),
// since many one provider's names hold "and" ("South London and Maudsley").
std::vector<std::string_view> providers_named_together(std::string_view name);
// The provider a placeholder's bracket names ("Spot purchase (Cygnet Health
// Care)": "Cygnet Health Care"), or none.
std::optional<std::string_view> named_in_remark(std::string_view name);

// The return's own provider-type cell, normalised (methods.md (Provider types) rule 3);
// nullopt when the text does not name a type.
std::optional<ProviderType> parse_type_cell(std::string_view text);

// methods.md (Provider types) rule 4: the rule's name and the type, or an empty name.
struct NameRule {
  std::string rule;
  ProviderType type = ProviderType::unknown;
};
NameRule apply_name_rules(std::string_view name);
// Weaker clues, tried only after fuzzy matching failed: "... Trust" without
// NHS is a charitable trust, "... Housing" a housing association, and so on.
NameRule apply_weak_name_rules(std::string_view name);

// Similarity of two keys in [0, 1] on their core keys: the largest of
// trigram Dice, edit similarity (with four characters of slack) and, for a
// name whose words are all in the other, 0.87 and up.
double name_similarity(std::string_view a_key, std::string_view b_key);
// Whether two keys' distinctive words (those that say which body, not what
// kind: places, proper names) allow them to be one provider, a slip in a
// word allowed: not when each has such a word the other lacks ("Bede" and
// "Hyde Housing Association"), nor when one adds such words to the other
// and keeps fewer than two of them, or fewer than it adds ("Chester
// Women's Aid", "Lincolnshire Mind" for Cambridgeshire, Peterborough and
// South Lincolnshire Mind). A fuzzy match must pass it.
bool distinctive_words_agree(std::string_view a_key, std::string_view b_key);

struct Override {
  std::string name;
  std::string canonical_name;
  // None: the row joins the spelling to the provider of canonical_name,
  // typed as the rules type that provider (merging spellings is a decision
  // about the name alone).
  std::optional<ProviderType> type;
  long line = 0;
};
// CSV name,canonical_name,type; throws foi::Error naming the bad cell. A row
// with neither a canonical name nor a type (a template's row not filled
// in) decides nothing: such rows are told, counted in one finding, in
// `findings` when given.
std::vector<Override> load_overrides(const std::string& path, Diagnostics* findings = nullptr);

struct ResolverOptions {
  // Chosen on tests/data/providers_labelled.csv; see docs/providers.md.
  double fuzzy_threshold = 0.89;
};

// What every contract's analysis reads comes first, in one cache line:
// the decision starts one, so that it is one line to fetch, not two.
struct alignas(64) ProviderDecision {
  std::size_t cluster = 0;     // index into ProviderResolver::clusters()
  std::uint32_t name_id = 0;   // which distinct (name, type cell, code) it was decided for
  ProviderType type = ProviderType::unknown;
  double confidence = 0;
  // The cluster as any resolver knows it: `cluster` is its place in this
  // resolver's list, which another resolver (a second run of files, read on
  // another thread) fills in another order. A hash of what made the
  // cluster (a reference entry, a name's key, an override).
  std::uint64_t cluster_id = 0;
  std::string conflict;  // the type cell contradicted the reference data
  std::string basis;     // override, registry, column, name-rule:<rule>, fuzzy, unknown
  std::string ods;
};

// One provider as the whole input names it.
struct ProviderCluster {
  std::string key;
  const ProviderRef* ref = nullptr;  // matched reference entry
  std::string fixed_name;            // override or reference name
  std::map<std::string, long> spellings;
  long contracts = 0;
  std::uint64_t id = 0;  // its decisions' cluster_id: the same in every resolver
};

class ProviderResolver {
 public:
  // Keeps a reference to ref: it must outlive the resolver (a temporary
  // is refused at compile time).
  explicit ProviderResolver(const ReferenceData& ref, std::vector<Override> overrides = {},
                            ResolverOptions options = {});
  explicit ProviderResolver(ReferenceData&& ref, std::vector<Override> overrides = {},
                            ResolverOptions options = {}) = delete;
  // A resolver with the reference data, overrides and options of another
  // and none of its decisions (for the second half of a file, read on
  // another thread): the reference's names are keyed once for both.
  struct NoDecisions {};
  ProviderResolver(const ProviderResolver& same_reference, NoDecisions);
  ~ProviderResolver();
  ProviderResolver(ProviderResolver&&) noexcept;

  // Cached by (name, type cell, code): cost grows with distinct names, not rows.
  const ProviderDecision& resolve(std::string_view name, std::string_view type_cell = {},
                                  std::string_view code = {});
  // Counts one contract under the spelling d was resolved for: the
  // cluster's canonical name is its most frequent spelling.
  void count(const ProviderDecision& d);
  // resolve() and count() for a batch of contracts at once, out[i] being
  // spellings[i]'s decision. A national file's spellings are spread over
  // megabytes of table: the batch's lookups ask for their memory together
  // and wait for it about once, not once a contract.
  struct Spelling {
    std::string_view name, type_cell, code;
  };
  void resolve_and_count(std::span<const Spelling> spellings, std::span<const ProviderDecision*> out);
  // Uncounts one contract under each spelling, counted before by
  // resolve_and_count(), out[i] being its decision: a contract taken back
  // (a second half's row found at the join to be a duplicate).
  void take_back(std::span<const Spelling> spellings, std::span<const ProviderDecision*> out);
  // Takes in the contracts another resolver counted (the second half of a
  // file, read on another thread). Returns, by the other's name_id, this
  // resolver's decision for the same name, type cell and code: decisions
  // depend on those alone, so it is the same decision, in this resolver's
  // clusters.
  [[nodiscard]] std::vector<const ProviderDecision*> absorb(const ProviderResolver& other);
  // The overrides that no decision of this resolver took (a name no input
  // spells, or spells otherwise): in file order.
  std::vector<Override> unused_overrides() const;
  // Every override, in the file's order.
  const std::vector<Override>& overrides() const;
  // The reference or override name, else the most frequent spelling.
  std::string canonical_name(std::size_t cluster) const;
  const std::vector<ProviderCluster>& clusters() const;
  std::size_t distinct_names() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Contracts counted by the decision each got (by its name_id): a
// decision is one spelling's, so this is where each provider's usual type
// and basis come from, counted where the decision is rather than looked
// for in a list a contract.
struct DecisionCounts {
  std::vector<std::pair<const ProviderDecision*, long>> by_name;

  void add(const ProviderDecision& d, long n = 1) {
    if (d.name_id >= by_name.size()) by_name.resize(d.name_id + 1);
    by_name[d.name_id].first = &d;
    by_name[d.name_id].second += n;
  }
  // Adds the counts of another resolver's decisions (a second half's or
  // run's), mine[name_id] being this resolver's decision for each of the
  // other's. Returns this resolver's cluster for each of the other's
  // first `clusters` clusters, SIZE_MAX for one no counted contract is in.
  [[nodiscard]] std::vector<std::size_t> take_in(const DecisionCounts& other, const std::vector<const ProviderDecision*>& mine,
                                   std::size_t clusters);
};

// What most of one provider's contracts were decided as.
struct ProviderVerdict {
  long contracts = 0;
  ProviderType type = ProviderType::unknown;  // the most common; on a tie the first in the types' order
  std::string basis;                          // the most common; on a tie the first alphabetically
  double lowest_confidence = 1;
  // When its contracts are of more than one type (its spellings' type cells
  // differ: "Charity" in one return, "Social enterprise" in another), each
  // type with its contracts, most first: the figures by type count each
  // contract as its own row says.
  std::vector<std::pair<ProviderType, long>> types;
};
// Each of `clusters` providers' (by cluster, as the resolver numbers them);
// contracts 0 for one no counted contract is in.
std::vector<ProviderVerdict> provider_verdicts(const DecisionCounts& counts, std::size_t clusters);

}  // namespace foi
