#include "foi/charts.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "foi/error.h"
#include "foi/format.h"
#include "foi/output_file.h"

namespace foi {

namespace {

// Okabe & Ito (2008) palette.
constexpr const char* kBlue = "#0072B2";
constexpr const char* kOrange = "#E69F00";
constexpr const char* kGreen = "#009E73";
constexpr const char* kGrey = "#999999";
constexpr const char* kVermillion = "#D55E00";

struct Svg {
  double width, height;
  std::string body;

  Svg(double w, double h, std::string_view title, std::string_view desc) : width(w), height(h) {
    body = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
        "role=\"img\" aria-labelledby=\"title desc\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        "<title id=\"title\">{2}</title>\n<desc id=\"desc\">{3}</desc>\n"
        "<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n"
        "<text class=\"chart-title\" x=\"20\" y=\"30\" font-size=\"18\" font-weight=\"bold\">{2}</text>\n",
        w, h, xml_text(title), xml_text(desc));
  }
  void text(double x, double y, std::string_view s, std::string_view extra = {}) {
    body += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" {}>{}</text>\n", x, y, extra, xml_text(s));
  }
  void line(double x1, double y1, double x2, double y2, std::string_view stroke, std::string_view extra = {}) {
    body += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" {}/>\n", x1, y1, x2,
                        y2, stroke, extra);
  }
  void bar(double x, double y, double w, double h, std::string_view fill, std::string_view tip) {
    body += fmt::format(
        "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{}</title></rect>\n",
        x, y, std::max(w, 0.0), std::max(h, 0.0), fill, xml_text(tip));
  }
  void legend(double x, double y, std::initializer_list<std::pair<const char*, const char*>> items) {
    for (const auto& [colour, name] : items) {
      body += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/>\n", x, y - 10, colour);
      text(x + 16, y, name);
      x += 24 + 7.0 * static_cast<double>(std::string_view(name).size());
    }
  }
  std::string finish(const ChartSource& s) {
    text(20, height - 12,
         fmt::format("Source: foi-contracts analysis of {}, {}.", s.inputs, s.date), "fill=\"#444444\" class=\"source\"");
    return body + "</svg>\n";
  }
};

// A vertical histogram with labelled axes.
std::string histogram(const std::vector<double>& values, double lo, double hi, int bins, std::string_view title,
                      std::string_view desc, std::string_view x_label, const ChartSource& s,
                      const std::vector<std::pair<double, std::string>>& marks, bool integer_bins) {
  Svg svg(760, 440, title, desc);
  const double left = 70, right = 730, top = 60, bottom = 360;
  std::vector<long> counts(static_cast<std::size_t>(bins), 0);
  double width = (hi - lo) / bins;
  for (double v : values) {
    auto b = static_cast<long>(std::floor((v - lo) / width));
    counts[static_cast<std::size_t>(std::clamp(b, 0L, static_cast<long>(bins - 1)))]++;
  }
  long max_count = std::max(1L, *std::max_element(counts.begin(), counts.end()));
  double step = (right - left) / bins;
  for (int i = 0; i < bins; ++i) {
    double h = (bottom - top) * static_cast<double>(counts[static_cast<std::size_t>(i)]) / static_cast<double>(max_count);
    double from = lo + i * width, to = from + width;
    std::string range = integer_bins ? fmt::format("{}-{}", std::lround(from), std::lround(to) - 1)
                                     : fmt::format("{:.0f}-{:.0f}", from, to);
    svg.bar(left + i * step + 1, bottom - h, step - 2, h, kBlue, fmt::format("{}: {} CCGs", range, counts[static_cast<std::size_t>(i)]));
  }
  svg.line(left, bottom, right, bottom, "#000000");
  svg.line(left, top, left, bottom, "#000000");
  for (int t = 0; t <= 4; ++t) {
    double v = static_cast<double>(max_count) * t / 4, y = bottom - (bottom - top) * t / 4;
    svg.line(left - 4, y, left, y, "#000000");
    svg.text(left - 8, y + 4, fmt::format("{:.0f}", v), "text-anchor=\"end\"");
  }
  for (int t = 0; t <= 5; ++t) {
    double v = lo + (hi - lo) * t / 5, x = left + (right - left) * t / 5;
    svg.line(x, bottom, x, bottom + 4, "#000000");
    svg.text(x, bottom + 18, thousands(std::lround(v)), "text-anchor=\"middle\"");
  }
  for (const auto& [v, name] : marks) {
    double x = left + (right - left) * (v - lo) / (hi - lo);
    svg.line(x, top, x, bottom, kVermillion, "stroke-dasharray=\"6 4\" stroke-width=\"2\"");
    svg.text(x + 4, top + 12, name, fmt::format("fill=\"{}\"", kVermillion));
  }
  svg.text((left + right) / 2, bottom + 40, x_label, "text-anchor=\"middle\" class=\"axis-label\"");
  svg.text(20, (top + bottom) / 2, "CCGs", fmt::format("class=\"axis-label\" transform=\"rotate(-90 20 {:.0f})\" text-anchor=\"middle\"", (top + bottom) / 2));
  return svg.finish(s);
}

}  // namespace

