// Records to rows and cells: which column holds what. Header texts are matched to the
// canonical fields of methods.md (Columns), with the user's own aliases first.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace foi {

enum class Field {
  ccg,
  provider,
  provider_type,
  provider_code,
  service,
  value,
  value_year,  // a per-financial-year value column ("2013/14")
  start_date,
  end_date,
  payment_date,  // one day, as spending data dates each payment: the whole of a row's span
  length,
  quality,
  procurement,
  extra,  // not recognised: kept as text and listed in the report
};
const char* to_string(Field f);
std::optional<Field> parse_field(std::string_view name);

// The user's header names: folded header text -> field.
struct HeaderAliases {
  std::vector<std::pair<std::string, Field>> entries;
};
// CSV with columns header,field (field as printed by to_string(Field)).
HeaderAliases load_header_aliases(const std::string& path);

struct HeaderMatch {
  Field field = Field::extra;
  bool exact = false;  // an alias (or a financial-year label), not just a keyword
  bool user = false;   // the user's alias (--aliases, a study's [aliases])
  int year = 0;        // value_year: the first calendar year of the financial year
  std::string unit;    // length: "months" or "years" when the header says so
  // value, value_year: what an amount written without a unit of its own
  // is worth in pounds, when the header gives one: 1,000 for "£000s",
  // "£'000", "£k" or "thousands"; 1,000,000 for "£m" or "millions"; 0.01
  // for "(pence)" or "(p)".
  double scale = 1;
  bool operator==(const HeaderMatch&) const = default;
};
HeaderMatch match_header(std::string_view text, const HeaderAliases& user = {});
// A header's unit of money in words, for messages: "thousands of pounds: ×
// 1,000", "pence: ÷ 100"; empty for pounds.
std::string_view scale_words(double scale);

struct Column {
  std::size_t index = 0;
  std::string header;
  HeaderMatch match;
  bool operator==(const Column&) const = default;
};

struct ColumnMap {
  std::vector<Column> columns;
  // A second column naming the CCG ("CCG Name" beside "CCG Code"), kept as
  // extra text: its cell names the row's CCG when the CCG column's is empty.
  // Its index, or -1.
  long second_ccg = -1;
  // Columns naming a field another column already took, with nothing to
  // choose between them ("Contract value" twice): the later one is set
  // aside as extra text. Pairs of (set-aside column, column read).
  std::vector<std::pair<std::size_t, std::size_t>> set_aside;
  // The column of a single-valued field, or nullptr.
  const Column* of(Field f) const;
  std::vector<const Column*> years() const;
  std::vector<const Column*> extras() const;
  bool operator==(const ColumnMap&) const = default;
};

// Whether two headers give their columns the same fields at the same places
// (their texts aside): one table's layout, or two.
bool same_fields(const ColumnMap& a, const ColumnMap& b);

// methods.md (Reading): a header is a row where at least two cells name known columns.
bool looks_like_header(const std::vector<std::string>& cells, const HeaderAliases& user = {});
// A header repeated below the data (collated files, one table per year):
// stricter, as data rows may hold words that are also column names.
bool looks_like_repeated_header(const std::vector<std::string>& cells, const HeaderAliases& user = {});
// The lower row of a two-row header: every non-empty cell is a financial
// year or a column name, and it is not itself a full header row.
bool is_header_continuation(const std::vector<std::string>& cells, const HeaderAliases& user = {});
// The lower row of a header whose top row has cells merged over it
// ("Contract" over "Start | End", "Quality" over "monitoring"): some filled
// cell stands under an empty top cell (the merge), the cell under the
// provider names is empty, every cell is a short text, neither an amount
// nor a date, and joined, the two rows name more columns than the top row
// alone.
bool completes_header(const std::vector<std::string>& top, const std::vector<std::string>& bottom,
                      const HeaderAliases& user = {});
// Joins a two-row header; a merged top cell spreads right over the cells
// the lower row fills ("Contract value" over "2013/14 | 2014/15").
std::vector<std::string> join_header_rows(const std::vector<std::string>& top, const std::vector<std::string>& bottom);

// Maps a header row. When two columns claim one field, the first keeps it
// (a "total" value column beats an annual one) and the other becomes extra.
ColumnMap map_columns(const std::vector<std::string>& header, const HeaderAliases& user = {});

}  // namespace foi
