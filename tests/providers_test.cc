#include "foi/providers.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <set>
#include <span>
#include <thread>

#include "foi/reader.h"
#include "test_util.h"

using foi::ProviderResolver;
using foi::ProviderType;

namespace {
const foi::ReferenceData& ref() { return foi::builtin_reference(); }

struct Labelled {
  std::string spelling, canonical;
  ProviderType type;
};

std::vector<Labelled> labelled_set() {
  static std::string bytes = test::slurp(std::string(FOI_SOURCE_DIR) + "/tests/data/providers_labelled.csv");
  std::vector<Labelled> out;
  auto records = foi::read_all(bytes);
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& c = records[i].cells;
    if (c.size() < 3) continue;
    out.push_back({std::string(c[0]), std::string(c[1]), *foi::parse_provider_type(c[2])});
  }
  return out;
}

bool is_nhs_trust(ProviderType t) {
  return t == ProviderType::nhs_foundation_trust || t == ProviderType::nhs_trust;
}
bool is_independent(ProviderType t) {
  return t == ProviderType::private_company || t == ProviderType::voluntary || t == ProviderType::not_for_profit;
}
}  // namespace

TEST_CASE("name keying follows methods.md (Provider types) step by step", "[providers]") {
  CHECK(foi::name_key("South London & Maudsley NHS FT") == "south london and maudsley nhs foundation trust");
  CHECK(foi::name_key("The Priory Group Ltd.") == "priory group");
  CHECK(foi::name_key("St Mungo's") == "saint mungos");
  CHECK(foi::name_key("Rotherham MH Services CIC") == "rotherham mental health services");
  CHECK(foi::name_key("Café  Limited") == "cafe");
  CHECK(foi::name_key("Oxleas FT") == foi::name_key("OXLEAS foundation trust"));
  CHECK(foi::core_key("oxleas nhs foundation trust") == "oxleas");
  // Found by fuzzing: suffixes go before the "ft at the end" rule looks.
  CHECK(foi::name_key("Oxleas FT Ltd") == "oxleas foundation trust");
  CHECK(foi::core_key("lancashire care nhs foundation trsut") == "lancashire care");
  CHECK(foi::core_key("black country partnership nhs foundaton trust") == "black country partnership");
  CHECK(foi::core_key("royal cornwall hospitals truro trust") == "royal cornwall hospitals truro");
  CHECK(foi::core_key("trent ptss") == "trent ptss");
}

TEST_CASE("type cells are normalised as methods.md (Provider types) rule 3 lists", "[providers]") {
  using T = ProviderType;
  CHECK(foi::parse_type_cell("FT") == T::nhs_foundation_trust);
  CHECK(foi::parse_type_cell("Foundation Trust") == T::nhs_foundation_trust);
  CHECK(foi::parse_type_cell("NHS Trust") == T::nhs_trust);
  CHECK(foi::parse_type_cell("Private") == T::private_company);
  CHECK(foi::parse_type_cell("Independent sector") == T::private_company);
  CHECK(foi::parse_type_cell("IS") == T::private_company);
  CHECK(foi::parse_type_cell("Charity") == T::voluntary);
  CHECK(foi::parse_type_cell("VCS") == T::voluntary);
  CHECK(foi::parse_type_cell("Social enterprise") == T::not_for_profit);
  CHECK(foi::parse_type_cell("CIC") == T::not_for_profit);
  CHECK(foi::parse_type_cell("NFP") == T::not_for_profit);
  CHECK(foi::parse_type_cell("LA") == T::local_authority);
  CHECK(foi::parse_type_cell("Council") == T::local_authority);
  CHECK_FALSE(foi::parse_type_cell(""));
  CHECK_FALSE(foi::parse_type_cell("see notes"));
}

TEST_CASE("type cells: 3rd sector is the third sector, a company limited by guarantee is not for profit, a federation "
          "is primary care",
          "[providers]") {
  using T = ProviderType;
  CHECK(foi::parse_type_cell("3rd sector") == T::voluntary);
  CHECK(foi::parse_type_cell("3rd Sector organisation") == T::voluntary);
  CHECK(foi::parse_type_cell("Company limited by guarantee") == T::not_for_profit);
  CHECK(foi::parse_type_cell("Private company") == T::private_company);
  CHECK(foi::parse_type_cell("Federation") == T::primary_care);
  CHECK(foi::parse_type_cell("GP Federation") == T::primary_care);
  // What names no type stays unknown rather than guessed.
  CHECK_FALSE(foi::parse_type_cell("Trust"));
  CHECK_FALSE(foi::parse_type_cell("Public sector"));
  CHECK_FALSE(foi::parse_type_cell("Any Qualified Provider"));
}

TEST_CASE("name rules type what the reference does not know", "[providers]") {
  using T = ProviderType;
  CHECK(foi::apply_name_rules("Anytown NHS Foundation Trust").type == T::nhs_foundation_trust);
  CHECK(foi::apply_name_rules("Anytown Healthcare FT").type == T::nhs_foundation_trust);
  CHECK(foi::apply_name_rules("Anytown NHS Trust").type == T::nhs_trust);
  CHECK(foi::apply_name_rules("Wellbeing Matters CIC").type == T::not_for_profit);
  CHECK(foi::apply_name_rules("Anytown Borough Council").type == T::local_authority);
  CHECK(foi::apply_name_rules("Royal Borough of Anytown").type == T::local_authority);
  CHECK(foi::apply_name_rules("Borough Care Ltd").type == T::private_company);  // a company, not a council
  CHECK(foi::apply_name_rules("The Elms Surgery").type == T::primary_care);
  CHECK(foi::apply_name_rules("Park Road Medical Centre").type == T::primary_care);
  CHECK(foi::apply_name_rules("Talking Minds Ltd").type == T::private_company);
  CHECK(foi::apply_name_rules("Mind in Anytown").type == T::voluntary);
  CHECK(foi::apply_name_rules("NHS Anytown CCG").type == T::other_nhs);
  CHECK(foi::apply_name_rules("Anytown Therapy Services").rule.empty());
}

TEST_CASE("a provider cell naming several providers is told apart from one provider's name holding 'and'",
          "[providers]") {
  using V = std::vector<std::string_view>;
  CHECK(foi::providers_named_together("Oxleas NHS FT / Bromley Healthcare") == V{"Oxleas NHS FT", "Bromley Healthcare"});
  CHECK(foi::providers_named_together("Certitude in partnership with SLaM") == V{"Certitude", "SLaM"});
  CHECK(foi::providers_named_together("Oxleas NHS FT & Bromley Healthcare CIC") ==
        V{"Oxleas NHS FT", "Bromley Healthcare CIC"});
  CHECK(foi::providers_named_together("Mind; Rethink; Turning Point") == V{"Mind", "Rethink", "Turning Point"});
  CHECK(foi::providers_named_together("turning point; rethink") == V{"turning point", "rethink"});
  for (const char* one : {"South London and Maudsley NHS Foundation Trust", "NHS City and Hackney CCG",
                          "NHS Tameside and Glossop CCG", "Barnet, Enfield and Haringey Mental Health NHS Trust",
                          "Richmond Fellowship", "N/A", "Mind and Body Ltd", "Turning Point; substance misuse"}) {
    INFO(one);
    CHECK(foi::providers_named_together(one).empty());
  }
}

