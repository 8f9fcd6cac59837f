// Writes one synthetic collated contracts CSV for benchmarks, and a sidecar
// table that gives every provider spelling in it its true type and its
// canonical provider.
//
// Usage: gen_collated [N=1000000] [OUT.csv=collated.csv]
//
//   OUT.csv            CCG,Provider,Provider type,Service,Contract value,
//                      Start date,End date,Quality monitoring (N rows)
//   OUT.csv.types.csv  spelling,type,canonical (one row per spelling)
//
// The output is byte-for-byte reproducible: a fixed seed, an own PRNG
// (xoshiro256**) and integer arithmetic only. Names come from the built-in
// reference data (trusts, independent and voluntary providers) with the
// variants FOI returns write ("&" for "and", "NHS FT" and " FT" for "NHS
// Foundation Trust", upper case, "Ltd"/"Limited", with or without "The",
// known aliases), plus made-up providers typed by a methods.md (Provider types) name rule
// ("X Surgery", "X Wellbeing CIC", "Mind in X", "X Care Ltd", ...). The
// truth in the sidecar comes from how each name was made, not from the
// tool's resolver. See bench/README.md.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "foi/provider_type.h"
#include "foi/providers.h"
#include "foi/reference.h"

namespace {

using foi::ProviderType;
using foi::name_key;
using std::string;
using std::string_view;

// ---- PRNG -----------------------------------------------------------------

struct Rng {
  std::uint64_t s[4];
  explicit Rng(std::uint64_t seed) {
    for (auto& w : s) {  // splitmix64
      seed += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      w = z ^ (z >> 31);
    }
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    std::uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
  }
  // Uniform in [0, n), without modulo bias.
  std::uint64_t below(std::uint64_t n) {
    std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    for (;;) {
      std::uint64_t x = next();
      if (x < limit) return x % n;
    }
  }
  long in(long lo, long hi) { return lo + static_cast<long>(below(static_cast<std::uint64_t>(hi - lo + 1))); }
  bool per_mille(unsigned k) { return below(1000) < k; }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }
};

// A discrete distribution over integer weights.
struct Pick {
  std::vector<std::uint64_t> cum;
  void add(std::uint64_t w) { cum.push_back((cum.empty() ? 0 : cum.back()) + w); }
  std::size_t operator()(Rng& r) const {
    std::uint64_t x = r.below(cum.back());
    return static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), x) - cum.begin());
  }
  bool empty() const { return cum.empty() || cum.back() == 0; }
};

// ---- names ----------------------------------------------------------------

string lower(string_view s) {
  string o(s);
  for (char& c : o)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return o;
}

string upper(string_view s) {
  string o(s);
  for (char& c : o)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return o;
}

