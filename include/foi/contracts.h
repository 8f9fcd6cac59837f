// The contracts stage: rows -> contracts. One data row is one contract (methods.md (Contracts));
// this stage parses its cells, places it in a CCG, and accounts for every
// row of every return.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "foi/cells.h"
#include "foi/error.h"
#include "foi/inputs.h"
#include "foi/manifest.h"
#include "foi/reader.h"
#include "foi/reference.h"
#include "foi/table.h"

namespace foi {

struct StudyYears {
  int first = 2013;  // 2013/14
  int last = 2015;   // 2015/16
  Day start() const { return financial_year_start(first); }
  Day end() const { return financial_year_end(last); }
};

struct YearValue {
  int year = 0;  // first calendar year of the financial year
  Money value;
  std::string text;
};

struct Contract {
  // What the figures read of every contract comes first, in its first two
  // cache lines: a national file adds up a million contracts.
  const CcgRef* ccg = nullptr;  // the reference CCG it was placed in (its code and name), when read from a return
  std::int32_t ccg_place = -1;  // that CCG's place in the reference's list (ReferenceData::ccgs), -1 when none
  // Its input's place in Inputs::files (InputFile::index): which input it
  // came from where inputs are read on two threads, and two may share a name.
  std::uint32_t source_index = 0;
  std::optional<double> value;  // methods.md (Contracts): total cell, else sum of per-year cells in the study years
  ValueStatus value_status = ValueStatus::not_held;
  Quality quality = Quality::not_stated;
  DateValue start, end;
  // The last day of a contract with a start and a stated length but no end
  // date: start + length (status ok), else missing. Where the contract
  // stops being active, as an end date is.
  DateValue end_by_length;
  Length length;  // stated, else from the dates
  bool length_from_dates = false;
  std::vector<YearValue> years;
  std::string ccg_code;
  std::string ccg_name;
  std::string source_file;
  long source_line = 0;
  std::string provider_raw;
  std::string provider_type_raw;
  std::string provider_code_raw;
  long type_column = 0;      // 1-based column of the provider-type cell, 0 when there is none
  long provider_column = 0;  // 1-based column of the provider cell
  std::string service;
  std::string value_text;
  Money value_cell;  // the total-value cell as parsed
  std::string start_text, end_text, length_text;
  std::string quality_text;
  std::string procurement;
  std::vector<std::pair<std::string, std::string>> extra;  // unmapped header -> text

  // Active on any day of the study years, or undated (methods.md (Contracts)).
  bool in_study(const StudyYears& y) const { return active_in(y.start(), y.end()); }
  // Active on any day of [from, to], or undated: for a caller asking a
  // million times, with the days worked out once. A contract without dates
  // but with per-year cells is active in the years its cells fill.
  bool active_in(Day from, Day to) const {
    if (start.status != DateStatus::ok && end.status != DateStatus::ok) return years.empty() || filled_year_in(from, to);
    const auto [first, last] = active_days(from, to);
    return first <= to && last >= from;
  }
  // The first and last days of a dated contract (one with a start or an
  // end date): its start, or `from` without one, to its end date, its end
  // by its stated length, or `to` for an open end. An end date before the
  // start date (end-before-start) is read the other way round, here as
  // everywhere the dates are asked for.
  std::pair<Day, Day> active_days(Day from, Day to) const {
    const bool has_start = start.status == DateStatus::ok;
    const DateValue& end_day = end.status == DateStatus::ok ? end : end_by_length;  // set only when there is no end date
    const bool has_end = end_day.status == DateStatus::ok;
    Day first = has_start ? start.day : from, last = has_end ? end_day.day : to;
    if (has_start && has_end && last < first) [[unlikely]] std::swap(first, last);
    return {first, last};
  }