TEST_CASE("resolution records its basis and prefers the reference over the type cell", "[providers]") {
  ProviderResolver r(ref());
  auto d = r.resolve("South London & Maudsley NHS FT", "Private");
  CHECK(d.basis == "registry");
  CHECK(d.type == ProviderType::nhs_foundation_trust);
  CHECK(d.ods == "RV5");
  CHECK(d.conflict.find("Private") != std::string::npos);
  CHECK(r.canonical_name(d.cluster) == "South London and Maudsley NHS Foundation Trust");
  CHECK(r.resolve("SLaM").cluster == d.cluster);
  CHECK(r.resolve("South London and Maudsley").cluster == d.cluster);
  // A trust renamed since 2013 is the trust under its old name, from the reference's aliases.
  for (const auto& [later, earlier] : {std::pair{"North West Boroughs Healthcare NHS Foundation Trust",
                                                 "5 Boroughs Partnership NHS Foundation Trust"},
                                       std::pair{"Humber Teaching NHS Foundation Trust", "Humber NHS Foundation Trust"}}) {
    INFO(later);
    const auto& renamed = r.resolve(later);
    CHECK(renamed.basis == "registry");
    CHECK(renamed.cluster == r.resolve(earlier).cluster);
  }
  CHECK(r.resolve("Anytown Therapy Services", "Charity").basis == "column");
  CHECK(r.resolve("Anytown Therapy Services Ltd").basis == "name-rule:company");
  CHECK(r.resolve("Oxlees NHS Foundaton Trust").basis.starts_with("fuzzy:"));
  CHECK(r.resolve("Zzyzx Wellness").basis == "unknown");
}

TEST_CASE("a name with a remark in brackets is the provider named before it, not a branch of it", "[providers]") {
  ProviderResolver r(ref());
  const auto& rethink = r.resolve("Rethink Mental Illness");
  for (const char* spelling : {"Rethink Mental Illness (formerly Rethink)", "Rethink Mental Illness (national)"}) {
    INFO(spelling);
    const auto& d = r.resolve(spelling);
    CHECK(d.cluster == rethink.cluster);
    CHECK(d.type == ProviderType::voluntary);
    CHECK(d.confidence == 0.95);
  }
  CHECK(r.canonical_name(rethink.cluster) == "Rethink Mental Illness");
  // A bracket before which no reference name stands changes nothing.
  CHECK(r.resolve("Zzyzx Wellness (Croydon)").basis == "unknown");
}

TEST_CASE("resolution is cached per distinct name", "[providers]") {
  ProviderResolver r(ref());
  for (int i = 0; i < 1000; ++i) r.resolve("Oxleas NHS Foundation Trust");
  r.resolve("Oxleas NHS FT");
  CHECK(r.distinct_names() == 2);
}

TEST_CASE("resolving a batch gives each spelling the decision resolve() gives it, and counts it", "[providers]") {
  ProviderResolver one_by_one(ref()), batched(ref());
  std::vector<std::string> names, types;
  for (int i = 0; i < 300; ++i) {
    names.push_back(i % 5 == 0 ? "Oxleas NHS Foundation Trust" : "Provider " + std::to_string(i % 37) + " Ltd");
    types.push_back(i % 3 == 0 ? "" : "Private");
  }
  std::vector<ProviderResolver::Spelling> spellings;
  for (std::size_t i = 0; i < names.size(); ++i) spellings.push_back({names[i], types[i], ""});
  std::vector<const foi::ProviderDecision*> out(spellings.size());
  batched.resolve_and_count(spellings, out);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const foi::ProviderDecision& d = one_by_one.resolve(names[i], types[i]);
    one_by_one.count(d);
    REQUIRE(out[i]);
    CHECK(out[i]->name_id == d.name_id);
    CHECK(out[i]->type == d.type);
    CHECK(out[i]->basis == d.basis);
    CHECK(batched.canonical_name(out[i]->cluster) == one_by_one.canonical_name(d.cluster));
  }
  CHECK(batched.distinct_names() == one_by_one.distinct_names());
  REQUIRE(batched.clusters().size() == one_by_one.clusters().size());
  for (std::size_t c = 0; c < batched.clusters().size(); ++c)
    CHECK(batched.clusters()[c].contracts == one_by_one.clusters()[c].contracts);
}

TEST_CASE("taking contracts back uncounts them under the decisions they were counted with", "[providers]") {
  ProviderResolver r(ref());
  std::vector<ProviderResolver::Spelling> spellings{
      {"Oxleas NHS FT", "", ""}, {"Oxleas NHS Foundation Trust", "", ""}, {"Oxleas NHS Foundation Trust", "", ""},
      {"Zzyzx Wellness", "Private", ""}};
  std::vector<const foi::ProviderDecision*> counted(spellings.size()), taken(2);
  r.resolve_and_count(spellings, counted);
  // The full name's second contract and the private one are taken back.
  r.take_back(std::span(spellings).subspan(2), taken);
  CHECK(taken[0] == counted[2]);
  CHECK(taken[1] == counted[3]);
  CHECK(r.distinct_names() == 3);
  const auto& oxleas = r.clusters()[counted[0]->cluster];
  CHECK(oxleas.contracts == 2);
  CHECK(oxleas.spellings.at("Oxleas NHS FT") == 1);
  CHECK(oxleas.spellings.at("Oxleas NHS Foundation Trust") == 1);
  CHECK(r.clusters()[counted[3]->cluster].contracts == 0);
}

TEST_CASE("a provider's cluster_id is the same in resolvers that met its names in another order; its place is not",
          "[providers]") {
  ProviderResolver a(ref()), b(ref());
  const std::vector<std::string> names{"Oxleas NHS Foundation Trust", "Talking Space Ltd", "Mind in Croydon",
                                       "TALKING SPACE LIMITED", "Oxleas NHS FT"};
  std::vector<const foi::ProviderDecision*> in_a, in_b(names.size());
  for (const auto& n : names) in_a.push_back(&a.resolve(n));
  for (std::size_t i : {2, 3, 4, 0, 1}) in_b[i] = &b.resolve(names[i]);  // Mind in Croydon first
  bool some_place_differs = false;
  for (std::size_t i = 0; i < names.size(); ++i) {
    INFO(names[i]);
    CHECK(in_a[i]->cluster_id == in_b[i]->cluster_id);
    some_place_differs |= in_a[i]->cluster != in_b[i]->cluster;
  }
  CHECK(some_place_differs);
  // Spellings of one provider share it; different providers do not.
  CHECK(in_a[0]->cluster_id == in_a[4]->cluster_id);
  CHECK(in_a[1]->cluster_id == in_a[3]->cluster_id);
  CHECK(in_a[0]->cluster_id != in_a[1]->cluster_id);
  CHECK(in_a[1]->cluster_id != in_a[2]->cluster_id);
  // An override's cluster is its own, the same in any resolver with it.
  std::vector<foi::Override> o{{"Oxleas NHS Foundation Trust", "Oxleas (overridden)", ProviderType::other, 2}};
  ProviderResolver c(ref(), o), d(ref(), o);
  d.resolve("Mind in Croydon");
  CHECK(c.resolve("Oxleas NHS FT").cluster_id == d.resolve("Oxleas NHS FT").cluster_id);
  CHECK(c.resolve("Oxleas NHS FT").cluster_id != in_a[0]->cluster_id);
}

