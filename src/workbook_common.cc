#include "workbook_common.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <unordered_set>

#include "foi/error.h"

namespace foi::detail {

[[noreturn]] void fail(const std::string& display, const std::string& message) {
  throw Error({display, 0, 0}, message);
}

std::string mib(std::uint64_t bytes) { return fmt::format("{:.0f} MiB", static_cast<double>(bytes) / (1 << 20)); }

std::string number_text(double v) {
  if (!std::isfinite(v)) return "#NUM!";
  if (v == 0) return "0";
  std::array<char, 512> buf;
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::general, 15);
  std::string s(buf.data(), r.ptr);
  if (s.find('e') != std::string::npos) {
    double rounded = std::strtod(s.c_str(), nullptr);
    r = std::to_chars(buf.data(), buf.data() + buf.size(), rounded, std::chars_format::fixed);
    s.assign(buf.data(), r.ptr);
  }
  return s;
}

void clean_cell_text(std::string& s) {
  if (!needs_cleaning(s)) return;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\t') ? ' ' : c;
  }
  s = std::move(out);
}

void mend_surrogates(std::string& s) {
  std::size_t at = s.find('\xED');
  if (at == std::string::npos) return;
  std::string out(s, 0, at);
  for (; at < s.size(); ++at) {
    const auto second = at + 2 < s.size() ? static_cast<unsigned char>(s[at + 1]) : 0u;
    const auto third = at + 2 < s.size() ? static_cast<unsigned char>(s[at + 2]) : 0u;
    if (s[at] == '\xED' && second >= 0xA0 && second <= 0xBF && third >= 0x80 && third <= 0xBF) {
      out += "\xEF\xBF\xBD";
      at += 2;
    } else {
      out += s[at];
    }
  }
  s = std::move(out);
}

void append_csv_cell(std::string& out, std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::vector<std::string> distinct_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::unordered_set<std::string> taken(names.begin(), names.end());
  std::unordered_set<std::string> given;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string name = names[i];
    if (given.contains(name)) {
      // A sheet may be named "Contracts#3" itself: then "Contracts#3#3".
      name += fmt::format("#{}", i + 1);
      while (taken.contains(name) || given.contains(name)) name += fmt::format("#{}", i + 1);
    }
    given.insert(name);
    out.push_back(std::move(name));
  }
  return out;
}

}  // namespace foi::detail
