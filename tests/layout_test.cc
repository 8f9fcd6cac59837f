// The data path reads left to right, one file family per stage: a stage
// may use the stages before it and knows nothing of those after it. This
// test reads every library source's #include lines and holds them to that
// order, so a back-edge fails the build's tests rather than a review.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace fs = std::filesystem;

namespace {

// Every source file's stage, by its name without extension. A new file
// must be placed here: where it belongs is a decision, not a default.
const std::vector<std::pair<std::string, std::vector<std::string>>> kStages = {
    {"shared helpers",
     {"error", "text", "format", "temp_file", "parallel", "handoff", "hash_slots", "huge_pages", "u64_map",
      "radix_sort", "exact_sum", "memo", "repeated_hashes", "embedded_reference", "toml_file"}},
    {"bytes to records",
     {"reader", "utf", "workbook_common", "zip", "xml_scan", "xls", "sheet_import", "workbook", "inputs", "spool"}},
    {"reference data", {"provider_type", "reference", "ccg"}},
    {"records to rows and cells",
     {"table", "columns", "rows", "cells", "dates", "money", "length", "quality", "manifest"}},
    {"contracts", {"contracts", "study"}},
    {"providers", {"providers", "pipeline"}},
    {"figures", {"analysis"}},
    {"outputs", {"report", "charts", "output_file"}},
    {"commands", {"commands", "cmd_common", "cmd_analyse", "cmd_inspect", "cmd_normalise", "cmd_providers",
                  "cmd_validate"}},
    {"command line", {"main"}},
};

int stage_of(const std::string& stem) {
  for (std::size_t i = 0; i < kStages.size(); ++i)
    for (const std::string& s : kStages[i].second)
      if (s == stem) return static_cast<int>(i);
  return -1;
}

std::vector<fs::path> library_sources() {
  const fs::path root = FOI_SOURCE_DIR;
  std::vector<fs::path> out;
  for (const fs::path& dir : {root / "include" / "foi", root / "src", root / "src" / "cli"})
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && (e.path().extension() == ".h" || e.path().extension() == ".cc"))
        out.push_back(e.path());
  return out;
}

}  // namespace

TEST_CASE("layout: every library source file belongs to a stage of the data path", "[layout]") {
  for (const fs::path& f : library_sources()) {
    INFO(f.string() << " is in no stage: add it to kStages in tests/layout_test.cc");
    CHECK(stage_of(f.stem().string()) >= 0);
  }
}

TEST_CASE("layout: a source file includes only its own stage and the stages before it", "[layout]") {
  const std::regex include_line(R"re(^\s*#\s*include\s+"(foi/)?([A-Za-z0-9_]+)\.h")re");
  std::size_t includes = 0;
  for (const fs::path& f : library_sources()) {
    const int stage = stage_of(f.stem().string());
    if (stage < 0) continue;  // told by the test above
    std::ifstream in(f);
    std::string line;
    for (long n = 1; std::getline(in, line); ++n) {
      std::smatch m;
      if (!std::regex_search(line, m, include_line)) continue;
      ++includes;
      const int used = stage_of(m[2].str());
      INFO(f.string() << ":" << n << ": the " << kStages[static_cast<std::size_t>(stage)].first << " stage includes "
                      << m[2].str() << ".h"
                      << (used < 0 ? ", which is in no stage"
                                   : ", of the later " + kStages[static_cast<std::size_t>(used)].first + " stage"));
      CHECK(used >= 0);
      CHECK(used <= stage);
    }
  }
  // The reading itself is checked: a pattern that matched nothing would pass any layout.
  CHECK(includes > 100);
}
