#include "foi/providers.h"

#include <algorithm>
#include <array>
#include <deque>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "foi/error.h"
#include "foi/reader.h"
#include "hash_slots.h"
#include "text.h"
#include "u64_map.h"

namespace foi {

namespace {

using std::string_view;

std::string join(const std::vector<string_view>& words) {
  std::string out;
  for (auto w : words) {
    if (w.empty()) continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

bool contains_any_phrase(const std::string& folded, std::initializer_list<string_view> phrases) {
  for (auto w : phrases)
    if (text::contains_phrase(folded, w)) return true;
  return false;
}

// The word of a number from 1 to 12 written in digits; empty for any other word.
string_view number_word(string_view w) {
  static constexpr std::array<std::pair<string_view, string_view>, 12> kNumbers = {{{"one", "1"},
                                                                                    {"two", "2"},
                                                                                    {"three", "3"},
                                                                                    {"four", "4"},
                                                                                    {"five", "5"},
                                                                                    {"six", "6"},
                                                                                    {"seven", "7"},
                                                                                    {"eight", "8"},
                                                                                    {"nine", "9"},
                                                                                    {"ten", "10"},
                                                                                    {"eleven", "11"},
                                                                                    {"twelve", "12"}}};
  for (auto [word, digits] : kNumbers)
    if (w == digits) return word;
  return {};
}

}  // namespace

std::string name_key(std::string_view name) {
  std::string folded = text::fold(name);
  // Drop "the" and legal suffixes first, so that "X FT Ltd" ends in "ft"
  // as "X FT" does (and keying a key changes nothing).
  std::vector<string_view> in;
  for (string_view w : text::split(folded, ' '))
    if (!(w.empty() || w == "the" || w == "ltd" || w == "limited" || w == "plc" || w == "llp" || w == "cic" ||
          w == "llc" || w == "cio"))
      in.push_back(w);
  std::vector<string_view> out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    string_view w = in[i];
    if (w == "ft" && i + 1 == in.size()) {
      out.push_back("foundation");
      out.push_back("trust");
    } else if (w == "nhsft" && i + 1 == in.size()) {
      out.push_back("nhs");
      out.push_back("foundation");
      out.push_back("trust");
    } else if (w == "st" && out.empty()) {
      out.push_back("saint");
    } else if (w == "mh") {
      out.push_back("mental");
      out.push_back("health");
    } else if (string_view word = number_word(w); !word.empty()) {
      // "5 Boroughs" is "Five Boroughs": one provider however its number is
      // written. Digits become the word rather than the other way round, so
      // that a slip in the word ("HC-Onne") still finds it by similarity.
      out.push_back(word);
    } else if (w == "sc" && out.size() >= 2 && out[out.size() - 1] == "and" && out[out.size() - 2] == "health") {
      // "MH & SC": after "health and", "sc" is social care, as in the
      // names of the mental health and social care trusts.
      out.push_back("social");
      out.push_back("care");
    } else {
      out.push_back(w);
    }
  }
  return join(out);
}

namespace {

// "foundaton" and "trsut" are still the words they misspell.
bool is_kind_word(string_view w) {
  if (w == "nhs" || w == "foundation" || w == "trust" || w == "ft") return true;
  // One slip, or two letters swapped: "foundaton", "trsut" (but not "trent" or "truro").
  auto misspells = [](string_view word, std::string_view kind) {
    const std::size_t edits = text::edit_distance(word, kind);
    if (edits <= 1) return true;
    if (edits > 2) return false;
    std::string a(word), b(kind);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
  };
  if (w.size() >= 8 && misspells(w, "foundation")) return true;
  if (w.size() >= 4 && w.size() <= 6 && misspells(w, "trust")) return true;
  return false;
}
}  // namespace

std::string core_key(std::string_view key) {
  std::vector<string_view> out;
  for (auto w : text::split(key, ' '))
    if (!is_kind_word(w)) out.push_back(w);
  return join(out);
}

std::string council_place(std::string_view key) {
  // What a council's name adds to its place, longest first so that "london
  // borough of" goes whole rather than leaving "london".
  // Each with a space on either side, as it is looked for between words.
  static constexpr std::array<string_view, 16> kWords = {
      " metropolitan borough council ", " metropolitan district council ", " london borough of ", " royal borough of ",
      " county borough council ", " borough council ", " district council ", " county council ", " city council ",
      " borough of ", " city of ", " county of ", " council ", " lbc ", " mbc ", " lb "};
  std::string out = " " + std::string(key) + " ";
  for (string_view w : kWords)
    for (std::size_t at; (at = out.find(w)) != std::string::npos;) out.replace(at, w.size(), " ");
  return join(text::split(out, ' '));
}

namespace {

// Every word must be one of these, and one of them must say "more than
// one" or "bought case by case": "Multiple Sclerosis Society" is a charity.
// A name redacted from spending data ("REDACTED - personal data",
// "Individual", "Name withheld") stands for many people, as "Various" does.
constexpr std::array<string_view, 14> kPlaceholderSays = {
    "various", "multiple", "several",  "numerous", "misc",       "miscellaneous", "spot",
    "placements", "others", "redacted", "withheld", "individual", "individuals", "confidential"};
constexpr std::array<string_view, 33> kPlaceholderAlso = {
    "providers", "provider", "organisations", "organizations", "suppliers", "independent", "private",
    "voluntary", "sector", "nhs", "purchase", "purchases", "purchasing", "purchased", "contracts",
    "contract", "and", "other", "see", "below", "attached", "list", "cost", "per", "case",
    "packages", "agreements", "name", "personal", "data", "details", "information", "supplier"};

bool placeholder_words(string_view text) {
  return text::only_words_of(text::fold(text), kPlaceholderSays, kPlaceholderAlso);
}

// A remark that points elsewhere: "see note 2", "see attached list".
bool points_elsewhere(string_view remark) {
  static constexpr std::array<string_view, 2> kPoints = {"see", "note"};
  static constexpr std::array<string_view, 8> kPointsAlso = {"below", "above", "attached", "list", "notes",
                                                              "appendix", "sheet", "tab"};
  std::string inside = text::fold(remark);
  std::erase_if(inside, [](char c) { return c >= '0' && c <= '9'; });  // "note 2"
  return text::only_words_of(inside, kPoints, kPointsAlso);
}

}  // namespace

bool names_no_provider(std::string_view name) {
  // A formula's error (#N/A from a lookup that failed) names no one either.
  if (text::is_formula_error(name)) return true;
  // A remark in brackets that points elsewhere ("Various independent
  // providers (see note 2)") is left out; one that names a provider ("Spot
  // purchase (Cygnet Health Care)") names it (named_in_remark()).
  if (auto remark = text::trailing_remark(text::trim(name));
      remark && placeholder_words(remark->before) && points_elsewhere(remark->inside))
    return true;
  return placeholder_words(name);
}

std::vector<std::string_view> providers_named_together(std::string_view name) {
  const std::string_view t = text::trim(name);
  // Where each part reads as a body's whole name of its own: ending in its
  // legal form or kind ("Oxleas NHS FT", "Bromley Healthcare CIC"), not a
  // place of a longer name ("NHS City and Hackney CCG").
  auto names_a_body = [](std::string_view part) {
    const std::string f = text::fold(part);
    const std::vector<std::string_view> w = text::split(f, ' ');
    if (w.size() < 2) return false;
    for (std::string_view end : {"ft", "trust", "ltd", "limited", "plc", "llp", "cic", "council", "mind", "charity",
                                 "ccg", "csu", "nhsft"})
      if (w.back() == end) return true;
    return false;
  };
  auto split_at = [&](std::string_view sep, bool both_bodies) -> std::vector<std::string_view> {
    std::vector<std::string_view> parts;
    std::string_view rest = t;
    for (std::size_t at; (at = text::find_ignoring_case(rest, sep)) != std::string_view::npos;) {
      parts.push_back(text::trim(rest.substr(0, at)));
      rest = rest.substr(at + sep.size());
    }
    if (parts.empty()) return {};
    parts.push_back(text::trim(rest));
    // A part in lower case after one in capitals is a remark on the name ("Turning Point; substance
    // misuse"), not a name; in a return written all in lower case it may be one.
    const bool capitals = std::any_of(t.begin(), t.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    for (std::string_view p : parts)
      if (p.empty() || (capitals && p[0] >= 'a' && p[0] <= 'z') || (both_bodies && !names_a_body(p)) ||
          (!both_bodies && text::fold(p).size() < 3))
        return {};
    return parts;
  };
  for (std::string_view sep : {" / ", ";", " + ", " in partnership with ", " jointly with ", " in association with "})
    if (auto parts = split_at(sep, false); !parts.empty()) return parts;
  for (std::string_view sep : {" and ", " & "})
    if (auto parts = split_at(sep, true); !parts.empty()) return parts;
  return {};
}

std::optional<std::string_view> named_in_remark(std::string_view name) {
  auto remark = text::trailing_remark(text::trim(name));
  if (!remark || !placeholder_words(remark->before) || points_elsewhere(remark->inside) ||
      text::trim(remark->inside).empty())
    return std::nullopt;
  return text::trim(remark->inside);
}

std::optional<ProviderType> parse_type_cell(std::string_view raw) {
  using T = ProviderType;
  std::string f = text::fold(raw);
  if (f.empty()) return std::nullopt;
  auto is = [&](std::initializer_list<string_view> ws) {
    for (auto w : ws)
      if (f == w) return true;
    return false;
  };
  auto has = [&](std::initializer_list<string_view> ws) { return contains_any_phrase(f, ws); };
  if (is({"ft", "nhsft", "nhs ft", "fdn trust"}) || has({"foundation trust"})) return T::nhs_foundation_trust;
  if (has({"nhs trust"}) || is({"trust nhs", "nhs acute trust", "nhs mental health trust"})) return T::nhs_trust;
  if (is({"ccg", "nhs england", "csu", "commissioning support unit", "clinical commissioning group", "other nhs",
          "nhs other"}))
    return T::other_nhs;
  // A company limited by guarantee is how charities and social enterprises
  // are incorporated, not a company run for profit.
  if (has({"social enterprise", "not for profit", "non profit", "community interest company", "cic", "nfp", "mutual",
           "housing association", "limited by guarantee"}))
    return T::not_for_profit;
  if (has({"charity", "charitable", "voluntary", "vcs", "vcse", "third sector", "3rd sector", "community organisation",
           "voluntary and community", "cio"}) ||
      is({"vol", "community"}))
    return T::voluntary;
  if (has({"private", "independent", "for profit", "commercial", "company"}) ||
      is({"is", "isp", "ltd", "plc", "independent sector provider"}))
    return T::private_company;
  if (has({"council", "local authority", "local government"}) || is({"la", "lbc"})) return T::local_authority;
  if (has({"gp", "general practice", "primary care", "gp practice", "gp federation", "surgery"}) || is({"federation"}))
    return T::primary_care;
  if (has({"university", "individual", "sole trader", "academic"}) || is({"other"})) return T::other;
  return std::nullopt;
}

namespace {

bool is_company_suffix(string_view w) { return w == "ltd" || w == "limited" || w == "plc" || w == "llp" || w == "llc"; }

// Whether "mind" in a folded company's name is a local Mind, incorporated
// as so many are ("Croydon Mind Ltd", "Mind in Croydon Limited"), rather than
// a word of a company's own name ("Mind Body Therapies Ltd", "Peace of Mind
// Ltd"): the charity's name ends in "Mind" or starts "Mind in".
bool names_a_local_mind(const std::string& folded) {
  std::vector<string_view> words;
  for (string_view w : text::split(folded, ' '))
    if (!w.empty() && w != "the" && !is_company_suffix(w)) words.push_back(w);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] != "mind") continue;
    if (i + 1 == words.size() && (i == 0 || words[i - 1] != "of")) return true;
    if (i == 0 && i + 1 < words.size() && words[i + 1] == "in") return true;
  }
  return false;
}

}  // namespace