std::string chart_type_shares(const Results& r, const ChartSource& s) {
  Svg svg(820, 140 + 44.0 * static_cast<double>(r.by_type.size()),
          "Share of contracts and of contract value by provider type",
          "Paired bars: for each provider type, its share of all contracts and its share of all known contract value.");
  const double left = 210, right = 780, top = 70;
  double bottom = top + 44.0 * static_cast<double>(r.by_type.size());
  double max_share = 0;
  for (const auto& t : r.by_type)
    max_share = std::max({max_share, t.contract_share.value_or(0), t.value_share.value_or(0)});
  double scale_max = std::max(0.1, std::ceil(max_share * 10) / 10);
  for (int t = 0; t <= 5; ++t) {
    double x = left + (right - left) * t / 5;
    svg.line(x, top - 5, x, bottom, "#dddddd");
    svg.text(x, bottom + 16, percent(scale_max * t / 5, 0), "text-anchor=\"middle\"");
  }
  double y = top;
  for (const auto& t : r.by_type) {
    svg.text(left - 8, y + 20, t.label, "text-anchor=\"end\"");
    // A share of nothing (no contracts, or no known value) has no bar's length and says so.
    svg.bar(left, y + 4, (right - left) * t.contract_share.value_or(0) / scale_max, 16, kBlue,
            t.contract_share
                ? fmt::format("{}: {} of contracts ({})", t.label, percent(*t.contract_share), thousands(t.contracts))
                : fmt::format("{}: no share of contracts (no contracts)", t.label));
    svg.bar(left, y + 21, (right - left) * t.value_share.value_or(0) / scale_max, 16, kOrange,
            t.value_share ? fmt::format("{}: {} of value ({})", t.label, percent(*t.value_share), pounds(t.value))
                          : fmt::format("{}: no share of value (no contract has a known value)", t.label));
    y += 44;
  }
  svg.line(left, top - 5, left, bottom, "#000000");
  svg.text((left + right) / 2, bottom + 36, "Share of all contracts (blue) and of all known value (orange)",
           "text-anchor=\"middle\" class=\"axis-label\"");
  svg.text(20, (top + bottom) / 2, "Provider type",
           fmt::format("class=\"axis-label\" transform=\"rotate(-90 20 {:.0f})\" text-anchor=\"middle\"", (top + bottom) / 2));
  svg.legend(left, 52, {{kBlue, "share of contracts"}, {kOrange, "share of value"}});
  return svg.finish(s);
}