TEST_CASE("resolvers made from one, deciding the same names at once on two threads, decide each as one resolver "
          "alone does",
          "[providers]") {
  // They share what a name tells by itself and its fuzzy match; each
  // makes its own decisions and clusters.
  std::vector<std::string> names;
  for (int i = 0; i < 400; ++i) {
    names.push_back(i % 4 == 0   ? "Oxleas NHS Foundation Trust"
                    : i % 4 == 1 ? fmt::format("Supplier {} Ltd", i % 97)
                    : i % 4 == 2 ? "Oxlea NHS Foundaton Trust"  // fuzzy
                                 : fmt::format("Mind in Croydon branch {}", i % 13));
  }
  ProviderResolver alone(ref()), first(ref());
  ProviderResolver second(first, ProviderResolver::NoDecisions{});
  std::vector<const foi::ProviderDecision*> a(names.size()), b(names.size());
  std::thread other([&] {
    for (std::size_t i = names.size(); i-- > 0;) b[i] = &second.resolve(names[i]);  // the other way round
  });
  for (std::size_t i = 0; i < names.size(); ++i) a[i] = &first.resolve(names[i]);
  other.join();
  std::set<std::string> bases;
  for (std::size_t i = 0; i < names.size(); ++i) {
    INFO(names[i]);
    const foi::ProviderDecision& one = alone.resolve(names[i]);
    bases.insert(one.basis.substr(0, one.basis.find(':')));
    for (const foi::ProviderDecision* d : {a[i], b[i]}) {
      CHECK(d->type == one.type);
      CHECK(d->basis == one.basis);
      CHECK(d->confidence == one.confidence);
      CHECK(d->cluster_id == one.cluster_id);
    }
  }
  CHECK(bases == std::set<std::string>{"fuzzy", "name-rule", "registry"});
}

TEST_CASE("an override changes the type of a provider for every spelling", "[providers]") {
  std::vector<foi::Override> o{{"Oxleas NHS Foundation Trust", "Oxleas (overridden)", ProviderType::other, 2}};
  ProviderResolver r(ref(), o);
  auto a = r.resolve("Oxleas NHS FT");
  auto b = r.resolve("OXLEAS NHS FOUNDATION TRUST", "FT");
  CHECK(a.basis == "override");
  CHECK(a.type == ProviderType::other);
  CHECK(b.cluster == a.cluster);
  CHECK(r.canonical_name(a.cluster) == "Oxleas (overridden)");
}

TEST_CASE("an override joining one trust to another gives its rows the other's ODS code", "[providers]") {
  std::vector<foi::Override> o{{"North Essex Partnership University NHS Foundation Trust",
                                "South Essex Partnership University NHS Foundation Trust",
                                ProviderType::nhs_foundation_trust, 2}};
  ProviderResolver r(ref(), o);
  const auto& north = r.resolve("North Essex Partnership University NHS Foundation Trust");
  const auto& south = r.resolve("South Essex Partnership University NHS Foundation Trust");
  CHECK(north.cluster == south.cluster);
  CHECK(south.ods == "RWN");
  CHECK(north.ods == "RWN");
  CHECK(r.resolve("North Essex Partnership University NHS Foundation Trust", "", "RRD").ods == "RWN");
}

TEST_CASE("a type cell contradicting a name that says it is an NHS trust is used, and the conflict told",
          "[providers]") {
  ProviderResolver r(ref());
  const auto& misspelt = r.resolve("South London and Maudsly NHS Foundation Trust", "Private");
  CHECK(misspelt.basis == "column");
  CHECK(misspelt.type == ProviderType::private_company);
  CHECK(misspelt.conflict ==
        "the type cell says 'Private' but the name says nhs_foundation_trust; the type cell is used (settle it with "
        "--overrides)");
  // A cell that agrees, or names another kind of NHS trust, is no conflict worth telling.
  CHECK(r.resolve("Somewhere Else NHS Foundation Trust", "FT").conflict.empty());
  CHECK(r.resolve("Somewhere Else NHS Foundation Trust", "NHS Trust").conflict.empty());
  CHECK(r.resolve("Somewhere Ltd", "Charity").conflict.empty());
}

TEST_CASE("an override naming an existing provider joins it, not a provider of its own", "[providers]") {
  std::vector<foi::Override> o{{"S.L.A.M.", "South London and Maudsley NHS Foundation Trust",
                                ProviderType::nhs_foundation_trust, 2},
                               {"Turning Piont", "Talking Space Ltd", ProviderType::private_company, 3}};
  ProviderResolver r(ref(), o);
  const foi::ProviderDecision slam = r.resolve("S.L.A.M.");
  const foi::ProviderDecision registry = r.resolve("South London and Maudsley NHS FT");
  CHECK(slam.basis == "override");
  CHECK(slam.cluster == registry.cluster);
  CHECK(slam.ods == registry.ods);
  CHECK_FALSE(slam.ods.empty());
  // A provider the reference does not know: the cluster its own name finds, in either order.
  const foi::ProviderDecision misspelt = r.resolve("Turning Piont");
  const foi::ProviderDecision own = r.resolve("Talking Space Limited");
  CHECK(misspelt.cluster == own.cluster);
  CHECK(r.canonical_name(own.cluster) == "Talking Space Ltd");
  ProviderResolver other(ref(), o);
  CHECK(other.resolve("Talking Space Limited").cluster == other.resolve("Turning Piont").cluster);
}

TEST_CASE("variants without a reference entry cluster by key and take the most frequent spelling", "[providers]") {
  ProviderResolver r(ref());
  for (auto s : {"Talking Space Ltd", "TALKING SPACE LIMITED", "Talking Space Ltd", "The Talking Space Ltd."}) {
    const auto& d = r.resolve(s);
    r.count(d);
  }
  auto d = r.resolve("Talking Space Ltd");
  CHECK(r.clusters()[d.cluster].contracts == 4);
  CHECK(r.canonical_name(d.cluster) == "Talking Space Ltd");
}

TEST_CASE("of spellings as frequent as each other, the one in mixed case names the provider, not capitals", "[providers]") {
  ProviderResolver r(ref());
  for (auto s : {"ACME CARE LIMITED", "Acme Care Limited"}) r.count(r.resolve(s));
  CHECK(r.canonical_name(r.resolve("Acme Care Limited").cluster) == "Acme Care Limited");
  // More frequent still wins, in capitals or not.
  r.count(r.resolve("ACME CARE LIMITED"));
  CHECK(r.canonical_name(r.resolve("Acme Care Limited").cluster) == "ACME CARE LIMITED");
}

TEST_CASE("a council's spellings are one provider, named by its place; other councils stay apart", "[providers]") {
  CHECK(foi::council_place(foi::name_key("London Borough of Lambeth")) == "lambeth");
  CHECK(foi::council_place(foi::name_key("Lambeth Borough Council")) == "lambeth");
  CHECK(foi::council_place(foi::name_key("LB Lambeth")) == "lambeth");
  CHECK(foi::council_place(foi::name_key("Royal Borough of Kensington & Chelsea")) == "kensington and chelsea");
  CHECK(foi::council_place(foi::name_key("Stockport Metropolitan Borough Council")) == "stockport");
  CHECK(foi::council_place(foi::name_key("Council")).empty());

  ProviderResolver r(ref());
  std::set<std::size_t> lambeth;
  for (auto [name, cell] : std::vector<std::pair<const char*, const char*>>{{"Lambeth Council", ""},
                                                                           {"London Borough of Lambeth", ""},
                                                                           {"LB Lambeth", ""},
                                                                           {"Lambeth", "Local authority"}}) {
    const auto& d = r.resolve(name, cell);
    CHECK(d.type == ProviderType::local_authority);
    lambeth.insert(d.cluster);
  }
  CHECK(lambeth.size() == 1);
  CHECK(r.resolve("Southwark Council").cluster != *lambeth.begin());
  // A place alone, typed otherwise, is not the council.
  CHECK(r.resolve("Lambeth", "Charity").cluster != *lambeth.begin());
}

