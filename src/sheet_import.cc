#include "sheet_import.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <new>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <orcus/exception.hpp>
#include <orcus/sax_parser.hpp>
#include <orcus/orcus_xlsx.hpp>
#include <orcus/spreadsheet/import_interface.hpp>

#include "foi/error.h"
#include "text.h"
#include "workbook_common.h"
#include "xml_scan.h"
#include "zip.h"

namespace foi::detail {

namespace {

namespace ss = orcus::spreadsheet;

// --------------------------------------------------------------- cells

enum class NumberKind { number, date, time };

// Excel's built-in formats that show a date or a time (ECMA-376 18.8.30;
// 27-36 and 50-58 are the East Asian date formats).
NumberKind builtin_kind(std::size_t id) {
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return NumberKind::date;
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return NumberKind::time;
  return NumberKind::number;
}

// Whether a number format code shows a date, a time or a number: the letters
// left once literals, colours and locale tags are taken out decide it.
NumberKind format_kind(std::string_view code) {
  bool date = false, time = false, month = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;  // the first section decides
    if (c == '"') {
      auto end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;
      continue;
    }
    if (c == '[') {
      auto end = code.find(']', i);
      if (end == std::string_view::npos) break;
      std::string inner = text::lower(code.substr(i + 1, end - i - 1));
      if (!inner.empty() && inner.find_first_not_of("hms") == std::string::npos) time = true;  // [h]:mm elapsed
      i = end;
      continue;
    }
    std::string rest = text::lower(code.substr(i, 7));
    if (rest == "general") {
      i += 6;
      continue;
    }
    if (rest.starts_with("am/pm") || rest.starts_with("a/p")) {
      time = true;
      i += rest.starts_with("am/pm") ? 4 : 2;
      continue;
    }
    switch (c) {
      case 'y': case 'Y': case 'd': case 'D': date = true; break;
      case 'h': case 'H': case 's': case 'S': time = true; break;
      case 'm': case 'M': month = true; break;
      default: break;
    }
  }
  if (date || (month && !time)) return NumberKind::date;
  if (time) return NumberKind::time;
  return NumberKind::number;
}

// How many thousands a number format divides by: Excel's commas after the
// last digit placeholder of a section ("#,##0," shows 150000 as 150,
// "#,##0.0,," 15300000 as 15.3), as finance offices show a column headed
// "(£000s)" or "(£m)". The header's unit applies to the number shown, so the
// number written must be the one shown. A comma between placeholders is a
// thousands separator; commas quoted, escaped or in brackets are literal.
// A negative number is shown by the second section when there is one.
// A format's literal starting at code[i] (a quoted text, a bracket, an
// escaped or padding character): the index of its last byte, npos when it
// is left open, or i itself when code[i] starts none.
std::size_t literal_end(std::string_view code, std::size_t i) {
  const char c = code[i];
  if (c == '"' || c == '[') return code.find(c == '"' ? '"' : ']', i + 1);
  if (c == '\\' || c == '_' || c == '*') return i + 1;
  return i;
}

int format_thousands(std::string_view code, bool negative) {
  std::size_t from = 0;
  if (negative) {
    // The second section, when there is one; ';' in quotes or brackets is literal.
    for (std::size_t i = 0; i < code.size(); ++i) {
      if (code[i] == ';') {
        from = i + 1;
        break;
      }
      if ((i = literal_end(code, i)) == std::string_view::npos) break;
    }
  }
  int commas = 0;  // since the last digit placeholder, with nothing else between
  bool after_placeholder = false;
  for (std::size_t i = from; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;
    if (c == '0' || c == '#' || c == '?') {
      commas = 0;
      after_placeholder = true;
      continue;
    }
    if (c == ',' && after_placeholder) {
      ++commas;
      continue;
    }
    if (commas > 0) after_placeholder = false;  // the run of commas has ended
    if ((i = literal_end(code, i)) == std::string_view::npos) break;
  }
  return std::min(commas, 5);
}

// Days since 1970-01-01 -> civil date (H. Hinnant's algorithm).
void civil_from_days(long long z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long yy = static_cast<long long>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

long long days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::string iso_date(int y, unsigned m, unsigned d) { return fmt::format("{:04}-{:02}-{:02}", y, m, d); }

struct Origin {
  int y = 1899;
  unsigned m = 12, d = 30;
};

// A serial day number as Excel shows it; empty when out of Excel's range.
std::string serial_date(double serial, const Origin& o) {
  if (!(serial >= 1 && serial < 2958466)) return {};
  auto days = static_cast<long long>(std::floor(serial));
  long long base = days_from_civil(o.y, o.m, o.d);
  // Excel's 1900 system counts a 29 February 1900 that never was: serials
  // below 61 are one day later than the count from 30 December 1899.
  if (o.y == 1899 && o.m == 12 && o.d == 30 && days < 61) ++base;
  int y;
  unsigned m, d;
  civil_from_days(base + days, y, m, d);
  return iso_date(y, m, d);
}

std::string time_text(double serial) {
  double frac = serial - std::floor(serial);
  auto secs = static_cast<long>(std::lround(frac * 86400.0));
  if (secs >= 86400) secs = 86399;
  return fmt::format("{:02}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60);
}

// One sheet's cells as read, before they become CSV text.
struct SheetCells {
  enum class Kind : std::uint8_t { text, number, date_text };
  struct Cell {
    std::int32_t row, col;
    Kind kind;
    std::uint32_t seq;   // later writes win
    double number;       // number
    std::uint32_t text;  // index into the workbook's string table
  };
  std::string name;
  bool hidden = false;
  std::vector<Cell> cells;
  std::unordered_map<std::uint64_t, std::uint32_t> xf;  // (row, col) -> cell format
  std::vector<std::int32_t> hidden_rows, hidden_cols;
  std::vector<ss::range_t> merges;
};

struct Strings {
  std::vector<std::string> all;
  std::unordered_map<std::string, std::uint32_t> index;
  Budget* budget = nullptr;
  std::uint32_t add_new(std::string_view s) {
    budget->bytes(s.size());
    all.emplace_back(s);
    mend_surrogates(all.back());
    return static_cast<std::uint32_t>(all.size() - 1);
  }
};

// ---------------------------------------------------- the orcus factory

// orcus parses; these classes keep only what a CSV needs: cell values,
// cached formula results, number formats, hidden rows and columns, merges.
class SharedStrings final : public ss::iface::import_shared_strings {
 public:
  explicit SharedStrings(Strings& s) : s_(s) {}
  std::size_t items = 0;  // of the shared strings part, which sheets index
  std::size_t append(std::string_view v) override {
    ++items;
    return s_.add_new(v);
  }
  std::size_t add(std::string_view v) override {
    auto it = s_.index.find(std::string(v));
    if (it != s_.index.end()) return it->second;
    std::uint32_t i = s_.add_new(v);
    s_.index.emplace(std::string(v), i);
    return i;
  }
  void set_segment_font(std::size_t) override {}
  void set_segment_bold(bool) override {}
  void set_segment_italic(bool) override {}
  void set_segment_font_name(std::string_view) override {}
  void set_segment_font_size(double) override {}
  void set_segment_font_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  void append_segment(std::string_view v) override { segments_ += v; }
  std::size_t commit_segments() override {
    ++items;
    std::size_t i = s_.add_new(segments_);
    segments_.clear();
    return i;
  }

 private:
  Strings& s_;
  std::string segments_;
};

// Only number formats matter (a number shown as a date is a date); the rest
// of the style interface is accepted and dropped.
class Styles final : public ss::iface::import_styles {
 public:
  std::unordered_map<std::size_t, std::string> code_by_id;
  std::vector<std::size_t> id_by_index;  // number formats in commit order
  std::vector<std::size_t> numfmt_by_xf;

  void set_font_count(std::size_t) override {}
  void set_font_bold(bool) override {}
  void set_font_italic(bool) override {}
  void set_font_name(std::string_view) override {}
  void set_font_size(double) override {}
  void set_font_underline(ss::underline_t) override {}
  void set_font_underline_width(ss::underline_width_t) override {}
  void set_font_underline_mode(ss::underline_mode_t) override {}
  void set_font_underline_type(ss::underline_type_t) override {}
  void set_font_underline_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  void set_font_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  void set_strikethrough_style(ss::strikethrough_style_t) override {}
  void set_strikethrough_type(ss::strikethrough_type_t) override {}
  void set_strikethrough_width(ss::strikethrough_width_t) override {}
  void set_strikethrough_text(ss::strikethrough_text_t) override {}
  std::size_t commit_font() override { return fonts_++; }
  void set_fill_count(std::size_t) override {}
  void set_fill_pattern_type(ss::fill_pattern_t) override {}
  void set_fill_fg_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  void set_fill_bg_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  std::size_t commit_fill() override { return fills_++; }
  void set_border_count(std::size_t) override {}
  void set_border_style(ss::border_direction_t, ss::border_style_t) override {}
  void set_border_color(ss::border_direction_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t,
                        ss::color_elem_t) override {}
  void set_border_width(ss::border_direction_t, double, orcus::length_unit_t) override {}
  std::size_t commit_border() override { return borders_++; }
  void set_cell_hidden(bool) override {}
  void set_cell_locked(bool) override {}
  void set_cell_print_content(bool) override {}
  void set_cell_formula_hidden(bool) override {}
  std::size_t commit_cell_protection() override { return protections_++; }
  void set_number_format_count(std::size_t) override {}
  void set_number_format_identifier(std::size_t id) override {
    pending_id_ = id;
    has_id_ = true;
  }
  void set_number_format_code(std::string_view s) override { pending_code_ = s; }
  std::size_t commit_number_format() override {
    std::size_t index = id_by_index.size();
    std::size_t id = has_id_ ? pending_id_ : index;
    code_by_id[id] = pending_code_;
    id_by_index.push_back(id);
    pending_code_.clear();
    has_id_ = false;
    return index;
  }
  void set_cell_xf_count(std::size_t) override {}
  void set_cell_style_xf_count(std::size_t) override {}
  void set_dxf_count(std::size_t) override {}
  void set_xf_font(std::size_t) override {}
  void set_xf_fill(std::size_t) override {}
  void set_xf_border(std::size_t) override {}
  void set_xf_protection(std::size_t) override {}
  void set_xf_number_format(std::size_t index) override { xf_numfmt_ = index; }
  void set_xf_style_xf(std::size_t) override {}
  void set_xf_apply_alignment(bool) override {}
  void set_xf_horizontal_alignment(ss::hor_alignment_t) override {}
  void set_xf_vertical_alignment(ss::ver_alignment_t) override {}
  std::size_t commit_cell_xf() override {
    numfmt_by_xf.push_back(xf_numfmt_);
    xf_numfmt_ = 0;
    return numfmt_by_xf.size() - 1;
  }
  std::size_t commit_cell_style_xf() override {
    xf_numfmt_ = 0;
    return style_xfs_++;
  }
  std::size_t commit_dxf() override {
    xf_numfmt_ = 0;
    return dxfs_++;
  }
  void set_cell_style_count(std::size_t) override {}
  void set_cell_style_name(std::string_view) override {}
  void set_cell_style_xf(std::size_t) override {}
  void set_cell_style_builtin(std::size_t) override {}
  void set_cell_style_parent_name(std::string_view) override {}
  std::size_t commit_cell_style() override { return cell_styles_++; }

  // The number a cell of this format shows (see format_thousands()).
  double shown(std::uint32_t xf, double v) const {
    if (xf >= numfmt_by_xf.size()) return v;
    auto it = code_by_id.find(numfmt_by_xf[xf]);
    if (it == code_by_id.end()) return v;  // Excel's built-in formats do not scale
    int n = format_thousands(it->second, v < 0);
    return n == 0 ? v : v / std::pow(1000.0, n);
  }

  NumberKind kind_of_xf(std::uint32_t xf) const {
    if (xf >= numfmt_by_xf.size()) return NumberKind::number;
    std::size_t id = numfmt_by_xf[xf];
    auto it = code_by_id.find(id);
    if (it != code_by_id.end() && !it->second.empty()) return format_kind(it->second);
    return builtin_kind(id);
  }

 private:
  std::size_t fonts_ = 0, fills_ = 0, borders_ = 0, protections_ = 0, style_xfs_ = 0, dxfs_ = 0, cell_styles_ = 0;
  std::size_t pending_id_ = 0, xf_numfmt_ = 0;
  bool has_id_ = false;
  std::string pending_code_;
};

class GlobalSettings final : public ss::iface::import_global_settings {
 public:
  Origin origin;
  void set_origin_date(int year, int month, int day) override {
    origin = {year, static_cast<unsigned>(month), static_cast<unsigned>(day)};
  }
  void set_default_formula_grammar(ss::formula_grammar_t g) override { grammar_ = g; }
  ss::formula_grammar_t get_default_formula_grammar() const override { return grammar_; }
  void set_character_set(orcus::character_set_t) override {}

 private:
  ss::formula_grammar_t grammar_ = ss::formula_grammar_t::unknown;
};

class Sheet;

// A formula's cached result becomes the cell's value; the formula text is
// not evaluated (what the office saw is what counts).
class Formula final : public ss::iface::import_formula {
 public:
  explicit Formula(Sheet& s) : sheet_(s) {}
  void set_position(ss::row_t row, ss::col_t col) override {
    row_ = row;
    col_ = col;
    kind_ = Result::none;
  }
  void set_formula(ss::formula_grammar_t, std::string_view) override {}
  void set_shared_formula_index(std::size_t) override {}
  void set_result_string(std::string_view v) override {
    kind_ = Result::text;
    text_ = v;
  }
  void set_result_value(double v) override {
    kind_ = Result::number;
    number_ = v;
  }
  void set_result_bool(bool v) override {
    kind_ = Result::text;
    text_ = v ? "TRUE" : "FALSE";
  }
  void set_result_empty() override { kind_ = Result::none; }
  void commit() override;

 private:
  enum class Result { none, text, number };
  Sheet& sheet_;
  ss::row_t row_ = 0;
  ss::col_t col_ = 0;
  Result kind_ = Result::none;
  std::string text_;
  double number_ = 0;
};

class ArrayFormula final : public ss::iface::import_array_formula {
 public:
  explicit ArrayFormula(Sheet& s) : sheet_(s) {}
  void set_range(const ss::range_t&) override {}
  void set_formula(ss::formula_grammar_t, std::string_view) override {}
  void set_result_string(ss::row_t row, ss::col_t col, std::string_view v) override;
  void set_result_value(ss::row_t row, ss::col_t col, double v) override;
  void set_result_bool(ss::row_t row, ss::col_t col, bool v) override;
  void set_result_empty(ss::row_t, ss::col_t) override {}
  void commit() override {}

 private:
  Sheet& sheet_;
};

class Properties final : public ss::iface::import_sheet_properties {
 public:
  explicit Properties(SheetCells& c) : cells_(c) {}
  void set_column_width(ss::col_t, double, orcus::length_unit_t) override {}
  void set_column_hidden(ss::col_t col, bool hidden) override {
    if (hidden && cells_.hidden_cols.size() < 16384) cells_.hidden_cols.push_back(col);
  }
  void set_row_height(ss::row_t, double, orcus::length_unit_t) override {}
  void set_row_hidden(ss::row_t row, bool hidden) override {
    if (hidden && cells_.hidden_rows.size() < (1u << 20)) cells_.hidden_rows.push_back(row);
  }
  void set_merge_cell_range(const ss::range_t& range) override {
    if (cells_.merges.size() < (1u << 20)) cells_.merges.push_back(range);
  }

 private:
  SheetCells& cells_;
};

class Sheet final : public ss::iface::import_sheet {
 public:
  Sheet(SheetCells& c, Strings& s, Budget& b)
      : cells_(c), strings_(s), budget_(b), formula_(*this), array_(*this), properties_(c) {}

  ss::iface::import_sheet_properties* get_sheet_properties() override { return &properties_; }
  ss::iface::import_formula* get_formula() override { return &formula_; }
  ss::iface::import_array_formula* get_array_formula() override { return &array_; }

  void set_auto(ss::row_t row, ss::col_t col, std::string_view s) override { put_text(row, col, s); }
  void set_string(ss::row_t row, ss::col_t col, ss::string_id_t sindex) override {
    if (sindex >= strings_.all.size()) return;  // a dangling shared-string index reads as empty
    put(row, col, SheetCells::Kind::text, 0, sindex);
  }
  void set_value(ss::row_t row, ss::col_t col, double value) override {
    put(row, col, SheetCells::Kind::number, value, 0);
  }
  void set_bool(ss::row_t row, ss::col_t col, bool value) override { put_text(row, col, value ? "TRUE" : "FALSE"); }
  void set_date_time(ss::row_t row, ss::col_t col, int year, int month, int day, int hour, int minute,
                     double second) override {
    bool valid = month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 1 && year <= 9999;
    if (valid) {
      put(row, col, SheetCells::Kind::date_text, 0,
          strings_.add_new(iso_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day))));
    } else {
      auto s = static_cast<long>(second);
      put_text(row, col, fmt::format("{:02}:{:02}:{:02}", hour, minute, s));
    }
  }
  void set_format(ss::row_t row, ss::col_t col, std::size_t xf_index) override {
    if (in_range(row, col)) cells_.xf[key(row, col)] = static_cast<std::uint32_t>(xf_index);
  }
  // Formats of whole ranges style empty cells; a value's own format is set
  // per cell, so ranges are not needed to tell dates.
  void set_format(ss::row_t, ss::col_t, ss::row_t, ss::col_t, std::size_t) override {}
  void fill_down_cells(ss::row_t src_row, ss::col_t src_col, ss::row_t range_size) override {
    const SheetCells::Cell* src = nullptr;
    for (auto it = cells_.cells.rbegin(); it != cells_.cells.rend(); ++it)
      if (it->row == src_row && it->col == src_col) {
        src = &*it;
        break;
      }
    if (!src) return;
    SheetCells::Cell copy = *src;
    auto xf = cells_.xf.find(key(src_row, src_col));
    for (ss::row_t r = 1; r <= range_size; ++r) {
      copy.row = src_row + r;
      if (!in_range(copy.row, copy.col)) break;
      budget_.cell();
      copy.seq = seq_++;
      cells_.cells.push_back(copy);
      if (xf != cells_.xf.end()) cells_.xf[key(copy.row, copy.col)] = xf->second;
    }
  }
  ss::range_size_t get_sheet_size() const override { return {1048576, 16384}; }

  void put_text(ss::row_t row, ss::col_t col, std::string_view s) {
    if (!in_range(row, col)) return;
    put(row, col, SheetCells::Kind::text, 0, strings_.add_new(s));
  }
  void put(ss::row_t row, ss::col_t col, SheetCells::Kind kind, double number, std::uint32_t text) {
    if (!in_range(row, col)) return;
    budget_.cell();
    cells_.cells.push_back({row, col, kind, seq_++, number, text});
  }

 private:
  static bool in_range(ss::row_t row, ss::col_t col) { return row >= 0 && row < 1048576 && col >= 0 && col < 16384; }
  SheetCells& cells_;
  Strings& strings_;
  Budget& budget_;
  Formula formula_;
  ArrayFormula array_;
  Properties properties_;
  std::uint32_t seq_ = 0;
};

void Formula::commit() {
  switch (kind_) {
    case Result::text: sheet_.put_text(row_, col_, text_); break;
    case Result::number: sheet_.put(row_, col_, SheetCells::Kind::number, number_, 0); break;
    case Result::none: break;
  }
}
void ArrayFormula::set_result_string(ss::row_t row, ss::col_t col, std::string_view v) { sheet_.put_text(row, col, v); }
void ArrayFormula::set_result_value(ss::row_t row, ss::col_t col, double v) {
  sheet_.put(row, col, SheetCells::Kind::number, v, 0);
}
void ArrayFormula::set_result_bool(ss::row_t row, ss::col_t col, bool v) {
  sheet_.put_text(row, col, v ? "TRUE" : "FALSE");
}

// A1 references as orcus's xlsx reader asks for them ("B4", "$A$1",
// "A4:F4", "Sheet1!A1", whole columns "A:A" or rows "3:3").
class Resolver final : public ss::iface::import_reference_resolver {
 public:
  ss::src_address_t resolve_address(std::string_view a) override {
    auto bang = a.rfind('!');
    if (bang != std::string_view::npos) a.remove_prefix(bang + 1);
    ss::src_address_t out{0, -1, -1};
    std::size_t i = 0;
    long col = 0, row = 0;
    bool has_col = false, has_row = false;
    if (i < a.size() && a[i] == '$') ++i;
    while (i < a.size() && std::isalpha(static_cast<unsigned char>(a[i]))) {
      col = col * 26 + (std::toupper(static_cast<unsigned char>(a[i])) - 'A' + 1);
      if (col > 16384) throw orcus::invalid_arg_error("column out of range");
      has_col = true;
      ++i;
    }
    if (i < a.size() && a[i] == '$') ++i;
    while (i < a.size() && std::isdigit(static_cast<unsigned char>(a[i]))) {
      row = row * 10 + (a[i] - '0');
      if (row > 1048576) throw orcus::invalid_arg_error("row out of range");
      has_row = true;
      ++i;
    }
    if (i != a.size() || (!has_col && !has_row)) throw orcus::invalid_arg_error("not an A1 reference");
    out.column = has_col ? static_cast<ss::col_t>(col - 1) : -1;
    out.row = has_row ? static_cast<ss::row_t>(row - 1) : -1;
    return out;
  }
  ss::src_range_t resolve_range(std::string_view r) override {
    auto colon = r.find(':');
    ss::src_address_t first = resolve_address(r.substr(0, colon));
    ss::src_address_t last = colon == std::string_view::npos ? first : resolve_address(r.substr(colon + 1));
    if (first.row < 0 || last.row < 0) first.row = 0, last.row = 1048575;
    if (first.column < 0 || last.column < 0) first.column = 0, last.column = 16383;
    return {first, last};
  }
};

class Factory final : public ss::iface::import_factory {
 public:
  Factory(const WorkbookLimits& limits, Budget& budget) : limits_(limits), budget_(budget), shared_(strings) {
    strings.budget = &budget;
  }
  Strings strings;
  Styles styles;
  GlobalSettings settings;
  std::vector<std::unique_ptr<SheetCells>> sheets;