NameRule apply_name_rules(std::string_view name) {
  using T = ProviderType;
  std::string f = text::fold(name);
  auto has = [&](std::initializer_list<string_view> ws) { return contains_any_phrase(f, ws); };
  auto ends = [&](string_view w) { return f.size() >= w.size() + 1 && f.ends_with(std::string(" ") + std::string(w)); };
  if (has({"nhs foundation trust", "nhs ft", "nhsft"}) || ends("ft") || ends("foundation trust"))
    return {"foundation-trust", T::nhs_foundation_trust};
  if (has({"nhs trust"})) return {"nhs-trust", T::nhs_trust};
  if (has({"clinical commissioning group", "ccg", "nhs england", "commissioning support", "csu"}))
    return {"nhs-body", T::other_nhs};
  // GP federations are primary care even when they are CICs or companies.
  if (has({"gp", "gps", "gp federation", "gp confederation", "gp care group"})) return {"gp-practice", T::primary_care};
  if (has({"cic", "community interest company", "social enterprise"})) return {"cic", T::not_for_profit};
  const bool company = has({"ltd", "limited", "plc", "llp", "llc"});
  // "Borough" is a council's word, but also a company's ("Borough Care
  // Ltd"): no council is a limited company.
  if (has({"council"}) || (has({"borough"}) && !company)) return {"council", T::local_authority};
  if (has({"surgery", "medical centre", "medical center", "medical practice", "practice", "partners",
           "medical group"}))
    return {"gp-practice", T::primary_care};
  // Before Ltd, as many charities are companies limited by guarantee; but a
  // company's name with "Mind" in it is a local Mind only when it reads as one.
  // A charitable incorporated organisation (CIO) is a charity by its form.
  if (has({"charity", "charitable", "samaritans", "age uk", "age concern", "cio",
           "charitable incorporated organisation"}) ||
      (has({"mind"}) && (!company || names_a_local_mind(f))))
    return {"charity", T::voluntary};
  if (company) return {"company", T::private_company};
  if (f.starts_with("university of") || ends("university") || has({"college london"}))
    return {"university", T::other};
  return {};
}

NameRule apply_weak_name_rules(std::string_view name) {
  using T = ProviderType;
  // Read on the key, not the folded name: "Leeds MH Trust" must meet the
  // NHS wordings below as "Leeds Mental Health Trust" does.
  std::string f = name_key(name);
  auto has = [&](std::initializer_list<string_view> ws) { return contains_any_phrase(f, ws); };
  if (f.starts_with("nhs ") || f.ends_with(" england")) return {"nhs-body", T::other_nhs};
  if (f.starts_with("lb ") || has({"london borough", "corporation", "county council", "city council"}))
    return {"council", T::local_authority};
  if (has({"confederation", "federation"})) return {"gp-practice", T::primary_care};
  if (has({"housing", "homes", "housing association", "housing group"})) return {"housing", T::not_for_profit};
  // "Partnership Trust", "Healthcare Trust" and the like are NHS wordings:
  // better unknown than a trust typed as a charity.
  if (has({"partnership trust", "partnerships trust", "healthcare trust", "care trust", "health care trust",
           "mental health trust", "sc trust", "hospital trust", "hospitals trust", "community trust",
           "university trust", "teaching trust", "ambulance trust"}))
    return {};
  if (has({"hospice", "foundation", "charities", "trust"})) return {"charitable-trust", T::voluntary};
  if (has({"individual", "sole trader", "counsellor", "name withheld", "name redacted", "psychotherapist"}))
    return {"individual", T::other};
  return {};
}

namespace {

// Character trigrams of " name ", packed into integers, sorted and unique.
std::vector<std::uint32_t> trigrams(std::string_view s) {
  std::string p = " " + std::string(s) + " ";
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i + 3 <= p.size(); ++i)
    out.push_back((static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])) << 16) |
                  (static_cast<std::uint32_t>(static_cast<unsigned char>(p[i + 1])) << 8) |
                  static_cast<std::uint32_t>(static_cast<unsigned char>(p[i + 2])));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// A core key with what similarity needs, computed once per name: a
// reference entry's when the index is built, a query's once per search
// rather than once for each of the entries it is compared with.
struct CoreName {
  std::string core;
  std::vector<std::uint32_t> grams;
  // Where each word of the core starts and how long it is: places, not
  // views, so that they hold in a copy or a move.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> words;
  explicit CoreName(std::string c) : core(std::move(c)), grams(trigrams(core)) {
    for (string_view w : text::split(core, ' '))
      words.emplace_back(static_cast<std::uint32_t>(w.data() - core.data()), static_cast<std::uint32_t>(w.size()));
  }
  string_view word(std::size_t i) const { return string_view(core).substr(words[i].first, words[i].second); }
  bool has_word(string_view w) const {
    for (std::size_t i = 0; i < words.size(); ++i)
      if (word(i) == w) return true;
    return false;
  }
};

// How alike two names' core keys are, from 0 to 1, when that is `floor` or
// more; otherwise some value below `floor` (0 asks for the similarity
// itself). A fuzzy search needs only scores that could win: a pair of names
// whose sizes alone put their scores below it is not measured (a national
// spending file asks about tens of thousands of supplier names, nearly none
// of them a reference name).
double similarity_from(const CoreName& x, const CoreName& y, double floor) {
  const std::string& a = x.core;
  const std::string& b = y.core;
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 1;
  // A shortened name: every word of one is in the other ("South Essex
  // Partnership" in "South Essex Partnership University").
  const CoreName *fewer = &x, *more = &y;
  if (fewer->words.size() > more->words.size()) std::swap(fewer, more);
  auto every_word_in_more = [&] {
    for (std::size_t i = 0; i < fewer->words.size(); ++i)
      if (!more->has_word(fewer->word(i))) return false;
    return true;
  };
  if (fewer->words.size() >= 2 && std::min(a.size(), b.size()) >= 10 && every_word_in_more())
    return 0.87 + 0.1 * static_cast<double>(fewer->words.size()) / static_cast<double>(more->words.size());
  // The scores are at most what the names' sizes allow: the Dice
  // coefficient if every trigram of the smaller set were shared, the edit
  // score if the distance were the difference in length.
  const auto dice_of = [&](std::size_t common) {
    return 2.0 * static_cast<double>(common) / static_cast<double>(x.grams.size() + y.grams.size());
  };
  // Four characters of slack so that one typo in a short name ("Oxlees")
  // is not judged as harshly as a different word.
  const auto edit_score = [&](std::size_t distance) {
    return 1.0 - static_cast<double>(distance) / static_cast<double>(std::max(a.size(), b.size()) + 4);
  };
  const double dice_at_most = dice_of(std::min(x.grams.size(), y.grams.size()));
  const double edit_at_most = edit_score(a.size() > b.size() ? a.size() - b.size() : b.size() - a.size());
  if (dice_at_most < floor && edit_at_most < floor) return std::max(dice_at_most, edit_at_most);
  std::size_t common = 0;
  for (auto i = x.grams.begin(), j = y.grams.begin(); i != x.grams.end() && j != y.grams.end();) {
    if (*i < *j) ++i;
    else if (*j < *i) ++j;
    else ++common, ++i, ++j;
  }
  const double dice = dice_of(common);
  if (edit_at_most < floor) return std::max(dice, edit_at_most);
  return std::max(dice, edit_score(text::edit_distance(a, b)));
}

