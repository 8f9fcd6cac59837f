// Measures provider typing on a labelled set for a range of fuzzy-match
// thresholds; the shipped threshold was chosen from this table.
// Usage: provider_threshold [tests/data/providers_labelled.csv]
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "foi/providers.h"
#include "foi/reader.h"

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "tests/data/providers_labelled.csv";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "cannot open {}\n", path);
    return 2;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  auto records = foi::read_all(bytes);
  fmt::print("{:>9} {:>9} {:>8} {:>8} {:>8}\n", "threshold", "accuracy", "fuzzy", "f-right", "unknown");
  for (int t = 70; t <= 100; t += 2) {
    foi::ResolverOptions o;
    o.fuzzy_threshold = t / 100.0;
    foi::ProviderResolver r(foi::builtin_reference(), {}, o);
    long right = 0, total = 0, fuzzy = 0, fuzzy_right = 0, unknown = 0;
    for (std::size_t i = 1; i < records.size(); ++i) {
      const auto& c = records[i].cells;
      if (c.size() < 3) continue;
      auto want = foi::parse_provider_type(c[2]);
      const auto& d = r.resolve(c[0]);
      ++total;
      right += d.type == want;
      unknown += d.type == foi::ProviderType::unknown;
      if (d.basis.starts_with("fuzzy")) {
        ++fuzzy;
        fuzzy_right += d.type == want;
      }
    }
    fmt::print("{:>9.2f} {:>8.1f}% {:>8} {:>8} {:>8}\n", o.fuzzy_threshold, 100.0 * static_cast<double>(right) / static_cast<double>(total), fuzzy, fuzzy_right,
               unknown);
  }
  return 0;
}