  std::size_t shared_items() const { return shared_.items; }

  ss::iface::import_global_settings* get_global_settings() override { return &settings; }
  ss::iface::import_shared_strings* get_shared_strings() override { return &shared_; }
  ss::iface::import_styles* get_styles() override { return &styles; }
  ss::iface::import_reference_resolver* get_reference_resolver(ss::formula_ref_context_t) override {
    return &resolver_;
  }
  ss::iface::import_sheet* append_sheet(ss::sheet_t, std::string_view name) override {
    if (sheets.size() >= limits_.max_sheets)
      fail(budget_.display, fmt::format("the workbook has more than {} sheets, over the limit", limits_.max_sheets));
    sheets.push_back(std::make_unique<SheetCells>());
    sheets.back()->name = std::string(name);
    importers_.push_back(std::make_unique<Sheet>(*sheets.back(), strings, budget_));
    return importers_.back().get();
  }
  ss::iface::import_sheet* get_sheet(std::string_view name) override {
    for (std::size_t i = 0; i < sheets.size(); ++i)
      if (sheets[i]->name == name) return importers_[i].get();
    return nullptr;
  }
  ss::iface::import_sheet* get_sheet(ss::sheet_t index) override {
    return index >= 0 && static_cast<std::size_t>(index) < importers_.size() ? importers_[index].get() : nullptr;
  }
  void finalize() override {}