// Words that say what kind of body or service a name is, not which one:
// "Housing Association", "Mind", "Women's Aid", "Mental Health Services".
// Sorted, for a binary search.
constexpr std::array<string_view, 145> kGenericWords = {
    "a",            "action",       "adolescent",   "adult",          "adults",       "advice",       "advocacy",
    "agency",       "aid",          "alcohol",      "alliance",       "ambulance",    "and",          "association",
    "at",           "autism",       "autistic",     "borough",        "by",           "care",         "carers",
    "caring",       "center",       "centre",       "centres",        "charitable",   "charities",    "charity",
    "children",     "childrens",    "cic",          "city",           "clinic",       "clinics",      "college",
    "communities",  "community",    "company",      "confederation",  "consortium",   "council",      "counseling",
    "counselling",  "county",       "crisis",       "dementia",       "disabilities", "disability",   "district",
    "drug",         "drugs",        "eating",       "employment",     "england",      "english",      "enterprise",
    "families",     "family",       "federation",   "for",            "foundation",   "general",      "group",
    "groups",       "health",       "healthcare",   "help",           "helpline",     "home",         "homes",
    "hospice",      "hospital",     "hospitals",    "housing",        "in",           "independent",  "information",
    "institute",    "integrated",   "learning",     "limited",        "living",       "local",        "ltd",
    "medical",      "men",          "mens",         "mental",         "mind",         "minds",        "misuse",
    "national",     "network",      "nhs",          "nursing",        "of",           "older",        "on",
    "partners",     "partnership",  "partnerships", "people",         "plc",          "primary",      "private",
    "project",      "projects",     "psychiatric",  "psychiatry",     "psychological", "psychology",  "psychotherapy",
    "recovery",     "regional",     "rehabilitation", "residential",  "resource",     "resources",    "school",
    "sector",       "service",      "services",     "social",         "society",      "solutions",    "specialist",
    "substance",    "support",      "teaching",     "the",            "therapies",    "therapy",      "to",
    "trust",        "uk",           "unit",         "units",          "university",   "voluntary",    "wellbeing",
    "with",         "women",        "womens",       "young",          "youth"};

static_assert(std::is_sorted(kGenericWords.begin(), kGenericWords.end()), "is_generic_word() searches kGenericWords");
bool is_generic_word(string_view w) { return std::binary_search(kGenericWords.begin(), kGenericWords.end(), w); }

