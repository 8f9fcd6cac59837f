// A study file (TOML): the years, thresholds and groupings of one study and
// the figures it published, with tolerances (methods.md (Reproducing published figures)).
#pragma once

#include <string>
#include <vector>

#include "foi/cells.h"
#include "foi/columns.h"
#include "foi/contracts.h"
#include "foi/provider_type.h"

namespace foi {

struct Expectation {
  std::string figure;  // a methods.md (Figure names) name
  double value = 0;
  double tolerance = 0;
  std::string source;
  // Where its figure key is (the [[expect]] line when it has none): a
  // message about the name points at the name.
  long line = 0, column = 0;
};

struct HhiBands {
  double moderate = 1500;  // 2010 US Horizontal Merger Guidelines
  double high = 2500;
  std::string name = "2010";
};

struct Study {
  std::string name;
  std::string path;
  StudyYears years;
  double low_value_threshold = 100000;
  HhiBands bands;
  std::vector<Grouping> groupings = default_groupings();
  QualityKeywords quality = default_quality_keywords();
  HeaderAliases aliases;
  std::vector<Expectation> expect;
};

// Throws foi::Error with the file, line and column of what is wrong.
Study load_study(const std::string& path);

}  // namespace foi
