#include "foi/error.h"

#include <fmt/format.h>

#include "text.h"

namespace foi {

std::string column_letters(long column) {
  std::string s;
  for (; column > 0; column = (column - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (column - 1) % 26));
  return s;
}

std::string to_string(const Location& where) {
  if (where.line <= 0) return where.file;
  if (where.column <= 0) return fmt::format("{}:{}", where.file, where.line);
  if (where.column_letters) return fmt::format("{}:{}:{}", where.file, where.line, column_letters(where.column));
  return fmt::format("{}:{}:{}", where.file, where.line, where.column);
}

Error::Error(Location where, const std::string& message, ErrorKind kind)
    : std::runtime_error(where.file.empty() ? message : to_string(where) + ": " + message),
      where_(std::move(where)),
      message_(message),
      kind_(kind) {}

Error::Error(Location where, const std::string& message, std::vector<Error> more)
    : Error(std::move(where), more.empty() ? message
                                           : fmt::format("{} (and {} more error{} in this file)", message, more.size(),
                                                         more.size() == 1 ? "" : "s")) {
  message_ = message;
  more_ = std::move(more);
}

std::vector<std::string> error_lines(const Error& e) {
  if (e.more().empty()) return {printable_what(e)};
  std::vector<std::string> out{printable_what(Error(e.where(), e.message()))};
  for (const Error& m : e.more()) out.push_back(printable_what(m));
  return out;
}

std::string printable_what(const std::exception& e) { return text::printable(e.what()); }

std::string diagnostic_line(const Diagnostic& d) {
  return fmt::format("{}: {}[{}]: {}", to_string(d.where), to_string(d.severity), d.id, d.message);
}

std::string format_diagnostic(const Diagnostic& d) { return text::printable(diagnostic_line(d)); }

const std::vector<std::string_view>& check_ids() {
  static const std::vector<std::string_view> ids = {
      "unreadable", "empty-file", "no-header", "no-provider-column", "no-ccg", "ccg-unknown", "no-contracts",
      "unclosed-quote", "line-too-long", "manifest-missing-file", "manifest-status", "manifest-unlisted-file", "file-not-read", "encoding-fallback",
      "encoding-guessed", "nul-bytes", "utf16-odd-byte", "mixed-line-ends", "ragged-row", "duplicate-column", "row-rejected", "duplicate-row",
      "duplicate-across-files", "value-unparseable", "value-negative", "years-exceed-total", "total-mismatch",
      "date-unparseable", "date-month-first", "end-before-start", "outside-study-years", "year-outside-dates", "length-unparseable", "length-mismatch",
      "type-conflict", "provider-placeholder", "provider-joint", "override-unused", "unknown-types", "ccg-ambiguous-name", "ccg-mismatch", "ccg-several-returns", "value-withheld", "value-range", "value-unit", "value-annual",
      "length-as-dates", "length-extension", "date-as-period", "not-a-workbook", "sheet-skipped", "sheet-hidden", "sheets-by-year",
      "hidden-rows", "hidden-columns", "merged-cells", "xls-limits"};
  return ids;
}

std::string_view nearest_name(std::string_view name, const std::vector<std::string_view>& known) {
  std::string_view best;
  std::size_t best_distance = std::string_view::npos;
  for (std::string_view k : known)
    if (const std::size_t d = text::edit_distance(name, k); d < best_distance) best = k, best_distance = d;
  return best;
}

const char* to_string(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

}  // namespace foi
