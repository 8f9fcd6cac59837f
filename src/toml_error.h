// A TOML file's syntax error (a study file, a rules file) as foi::Error,
// at its line and column.
#pragma once

#include <fstream>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "foi/error.h"
#include "text.h"

namespace foi {

[[nodiscard]] inline Error toml_error(const std::string& path, const toml::parse_error& e) {
  const auto& at = e.source().begin;
  Location where{path, static_cast<long>(at.line), static_cast<long>(at.column)};
  const std::string_view said = e.description();
  if (said.find("cannot redefine existing") == std::string_view::npos) return Error(where, std::string(said));
  // toml++ garbles the key of one given twice ("'\"vavalue-range\" '"):
  // the key as the line writes it, before its '='.
  std::ifstream in(path);
  std::string line;
  for (std::size_t n = 0; n < at.line && std::getline(in, line);) ++n;
  const std::string_view key = text::trim(std::string_view(line).substr(0, line.find('=')));
  where.column = static_cast<long>(line.find_first_not_of(" \t") == std::string::npos ? 1 : line.find_first_not_of(" \t") + 1);
  return Error(where, fmt::format("{} is given twice: an earlier line gives it already; keep one",
                                  key.empty() ? std::string_view("a key") : key));
}

}  // namespace foi