// The same word, allowing a slip: a letter dropped, added or changed, two
// letters swapped, or two slips in a word of eight letters or more. "Bede"
// and "Hyde" are two words.
bool same_word(string_view a, string_view b) {
  if (a == b) return true;
  const std::size_t d = text::edit_distance(a, b);
  if (d <= 1) return true;
  if (d > 2) return false;
  if (std::min(a.size(), b.size()) >= 8) return true;
  std::string x(a), y(b);
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

// Whether one word is the other run into a generic word: "portmannhs" and "portman".
bool runs_into_generic(string_view longer, string_view word) {
  if (longer.size() <= word.size()) return false;
  const std::size_t rest = longer.size() - word.size();
  return (longer.starts_with(word) && is_generic_word(longer.substr(word.size()))) ||
         (longer.ends_with(word) && is_generic_word(longer.substr(0, rest)));
}

// Whether word i of x is one of y's: as a word, allowing a slip, run into a
// generic word ("portmannhs"), as two of y's words run together
// ("southlondon"), or with its neighbour in x as one of y's words split in
// two ("maud sley").
bool word_in(const CoreName& x, std::size_t i, const CoreName& y) {
  const string_view w = x.word(i);
  for (std::size_t j = 0; j < y.words.size(); ++j) {
    if (same_word(w, y.word(j))) return true;
    if (runs_into_generic(w, y.word(j)) || runs_into_generic(y.word(j), w)) return true;
    if (j + 1 < y.words.size() && same_word(w, std::string(y.word(j)) + std::string(y.word(j + 1)))) return true;
    if (i + 1 < x.words.size() && same_word(std::string(w) + std::string(x.word(i + 1)), y.word(j))) return true;
    if (i > 0 && same_word(std::string(x.word(i - 1)) + std::string(w), y.word(j))) return true;
  }
  return false;
}

// Whether a word says no more than a kind of body, as typed: a generic word
// with a slip ("nhhs", "nsh"), or run into another word the other name or
// the generic words hold ("portmannhs", "nhsfoundation").
bool garbled_generic(string_view w, const CoreName& other) {
  for (string_view g : kGenericWords)
    if (same_word(w, g)) return true;
  auto known = [&](string_view part) { return is_generic_word(part) || other.has_word(part); };
  for (std::size_t k = 1; k < w.size(); ++k)
    if (known(w.substr(0, k)) && known(w.substr(k))) return true;
  return false;
}

bool distinctive_words_agree(const CoreName& a, const CoreName& b) {
  // The words that say which body each is (places, proper names): those
  // both have, and those only one has.
  std::size_t shared = 0, only_a = 0, only_b = 0;
  for (std::size_t i = 0; i < a.words.size(); ++i) {
    if (is_generic_word(a.word(i))) continue;
    if (word_in(a, i, b)) ++shared;
    else if (!garbled_generic(a.word(i), b)) ++only_a;
  }
  for (std::size_t i = 0; i < b.words.size(); ++i)
    if (!is_generic_word(b.word(i)) && !word_in(b, i, a) && !garbled_generic(b.word(i), a)) ++only_b;
  // Each names something the other does not: "Bede" against "Hyde".
  if (only_a > 0 && only_b > 0) return false;
  // One is the other and more: a shortened name ("Tees Esk and Wear" for
  // Tees, Esk and Wear Valleys) keeps most of what says which body it is;
  // a local body ("Chester Women's Aid", "Lincolnshire Mind") keeps one
  // word of it or none.
  const std::size_t extra = only_a + only_b;
  return extra == 0 || (shared >= 2 && shared >= extra);
}

// The words of the CCGs' names that say a place ("trafford", "bradford",
// "north"), as name keys write them: two places a letter or two apart
// ("Mind in Trafford", "Mind in Bradford") are two places, not a slip.
std::vector<std::string> place_words(const ReferenceData& ref) {
  std::vector<std::string> out;
  for (const CcgRef& c : ref.ccgs) {
    const std::string key = name_key(c.name);
    for (string_view w : text::split(key, ' '))
      if (w.size() >= 4 && !is_generic_word(w) && w != "ccg") out.emplace_back(w);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whether each name holds a place the other does not, word for word.
bool places_differ(const CoreName& a, const CoreName& b, const std::vector<std::string>& places) {
  auto one_only = [&](const CoreName& x, const CoreName& y) {
    for (std::size_t i = 0; i < x.words.size(); ++i)
      if (std::binary_search(places.begin(), places.end(), x.word(i)) && !y.has_word(x.word(i))) return true;
    return false;
  };
  return one_only(a, b) && one_only(b, a);
}

}  // namespace

bool distinctive_words_agree(std::string_view a_key, std::string_view b_key) {
  return distinctive_words_agree(CoreName(core_key(a_key)), CoreName(core_key(b_key)));
}

double name_similarity(std::string_view a_key, std::string_view b_key) {
  return similarity_from(CoreName(core_key(a_key)), CoreName(core_key(b_key)), 0);
}

namespace {

// An override's type as a researcher writes it: a type's name in any case,
// with spaces or hyphens ("Not for profit", "Private"), or what a return's
// type cell would say ("Charity", "NHS FT").
std::optional<ProviderType> override_type(std::string_view text) {
  if (auto t = parse_provider_type(text)) return t;
  std::string id = text::fold(text);
  std::replace(id.begin(), id.end(), ' ', '_');
  if (auto t = parse_provider_type(id)) return t;
  if (id == "private_company") return ProviderType::private_company;
  return parse_type_cell(text);
}

// Excel's first line naming the delimiter ("sep=;"), split at it or not:
// the delimiter it names, or 0 for any other record.
char separator_named(const Record& r) {
  if (r.cells.size() == 2 && text::lower(r.cells[0]) == "sep=" && r.cells[1].empty()) return ',';  // split: any will do
  if (r.cells.size() != 1) return 0;
  const std::string_view c = r.cells[0];
  if (c.size() != 5 || text::lower(c.substr(0, 4)) != "sep=") return 0;
  return c[4];
}

}  // namespace

// The longest chain of merge rows followed (load_overrides refuses longer).
constexpr std::size_t kMaxMergeRows = 64;

namespace {

constexpr const char* kOverrideColumns = "an overrides file has the columns name,canonical_name,type (as `providers "
                                         "--template` writes it)";
constexpr const char* kOverrideTypes = "nhs_foundation_trust, nhs_trust, other_nhs, local_authority, primary_care, "
                                       "private, not_for_profit, voluntary, other";

// Where an overrides file keeps each column: as `providers --template`
// writes them unless a header says otherwise (a canonical name of -1: none).
struct OverrideColumns {
  int name = 0, canonical = 1, type = 2;
};

// What an overrides file's rows give: the decisions, the lines of a
// template's rows not filled in yet, and the rows refused, all told before
// giving up.
struct OverrideRows {
  std::vector<Override> decisions;
  std::vector<long> undecided;
  std::vector<Diagnostic> bad;
};

// Whether the record is Excel's first line naming the delimiter ("sep=;").
// Split at it, the line is read with the delimiter it names; whole, the
// file is read again with it, in a reader made in place of the first.
bool follow_separator_line(const Record& r, const std::string& path, std::optional<RecordReader>& reader) {
  const char sep = separator_named(r);
  if (!sep) return false;
  if (r.cells.size() == 1) {
    if (sep != ',' && sep != ';' && sep != '\t' && sep != '|')
      throw Error({path, r.line, 1}, fmt::format("Excel's 'sep=' line names '{}' as the delimiter; an overrides "
                                                 "file is delimited by commas, semicolons, tabs or '|'",
                                                 text::printable(std::string_view(&sep, 1))));
    ReaderOptions named;
    named.delimiter = sep;
    reader.emplace(path, path, named);
  }
  return true;
}

// Whether the first row is a header, and if so where it puts the columns.
// A header in other words ("provider,type") would otherwise be read as a
// row, and every row after it left out for its empty type.
bool read_override_header(const Record& r, const std::string& path, OverrideColumns& columns) {
  int names = -1, canons = -1, types = -1;
  int listing = 0;  // the listing's own columns: basis, confidence, contracts
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    const std::string h = text::fold(r.cells[i]);
    const int at = static_cast<int>(i);
    if (h == "name" || h == "provider" || h == "provider name" || h == "spelling") names = at;
    else if (h == "canonical name" || h == "canonical") canons = at;
    else if (h == "type" || h == "provider type") types = at;
    else if (h == "basis" || h == "confidence" || h == "contracts") ++listing;
  }
  // The listing of `providers --format csv` (provider,type,basis,...)
  // would make each of the tool's guesses a decision of the researcher's.
  // A researcher's own "basis" column of notes is no listing.
  if (listing == 3 && names >= 0 && types >= 0 && canons < 0)
    throw Error({path, r.line, 1},
                "this is the listing `providers --format csv` writes (provider,type,basis,confidence,...), not "
                "an overrides file: its types are the tool's own guesses, and passed back they would all become "
                "decisions; write a template with `providers --template FILE` instead, fill in the types you "
                "decide and pass that");
  if (names >= 0 || canons >= 0 || types >= 0) {
    if (names < 0 || types < 0)
      throw Error({path, r.line, 1}, fmt::format("{}; this header has no {} column", kOverrideColumns,
                                                 names < 0 ? "name" : "type"));
    columns = {names, canons, types};
    return true;
  }
  if (r.cells.size() < 3)
    throw Error({path, r.line, 1}, fmt::format("{}, with a header row or without", kOverrideColumns));
  return false;
}

std::string override_cell(const Record& r, int i) {
  if (i < 0 || static_cast<std::size_t>(i) >= r.cells.size()) return {};
  std::string_view t = text::trim(r.cells[i]);
  // The apostrophe the template puts before a name a spreadsheet would
  // take for a formula ("'-Yyqq", "'=Care"), or this file for a
  // comment ("'#N/A"): the name is what follows.
  if (t.size() >= 2 && t[0] == '\'' && (t[1] == '=' || t[1] == '+' || t[1] == '-' || t[1] == '@' || t[1] == '#'))
    t.remove_prefix(1);
  return std::string(t);
}

void read_override_row(const Record& r, const OverrideColumns& columns, const std::string& path,
                       OverrideRows& rows) {
  Override o{override_cell(r, columns.name), override_cell(r, columns.canonical), std::nullopt, r.line};
  if (o.name.empty()) {
    rows.bad.push_back({Severity::error, "", {path, r.line, columns.name + 1}, "the name is empty"});
    return;
  }
  std::string type = override_cell(r, columns.type);
  if (type.empty()) {
    // A canonical name alone joins the spelling to that provider; with
    // neither, the row is a template's not filled in yet.
    if (o.canonical_name.empty()) rows.undecided.push_back(r.line);
    else rows.decisions.push_back(std::move(o));
    return;
  }
  auto t = override_type(type);
  if (!t) {
    rows.bad.push_back({Severity::error, "", {path, r.line, columns.type + 1},
                        fmt::format("type '{}' is not one of {} (or a word a return's type cell would use, such as "
                                    "'Charity' or 'NHS FT')",
                                    type, kOverrideTypes)});
    return;
  }
  // "unknown" is what the tool says when it cannot decide: as a decision
  // it would mark the provider settled without settling it.
  if (*t == ProviderType::unknown) {
    rows.bad.push_back({Severity::error, "", {path, r.line, columns.type + 1},
                        fmt::format("type '{}' is no decision: leave the type blank for a provider you have not "
                                    "decided yet, or give one of {}",
                                    type, kOverrideTypes)});
    return;
  }
  o.type = *t;
  rows.decisions.push_back(std::move(o));
}

// A merge row leads to the provider of its canonical name, on which a row
// of its own may merge again: a chain a reader can follow, not thousands
// of rows long (each step is a decision to make, one inside another).
void refuse_long_merge_chains(const std::string& path, OverrideRows& rows) {
  std::unordered_map<std::string, std::string> merges_to;  // by name key, the canonical name's key
  for (const Override& o : rows.decisions)
    if (!o.type) merges_to.emplace(name_key(o.name), name_key(o.canonical_name));
  for (const Override& o : rows.decisions) {
    if (o.type) continue;
    std::unordered_set<std::string> seen{name_key(o.name)};
    std::size_t n = 1;
    for (auto at = merges_to.find(name_key(o.canonical_name)); at != merges_to.end() && n <= kMaxMergeRows;
         at = merges_to.find(at->second))
      if (!seen.insert(at->first).second) break;  // a circle: it ends
      else ++n;
    if (n > kMaxMergeRows)
      rows.bad.push_back({Severity::error, "", {path, o.line, 2},
                          fmt::format("the merge of '{}' leads on through more than {} rows, each merging into the "
                                      "next; give each spelling the provider at the end of the chain",
                                      o.name, kMaxMergeRows)});
  }
}

// Every row refused, in the order of the file, in the one error.
void throw_if_refused(std::vector<Diagnostic>& bad) {
  if (bad.empty()) return;
  std::stable_sort(bad.begin(), bad.end(),
                   [](const Diagnostic& x, const Diagnostic& y) { return x.where.line < y.where.line; });
  std::vector<Error> more;
  for (std::size_t i = 1; i < bad.size(); ++i) more.emplace_back(bad[i].where, bad[i].message);
  throw Error(bad.front().where, bad.front().message, std::move(more));
}

Diagnostic undecided_warning(const std::string& path, const std::vector<long>& undecided) {
  std::string lines;
  constexpr std::size_t kShown = 10;
  for (std::size_t i = 0; i < std::min(undecided.size(), kShown); ++i)
    lines += fmt::format("{}{}", i ? ", " : "", undecided[i]);
  if (undecided.size() > kShown) lines += ", ...";
  return {Severity::warning, "override-unused", {path, undecided.front(), 1},
          fmt::format("{} row{} with neither a canonical_name nor a type (line{} {}): no decision yet, so {} "
                      "nothing; give a type, or a canonical_name to join the spelling to another provider",
                      undecided.size(), undecided.size() == 1 ? "" : "s", undecided.size() == 1 ? "" : "s", lines,
                      undecided.size() == 1 ? "it changes" : "they change")};
}

}  // namespace

std::vector<Override> load_overrides(const std::string& path, Diagnostics* findings) {
  OverrideRows rows;
  // Not movable: a second reader is made in its place for a file whose
  // `sep=` line names a delimiter other than the one sniffed.
  std::optional<RecordReader> reader(std::in_place, path, path);
  Record r;
  bool first = true, separator_followed = false;
  OverrideColumns columns;
  while (reader->next(r)) {
    refuse_record_problem(r, path);
    if (is_blank_record(r)) continue;
    // A note, or a decision taken back by commenting it out: never a
    // decision, also before the header.
    if (!r.cells.empty() && text::trim(r.cells[0]).starts_with('#')) continue;
    // The reader made for the delimiter the line names reads a quoted line
    // ("\"sep=|\"") again, which would make another, for ever.
    if (first && r.line == 1 && (separator_followed || follow_separator_line(r, path, reader))) {
      separator_followed = true;
      continue;
    }
    if (first) {
      first = false;
      if (read_override_header(r, path, columns)) continue;
    }
    read_override_row(r, columns, path, rows);
  }
  refuse_long_merge_chains(path, rows);
  throw_if_refused(rows.bad);
  if (findings && !rows.undecided.empty()) findings->push_back(undecided_warning(path, rows.undecided));
  return std::move(rows.decisions);
}

// Maps by text that are asked with a view: no string is made for a lookup.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using TextMap = std::unordered_map<std::string, V, TextHash, std::equal_to<>>;

// What a resolver derives from the reference data and the overrides before
// its first decision: the same for every resolver made from them, and
// shared by the two of a file read as two halves.
struct ReferenceIndex {
  std::vector<Override> overrides;
  std::unordered_map<std::string, std::size_t> override_by_key;
  // By reference provider, the first override named by one of its names or
  // aliases ("SLaM"): it applies to that provider, as a return's spelling
  // of the name would.
  std::unordered_map<std::size_t, std::size_t> override_by_ref;
  std::unordered_map<std::string, std::size_t> ref_by_key;   // name and alias keys
  std::unordered_map<std::string, std::size_t> ref_by_core;  // trusts' core keys; npos when shared
  // Fuzzy candidates: reference names and aliases by core key trigram.
  std::vector<std::pair<CoreName, std::size_t>> fuzzy_entries;  // core key, provider index
  // The entries with each trigram, one list after another in `postings`,
  // found by trigram as (where its list starts, how long it is). A trigram
  // in more than a tenth of the entries ("ltd", " nh") tells none of them
  // apart and has no list. A search walks a list for each of its
  // trigrams: a spending file's tens of thousands of supplier names.
  std::vector<std::uint32_t> postings;
  U64Map<std::pair<std::uint32_t, std::uint32_t>> postings_of;
  std::vector<std::string> places;  // place_words(), sorted

  ReferenceIndex(const ReferenceData& ref, std::vector<Override> o)
      : overrides(std::move(o)), places(place_words(ref)) {
    for (std::size_t i = 0; i < overrides.size(); ++i) override_by_key.emplace(name_key(overrides[i].name), i);
    for (std::size_t i = 0; i < ref.providers.size(); ++i) {
      const auto& p = ref.providers[i];
      std::vector<std::string> names{p.name};
      names.insert(names.end(), p.aliases.begin(), p.aliases.end());
      for (const auto& n : names) {
        std::string key = name_key(n);
        ref_by_key.emplace(key, i);
        std::string core = core_key(key);
        if (core.empty()) continue;
        if (p.type == ProviderType::nhs_foundation_trust || p.type == ProviderType::nhs_trust) {
          auto [it, fresh] = ref_by_core.emplace(core, i);
          if (!fresh && it->second != i) it->second = std::string::npos;
        }
        fuzzy_entries.emplace_back(CoreName(core), i);
      }
    }
    for (std::size_t i = 0; i < overrides.size(); ++i) {
      const std::string key = name_key(overrides[i].name);
      auto r = ref_by_key.find(key);
      if (r == ref_by_key.end()) continue;
      // A site's name ("Maudsley Hospital") settles that site's rows, which
      // its key finds, not its trust's every row.
      const auto& sites = ref.providers[r->second].sites;
      if (std::none_of(sites.begin(), sites.end(), [&](const std::string& s) { return name_key(s) == key; }))
        override_by_ref.emplace(r->second, i);
    }
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> by_trigram;
    for (std::size_t e = 0; e < fuzzy_entries.size(); ++e)
      for (auto t : fuzzy_entries[e].first.grams) by_trigram[t].push_back(static_cast<std::uint32_t>(e));
    const std::size_t common_limit = std::max<std::size_t>(8, fuzzy_entries.size() / 10);
    for (const auto& [t, entries] : by_trigram) {
      if (entries.size() > common_limit) continue;
      postings_of[t] = {static_cast<std::uint32_t>(postings.size()), static_cast<std::uint32_t>(entries.size())};
      postings.insert(postings.end(), entries.begin(), entries.end());
    }
  }
};

// What depends on a name (or its key) and the reference alone, worked out
// once for a resolver and those made from it (NoDecisions: a second half,
// a second run of files), which share its reference index: both halves of
// a national spending file ask about the same tens of thousands of
// supplier names, at once, on two threads. Found by the text's 64-bit
// hash, trusted as decisions' hashes are: no copy of each name, nor a
// node, to make and free. What is handed out stays where it is.
template <typename T>
class SharedByHash {
 public:
  template <typename Make>
  const T& get(std::uint64_t hash, Make&& make) {
    Shard& shard = shards_[hash % kShards];
    {
      std::lock_guard lock(shard.mutex);
      if (const std::uint32_t* at = shard.by_hash.find(hash)) return shard.values[*at - 1];
    }
    T made = make();  // unlocked: the other thread may make the same meanwhile, to the same result
    std::lock_guard lock(shard.mutex);
    std::uint32_t& at = shard.by_hash[hash];  // index + 1
    if (at == 0) {
      shard.values.push_back(std::move(made));
      at = static_cast<std::uint32_t>(shard.values.size());
    }
    return shard.values[at - 1];
  }

 private:
  // A lock each: with one read-write lock for all, the halves (each asking
  // once for every name new to it) waited on each other and woke each
  // other up, 8% of their time on a spending file.
  static constexpr std::size_t kShards = 64;
  struct alignas(64) Shard {
    std::mutex mutex;
    U64Map<std::uint32_t> by_hash;
    std::deque<T> values;  // a deque: what get() handed out does not move
  };
  std::array<Shard, kShards> shards_;
};

// What a name tells by itself, with the reference: its key, its name rule,
// the reference entry it names, if any.
struct NameReading {
  std::string key;
  NameRule rule;
  std::size_t registry = std::string::npos;  // the reference entry the name matches
  double confidence = 0;
  bool branch = false;  // a local branch of a voluntary provider: a provider of its own
  bool placeholder = false;  // names no one provider ("Various", "Spot purchase")
};

// Fuzzy matches by name key (a reference entry, npos for none, and its
// score: below the threshold, which a resolver made from another keeps, a
// score may be a bound, which nothing reads), and readings by name.
struct SharedNames {
  using Match = std::pair<std::size_t, double>;
  SharedByHash<Match> fuzzy;
  SharedByHash<NameReading> readings;
};

struct ProviderResolver::Impl {
  const ReferenceData& ref;
  ResolverOptions options;
  std::shared_ptr<const ReferenceIndex> index;
  std::shared_ptr<SharedNames> shared;
  // Decisions by (name, type cell, code), found by hash without building a
  // key: resolve() runs once a row, a decision once a distinct name. What a
  // lookup touches is kept small and together (slots with the hash's high
  // half, keys, one text arena), as a national file looks up a million times.
  struct alignas(32) Key {  // two to a cache line, none across two
    std::uint64_t hash = 0;
    std::uint32_t offset = 0, name_len = 0, type_len = 0, code_len = 0;
    long contracts = 0;  // count() calls: beside the hash, which the lookup just read
  };
  std::string key_text;                  // every key's name, type cell and code, end to end
  std::vector<Key> keys;                 // by name_id
  std::deque<ProviderDecision> decided;  // by name_id; a deque: decisions are handed out by reference
  HashSlots slots;                       // name_ids by hash
  U64Map<std::size_t> cluster_by_id;  // cluster_id() -> index + 1
  mutable std::vector<ProviderCluster> clusters;
  mutable bool settled = true;

  static std::uint64_t hash_of(std::string_view name, std::string_view type_cell, std::string_view code) {
    return text::hash_bytes(code, text::hash_more(text::hash_more(0, name), type_cell));
  }

  // Counts contracts under a spelling; the clusters' spellings are then settled again.
  void count(Key& k, long n) {
    k.contracts += n;
    settled = false;
  }

  std::string_view name_of(const Key& k) const { return std::string_view(key_text).substr(k.offset, k.name_len); }

  // A key is known by its 64-bit hash and its three lengths, not by
  // comparing its text: the text is the one cache miss a lookup could
  // still avoid, and two different keys agreeing on all four is not
  // expected in any real data set (as for duplicate rows).
  static bool same(const Key& k, std::uint64_t h, std::string_view name, std::string_view type_cell,
                   std::string_view code) {
    return k.hash == h && k.name_len == name.size() && k.type_len == type_cell.size() && k.code_len == code.size();
  }

  const ProviderDecision* find(std::uint64_t h, std::string_view name, std::string_view type_cell,
                               std::string_view code, std::size_t& slot) const {
    std::size_t id = slots.find(h, [&](std::size_t i) { return same(keys[i], h, name, type_cell, code); }, slot);
    return id == HashSlots::npos ? nullptr : &decided[id];
  }

  const ProviderDecision& resolve(std::uint64_t h, std::string_view name, std::string_view type_cell,
                                  std::string_view code) {
    std::size_t slot = 0;
    if (const ProviderDecision* d = find(h, name, type_cell, code, slot)) return *d;
    ProviderDecision d = decide(name, type_cell, code);
    std::size_t id = keys.size();
    d.name_id = static_cast<std::uint32_t>(id);
    d.cluster_id = clusters[d.cluster].id;
    keys.push_back({h, static_cast<std::uint32_t>(key_text.size()), static_cast<std::uint32_t>(name.size()),
                    static_cast<std::uint32_t>(type_cell.size()), static_cast<std::uint32_t>(code.size())});
    key_text.append(name).append(type_cell).append(code);
    decided.push_back(std::move(d));
    slots.insert(h, id, slot, keys.size(), [&](std::size_t i) { return keys[i].hash; });
    return decided.back();
  }

  // Resolves spellings and counts N contracts under each (-1: takes one back).
  template <long N>
  void count_spellings(std::span<const ProviderResolver::Spelling> spellings, const ProviderDecision** out) {
    resolve_in_steps(
        spellings.size(),
        [&](std::size_t i) { return hash_of(spellings[i].name, spellings[i].type_cell, spellings[i].code); },
        [&](std::size_t i) { return spellings[i]; }, [](std::size_t) { return N; }, out);
  }

  // Resolves n spellings and counts their contracts, out[i] being the i-th's
  // decision: hash(i) gives its hash, spelling(i) its name, type cell and
  // code, contracts(i) how many contracts it counts for. A national file's
  // spellings are spread over megabytes of table: a step's slots are asked
  // for first, then the keys and decisions they point to, then the lookups.
  template <typename Hash, typename SpellingOf, typename Contracts>
  void resolve_in_steps(std::size_t n, Hash hash, SpellingOf spelling, Contracts contracts,
                        const ProviderDecision** out) {
    constexpr std::size_t kStep = 32;
    std::array<std::uint64_t, kStep> hashes;
    for (std::size_t first = 0; first < n; first += kStep) {
      const std::size_t step = std::min(kStep, n - first);
      for (std::size_t i = 0; i < step; ++i) slots.prefetch(hashes[i] = hash(first + i));
      for (std::size_t i = 0; i < step; ++i)
        if (std::size_t id = slots.peek(hashes[i]); id != HashSlots::npos) {
          __builtin_prefetch(&keys[id], 1);
          __builtin_prefetch(&decided[id]);
        }
      for (std::size_t i = 0; i < step; ++i) {
        const ProviderResolver::Spelling s = spelling(first + i);
        const ProviderDecision& d = resolve(hashes[i], s.name, s.type_cell, s.code);
        count(keys[d.name_id], contracts(first + i));
        out[first + i] = &d;
      }
    }
  }

  // Folds the per-name counts into the clusters' spellings. A spelling is
  // a name with a type cell and a code, and a national file has some ten
  // for each name: they are summed by cluster and name (known by a hash,
  // as spellings are) first, so that each name is made a string and put in
  // its cluster's ordered map once.
  void settle() const {
    if (settled) return;
    for (auto& c : clusters) {
      c.spellings.clear();
      c.contracts = 0;
    }
    U64Map<std::uint32_t> name_at;  // (cluster, name) -> its place in `names`, + 1
    std::vector<std::pair<std::size_t, long>> names;  // a key with the name, and the contracts of all with it
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i].contracts == 0) continue;
      clusters[decided[i].cluster].contracts += keys[i].contracts;
      std::uint32_t& at = name_at[text::hash_bytes(text::trim(name_of(keys[i])), decided[i].cluster + 1)];
      if (at == 0) {
        names.emplace_back(i, 0);
        at = static_cast<std::uint32_t>(names.size());
      }
      names[at - 1].second += keys[i].contracts;
    }
    for (const auto& [i, contracts] : names)
      clusters[decided[i].cluster].spellings[std::string(text::trim(name_of(keys[i])))] += contracts;
    settled = true;
  }

  Impl(const ReferenceData& r, std::shared_ptr<const ReferenceIndex> i, ResolverOptions opt,
       std::shared_ptr<SharedNames> f)
      : ref(r), options(opt), index(std::move(i)), shared(std::move(f)) {}

  // A cluster's id: what kind of cluster it is (a reference entry, a name's
  // key, an override) and which, hashed; trusted as decisions' hashes are.
  static std::uint64_t cluster_id(std::string_view kind, std::string_view which) {
    return text::hash_bytes(which, text::hash_bytes(kind));
  }
  std::size_t cluster_for(std::uint64_t id, const std::string& key, const ProviderRef* p, std::string fixed) {
    std::size_t& at = cluster_by_id[id];  // index + 1
    if (at == 0) {
      clusters.push_back({key, p, std::move(fixed), {}, 0, id});
      at = clusters.size();
    }
    return at - 1;
  }

  // A site or branch named after its provider: "Priory Hospital Roehampton"
  // starts with the alias "Priory Hospital". The longest such start wins,
  // when the name's own kind words do not say otherwise.
  std::size_t prefix_match(const std::string& key, const NameRule& rule) const {
    auto words = text::split(key, ' ');
    for (std::size_t n = words.size(); n-- > 1;) {
      std::string head = join({words.begin(), words.begin() + static_cast<long>(n)});
      if (head.size() < 5) break;
      auto it = index->ref_by_key.find(head);
      if (it == index->ref_by_key.end()) continue;
      if (!rule.rule.empty() && rule.type != ref.providers[it->second].type) return std::string::npos;
      return it->second;
    }
    return std::string::npos;
  }

  // The best reference entry by similarity among trigram-sharing candidates.
  std::pair<std::size_t, double> fuzzy(const std::string& key) const {
    return shared->fuzzy.get(text::hash_bytes(key), [&] { return fuzzy_search(key); });
  }

  // How many trigrams each reference entry shares with the query being
  // searched, and the entries with any: counted in place, not in a map,
  // and cleared entry by entry after each search.
  mutable std::vector<std::uint32_t> shared_grams;
  mutable std::vector<std::uint32_t> sharing;
  mutable std::vector<std::pair<int, std::uint32_t>> ranked;

  std::pair<std::size_t, double> fuzzy_search(const std::string& key) const {
    CoreName query(core_key(key));
    if (query.core.size() < 4) return {std::string::npos, 0};
    shared_grams.resize(index->fuzzy_entries.size());
    for (auto t : query.grams) {
      const auto* list = index->postings_of.find(t);
      if (!list) continue;
      const std::uint32_t* e = index->postings.data() + list->first;
      for (const std::uint32_t* end = e + list->second; e != end; ++e)
        if (shared_grams[*e]++ == 0) sharing.push_back(*e);
    }
    // The twelve sharing the most, ties to the first entry.
    ranked.clear();
    for (std::uint32_t e : sharing) {
      ranked.emplace_back(-static_cast<int>(shared_grams[e]), e);
      shared_grams[e] = 0;
    }
    sharing.clear();
    const std::size_t top = std::min<std::size_t>(12, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(top), ranked.end());
    ranked.resize(top);
    std::size_t best = std::string::npos;
    double best_score = 0;
    // Only a score at the threshold or above is used (decide()).
    for (auto [neg, e] : ranked) {
      const CoreName& entry = index->fuzzy_entries[e].first;
      double s = similarity_from(query, entry, std::max(best_score, options.fuzzy_threshold));
            // However alike the letters, a name whose distinctive words differ
      // ("Bede Housing Association", "Hyde Housing Association"), or that
      // names another place, is another provider.
      if (s > best_score && s >= options.fuzzy_threshold &&
          (!distinctive_words_agree(query, entry) || places_differ(query, entry, index->places)))
        continue;
      if (s > best_score) {
        best_score = s;
        best = index->fuzzy_entries[e].second;
      }
    }
    return {best, best_score};
  }

  // Clusters of reference entries, made on first use.
  std::vector<std::size_t> ref_clusters;
  std::size_t ref_cluster(std::size_t i) {
    if (ref_clusters.empty()) ref_clusters.assign(ref.providers.size(), std::string::npos);
    if (ref_clusters[i] == std::string::npos) {
      const ProviderRef& p = ref.providers[i];
      ref_clusters[i] = cluster_for(cluster_id("ref", std::to_string(i)), name_key(p.name), &p, p.name);
    }
    return ref_clusters[i];
  }

  // Type cells repeat a few texts over thousands of names.
  TextMap<std::optional<ProviderType>> type_cells;
  std::optional<ProviderType> type_cell_of(string_view type_cell) {
    auto it = type_cells.find(type_cell);
    if (it == type_cells.end()) it = type_cells.emplace(std::string(type_cell), parse_type_cell(type_cell)).first;
    return it->second;
  }

  void from_registry(ProviderDecision& d, std::size_t i, double confidence, string_view type_cell) {
    const ProviderRef& p = ref.providers[i];
    d.cluster = ref_cluster(i);
    d.type = p.type;
    d.confidence = confidence;
    d.ods = p.ods_code;
    if (auto cell = type_cell_of(type_cell); cell && *cell != p.type)
      d.conflict = fmt::format("the type cell says '{}' but the reference lists {} as {}; the reference is used",
                               text::trim(type_cell), p.name, to_string(p.type));
  }

  // What depends on the name alone: a name comes with several type cells
  // and codes, so it is worked out once per name. Its reading is shared
  // with the resolvers made from this one; the rest is this resolver's.
  struct NameFacts {
    const NameReading* reading = nullptr;
    std::optional<NameRule> weak;
    std::size_t key_cluster = std::string::npos;
    std::optional<std::pair<std::size_t, double>> fuzzy;  // the best reference entry by similarity, once asked
  };
  // Facts by first sight, found by the name's 64-bit hash (the same trust
  // as for decisions): asked for by every decision.
  std::deque<NameFacts> name_facts;
  U64Map<std::uint32_t> facts_by_name;  // index + 1

  // The reference entry of a name that ends in a remark in brackets,
  // found by the name before it; npos for any other name.
  std::size_t ref_by_key_before_remark(string_view name) const {
    const auto remark = text::trailing_remark(text::trim(name));
    if (!remark) return std::string::npos;
    auto k = index->ref_by_key.find(name_key(remark->before));
    return k == index->ref_by_key.end() ? std::string::npos : k->second;
  }

  NameFacts& facts_of(string_view name) {
    const std::uint64_t hash = text::hash_bytes(name);
    std::uint32_t& at = facts_by_name[hash];
    if (at != 0) return name_facts[at - 1];
    NameFacts f;
    f.reading = &shared->readings.get(hash, [&] { return read_name(name); });
    name_facts.push_back(std::move(f));
    at = static_cast<std::uint32_t>(name_facts.size());
    return name_facts.back();
  }

  NameReading read_name(string_view name) const {
    NameReading f;
    f.key = name_key(name);
    f.placeholder = names_no_provider(name);
    // "Spot purchase - individual placements" is no individual, nor any
    // provider: its words type nothing (a type cell still may).
    if (!f.placeholder) f.rule = apply_name_rules(name);
    bool nhs_like = f.rule.rule.empty() || f.rule.type == ProviderType::nhs_foundation_trust ||
                    f.rule.type == ProviderType::nhs_trust;
    if (auto k = index->ref_by_key.find(f.key); k != index->ref_by_key.end()) {
      f.registry = k->second;
      f.confidence = 1.0;
    } else if (auto r = ref_by_key_before_remark(name); r != std::string::npos) {
      // "Rethink Mental Illness (formerly Rethink)": the name before a
      // remark in brackets is the provider itself, not a branch of it.
      f.registry = r;
      f.confidence = 0.95;
    } else if (auto ct = index->ref_by_core.find(core_key(f.key));
               nhs_like && ct != index->ref_by_core.end() && ct->second != std::string::npos) {
      f.registry = ct->second;
      f.confidence = 0.95;
    } else if (auto pre = prefix_match(f.key, f.rule); pre != std::string::npos) {
      f.registry = pre;
      f.confidence = 0.9;
      // A company's or trust's site is that provider; a local Mind or Age UK
      // is a charity of its own, of the same kind but not the same provider.
      f.branch = ref.providers[pre].type == ProviderType::voluntary;
    }
    return f;
  }

  std::pair<std::size_t, double> fuzzy_of(NameFacts& f) {
    if (!f.fuzzy) f.fuzzy = fuzzy(f.reading->key);
    return *f.fuzzy;
  }

  std::size_t key_cluster(NameFacts& f) {
    if (f.key_cluster == std::string::npos)
      f.key_cluster = cluster_for(cluster_id("key", f.reading->key), f.reading->key, nullptr, {});
    return f.key_cluster;
  }

  // The override for a name's key or for the reference provider of its
  // cluster (named by its name or any alias), if any.
  const Override* override_for(const std::string& key, std::size_t cluster) {
    const auto& by_key = index->override_by_key;
    if (by_key.empty()) return nullptr;
    auto used = [&](std::size_t i) {
      if (overrides_used.empty()) overrides_used.assign(index->overrides.size(), false);
      overrides_used[i] = true;
      return &index->overrides[i];
    };
    if (auto it = by_key.find(key); it != by_key.end()) return used(it->second);
    if (const ProviderRef* p = clusters[cluster].ref)
      if (auto it = index->override_by_ref.find(static_cast<std::size_t>(p - ref.providers.data()));
          it != index->override_by_ref.end())
        return used(it->second);
    return nullptr;
  }
  // Which overrides a decision of this resolver's took (by their place).
  std::vector<bool> overrides_used;

  // "NHS", "NHS body", but not "Non-NHS" or "Not NHS", which say the
  // opposite (an "NHS / Non-NHS" column's other answer).
  static bool says_nhs(string_view type_cell) {
    const std::string f = text::fold(type_cell);
    return text::contains_phrase(f, "nhs") && !text::contains_phrase(f, "non nhs") &&
           !text::contains_phrase(f, "not nhs") && !text::contains_phrase(f, "non");
  }

  // The names that rows without a type ("A" to "B", "B" to "C") led a
  // spelling through, by key, the spelling's first; `end`: the name being
  // decided is where they stop, whatever its own row says.
  struct MergeChain {
    std::vector<std::string> keys, names;
    bool end = false;
  };

  // What the rules read of a spelling: its name's facts and its type cell.
  struct Clues {
    string_view name, type_cell, code;
    NameFacts& facts;
    std::optional<ProviderType> cell;
    // A cell saying "NHS" names no one type (an NHS trust, a foundation
    // trust, another NHS body), but it does say the provider is not a
    // charity: a "Trust" or "Foundation" in the name is then the NHS's.
    bool cell_says_nhs = false;

    const NameReading& reading() const { return *facts.reading; }
    bool may_use(const NameRule& r) const {
      return !r.rule.empty() && !(cell_says_nhs && r.type == ProviderType::voluntary);
    }
  };

  // Where the first rule that applies leaves a spelling: with a reference
  // entry's provider, or, decided from the cell or the name's words, with
  // its key's (or its council's) until a fuzzy match says otherwise; and
  // whether it is typed.
  enum class Placed { on_reference, by_key, by_key_untyped };

  bool by_code(ProviderDecision& d, const Clues& c) {
    const ProviderRef* p = c.code.empty() ? nullptr : ref.provider_by_ods(c.code);
    if (!p) return false;
    d.basis = "registry";
    from_registry(d, static_cast<std::size_t>(p - ref.providers.data()), 1.0, c.type_cell);
    return true;
  }

  bool by_reference_name(ProviderDecision& d, const Clues& c) {
    const NameReading& reading = c.reading();
    if (reading.registry == std::string::npos) return false;
    d.basis = "registry";
    from_registry(d, reading.registry, reading.confidence, c.type_cell);
    if (reading.branch) {
      d.cluster = key_cluster(c.facts);
      d.ods.clear();
    }
    return true;
  }

  bool by_type_cell(ProviderDecision& d, const Clues& c) {
    if (!c.cell) return false;
    d.basis = "column";
    d.type = *c.cell;
    d.confidence = 0.8;
    // The cell wins (methods.md (Provider types)), but a name that says it is an NHS trust
    // contradicting it is worth a look: a misspelt trust typed "Private".
    const NameRule& rule = c.reading().rule;
    const bool nhs_rule = rule.type == ProviderType::nhs_foundation_trust || rule.type == ProviderType::nhs_trust;
    if (nhs_rule && *c.cell != rule.type && *c.cell != ProviderType::nhs_foundation_trust &&
        *c.cell != ProviderType::nhs_trust)
      d.conflict = fmt::format("the type cell says '{}' but the name says {}; the type cell is used (settle it "
                               "with --overrides)",
                               text::trim(c.type_cell), to_string(rule.type));
    return true;
  }

  static bool by_name_rule(ProviderDecision& d, const Clues& c) {
    const NameRule& rule = c.reading().rule;
    if (!c.may_use(rule)) return false;
    d.basis = "name-rule:" + rule.rule;
    d.type = rule.type;
    d.confidence = rule.type == ProviderType::nhs_foundation_trust || rule.type == ProviderType::nhs_trust ? 0.95 : 0.85;
    return true;
  }

  bool by_fuzzy_match(ProviderDecision& d, const Clues& c) {
    const auto [best, score] = fuzzy_of(c.facts);
    if (best == std::string::npos || score < options.fuzzy_threshold) return false;
    from_registry(d, best, score, c.type_cell);
    d.basis = fmt::format("fuzzy:{:.2f}", score);
    return true;
  }

  static bool by_weak_name_rule(ProviderDecision& d, const Clues& c) {
    const NameRule& weak = c.facts.weak ? *c.facts.weak : *(c.facts.weak = apply_weak_name_rules(c.name));
    if (!c.may_use(weak)) return false;
    d.basis = "name-rule:" + weak.rule;
    d.type = weak.type;
    d.confidence = 0.6;
    return true;
  }

  static Placed as_unknown(ProviderDecision& d) {
    d.basis = "unknown";
    d.type = ProviderType::unknown;
    d.confidence = 0;
    return Placed::by_key_untyped;
  }

  // The first rule that applies, in the order methods.md (Provider types)
  // gives them; the overrides, which beat them all, are looked up after,
  // as they apply to the provider the rules found (override_for()).
  Placed first_rule(ProviderDecision& d, const Clues& c) {
    if (by_code(d, c) || by_reference_name(d, c)) return Placed::on_reference;
    if (by_type_cell(d, c) || by_name_rule(d, c)) return Placed::by_key;
    // A name that names no one provider ("Various") is no reference name
    // misspelt, nor typed by words weaker than the name rules.
    if (c.reading().placeholder) return as_unknown(d);
    if (by_fuzzy_match(d, c)) return Placed::on_reference;
    if (by_weak_name_rule(d, c)) return Placed::by_key;
    return as_unknown(d);
  }

  void place_by_key(ProviderDecision& d, const Clues& c, bool typed) {
    d.cluster = key_cluster(c.facts);
    const std::string& key = c.reading().key;
    // One council has many spellings ("Lambeth Council", "London Borough
    // of Lambeth", "LB Lambeth"), and no reference list to join them.
    if (d.type == ProviderType::local_authority)
      if (std::string place = council_place(key); !place.empty())
        d.cluster = cluster_for(cluster_id("council", place), key, nullptr, {});
    // A misspelt reference name typed by its own words ("Cambridegshire
    // ... NHS Trust") still belongs with the reference provider when a
    // fuzzy match of the same type says so.
    if (typed && !c.reading().placeholder)
      if (auto [best, score] = fuzzy_of(c.facts); best != std::string::npos && score >= options.fuzzy_threshold &&
                                                   ref.providers[best].type == d.type) {
        d.cluster = ref_cluster(best);
        d.ods = ref.providers[best].ods_code;
      }
  }

  // An override with no type decides only the name: the spelling is
  // decided as its canonical name would be, with this row's type cell and
  // code, from row to row ("A" to "B", "B" to "C"), so it joins that
  // provider, typed by the rules as that provider's own spellings are.
  void follow_merge(ProviderDecision& d, const Override& o, const Clues& c, MergeChain* chain) {
    if (chain && (chain->end || chain->keys.size() > kMaxMergeRows)) return;
    MergeChain own;
    MergeChain& m = chain ? *chain : own;
    if (m.keys.empty()) {
      m.keys.push_back(c.reading().key);
      m.names.emplace_back(text::trim(c.name));
    }
    const std::string next = name_key(o.canonical_name);
    std::string fixed = o.canonical_name;
    if (const auto seen = std::find(m.keys.begin(), m.keys.end(), next); seen == m.keys.end()) {
      m.keys.push_back(next);
      m.names.push_back(o.canonical_name);
      d = decide(o.canonical_name, c.type_cell, c.code, &m);
    } else {
      // Rows that lead round in a circle (or a row to its own name): each
      // name of it lands on the one first by key, as the rows write it,
      // whichever spelling the circle is entered from.
      m.names[static_cast<std::size_t>(seen - m.keys.begin())] = o.canonical_name;
      const auto first = std::min_element(seen, m.keys.end());
      fixed = m.names[static_cast<std::size_t>(first - m.keys.begin())];
      // Decided as written even when it keys as this spelling does: "Café
      // Connect CIC" says more than "Café Connect".
      if (fixed != text::trim(c.name)) {
        MergeChain stop;
        stop.end = true;
        d = decide(fixed, c.type_cell, c.code, &stop);
      }
    }
    ProviderCluster& joined = clusters[d.cluster];
    if (!joined.ref && joined.fixed_name.empty()) joined.fixed_name = fixed;
  }

  void apply_override(ProviderDecision& d, const Override& o) {
    // Without a canonical name the provider keeps its cluster and its
    // name (the most frequent spelling, not the first one decided).
    if (const std::string& canonical = o.canonical_name; !canonical.empty()) {
      // The provider of that name, as its own spelling would find it: a
      // reference entry, else the cluster of its key, so that an override
      // joins its provider rather than splitting it in two.
      const std::string canonical_key = name_key(canonical);
      if (auto r = index->ref_by_key.find(canonical_key); r != index->ref_by_key.end()) {
        d.cluster = ref_cluster(r->second);
        // The code of the provider the row is now counted as: two trusts
        // merged by the researcher are one provider with one code.
        d.ods = ref.providers[r->second].ods_code;
      } else {
        d.cluster = cluster_for(cluster_id("key", canonical_key), canonical_key, nullptr, canonical);
        if (clusters[d.cluster].fixed_name.empty()) clusters[d.cluster].fixed_name = canonical;
      }
    }
    d.type = *o.type;
    d.basis = "override";
    d.confidence = 1.0;
    d.conflict.clear();
  }

  ProviderDecision decide(string_view name, string_view type_cell, string_view code, MergeChain* chain = nullptr) {
    // Every return returns `d`, so that it is made in the caller's place
    // rather than moved there: the rules are handed it by reference, which
    // otherwise leaves it a copy of its own (three strings to move a name).
    ProviderDecision d;
    // "Spot purchase (Cygnet Health Care)": the provider is the one named.
    if (const auto named = named_in_remark(name)) {
      d = decide(*named, type_cell, code, chain);
      return d;
    }
    NameFacts& facts = facts_of(name);
    const std::optional<ProviderType> cell = type_cell_of(type_cell);
    const Clues c{name, type_cell, code, facts, cell, !cell && says_nhs(type_cell)};
    if (const Placed placed = first_rule(d, c); placed != Placed::on_reference)
      place_by_key(d, c, placed == Placed::by_key);
    // The researcher's overrides beat every rule, for every spelling of the provider.
    if (const Override* o = override_for(c.reading().key, d.cluster)) {
      if (o->type) apply_override(d, *o);
      else follow_merge(d, *o, c, chain);
    }
    return d;
  }
};

