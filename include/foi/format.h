// Writing CSV and JSON cells the same way everywhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace foi {

// One CSV field: quoted when it holds a comma, quote or line break. Text
// fields that a spreadsheet would run as a formula (a leading = + - @, tab
// or CR) get a leading apostrophe; numbers are never changed.
std::string csv_text(std::string_view s);
// A number: shortest round-trip form, or `decimals` places; empty for
// nothing, NaN or infinity.
std::string csv_number(std::optional<double> v, int decimals = -1);

// A JSON string literal with escapes.
std::string json_string(std::string_view s);

// The same three, written at the end of `out`: a writer of millions of
// rows makes no string a field.
void append_csv_text(std::string& out, std::string_view s);
void append_csv_number(std::string& out, std::optional<double> v, int decimals = -1);
void append_json_string(std::string& out, std::string_view s);
// A JSON number: shortest round-trip form; null for nothing, NaN or infinity.
std::string json_number(std::optional<double> v);

// Text for XML and SVG: & < > " escaped.
std::string xml_text(std::string_view s);
// The same for an attribute's value, with tabs and line breaks as character
// references, which XML reads back as they were, not as spaces.
std::string xml_attribute(std::string_view s);

// "£1,234,567" (no pence unless asked).
std::string pounds(double v, int decimals = 0);
// "65.3%" from a fraction.
std::string percent(double fraction, int decimals = 1);
// "1,234"
std::string thousands(long long v);

}  // namespace foi