std::string chart_contracts_per_ccg(const Results& r, const ChartSource& s) {
  std::vector<double> v;
  for (const auto& c : r.by_ccg)
    if (c.contracts > 0) v.push_back(static_cast<double>(c.contracts));
  double hi = v.empty() ? 10 : *std::max_element(v.begin(), v.end());
  double top = std::max(10.0, std::ceil((hi + 1) / 10) * 10);
  return histogram(v, 0, top, static_cast<int>(top / 10) < 5 ? 5 : std::min(20, static_cast<int>(top / 10)),
                   "Contracts per responding CCG", "Histogram of the number of contracts each responding CCG listed.",
                   "Contracts listed by the CCG", s, {}, true);
}

std::string chart_hhi(const Results& r, const ChartSource& s) {
  std::vector<double> v;
  for (const auto& c : r.by_ccg)
    if (c.hhi_value) v.push_back(*c.hhi_value);
  return histogram(v, 0, 10000, 20, "Concentration of each CCG's contract value (HHI)",
                   "Histogram of CCG Herfindahl-Hirschman indices by contract value, with the concentration bands.",
                   fmt::format("HHI by value (0-10,000); dashed lines: {} band limits", r.bands.name), s,
                   {{r.bands.moderate, "moderate"}, {r.bands.high, "high"}}, false);
}

std::string chart_quality_by_type(const Results& r, const ChartSource& s) {
  std::vector<const ShareRow*> rows;
  for (const auto& t : r.by_type)
    if (t.contracts > 0) rows.push_back(&t);
  const double left = 210, right = 780, top = 70;
  double bottom = top + 30.0 * static_cast<double>(rows.size());
  Svg svg(820, bottom + 70, "Quality monitoring by provider type",
          "Stacked bars: the share of each type's contracts with quality monitoring (yes), without (no), or not stated.");
  double y = top;
  for (const ShareRow* t : rows) {
    svg.text(left - 8, y + 16, t->label, "text-anchor=\"end\"");
    double x = left, w = right - left;
    // Only types with contracts are drawn: each has its three shares.
    const double yes = t->quality_yes.value_or(0), no = t->quality_no.value_or(0),
                 not_stated = t->quality_not_stated.value_or(0);
    svg.bar(x, y + 4, w * yes, 18, kGreen, fmt::format("{}: monitored {}", t->label, percent(yes)));
    x += w * yes;
    svg.bar(x, y + 4, w * no, 18, kVermillion, fmt::format("{}: not monitored {}", t->label, percent(no)));
    x += w * no;
    svg.bar(x, y + 4, w * not_stated, 18, kGrey, fmt::format("{}: not stated {}", t->label, percent(not_stated)));
    y += 30;
  }
  for (int t = 0; t <= 4; ++t) svg.text(left + (right - left) * t / 4, bottom + 16, percent(t / 4.0, 0), "text-anchor=\"middle\"");
  svg.text((left + right) / 2, bottom + 36, "Share of the type's contracts", "text-anchor=\"middle\" class=\"axis-label\"");
  svg.text(20, (top + bottom) / 2, "Provider type",
           fmt::format("class=\"axis-label\" transform=\"rotate(-90 20 {:.0f})\" text-anchor=\"middle\"", (top + bottom) / 2));
  svg.legend(left, 52, {{kGreen, "monitored"}, {kVermillion, "not monitored"}, {kGrey, "not stated"}});
  return svg.finish(s);
}

void write_charts(const Results& r, const ChartSource& s, const std::string& dir) {
  namespace fs = std::filesystem;
  auto write = [&](const char* name, const std::string& svg) {
    write_text_file(fs::path(dir) / name, svg);
  };
  write("chart_type_shares.svg", chart_type_shares(r, s));
  write("chart_contracts_per_ccg.svg", chart_contracts_per_ccg(r, s));
  write("chart_hhi.svg", chart_hhi(r, s));
  write("chart_quality_by_type.svg", chart_quality_by_type(r, s));
}

}  // namespace foi
