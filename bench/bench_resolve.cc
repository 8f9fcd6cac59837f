// Shows that provider resolution costs grow with distinct names, not rows:
// resolves N rows drawn from a fixed set of spellings and reports the time
// per row and the number of distinct decisions made.
// Usage: bench_resolve [rows=1000000]
#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "foi/providers.h"

int main(int argc, char** argv) {
  long rows = argc > 1 ? std::atol(argv[1]) : 1000000;
  const auto& ref = foi::builtin_reference();
  std::vector<std::string> names;
  for (const auto& p : ref.providers) {
    names.push_back(p.name);
    names.push_back(p.name + " Ltd");
    names.push_back("The " + p.name);
  }
  for (int i = 0; i < 300; ++i) names.push_back(fmt::format("Wellbeing Service {} CIC", i));
  for (long n : {rows / 100, rows / 10, rows}) {
    foi::ProviderResolver r(ref);
    auto start = std::chrono::steady_clock::now();
    unsigned long seed = 12345;
    for (long i = 0; i < n; ++i) {
      seed = seed * 6364136223846793005ul + 1442695040888963407ul;
      const auto& name = names[(seed >> 33) % names.size()];
      r.resolve(name);
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("{:>9} rows  {:>6} distinct names  {:8.3f} s  {:8.1f} ns/row\n", n, r.distinct_names(), s,
               1e9 * s / static_cast<double>(n));
  }
  return 0;
}
