// A TOML file the user writes (a study file, a rules file): read, parsed,
// and its errors as foi::Error at their line and column.
#pragma once

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
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
                                  key.empty() ? std::string("a key") : text::printable_short(key)));
}

// Such a file is a few kilobytes, and its keys have a few parts.
inline constexpr std::size_t kMaxTomlBytes = 1u << 20;
inline constexpr std::size_t kMaxTomlKeyParts = 64;

// The parts of the key a line starts with, a table's header ("[a.b]") or a
// key ("a.b = 1"): the dots outside quotes, plus one. An overestimate for a
// line inside a multi-line string, which has no key, and so only ever a
// refusal of a line no real file has.
inline std::size_t toml_key_parts(std::string_view line) {
  const std::string_view t = text::trim(line);
  const bool header = !t.empty() && t.front() == '[';
  std::size_t parts = 1;
  char quote = 0;
  for (char c : t.substr(header ? 1 : 0)) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '.') {
      ++parts;
    } else if (c == (header ? ']' : '=')) {
      break;
    }
  }
  return parts;
}

// The file at path, parsed. Read here rather than by toml++'s parse_file,
// so that a pipe ("--study <(...)") reads as a file does; a device or a
// file of megabytes is refused before it is parsed, and so is a key of
// thousands of dotted parts, which the parser would follow one level of
// its stack a part, to a crash.
[[nodiscard]] inline toml::table parse_toml_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (!ec && (fs::is_character_file(st) || fs::is_block_file(st)))
    throw Error({path, 0, 0}, "is a device, not a file: name the TOML file itself");
  if (!ec && fs::is_directory(st)) throw Error({path, 0, 0}, "is a folder, not a TOML file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error({path, 0, 0}, fmt::format("cannot be opened: {}", std::strerror(errno)), ErrorKind::not_opened);
  std::string bytes;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxTomlBytes)
      throw Error({path, 0, 0}, fmt::format("is larger than {} KiB, where a study or rules file is a few kilobytes: "
                                            "is it the right file?",
                                            kMaxTomlBytes >> 10));
  }
  if (in.bad()) throw Error({path, 0, 0}, fmt::format("cannot be read: {}", std::strerror(errno)));
  long line_number = 0;
  for (std::size_t at = 0; at < bytes.size();) {
    const std::size_t end = std::min(bytes.find('\n', at), bytes.size());
    ++line_number;
    if (const std::size_t parts = toml_key_parts(std::string_view(bytes).substr(at, end - at));
        parts > kMaxTomlKeyParts)
      throw Error({path, line_number, 1}, fmt::format("a key of {} dotted parts, more than the {} any study or rules "
                                                      "file needs",
                                                      parts, kMaxTomlKeyParts));
    at = end + 1;
  }
  try {
    return toml::parse(bytes, path);
  } catch (const toml::parse_error& e) {
    throw toml_error(path, e);
  }
}

}  // namespace foi
