#include "foi/contracts.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <system_error>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "foi/ccg.h"
#include "foi/format.h"
#include "exact_sum.h"
#include "memo.h"
#include "parallel.h"
#include "repeated_hashes.h"
#include "rows.h"
#include "spool.h"
#include "text.h"

namespace foi {

namespace fs = std::filesystem;

bool FindingLog::admit(std::string_view id) {
  auto it = count_by_id.find(id);
  if (it == count_by_id.end()) it = count_by_id.emplace(std::string(id), 0).first;
  return static_cast<std::size_t>(it->second++) < per_id_limit;
}

void FindingLog::add(Diagnostic d) {
  if (admit(d.id)) kept.push_back(std::move(d));
}

long FindingLog::total(std::string_view id) const {
  auto it = count_by_id.find(id);
  return it == count_by_id.end() ? 0 : it->second;
}

namespace {

// "rows 4, 9 and 12" (the first few, then a count).
std::string list_numbers(const std::vector<long>& v, bool letters) {
  std::string out;
  std::size_t shown = std::min<std::size_t>(v.size(), 10);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) out += i + 1 == v.size() ? " and " : ", ";
    out += letters ? column_letters(v[i]) : std::to_string(v[i]);
  }
  if (v.size() > shown) out += fmt::format(" and {} more", v.size() - shown);
  return out;
}

// Whether a sheet's text holds a contract table: a header with a provider
// column, as the table reader finds it.
// Whether a sheet's text holds a contract table (a header naming a
// provider column); with_value, one naming a value column too.
bool has_contract_table(const std::string& csv, const TableOptions& options, bool with_value = false) {
  ReaderOptions ro;
  ro.delimiter = ',';
  RecordReader reader(std::string("sheet"), std::string_view(csv), ro);
  TableReader table(reader, options);
  Row row;
  while (table.next(row))
    if (table.has_header() || !table.fatal().empty()) break;
  if (!table.has_header() || !table.fatal().empty()) return false;
  if (!with_value) return true;
  const auto& cols = table.columns().columns;
  return std::any_of(cols.begin(), cols.end(), [](const Column& c) {
    return c.match.field == Field::value || c.match.field == Field::value_year;
  });
}

// Clears a contract for the next row, keeping its strings' memory. A
// string already empty is left unwritten: `analyse` fills none of the
// texts as written, and a contract spans nine cache lines. Field by field,
// so the size below trips when a field is added: reset it here, then
// change the size.
static_assert(sizeof(Contract) == 600 || sizeof(void*) != 8,
              "Contract changed: reset() must reset every field (then update this size)");
void reset(Contract& c) {
  for (std::string* s : {&c.ccg_code, &c.ccg_name, &c.source_file, &c.provider_raw, &c.provider_type_raw,
                         &c.provider_code_raw, &c.service, &c.value_text, &c.start_text, &c.end_text, &c.length_text,
                         &c.quality_text, &c.procurement})
    if (!s->empty()) s->clear();
  c.source_line = 0;
  c.type_column = 0;
  c.provider_column = 0;
  c.value_cell = Money{};
  c.value.reset();
  c.value_status = ValueStatus::not_held;
  if (!c.years.empty()) c.years.clear();
  c.start = c.end = c.end_by_length = DateValue{};
  c.length = Length{};
  c.length_from_dates = false;
  c.quality = Quality::not_stated;
  if (!c.extra.empty()) c.extra.clear();
  c.ccg = nullptr;
  c.ccg_place = -1;
}

// Just past the first line end at or after `at` in t: LF, CRLF or a lone
// CR, as the reader reads them; npos when there is none.
std::size_t past_line_end(std::string_view t, std::size_t at) {
  for (; at < t.size(); ++at) {
    if (t[at] == '\n') return at + 1;
    if (t[at] == '\r') return at + 1 < t.size() && t[at + 1] == '\n' ? at + 2 : at + 1;
  }
  return std::string_view::npos;
}