std::vector<string> words_of(string_view s) {
  std::vector<string> out;
  string w;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\'') continue;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      w += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      w += static_cast<char>(c - 'A' + 'a');
    } else {
      if (!w.empty()) out.push_back(w);
      w.clear();
      if (c == '&') out.push_back("and");
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

// The key without the words that say what kind of NHS body it is.
string core_key(string_view key) {
  string k;
  for (const auto& w : words_of(key))
    if (w != "nhs" && w != "foundation" && w != "trust" && w != "ft") k += (k.empty() ? "" : " ") + w;
  return k;
}

bool ends_with(string_view s, string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

string replace_all(string s, string_view from, string_view to) {
  for (std::size_t p = s.find(from); p != string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

// ---- providers --------------------------------------------------------------

struct Spelling {
  string text;
  unsigned weight;
};

struct Provider {
  string canonical;
  ProviderType type;
  std::vector<Spelling> spellings;
  Pick pick;
};

// Free text for the provider-type cell, consistent with the type. "NHS"
// names no particular type (a reader must look the provider up).
const std::vector<string>& type_texts(ProviderType t) {
  using T = ProviderType;
  static const std::map<T, std::vector<string>> texts = {
      {T::nhs_foundation_trust, {"NHS Foundation Trust", "FT", "Foundation Trust", "NHS FT", "NHS"}},
      {T::nhs_trust, {"NHS Trust", "NHS trust", "NHS"}},
      {T::other_nhs, {"Other NHS", "CSU"}},
      {T::local_authority, {"Council", "Local authority", "LA"}},
      {T::primary_care, {"GP", "GP practice", "Primary care"}},
      {T::private_company, {"Private", "Independent sector", "IS", "Private sector", "Independent"}},
      {T::not_for_profit, {"Social enterprise", "CIC", "Not for profit", "NFP"}},
      {T::voluntary, {"Charity", "Voluntary", "VCS", "Voluntary sector"}},
      {T::other, {"Other", "University"}},
      {T::unknown, {}},
  };
  return texts.at(t);
}

struct Universe {
  std::vector<Provider> providers;
  std::vector<std::vector<std::size_t>> by_type;  // indexes into providers, per type
  std::size_t spellings = 0;
  std::size_t reference_providers = 0;
};

void add_spelling(Provider& p, std::set<string>& seen, const string& text, unsigned weight) {
  if (text.empty() || !seen.insert(text).second) return;
  p.spellings.push_back({text, weight});
}

Universe build_providers(const foi::ReferenceData& ref, Rng& rng, std::size_t target_spellings,
                         std::size_t min_made_up) {
  Universe u;
  std::set<string> seen;  // every spelling, across providers

  // Keys owned by more than one reference provider are ambiguous: their
  // spellings are not used.
  std::unordered_map<string, std::size_t> owner;
  std::unordered_set<string> shared;
  std::unordered_map<string, std::set<std::size_t>> core_owner;  // trusts' core keys
  std::unordered_set<string> ref_words;
  for (std::size_t i = 0; i < ref.providers.size(); ++i) {
    const auto& p = ref.providers[i];
    std::vector<string> names{p.name};
    names.insert(names.end(), p.aliases.begin(), p.aliases.end());
    for (const auto& n : names) {
      string k = name_key(n);
      auto [it, fresh] = owner.emplace(k, i);
      if (!fresh && it->second != i) shared.insert(k);
      if (p.type == ProviderType::nhs_foundation_trust || p.type == ProviderType::nhs_trust)
        core_owner[core_key(k)].insert(i);
      for (const auto& w : words_of(n)) ref_words.insert(w);
    }
  }

  for (std::size_t i = 0; i < ref.providers.size(); ++i) {
    const auto& r = ref.providers[i];
    string key = name_key(r.name);
    if (shared.count(key) || key.empty()) continue;
    Provider p{r.name, r.type, {}, {}};
    auto same_key = [&](const string& s) { return name_key(s) == key; };
    auto variant = [&](const string& s, unsigned w) {
      if (same_key(s)) add_spelling(p, seen, s, w);
    };
    add_spelling(p, seen, r.name, 60);
    variant(upper(r.name), 5);
    if (r.name.find(" and ") != string::npos) variant(replace_all(r.name, " and ", " & "), 10);
    if (r.type == ProviderType::nhs_foundation_trust && ends_with(r.name, " NHS Foundation Trust")) {
      string stem = r.name.substr(0, r.name.size() - 21);
      variant(stem + " NHS FT", 8);
      // "X FT" keys as "x foundation trust", not the reference key: a reader
      // finds the trust by its core name, so only where that is unique.
      const auto& owners = core_owner[core_key(key)];
      if (owners.size() == 1 && !core_key(key).empty()) add_spelling(p, seen, stem + " FT", 6);
    }
    if (r.type == ProviderType::private_company) {
      if (ends_with(r.name, " Ltd")) variant(r.name.substr(0, r.name.size() - 4) + " Limited", 8);
      else if (ends_with(r.name, " Limited")) variant(r.name.substr(0, r.name.size() - 8) + " Ltd", 8);
      else variant(r.name + " Ltd", 8);
    }
    if (r.type == ProviderType::not_for_profit && ends_with(r.name, " CIC"))
      variant(r.name.substr(0, r.name.size() - 4), 4);
    if (r.name.starts_with("The ")) variant(r.name.substr(4), 5);
    for (const auto& a : r.aliases) {
      string k = name_key(a);
      if (!shared.count(k) && !k.empty() && owner.at(k) == i) add_spelling(p, seen, a, 4);
    }
    u.providers.push_back(std::move(p));
  }
  u.reference_providers = u.providers.size();
  for (const auto& p : u.providers) u.spellings += p.spellings.size();

  // Made-up places: syllables, none a word of any reference name.
  static const char* const kHead[] = {"Ash",  "Brack", "Cal",  "Dun",  "Eld",  "Fern", "Gal",  "Hal",  "Ick",
                                      "Kel",  "Lang",  "Mar",  "Nor",  "Oak",  "Pen",  "Quen", "Ros",  "Shel",
                                      "Thorn", "Ul",   "Ver",  "Wen",  "Yar",  "Zel",  "Bram", "Cran", "Drey",
                                      "Elm",  "Fox",   "Glen", "Holm", "Ivy",  "Kings", "Lark", "Moss", "Ned"};
  static const char* const kMid[] = {"", "en", "er", "ing", "ley", "an", "ow"};
  static const char* const kTail[] = {"ford", "ham", "ton", "bury", "wick", "by", "field", "mouth",
                                      "stead", "worth", "combe", "dale", "thorpe", "hurst", "brook"};
  static const std::set<string> kReserved = {"ft", "cic", "ltd", "gp", "gps", "mind", "st", "mh", "the", "nhs",
                                             "trust", "total", "note", "borough", "council", "surgery", "practice",
                                             "partners", "charity", "foundation", "housing", "homes"};
  std::vector<string> places;
  for (const char* h : kHead)
    for (const char* m : kMid)
      for (const char* t : kTail) {
        string place = string(h) + m + t;
        string w = lower(place);
        if (!ref_words.count(w) && !kReserved.count(w)) places.push_back(place);
      }
  rng.shuffle(places);

  using T = ProviderType;
  struct Pattern {
    T type;
    const char* prefix;
    const char* suffix;
    unsigned weight;  // how often this pattern is used, per mille
  };
  static const Pattern kPatterns[] = {
      {T::primary_care, "", " Surgery", 70},
      {T::primary_care, "", " Medical Centre", 50},
      {T::primary_care, "The ", " Practice", 40},
      {T::not_for_profit, "", " Wellbeing CIC", 60},
      {T::not_for_profit, "", " Social Enterprise", 40},
      {T::not_for_profit, "", " Community Health CIC", 30},
      {T::voluntary, "Mind in ", "", 60},
      {T::voluntary, "", " Mind", 50},
      {T::voluntary, "Age UK ", "", 40},
      {T::voluntary, "", " Mental Health Charity", 40},
      {T::voluntary, "", " Samaritans", 20},
      {T::private_company, "", " Care Ltd", 70},
      {T::private_company, "", " Healthcare Limited", 60},
      {T::private_company, "", " Therapies Ltd", 50},
      {T::private_company, "", " Clinic LLP", 20},
      {T::local_authority, "", " Borough Council", 40},
      {T::local_authority, "", " County Council", 30},
      {T::local_authority, "London Borough of ", "", 20},
      {T::other, "University of ", "", 20},
      {T::other_nhs, "", " Commissioning Support Unit", 20},
      {T::unknown, "", " Associates", 40},
  };
  Pick patterns;
  for (const auto& pt : kPatterns) patterns.add(pt.weight);
  std::size_t next_place = 0;
  std::set<string> made_keys;
  std::size_t made = 0;
  while ((u.spellings < target_spellings || made < min_made_up) && next_place < places.size()) {
    const Pattern& pt = kPatterns[patterns(rng)];
    const string& place = places[next_place++];
    string name = string(pt.prefix) + place + pt.suffix;
    string key = name_key(name);
    if (owner.count(key) || !made_keys.insert(key).second) continue;
    Provider p{name, pt.type, {}, {}};
    add_spelling(p, seen, name, 70);
    add_spelling(p, seen, upper(name), 10);
    auto variant = [&](const string& s, unsigned w) {
      if (name_key(s) == key) add_spelling(p, seen, s, w);
    };
    if (ends_with(name, " Ltd")) variant(name.substr(0, name.size() - 4) + " Limited", 20);
    if (ends_with(name, " Limited")) variant(name.substr(0, name.size() - 8) + " Ltd", 20);
    if (name.starts_with("The ")) variant(name.substr(4), 20);
    if (name.starts_with("Age UK ")) variant("Age UK - " + place, 15);
    if (pt.type == T::local_authority && ends_with(name, " Council")) variant(upper(place) + " " + (name.c_str() + place.size() + 1), 10);
    u.spellings += p.spellings.size();
    u.providers.push_back(std::move(p));
    ++made;
  }

  u.by_type.assign(foi::kProviderTypeCount, {});
  for (std::size_t i = 0; i < u.providers.size(); ++i) {
    auto& p = u.providers[i];
    for (const auto& s : p.spellings) p.pick.add(s.weight);
    u.by_type[static_cast<std::size_t>(p.type)].push_back(i);
  }
  for (auto& v : u.by_type) rng.shuffle(v);  // Zipf rank: random, not alphabetical
  return u;
}

// ---- cells ------------------------------------------------------------------

// Days since 1970-01-01 and back (H. Hinnant's civil algorithms).
long days_from_civil(long y, long m, long d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(long z, long& y, long& m, long& d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);
}

const char* const kMonthFull[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
const char* const kMonthShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void put_date(string& out, long day, unsigned form) {
  long y, m, d;
  civil_from_days(day, y, m, d);
  int yi = static_cast<int>(y % 10000), mi = static_cast<int>(m), di = static_cast<int>(d);
  if (mi < 1 || mi > 12) mi = 1;
  char buf[96];
  switch (form) {
    case 0: std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", di, mi, yi); break;
    case 1: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", yi, mi, di); break;
    case 2: std::snprintf(buf, sizeof buf, "%d %s %04d", di, kMonthFull[mi - 1], yi); break;
    default: std::snprintf(buf, sizeof buf, "%02d-%s-%02d", di, kMonthShort[mi - 1], yi % 100); break;
  }
  out += buf;
}

string grouped(long v) {
  string digits = std::to_string(v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// A contract value as FOI returns write it; pounds and pence are integers.
string value_text(Rng& rng, long pounds, long pence) {
  char buf[64];
  unsigned k = static_cast<unsigned>(rng.below(1000));
  if (k < 40) return "N/A";
  if (k < 80) return "Commercially sensitive";
  if (k < 120) return "";
  if (k < 450) {  // £1,234,567.89
    std::snprintf(buf, sizeof buf, "%02ld", pence);
    return "\xC2\xA3" + grouped(pounds) + "." + buf;
  }
  if (k < 700) return std::to_string(pounds);  // 1234567
  if (k < 780) return "\xC2\xA3" + grouped(pounds) + ".00";
  if (pounds >= 1000000) {  // £1.25m
    long h = (pounds + 5000) / 10000;  // hundredths of a million
    if (h % 100 == 0) std::snprintf(buf, sizeof buf, "\xC2\xA3%ldm", h / 100);
    else if (h % 10 == 0) std::snprintf(buf, sizeof buf, "\xC2\xA3%ld.%ldm", h / 100, (h % 100) / 10);
    else std::snprintf(buf, sizeof buf, "\xC2\xA3%ld.%02ldm", h / 100, h % 100);
    return buf;
  }
  long t = (pounds + 50) / 100;  // tenths of a thousand
  if (t == 0) return std::to_string(pounds);
  if (t % 10 == 0) std::snprintf(buf, sizeof buf, "\xC2\xA3%ldk", t / 10);
  else std::snprintf(buf, sizeof buf, "\xC2\xA3%ld.%ldk", t / 10, t % 10);
  return buf;
}

// Contract sizes by type: the decade of the value in pounds (10^d..10^(d+1)).
struct Sizes {
  int first;
  std::vector<unsigned> weights;
};
const Sizes& sizes_of(ProviderType t) {
  using T = ProviderType;
  static const std::map<T, Sizes> s = {
      {T::nhs_foundation_trust, {4, {10, 45, 40, 5}}}, {T::nhs_trust, {4, {20, 50, 28, 2}}},
      {T::other_nhs, {4, {30, 50, 20}}},            {T::local_authority, {4, {40, 50, 10}}},
      {T::primary_care, {3, {40, 50, 10}}},         {T::private_company, {4, {30, 50, 20}}},
      {T::not_for_profit, {4, {40, 50, 10}}},       {T::voluntary, {3, {30, 50, 20}}},
      {T::other, {3, {50, 50}}},                    {T::unknown, {3, {30, 50, 20}}},
  };
  return s.at(t);
}

const char* const kServices[] = {
    "Adult community mental health team",
    "Crisis resolution and home treatment",
    "Improving Access to Psychological Therapies (IAPT)",
    "Child and adolescent mental health services",
    "Early intervention in psychosis",
    "Acute inpatient mental health",
    "Psychiatric liaison",
    "Eating disorders service",
    "Counselling service",
    "Dementia support and memory clinic",
    "Peer support and recovery college",
    "Supported housing for mental health",
    "Employment support (IPS)",
    "Perinatal mental health",
    "Secure and forensic placements",
    "Advocacy, including IMHA",
    "Crisis cafe, out of hours",
    "Talking therapies, step 2 and step 3",
    "Suicide prevention and bereavement support",
    "\"Step 2\" low-intensity therapy",
};

void put_cell(string& out, string_view s) {
  bool quote = s.find_first_of(",\"\n\r") != string_view::npos;
  if (!quote) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void write_row(string& out, Rng& rng, const Universe& u, const string& ccg, const std::vector<std::size_t>& home,
               const Pick& types, long seq) {
  using T = ProviderType;
  // Provider: a type, then a provider of that type (Zipf by rank; a CCG's
  // NHS contracts go mostly to its home trusts), then a spelling.
  std::size_t t = types(rng);
  const auto& pool = u.by_type[t];
  std::size_t pi;
  bool nhs = t == static_cast<std::size_t>(T::nhs_foundation_trust) || t == static_cast<std::size_t>(T::nhs_trust);
  if (nhs && !home.empty() && rng.per_mille(850)) {
    std::vector<std::size_t> mine;
    for (auto h : home)
      if (static_cast<std::size_t>(u.providers[h].type) == t) mine.push_back(h);
    pi = mine.empty() ? pool[0] : mine[rng.below(mine.size())];
  } else {
    // Zipf over the pool: rank r has weight 1/(r+1), drawn by rejection
    // from an integer harmonic table.
    static std::vector<Pick> zipf(foi::kProviderTypeCount);
    Pick& z = zipf[t];
    if (z.cum.empty())
      for (std::size_t r = 0; r < pool.size(); ++r) z.add(1000000 / (r + 1));
    pi = pool[z(rng)];
  }
  const Provider& p = u.providers[pi];
  const string& spelling = p.spellings[p.pick(rng)].text;

  // Type cell: blank in ~40% of rows, else a wording of the true type.
  string type_cell;
  const auto& texts = type_texts(p.type);
  if (!texts.empty() && rng.per_mille(600)) {
    type_cell = texts[rng.below(texts.size())];
    if (rng.per_mille(100)) type_cell = upper(type_cell);
    else if (rng.per_mille(100)) type_cell = lower(type_cell);
  }

  // Service: unique per row (a contract reference), some with commas,
  // quotes and line breaks.
  string service = kServices[rng.below(std::size(kServices))];
  if (rng.per_mille(2)) service[service.find(' ')] = '\n';
  else if (rng.per_mille(30)) service += ", including out of area placements";
  static const char* const kFor[] = {" for working-age adults",
                                    " for older people",
                                    " for children and young people",
                                    " in primary care settings",
                                    " across the CCG area",
                                    " (countywide)",
                                    ""};
  service += kFor[rng.below(std::size(kFor))];
  char ref[64];
  std::snprintf(ref, sizeof ref, " - contract ref %s/MH/%07ld", ccg.c_str(), seq);
  service += ref;

  // Value.
  const Sizes& sz = sizes_of(p.type);
  Pick decade;
  for (auto w : sz.weights) decade.add(w);
  int d = sz.first + static_cast<int>(decade(rng));
  long lo = 1;
  for (int i = 0; i < d; ++i) lo *= 10;
  long pounds = rng.in(lo, lo * 10 - 1);
  long pence = rng.per_mille(500) ? 0 : rng.in(0, 99);
  string value = value_text(rng, pounds, pence);

  // Dates inside 2013/14-2015/16; start on 1 April half the time.
  const long fy_start = days_from_civil(2013, 4, 1), fy_end = days_from_civil(2016, 3, 31);
  long start;
  if (rng.per_mille(500)) start = days_from_civil(2013 + rng.in(0, 2), 4, 1);
  else start = rng.in(fy_start, fy_end - 30);
  long years = rng.in(1, 3);
  long y, m, dd;
  civil_from_days(start, y, m, dd);
  long end = std::min(days_from_civil(y + years, m, std::min(dd, 28L)) - 1, fy_end);
  if (end < start) end = start;

  // Quality monitoring.
  static const char* const kQuality[] = {"Yes",  "KPIs", "CQUIN",   "Quarterly review meetings", "Monthly contract meetings",
                                         "No",   "None", "No KPIs", "",
                                         "N/A",  "Not known"};
  static const unsigned kQualityWeights[] = {200, 60, 40, 50, 20, 180, 80, 20, 200, 120, 30};
  static Pick quality;
  if (quality.cum.empty())
    for (auto w : kQualityWeights) quality.add(w);
  const char* q = kQuality[quality(rng)];

  out += ccg;
  out += ',';
  put_cell(out, spelling);
  out += ',';
  put_cell(out, type_cell);
  out += ',';
  put_cell(out, service);
  out += ',';
  put_cell(out, value);
  out += ',';
  put_date(out, start, static_cast<unsigned>(rng.below(4)));
  out += ',';
  if (!rng.per_mille(30)) put_date(out, end, static_cast<unsigned>(rng.below(4)));
  out += ',';
  put_cell(out, q);
  out += '\n';
}

bool write_all(std::FILE* f, const string& s) { return std::fwrite(s.data(), 1, s.size(), f) == s.size(); }

}  // namespace

int main(int argc, char** argv) {
  long n = argc > 1 ? std::atol(argv[1]) : 1000000;
  string path = argc > 2 ? argv[2] : "collated.csv";
  if (n < 0 || argc > 3) {
    std::fprintf(stderr, "usage: gen_collated [N=1000000] [OUT.csv=collated.csv]\n");
    return 2;
  }
  const auto& ref = foi::builtin_reference();
  Rng rng(20190703373ull);  // BJGP 2019 article number as the seed

  Universe u = build_providers(ref, rng, 3000, 200);

  // CCGs: every one of the 211, with uneven sizes, and two home trusts each.
  using T = ProviderType;
  std::vector<string> ccgs;
  Pick ccg_pick;
  std::vector<std::vector<std::size_t>> home;
  const auto& fts = u.by_type[static_cast<std::size_t>(T::nhs_foundation_trust)];
  const auto& trusts = u.by_type[static_cast<std::size_t>(T::nhs_trust)];
  for (const auto& c : ref.ccgs) {
    ccgs.push_back(c.code);
    long w = rng.in(1, 8);
    ccg_pick.add(static_cast<std::uint64_t>(w * w));
    home.push_back({fts[rng.below(fts.size())], fts[rng.below(fts.size())], trusts[rng.below(trusts.size())]});
  }

  // Contract shares by type (per mille), roughly as in the BJGP study.
  Pick types;
  for (auto t : foi::kAllProviderTypes) {
    static const std::map<T, unsigned> kShare = {
        {T::nhs_foundation_trust, 250}, {T::nhs_trust, 50}, {T::other_nhs, 10}, {T::local_authority, 20},
        {T::primary_care, 30},          {T::private_company, 200}, {T::not_for_profit, 100},
        {T::voluntary, 320},            {T::other, 5},      {T::unknown, 15}};
    types.add(u.by_type[static_cast<std::size_t>(t)].empty() ? 0 : kShare.at(t));
  }

  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::perror(path.c_str());
    return 1;
  }
  string buf = "CCG,Provider,Provider type,Service,Contract value,Start date,End date,Quality monitoring\n";
  bool ok = true;
  for (long i = 0; i < n && ok; ++i) {
    std::size_t c = ccg_pick(rng);
    write_row(buf, rng, u, ccgs[c], home[c], types, i + 1);
    if (buf.size() > (1u << 20)) {
      ok = write_all(f, buf);
      buf.clear();
    }
  }
  ok = ok && write_all(f, buf);
  ok = (std::fclose(f) == 0) && ok;

  // Sidecar: spelling,type,canonical, sorted by spelling.
  std::map<string, std::pair<string, string>> side;
  for (const auto& p : u.providers)
    for (const auto& s : p.spellings) side.emplace(s.text, std::pair{string(foi::to_string(p.type)), p.canonical});
  string types_path = path + ".types.csv";
  std::FILE* g = std::fopen(types_path.c_str(), "wb");
  if (!g) {
    std::perror(types_path.c_str());
    return 1;
  }
  buf = "spelling,type,canonical\n";
  for (const auto& [spelling, tc] : side) {
    put_cell(buf, spelling);
    buf += ',';
    buf += tc.first;
    buf += ',';
    put_cell(buf, tc.second);
    buf += '\n';
  }
  ok = write_all(g, buf) && ok;
  ok = (std::fclose(g) == 0) && ok;
  if (!ok) {
    std::fprintf(stderr, "gen_collated: write failed\n");
    return 1;
  }
  std::fprintf(stderr, "gen_collated: %ld rows, %zu providers (%zu from the reference data), %zu spellings -> %s\n", n,
               u.providers.size(), u.reference_providers, side.size(), path.c_str());
  return 0;
}
