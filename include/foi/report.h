// The outputs stage: figures -> outputs people read or load: the terminal summary,
// Markdown report, JSON document and tidy CSV tables.
#pragma once

#include <string>

#include "foi/analysis.h"

namespace foi {

// Aligned text a researcher can paste into a paper: the methods.md (The BJGP 2019 study) figures
// first, then shares, concentration, quality monitoring, data quality.
std::string text_report(const Results& r);
std::string markdown_report(const Results& r);
// {"figures": {...}, "by_type": [...], "by_group": [...], "by_ccg": [...],
//  "by_year": [...], "data_quality": {...}, "comparison": [...]}; see docs/output.md.
std::string json_report(const Results& r);
// figure,value: one row per figure.
std::string figures_csv(const Results& r);

// The side-by-side table of published and computed figures.
std::string comparison_text(const Results& r);

// by_type.csv, by_group.csv, by_ccg.csv, by_provider.csv, by_year.csv,
// sensitivity.csv, data_quality.csv, figures.json and report.md into dir.
// Throws foi::Error when the folder cannot be written.
void write_tables(const Results& r, const std::string& dir);

}  // namespace foi
