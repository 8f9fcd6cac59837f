#include "foi/format.h"

#include <array>
#include <charconv>
#include <cmath>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "text.h"

namespace foi {

namespace {

// Whether a CSV field holds a comma, quote or line break: sixteen bytes a
// step, then a table, not find_first_of(), which asks memchr about the four
// bytes once for each byte of the text (a third of the time of `normalise`
// on a national file).
bool needs_csv_quotes(std::string_view s) {
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {',', '"', '\n', '\r'}) t[c] = true;
    return t;
  }();
  const char* p = s.data();
  std::size_t i = 0;
  for (; i + 16 <= s.size(); i += 16)
    if (text::mask_of(p + i, ',', '"') | text::mask_of(p + i, '\n', '\r')) return true;
  for (; i < s.size(); ++i)
    if (kSpecial[static_cast<unsigned char>(p[i])]) return true;
  return false;
}

}  // namespace

void append_csv_text(std::string& out, std::string_view s) {
  const bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                                      s[0] == '\r');
  const bool quote = needs_csv_quotes(s);
  if (quote) out += '"';
  if (formula) out += '\'';
  if (!quote) {
    out += s;
    return;
  }
  for (std::size_t from = 0;;) {
    const std::size_t q = text::find_byte(s, from, '"');
    out.append(s.substr(from, q == std::string_view::npos ? std::string_view::npos : q + 1 - from));
    if (q == std::string_view::npos) break;
    out += '"';  // a quote is doubled
    from = q + 1;
  }
  out += '"';
}

std::string csv_text(std::string_view s) {
  std::string out;
  append_csv_text(out, s);
  return out;
}

void append_csv_number(std::string& out, std::optional<double> v, int decimals) {
  if (!v || !std::isfinite(*v)) return;
  // A whole number of pounds, most contract values, is its integer's digits
  // in the shortest form too (below 10^15, where `{}` would start to write
  // an exponent); zero is left to fmt for its sign.
  if (decimals < 0 && *v != 0 && std::fabs(*v) < 1e15 && *v == std::trunc(*v)) {
    char digits[24];
    out.append(digits, static_cast<std::size_t>(
                           std::to_chars(digits, digits + sizeof digits, static_cast<long long>(*v)).ptr - digits));
    return;
  }
  // Formatted on the stack by compiled formats: `normalise` writes several
  // a row, and an iterator into the string made each cost hundreds of
  // instructions.
  char digits[64];
  const auto n = decimals >= 0 ? fmt::format_to_n(digits, sizeof digits, FMT_COMPILE("{:.{}f}"), *v, decimals).size
                               : fmt::format_to_n(digits, sizeof digits, FMT_COMPILE("{}"), *v).size;
  if (n <= sizeof digits) out.append(digits, n);
  else out += decimals >= 0 ? fmt::format("{:.{}f}", *v, decimals) : fmt::format("{}", *v);  // a fixed form of a huge value
}

std::string csv_number(std::optional<double> v, int decimals) {
  std::string out;
  append_csv_number(out, v, decimals);
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        else
          out += c;
    }
  }
  out += '"';
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string json_number(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "null";
  if (*v == std::floor(*v) && std::fabs(*v) < 1e15) return fmt::format("{}", static_cast<long long>(*v));
  return fmt::format("{}", *v);
}

namespace {

std::string xml_escaped(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = 0;
    const std::size_t n = text::utf8_length_at(s, i, cp);
    // XML 1.0 holds neither bytes that are not UTF-8 nor U+FFFE and U+FFFF,
    // even as references: one such byte in a cell would make the whole
    // report unreadable to a CI server.
    if (n == 0 || cp == 0xFFFE || cp == 0xFFFF) {
      out += text::kReplacementCharacter;
      i += n == 0 ? 1 : n;
      continue;
    }
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      // An attribute's tab or line break would be read back as a space.
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += attribute ? "&#13;" : "\r"; break;
      default:
        // Nor other control characters: written as a JSON string would.
        if (cp < 0x20) fmt::format_to(std::back_inserter(out), "\\u{:04x}", cp);
        else out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string xml_text(std::string_view s) { return xml_escaped(s, false); }
std::string xml_attribute(std::string_view s) { return xml_escaped(s, true); }

std::string thousands(long long v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string pounds(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  // Past what a long long holds (9.2e18) the digits come from the double
  // itself: a sum of hostile amounts must print, not wrap.
  if (std::fabs(v) >= 1e18) return fmt::format("{}£{:.{}f}", v < 0 ? "-" : "", std::fabs(v), decimals);
  double scale = std::pow(10.0, decimals);
  double r = std::round(std::fabs(v) * scale) / scale;
  auto whole = static_cast<long long>(std::floor(r));
  std::string out = "£" + thousands(whole);
  if (decimals > 0) {
    auto frac = static_cast<long long>(std::round((r - static_cast<double>(whole)) * scale));
    out += fmt::format(".{:0{}}", frac, decimals);
  }
  return v < 0 ? "-" + out : out;
}

std::string percent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return "-";
  return fmt::format("{:.{}f}%", fraction * 100, decimals);
}

}  // namespace foi
