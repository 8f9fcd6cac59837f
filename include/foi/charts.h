// The outputs stage: SVG charts of the figures. Each has a title, axis labels, a
// source line and the Okabe-Ito colour-blind-safe palette; every bar is a
// <rect class="bar"> with a <title> giving its exact value.
#pragma once

#include <string>

#include "foi/analysis.h"

namespace foi {

struct ChartSource {
  std::string inputs;  // "192 files in data/samples/bjgp2019"
  std::string date;    // YYYY-MM-DD
};

std::string chart_type_shares(const Results& r, const ChartSource& s);      // contract vs value share by type
std::string chart_contracts_per_ccg(const Results& r, const ChartSource& s);  // histogram
std::string chart_hhi(const Results& r, const ChartSource& s);              // histogram with band lines
std::string chart_quality_by_type(const Results& r, const ChartSource& s);  // stacked yes/no/not stated

// Writes the four charts as SVG files into dir.
void write_charts(const Results& r, const ChartSource& s, const std::string& dir);

}  // namespace foi
