// Records to rows and cells: records -> rows of a contract table. Finds the header under any
// preamble, joins two-row headers, and puts every physical row in exactly
// one bucket (methods.md (Reading)).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "foi/columns.h"
#include "foi/reader.h"
#include "foi/workbook.h"

namespace foi {

enum class RowKind { contract, preamble, header, blank, total, note, rejected };
inline constexpr std::size_t kRowKindCount = 7;
const char* to_string(RowKind k);

struct Row {
  RowKind kind = RowKind::rejected;
  // The table reader does not look at the record again once next() has
  // returned it: a caller may take its cells (swap) instead of copying.
  Record* record = nullptr;
  std::string reason;  // rejected rows: why
  long column = 0;     // rejected rows: the column (1-based) the reason is about; 0: the row as a whole;
                       // total rows: the column of an amount beside a label in the value column, else 0
  bool nil_return = false;  // rejected rows: the row says the CCG holds no contracts
};

// Physical rows per bucket. Rows spanned by a multi-line record count in
// that record's bucket, so the buckets add up to the lines read.
struct RowCounts {
  std::array<long, kRowKindCount> by_kind{};
  long total() const;
  long& operator[](RowKind k) { return by_kind[static_cast<std::size_t>(k)]; }
  long operator[](RowKind k) const { return by_kind[static_cast<std::size_t>(k)]; }
};

struct TableOptions {
  HeaderAliases aliases;
  long max_preamble_rows = 200;  // a file without a header by then is rejected
  // A workbook sheet's ranges merged down: a row whose provider cell is
  // empty under one is that provider's row, not a row without a provider.
  const std::vector<MergedDown>* merged_down = nullptr;
};

class TableReader {
 public:
  // Keeps references to both: they must outlive the table reader (a
  // temporary TableOptions is refused at compile time).
  TableReader(RecordReader& reader, const TableOptions& options);
  TableReader(RecordReader& reader, TableOptions&& options) = delete;
  // Reads on under a header already found: the second half of a file read
  // as two halves, which starts inside the table, given the titles of the
  // preamble above it (preamble_titles()).
  TableReader(RecordReader& reader, const TableOptions& options, const ColumnMap& header,
              std::vector<std::string> titles = {});
  TableReader(RecordReader& reader, TableOptions&& options, const ColumnMap& header,
              std::vector<std::string> titles = {}) = delete;
  [[nodiscard]] bool next(Row& row);
  // No record is held back (after a header the next record is read ahead,
  // to see whether it continues the header).
  bool idle() const { return !has_pending_; }

  const ColumnMap& columns() const { return columns_; }
  bool has_header() const { return header_found_; }
  const std::vector<long>& header_lines() const { return header_lines_; }
  // Each table whose header maps its columns otherwise than the table
  // before it (a return appended in another layout), from the header's
  // first line; the first 16 of them.
  const std::vector<std::pair<long, ColumnMap>>& tables() const { return tables_; }
  const RowCounts& counts() const { return counts_; }
  // Set when the file cannot be read as a contract table (no header, no provider column).
  const std::string& fatal() const { return fatal_; }
  long fatal_line() const { return fatal_line_; }
  // What to do about a file without a header: name its headers with
  // --aliases, or, when a line above says the CCG holds no contracts (a
  // nil return written as a letter), record it so in the manifest.
  std::string no_header_advice() const;
  // The preamble's lines of one text each (its title), which a row alone
  // in the table repeating one is a note: a printed report's page header.
  const std::vector<std::string>& preamble_titles() const { return titles_; }
  // A line above any header says the CCG holds no contracts (0: none does).
  long nil_return_line() const { return nil_line_; }

 private:
  bool fetch(Record& r);
  void classify(Row& row, const Record& r);
  // The steps of classify() that need more of the reader than its columns.
  void classify_above_header(Row& row, const Record& r);
  bool classify_lone_cell(Row& row, std::string_view t, std::size_t only, const Column& provider) const;
  void set_header(const std::vector<std::string>& cells);
  // A header row at r, with the next record joined in when it is the
  // header's second row.
  void start_header(Row& row, const Record& r, const std::vector<std::string>& texts);
  void note_title(const std::vector<std::string>& cells);
  bool repeats_title(std::string_view t) const;

  RecordReader& reader_;
  const TableOptions& options_;
  ColumnMap columns_;
  // Bit n set: a mapped column other than the provider's has a header n
  // bytes long (n < 64), so that a row's provider cell is compared with
  // the headers only when its length is one of theirs.
  std::uint64_t header_lengths_ = 0;
  void note_header_lengths();
  bool header_found_ = false;
  std::vector<long> header_lines_;
  std::vector<std::pair<long, ColumnMap>> tables_;
  RowCounts counts_;
  std::string fatal_;
  long fatal_line_ = 0;
  Record current_, pending_;
  bool has_pending_ = false;
  long rows_seen_ = 0;
  long nil_line_ = 0;  // a line above any header saying the CCG holds no contracts
  // Fields named by the first cell of rows above any header: a table laid
  // across, its headers down the first column, names several.
  std::vector<Field> fields_down_;
  std::vector<std::string> titles_;  // preamble_titles()
};

}  // namespace foi