 private:
  // Whether a per-year cell filled (with a value, or saying why there is
  // none) is of a year that meets [from, to]; true too when no cell is
  // filled: the contract is then undated.
  [[gnu::noinline]] bool filled_year_in(Day from, Day to) const {
    bool filled = false;
    for (const YearValue& y : years) {
      if (y.value.status == ValueStatus::not_held) continue;
      filled = true;
      if (financial_year_start(y.year) <= to && financial_year_start(y.year + 1) > from) return true;
    }
    return !filled;
  }
};

// Caps the findings kept per check and file, counting the rest, so that a
// million-row file with one systematic problem stays readable.
struct FindingLog {
  Diagnostics kept;
  std::map<std::string, long, std::less<>> count_by_id;
  std::size_t per_id_limit = 20;
  void add(Diagnostic d);
  // Counts one finding; true when it is to be kept. Lets a caller skip
  // formatting the message of a finding that will only be counted.
  [[nodiscard]] bool admit(std::string_view id);
  long total(std::string_view id) const;
};

struct FileResult {
  std::string file;  // as shown in messages
  std::string path;
  ReadStats read;
  RowCounts rows;
  std::vector<long> header_lines;
  ColumnMap columns;
  // Each table whose header maps its columns otherwise than the one before
  // (TableReader::tables), from its header's first line.
  std::vector<std::pair<long, ColumnMap>> tables;
  std::string ccg_code, ccg_name, ccg_basis;  // basis: column, manifest, file name code, file name
  bool unreadable = false;  // the file gave no contracts because it could not be read as a table
  bool not_opened = false;  // ... because it could not be opened at all (InputFile::not_opened)
  long contracts = 0;
  long duplicates = 0;
  // Its rows are payments, dated by a payment date (a "spending over
  // £25,000" file), each read as a contract.
  bool payments = false;
  // The duplicate-row check reached ReadContext::duplicate_rows_in_memory
  // and from then on kept only the rows that are repeated later.
  bool duplicates_bounded = false;
  FindingLog findings;
};

struct ReadContext {
  const ReferenceData* reference = nullptr;  // none: builtin_reference()
  const Manifest* manifest = nullptr;  // optional
  TableOptions table;
  StudyYears years;
  const QualityKeywords* quality = &default_quality_keywords();
  std::size_t findings_per_check = 20;  // kept per check and file; the rest are counted
  // Inputs this large are read and sorted into rows on a second thread
  // while this one makes contracts of them.
  std::size_t read_ahead_bytes = 8u << 20;
  // Inputs this large are read as two halves at once when the caller takes
  // a second half (read_return_into).
  std::size_t split_bytes = 8u << 20;
  // Whether contracts carry their cells' texts as written: service,
  // procurement, the value, date, length and quality texts, the file name
  // and the CCG's name. A caller that needs only what was parsed from them
  // (and the provider cells and CCG code, always kept) is spared a copy of each.
  bool contract_texts = true;
  // Past this many rows of a file read in one piece, the duplicate-row
  // check keeps only the rows that will be repeated, found by reading the
  // rest of the file once more (through a temporary file of sorted row
  // hashes), so that its memory stops growing with the file. 0: no bound,
  // about 16 bytes a row.
  std::size_t duplicate_rows_in_memory = std::size_t{1} << 20;
};

// Whether read_return_into reads the input as two halves when given a second half.
bool reads_in_halves(const InputFile& input, const ReadContext& ctx);
// Where such an input is split: just after the first line end at or past
// its middle; 0 when it is not read as two halves.
std::uint64_t halves_split(const InputFile& input, const ReadContext& ctx);

// Reads one return, calling sink for each contract in file order.
[[nodiscard]] FileResult read_return(const InputFile& input, const ReadContext& ctx, const std::function<void(Contract&)>& sink);
// The same for a caller that keeps contracts: it is handed each one and
// says where to write the next, so no contract is copied.
using ContractOut = std::function<Contract&(Contract& filled)>;
// A caller that can take a large return's contracts in two parts, in any
// order between them, gives a second half: the file is then read as two
// halves at once, the second on another thread into `out`. `done` is
// called on the calling thread once that thread has ended: keep true means
// its contracts were right and belong with the rest; false that they are to
// be forgotten, as the second half was read again through `next`. The
// second half's contracts number their source lines from where it starts,
// as the lines before are not known until the first half is read: a kept
// half's lines follow the `lines_before` lines of the first (add them).
//
// A row of the second half may turn out, once both halves are read, to
// repeat a row of the first: it is a duplicate, not a contract. Such rows'
// contracts, as they were handed to `out`, go to `take_back`, called before
// done(true), for the caller to take back out of what it kept. Without
// take_back, a second half with such a row is forgotten and read again.
struct SecondHalf {
  ContractOut out;
  std::function<void(bool keep, long lines_before)> done;
  std::function<void(std::span<const Contract>)> take_back;
};
[[nodiscard]] FileResult read_return_into(const InputFile& input, const ReadContext& ctx, const ContractOut& next,
                            SecondHalf* second = nullptr);

}  // namespace foi