ProviderResolver::ProviderResolver(const ReferenceData& ref, std::vector<Override> overrides, ResolverOptions options)
    : impl_(std::make_unique<Impl>(ref, std::make_shared<const ReferenceIndex>(ref, std::move(overrides)), options,
                                   std::make_shared<SharedNames>())) {}
ProviderResolver::ProviderResolver(const ProviderResolver& same_reference, NoDecisions)
    : impl_(std::make_unique<Impl>(same_reference.impl_->ref, same_reference.impl_->index, same_reference.impl_->options,
                                   same_reference.impl_->shared)) {}
ProviderResolver::~ProviderResolver() = default;
ProviderResolver::ProviderResolver(ProviderResolver&&) noexcept = default;

const ProviderDecision& ProviderResolver::resolve(std::string_view name, std::string_view type_cell,
                                                  std::string_view code) {
  return impl_->resolve(Impl::hash_of(name, type_cell, code), name, type_cell, code);
}

void ProviderResolver::count(const ProviderDecision& d) { impl_->count(impl_->keys.at(d.name_id), 1); }

void ProviderResolver::resolve_and_count(std::span<const Spelling> spellings, std::span<const ProviderDecision*> out) {
  impl_->count_spellings<1>(spellings, out.data());
}

void ProviderResolver::take_back(std::span<const Spelling> spellings, std::span<const ProviderDecision*> out) {
  impl_->count_spellings<-1>(spellings, out.data());
}