TEST_CASE("labelled set: at least 97% of types right and no NHS/independent confusion", "[providers][labelled]") {
  auto set = labelled_set();
  REQUIRE(set.size() >= 400);
  ProviderResolver r(ref());
  std::size_t right = 0, canonical_right = 0, cross = 0;
  std::array<std::array<int, foi::kProviderTypeCount>, foi::kProviderTypeCount> confusion{};
  std::string misses;
  for (const auto& l : set) {
    const auto& d = r.resolve(l.spelling);
    confusion[static_cast<std::size_t>(l.type)][static_cast<std::size_t>(d.type)]++;
    if (d.type == l.type) ++right;
    else misses += fmt::format("  {:<60} want {:<22} got {} ({})\n", l.spelling, foi::to_string(l.type),
                               foi::to_string(d.type), d.basis);
    if (r.canonical_name(d.cluster) == l.canonical) ++canonical_right;
    if ((is_nhs_trust(l.type) && is_independent(d.type)) || (is_independent(l.type) && is_nhs_trust(d.type))) ++cross;
  }
  std::string matrix = fmt::format("{:>22}", "true \\ resolved");
  for (auto t : foi::kAllProviderTypes) matrix += fmt::format(" {:>5.5}", foi::to_string(t));
  matrix += "\n";
  for (auto t : foi::kAllProviderTypes) {
    matrix += fmt::format("{:>22}", foi::to_string(t));
    for (auto u : foi::kAllProviderTypes)
      matrix += fmt::format(" {:>5}", confusion[static_cast<std::size_t>(t)][static_cast<std::size_t>(u)]);
    matrix += "\n";
  }
  double accuracy = static_cast<double>(right) / static_cast<double>(set.size());
  WARN(fmt::format("type accuracy {:.1f}% ({}/{}), canonical name {:.1f}%\n{}misses:\n{}", 100 * accuracy, right, set.size(),
                   100.0 * static_cast<double>(canonical_right) / static_cast<double>(set.size()), matrix, misses));
  CHECK(accuracy >= 0.97);
  CHECK(cross == 0);
}

TEST_CASE("fuzz reproducers: name keying stays idempotent on every kept input", "[providers][fuzz]") {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& e : fs::directory_iterator(std::string(FOI_SOURCE_DIR) + "/fuzz/regressions")) {
    std::string bytes = test::slurp(e.path());
    std::string key = foi::name_key(bytes);
    INFO(e.path().string());
    CHECK(foi::name_key(key) == key);
    ++n;
  }
  CHECK(n >= 1);
}

TEST_CASE("overrides: a type is read in any case, with spaces, or as a type cell would say it; else refused at its cell",
          "[providers]") {
  using T = ProviderType;
  const auto dir = test::scratch("overrides-types");
  test::write_file(dir / "ok.csv",
                   "Name,Canonical Name,Type\n"
                   "A,A,private\n"
                   "B,B,Private\n"
                   "C,C,Not for profit\n"
                   "D,D,NHS Foundation Trust\n"
                   "E,E,Charity\n"
                   "F,F,NHS FT\n"
                   "H,,\n");  // a template's row not filled in: no decision
  const auto o = foi::load_overrides((dir / "ok.csv").string());
  REQUIRE(o.size() == 6);
  CHECK(o[0].type == T::private_company);
  CHECK(o[1].type == T::private_company);
  CHECK(o[2].type == T::not_for_profit);
  CHECK(o[3].type == T::nhs_foundation_trust);
  CHECK(o[4].type == T::voluntary);
  CHECK(o[5].type == T::nhs_foundation_trust);
  test::write_file(dir / "bad.csv", "name,canonical_name,type\nA,A,privat\n");
  try {
    foi::load_overrides((dir / "bad.csv").string());
    FAIL("a misspelt type was accepted");
  } catch (const foi::Error& e) {
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 3);
    CHECK(e.message().starts_with("type 'privat' is not one of nhs_foundation_trust"));
  }
}

TEST_CASE("overrides: a header in other words is read by its words, one without a type column refused, a file of two "
          "columns without a header refused; a formula guard's apostrophe is taken off",
          "[providers]") {
  const auto dir = test::scratch("overrides-headers");
  test::write_file(dir / "provider_type.csv", "Provider,Type\nMind,Charity\n'-Yyqq,Private\n");
  const auto o = foi::load_overrides((dir / "provider_type.csv").string());
  REQUIRE(o.size() == 2);
  CHECK(o[0].name == "Mind");
  CHECK(o[0].canonical_name.empty());
  CHECK(o[0].type == ProviderType::voluntary);
  CHECK(o[1].name == "-Yyqq");
  test::write_file(dir / "no_type.csv", "name,canonical_name\nMind,Mind\n");
  CHECK_THROWS_WITH(foi::load_overrides((dir / "no_type.csv").string()),
                    Catch::Contains("no_type.csv:1:1:") && Catch::Contains("this header has no type column"));
  test::write_file(dir / "two.csv", "Mind,Charity\n");
  CHECK_THROWS_WITH(foi::load_overrides((dir / "two.csv").string()),
                    Catch::Contains("two.csv:1:1:") && Catch::Contains("name,canonical_name,type"));
  test::write_file(dir / "bare.csv", "Mind,Mind Charity,Charity\n");  // three columns, no header: in their order
  REQUIRE(foi::load_overrides((dir / "bare.csv").string()).size() == 1);
  // Columns of one's own, and the template's, are read past.
  test::write_file(dir / "extra.csv",
                   "name,canonical_name,type,suggested_type,basis,confidence,listed_as,contracts,ccgs,Notes\n"
                   "Oakwood Homes,,voluntary,not_for_profit,name-rule:housing,0.60,Oakwood Homes,1,1,see email\n");
  const auto extra = foi::load_overrides((dir / "extra.csv").string());
  REQUIRE(extra.size() == 1);
  CHECK(extra[0].type == ProviderType::voluntary);
  CHECK(extra[0].canonical_name.empty());
  test::write_file(dir / "fourth.csv", "Mind,,Charity,a note of mine\n");
  REQUIRE(foi::load_overrides((dir / "fourth.csv").string()).size() == 1);
}

TEST_CASE("overrides: a row whose first cell starts with '#' is a comment, also before the header; a decision "
          "commented out is none",
          "[providers]") {
  const auto dir = test::scratch("overrides-comments");
  test::write_file(dir / "o.csv",
                   "# provider decisions, reviewed 2016-07-01\n"
                   "name,canonical_name,type\n"
                   "# Sunrise: is it a charity? decided private\n"
                   "#Acme Care Ltd,Acme Care Group,not_for_profit\n"
                   "  # indented, still a comment,private\n"
                   "Mind,,Charity\n"
                   "'#N/A,Unknown provider,other\n");  // a name starting with '#', guarded as the template does
  const auto o = foi::load_overrides((dir / "o.csv").string());
  REQUIRE(o.size() == 2);
  CHECK(o[0].name == "Mind");
  CHECK(o[0].line == 6);
  CHECK(o[1].name == "#N/A");
  // Without a header, a comment first does not take the header's place.
  test::write_file(dir / "bare.csv", "# decisions\nMind,Mind Charity,Charity\n");
  const auto bare = foi::load_overrides((dir / "bare.csv").string());
  REQUIRE(bare.size() == 1);
  CHECK(bare[0].canonical_name == "Mind Charity");
}

