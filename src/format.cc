#include "foi/format.h"

#include <cmath>

#include <fmt/format.h>

namespace foi {

std::string csv_text(std::string_view s) {
  std::string v(s);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_number(std::optional<double> v, int decimals) {
  if (!v || !std::isfinite(*v)) return {};
  if (decimals >= 0) return fmt::format("{:.{}f}", *v, decimals);
  return fmt::format("{}", *v);
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else out += c;
    }
  }
  out += '"';
  return out;
}

std::string json_number(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "null";
  if (*v == std::floor(*v) && std::fabs(*v) < 1e15) return fmt::format("{}", static_cast<long long>(*v));
  return fmt::format("{}", *v);
}

std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

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