std::vector<const ProviderDecision*> ProviderResolver::absorb(const ProviderResolver& other) {
  const Impl& o = *other.impl_;
  std::vector<const ProviderDecision*> mapped(o.keys.size());
  // Both resolvers hash a spelling alike: its hash is taken, not worked out again.
  impl_->resolve_in_steps(
      o.keys.size(), [&](std::size_t i) { return o.keys[i].hash; },
      [&](std::size_t i) {
        const Impl::Key& k = o.keys[i];
        const std::string_view text = std::string_view(o.key_text).substr(k.offset);
        return Spelling{text.substr(0, k.name_len), text.substr(k.name_len, k.type_len),
                        text.substr(k.name_len + k.type_len, k.code_len)};
      },
      [&](std::size_t i) { return o.keys[i].contracts; }, mapped.data());
  return mapped;
}

const std::vector<Override>& ProviderResolver::overrides() const { return impl_->index->overrides; }

std::vector<Override> ProviderResolver::unused_overrides() const {
  std::vector<Override> out;
  const auto& all = impl_->index->overrides;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (i >= impl_->overrides_used.size() || !impl_->overrides_used[i]) out.push_back(all[i]);
  return out;
}

std::string ProviderResolver::canonical_name(std::size_t cluster) const {
  impl_->settle();
  const auto& c = impl_->clusters.at(cluster);
  if (!c.fixed_name.empty()) return c.fixed_name;
  // The most frequent spelling; among as frequent ones, one written in
  // mixed case ("Acme Care Limited", not "ACME CARE LIMITED"), then the
  // first alphabetically (spellings are ordered).
  auto mixed_case = [](const std::string& s) {
    bool upper = false, lower = false;
    for (unsigned char ch : s) {
      upper |= ch >= 'A' && ch <= 'Z';
      lower |= ch >= 'a' && ch <= 'z';
    }
    return upper && lower;
  };
  const std::string* best = nullptr;
  long n = -1;
  bool best_mixed = false;
  for (const auto& [s, k] : c.spellings)
    if (const bool mixed = mixed_case(s); k > n || (k == n && mixed && !best_mixed)) {
      n = k;
      best = &s;
      best_mixed = mixed;
    }
  return best && !best->empty() ? *best : c.key;
}