TEST_CASE("overrides: Excel's 'sep=' first line names the delimiter and is no row; one naming no delimiter is "
          "refused as such",
          "[providers]") {
  const auto dir = test::scratch("overrides-sep");
  test::write_file(dir / "excel.csv",
                   "sep=;\r\nname;canonical_name;type\r\nCaf\xC3\xA9 Connect;Caf\xC3\xA9 Connect CIC;not_for_profit\r\n");
  const auto o = foi::load_overrides((dir / "excel.csv").string());
  REQUIRE(o.size() == 1);
  CHECK(o[0].name == "Caf\xC3\xA9 Connect");
  CHECK(o[0].canonical_name == "Caf\xC3\xA9 Connect CIC");
  CHECK(o[0].line == 3);
  // Names with commas in them, which a sniffer could take for the
  // delimiter: the line says it is the semicolon.
  test::write_file(dir / "commas.csv", "sep=;\nname;canonical_name;type\nA, B, C;;private\nD, E, F;;Charity\n");
  const auto c = foi::load_overrides((dir / "commas.csv").string());
  REQUIRE(c.size() == 2);
  CHECK(c[0].name == "A, B, C");
  CHECK(c[1].name == "D, E, F");
  CHECK(c[1].type == ProviderType::voluntary);
  test::write_file(dir / "odd.csv", "sep=x\nname,canonical_name,type\n");
  CHECK_THROWS_WITH(foi::load_overrides((dir / "odd.csv").string()),
                    Catch::Contains("odd.csv:1:1:") && Catch::Contains("Excel's 'sep=' line names 'x'"));
}

TEST_CASE("overrides: a 'sep=' line written in quotes names the delimiter once and is no row, where it was read again "
          "for ever",
          "[providers]") {
  const auto dir = test::scratch("overrides-sep-quoted");
  test::write_file(dir / "o.csv", "\"sep=|\"\nname|canonical_name|type\nMind, Lambeth||voluntary\n");
  const auto o = foi::load_overrides((dir / "o.csv").string());
  REQUIRE(o.size() == 1);
  CHECK(o[0].name == "Mind, Lambeth");
  CHECK(o[0].line == 3);
}

TEST_CASE("overrides: a quote never closed is an error at its line, not the rows after it read into one cell",
          "[providers]") {
  const auto dir = test::scratch("overrides-quote");
  test::write_file(dir / "o.csv", "name,canonical_name,type\n\"Mind, Lambeth,,voluntary\nAcme Care Ltd,,private\n");
  CHECK_THROWS_WITH(foi::load_overrides((dir / "o.csv").string()),
                    Catch::Contains("o.csv:2:1:") && Catch::Contains("never closed"));
}

TEST_CASE("overrides: a canonical name without a type joins the spelling to that provider, typed as the rules type "
          "it; a row with neither is no decision, counted in one finding",
          "[providers]") {
  const auto dir = test::scratch("overrides-merge");
  test::write_file(dir / "o.csv",
                   "name,canonical_name,type\n"
                   "Brixton Wellbeing Colective,Brixton Wellbeing Collective,\n"
                   "Zzyzx Wellness,,\n"
                   "Qqvx Care,,\n");
  foi::Diagnostics findings;
  const auto o = foi::load_overrides((dir / "o.csv").string(), &findings);
  REQUIRE(o.size() == 1);
  CHECK(o[0].canonical_name == "Brixton Wellbeing Collective");
  CHECK_FALSE(o[0].type);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].id == "override-unused");
  CHECK(findings[0].where.line == 3);
  CHECK(findings[0].message.starts_with("2 rows with neither a canonical_name nor a type (lines 3, 4): no decision yet"));

  ProviderResolver r(ref(), o);
  const auto typo = r.resolve("Brixton Wellbeing Colective", "Voluntary");
  const auto right = r.resolve("The Brixton Wellbeing Collective", "VCS");
  CHECK(typo.cluster == right.cluster);
  CHECK(typo.type == ProviderType::voluntary);
  CHECK(typo.basis == "column");
  CHECK(r.canonical_name(typo.cluster) == "Brixton Wellbeing Collective");
  CHECK(r.unused_overrides().empty());

  // Into a reference provider: its type and ODS code, as its own spellings get.
  ProviderResolver slam(ref(), {{"Maudsley Zzq Services", "South London and Maudsley NHS Foundation Trust", std::nullopt, 2}});
  const auto joined = slam.resolve("Maudsley Zzq Services", "Private");
  CHECK(joined.cluster == slam.resolve("South London and Maudsley NHS FT").cluster);
  CHECK(joined.type == ProviderType::nhs_foundation_trust);
  CHECK(joined.basis == "registry");
  CHECK_FALSE(joined.ods.empty());

  // Rows are followed from name to name; rows in a circle land on one provider, whichever is read first.
  ProviderResolver chain(ref(), {{"Zzq One", "Zzq Two", std::nullopt, 2}, {"Zzq Two", "Zzq Three", std::nullopt, 3}});
  const auto one = chain.resolve("Zzq One");
  CHECK(one.cluster == chain.resolve("Zzq Two").cluster);
  CHECK(one.cluster == chain.resolve("Zzq Three").cluster);
  CHECK(chain.canonical_name(one.cluster) == "Zzq Three");
  for (const bool one_first : {true, false}) {
    ProviderResolver loop(ref(), {{"Zzq One", "Zzq Two", std::nullopt, 2}, {"Zzq Two", "Zzq One", std::nullopt, 3}});
    const std::size_t a = loop.resolve(one_first ? "Zzq One" : "Zzq Two").cluster;
    const std::size_t b = loop.resolve(one_first ? "Zzq Two" : "Zzq One").cluster;
    CHECK(a == b);
    CHECK(loop.canonical_name(a) == "Zzq One");
  }
  ProviderResolver self(ref(), {{"ZZQ CARE", "Zzq Care", std::nullopt, 2}, {"Zzq Connect", "Zzq Connect CIC", std::nullopt, 3}});
  CHECK(self.canonical_name(self.resolve("ZZQ CARE").cluster) == "Zzq Care");
  // A canonical name that keys as the spelling does is still decided as written.
  const auto cic = self.resolve("Zzq Connect");
  CHECK(self.canonical_name(cic.cluster) == "Zzq Connect CIC");
  CHECK(cic.type == ProviderType::not_for_profit);
  CHECK(cic.basis == "name-rule:cic");
}

TEST_CASE("overrides: an override named by a reference alias applies to the provider the alias names", "[providers]") {
  ProviderResolver r(ref(), {{"SLaM", "", ProviderType::other_nhs, 2}});
  const auto d = r.resolve("South London and Maudsley NHS Foundation Trust", "FT");
  CHECK(d.basis == "override");
  CHECK(d.type == ProviderType::other_nhs);
  CHECK(r.canonical_name(d.cluster) == "South London and Maudsley NHS Foundation Trust");
  CHECK(r.resolve("SLaM").cluster == d.cluster);
  CHECK(r.unused_overrides().empty());
  // A provider the alias does not name keeps its own decision.
  CHECK(r.resolve("Oxleas NHS FT").basis == "registry");
}

TEST_CASE("overrides: an override named by one of a trust's sites settles that site's rows, not the trust's every row",
          "[providers]") {
  ProviderResolver r(ref(), {{"Maudsley Hospital", "", ProviderType::other_nhs, 2}});
  const auto& trust = r.resolve("South London and Maudsley NHS Foundation Trust", "FT");
  CHECK(trust.basis == "registry");
  CHECK(trust.type == ProviderType::nhs_foundation_trust);
  const auto& site = r.resolve("Maudsley Hospital");
  CHECK(site.basis == "override");
  CHECK(site.type == ProviderType::other_nhs);
  CHECK(r.unused_overrides().empty());
}