  // Inline strings read from the sheet's XML (see scan_sheet()), each
  // where liborcus put no cell of its own.
  void add_inline(std::size_t sheet, const std::vector<InlineCell>& cells) {
    std::unordered_set<std::uint64_t> taken;
    for (const auto& c : sheets[sheet]->cells) taken.insert(key(c.row, c.col));
    for (const auto& c : cells)
      if (!taken.contains(key(c.row, c.col))) importers_[sheet]->put_text(c.row, c.col, c.text);
  }

  // Number cells whose stored text is not wholly a number (see
  // scan_sheet()): the text as written, over the digits it starts with.
  void add_odd_numbers(std::size_t sheet, const std::vector<InlineCell>& cells) {
    for (const auto& c : cells) importers_[sheet]->put_text(c.row, c.col, c.text);
  }

  // Formulas saved without a result (see scan_sheet()): the cell says so,
  // over the NaN liborcus passes on for it, which would read as #NUM!.
  void add_unsaved_formulas(std::size_t sheet, const std::vector<std::pair<std::int32_t, std::int32_t>>& places) {
    for (const auto& [row, col] : places) importers_[sheet]->put_text(row, col, text::kUnsavedFormula);
  }

 private:
  const WorkbookLimits& limits_;
  Budget& budget_;
  SharedStrings shared_;
  Resolver resolver_;
  std::vector<std::unique_ptr<Sheet>> importers_;
};

// ------------------------------------------------------------ CSV text

// A cell's place and text: its own text, or the shared string it shows
// when that needs no cleaning (most text cells: not copied, as a national
// sheet has millions of them).
struct OutCell {
  std::int32_t row, col;
  std::uint32_t seq;
  std::string own;
  const std::string* shared = nullptr;
  std::string_view text() const { return shared ? std::string_view(*shared) : std::string_view(own); }
};

WorkbookSheet to_csv(SheetCells& sc, const Strings& strings, const Styles* styles, const Origin& origin,
                     Budget& budget) {
  WorkbookSheet out;
  out.name = sc.name;
  std::vector<OutCell> cells;
  cells.reserve(sc.cells.size());
  for (const auto& c : sc.cells) {
    std::string t;
    switch (c.kind) {
      case SheetCells::Kind::text:
      case SheetCells::Kind::date_text: {
        const std::string& shared = strings.all[c.text];
        if (!needs_cleaning(shared)) {
          cells.push_back({c.row, c.col, c.seq, {}, &shared});
          continue;
        }
        t = shared;
        break;
      }
      case SheetCells::Kind::number: {
        auto xf = sc.xf.find(key(c.row, c.col));
        NumberKind k = xf == sc.xf.end() || !styles ? NumberKind::number : styles->kind_of_xf(xf->second);
        if (k == NumberKind::date) t = serial_date(c.number, origin);
        else if (k == NumberKind::time && c.number >= 0 && c.number < 1) t = time_text(c.number);
        if (t.empty())
          t = number_text(k == NumberKind::number && xf != sc.xf.end() && styles ? styles->shown(xf->second, c.number)
                                                                                 : c.number);
        break;
      }
    }
    clean_cell_text(t);
    cells.push_back({c.row, c.col, c.seq, std::move(t)});
  }
  sc.cells.clear();
  sc.cells.shrink_to_fit();
  // A sheet's XML lists its cells row by row: sorted already, as a rule,
  // and then neither sorted again nor copied (a national workbook has
  // millions of cells). Inline strings, read apart (scan_sheet()),
  // come after the rest as a second sorted run: the two are merged.
  auto before = [](const OutCell& a, const OutCell& b) {
    return a.row != b.row ? a.row < b.row : a.col != b.col ? a.col < b.col : a.seq < b.seq;
  };
  if (const auto run_end = std::is_sorted_until(cells.begin(), cells.end(), before); run_end != cells.end()) {
    if (std::is_sorted(run_end, cells.end(), before)) std::inplace_merge(cells.begin(), run_end, cells.end(), before);
    else std::stable_sort(cells.begin(), cells.end(), before);
  }
  // Keep the last write of each position, in place; drop empty text.
  std::size_t written = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (written > 0 && cells[written - 1].row == cells[i].row && cells[written - 1].col == cells[i].col) --written;
    if (written != i) cells[written] = std::move(cells[i]);
    ++written;
  }
  cells.resize(written);
  std::erase_if(cells, [](const OutCell& c) { return c.text().empty(); });
  // A merged range shows its top-left value across the range: copy it into
  // the range's first row, so that a "Contract value" merged over three year
  // columns heads each of them. Rows below stay empty, as in Excel's own CSV,
  // so that a "Provider" merged down a two-row header is not read twice.
  if (!sc.merges.empty()) {
    std::map<std::pair<std::int32_t, std::int32_t>, std::size_t> at;
    for (std::size_t i = 0; i < cells.size(); ++i) at[{cells[i].row, cells[i].col}] = i;
    std::vector<OutCell> extra;
    for (const auto& m : sc.merges) {
      auto it = at.find({m.first.row, m.first.column});
      if (it == at.end()) continue;
      // Down: told apart, so that each row the range covers can take its text.
      for (std::int32_t c = m.first.column; m.last.row > m.first.row && c <= m.last.column && c < 16384; ++c) {
        budget.cell();
        budget.bytes(cells[it->second].text().size());
        out.merged_down.push_back({m.first.row + 1L, m.last.row + 1L, c + 1L, std::string(cells[it->second].text())});
      }
      for (std::int32_t c = m.first.column + 1; c <= m.last.column && c < 16384; ++c) {
        if (at.count({m.first.row, c})) continue;
        budget.cell();
        OutCell copy = cells[it->second];  // its text, shared or its own
        copy.col = c;
        copy.seq = 0;
        extra.push_back(std::move(copy));
      }
    }
    if (!extra.empty()) {
      for (auto& e : extra) cells.push_back(std::move(e));
      std::sort(cells.begin(), cells.end(),
                [](const OutCell& a, const OutCell& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
    }
  }
  std::sort(out.merged_down.begin(), out.merged_down.end(), [](const MergedDown& a, const MergedDown& b) {
    return a.column != b.column ? a.column < b.column : a.first_row < b.first_row;
  });
  out.cells = static_cast<long>(cells.size());
  std::int32_t row = 0, col = 0, max_col = -1;
  for (const auto& c : cells) {
    if (c.row != row) {
      budget.bytes(static_cast<std::size_t>(c.row - row));
      out.csv.append(static_cast<std::size_t>(c.row - row), '\n');
      row = c.row;
      col = 0;
    }
    budget.bytes(static_cast<std::size_t>(c.col - col) + c.text().size() + 2);
    out.csv.append(static_cast<std::size_t>(c.col - col), ',');
    col = c.col;
    append_csv_cell(out.csv, c.text());
    max_col = std::max(max_col, c.col);
  }
  if (!cells.empty()) out.csv += '\n';
  std::int32_t last_row = cells.empty() ? -1 : cells.back().row;
  std::sort(sc.hidden_rows.begin(), sc.hidden_rows.end());
  sc.hidden_rows.erase(std::unique(sc.hidden_rows.begin(), sc.hidden_rows.end()), sc.hidden_rows.end());
  for (auto r : sc.hidden_rows)
    if (r <= last_row) out.hidden_rows.push_back(r + 1);
  std::sort(sc.hidden_cols.begin(), sc.hidden_cols.end());
  sc.hidden_cols.erase(std::unique(sc.hidden_cols.begin(), sc.hidden_cols.end()), sc.hidden_cols.end());
  for (auto c : sc.hidden_cols)
    if (c <= max_col) out.hidden_columns.push_back(c + 1);
  return out;
}

// ------------------------------------------------------------------ ods

// content.xml read with orcus's SAX parser. orcus 0.17's own ODS import
// drops currency and percentage cells, does not advance past covered
// (merged) cells and keeps one copy of a repeated row, so the table model
// is walked here instead.
class OdsContent : public orcus::sax_handler {
 public:
  OdsContent(Strings& s, Budget& b, const WorkbookLimits& l) : strings_(s), budget_(b), limits_(l) {}
  std::vector<std::unique_ptr<SheetCells>> sheets;

  void attribute(const orcus::sax::parser_attribute& a) {
    attrs_.emplace_back(std::string(a.ns), std::string(a.name), std::string(a.value));
  }
  void start_element(const orcus::sax::parser_element& e) {
    std::string_view ns = e.ns, n = e.name;
    if (annotation_ > 0) {
      if (ns == "office" && n == "annotation") ++annotation_;
    } else if (ns == "office" && n == "annotation") {
      ++annotation_;
    } else if (ns == "style" && n == "style") {
      style_ = attr("style", "family") == "table" ? std::string(attr("style", "name")) : std::string();
    } else if (ns == "style" && n == "table-properties" && !style_.empty()) {
      hidden_styles_[style_] = attr("table", "display") == "false";
    } else if (ns == "table" && n == "table") {
      if (++depth_ == 1) start_table();
    } else if (depth_ == 1 && ns == "table" && n == "table-column") {
      long repeat = count("number-columns-repeated");
      if (hidden(attr("table", "visibility")))
        for (long k = 0; k < repeat && column_ + k < 16384; ++k)
          sheet_->hidden_cols.push_back(static_cast<std::int32_t>(column_ + k));
      column_ += repeat;
    } else if (depth_ == 1 && ns == "table" && n == "table-row") {
      row_repeat_ = count("number-rows-repeated");
      row_hidden_ = hidden(attr("table", "visibility"));
      col_ = 0;
      row_cells_.clear();
    } else if (depth_ == 1 && ns == "table" && (n == "table-cell" || n == "covered-table-cell")) {
      in_cell_ = true;
      cell_repeat_ = count("number-columns-repeated");
      type_ = attr("office", "value-type");
      value_ = attr("office", "value");
      date_ = attr("office", "date-value");
      time_ = attr("office", "time-value");
      bool_ = attr("office", "boolean-value");
      string_value_ = attr("office", "string-value");
      has_string_value_ = has("office", "string-value");
      long rows = count("number-rows-spanned"), cols = count("number-columns-spanned");
      if ((rows > 1 || cols > 1) && sheet_->merges.size() < (1u << 20) && col_ < 16384 && row_ < 1048576)
        sheet_->merges.push_back({{static_cast<ss::row_t>(row_), static_cast<ss::col_t>(col_)},
                                  {static_cast<ss::row_t>(std::min(row_ + rows - 1, 1048575L)),
                                   static_cast<ss::col_t>(std::min(col_ + cols - 1, 16383L))}});
      text_.clear();
      paragraphs_ = 0;
    } else if (in_cell_ && ns == "text") {
      if (n == "p" && paragraphs_++ > 0) text_ += '\n';
      else if (n == "s") text_.append(static_cast<std::size_t>(std::min(count("c"), 1000L)), ' ');
      else if (n == "tab") text_ += '\t';
      else if (n == "line-break") text_ += '\n';
    }
    attrs_.clear();
  }
  void end_element(const orcus::sax::parser_element& e) {
    std::string_view ns = e.ns, n = e.name;
    if (annotation_ > 0) {
      if (ns == "office" && n == "annotation") --annotation_;
      return;
    }
    if (ns == "style" && n == "style") style_.clear();
    else if (ns == "table" && n == "table") --depth_;
    else if (depth_ == 1 && ns == "table" && (n == "table-cell" || n == "covered-table-cell")) end_cell();
    else if (depth_ == 1 && ns == "table" && n == "table-row") end_row();
  }
  void characters(std::string_view v, bool) {
    if (in_cell_ && annotation_ == 0) {
      budget_.bytes(v.size());
      text_ += v;
    }
  }

 private:
  std::string_view attr(std::string_view ns, std::string_view name) const {
    for (const auto& [a_ns, a_name, value] : attrs_)
      if (a_ns == ns && a_name == name) return value;
    return {};
  }
  bool has(std::string_view ns, std::string_view name) const {
    for (const auto& [a_ns, a_name, value] : attrs_)
      if (a_ns == ns && a_name == name) return true;
    return false;
  }
  // A repeat or span count; ODS allows any positive integer, so it is capped
  // at the sheet size and the cells it makes count against the budget. One
  // that is no positive integer ("-5", "x", a number past a long) had read
  // as 1, moving every cell after it: the workbook is refused instead.
  long count(std::string_view name) const {
    const std::string_view ns = name == "c" ? "text" : "table";
    if (!has(ns, name)) return 1;
    std::string_view v = attr(ns, name);
    long n = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < 1)
      fail(budget_.display,
           fmt::format("the workbook is damaged: {}{}:{}=\"{}\" in row {}, which is not a count (a whole number "
                       "from 1); open it in a spreadsheet program and save it again, or ask for the return as CSV",
                       sheet_ ? fmt::format("its sheet '{}' gives ", text::printable(sheet_->name)) : "it gives ",
                       ns, name, text::printable(v.substr(0, 40)), row_ + 1));
    return std::min(n, 1048576L);
  }
  // Content past the last row or column a sheet can have: dropped, it
  // would be a contract lost without a word (an .xlsx with it is refused).
  [[noreturn]] void past_limit(long row, long col) const {
    fail(budget_.display,
         fmt::format("the workbook is damaged or hostile: its sheet '{}' has content at {}, past the last {} a sheet "
                     "can have ({}); open it in a spreadsheet program and save it again, or ask for the return as CSV",
                     text::printable(sheet_->name),
                     col >= 16384 ? fmt::format("row {}, column {}", row + 1, col + 1) : fmt::format("row {}", row + 1),
                     col >= 16384 ? "column" : "row", col >= 16384 ? "16,384, XFD" : "1,048,576"));
  }
  static bool hidden(std::string_view visibility) { return visibility == "collapse" || visibility == "filter"; }

  void start_table() {
    if (sheets.size() >= limits_.max_sheets)
      fail(budget_.display, fmt::format("the workbook has more than {} sheets, over the limit", limits_.max_sheets));
    sheets.push_back(std::make_unique<SheetCells>());
    sheet_ = sheets.back().get();
    sheet_->name = std::string(attr("table", "name"));
    auto it = hidden_styles_.find(std::string(attr("table", "style-name")));
    sheet_->hidden = it != hidden_styles_.end() && it->second;
    row_ = 0;
    column_ = 0;
  }

  std::string cell_text() const {
    if (type_ == "float" || type_ == "currency" || type_ == "percentage") {
      // A stored value that is not wholly a finite number ("1,000") gives
      // way to the text the cell shows, which the tool's own money reading
      // reads or tells unparseable, rather than the digits it starts with.
      double v = 0;
      auto r = std::from_chars(value_.data(), value_.data() + value_.size(), v);
      if (r.ec == std::errc() && r.ptr == value_.data() + value_.size() && std::isfinite(v)) return number_text(v);
    } else if (type_ == "date") {
      int y = 0;
      unsigned m = 0, d = 0;
      if (date_.size() >= 10 && std::sscanf(date_.c_str(), "%4d-%2u-%2u", &y, &m, &d) == 3 && m >= 1 && m <= 12 &&
          d >= 1 && d <= 31)
        return iso_date(y, m, d);
    } else if (type_ == "time") {
      unsigned h = 0, mi = 0;
      double sec = 0;
      if (std::sscanf(time_.c_str(), "PT%uH%uM%lfS", &h, &mi, &sec) >= 2)
        return fmt::format("{:02}:{:02}:{:02}", h, mi, static_cast<unsigned>(sec));
    } else if (type_ == "boolean") {
      return bool_ == "true" ? "TRUE" : "FALSE";
    } else if (type_ == "string" && has_string_value_) {
      return string_value_;
    }
    return text_;
  }

  void end_cell() {
    in_cell_ = false;
    std::string t = cell_text();
    if (!t.empty() && col_ + cell_repeat_ > 16384) past_limit(row_, std::max(col_, 16384L));
    if (!t.empty()) {
      std::uint32_t id = strings_.add_new(t);
      for (long k = 0; k < cell_repeat_ && col_ + k < 16384; ++k) {
        budget_.cell();
        row_cells_.push_back({0, static_cast<std::int32_t>(col_ + k), SheetCells::Kind::text, 0, 0, id});
      }
    }
    col_ += cell_repeat_;
  }

  void end_row() {
    if (!row_cells_.empty() && row_ + row_repeat_ > 1048576) past_limit(std::max(row_, 1048576L), 0);
    for (long k = 0; k < row_repeat_ && row_ + k < 1048576; ++k) {
      auto r = static_cast<std::int32_t>(row_ + k);
      if (row_hidden_ && sheet_->hidden_rows.size() < (1u << 20)) sheet_->hidden_rows.push_back(r);
      for (auto c : row_cells_) {
        if (k > 0) budget_.cell();
        c.row = r;
        c.seq = seq_++;
        sheet_->cells.push_back(c);
      }
      if (row_cells_.empty() && !row_hidden_) break;  // a run of empty rows costs nothing
    }
    row_ += row_repeat_;
  }

  Strings& strings_;
  Budget& budget_;
  const WorkbookLimits& limits_;
  std::vector<std::tuple<std::string, std::string, std::string>> attrs_;
  std::map<std::string, bool> hidden_styles_;
  std::string style_;
  int depth_ = 0, annotation_ = 0;
  SheetCells* sheet_ = nullptr;
  long row_ = 0, column_ = 0, col_ = 0, row_repeat_ = 1, cell_repeat_ = 1;
  bool row_hidden_ = false, in_cell_ = false, has_string_value_ = false;
  std::vector<SheetCells::Cell> row_cells_;
  std::string type_, value_, date_, time_, bool_, string_value_, text_;
  int paragraphs_ = 0;
  std::uint32_t seq_ = 0;
};

// What a damaged worksheet part is replaced by, for liborcus to read as a
// sheet with no cells: the sheet keeps its place and its name.
constexpr std::string_view kNoCells =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>";

// Where an XML member breaks off (xml_unclosed()), for a message.
std::string unclosed_text(const XmlUnclosed& u, std::size_t size) {
  if (!u.found.empty())
    return u.open.empty() ? fmt::format("has </{}> at byte {}, which closes no element", u.found, u.at + 1)
                          : fmt::format("has </{}> at byte {} where </{}> was due", u.found, u.at + 1, u.open);
  if (u.at >= size)
    return u.open.empty() ? fmt::format("holds no XML element ({} bytes)", size)
                          : fmt::format("stops short at byte {}, its <{}> never closed", size, u.open);
  return fmt::format("stops short at byte {}", u.at + 1);
}

// The name of the .ods sheet (table:table) that the offset falls in, or
// empty when it falls before the first.
std::string ods_sheet_at(std::string_view content, std::size_t at) {
  for (std::size_t from = std::min(at, content.size()); from > 0;) {
    const std::size_t tag = content.rfind("<table:table", from - 1);
    if (tag == std::string_view::npos) return {};
    const char after = tag + 12 < content.size() ? content[tag + 12] : '\0';
    if (after == ' ' || after == '>' || after == '\n' || after == '\r' || after == '\t') {
      const std::size_t end = content.find('>', tag);
      const std::string_view t = content.substr(tag, end - tag);  // to the end when the tag never closes
      const std::size_t name = t.find("table:name=");
      if (name == std::string_view::npos || name + 12 > t.size()) return {};
      const std::size_t close = t.find(t[name + 11], name + 12);
      return std::string(t.substr(name + 12, close - name - 12));
    }
    from = tag;
  }
  return {};
}

}  // namespace