const std::vector<ProviderCluster>& ProviderResolver::clusters() const {
  impl_->settle();
  return impl_->clusters;
}
std::size_t ProviderResolver::distinct_names() const { return impl_->keys.size(); }

std::vector<std::size_t> DecisionCounts::take_in(const DecisionCounts& other,
                                                 const std::vector<const ProviderDecision*>& mine,
                                                 std::size_t clusters) {
  std::vector<std::size_t> cluster(clusters, SIZE_MAX);
  for (const auto& [d, n] : other.by_name) {
    if (n == 0) continue;
    const ProviderDecision& here = *mine.at(d->name_id);
    if (d->cluster < cluster.size()) cluster[d->cluster] = here.cluster;
    add(here, n);
  }
  return cluster;
}

std::vector<ProviderVerdict> provider_verdicts(const DecisionCounts& counts, std::size_t clusters) {
  // By type in an array, and by basis by views of the decisions' own texts:
  // a national file has tens of thousands of decisions.
  std::vector<std::array<long, kProviderTypeCount>> types(clusters);
  std::vector<std::map<std::string_view, long>> bases(clusters);
  std::vector<ProviderVerdict> out(clusters);
  for (const auto& [d, n] : counts.by_name) {
    if (n <= 0) continue;
    types.at(d->cluster)[static_cast<std::size_t>(d->type)] += n;
    bases[d->cluster][d->basis] += n;
    ProviderVerdict& v = out[d->cluster];
    v.contracts += n;
    v.lowest_confidence = std::min(v.lowest_confidence, d->confidence);
  }
  const auto most = [](auto& x, auto& y) { return x.second < y.second; };
  for (std::size_t c = 0; c < clusters; ++c) {
    if (out[c].contracts == 0) continue;
    out[c].type = static_cast<ProviderType>(std::max_element(types[c].begin(), types[c].end()) - types[c].begin());
    out[c].basis = std::string(std::max_element(bases[c].begin(), bases[c].end(), most)->first);
    if (std::count_if(types[c].begin(), types[c].end(), [](long n) { return n > 0; }) > 1) {
      for (std::size_t t = 0; t < kProviderTypeCount; ++t)
        if (types[c][t] > 0) out[c].types.emplace_back(static_cast<ProviderType>(t), types[c][t]);
      std::stable_sort(out[c].types.begin(), out[c].types.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
    }
  }
  return out;
}

}  // namespace foi
