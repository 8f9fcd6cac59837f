#include "foi/charts.h"

#include <catch2/catch.hpp>
#include <regex>

#include "foi/cells.h"

namespace {

// Enough of XML to tell a well-formed document: balanced tags, quoted
// attributes, known entities, one root.
bool well_formed(const std::string& s, std::string* why) {
  std::vector<std::string> stack;
  int roots = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '&') {
      std::size_t semi = s.find(';', i);
      std::string ent = s.substr(i, semi == std::string::npos ? 8 : semi - i + 1);
      if (ent != "&amp;" && ent != "&lt;" && ent != "&gt;" && ent != "&quot;" && ent != "&apos;") {
        *why = "bad entity " + ent;
        return false;
      }
      i = semi + 1;
      continue;
    }
    if (s[i] != '<') {
      ++i;
      continue;
    }
    std::size_t end = s.find('>', i);
    if (end == std::string::npos) return *why = "unclosed tag", false;
    std::string tag = s.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.starts_with("?") || tag.starts_with("!")) continue;
    if (std::count(tag.begin(), tag.end(), '"') % 2) return *why = "unbalanced quotes in <" + tag + ">", false;
    if (tag.starts_with("/")) {
      if (stack.empty() || stack.back() != tag.substr(1)) return *why = "mismatched </" + tag.substr(1) + ">", false;
      stack.pop_back();
      continue;
    }
    std::string name = tag.substr(0, tag.find_first_of(" /"));
    if (stack.empty()) ++roots;
    if (!tag.ends_with("/")) stack.push_back(name);
  }
  if (!stack.empty()) return *why = "unclosed <" + stack.back() + ">", false;
  return roots == 1;
}

long count(const std::string& s, const std::string& what) {
  long n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

foi::Results sample_results() {
  foi::Results r;
  for (auto t : foi::kAllProviderTypes) {
    foi::ShareRow row;
    row.name = foi::to_string(t);
    row.label = foi::label(t);
    row.contracts = t == foi::ProviderType::unknown ? 0 : 10;
    row.contract_share = 0.1;
    row.value_share = 0.05;
    row.quality_yes = 0.5;
    row.quality_no = 0.25;
    row.quality_not_stated = 0.25;
    r.by_type.push_back(row);
  }
  for (int i = 0; i < 30; ++i) {
    foi::CcgRow c;
    c.code = "0" + std::to_string(10 + i) + "X";
    c.contracts = 1 + i * 4;
    c.hhi_value = 300.0 * i + 100;
    r.by_ccg.push_back(c);
  }
  return r;
}

}  // namespace

TEST_CASE("charts: every SVG is well-formed with a title, axis labels, a source and one bar per category", "[charts]") {
  auto r = sample_results();
  foi::ChartSource src{"3 file(s) in returns/ & co", "2026-11-25"};
  struct Chart {
    std::string svg;
    long bars;
  };
  std::vector<Chart> charts = {
      {foi::chart_type_shares(r, src), 2 * static_cast<long>(r.by_type.size())},  // contracts and value per type
      {foi::chart_quality_by_type(r, src), 3 * 9},  // yes / no / not stated for the 9 types with contracts
      {foi::chart_contracts_per_ccg(r, src), -1},
      {foi::chart_hhi(r, src), 20},
  };
  for (const auto& c : charts) {
    std::string why;
    INFO(c.svg.substr(0, 300));
    CHECK(well_formed(c.svg, &why));
    INFO(why);
    CHECK(count(c.svg, "<title id=\"title\">") == 1);
    CHECK(count(c.svg, "class=\"axis-label\"") == 2);
    CHECK(c.svg.find("Source: foi-contracts analysis of 3 file(s) in returns/ &amp; co, 2026-11-25.") != std::string::npos);
    if (c.bars > 0) CHECK(count(c.svg, "<rect class=\"bar\"") == c.bars);
  }
  // The histogram has a bar per bin and its bars add up to the CCGs.
  std::regex tip("<title>[0-9]+-[0-9]+: ([0-9]+) CCGs</title>");
  long total = 0;
  for (std::sregex_iterator it(charts[2].svg.begin(), charts[2].svg.end(), tip), end; it != end; ++it)
    total += std::stol((*it)[1]);
  CHECK(total == 30);
}

TEST_CASE("charts: the type chart names each type and its exact shares", "[charts]") {
  auto svg = foi::chart_type_shares(sample_results(), {"x", "2026-11-25"});
  CHECK(svg.find(">NHS foundation trust</text>") != std::string::npos);
  CHECK(svg.find("NHS foundation trust: 10.0% of contracts") != std::string::npos);
  CHECK(svg.find("#0072B2") != std::string::npos);  // Okabe-Ito blue
}