TEST_CASE("overrides: every bad row is told, each at its line and column, before the file is refused", "[providers]") {
  const auto dir = test::scratch("overrides-many-bad");
  test::write_file(dir / "o.csv",
                   "name,canonical_name,type\n"
                   "Caf\xC3\xA9 Connect,,Community group\n"
                   "Mind,,Charity\n"
                   "Sunrise Counselling Services,,Partnership\n"
                   ",,private\n");
  try {
    (void)foi::load_overrides((dir / "o.csv").string());
    FAIL("bad rows were accepted");
  } catch (const foi::Error& e) {
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 3);
    REQUIRE(e.more().size() == 2);
    CHECK(e.more()[0].where().line == 4);
    CHECK(e.more()[1].where().line == 5);
    CHECK(e.more()[1].where().column == 1);
    CHECK(e.more()[1].message() == "the name is empty");
    // Caught as one error, the first says there are more.
    CHECK(std::string(e.what()).find("(and 2 more errors in this file)") != std::string::npos);
    const auto lines = foi::error_lines(e);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].find("o.csv:2:3: ") != std::string::npos);
    CHECK(lines[0].find("more error") == std::string::npos);
    CHECK(lines[2].ends_with("o.csv:5:1: the name is empty"));
  }
}

TEST_CASE("overrides: a type without a canonical name keeps the provider's name, its most frequent spelling, "
          "whichever spelling is read first",
          "[providers]") {
  ProviderResolver r(ref(), {{"Acme Care Ltd", "", ProviderType::not_for_profit, 2}});
  r.count(r.resolve("Acme Care Ltd", "Private"));
  r.count(r.resolve("ACME CARE LIMITED", "Private"));
  r.count(r.resolve("ACME CARE LIMITED", "Private"));
  const auto& d = r.resolve("Acme Care Ltd", "Private");
  CHECK(d.basis == "override");
  CHECK(d.type == ProviderType::not_for_profit);
  CHECK(r.canonical_name(d.cluster) == "ACME CARE LIMITED");
  // A council's spellings stay one provider under a type of the researcher's.
  ProviderResolver council(ref(), {{"Lambeth Council", "", ProviderType::local_authority, 2}});
  CHECK(council.resolve("Lambeth Council").cluster == council.resolve("London Borough of Lambeth").cluster);
}

TEST_CASE("overrides: 'unknown' is refused as a type, and the listing of `providers --format csv` as a file, each "
          "saying what to do instead",
          "[providers]") {
  const auto dir = test::scratch("overrides-not-decisions");
  test::write_file(dir / "unknown.csv", "name,canonical_name,type\nCaf\xC3\xA9 Connect,,Unknown\nMind,,Charity\n");
  try {
    (void)foi::load_overrides((dir / "unknown.csv").string());
    FAIL("'unknown' was taken as a decision");
  } catch (const foi::Error& e) {
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 3);
    CHECK(e.message().starts_with("type 'Unknown' is no decision: leave the type blank"));
  }
  test::write_file(dir / "listing.csv",
                   "provider,type,basis,confidence,contracts,ccgs,spellings\n"
                   "Acme Care Ltd,private,column,0.80,4,3,Acme Care Ltd; ACME CARE LIMITED\n"
                   "Caf\xC3\xA9 Connect,unknown,unknown,0.00,1,1,Caf\xC3\xA9 Connect\n");
  CHECK_THROWS_WITH(foi::load_overrides((dir / "listing.csv").string()),
                    Catch::Contains("listing.csv:1:1: this is the listing `providers --format csv` writes") &&
                        Catch::Contains("`providers --template FILE` instead"));
  // A researcher's own column of notes headed "basis" is read as any other extra column.
  test::write_file(dir / "notes.csv", "provider,type,basis\nAcme Care Ltd,not_for_profit,Charity Commission register\n");
  const auto notes = foi::load_overrides((dir / "notes.csv").string());
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].type == ProviderType::not_for_profit);
}

namespace {

// A one-letter slip in each of the first `n` reference names (a letter
// dropped, doubled or swapped with the next, by turns), as typed into a
// return: (the reference name, the slipped name).
std::vector<std::pair<std::string, std::string>> slipped_names(std::size_t n) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto& providers = ref().providers;
  for (std::size_t i = 0; i < std::min(n, providers.size()); ++i) {
    std::string name = providers[i].name;
    if (name.size() < 6) continue;
    const std::size_t at = name.size() / 2;
    switch (i % 3) {
      case 0: name.erase(at, 1); break;
      case 1: name.insert(at, 1, name[at]); break;
      default: std::swap(name[at], name[at + 1]); break;
    }
    out.emplace_back(providers[i].name, name);
  }
  return out;
}

}  // namespace

TEST_CASE("fuzzy matching finds slipped reference names as a search of every candidate does", "[providers]") {
  ProviderResolver r(ref());
  int fuzzy = 0, own = 0;
  for (const auto& [original, slipped] : slipped_names(600)) {
    const foi::ProviderDecision& d = r.resolve(slipped);
    if (!d.basis.starts_with("fuzzy:")) continue;
    ++fuzzy;
    own += r.canonical_name(d.cluster) == original;
  }
  // Pinned on the search that measured every candidate in full: one that
  // leaves out candidates whose sizes keep them below the best score or
  // the threshold must not lose a match.
  CHECK(fuzzy == 191);
  CHECK(own == 190);
}

TEST_CASE("provider verdicts: a provider's type and basis are those most of its contracts got, ties to the first",
          "[providers]") {
  auto decision = [](std::uint32_t name_id, std::size_t cluster, ProviderType type, const char* basis,
                     double confidence) {
    foi::ProviderDecision d;
    d.name_id = name_id;
    d.cluster = cluster;
    d.type = type;
    d.basis = basis;
    d.confidence = confidence;
    return d;
  };
  const auto a = decision(0, 0, ProviderType::private_company, "column", 0.8);
  const auto b = decision(1, 0, ProviderType::voluntary, "name-rule:charity", 0.85);
  const auto c = decision(2, 0, ProviderType::voluntary, "name-rule:charity", 0.85);
  const auto d = decision(3, 1, ProviderType::nhs_trust, "registry", 1.0);
  const auto e = decision(4, 1, ProviderType::private_company, "column", 0.5);
  foi::DecisionCounts counts;
  counts.add(a, 2);
  counts.add(b);
  counts.add(c);
  counts.add(d);
  counts.add(e, 1);
  counts.add(e, -1);  // taken back: it counts for nothing, its confidence too
  const auto v = foi::provider_verdicts(counts, 3);
  REQUIRE(v.size() == 3);
  CHECK(v[0].contracts == 4);
  // Two of each type: the first in the types' order; two of each basis: the first alphabetically.
  CHECK(v[0].type == ProviderType::private_company);
  CHECK(v[0].basis == "column");
  CHECK(v[0].lowest_confidence == 0.8);
  CHECK(v[1].contracts == 1);
  CHECK(v[1].type == ProviderType::nhs_trust);
  CHECK(v[1].lowest_confidence == 1.0);
  CHECK(v[2].contracts == 0);  // no contract of it counted

  // Another resolver's counts, taken in through this one's decisions for the same spellings.
  foi::DecisionCounts other;
  const auto d_there = decision(0, 7, ProviderType::nhs_trust, "registry", 1.0);
  other.add(d_there, 3);
  const std::vector<const foi::ProviderDecision*> mine = {&d};
  const auto cluster = counts.take_in(other, mine, 9);
  CHECK(cluster[7] == 1);
  CHECK(cluster[0] == SIZE_MAX);
  CHECK(foi::provider_verdicts(counts, 2)[1].contracts == 4);
}

