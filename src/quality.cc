// Quality-monitoring cells: yes / no / not stated (methods.md (Cells)).
#include "foi/cells.h"
#include "text.h"

namespace foi {

const char* to_string(Quality q) {
  switch (q) {
    case Quality::yes: return "yes";
    case Quality::no: return "no";
    case Quality::not_stated: return "not_stated";
  }
  return "not_stated";
}

const QualityKeywords& default_quality_keywords() {
  static const QualityKeywords k{
      {"yes", "y", "kpi", "kpis", "cquin", "quality schedule", "review", "reviews", "meeting", "meetings",
       "dashboard", "audit", "monitored", "monitoring", "report", "reports", "reporting", "quarterly", "monthly",
       "quality", "performance", "contract management", "outcome", "outcomes", "indicators", "cqc", "visits"},
      {"no", "n", "none", "not monitored", "no kpis", "nil", "not", "no monitoring",
       // Other words for no ("Nothing formal", "Never", "Unmonitored").
       "nothing", "never", "unmonitored", "no quality monitoring", "not in place",
       // Not yet, or not asked for ("KPIs not yet agreed", "Monitoring not required").
       "not yet", "not agreed", "not required", "not currently",
       // A spreadsheet's false, as a workbook or a CSV export writes it.
       "false", "0"},
      {"", "n a", "na", "not known", "not held", "unknown", "not stated", "tbc", "not applicable", "no information",
       "information not held", "not recorded", "dont know", "unsure", "unclear", "not available", "nk", "n k",
       // Still to be settled, or a template's choice left as it was sent.
       "tba", "tbd", "to be confirmed", "to be agreed", "to be determined", "y n", "yes no", "yes or no"}};
  return k;
}

Quality parse_quality(std::string_view raw, const QualityKeywords& k) {
  std::string f = text::fold(raw);
  if (&k == &default_quality_keywords()) {
    // The commonest answers, without scanning the keyword lists.
    if (f == "yes" || f == "y") return Quality::yes;
    if (f == "no" || f == "n") return Quality::no;
    if (f.empty()) return Quality::not_stated;
  }
  for (const auto& w : k.not_stated)
    if (f == w) return Quality::not_stated;
  // "N/A - spot purchase", "Not known (lead CCG)": the answer comes first,
  // and a remark after it does not make it a no.
  for (const auto& w : k.not_stated)
    if (w.size() > 1 && text::starts_with_word(f, w)) return Quality::not_stated;
  for (const auto& w : k.no)
    if (text::starts_with_word(f, w)) return Quality::no;
  // A negative of two words or more says no wherever it stands ("spot
  // purchase - no monitoring"); a single word only at the start, where "no"
  // or "not" answers the question rather than qualifying a description.
  for (const auto& w : k.no)
    if (w.find(' ') != std::string::npos && text::contains_phrase(f, w)) return Quality::no;
  for (const auto& w : k.yes)
    if (text::contains_phrase(f, w)) return Quality::yes;
  // Any other description of how the contract is monitored counts as
  // monitoring, as the study did.
  return Quality::yes;
}

}  // namespace foi