// Up to n of the input's bytes from `from` on: fewer at its end, none
// when it cannot be read.
std::string bytes_at(const InputFile& input, std::uint64_t from, std::size_t n) {
  if (input.data) {
    const std::string_view all(*input.data);
    return std::string(all.substr(std::min<std::uint64_t>(from, all.size()), n));
  }
  std::string bytes(n, '\0');
  std::size_t got = 0;
  if (int fd = ::open(source_path(input).c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    while (got < n) {
      ssize_t r = ::pread(fd, bytes.data() + got, n - got, static_cast<off_t>(from + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
    }
    ::close(fd);
  }
  bytes.resize(got);
  return bytes;
}

// Reads rows of a file again, from a record start (a second half's marks)
// on, through a window of its bytes rather than a reader of the whole file.
// The row's own first byte is found by its line ends, so that the reader
// reads the one row: its line is the record's first physical line, and
// every line ends in LF where the marks are exact.
class RowAgain {
 public:
  RowAgain(const InputFile& input, char delimiter) : input_(input), delimiter_(delimiter) {}

  // Into r, the record at `line` whose fingerprint has RowHashes key
  // `key`, at or after the record start at (mark_line, mark_offset). False
  // when it is not there: the file changed since it was read.
  bool read(long line, std::uint64_t key, long mark_line, std::uint64_t mark_offset, Record& r) {
    if (line < mark_line) return false;
    // The byte before the mark (the line end before the record) comes too:
    // a reader started inside a file takes it as the rest of that file, as
    // the second half's reader did, and sniffs no encoding from its start.
    const std::size_t before = mark_offset > 0 ? 1 : 0;
    for (std::size_t size = kFirstWindow; size <= kLastWindow; size *= 8) {
      window_ = bytes_at(input_, mark_offset - before, size + before);
      const bool to_end = window_.size() < size + before;
      std::size_t at = before;  // the row's first byte
      // A CR that ends the window is taken as a lone one: if it was not,
      // the row after it does not read as it should, and a larger window is read.
      for (long k = line - mark_line; k > 0 && at < window_.size(); --k)
        at = std::min(past_line_end(window_, at), window_.size());
      // A row cut short reads as another: it is read again from more bytes,
      // first from the row's first few kilobytes (the reader reads ahead
      // the lines it is given), then from the rest of the window.
      for (std::size_t bytes : {kRowBytes, window_.size()}) {
        if (at >= window_.size()) break;
        ReaderOptions options;
        options.delimiter = delimiter_;
        options.start = at > 0 ? 1 : 0;
        options.first_line = line;
        RecordReader reader(input_.display, std::string_view(window_).substr(at - options.start, bytes), options);
        if (reader.next(r) && r.line == line && RowHashes::key(r.fingerprint) == key) return true;
      }
      if (to_end) return false;
    }
    return false;
  }

 private:
  static constexpr std::size_t kFirstWindow = 16u << 10, kLastWindow = 128u << 20, kRowBytes = 2048;
  const InputFile& input_;
  char delimiter_;
  std::string window_;
};

// Money in a finding, as the reports print it: £12,019,999.00.
std::string money_text(double v) { return pounds(v, 2); }

struct ReturnReader {
  const InputFile& input;
  const ReadContext& ctx;
  const ContractOut& next;
  Day study_start, study_end;  // the study years' first and last days
  FileResult fr;
  const CcgRef* file_ccg = nullptr;
  RowHashes seen;
  // What a total row says: its amount and the column it is in, or, in a
  // table of per-year columns without a value column, each year's amount
  // (by the year's place among the header's years) and column.
  struct TotalRow {
    std::optional<double> value;
    long column = 0;
    struct Year {
      std::optional<double> amount;
      long column = 0;
      int year = 0;
    };
    std::vector<Year> years;
  };
  // Contract values since the last total row or header, to check a total row against.
  struct Tally {
    ExactSum sum;  // exact: a half's is added to or taken from the first's
    long known = 0, unknown = 0;
    void add(const Tally& o) {
      sum.add(o.sum);
      known += o.known;
      unknown += o.unknown;
    }
    void take_back(const Tally& o) {
      sum.take_back(o.sum);
      known -= o.known;
      unknown -= o.unknown;
    }
  };
  // The contracts' values, and each per-year column's cells (by its place
  // among the header's years), that a total row's cells are checked against.
  struct SinceTotal : Tally {
    std::vector<Tally> years;
    void add(const SinceTotal& o) {
      Tally::add(o);
      if (years.size() < o.years.size()) years.resize(o.years.size());
      for (std::size_t i = 0; i < o.years.size(); ++i) years[i].add(o.years[i]);
    }
    void take_back(const SinceTotal& o) {
      Tally::take_back(o);
      if (years.size() < o.years.size()) years.resize(o.years.size());
      for (std::size_t i = 0; i < o.years.size(); ++i) years[i].take_back(o.years[i]);
    }
    const Tally& year(std::size_t i) const {
      static const Tally none;
      return i < years.size() ? years[i] : none;
    }
  } since_total;
  // Since the header, the contracts above the last total row and how many
  // total rows there were: a grand total under sub-totals is checked
  // against the whole table, and a total row may be either.
  SinceTotal before_run;
  long totals_since_header = 0;
  // The contracts of the tables above the current one's header: a grand
  // total under tables of their own ("NHS providers", "Non-NHS providers")
  // adds up all of them.
  SinceTotal earlier_tables;

  // What the second half of a file read as two halves cannot settle alone,
  // because it depends on the rows before the split.
  struct DeferredTotal {
    TotalRow total;
    long line = 0;
    SinceTotal above;  // the contracts between the split and this total
  };
  // Its lines are numbered from the split point, as the lines before it
  // are not counted until the first half reaches it (counting them first
  // would read half the file once more); the join adds them.
  struct HalfState {
    bool boundary_seen = false;  // a total row or header since the split
    bool header_seen = false;    // a header since the split
    // A second total row before any header: checked against the table
    // since a header in the first half, which this half cannot know, so
    // the half is read again in order.
    bool needs_first_half = false;
    std::optional<DeferredTotal> first_total;
    // Kept duplicate-row findings (by index) and the line they name, to
    // be written again with the file's line numbers.
    std::vector<std::pair<std::size_t, long>> duplicate_findings;
    // What it takes to read a row of the half again, should it turn out at
    // the join to repeat a row of the first half: the header it began
    // under, each header row after it with its columns, the total rows and
    // headers that end a run of contracts (checked_total: a total row
    // checked here, not deferred), and (line, byte offset) of a record
    // start every batch of rows.
    ColumnMap first_header;
    std::vector<std::pair<long, ColumnMap>> headers;
    struct Boundary {
      long line = 0;
      bool checked_total = false;
    };
    std::vector<Boundary> boundaries;
    std::vector<std::pair<long, std::uint64_t>> marks;
  };
  std::unique_ptr<HalfState> half;  // set when this reads the second half of a file
  long rows_without_ccg = 0;
  // The one CCG the text above the table names ("Contracts held by NHS
  // Lambeth CCG"), and its line: not the return's CCG (methods.md (Inputs) lists
  // where that comes from) but what to tell a user whose file says no more.
  struct NamedAbove {
    const CcgRef* ccg = nullptr;
    long line = 0;
  } named_above;
  // A CCG formed after April 2013 that the file name names: none of the
  // 211, told to a user whose file says no more.
  const LaterCcg* later_in_name = nullptr;
  Contract own;
  Contract* out = &own;  // where the next contract is written
  long moved_to_rejected = 0;
  // A hidden sheet that lists providers and their types and nothing of a
  // contract, beside the contract sheets: the lists a workbook's drop-downs
  // take their choices from. Its rows are notes, not contracts.
  bool list_sheet = false;
  long moved_to_note = 0;
  TextMemo<const CcgRef*> ccg_cells;
  TextMemo<DateValue> start_dates, end_dates;
  TextMemo<Quality> qualities;
  TextMemo<Money> money_words, year_money_words;

  // Amounts are nearly all different, words ("N/A", "Commercially
  // sensitive") few and slow to read: only the words are remembered.
  Money money(std::string_view text) {
    if (auto v = parse_plain_amount(text)) return {.status = ValueStatus::ok, .pounds = *v};
    return money_words.get(text, [](std::string_view t) { return parse_money(t); });
  }
  // A per-year cell's (parse_year_money): remembered apart, as the same
  // words read otherwise in a whole-value column.
  Money year_money(std::string_view text, double scale) {
    if (scale != 1) return parse_year_money(text, scale);
    if (auto v = parse_plain_amount(text)) return {.status = ValueStatus::ok, .pounds = *v};
    return year_money_words.get(text, [](std::string_view t) { return parse_year_money(t); });
  }

  // A money cell of a column, in the pounds its header counts in.
  [[gnu::always_inline]] Money money(std::string_view text, const Column* col) {
    Money m = col->match.field == Field::value_year ? year_money(text, col->match.scale)
              : col->match.scale != 1               ? parse_money(text, col->match.scale)
                                                    : money(text);
    if (std::fabs(m.pounds) >= kNoContractValue) [[unlikely]]
      m.status = ValueStatus::unparseable;
    return m;
  }

  // Most dates are dd/mm/yyyy or yyyy-mm-dd, read faster than looked up;
  // other forms ("1st April 2013", "1/4/13", Excel serial numbers) are read
  // once each and remembered.
  // Inlined into each row's two calls: out of line (as a third caller made
  // it), the call cost as much as the plain date it reads.
  [[gnu::always_inline]] static DateValue date(std::string_view text, TextMemo<DateValue>& memo, bool end) {
    if (const Day d = plain_day_of(text); d != kNoDay) return {DateStatus::ok, d};
    return memo.get(text, [end](std::string_view t) { return parse_date(t, end); });
  }

  ReturnReader(const InputFile& i, const ReadContext& x, const ContractOut& n)
      : input(i), ctx(x), next(n), study_start(ctx.years.start()), study_end(ctx.years.end()) {}

  // Formats the message only for a finding that is kept: a national file
  // can raise the same finding on most of its million rows.
  // True when the finding was kept.
  template <typename... T>
  bool find(Severity s, const char* id, long line, long column, fmt::format_string<T...> message, T&&... args) {
    if (!fr.findings.admit(id)) return false;
    fr.findings.kept.push_back({s, id, {fr.file, line, column, input.workbook != nullptr},
                                fmt::format(message, std::forward<T>(args)...)});
    return true;
  }
  void find_text(Severity s, const char* id, long line, long column, const std::string& message) {
    find(s, id, line, column, "{}", message);
  }

  void place_file() {
    if (ctx.manifest)
      if (const ManifestEntry* e = ctx.manifest->entry_for_file(input.path))
        if ((file_ccg = match_ccg(e->ccg_code.empty() ? e->ccg_name : e->ccg_code, *ctx.reference))) {
          fr.ccg_basis = "manifest";
          return;
        }
    // A workbook sheet named for a CCG (a CSU's collated workbook) names
    // its CCG; otherwise the workbook's file name does.
    FileNameCcg byname;
    if (input.workbook) {
      byname = ccg_from_file_name(input.workbook->sheets[input.sheet].name + ".csv", *ctx.reference);
      if (byname.ccg) byname.basis.replace(0, 4, "sheet");
      else byname = ccg_from_file_name(input.path, *ctx.reference);
    } else {
      byname = ccg_from_file_name(input.display, *ctx.reference);
    }
    if (byname.ccg && byname.ambiguity.empty()) {
      file_ccg = byname.ccg;
      fr.ccg_basis = byname.basis;
    } else if (!byname.ambiguity.empty()) {
      find(Severity::warning, "ccg-ambiguous-name", 0, 0,
           "the file name names {}; rename it with the ODS code of the CCG the return is from", byname.ambiguity);
    }
    later_in_name = byname.later;
  }

  // Moves a row counted as a contract to the rejected bucket.
  void reject(const Record& r) {
    moved_to_rejected += r.last_line - r.line + 1;
  }

  // A reference CCG's place in the reference's list, for the analysis to
  // find it by, rather than by its address in a map for every contract.
  std::int32_t place_of(const CcgRef* ccg) const {
    const auto& all = ctx.reference->ccgs;
    const auto at = reinterpret_cast<std::uintptr_t>(ccg), first = reinterpret_cast<std::uintptr_t>(all.data());
    if (at < first || at >= first + all.size() * sizeof(CcgRef)) return -1;
    return static_cast<std::int32_t>((at - first) / sizeof(CcgRef));
  }

  [[gnu::always_inline]] static std::string_view cell(const Record& r, const Column* col) {
    if (!col || col->index >= r.cells.size()) return {};
    return r.cells.trimmed(col->index);
  }

  // A workbook sheet's ranges merged down (WorkbookSheet::merged_down), or
  // null: a provider merged over the rows of its services names each.
  const std::vector<MergedDown>* merged_down = nullptr;
  bool merged_told = false;
  // The range merged down from a row above over the record's empty cell in col.
  [[gnu::cold, gnu::noinline]] const MergedDown* merged_above(const Record& r, const Column* col) {
    if (!col || !cell(r, col).empty()) return nullptr;
    const MergedDown* m = merged_over(*merged_down, r.line, static_cast<long>(col->index + 1));
    if (!m || m->first_row >= r.line) return nullptr;
    if (!std::exchange(merged_told, true))
      find(Severity::info, "merged-cells", r.line, static_cast<long>(col->index + 1),
           "cells are merged down over several rows (column '{}', rows {} to {}): each row takes the text the "
           "merged cell shows, and an amount merged so is the rows' together, counted once, on its first row",
           col->header, m->first_row, m->last_row);
    return m;
  }
  // A cell's text, or, empty under a range merged down from above, the
  // range's text.
  [[gnu::always_inline]] std::string_view text(const Record& r, const Column* col) {
    if (merged_down) [[unlikely]]
      if (const MergedDown* m = merged_above(r, col)) return m->text;
    return cell(r, col);
  }

  void note_money(const Money& m, std::string_view text, long line, const Column* col) {
    long column = static_cast<long>(col->index + 1);
    // A year's amount in a column of whole values (the header said nothing
    // of years: an annual column is told once, at its header).
    if (m.per_year && col->match.field == Field::value && !annual_column) [[unlikely]]
      find(Severity::info, "value-annual", line, column,
           "value '{}' is a year's amount; it is taken as the contract's value, as the return states it, which "
           "for a contract of several years is less than its whole value",
           text::trim(text));
    if (m.term_months != 0) [[unlikely]]
      find(Severity::info, "value-annual", line, column,
           "value '{}' is a year's amount and the term it is for: {} a year for {} months, {}, is taken as the "
           "contract's value",
           text::trim(text), money_text(m.pounds * 12 / m.term_months), m.term_months, money_text(m.pounds));
    if (m.reading == MoneyReading::points_for_thousands) [[unlikely]]
      find(Severity::info, "value-unit", line, column,
           "value '{}' parts its thousands with points, as a spreadsheet set to a continental locale writes them: "
           "it is read as {}",
           text::trim(text), money_text(m.pounds));
    switch (m.status) {
      case ValueStatus::unparseable:
        if (text::is_unsaved_formula(text))
          find(Severity::warning, "value-unparseable", line, column,
               "the value (in '{}') is a formula whose result was not saved in the file (a program that did not "
               "calculate it wrote the file): the value is missing, not an error of the CCG's; open the file in "
               "Excel or LibreOffice and save it, then read it again, or ask the CCG for the value",
               col->header);
        else if (text::is_formula_error(text))
          find(Severity::warning, "value-unparseable", line, column,
               "value '{}' (in '{}') is a spreadsheet formula's error, not a value: the amount was lost in the "
               "CCG's copy of the sheet; ask the CCG for it",
               text::trim(text), col->header);
        else if (m.reading == MoneyReading::point_or_decimal)
          find(Severity::warning, "value-unparseable", line, column,
               "value '{}' (in '{}') is {} if its point parts thousands, as a spreadsheet set to a continental "
               "locale writes them, or {} if it is a decimal point; write it without the point, or with two "
               "decimals, as it is meant",
               text, col->header, money_text(m.pounds), money_text(m.pounds / 1000));
        else if (m.reading == MoneyReading::range_unit)
          find(Severity::warning, "value-unparseable", line, column,
               "value '{}' (in '{}') is a range whose unit is written only after the upper bound, and read for both "
               "it puts the lower bound above the upper: write each bound with its unit ('£500k-£1m')",
               text, col->header);
        else if (m.pounds != 0) [[unlikely]]
          find(Severity::warning, "value-unparseable", line, column,
               "value '{}' (in '{}') is £1 trillion or more, which no contract is worth (a reference number or a "
               "date read as an amount?); it is left out of the values",
               text, col->header);
        else
          find(Severity::warning, "value-unparseable", line, column, "value '{}' is not a number (in '{}'){}", text,
               col->header,
               m.reading == MoneyReading::decimal_comma
                   ? "; if its comma is a decimal comma, save the file with points for decimals"
                   : "");
        break;
      case ValueStatus::withheld:
        find(Severity::info, "value-withheld", line, column, "value withheld: '{}'", text);
        break;
      case ValueStatus::negative:
        find(Severity::warning, "value-negative", line, column,
             "value '{}' is negative; it is left out of value totals", text);
        break;
      case ValueStatus::range:
        find(Severity::info, "value-range", line, column,
             "value '{}' is a range; its midpoint {} is used", text, money_text(m.pounds));
        break;
      default: break;
    }
  }

  // A header that counts its amounts in thousands or millions of pounds
  // changes every value under it: said once, at the header.
  void note_value_units(long line) {
    // A year's amount taken as the contract's value: what the return
    // states, but not comparable with whole-contract values of other CCGs.
    annual_column = false;
    if (const Column* v = fields.map.of(Field::value)) {
      const std::string f = text::fold(v->header);
      annual_column = text::contains_phrase(f, "annual") || text::contains_phrase(f, "per annum") ||
                      text::contains_phrase(f, "annually") || text::contains_phrase(f, "yearly") ||
                      text::contains_phrase(f, "pa");
      if (annual_column)
        find(Severity::info, "value-annual", line, static_cast<long>(v->index + 1),
             "column '{}' gives a year's amount; each is taken as the contract's value, as the return states it, "
             "which for a contract of several years is less than its whole value",
             v->header);
    }
    for (const Column& c : fields.map.columns) {
      if (c.match.scale == 1 || (c.match.field != Field::value && c.match.field != Field::value_year)) continue;
      const double scale = c.match.scale;
      find(Severity::info, "value-unit", line, static_cast<long>(c.index + 1),
           "column '{}' counts in {}: an amount with no unit of its own is {}", c.header,
           scale < 1 ? "pence" : scale == 1e3 ? "thousands of pounds" : "millions of pounds",
           scale < 1 ? "divided by 100" : scale == 1e3 ? "multiplied by 1,000" : "multiplied by 1,000,000");
    }
  }

  // A column the map set aside because an earlier one names its field:
  // its cells are read as no figure, so a reader must hear of it.
  [[gnu::cold, gnu::noinline]] void note_set_aside(const ColumnMap& map, long line) {
    for (const auto& [aside, read] : map.set_aside) {
      const Column& a = map.columns[aside];
      const Column& kept = map.columns[read];
      find(Severity::warning, "duplicate-column", line, static_cast<long>(aside + 1),
           "column '{}' names the {} again, after column {} ('{}'): column {} is read and this one is not; if it is "
           "this one that should be read, rename the other's header",
           a.header, to_string(kept.match.field), read + 1, kept.header, read + 1);
    }
  }

  void note_ccg_above(const Record& r) {
    if (file_ccg || named_above.ccg) return;
    std::string text;
    for (std::size_t i = 0; i < r.cells.size(); ++i) text.append(text.empty() ? "" : " ").append(r.cells.trimmed(i));
    if (const auto named = ccgs_named_in(text, *ctx.reference); named.size() == 1) named_above = {named[0], r.line};
  }

  // "Until 31/03/2017" in a length column: the term given by its end.
  static bool says_end_date(std::string_view text) {
    const std::string f = text::fold(text);
    for (std::string_view w : {"until", "till", "to", "ending", "ends", "expiring", "expires", "expiry", "by"})
      if (text::starts_with_word(f, w)) return parse_date(text, true).status == DateStatus::ok;
    return false;
  }

  // A length cell that is no duration may be the contract's period, two
  // dates: they are its dates when the row has none of its own, else they
  // give its length; or an end date, the row's end when it has none.
  // Anything else is reported.
  [[gnu::cold, gnu::noinline]] void read_length_as_dates(Contract& c, std::string_view text, long line,
                                                         const Column* lc) {
    const long column = static_cast<long>(lc->index + 1);
    const std::optional<DateRange> range = parse_date_range(text);
    if (!range && says_end_date(text)) {
      const DateValue until = parse_date(text, true);
      if (c.end.status == DateStatus::missing) {
        c.end = until;
        find(Severity::info, "length-as-dates", line, column, "'{}' (in '{}') is an end date: the contract ends on {}",
             text, lc->header, iso(until.day));
      } else {
        find(Severity::info, "length-as-dates", line, column,
             "'{}' (in '{}') is an end date; the row's own end date is used", text, lc->header);
      }
      c.length = {};  // from the dates, as for any dated row
      return;
    }
    if (!range) {
      find(Severity::warning, "length-unparseable", line, column,
           "length '{}' is not a duration such as '3 years' or '36 months'", text);
      return;
    }
    if (c.start.status == DateStatus::missing && c.end.status == DateStatus::missing) {
      c.start = {DateStatus::ok, range->start};
      c.end = {DateStatus::ok, range->end};
      c.length = {};  // from the dates, as for any dated row
      find(Severity::info, "length-as-dates", line, column,
           "'{}' (in '{}') is a start and an end date: the contract runs from {} to {}", text, lc->header,
           iso(range->start), iso(range->end));
    } else {
      c.length = {LengthStatus::ok, months_between(range->start, range->end)};
      find(Severity::info, "length-as-dates", line, column, "'{}' (in '{}') is two dates: {} months", text,
           lc->header, c.length.months);
    }
  }

  // A CCG cell that names none of the 211, or several: a CCG formed later by
  // a merger is named as such, with the CCGs it was formed from, and a cell
  // naming several lists them.
  [[gnu::cold, gnu::noinline]] void note_unknown_ccg(std::string_view text, long line, const Column* cc,
                                                     const CcgRef* file_ccg_used) {
    std::string what = "is not one of the 211 CCGs of April 2013";
    if (const LaterCcg* later = match_later_ccg(text, *ctx.reference)) {
      what = fmt::format("is {}: the study counts the 211 CCGs of April 2013, so give the row the one it belongs to",
                         later_ccg_text(*later, *ctx.reference));
    } else if (const auto named = ccgs_named_in(text, *ctx.reference); named.size() > 1) {
      what = fmt::format("names {} CCGs, {}: give the row one of them (the lead commissioner's, for a joint contract)",
                         named.size(), ccgs_text(named));
    }
    find(file_ccg_used ? Severity::warning : Severity::error, "ccg-unknown", line, static_cast<long>(cc->index + 1),
         "CCG '{}' {}{}", text, what,
         file_ccg_used ? fmt::format("; using the file's CCG {}", file_ccg_used->code) : "; row not counted");
  }

  // "CCG Code" and "CCG Name" side by side that name two CCGs (a row
  // pasted under the wrong name in a collated list): the code is taken, as
  // the more exact, and the row told. A name of a CCG formed later, or of
  // none, says nothing against the code.
  void check_second_ccg(const Record& r, const CcgRef* taken, long line) {
    const Column* also = &fields.map.columns[static_cast<std::size_t>(fields.map.second_ccg)];
    const std::string_view t = text(r, also);
    if (t.empty()) return;
    const CcgRef* other = ccg_cells.get(t, [&](std::string_view n) { return match_ccg(n, *ctx.reference); });
    if (!other || other == taken) return;
    const Column* cc = fields(Field::ccg);
    find(Severity::warning, "ccg-mismatch", line, static_cast<long>(also->index + 1),
         "'{}' (column '{}') is {} {}, but '{}' (column '{}') is {} {}; the row is counted for {}", t, also->header,
         other->code, other->name, cell(r, cc), cc->header, taken->code, taken->name, taken->code);
  }

  // Out of line, as the next: every row asks whether its dates are unparseable, few are.
  // A start or end date cell that holds the contract's period, two dates
  // ("01/04/2013 - 31/03/2016"): its own date is the period's start (or
  // end), and the row's other date, when it has none, the period's other
  // end. Anything else is reported as no date.
  [[gnu::cold, gnu::noinline]] void read_date_as_period(Contract& c, bool is_end, std::string_view text, long line,
                                                        const Column* col) {
    const std::optional<DateRange> range = parse_date_range(text);
    if (!range) return note_unparseable_date(text, line, col);
    const long column = static_cast<long>(col->index + 1);
    const char* kind = is_end ? "end" : "start";
    (is_end ? c.end : c.start) = {DateStatus::ok, is_end ? range->end : range->start};
    DateValue& other = is_end ? c.start : c.end;
    if (other.status == DateStatus::missing) {
      other = {DateStatus::ok, is_end ? range->start : range->end};
      find(Severity::info, "date-as-period", line, column,
           "{} date '{}' is a start and an end date: the contract runs from {} to {}", kind, text,
           iso(range->start), iso(range->end));
    } else {
      find(Severity::info, "date-as-period", line, column,
           "{} date '{}' is a start and an end date: its {} date is read, the row's own {} date stays", kind, text,
           kind, is_end ? "start" : "end");
    }
  }

  // A payment's date, in a table with no start or end date of the row's
  // own: the day is the start and the end (the payment falls in one year),
  // and no length is made of it. True when it was a date. Out of line, as
  // most tables have none, but not cold: a spending file asks it every row.
  [[gnu::noinline]] bool read_payment_date(Contract& c, std::string_view text, long line, const Column* col) {
    if (text.empty()) return false;
    const DateValue d = date(text, start_dates, false);
    if (d.status == DateStatus::unparseable) [[unlikely]] note_unparseable_date(text, line, col);
    if (d.status != DateStatus::ok) return false;
    c.start = c.end = d;
    return true;
  }

  // One date of the row month first beyond doubt ("03/31/2016", no date
  // day first), the other one a date either way ("04/01/2013"): the other
  // is read day first, as every date is, and told, as it is likely month
  // first too.
  [[gnu::cold, gnu::noinline]] void note_month_first_partner(const Contract& c, std::string_view start_text,
                                                             std::string_view end_text, long line, const Column* sc,
                                                             const Column* ec) {
    const bool start_bad = c.start.status == DateStatus::unparseable;
    const std::string_view bad = start_bad ? start_text : end_text, other = start_bad ? end_text : start_text;
    const DateValue& read = start_bad ? c.end : c.start;
    if (read.status != DateStatus::ok || !month_first_reading(bad)) return;
    const std::optional<Day> us = month_first_reading(other);
    if (!us) return;
    const std::string day_first = iso(read.day), month_first = iso(*us);  // yyyy-mm-dd
    find(Severity::warning, "date-month-first", line, static_cast<long>((start_bad ? ec : sc)->index + 1),
         "{} date '{}' is read day first, as {}, but the row's {} date '{}' is month first (as in the US): if this "
         "one is too, it is {}; write it {}/{}/{}",
         start_bad ? "end" : "start", text::trim(other), day_first, start_bad ? "start" : "end", text::trim(bad),
         month_first, month_first.substr(8, 2), month_first.substr(5, 2), month_first.substr(0, 4));
  }

  [[gnu::cold, gnu::noinline]] void note_unparseable_date(std::string_view text, long line, const Column* col) {
    const long column = static_cast<long>(col->index + 1);
    if (text::is_unsaved_formula(text))
      find(Severity::warning, "date-unparseable", line, column,
           "the date is a formula whose result was not saved in the file (a program that did not calculate it "
           "wrote the file): the date is missing, not an error of the CCG's; open the file in Excel or LibreOffice "
           "and save it, then read it again, or ask the CCG for the date");
    else if (text::is_formula_error(text))
      find(Severity::warning, "date-unparseable", line, column,
           "date '{}' is a spreadsheet formula's error, not a date: the date was lost in the CCG's copy of the "
           "sheet; ask the CCG for it",
           text::trim(text));
    else if (const std::string why = why_not_a_date(text); !why.empty())
      find(Severity::warning, "date-unparseable", line, column, "date '{}' is not a date: {}", text, why);
    else
      find(Severity::warning, "date-unparseable", line, column,
           "date '{}' is not a date (UK day-first dates such as 01/04/2013 are expected)", text);
  }

  // The columns of the current header by field, looked up once a header
  // rather than a dozen times a row.
  struct FieldColumns {
    ColumnMap map;  // a copy: the table reader may have moved on to another header
    std::array<const Column*, static_cast<std::size_t>(Field::extra) + 1> of{};
    std::vector<const Column*> years, extras;
    std::size_t count = 0;
    const Column* operator()(Field f) const { return of[static_cast<std::size_t>(f)]; }
  };
  FieldColumns fields;

  void set_fields(const ColumnMap& header) {
    fields.map = header;
    const ColumnMap& cols = fields.map;
    fields.of.fill(nullptr);
    for (auto f = static_cast<int>(Field::ccg); f <= static_cast<int>(Field::extra); ++f)
      fields.of[static_cast<std::size_t>(f)] = cols.of(static_cast<Field>(f));
    fields.years = cols.years();
    fields.extras = cols.extras();
    fields.count = cols.columns.size();
    // A payment date with no start or end date beside it: a register's
    // "Date" beside its "End date" is the contract's, not a payment's.
    if (fields(Field::payment_date) && !fields(Field::start_date) && !fields(Field::end_date) &&
        !fields(Field::length))
      fr.payments = true;
  }

  // The total row's amount: its value cell (or the cell beside a label
  // written there: `beside`, 1-based, else 0), else the sum of its
  // per-year cells.
  TotalRow total_of(const Record& r, long beside) {
    const FieldColumns& cols = fields;
    TotalRow t;
    if (const Column* vc = cols(Field::value)) {
      const std::string_view text =
          beside > 0 && static_cast<std::size_t>(beside) <= r.cells.size() ? r.cells.trimmed(beside - 1) : cell(r, vc);
      Money m = money(text, vc);
      if (m.known()) t.value = m.pounds;
      t.column = beside > 0 ? beside : static_cast<long>(vc->index + 1);
      return t;
    }
    for (const Column* y : cols.years) {
      Money m = money(cell(r, y), y);
      t.years.push_back({m.known() ? std::optional<double>(m.pounds) : std::nullopt, static_cast<long>(y->index + 1),
                         y->match.year});
    }
    return t;
  }

  // Each way a total row disagrees with the contracts above it, as (column,
  // why): its value, or each of its years' amounts, checked against the
  // same of the run, the table (under sub-totals) and the file (under
  // tables of their own).
  static std::vector<std::pair<long, std::string>> total_mismatches(const TotalRow& t, const SinceTotal& run,
                                                                    const SinceTotal* table, const SinceTotal* file) {
    std::vector<std::pair<long, std::string>> out;
    if (t.years.empty()) {
      if (auto why = total_mismatch(t.value, run, table, file)) out.emplace_back(t.column, std::move(*why));
      return out;
    }
    for (std::size_t i = 0; i < t.years.size(); ++i) {
      const Tally table_year = table ? table->year(i) : Tally{}, file_year = file ? file->year(i) : Tally{};
      if (auto why = total_mismatch(t.years[i].amount, run.year(i), table ? &table_year : nullptr,
                                    file ? &file_year : nullptr, financial_year_label(t.years[i].year)))
        out.emplace_back(t.years[i].column, std::move(*why));
    }
    return out;
  }

  // Why a total row disagrees with the contracts above it, if it does:
  // those since the last total row (`run`), or, under earlier total rows
  // (sub-totals), all of the table's (`table`), either of which it may add up.
  // Under tables of their own, it may add up every contract of the file
  // so far (`file`): a grand total.
  // `year`: the financial year of a per-year column's amounts, or empty.
  static std::optional<std::string> total_mismatch(std::optional<double> total, const Tally& run,
                                                   const Tally* table = nullptr, const Tally* file = nullptr,
                                                   const std::string& year = {}) {
    if (!total) return std::nullopt;
    auto adds_up = [&](const Tally& s) {
      return std::fabs(*total - s.sum.pounds()) <= std::max(1.0, 0.005 * std::fabs(*total));
    };
    if (file && file->known > (table ? table->known : run.known) && adds_up(*file)) return std::nullopt;
    auto sum_text = [](const Tally& s) {
      return fmt::format("{}{}", money_text(s.sum.pounds()),
                         s.unknown ? fmt::format(" ({} more have no value)", s.unknown) : "");
    };
    const bool by_run = run.known > 0, by_table = table && table->known > run.known;
    if ((!by_run && !by_table) || (by_run && adds_up(run)) || (by_table && adds_up(*table))) return std::nullopt;
    const std::string says = year.empty() ? money_text(*total) : fmt::format("{} for {}", money_text(*total), year);
    const std::string values = year.empty() ? "contract values" : fmt::format("contract values for {}", year);
    if (!by_table)
      return fmt::format("the total row says {} but the {} {} above add up to {}", says, run.known, values,
                         sum_text(run));
    if (!by_run)
      return fmt::format("the total row says {} but the {} {} of the table above add up to {}", says, table->known,
                         values, sum_text(*table));
    return fmt::format("the total row says {} but the {} {} since the last total row add up to {}, "
                       "and the table's {} to {}",
                       says, run.known, values, sum_text(run), table->known, sum_text(*table));
  }

  // The table's contracts so far, when there were total rows above: a
  // total row may add up all of them.
  std::optional<SinceTotal> table_so_far() const {
    if (totals_since_header == 0) return std::nullopt;
    SinceTotal all = before_run;
    all.add(since_total);
    return all;
  }

  // Every contract of the file so far (of the half, since the split, in a
  // second half).
  SinceTotal file_so_far() const {
    SinceTotal all = earlier_tables;
    all.add(before_run);
    all.add(since_total);
    return all;
  }

  void on_total(const Record& r, long beside) {
    TotalRow total = total_of(r, beside);
    if (half) half->boundaries.push_back({r.line, half->boundary_seen});
    if (half && !half->boundary_seen) {
      // The rows above this total start in the first half: checked when the halves are joined.
      half->first_total = DeferredTotal{std::move(total), r.line, since_total};
    } else if (half && !half->header_seen) {
      half->needs_first_half = true;
    } else {
      const std::optional<SinceTotal> table = table_so_far();
      const SinceTotal file = file_so_far();  // in a second half, only since the split: not used
      const auto whys = total_mismatches(total, since_total, table ? &*table : nullptr, half ? nullptr : &file);
      // A second half cannot know whether the total adds up the contracts
      // of the first too (a grand total): it is read again in order.
      if (half && !whys.empty()) half->needs_first_half = true;
      else
        for (const auto& [column, why] : whys) find_text(Severity::warning, "total-mismatch", r.line, column, why);
    }
    before_run.add(since_total);
    ++totals_since_header;
    new_table_part();
  }

  // A total row or a header starts a new run of contracts to add up.
  void new_table_part() {
    since_total = {};
    if (half) half->boundary_seen = true;
  }

  static constexpr char kDuplicateRow[] = "exact duplicate of line {}; counted once";

  // Steps of on_contract(), inlined into it, their one caller: a national
  // file takes a million rows through them, and a call a row is not free.
  // They are given on_contract()'s `texts` rather than read it from ctx
  // again, which the compiler cannot take as unchanged after a row's
  // appends: read again, it cost 1% of on_contract's instructions.

  // The contract's value: the total cell if it parses, else the per-year
  // cells in the study years. Added to the run the next total row checks.
  [[gnu::always_inline]] void read_value(Contract& c, const Record& r, long line, bool texts) {
    const FieldColumns& cols = fields;
    const Column* vc = cols(Field::value);
    if (vc) {
      std::string_view value_text = cell(r, vc);
      if (value_text == "\xC2\xA3") [[unlikely]]
        value_text = amount_beside_pound_sign(r, vc, value_text);
      if (texts) c.value_text.append(value_text);
      if (merged_down && merged_above(r, vc)) [[unlikely]] {
        c.value_cell = Money{ValueStatus::included_elsewhere};
      } else {
        c.value_cell = money(value_text, vc);
        note_money(c.value_cell, value_text, line, vc);
      }
    }
    double year_sum = 0, all_years = 0;
    bool year_known = false;
    std::optional<ValueStatus> year_status;
    if (since_total.years.size() < cols.years.size()) [[unlikely]]
      since_total.years.resize(cols.years.size());
    Tally* year_tally = since_total.years.data();
    for (const Column* y : cols.years) {
      YearValue yv{y->match.year, money(cell(r, y), y), std::string(cell(r, y))};
      if (merged_down && merged_above(r, y)) [[unlikely]]
        yv.value = Money{ValueStatus::included_elsewhere};
      note_money(yv.value, yv.text, line, y);
      Tally& tally = *year_tally++;
      if (yv.value.known()) {
        tally.sum.add(yv.value.pounds);
        ++tally.known;
        all_years += yv.value.pounds;
        if (yv.year >= ctx.years.first && yv.year <= ctx.years.last) {
          year_sum += yv.value.pounds;
          year_known = true;
        }
      } else if (yv.value.status != ValueStatus::not_held) {
        ++tally.unknown;
        if (!year_status) year_status = yv.value.status;
      }
      c.years.push_back(std::move(yv));
    }
    if (c.value_cell.known()) {
      c.value = c.value_cell.pounds;
      c.value_status = c.value_cell.status;
      if (year_known && all_years > c.value_cell.pounds + 1)
        find(Severity::warning, "years-exceed-total", line, static_cast<long>(vc->index + 1),
             "the per-year values add up to {}, more than the total {}", money_text(all_years),
                         money_text(c.value_cell.pounds));
    } else if (year_known && std::fabs(year_sum) >= kNoContractValue) [[unlikely]] {
      // Each cell under the bound, their sum over it: no contract either.
      c.value_status = ValueStatus::unparseable;
      find(Severity::warning, "value-unparseable", line, static_cast<long>(cols.years.front()->index + 1),
           "the per-year values add up to {}, £1 trillion or more, which no contract is worth (reference numbers "
           "read as amounts?); it is left out of the values",
           money_text(year_sum));
    } else if (year_known) {
      c.value = year_sum;
      c.value_status = ValueStatus::ok;
    } else {
      c.value_status = vc && c.value_cell.status != ValueStatus::not_held ? c.value_cell.status
                       : year_status                                      ? *year_status
                                                                          : c.value_cell.status;
    }
    if (c.value) {
      since_total.sum.add(*c.value);
      ++since_total.known;
    } else if (c.value_status == ValueStatus::negative && c.value_cell.status == ValueStatus::negative) [[unlikely]] {
      // A credit note or refund: out of the figures, but a total row under it is net of it.
      since_total.sum.add(c.value_cell.pounds);
      ++since_total.known;
    } else {
      ++since_total.unknown;
    }
  }

  // A dated contract's amount for a study year its dates do not reach: the
  // figures by financial year leave it out, as the contract is not active
  // then; told at the cell, with whether it is part of the contract's value
  // (no total cell gave it, so its per-year cells in the study years did).
  [[gnu::noinline]] void note_years_outside_dates(const Contract& c, long line) {
    const auto [first, last] = c.active_days(study_start, study_end);
    for (std::size_t i = 0; i < c.years.size() && i < fields.years.size(); ++i) {
      const YearValue& yv = c.years[i];
      if (!yv.value.known() || yv.year < ctx.years.first || yv.year > ctx.years.last) continue;
      if (financial_year_start(yv.year) <= last && financial_year_end(yv.year) >= first) continue;
      find(Severity::warning, "year-outside-dates", line, static_cast<long>(fields.years[i]->index + 1),
           "the {} amount {} is for a year the contract's dates do not reach (in the study years it is active from {} "
           "to {}): the figures by financial year leave it out{}",
           financial_year_label(yv.year), money_text(yv.value.pounds), iso(std::max(first, study_start)),
           iso(std::min(last, study_end)),
           c.value_cell.known() ? "" : "; it is part of the contract's value, the sum of its years");
    }
  }

  // The contract's dates and length, from whichever of its cells give them.
  [[gnu::always_inline]] void read_dates(Contract& c, const Record& r, long line, bool texts) {
    // Loaded once: the appends below would have it loaded again at each cell.
    const bool merged = merged_down != nullptr;
    auto text_at = [&](const Column* col) __attribute__((always_inline)) { return merged ? text(r, col) : cell(r, col); };
    const FieldColumns& cols = fields;
    const Column* sc = cols(Field::start_date);
    const Column* ec = cols(Field::end_date);
    const std::string_view start_text = text_at(sc), end_text = text_at(ec);
    if (texts) {
      c.start_text.append(start_text);
      c.end_text.append(end_text);
    }
    c.start = date(start_text, start_dates, false);
    c.end = date(end_text, end_dates, true);
    if ((c.start.status == DateStatus::unparseable) != (c.end.status == DateStatus::unparseable)) [[unlikely]]
      note_month_first_partner(c, start_text, end_text, line, sc, ec);
    // Checked one by one, not through a list of the two: building that list
    // on every row cost as much as reading a date.
    if (c.start.status == DateStatus::unparseable) [[unlikely]]
      read_date_as_period(c, false, start_text, line, sc);
    if (c.end.status == DateStatus::unparseable) [[unlikely]]
      read_date_as_period(c, true, end_text, line, ec);
    const Column* pc = cols(Field::payment_date);
    const bool paid = pc && c.start.status == DateStatus::missing && c.end.status == DateStatus::missing &&
                      read_payment_date(c, text_at(pc), line, pc);
    // The length before the dates are checked: a period cell may hold them.
    const Column* lc = cols(Field::length);
    const std::string_view length_text = text_at(lc);
    if (texts) c.length_text.append(length_text);
    c.length = parse_length(length_text, lc ? std::string_view(lc->match.unit) : std::string_view());
    if (c.length.status == LengthStatus::unparseable) [[unlikely]]
      read_length_as_dates(c, length_text, line, lc);
    else if (c.length.first_term) [[unlikely]]
      find(Severity::info, "length-extension", line, static_cast<long>(lc->index + 1),
           "length '{}' is read as its first term, {} months; the option to extend is left out", length_text,
           c.length.months);
    bool dated = c.start.status == DateStatus::ok && c.end.status == DateStatus::ok;
    if (c.start.status == DateStatus::ok && c.end.status != DateStatus::ok && c.length.status == LengthStatus::ok)
      c.end_by_length = {DateStatus::ok, last_day_of_term(c.start.day, c.length.months)};
    if (dated && c.end.day < c.start.day)
      find(Severity::warning, "end-before-start", line, static_cast<long>(ec->index + 1),
           "end date {} is before start date {}; the contract is read as running from {} to {} (no length is worked "
           "out from the dates)",
           iso(c.end.day), iso(c.start.day), iso(c.end.day), iso(c.start.day));
    if (!c.active_in(study_start, study_end)) {
      // Dated by its cells, a row without date columns: at the first year's.
      const Column* at = sc ? sc : ec ? ec : lc ? lc : pc ? pc : cols.years.front();
      find(Severity::warning, "outside-study-years", line, static_cast<long>(at->index + 1),
           "the contract is not active in {}–{}; it is left out of the analysis",
                       financial_year_label(ctx.years.first), financial_year_label(ctx.years.last));
    } else if (!c.years.empty() && (c.start.status == DateStatus::ok || c.end.status == DateStatus::ok)) {
      note_years_outside_dates(c, line);
    }
    if (dated && c.end.day >= c.start.day && !paid) {
      double from_dates = months_between(c.start.day, c.end.day);
      if (c.length.status == LengthStatus::ok) {
        if (std::fabs(from_dates - c.length.months) > 1.0)
          find(Severity::warning, "length-mismatch", line, static_cast<long>(lc->index + 1),
               "stated length {} months differs from the dates ({} months); the stated length is used",
                           c.length.months, from_dates);
      } else if (c.length.status == LengthStatus::missing) {
        c.length = {LengthStatus::ok, from_dates};
        c.length_from_dates = true;
      }
    } else if (c.length.status == LengthStatus::missing && c.end.status == DateStatus::open) {
      c.length.status = LengthStatus::open;
    }
  }

  // A row of more cells than its header whose amount was split at its
  // thousands commas, its cell not in quotes ("Turning Point,£200,000,Yes"):
  // the row with each such amount's pieces joined into one cell again, so
  // that the cells after it are back under their headers; none when no
  // amount reads so.
  [[gnu::cold, gnu::noinline]] std::optional<Record> rejoin_split_amounts(const Record& r) {
    auto digits = [](std::string_view t, std::size_t from, std::size_t to) {
      return t.size() >= to && std::all_of(t.begin() + static_cast<long>(from), t.begin() + static_cast<long>(to),
                                           [](char ch) { return ch >= '0' && ch <= '9'; });
    };
    // "£200", "1", "-£1": up to three digits, after a pound sign or a minus.
    auto head = [&](std::string_view t) {
      for (std::string_view lead : {"-", "\xC2\xA3", "-\xC2\xA3", "\xC2\xA3-"})
        if (t.starts_with(lead) && t.size() > lead.size()) {
          t.remove_prefix(lead.size());
          break;
        }
      return !t.empty() && t.size() <= 3 && digits(t, 0, t.size());
    };
    // "000", or a last group with its pence, "500.00".
    auto group = [&](std::string_view t, bool last) {
      return (t.size() == 3 && digits(t, 0, 3)) || (last && t.size() == 6 && t[3] == '.' && digits(t, 0, 3) &&
                                                    digits(t, 4, 6));
    };
    // Where the first piece after the amount sits, no number belongs (a
    // quality answer, a date, a type), or no header is: read as it stands,
    // "000" would be the quality answer. Under a column a number may fill
    // (another year's amount, beds, a length, an unheaded note) the row's
    // extra cell is more likely a cell of its own.
    auto holds_no_number = [&](std::size_t at) {
      if (at >= fields.map.columns.size()) return true;
      switch (fields.map.columns[at].match.field) {
        case Field::quality: case Field::start_date: case Field::end_date: case Field::payment_date:
        case Field::provider_type: case Field::ccg: case Field::procurement: case Field::provider: return true;
        default: return false;
      }
    };
    std::optional<Record> fixed;
    std::vector<const Column*> amounts = fields.years;
    if (const Column* vc = fields(Field::value)) amounts.push_back(vc);
    std::sort(amounts.begin(), amounts.end(), [](const Column* a, const Column* b) { return a->index < b->index; });
    for (const Column* col : amounts) {
      const Record& now = fixed ? *fixed : r;
      const std::size_t i = col->index, extra = now.cells.size() - fields.count;
      // Under a header in thousands, three digits are an amount of their own.
      if (now.cells.size() <= fields.count || i + 1 >= now.cells.size() || col->match.scale != 1 ||
          !holds_no_number(i + 1) || !head(now.cells.trimmed(i)))
        continue;
      // At most four groups after the head: an amount under £1 trillion.
      std::size_t groups = 0;
      const std::size_t most = std::min<std::size_t>(extra, 4);
      while (groups < most && i + groups + 1 < now.cells.size() && group(now.cells.trimmed(i + groups + 1), false))
        ++groups;
      if (groups < most && i + groups + 1 < now.cells.size() && group(now.cells.trimmed(i + groups + 1), true))
        ++groups;
      if (groups == 0) continue;
      if (!fixed) fixed = r;
      Cells& cells = fixed->cells;
      std::string joined(cells.trimmed(i));
      for (std::size_t g = 1; g <= groups; ++g) joined += "," + std::string(cells.trimmed(i + g));
      const auto begin = static_cast<std::uint32_t>(cells.text.size());
      cells.text += joined;
      cells.spans[i] = cells.trims[i] = {begin, static_cast<std::uint32_t>(joined.size())};
      cells.spans.erase(cells.spans.begin() + static_cast<long>(i + 1), cells.spans.begin() + static_cast<long>(i + 1 + groups));
      cells.trims.erase(cells.trims.begin() + static_cast<long>(i + 1), cells.trims.begin() + static_cast<long>(i + 1 + groups));
      find(Severity::warning, "ragged-row", r.line, static_cast<long>(i + 1),
           "the amount '{}' was split at its comma{} into {} cells, its cell not in quotes: it is read as one, and "
           "the cells after it as under their headers; put amounts with commas in quotes",
           joined, groups > 1 ? "s" : "", groups + 1);
    }
    return fixed;
  }

  // A value cell holding the pound sign alone, its amount in the next
  // cell, under no header, as a PDF turned into CSV splits "£ 200,000":
  // that cell's text, else the sign's.
  [[gnu::cold, gnu::noinline]] std::string_view amount_beside_pound_sign(const Record& r, const Column* vc,
                                                                         std::string_view sign) {
    const std::size_t beside = vc->index + 1;
    if (beside >= fields.map.columns.size() || !text::trim(fields.map.columns[beside].header).empty() ||
        beside >= r.cells.size())
      return sign;
    const std::string_view amount = r.cells.trimmed(beside);
    if (!parse_money(amount).known()) return sign;
    if (!std::exchange(pound_sign_told, true))
      find(Severity::info, "value-unit", r.line, static_cast<long>(vc->index + 1),
           "the value column holds the pound sign alone, its amount in column {} beside it, under no header: the "
           "amount is read from there",
           beside + 1);
    return amount;
  }
  bool pound_sign_told = false;

  // A row whose split amounts were joined again (rejoin_split_amounts),
  // read as that row; false when none was split.
  [[gnu::cold, gnu::noinline]] bool on_rejoined_contract(const Record& r, long first) {
    const std::optional<Record> fixed = rejoin_split_amounts(r);
    if (fixed) on_contract(*fixed, first);
    return fixed.has_value();
  }

  // first: the line of the first contract row equal to this one.
  void on_contract(const Record& r, long first) {
    if (r.cells.size() > fields.count && first == r.line) [[unlikely]]
      if (on_rejoined_contract(r, first)) return;
    const FieldColumns& cols = fields;
    const long line = r.line;
    // Loaded once: the appends below would have it loaded again at each cell.
    const bool merged = merged_down != nullptr;
    auto text_at = [&](const Column* col) __attribute__((always_inline)) { return merged ? text(r, col) : cell(r, col); };
    if (first != line) {
      ++fr.duplicates;
      reject(r);
      if (find(Severity::warning, "duplicate-row", line, 0, kDuplicateRow, first) && half)
        half->duplicate_findings.emplace_back(fr.findings.kept.size() - 1, first);
      return;
    }
    Contract& c = *out;
    reset(c);  // its texts are empty: each is appended into the string it already holds, with no copy made anew
    const bool texts = ctx.contract_texts;
    if (texts) c.source_file.append(fr.file);
    c.source_index = input.index;
    c.source_line = line;
    // CCG: the row's own CCG cell, else the file's.
    const CcgRef* ccg = file_ccg;
    const Column* const ccg_column = cols(Field::ccg);
    const std::string_view ccg_text = text_at(ccg_column);
    if (!ccg_text.empty()) {
      const Column* cc = ccg_column;
      if (const CcgRef* m = ccg_cells.get(ccg_text, [&](std::string_view t) { return match_ccg(t, *ctx.reference); })) {
        ccg = m;
        if (fields.map.second_ccg >= 0) [[unlikely]]
          check_second_ccg(r, m, line);
      } else {
        note_unknown_ccg(ccg_text, line, cc, ccg);
      }
    }
    if (!ccg && fields.map.second_ccg >= 0 && ccg_column && ccg_text.empty()) [[unlikely]] {
      // "CCG Code" empty, "CCG Name" beside it filled: the name says.
      const Column* also = &fields.map.columns[static_cast<std::size_t>(fields.map.second_ccg)];
      if (const std::string_view t = text_at(also); !t.empty()) {
        ccg = ccg_cells.get(t, [&](std::string_view n) { return match_ccg(n, *ctx.reference); });
        if (!ccg) note_unknown_ccg(t, line, also, nullptr);
      }
    }
    if (!ccg) {
      ++rows_without_ccg;
      reject(r);
      // A blank CCG cell in a file whose name gives none: told, as an unknown one is.
      if (const Column* cc = ccg_column; cc && ccg_text.empty()) [[unlikely]]
        find(Severity::error, "ccg-unknown", line, static_cast<long>(cc->index + 1),
             "the CCG cell (column '{}') is empty, and the file's name gives no CCG; row not counted", cc->header);
      return;
    }
    c.ccg = ccg;
    c.ccg_place = place_of(ccg);
    c.ccg_code.append(ccg->code);
    if (texts) c.ccg_name.append(ccg->name);
    c.provider_raw.append(text_at(cols(Field::provider)));
    if (const Column* pc = cols(Field::provider)) c.provider_column = static_cast<long>(pc->index + 1);
    c.provider_type_raw.append(text_at(cols(Field::provider_type)));
    if (const Column* tc = cols(Field::provider_type)) c.type_column = static_cast<long>(tc->index + 1);
    c.provider_code_raw.append(text_at(cols(Field::provider_code)));
    if (texts) {
      c.service.append(text_at(cols(Field::service)));
      c.procurement.append(text_at(cols(Field::procurement)));
    }

    read_value(c, r, line, texts);
    read_dates(c, r, line, texts);
    const Column* qc = cols(Field::quality);
    const std::string_view quality_text = text_at(qc);
    if (texts) c.quality_text.append(quality_text);
    c.quality = qualities.get(quality_text, [&](std::string_view t) { return parse_quality(t, *ctx.quality); });

    for (const Column* x : cols.extras)
      if (!cell(r, x).empty()) c.extra.emplace_back(x->header, cell(r, x));
    bool ragged = false;
    for (std::size_t i = cols.count; i < r.cells.size(); ++i) {
      if (r.cells.trimmed(i).empty()) continue;
      c.extra.emplace_back(fmt::format("column {}", i + 1), r.cells.trimmed(i));
      if (!std::exchange(ragged, true))  // one finding a row, at its first filled extra cell
        find(Severity::warning, "ragged-row", line, static_cast<long>(i + 1),
             "the row has {} cells, more than the {} of its header; the extra text is kept",
                         r.cells.size(), cols.count);
    }
    ++fr.contracts;
    out = &next(c);
  }

  // One row of the table, in file order.
  void on_row(const RowItem& it) {
    const Record& r = it.record;
    if (const bool too_long = r.too_long; !r.problem.empty())
      find_text(Severity::error, too_long ? "line-too-long" : "unclosed-quote", r.line, r.problem_column, r.problem);
    switch (it.kind) {
      case RowKind::contract:
        if (list_sheet) [[unlikely]] {
          moved_to_note += r.last_line - r.line + 1;
          break;
        }
        on_contract(r, it.first_line);
        break;
      case RowKind::total: on_total(r, it.column); break;
      case RowKind::header:
        set_fields(*it.columns);
        list_sheet = is_list_sheet(*it.columns);
        if (half) {
          half->headers.emplace_back(r.line, *it.columns);
          half->boundaries.push_back({r.line, false});
          half->header_seen = true;
        }
        earlier_tables.add(before_run);
        earlier_tables.add(since_total);
        before_run = {};
        totals_since_header = 0;
        new_table_part();
        note_value_units(r.line);
        if (!it.columns->set_aside.empty()) [[unlikely]] note_set_aside(*it.columns, r.line);
        break;
      case RowKind::rejected:
        if (it.table_fatal || !r.problem.empty()) break;
        if (it.nil_return && manifest_says_nil_return()) [[unlikely]]
          find(Severity::info, "row-rejected", r.line, it.column,
               "the row says the CCG holds no contracts: a nil return, as the manifest records; not a contract");
        else
          find_text(Severity::warning, "row-rejected", r.line, it.column, it.reason);
        break;
      case RowKind::preamble: note_ccg_above(r); break;
      default: break;
    }
  }

  // The reading context's table options, with a workbook sheet's ranges
  // merged down when it has any (sheets with them are not read in halves).
  TableOptions sheet_table;
  const TableOptions& table_options() {
    if (!input.workbook || input.workbook->sheets[input.sheet].merged_down.empty()) return ctx.table;
    merged_down = &input.workbook->sheets[input.sheet].merged_down;
    sheet_table = ctx.table;
    sheet_table.merged_down = merged_down;
    return sheet_table;
  }

  bool annual_column = false;  // the value column's header says its amounts are a year's
  std::size_t size = 0;  // the input's bytes, once known
  // Set when the input is a UTF-8 copy of a UTF-16 file: what the copy changed.
  std::optional<Utf16Copy> utf16;
  long nul_bytes_before_split = 0;  // read in halves: the NULs the first half dropped

  // Reads the table's rows on to the end, sorted into rows on another thread.
  void read_rows_ahead(const RecordReader& reader, TableReader& table) {
    std::optional<RowsAhead> rows;
    try {
      rows.emplace(table, seen, TableSizer(reader, size));
    } catch (const std::system_error&) {
      read_rows(reader, table, size, [] { return true; });  // no second thread to be had
      return;
    }
    while (const RowItem* item = rows->next())
      on_row(*item);
  }

  // Notes where the reader is, to read the rows from there again.
  void mark(const RecordReader& reader) {
    const ReadPosition at = reader.position();
    if (at.offset != ReadPosition::npos) half->marks.emplace_back(at.lines + 1, at.offset);
  }

  // Reads the table's rows on this thread, a batch at a time, for as long
  // as go_on() says yes before each row. False when go_on() stopped it.
  template <typename GoOn>
  bool read_rows(const RecordReader& reader, TableReader& table, std::uint64_t end, GoOn&& go_on) {
    RowBatch b;
    b.items.resize(64);
    bool stopped = false;
    TableSizer sizer(reader, end);
    do {
      if (half) mark(reader);
      fill_rows(table, seen, b, [&] { return !(stopped = !go_on()); });
      sizer.after(b.size, seen);
      for (std::size_t i = 0; i < b.size; ++i) on_row(b.items[i]);
      if (b.error) std::rethrow_exception(b.error);
    } while (!b.last);
    return !stopped;
  }

  // How the table reader left the file.
  struct TableEnd {
    bool has_header = false;
    std::string fatal;
    long fatal_line = 0;
    std::string no_header_advice;
    long nil_return_line = 0;
  };

  // What the thread reading the second half hands back.
  struct SecondResult {
    ReadStats read;
    RowCounts rows;
    std::vector<long> header_lines;
    ColumnMap columns;
    TableEnd table;
    std::vector<std::pair<long, ColumnMap>> tables;
  };

  // Reads the file as two halves at once when it is large: this thread reads
  // up to the split point, another reads from there to the end into
  // `second`. The split point is a guess that the line end there is also a
  // record's end; the halves are joined only when this thread's reading
  // proves it (it reaches a record start exactly there, under a header of
  // the same columns; contract rows of the second half that repeat rows of
  // the first are taken back). Otherwise the second half is forgotten and
  // this thread reads on from the split point, so the result is always that
  // of reading in order.
  // Returns what the second half found, when it was kept.
  std::optional<SecondResult> read_halves(RecordReader& reader, TableReader& table, SecondHalf& second,
                                          std::uint64_t split_at) {
    std::atomic<bool> stop{false};
    std::thread worker;
    std::unique_ptr<ReturnReader> other;
    std::optional<SecondResult> result;
    ColumnMap started_under;  // the header the second half began under
    long lines_before = 0;  // lines the first half read up to the split
    bool started = false, told = false;
    bool at_split = false, failed = false;
    auto finish_worker = [&](bool keep) {
      if (worker.joinable()) {
        if (!keep) stop = true;
        worker.join();
      }
      if (started && !told) {
        told = true;
        second.done(keep, keep ? lines_before : 0);
      }
    };
    // Reached with the worker unfinished only when another failure is on
    // its way out (the usual path finishes it below): a second failure, of
    // the half's sink as it is dropped, must not end the process; the
    // first is the one told.
    struct Join {
      std::function<void()> f;
      ~Join() {
        try {
          f();
        } catch (...) {
        }
      }
    } join_on_exit{[&] { finish_worker(false); }};

    const char delimiter = reader.stats().delimiter;
    auto start = [&](const ColumnMap& header) {
      started = true;
      started_under = header;
      other = std::make_unique<ReturnReader>(input, ctx, second.out);
      other->fr.file = fr.file;
      other->fr.path = fr.path;
      // A few findings of each check more than are kept, to stand in for
      // any that rows taken back at the join leave out.
      other->fr.findings.per_id_limit = fr.findings.per_id_limit + kFindingsInReserve;
      other->file_ccg = file_ccg;
      other->half = std::make_unique<HalfState>();
      other->half->first_header = header;
      other->set_fields(header);
      try {
        worker = std::thread([&, header, titles = table.preamble_titles()] {
          try {
            ReaderOptions options;
            options.delimiter = delimiter;
            options.start = split_at;
            auto records = records_with(input, options);
            TableReader rest(*records, ctx.table, header, titles);
            if (!other->read_rows(*records, rest, size, [&] { return !stop.load(std::memory_order_relaxed); }))
              return;
            result = SecondResult{records->stats(), rest.counts(), rest.header_lines(), rest.columns(),
                                  {rest.has_header(), rest.fatal(), rest.fatal_line(), rest.no_header_advice(),
                                   rest.nil_return_line()},
                                  rest.tables()};
          } catch (...) {
            // The guess was wrong (the half began inside a record) or its sink failed: leaving no
            // result makes this thread read the second half itself.
          }
        });
      } catch (const std::system_error&) {
        failed = true;  // no second thread to be had: this one reads on, as after a wrong guess
      }
    };
    // Asked before each row: stops at the split point, and starts the
    // second half once the header is known.
    auto go_on = [&] {
      if (started && !failed) {
        ReadPosition pos = reader.position();
        // A header reads the record after it ahead, to see whether it is
        // the header's second row: one read up to the split is still this
        // half's, to be taken before the split is reached.
        if (pos.offset == split_at && table.idle()) {
          at_split = true;
          lines_before = pos.lines;
          nul_bytes_before_split = pos.nul_bytes;
          return false;
        }
        if (pos.offset > split_at) {
          failed = true;
          stop = true;  // the second half started inside a record (or the bytes cannot be followed): stop it early
        }
      } else if (!started && !failed && table.has_header() && table.fatal().empty() && table.idle()) {
        if (reader.position().offset < split_at) start(table.columns());
        else failed = true;  // past the split already, or the bytes cannot be followed
      }
      return true;
    };
    read_rows(reader, table, split_at, go_on);
    if (!started) return std::nullopt;
    // Header rows repeated in the first half (a national file collated from
    // returns, each with its own) leave the table as the second half
    // began under it when they name the same columns the same way.
    bool keep = at_split && table.fatal().empty() && table.columns() == started_under;
    if (keep) {
      worker.join();
      keep = result.has_value() && !other->half->needs_first_half;
      if (keep)
        if (std::vector<Repeat> repeats = repeats_of_first_half(*other); !repeats.empty())
          keep = second.take_back && take_back_repeats(*other, repeats, lines_before, delimiter, second.take_back);
    }
    finish_worker(keep);
    if (!keep) {
      // Read on from the split point (the rows are read ahead on the other
      // core, now free), or on from where reading stopped. What the second
      // half kept goes first, and the duplicate table is made large enough
      // for the rest at once, at the first half's rate.
      if (at_split) {
        other.reset();
        seen.reserve(seen.size() + seen.size() * (size - split_at) / split_at + seen.size() / 20);
        read_rows_ahead(reader, table);
      }
      return std::nullopt;
    }
    join(*other, *result, lines_before);
    return result;
  }

  // The rows from line `first` on that occur more than once, for a bounded
  // duplicate table: `keys` are the rows from `first` to `last`, about to
  // be added; the rest are read once more, by a reader of their own. That
  // reader starts where the table's stopped when the place is exact, else
  // at the start (skipping the lines before `first`). Nothing when the
  // file cannot be read again or the temporary file fails: the table then
  // holds every row, as without a bound.
  std::optional<RowsToCome> rows_to_come(const RecordReader& reader, const TableReader& table,
                                         std::span<const std::uint64_t> keys, long first, long last) const {
    RowsToCome to_come;
    to_come.through_line = last;
    try {
      // Runs as long as the bound: finding the repeats holds half the memory the table did.
      RepeatedHashes hashes(ctx.duplicate_rows_in_memory);
      std::unique_ptr<RecordReader> rest;
      const ReadPosition at = reader.position();
      if (at.offset != ReadPosition::npos && table.idle()) {
        for (std::uint64_t k : keys) hashes.add(k);
        ReaderOptions options;
        options.delimiter = reader.stats().delimiter;
        options.start = at.offset;
        options.first_line = at.lines + 1;
        rest = records_with(input, options);
        first = options.first_line;
      } else {
        rest = open_records(input);
      }
      Record r;
      try {
        while (rest->next(r))
          if (r.line >= first) {
            hashes.add(RowHashes::key(r.fingerprint));
            to_come.through_line = std::max(to_come.through_line, r.last_line);
          }
      } catch (const Error&) {
        // The table's own reader stops at the same place; rows past it are never added.
      }
      to_come.repeated = hashes.repeated();
    } catch (const std::system_error&) {
      return std::nullopt;
    } catch (const Error&) {
      return std::nullopt;
    }
    return to_come;
  }

  // A contract row of the second half that repeats one of the first: the
  // halves' duplicate tables are separate, and such a row is a duplicate.
  struct Repeat {
    std::uint64_t key = 0;  // RowHashes::key of its fingerprint
    long line = 0;          // the row's line in the second half (numbered from the split)
    long first = 0;         // the line of the first half's row equal to it
  };

  // Every contract row of the second half, first of its kind there, that
  // repeats a row of the first half, in line order.
  std::vector<Repeat> repeats_of_first_half(const ReturnReader& other) const {
    // Half a million lookups at random, asked for sixteen at a time, on
    // both cores (the other is free: its half is read).
    auto repeats = [&](std::size_t part) {
      std::vector<Repeat> found;
      std::array<std::uint64_t, 16> batch;
      std::size_t n = 0;
      auto check = [&] {
        for (std::size_t i = 0; i < n; ++i) seen.prefetch(batch[i]);
        for (std::size_t i = 0; i < n; ++i)
          if (const long first = seen.line_of(batch[i])) [[unlikely]]
            found.push_back({batch[i], other.seen.line_of(batch[i]), first});
        n = 0;
      };
      other.seen.for_each(
          [&](std::uint64_t h) {
            batch[n++] = h;
            if (n == batch.size()) check();
          },
          part, 2);
      check();
      return found;
    };
    std::vector<Repeat> first_part, second_part;
    on_both_cores([&] { second_part = repeats(1); }, [&] { first_part = repeats(0); });
    first_part.insert(first_part.end(), second_part.begin(), second_part.end());
    std::sort(first_part.begin(), first_part.end(), [](const Repeat& a, const Repeat& b) { return a.line < b.line; });
    return first_part;
  }

  // What reading one row did to a reader's counts and findings.
  struct RowEffect {
    Repeat repeat;
    long lines = 0;  // physical lines of the row
    long contracts = 0, without_ccg = 0, moved_to_rejected = 0;
    SinceTotal since_total;
    Diagnostics findings;
  };

  // Takes the repeats out of the second half `o` as if it had known them
  // for duplicates when it read them: their contracts are handed to
  // give_back and their counts, findings and total-row sums undone, and
  // each becomes a duplicate of its first-half row. Each row is read again
  // (from the mark before it) and made into a contract again, as it was.
  // False, with `o` unchanged, when that cannot be done exactly (a total
  // row checked in the second half after a repeat, findings that the
  // reserve cannot stand in for, a row that cannot be read again) or when
  // there are so many that reading the half again costs no more: the half
  // is then read again from the split point.
  bool take_back_repeats(ReturnReader& o, const std::vector<Repeat>& repeats, long lines_before, char delimiter,
                         const std::function<void(std::span<const Contract>)>& give_back) {
    HalfState& h = *o.half;
    if (repeats.size() > static_cast<std::size_t>(o.fr.contracts) / 16 + 64) return false;
    // The boundary (header or total row) that ends the run of contracts a
    // row of line `line` is in, or nullptr in the last run.
    auto boundary_after = [&](long line) -> const HalfState::Boundary* {
      auto it = std::upper_bound(h.boundaries.begin(), h.boundaries.end(), line,
                                 [](long l, const HalfState::Boundary& b) { return l < b.line; });
      return it == h.boundaries.end() ? nullptr : &*it;
    };
    for (const Repeat& rp : repeats)
      if (const HalfState::Boundary* b = boundary_after(rp.line); b && b->checked_total) return false;

    // Each repeat read again and made into a contract by a reader of its
    // own, set up as `o` was at that row.
    std::vector<Contract> taken;
    const ContractOut keep_contract = [&](Contract& c) -> Contract& {
      taken.push_back(c);
      return c;
    };
    ReturnReader again(input, ctx, keep_contract);
    again.fr.file = fr.file;
    again.fr.path = fr.path;
    again.file_ccg = o.file_ccg;
    const ColumnMap* columns = nullptr;
    std::vector<RowEffect> effects;
    effects.reserve(repeats.size());
    RowAgain row_again(input, delimiter);
    Record r;
    for (const Repeat& rp : repeats) {
      // The header in force at the row.
      auto hd = std::upper_bound(h.headers.begin(), h.headers.end(), rp.line,
                                 [](long l, const auto& e) { return l < e.first; });
      const ColumnMap& now = hd == h.headers.begin() ? h.first_header : std::prev(hd)->second;
      if (columns != &now) again.set_fields(*(columns = &now));
      auto mk = std::upper_bound(h.marks.begin(), h.marks.end(), rp.line,
                                 [](long l, const auto& m) { return l < m.first; });
      if (mk == h.marks.begin()) return false;
      --mk;
      try {
        if (!row_again.read(rp.line, rp.key, mk->first, mk->second, r)) return false;
      } catch (const Error&) {
        return false;  // the file changed since
      }
      again.fr.findings = FindingLog{};
      again.fr.findings.per_id_limit = SIZE_MAX;
      again.fr.contracts = again.rows_without_ccg = again.moved_to_rejected = 0;
      again.since_total = {};
      again.on_contract(r, r.line);
      effects.push_back({rp, r.last_line - r.line + 1, again.fr.contracts, again.rows_without_ccg,
                         again.moved_to_rejected, again.since_total, std::move(again.fr.findings.kept)});
    }

    // The second half's findings as they would have been: worked on in a
    // copy, so that `o` is left as it was if one cannot be undone.
    FindingLog log = o.fr.findings;
    std::map<long, long> dup_first;  // a kept duplicate-row finding's line -> the line it names
    for (auto [i, first] : h.duplicate_findings) dup_first[log.kept[i].where.line] = first;
    std::map<long, long> first_of_repeat;  // a repeat's line -> its first-half row's, as join() writes it
    for (const RowEffect& e : effects) {
      for (const Diagnostic& d : e.findings)
        if (!take_finding_out(log, d)) return false;
      add_finding_at(log,
                     {Severity::warning, "duplicate-row", {fr.file, e.repeat.line, 0, input.workbook != nullptr},
                      fmt::format(kDuplicateRow, e.repeat.first)},
                     o.fr.findings.per_id_limit);
      first_of_repeat[e.repeat.line] = e.repeat.first - lines_before;
    }

    // Nothing can fail from here on.
    for (const RowEffect& e : effects) {
      o.fr.contracts -= e.contracts;
      o.rows_without_ccg -= e.without_ccg;
      o.moved_to_rejected += e.lines - e.moved_to_rejected;
      ++o.fr.duplicates;
      const HalfState::Boundary* b = boundary_after(e.repeat.line);
      // The run of contracts the row was in: the last one, the one above a
      // total row that waits for the join, or one a header ended (its sums
      // were reset there).
      SinceTotal* run = !b                                                ? &o.since_total
                        : h.first_total && b->line == h.first_total->line ? &h.first_total->above
                                                                          : nullptr;
      if (run) run->take_back(e.since_total);
    }
    // Later copies of a repeat name its first-half row.
    h.duplicate_findings.clear();
    for (std::size_t i = 0; i < log.kept.size(); ++i) {
      if (log.kept[i].id != "duplicate-row") continue;
      if (auto it = dup_first.find(log.kept[i].where.line); it != dup_first.end()) {
        auto repeat = first_of_repeat.find(it->second);
        h.duplicate_findings.emplace_back(i, repeat == first_of_repeat.end() ? it->second : repeat->second);
      }
    }
    o.fr.findings = std::move(log);
    give_back(taken);
    return true;
  }

  // Findings of each check the second half keeps past the limit.
  static constexpr std::size_t kFindingsInReserve = 64;

  // Takes a finding a row made out of the second half's log. False when it
  // was kept and none kept past the limit can stand in for it.
  bool take_finding_out(FindingLog& log, const Diagnostic& d) const {
    auto total = log.count_by_id.find(d.id);
    if (total == log.count_by_id.end() || total->second == 0) return false;
    auto same = [&](const Diagnostic& k) {
      return k.id == d.id && k.where.line == d.where.line && k.where.column == d.where.column && k.message == d.message;
    };
    const long kept =
        std::count_if(log.kept.begin(), log.kept.end(), [&](const Diagnostic& k) { return k.id == d.id; });
    if (auto it = std::find_if(log.kept.begin(), log.kept.end(), same); it != log.kept.end()) {
      log.kept.erase(it);
      --total->second;
      // Those kept must still be the first of the check, as many as the limit.
      return kept - 1 >= std::min(total->second, static_cast<long>(fr.findings.per_id_limit));
    }
    if (kept >= total->second) return false;  // it should have been kept
    --total->second;
    return true;
  }

  // Adds a finding of a row of the second half in its place among the kept
  // ones, or counts it only when it falls past them.
  static void add_finding_at(FindingLog& log, Diagnostic d, std::size_t per_id_limit) {
    long& total = log.count_by_id[d.id];
    const long line = d.where.line;
    const std::string id = d.id;  // d is moved into the log below
    const auto of_id = [&](const Diagnostic& k) { return k.id == id; };
    const long kept = std::count_if(log.kept.begin(), log.kept.end(), of_id);
    const bool kept_after = std::any_of(log.kept.begin(), log.kept.end(),
                                        [&](const Diagnostic& k) { return k.where.line > line && of_id(k); });
    const bool all_kept = kept == total;
    ++total;
    if (!all_kept && !kept_after) return;
    auto at = std::find_if(log.kept.begin(), log.kept.end(), [&](const Diagnostic& k) { return k.where.line > line; });
    log.kept.insert(at, std::move(d));
    // No more of a check are kept than the second half keeps.
    if (static_cast<std::size_t>(kept) + 1 > per_id_limit) {
      auto last = std::find_if(log.kept.rbegin(), log.kept.rend(), of_id);
      log.kept.erase(std::next(last).base());
    }
  }

  // Takes in what the second half's reader saw, first numbering its lines
  // on from the `lines_before` lines of the first half.
  void join(ReturnReader& o, SecondResult& rest, long lines_before) {
    auto renumber = [&](long& line) {
      if (line > 0) line += lines_before;  // 0: of no line
    };
    FindingLog& log = o.fr.findings;
    for (Diagnostic& d : log.kept) renumber(d.where.line);
    for (auto [i, first] : o.half->duplicate_findings)
      log.kept[i].message = fmt::format(kDuplicateRow, first + lines_before);
    if (o.half->first_total) renumber(o.half->first_total->line);
    rest.read.lines += lines_before;
    renumber(rest.read.first_cp1252_line);
    renumber(rest.read.first_nul_line);
    for (long& line : rest.header_lines) renumber(line);
    for (auto& [line, columns] : rest.tables) renumber(line);
    renumber(rest.table.fatal_line);
    if (const auto& t = o.half->first_total) {
      SinceTotal above = since_total;
      above.add(t->above);
      std::optional<SinceTotal> table = table_so_far();
      if (table) table->add(t->above);
      SinceTotal file = file_so_far();
      file.add(t->above);
      for (auto& [column, why] : total_mismatches(t->total, above, table ? &*table : nullptr, &file)) {
        Diagnostic d{Severity::warning, "total-mismatch", {fr.file, t->line, column, false}, std::move(why)};
        auto at = std::find_if(log.kept.begin(), log.kept.end(),
                               [&](const Diagnostic& k) { return k.where.line > d.where.line; });
        log.kept.insert(at, std::move(d));
        ++log.count_by_id["total-mismatch"];
      }
    }
    // Each half kept the first findings of each check; in file order, the
    // second half's come after the first's, up to the limit.
    std::map<std::string, long, std::less<>> room;
    for (const auto& [id, n] : log.count_by_id) {
      if (n == 0) continue;  // every finding of the check taken back: the check has none, as reading in order
      long before = fr.findings.total(id);
      room[id] = std::max(0L, static_cast<long>(fr.findings.per_id_limit) - before);
      fr.findings.count_by_id[id] += n;
    }
    for (auto& d : log.kept)
      if (room[d.id]-- > 0) fr.findings.kept.push_back(std::move(d));
    fr.contracts += o.fr.contracts;
    fr.duplicates += o.fr.duplicates;
    fr.payments |= o.fr.payments;
    moved_to_rejected += o.moved_to_rejected;
    rows_without_ccg += o.rows_without_ccg;
    // The table so far: the second half's own since a header of its own;
    // else the first half's, with the run up to the second half's one total
    // row (a second one sends the half back to be read in order).
    if (o.half->header_seen) {
      earlier_tables = file_so_far();
      earlier_tables.add(o.earlier_tables);
      before_run = o.before_run;
      totals_since_header = o.totals_since_header;
    } else if (const auto& t = o.half->first_total) {
      before_run.add(since_total);
      before_run.add(t->above);
      totals_since_header += o.totals_since_header;
    }
    if (o.half->boundary_seen) {
      since_total = o.since_total;
    } else {
      since_total.add(o.since_total);
    }
  }

  // The reader's counts for the whole file, from the first half's reader
  // (stopped at the split point) and the second's (its lines numbered on
  // from the first's at the join).
  static ReadStats join_stats(ReadStats first, const ReadStats& second, std::uint64_t split_at) {
    first.lines = second.lines;
    first.records += second.records;
    first.lf += second.lf;
    first.crlf += second.crlf;
    first.cr += second.cr;
    first.breaks_in_cells += second.breaks_in_cells;
    if (first.nul_bytes == 0 && second.nul_bytes > 0) {
      first.first_nul_line = second.first_nul_line;
      first.first_nul_column = second.first_nul_column;
    }
    first.nul_bytes += second.nul_bytes;
    first.odd_bytes += second.odd_bytes;
    first.unpaired_utf16 += second.unpaired_utf16;
    if (first.cp1252_lines == 0 && second.cp1252_lines > 0) {
      first.first_cp1252_line = second.first_cp1252_line;
      first.first_cp1252_column = second.first_cp1252_column;
    }
    first.cp1252_lines += second.cp1252_lines;
    first.bytes = static_cast<long>(split_at) + second.bytes;
    return first;
  }

  void run(SecondHalf* second) {
    start_result();
    // Outside the try, so that a file that fails partway (a read error
    // after some of its rows) still has those rows counted.
    std::unique_ptr<RecordReader> opened;
    std::optional<TableReader> reading;
    try {
      size = input_size(input);
      const std::uint64_t split_at = second ? halves_split(input, ctx) : 0;
      TableReader& table = open_table(opened, reading, split_at);
      std::optional<SecondResult> rest = read_table(*opened, table, second, split_at);
      TableEnd end = take_counts(*opened, table);
      if (rest) add_second_half(*rest, split_at, end);
      if (utf16) count_utf16_file();
      apply_moved_rows();
      note_sheet_as_read();
      note_no_contract_table(end);
      note_no_contract_rows(end);
      note_bytes();
      note_no_ccg();
    } catch (const Error& e) {
      note_unreadable(e, opened, reading);
    }
  }

  void start_result() {
    fr.file = input.display;
    fr.path = input.path;
    fr.not_opened = input.not_opened;
    fr.findings.per_id_limit = ctx.findings_per_check;
    place_file();
    if (file_ccg) {
      fr.ccg_code = file_ccg->code;
      fr.ccg_name = file_ccg->name;
    }
  }

  // The reader and the table reader are the caller's, to count the rows
  // read before a failure.
  TableReader& open_table(std::unique_ptr<RecordReader>& opened, std::optional<TableReader>& reading,
                          std::uint64_t split_at) {
    opened = open_records(input);
    note_sheet();
    TableReader& table = reading.emplace(*opened, table_options());
    // Only an input that can be read again is bounded: a file of known size
    // or bytes in memory, not a pipe.
    if (ctx.duplicate_rows_in_memory > 0 && split_at == 0 && size > 0)
      seen.bound(ctx.duplicate_rows_in_memory,
                 [this, &records = *opened, &rows = table](std::span<const std::uint64_t> keys, long first, long last) {
                   return rows_to_come(records, rows, keys, first, last);
                 });
    return table;
  }

  // What the second half found, when the file was read as two halves and
  // they were joined.
  std::optional<SecondResult> read_table(RecordReader& reader, TableReader& table, SecondHalf* second,
                                         std::uint64_t split_at) {
    if (split_at > 0) return read_halves(reader, table, *second, split_at);
    if (size >= ctx.read_ahead_bytes) {
      read_rows_ahead(reader, table);
    } else {
      read_rows(reader, table, size, [] { return true; });
    }
    return std::nullopt;
  }

  TableEnd take_counts(const RecordReader& reader, const TableReader& table) {
    fr.read = reader.stats();
    fr.duplicates_bounded = seen.bounded();
    fr.rows = table.counts();
    fr.header_lines = table.header_lines();
    fr.columns = table.columns();
    fr.tables = table.tables();
    return {table.has_header(), table.fatal(), table.fatal_line(), table.no_header_advice(), table.nil_return_line()};
  }

  // The first half's counts stop at the split point; the second's go on to
  // the end, and its table is the one the file ends in.
  void add_second_half(SecondResult& rest, std::uint64_t split_at, TableEnd& end) {
    fr.read.nul_bytes = nul_bytes_before_split;  // the first half's reader stopped, unfinished, at the split
    fr.read = join_stats(fr.read, rest.read, split_at);
    for (std::size_t k = 0; k < kRowKindCount; ++k) fr.rows.by_kind[k] += rest.rows.by_kind[k];
    fr.header_lines.insert(fr.header_lines.end(), rest.header_lines.begin(), rest.header_lines.end());
    fr.columns = std::move(rest.columns);
    for (auto& t : rest.tables)
      if (fr.tables.size() < 16 && (fr.tables.empty() || !same_fields(fr.tables.back().second, t.second)))
        fr.tables.push_back(std::move(t));
    if (!rest.table.fatal.empty()) end = rest.table;
  }

  // Read from its copy as UTF-8: what the file itself holds.
  void count_utf16_file() {
    fr.read.encoding = utf16->encoding;
    fr.read.bytes = utf16->bytes;
    fr.read.odd_bytes += utf16->odd_bytes;
    fr.read.unpaired_utf16 += utf16->unpaired;
  }

  // What only the rows read tell of the sheet: its rows were notes (a list
  // beside the contract sheets), or it was read without what FreeXL cannot read.
  void note_sheet_as_read() {
    if (moved_to_note > 0 && input.workbook->sheets[input.sheet].hidden)
      find_text(Severity::info, "sheet-skipped", 0, 0,
                "a hidden sheet listing providers and their types, and nothing of a contract (the lists a "
                "workbook's drop-downs choose from), beside the contract sheets: its rows are notes, not contracts");
    else if (moved_to_note > 0)
      find_text(Severity::info, "sheet-skipped", 0, 0,
                "a sheet of providers with only their types, services or other text, and no value, date, length or "
                "quality column, beside a sheet whose contract table has values: it is read as a look-up or "
                "description list, its rows as notes, not contracts; if it does list contracts, save this sheet "
                "alone as CSV and read that");
    if (input.workbook && input.workbook->format == WorkbookFormat::xls && fr.contracts > 0)
      find(Severity::info, "xls-limits", 0, 0,
           "an .xls workbook is read without formula results, hidden rows and columns or merged cells (FreeXL "
           "reads none of them); if a computed value is missing, save the workbook as .xlsx");
  }

  // A file without a contract table is unreadable, unless it is known
  // to hold none (a nil return, a note beside the returns, a workbook's
  // cover sheet).
  void note_no_contract_table(const TableEnd& end) {
    // A damaged sheet was left empty by the workbook reader: its emptiness
    // says nothing of the return, and what it lacks is said once, here.
    if (const WorkbookSheet* s = input.workbook ? &input.workbook->sheets[input.sheet] : nullptr;
        s && !s->damaged.empty()) {
      fr.unreadable = true;
      find_text(Severity::error, "unreadable", 0, 0, s->damaged);
      return;
    }
    bool no_table = fr.read.records == 0 || !end.has_header;
    // A README or letter kept beside the returns in a folder: not a return,
    // unless its name places it in a CCG or it says the CCG holds nothing.
    const bool note_beside = no_table && input.in_folder && !file_ccg && end.nil_return_line == 0 &&
                             text::lower(std::filesystem::path(input.path).extension().string()) == ".txt";
    // A letter for a CCG the manifest says sent no contracts (a refusal,
    // a nil return): no table is what was to be expected.
    const ManifestEntry* listed = ctx.manifest ? ctx.manifest->entry_for_file(input.path) : nullptr;
    const bool none_expected = no_table && listed && listed->known_status &&
                               (listed->status == ResponseStatus::nil_return || !is_response(listed->status));
    if (none_expected) {
      find_text(Severity::info, "no-contracts", 0, 0,
                fmt::format("no contract table, as the manifest says {} {}: nothing to read", listed->ccg_code,
                            to_string(listed->status)));
    } else if (note_beside) {
      find_text(Severity::info, "sheet-skipped", 0, 0,
                "a text file with no table, kept beside the returns (a note or a letter); it is not read as a "
                "return (name it with the CCG's ODS code, or name it on the command line, to have it read)");
    } else if (const std::string& shown = input.workbook ? input.workbook->sheets[input.sheet].same_part_as : "";
               no_table && !shown.empty()) {
      find_text(Severity::info, "sheet-skipped", 0, 0,
                fmt::format("the sheet shows the same worksheet part as sheet '{}', whose rows are read once, there "
                            "(two sheets of one part: a workbook edited by hand or by a program other than a "
                            "spreadsheet's)",
                            shown));
    } else if (no_table && input.workbook && other_sheet_has_table()) {
      // A cover, notes or empty sheet beside the contract sheets.
      find_text(Severity::info, "sheet-skipped", 0, 0,
                fr.read.records == 0
                    ? "the sheet is empty; the workbook's other sheets hold the contracts"
                    : "no contract table in this sheet; the workbook's other sheets hold the contracts");
    } else if (const std::string damaged = no_table && input.workbook ? other_sheet_damaged() : "";
               !damaged.empty()) {
      // A cover beside a contract sheet that is damaged: the error is that
      // sheet's, which is told there; this one is no second error.
      find_text(Severity::info, "sheet-skipped", 0, 0,
                fmt::format("{}; the workbook's sheet '{}' is damaged and not read, and may hold the contracts",
                            fr.read.records == 0 ? "the sheet is empty" : "no contract table in this sheet", damaged));
    } else if (fr.read.records == 0) {
      fr.unreadable = true;
      find_text(Severity::error, "empty-file", 0, 0,
                input.workbook ? "the sheet is empty, and no sheet of the workbook holds a contract table"
                               : "the file is empty");
    } else if (!end.has_header && end.fatal.empty()) {
      fr.unreadable = true;
      find_text(Severity::error, "no-header", 1, 0,
                "no header row: expected a row naming at least two columns such as Provider, Contract value, Start "
                "date (" + end.no_header_advice + ")" + (input.workbook ? "; no sheet of the workbook has one" : ""));
    } else if (!end.fatal.empty()) {
      fr.unreadable = true;
      bool no_header = !end.has_header;
      find_text(Severity::error, no_header ? "no-header" : "no-provider-column", end.fatal_line, 0, end.fatal);
    }
  }

  // A header with no contract under it is a nil return, a spending file's
  // empty month, or a mistake.
  void note_no_contract_rows(const TableEnd& end) {
    if (!fr.unreadable && end.has_header && fr.rows[RowKind::contract] == 0 && fr.duplicates == 0 &&
        fr.rows[RowKind::rejected] == 0 && moved_to_note == 0) {
      if (manifest_says_nil_return())
        find(Severity::info, "no-contracts", 0, 0, "no contract rows: a nil return, as the manifest says");
      else if (fr.payments)  // a spending file's month with no payments to list: one of a CCG's many files
        find(Severity::info, "no-contracts", 0, 0, "no payment rows: the spending file lists none");
      else
        find(Severity::error, "no-contracts", 0, 0,
             "the file has a header but no contract rows; if the CCG holds no contracts, record it as nil_return "
             "in the manifest");
    }
  }

  // What the reader made of the bytes: line ends mixed, an encoding guessed
  // or fallen back on, bytes dropped.
  void note_bytes() {
    if ((fr.read.lf > 0) + (fr.read.crlf > 0) + (fr.read.cr > 0) > 1) {
      // The kinds it has, each with its count: "mixes line ends" already says they are mixed.
      std::string kinds;
      for (const auto& [name, n] : {std::pair{"LF", fr.read.lf}, {"CRLF", fr.read.crlf}, {"CR", fr.read.cr}})
        if (n > 0) kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", name, n);
      find(Severity::warning, "mixed-line-ends", 0, 0,
           "the file mixes line ends ({}): it was probably edited or joined by hand; check its rows", kinds);
    }
    if (fr.read.encoding == Encoding::utf16le_no_bom || fr.read.encoding == Encoding::utf16be_no_bom)
      find(Severity::warning, "encoding-guessed", 0, 0,
           "no byte-order mark: read as {}; save the file as UTF-8 to be sure", to_string(fr.read.encoding));
    if (fr.read.cp1252_lines)
      find(Severity::warning, "encoding-fallback", fr.read.first_cp1252_line, fr.read.first_cp1252_column,
           "{} line(s) are not valid UTF-8 and were read as Windows-1252; save the file as UTF-8 to be sure",
           fr.read.cp1252_lines);
    if (fr.read.unpaired_utf16)
      find(Severity::warning, "encoding-fallback", 0, 0,
           "{} character(s) are half of a UTF-16 surrogate pair without the other, not text, and were read as "
           "U+FFFD (\xEF\xBF\xBD); a character of the return is lost there, so save the file again as UTF-8",
           fr.read.unpaired_utf16);
    if (fr.read.nul_bytes) {
      // Placed in 8-bit text only: a UTF-16 file's NULs are counted as it
      // is decoded, where no line is known (its copy, read in halves, would
      // place them: the two readings must tell alike).
      const bool wide = fr.read.encoding != Encoding::utf8 && fr.read.encoding != Encoding::utf8_bom;
      const long line = wide ? 0 : fr.read.first_nul_line;
      find(Severity::warning, "nul-bytes", line, line ? fr.read.first_nul_column : 0,
           "{} NUL byte(s) were dropped, {}: a cell that held one reads without it (\"1<NUL>00\" as 100), so check "
           "the cells about it",
           fr.read.nul_bytes, line ? "the first from this cell" : "from the file");
    }
    if (fr.read.odd_bytes)
      find(Severity::warning, "utf16-odd-byte", 0, 0,
           "the file ends in half a UTF-16 character (its bytes are an odd number): the last byte is left "
           "out; if the file was cut short, its last row may be incomplete, so save it again");
  }

  // A return of no known CCG counts for none: what would place it.
  void note_no_ccg() {
    if (rows_without_ccg && !file_ccg && !fr.columns.of(Field::ccg)) {
      fr.unreadable = true;
      if (named_above.ccg)
        find(Severity::error, "no-ccg", 0, 0,
             "cannot tell which CCG this return is from: line {} names {} {}; if the return is that CCG's, put "
             "its ODS code in the {} or list the file in a manifest (--manifest)",
             named_above.line, named_above.ccg->code, named_above.ccg->name,
             input.workbook ? fmt::format("sheet's or the workbook's name ('{}')", named_above.ccg->code)
                            : fmt::format("file name ({}_{})", named_above.ccg->code,
                                          std::filesystem::path(input.display).filename().string()));
      else if (later_in_name)
        find(Severity::error, "no-ccg", 0, 0,
             "cannot tell which CCG this return is from: its name names {}, and the study counts the 211 CCGs "
             "of April 2013; put the ODS code of the one the return is from in the {} (e.g. {}_{}), add a CCG "
             "column, or list the file in a manifest (--manifest)",
             later_ccg_text(*later_in_name, *ctx.reference), input.workbook ? "workbook's name" : "file name",
             ctx.reference->ccgs[later_in_name->from.front()].code,
             std::filesystem::path(input.display).filename().string());
      else if (input.path == "-")
        find(Severity::error, "no-ccg", 0, 0,
             "cannot tell which CCG standard input is from: add a CCG column, or save it as a file with the "
             "CCG's ODS code in its name (e.g. 08K_lambeth.csv)");
      else
        find(Severity::error, "no-ccg", 0, 0,
             "cannot tell which CCG this return is from: put the CCG's ODS code in the file name "
             "(e.g. 08K_lambeth.csv), add a CCG column, or list the file in a manifest (--manifest)");
    }
  }

  void note_unreadable(const Error& e, const std::unique_ptr<RecordReader>& opened,
                       const std::optional<TableReader>& reading) {
    fr.unreadable = true;
    // Removed or made unreadable between the listing and the reading.
    if (e.kind() == ErrorKind::not_opened) fr.not_opened = true;
    Location where = e.where().file.empty() ? Location{fr.file, 0, 0} : e.where();
    where.column_letters = input.workbook != nullptr;
    std::string message = e.message();
    if (opened && reading && fr.rows.total() == 0 && reading->counts().total() > 0) {
      // Failed partway: the contracts before are in the figures already,
      // so their lines are counted with them, and the rest said lost.
      fr.read = opened->stats();
      fr.rows = reading->counts();
      apply_moved_rows();
      message += fmt::format("; it stopped after {} line(s), which were read and are counted; the rest of the "
                             "file is not",
                             fr.rows.total());
    }
    fr.findings.add({Severity::error, "unreadable", where, message});
  }

  bool manifest_says_nil_return() const {
    const ManifestEntry* e = ctx.manifest ? ctx.manifest->entry_for_file(input.path) : nullptr;
    return e && e->known_status && e->status == ResponseStatus::nil_return;
  }

  // on_contract() moved rows between buckets in its own copy; apply them.
  void apply_moved_rows() {
    fr.rows[RowKind::contract] -= moved_to_rejected + moved_to_note;
    fr.rows[RowKind::rejected] += moved_to_rejected;
    fr.rows[RowKind::note] += moved_to_note;
  }

  bool other_sheet_has_table() const {
    const auto& sheets = input.workbook->sheets;
    for (std::size_t i = 0; i < sheets.size(); ++i)
      if (i != input.sheet && has_contract_table(sheets[i].csv, ctx.table)) return true;
    return false;
  }

  // The name of the workbook's first other sheet that is damaged and not
  // read (WorkbookSheet::damaged), or empty.
  std::string other_sheet_damaged() const {
    const auto& sheets = input.workbook->sheets;
    for (std::size_t i = 0; i < sheets.size(); ++i)
      if (i != input.sheet && !sheets[i].damaged.empty()) return sheets[i].name;
    return {};
  }

  // A sheet whose rows name providers but nothing of a contract, beside the
  // sheet that holds the contracts: read as contracts, it would count every
  // provider a second time. Hidden, a list of providers and types is what
  // a workbook's drop-downs choose from; shown, a look-up of types or a
  // description of services, told apart from a return that lists its
  // contracts by providers and services alone (which has no other table)
  // by the values in the other sheet's table.
  [[gnu::cold]] bool is_list_sheet(const ColumnMap& columns) const {
    if (!input.workbook) return false;
    bool service = false;
    for (const Column& c : columns.columns) {
      if (c.match.field == Field::service) service = true;
      else if (c.match.field != Field::provider && c.match.field != Field::provider_type &&
               c.match.field != Field::extra)
        return false;
    }
    if (input.workbook->sheets[input.sheet].hidden && !service && other_sheet_has_table()) return true;
    const auto& sheets = input.workbook->sheets;
    for (std::size_t i = 0; i < sheets.size(); ++i)
      if (i != input.sheet && has_contract_table(sheets[i].csv, ctx.table, true)) return true;
    return false;
  }

  // What the CSV text of a sheet does not show: hidden sheets, rows and
  // columns are read like the rest, and said so.
  // A workbook of a sheet a financial year ("2013-14", "2014-15"): each
  // often lists the contracts of its year, so a contract of three years is
  // three rows, counted three times. Told once, at its first such sheet.
  void note_sheets_by_year() {
    const auto& sheets = input.workbook->sheets;
    std::vector<std::string_view> years;
    std::size_t first = sheets.size();
    // A damaged sheet is not read: its rows count nowhere.
    for (std::size_t i = 0; i < sheets.size(); ++i)
      if (sheets[i].damaged.empty() && parse_financial_year(sheets[i].name)) {
        years.push_back(sheets[i].name);
        first = std::min(first, i);
      }
    if (years.size() < 2 || first != input.sheet) return;
    std::string names;
    for (std::string_view y : years) names += fmt::format("{}{}", names.empty() ? "" : ", ", y);
    find(Severity::warning, "sheets-by-year", 0, 0,
         "the workbook has a sheet a financial year ({}): if each lists the contracts of its year, a contract of "
         "several years is counted once a sheet; join them into one table with a value column a year "
         "(\"Value 2013/14\", ...), or keep the sheets if they hold different contracts",
         names);
  }

  void note_sheet() {
    if (!input.workbook) {
      if (input.path != "-" && has_workbook_extension(input.path))
        find(Severity::warning, "not-a-workbook", 0, 0,
             "the file is named {} but holds text, not a workbook; it was read as CSV",
                         text::lower(fs::path(input.path).extension().string()));
      return;
    }
    const WorkbookSheet& s = input.workbook->sheets[input.sheet];
    note_sheets_by_year();
    if (s.hidden && s.damaged.empty())
      find(Severity::info, "sheet-hidden", 0, 0, "the sheet is hidden in the workbook; it was read");
    if (!s.hidden_rows.empty())
      find(Severity::info, "hidden-rows", s.hidden_rows.front(), 0,
           "row{} {} {} hidden in the workbook; {} read", s.hidden_rows.size() > 1 ? "s" : "",
                       list_numbers(s.hidden_rows, false), s.hidden_rows.size() > 1 ? "are" : "is",
                       s.hidden_rows.size() > 1 ? "they were" : "it was");
    if (!s.hidden_columns.empty())
      find(Severity::info, "hidden-columns", 0, 0,
           "column{} {} {} hidden in the workbook; {} read", s.hidden_columns.size() > 1 ? "s" : "",
                       list_numbers(s.hidden_columns, true), s.hidden_columns.size() > 1 ? "are" : "is",
                       s.hidden_columns.size() > 1 ? "they were" : "it was");
  }
};

}  // namespace

bool reads_in_halves(const InputFile& input, const ReadContext& ctx) {
  // A sheet's merged ranges are placed by row, which a second half would
  // count from its own start.
  if (input.workbook && !input.workbook->sheets[input.sheet].merged_down.empty()) return false;
  return input.problem.empty() && input_size(input) >= ctx.split_bytes;
}

namespace {

// How the text from just after a line end reads as CSV, if that line end
// is inside a quoted cell (inside) or not: the quotes out of place (one
// opening a cell anywhere but at its start, one closing it before anything
// but a delimiter or a line end), for the delimiter with the fewest, and
// the offset just after the first record end.
struct Reading {
  std::size_t irregular = std::string_view::npos;
  std::size_t first_end = std::string_view::npos;
};
Reading read_as_records(std::string_view bytes, bool inside) {
  Reading best;
  for (char d : {',', ';', '\t', '|'}) {
    bool in = inside, at_cell_start = !inside;
    std::size_t irregular = 0, first_end = std::string_view::npos;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      const char c = bytes[i];
      if (in) {
        if (c != '"') continue;
        if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
          ++i;  // a doubled quote
          continue;
        }
        in = false;
        at_cell_start = false;
        if (i + 1 < bytes.size() && bytes[i + 1] != d && bytes[i + 1] != '\r' && bytes[i + 1] != '\n') ++irregular;
      } else if (c == '"') {
        // Every quote turns the reading, even one out of place: a wrong
        // guess stays wrong, and breaks the rules at every quoted cell.
        irregular += !at_cell_start;
        in = true;
      } else if (c == d || c == '\n') {
        at_cell_start = true;
        if (c == '\n' && first_end == std::string_view::npos) first_end = i + 1;
      } else if (c != ' ' && c != '\r') {
        at_cell_start = false;
      }
    }
    if (irregular < best.irregular) best = {irregular, first_end};
  }
  return best;
}

}  // namespace