TEST_CASE("providers: a cell naming no one provider is known, and a provider's own name is not", "[providers]") {
  for (const char* s : {"Various", "Multiple providers", "Spot purchase", "Individual placements", "Various (see list)",
                        "#N/A", "#REF!", "REDACTED - personal data", "Individual", "Name withheld",
                        "Redacted", "Confidential"})
    CHECK(foi::names_no_provider(s));
  for (const char* s : {"Multiple Sclerosis Society", "Mind", "Spotlight Care Ltd", "N/A Services Ltd", "Priory",
                        "Individual Care Services Ltd", "Individual practitioner (name withheld)"})
    CHECK_FALSE(foi::names_no_provider(s));
}

TEST_CASE("providers: an abbreviated NHS mental-health trust is never typed voluntary", "[providers]") {
  CHECK(foi::name_key("Manchester MH & SC Trust") == "manchester mental health and social care trust");
  // "sc" is social care only after "health and": elsewhere it is left as it is.
  CHECK(foi::name_key("SC Johnson Ltd") == "sc johnson");
  for (const char* s : {"Leeds MH Trust", "Pennine MH Trust", "Leeds Mental Health Trust", "Anytown MH & SC Trust",
                        "Anytown Health & Social Care Partnerships Trust", "Anytown Teaching Trust"}) {
    INFO(s);
    CHECK(foi::apply_weak_name_rules(s).rule.empty());
  }
  ProviderResolver r(ref());
  for (const char* cell : {"", "NHS"}) {
    INFO(cell);
    const auto& manchester = r.resolve("Manchester MH & SC Trust", cell);
    CHECK(manchester.basis == "registry");
    CHECK(manchester.type == ProviderType::nhs_trust);
    CHECK(r.canonical_name(manchester.cluster) == "Manchester Mental Health and Social Care Trust");
    for (const char* s : {"Leeds MH Trust", "Pennine MH Trust"}) {
      INFO(s);
      CHECK(r.resolve(s, cell).type == ProviderType::unknown);
      CHECK(r.resolve(s, cell).basis == "unknown");
    }
  }
}

TEST_CASE("providers: a type cell saying NHS rules out a voluntary name rule", "[providers]") {
  ProviderResolver r(ref());
  // Without the cell, "Trust" alone is a charitable trust's word.
  CHECK(r.resolve("Anytown Wellbeing Trust").type == ProviderType::voluntary);
  CHECK(r.resolve("Anytown Wellbeing Trust").basis == "name-rule:charitable-trust");
  for (const char* cell : {"NHS", "nhs provider"}) {
    INFO(cell);
    const auto& trust = r.resolve("Anytown Wellbeing Trust", cell);
    CHECK(trust.type == ProviderType::unknown);
    CHECK(trust.basis == "unknown");
    const auto& mind = r.resolve("Zzyzx Mind", cell);
    CHECK(mind.type == ProviderType::unknown);
    CHECK(mind.basis == "unknown");
  }
  // A name rule of another type still applies.
  CHECK(r.resolve("Anytown Therapies Ltd", "NHS").basis == "name-rule:company");
  // "Non-NHS" says the opposite: the voluntary rules stand.
  for (const char* cell : {"Non-NHS", "Non NHS", "non-NHS provider", "Not NHS"}) {
    INFO(cell);
    CHECK(r.resolve("Oakwood Trust", cell).basis == "name-rule:charitable-trust");
    CHECK(r.resolve("Wandle Mind", cell).type == ProviderType::voluntary);
  }
}

TEST_CASE("providers: a placeholder whose bracket names a provider is that provider", "[providers]") {
  CHECK(foi::named_in_remark("Spot purchase (Cygnet Health Care)") == "Cygnet Health Care");
  CHECK_FALSE(foi::named_in_remark("Various independent providers (see note 2)"));
  CHECK_FALSE(foi::named_in_remark("Anytown Mind (formerly Anytown Association)"));
  CHECK_FALSE(foi::names_no_provider("Spot purchase (Cygnet Health Care)"));
  ProviderResolver r(ref());
  const auto& spot = r.resolve("Spot purchase (Cygnet Health Care)");
  const auto& direct = r.resolve("Cygnet Health Care");
  CHECK(spot.type == ProviderType::private_company);
  CHECK(spot.cluster == direct.cluster);
  CHECK(r.resolve("Individual placements (Priory Group)").type == ProviderType::private_company);
}

TEST_CASE("providers: a number in digits is its word in the name key, so '5 Boroughs' is 'Five Boroughs'",
          "[providers]") {
  CHECK(foi::name_key("5 Boroughs Partnership NHS Foundation Trust") ==
        "five boroughs partnership nhs foundation trust");
  CHECK(foi::name_key("12 Steps") == "twelve steps");
  // Whole numbers from 1 to 12 only: "Area 51" and "0161 Care" keep their digits.
  CHECK(foi::name_key("Area 51") == "area 51");
  CHECK(foi::name_key("0161 Care") == "0161 care");
  ProviderResolver r(ref());
  const auto& digits = r.resolve("5 Boroughs Partnership NHS Foundation Trust");
  const auto& words = r.resolve("Five Boroughs Partnership NHS FT");
  CHECK(words.basis == "registry");
  CHECK(words.ods == "RTV");
  CHECK(words.cluster == digits.cluster);
  CHECK(r.canonical_name(words.cluster) == "5 Boroughs Partnership NHS Foundation Trust");
}

TEST_CASE("providers: a cell naming no one provider takes no type from its words, and a remark in brackets after it "
          "changes nothing",
          "[providers]") {
  for (const char* s : {"Various independent providers (see note 2)", "Spot purchase - individual placements",
                        "Individual placements (see attached)"}) {
    INFO(s);
    CHECK(foi::names_no_provider(s));
  }
  // What stands before the bracket decides: a provider's own name with a remark is still its name.
  CHECK_FALSE(foi::names_no_provider("Anytown Mind (see note 2)"));
  CHECK_FALSE(foi::names_no_provider("(see note 2)"));
  ProviderResolver r(ref());
  for (const char* s : {"Spot purchase - individual placements", "Various independent providers (see note 2)",
                        "Various"}) {
    INFO(s);
    const auto& d = r.resolve(s);
    CHECK(d.type == ProviderType::unknown);
    CHECK(d.basis == "unknown");
    CHECK(d.confidence == 0);
  }
  // The return's type cell still says what kind the providers were.
  CHECK(r.resolve("Spot purchase - individual placements", "Private").type == ProviderType::private_company);
  CHECK(r.resolve("Spot purchase - individual placements", "Private").basis == "column");
  // A provider that is one individual still is.
  CHECK(r.resolve("Jane Doe, Counsellor").basis == "name-rule:individual");
}

TEST_CASE("providers: a company named with the word Mind is a company, a local Mind incorporated as one a charity",
          "[providers]") {
  using T = ProviderType;
  for (const char* s : {"Mind Body Therapies Ltd", "Peace of Mind Limited", "Mind Matters Consulting LLP",
                        "Open Mind Works plc"}) {
    INFO(s);
    CHECK(foi::apply_name_rules(s).rule == "company");
    CHECK(foi::apply_name_rules(s).type == T::private_company);
  }
  for (const char* s : {"Zzyzx Mind Ltd", "Mind in Zzyzx Limited", "The Zzyzx Mind Ltd", "Zzyzx Mind"}) {
    INFO(s);
    CHECK(foi::apply_name_rules(s).rule == "charity");
    CHECK(foi::apply_name_rules(s).type == T::voluntary);
  }
  ProviderResolver r(ref());
  const auto& d = r.resolve("Mind Body Therapies Ltd");
  CHECK(d.type == T::private_company);
  CHECK(d.basis == "name-rule:company");
}