Workbook read_zip_workbook(std::string_view bytes, const std::string& display, const WorkbookLimits& limits) {
  auto entries = zip_directory(bytes, display, limits);
  const bool xlsx =
      std::any_of(entries.begin(), entries.end(), [](const ZipEntry& e) { return e.name == "xl/workbook.xml"; });
  bool ods = false;
  std::string workbook_xml, workbook_rels, content_xml, manifest_xml, mimetype, member;
  std::map<std::string, SheetScan> scans;                         // by worksheet member
  std::vector<std::string> shared_texts;                          // as read here, to mend liborcus's
  std::map<std::string, std::string> unclosed;                    // by worksheet member: where its XML breaks off
  for (const auto& e : entries) {
    std::string* keep = nullptr;
    if (e.name == "xl/workbook.xml") keep = &workbook_xml;
    else if (e.name == "xl/_rels/workbook.xml.rels") keep = &workbook_rels;
    else if (e.name == "content.xml") ods = true, keep = &content_xml;
    else if (e.name == "META-INF/manifest.xml") keep = &manifest_xml;
    else if (e.name == "mimetype") keep = &mimetype;
    // liborcus reads an .xlsx's members itself, with the SAX parser that
    // xml_break() guards: its XML members are checked as they are inflated.
    const bool xml_member = xlsx && (e.name.ends_with(".xml") || e.name.ends_with(".rels"));
    if (xml_member && !keep) keep = &member;
    check_entry(bytes, e, display, keep);
    if (xml_member) check_xml(*keep, e.name, display);
    if (xml_member) {
      if (auto u = xml_unclosed(*keep)) {
        // A worksheet's break is told with its sheet's name, known once
        // xl/workbook.xml has been read.
        if (e.name.starts_with("xl/worksheets/")) unclosed.emplace(e.name, unclosed_text(*u, keep->size()));
        else
          fail(display, fmt::format("the workbook is damaged or incomplete: its {} {}; open it in a spreadsheet "
                                    "program and save it again",
                                    e.name, unclosed_text(*u, keep->size())));
      }
    }
    if (xml_member && e.name.starts_with("xl/worksheets/")) {
      if (auto at = column_range_break(*keep))
        fail(display, fmt::format("the workbook is damaged or hostile: its {} gives a column range at byte {} that "
                                  "is not within columns 1 to 16,384 (A to XFD); open it in a spreadsheet program "
                                  "and save it again",
                                  e.name, *at + 1));
      scans[e.name] = scan_sheet(*keep);
    }
    if (xml_member && e.name == "xl/sharedStrings.xml") shared_texts = shared_string_texts(*keep);
  }
  if (manifest_xml.find("encryption-data") != std::string::npos)
    fail(display, "the workbook is encrypted (password-protected); save a copy without a password and read that");
  if (ods && !mimetype.empty() && mimetype.find("spreadsheet") == std::string::npos)
    fail(display, fmt::format("this is an OpenDocument file of type '{}', not a spreadsheet", mimetype));
  if (!xlsx && !ods)
    fail(display, "this zip archive is not a spreadsheet (it has neither xl/workbook.xml nor content.xml)");

  std::vector<XlsxSheet> listed;
  std::vector<std::string> names;    // of the listed sheets, as inputs name them
  std::vector<std::string> damaged;  // of each listed sheet: why its rows are not read, or empty
  // A damaged sheet refuses itself alone: the workbook's other sheets hold
  // contracts of their own, which refusing the file would lose too.
  const auto not_read = [&] {
    return fmt::format("{}; open the workbook in a spreadsheet program and save it again, or ask for the return as CSV",
                       listed.size() > 1 ? "the sheet is not read, and the workbook's other sheets are"
                                         : "the sheet is not read, and the workbook has no other sheet");
  };
  // Replaced before liborcus reads the archive: a damaged worksheet by one
  // with no cells (liborcus would throw on its XML, or read what is left
  // of it), and xl/workbook.xml when liborcus needs it renumbered().
  std::map<std::string, std::string, std::less<>> replaced;
  if (xlsx) {
    listed = xlsx_sheets(workbook_xml, workbook_rels);
    for (const auto& s : listed) names.push_back(s.name);
    names = distinct_names(names);
    damaged.resize(listed.size());
    for (std::size_t i = 0; i < listed.size(); ++i) {
      const auto u = unclosed.find(listed[i].member);
      const auto scan = scans.find(listed[i].member);
      const SheetScan* sc = scan == scans.end() ? nullptr : &scan->second;
      if (u != unclosed.end())
        damaged[i] = fmt::format("the sheet is damaged or incomplete: its part {} {}, and the rows after that would "
                                 "be lost; {}",
                                 u->first, u->second, not_read());
      else if (sc && sc->repeated_row)
        damaged[i] = fmt::format("the sheet is damaged: it has two rows numbered {} ({} has <row r=\"{}\"> twice), "
                                 "and one would replace the other's cells; {}",
                                 *sc->repeated_row + 1, listed[i].member, *sc->repeated_row + 1, not_read());
      else if (sc && sc->repeated_cell)
        damaged[i] = fmt::format("the sheet is damaged: it has cell {}{} twice ({}), and one would replace the "
                                 "other; {}",
                                 column_letters(sc->repeated_cell->second + 1), sc->repeated_cell->first + 1,
                                 listed[i].member, not_read());
      if (!damaged[i].empty()) replaced[listed[i].member] = kNoCells;
    }
    // What liborcus misses in a damaged part's XML stays out of its sheet.
    for (const auto& [part, text] : replaced) scans.erase(part);
    if (needs_renumbering(listed)) replaced["xl/workbook.xml"] = renumbered(workbook_xml);
  }

  Budget budget{limits, display};
  Workbook wb;
  wb.format = xlsx ? WorkbookFormat::xlsx : WorkbookFormat::ods;
  try {
    if (xlsx) {
      Factory factory(limits, budget);
      orcus::orcus_xlsx reader(&factory);
      if (replaced.empty()) reader.read_stream(bytes);
      else reader.read_stream(with_members(bytes, entries, replaced));
      // Each empty item is mended only when every other item is the text
      // liborcus gave at its place: then the places line up.
      std::vector<std::string>& got = factory.strings.all;
      bool aligned = shared_texts.size() <= got.size();
      for (std::size_t i = 0; aligned && i < shared_texts.size(); ++i)
        aligned = shared_texts[i].empty() || shared_texts[i] == got[i];
      if (aligned)
        for (std::size_t i = 0; i < shared_texts.size(); ++i)
          if (shared_texts[i].empty()) got[i].clear();
      // liborcus appends the sheets in the order xl/workbook.xml lists
      // them: position i is listed[i], whatever the names.
      if (factory.sheets.size() != listed.size())
        fail(display, fmt::format("the workbook's xl/workbook.xml lists {} sheets, but the reader found {}; open "
                                  "it in a spreadsheet program and save it again",
                                  listed.size(), factory.sheets.size()));
      for (std::size_t i = 0; i < listed.size(); ++i) {
        const auto scan = scans.find(listed[i].member);
        if (scan != scans.end()) {
          // A cell showing a shared string that is not there: the sheet is
          // damaged, and the cell would read as empty (a provider lost).
          const auto at = [&](const SharedRef& r) { return column_letters(r.col + 1L) + std::to_string(r.row + 1L); };
          if (const auto& r = scan->second.shared_not_index)
            damaged[i] = fmt::format("the sheet is damaged: its cell {} ({}) gives '{}' for the shared string it "
                                     "shows, which is no index into the shared strings; {}",
                                     at(*r), listed[i].member, text::printable(r->text.substr(0, 40)), not_read());
          else if (const auto& h = scan->second.shared_highest; h && h->index >= factory.shared_items())
            damaged[i] = fmt::format("the sheet is damaged: its cell {} ({}) shows shared string {}, but the "
                                     "workbook holds {} shared string{}; {}",
                                     at(*h), listed[i].member, h->text, factory.shared_items(),
                                     factory.shared_items() == 1 ? "" : "s", not_read());
        }
        factory.sheets[i]->name = listed[i].name;
        factory.sheets[i]->hidden = listed[i].hidden;
        if (scan == scans.end() || !damaged[i].empty()) continue;
        if (!scan->second.inline_cells.empty()) factory.add_inline(i, scan->second.inline_cells);
        factory.add_unsaved_formulas(i, scan->second.unsaved_formulas);
        factory.add_odd_numbers(i, scan->second.odd_numbers);
      }
      if (xlsx_date1904(workbook_xml)) factory.settings.origin = {1904, 1, 1};
      for (std::size_t i = 0; i < factory.sheets.size(); ++i) {
        SheetCells& sc = *factory.sheets[i];
        // A second <sheet> entry for a part an earlier one shows: liborcus
        // reads the part again, and every contract on it would be counted
        // twice. It is read once, under the first; this sheet says so.
        // A damaged sheet, read up to its damage, is left empty as well.
        std::size_t first = 0;
        while (first < i && (listed[i].member.empty() || listed[first].member != listed[i].member)) ++first;
        if (first < i || !damaged[i].empty()) {
          sc.cells.clear();
          sc.merges.clear();
          sc.hidden_rows.clear();
          sc.hidden_cols.clear();
        }
        WorkbookSheet s = to_csv(sc, factory.strings, &factory.styles, factory.settings.origin, budget);
        s.hidden = sc.hidden;
        if (first < i) s.same_part_as = names[first];
        s.damaged = std::move(damaged[i]);
        wb.sheets.push_back(std::move(s));
      }
    } else {
      Strings strings;
      strings.budget = &budget;
      OdsContent handler(strings, budget, limits);
      // Text that breaks xml_break()'s rules is refused first, as the
      // malformed XML it is (tests/data/workbooks/hostile/08K_overread_*.ods
      // and 08K_unclosed_comment.ods). NUL bytes after the text keep any
      // other overrun inside this buffer; a crash beyond that ends the child
      // process the parse runs in, as an error.
      check_xml(content_xml, "content.xml", display);
      if (auto u = xml_unclosed(content_xml)) {
        const std::string sheet = ods_sheet_at(content_xml, u->at);
        fail(display, fmt::format("the workbook is damaged or incomplete: its content.xml {}{}, and the rows after "
                                  "that would be lost; open it in a spreadsheet program and save it again, or ask for "
                                  "the return as CSV",
                                  unclosed_text(*u, content_xml.size()),
                                  sheet.empty() ? "" : fmt::format(", in its sheet '{}'", sheet)));
      }
      const std::size_t content_size = content_xml.size();
      content_xml.append(64, '\0');
      orcus::sax_parser<OdsContent> parser(content_xml.data(), content_size, handler);
      parser.parse();
      for (auto& sc : handler.sheets) {
        WorkbookSheet s = to_csv(*sc, strings, nullptr, Origin{}, budget);
        s.hidden = sc->hidden;
        wb.sheets.push_back(std::move(s));
      }
    }
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    fail(display, "the workbook needs more memory than allowed to read");
  } catch (const std::exception& e) {
    fail(display, fmt::format("the workbook could not be read ({}); it may be damaged: open it in a spreadsheet "
                              "program and save it again",
                              e.what()));
  }
  return wb;
}

}  // namespace foi::detail