std::uint64_t halves_split(const InputFile& input, const ReadContext& ctx) {
  if (!reads_in_halves(input, ctx)) return 0;
  const std::uint64_t size = input_size(input), middle = size / 2;
  // 64 KiB is enough to look in. The first line end past the middle (LF,
  // CRLF or a lone CR: a file of classic Mac line ends splits too), unless
  // the bytes after it break the quoting rules far less often when it is
  // taken to be inside a quoted cell (a file whose every row holds a line
  // break in a cell): then just after the first record end of that
  // reading. A wrong guess costs only time: the first half's reader proves it.
  const std::string bytes = bytes_at(input, middle, 1u << 16);
  const std::size_t after_line_end = past_line_end(bytes, 0);
  if (after_line_end == std::string_view::npos) return 0;
  const std::string_view after(std::string_view(bytes).substr(after_line_end));
  std::size_t at = after_line_end;
  if (after.find('"') != std::string_view::npos) {
    const Reading outside = read_as_records(after, false), inside = read_as_records(after, true);
    if (inside.first_end != std::string_view::npos && outside.irregular >= 2 * inside.irregular + 4)
      at = after_line_end + inside.first_end;
  }
  return middle + at < size ? middle + at : 0;
}

FileResult read_return_into(const InputFile& input, const ReadContext& given, const ContractOut& next,
                            SecondHalf* second) {
  // A caller who names no reference data reads against the built-in tables,
  // as the command line does without --reference.
  std::optional<ReadContext> with_reference;
  if (!given.reference) with_reference.emplace(given).reference = &builtin_reference();
  const ReadContext& ctx = with_reference ? *with_reference : given;
  if (second && reads_in_halves(input, ctx))
    if (auto copy = utf8_copy_of(input)) {
      ReturnReader rr{copy->input, ctx, next};
      rr.utf16 = copy->from;
      rr.run(second);
      return std::move(rr.fr);
    }
  ReturnReader rr{input, ctx, next};
  rr.run(second);
  return std::move(rr.fr);
}

FileResult read_return(const InputFile& input, const ReadContext& ctx, const std::function<void(Contract&)>& sink) {
  return read_return_into(input, ctx, [&](Contract& c) -> Contract& {
    sink(c);
    return c;
  });
}

}  // namespace foi
