#include "foi/error.h"

#include <fmt/format.h>

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

Error::Error(Location where, const std::string& message)
    : std::runtime_error(where.file.empty() ? message : to_string(where) + ": " + message),
      where_(std::move(where)),
      message_(message) {}

std::string format_diagnostic(const Diagnostic& d) {
  return fmt::format("{}: {}[{}]: {}", to_string(d.where), to_string(d.severity), d.id, d.message);
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