TEST_CASE("providers: a local body named for another CCG's place is not fuzzy-matched to a known one, however "
          "alike the letters",
          "[providers]") {
  ProviderResolver r(ref());
  const auto& bradford = r.resolve("Mind in Bradford", "Charity");
  CHECK(r.resolve("Bradford Mind").cluster == bradford.cluster);
  // Trafford and Bradford are two letters apart, and both CCGs' places.
  const auto& trafford = r.resolve("Mind in Trafford", "Charity");
  CHECK(trafford.cluster != bradford.cluster);
  CHECK(trafford.basis.find("fuzzy") == std::string::npos);
  CHECK(r.resolve("North Staffordshire Mind").cluster != r.resolve("South Staffordshire Mind").cluster);
  // A place mistyped is no place: still the known body.
  const auto& slipped = r.resolve("Mind in Bradfrod", "Charity");
  CHECK(slipped.cluster == bradford.cluster);
}

TEST_CASE("providers: a local organisation whose distinctive word differs is not fuzzy-matched to a known one",
          "[providers]") {
  using T = ProviderType;
  CHECK_FALSE(foi::distinctive_words_agree(foi::name_key("Bede Housing Association"),
                                           foi::name_key("Hyde Housing Association")));
  CHECK_FALSE(foi::distinctive_words_agree(foi::name_key("Chester Women's Aid"), foi::name_key("Women's Aid")));
  CHECK_FALSE(foi::distinctive_words_agree(foi::name_key("Lincolnshire Mind"),
                                           foi::name_key("Cambridgeshire, Peterborough and South Lincolnshire Mind")));
  // Slips, words run together or split, and shortened names still agree.
  CHECK(foi::distinctive_words_agree(foi::name_key("Hyde Housing Asociation"),
                                     foi::name_key("Hyde Housing Association")));
  CHECK(foi::distinctive_words_agree(foi::name_key("Oxlees NHS Foundaton Trust"),
                                     foi::name_key("Oxleas NHS Foundation Trust")));
  CHECK(foi::distinctive_words_agree(foi::name_key("Tavistock and PortmanNHS Foundation Trust"),
                                     foi::name_key("Tavistock and Portman NHS Foundation Trust")));
  CHECK(foi::distinctive_words_agree(foi::name_key("Tees Esk and Wear"),
                                     foi::name_key("Tees, Esk and Wear Valleys NHS Foundation Trust")));

  ProviderResolver r(ref());
  const auto& bede = r.resolve("Bede Housing Association");
  CHECK(bede.basis == "name-rule:housing");
  CHECK(bede.type == T::not_for_profit);
  CHECK(r.canonical_name(bede.cluster) == "bede housing association");  // its own key: no contract counted yet
  const auto& bede_typed = r.resolve("Bede Housing Association", "Housing Association");
  CHECK(bede_typed.basis == "column");
  CHECK(bede_typed.cluster == bede.cluster);
  CHECK(bede.cluster != r.resolve("Hyde Housing Association").cluster);
  const auto& lincolnshire = r.resolve("Lincolnshire Mind");
  CHECK(lincolnshire.basis == "name-rule:charity");
  CHECK(lincolnshire.type == T::voluntary);
  CHECK(lincolnshire.cluster != r.resolve("CPSL Mind").cluster);
  const auto& chester = r.resolve("Chester Women's Aid");
  CHECK(chester.basis == "unknown");
  CHECK(chester.cluster != r.resolve("Women's Aid Federation of England").cluster);
  // Known variants still join their provider.
  const auto& hyde = r.resolve("Hyde Housing Asociation");
  CHECK(hyde.basis.starts_with("fuzzy:"));
  CHECK(r.canonical_name(hyde.cluster) == "Hyde Housing Association");
  CHECK(r.canonical_name(r.resolve("Tavistock & Portman NHS FT").cluster) ==
        "Tavistock and Portman NHS Foundation Trust");
  CHECK(r.canonical_name(r.resolve("Tavistock and Portmen NHS Foundation Trust").cluster) ==
        "Tavistock and Portman NHS Foundation Trust");
  CHECK(r.canonical_name(r.resolve("Cambridgeshire Peterborogh and South Lincolnshire Mind").cluster) ==
        "Cambridgeshire, Peterborough and South Lincolnshire Mind");
  CHECK(r.canonical_name(r.resolve("Tees Esk and Wear").cluster) == "Tees, Esk and Wear Valleys NHS Foundation Trust");
}

TEST_CASE("providers: an overrides file saved from Excel with rows of only commas reads the rows that hold decisions",
          "[providers]") {
  const auto dir = test::scratch("overrides-empty-rows");
  test::write_file(dir / "excel.csv",
                   "\xEF\xBB\xBFname,canonical_name,type\r\nAnytown Wellbeing,Anytown Wellbeing CIC,Not for profit\r\n"
                   ",,\r\n , ,\r\n,,\r\n");
  const auto o = foi::load_overrides((dir / "excel.csv").string());
  REQUIRE(o.size() == 1);
  CHECK(o[0].name == "Anytown Wellbeing");
  CHECK(o[0].type == ProviderType::not_for_profit);
}

TEST_CASE("providers: a charitable incorporated organisation (CIO) is a charity, one provider with its name without",
          "[providers]") {
  CHECK(foi::name_key("Brixton Wellbeing Collective CIO") == foi::name_key("Brixton Wellbeing Collective"));
  ProviderResolver r(ref());
  const auto& cio = r.resolve("Brixton Wellbeing Collective CIO");
  CHECK(cio.type == ProviderType::voluntary);
  CHECK(cio.basis == "name-rule:charity");
  CHECK(r.resolve("Brixton Wellbeing Collective").cluster == cio.cluster);
  CHECK(foi::parse_type_cell("CIO") == ProviderType::voluntary);
}

TEST_CASE("overrides: a chain of merge rows longer than a reader can follow is refused at its rows, never followed "
          "into a crash",
          "[providers]") {
  const auto dir = test::scratch("overrides-long-chain");
  std::string text = "name,canonical_name,type\n";
  for (int i = 0; i < 2000; ++i) text += "Zeta Provider " + std::to_string(i) + ",Zeta Provider " + std::to_string(i + 1) + ",\n";
  test::write_file(dir / "chain.csv", text);
  try {
    (void)foi::load_overrides((dir / "chain.csv").string());
    FAIL("a chain of 2,000 merges was taken");
  } catch (const foi::Error& e) {
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 2);
    CHECK(e.message().find("leads on through more than 64 rows") != std::string::npos);
  }
  // A chain of a few rows, and a circle, are followed to their end.
  test::write_file(dir / "short.csv", "name,canonical_name,type\nA1 Care,A2 Care,\nA2 Care,A3 Care,\nB1 Care,B2 Care,\n"
                                      "B2 Care,B1 Care,\n");
  ProviderResolver r(ref(), foi::load_overrides((dir / "short.csv").string()));
  CHECK(r.resolve("A1 Care").cluster == r.resolve("A3 Care").cluster);
  CHECK(r.resolve("B1 Care").cluster == r.resolve("B2 Care").cluster);
}
