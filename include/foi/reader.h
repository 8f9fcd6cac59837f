// Bytes to records: decodes whatever encoding a CCG office saved
// its spreadsheet in, splits it into lines in one bounded buffer and
// assembles RFC 4180 records on top, including quoted line breaks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "foi/error.h"

namespace foi {

enum class Encoding { utf8, utf8_bom, utf16le, utf16be, utf16le_no_bom, utf16be_no_bom };
const char* to_string(Encoding e);

// What the reader learnt about a file; complete once next() returned false.
struct ReadStats {
  Encoding encoding = Encoding::utf8;
  char delimiter = ',';
  bool delimiter_sniffed = true;
  long lines = 0;             // physical lines
  long records = 0;
  long lf = 0, crlf = 0, cr = 0;  // line ends between records
  long breaks_in_cells = 0;       // line breaks inside quoted cells (Excel writes LF there, CRLF between rows)
  long nul_bytes = 0;         // dropped NUL bytes
  long first_nul_line = 0;    // the line of the first, 0 when not known (none, or a UTF-16 file's)
  long first_nul_column = 0;  // its cell's position
  long odd_bytes = 0;         // a UTF-16 file's last byte, half a code unit (0 or 1), left out
  long unpaired_utf16 = 0;    // halves of a UTF-16 surrogate pair without the other, read as U+FFFD
  long cp1252_lines = 0;      // lines that were not UTF-8 and were read as Windows-1252
  long first_cp1252_line = 0;
  long first_cp1252_column = 0;  // cell position of the first bad byte
  long bytes = 0;             // raw bytes read
};

// "LF", "CRLF", "CR", "mixed (...)" or "none".
std::string describe_line_ends(const ReadStats& s);
std::string describe_delimiter(char d);

// A record's cells: its lines' text in one buffer and where each cell
// lies in it (a quoted cell's place leaves its quotes out; one with doubled
// quotes or line breaks is unquoted where it stands). Reading a record
// copies its line once rather than cell by cell; a copy of the record
// keeps its cells.
struct Cells {
  struct Span {
    std::uint32_t begin = 0, size = 0;
  };
  std::string text;
  std::vector<Span> spans;
  // Each cell without the spaces around it (methods.md (Reading)), worked out once by
  // the reader, which trims every cell for the record's fingerprint anyway:
  // the table and contract stages read most cells of every row trimmed.
  std::vector<Span> trims;

  std::size_t size() const { return spans.size(); }
  bool empty() const { return spans.empty(); }
  std::string_view operator[](std::size_t i) const { return {text.data() + spans[i].begin, spans[i].size}; }
  std::string_view at(std::size_t i) const {
    const Span& s = spans.at(i);
    return {text.data() + s.begin, s.size};
  }
  std::string_view trimmed(std::size_t i) const { return {text.data() + trims[i].begin, trims[i].size}; }
  std::vector<std::string> strings() const;
};

struct Record {
  Cells cells;
  long line = 0;       // first physical line of the record
  long last_line = 0;  // last physical line (> line when a quoted cell holds line breaks)
  // Non-empty when the record is malformed, e.g. a quote that never closes;
  // the cells then hold the row read with that quote taken literally.
  std::string problem;
  long problem_column = 0;
  // The problem is the line's length: its bytes were passed over, and the
  // record has no cells to read.
  bool too_long = false;
  // A 64-bit hash of the cells with spaces trimmed: equal records (as a
  // reader of the table sees them) have equal fingerprints.
  std::uint64_t fingerprint = 0;

  // Member by member, not three moves through a temporary: a national
  // file's rows are handed from the table reader to a batch by swapping.
  friend void swap(Record& a, Record& b) noexcept {
    a.cells.text.swap(b.cells.text);
    a.cells.spans.swap(b.cells.spans);
    a.cells.trims.swap(b.cells.trims);
    a.problem.swap(b.problem);
    std::swap(a.line, b.line);
    std::swap(a.last_line, b.last_line);
    std::swap(a.problem_column, b.problem_column);
    std::swap(a.too_long, b.too_long);
    std::swap(a.fingerprint, b.fingerprint);
  }
};

// A line with no text in any cell: a blank line, or a row of only
// delimiters (",,,,", as Excel saves the empty rows below a table).
inline bool is_blank_record(const Record& r) {
  for (std::size_t i = 0; i < r.cells.size(); ++i)
    if (!r.cells.trimmed(i).empty()) return false;
  return true;
}

struct ReaderOptions {
  char delimiter = 0;                          // 0: sniff from , ; tab |
  // A quoted cell longer than this is an unclosed quote. At most 1 GiB
  // (larger values are taken as 1 GiB): cells are placed by 32-bit offsets.
  std::size_t max_record_bytes = 16u << 20;
  // Raw byte offset to start at, just after a line end (the second half of
  // a file read as two halves), and the number of the line there. A reader
  // started inside a file reads it as UTF-8 (falling back to Windows-1252
  // line by line) without sniffing its encoding.
  std::uint64_t start = 0;
  long first_line = 1;
};

// Where a reader is: the raw byte offset of the next record and the
// physical lines read before it. The offset is npos when it cannot be told
// exactly: UTF-16, more than 65,536 NULs and lone CRs (bytes the decoder
// drops or rewrites), or lines being read again after a quote that never
// closed (they are counted).
struct ReadPosition {
  static constexpr std::uint64_t npos = ~std::uint64_t{0};
  std::uint64_t offset = npos;
  long lines = 0;
  long nul_bytes = 0;  // NUL bytes dropped before it, when its offset is known
};

// Streams records from one input. Memory is bounded by the largest record,
// not the file. Throws foi::Error for input that cannot be read (a missing
// file, a binary or spreadsheet container, a web page, a read error); a
// line over 16 MiB is a record of its own, which the table rejects.
class RecordReader {
 public:
  // path "-" reads standard input.
  RecordReader(const std::string& path, std::string display_name, const ReaderOptions& options = {});
  // Reads bytes held in memory (tests, fuzzers, converted spreadsheets).
  // The bytes are not copied: they must outlive the reader (a temporary
  // std::string is refused at compile time).
  RecordReader(std::string display_name, std::string_view bytes, const ReaderOptions& options = {});
  RecordReader(std::string display_name, std::string&& bytes, const ReaderOptions& options = {}) = delete;
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  [[nodiscard]] bool next(Record& out);
  ReadPosition position() const;
  // Complete once next() returned false.
  const ReadStats& stats() const;
  const std::string& name() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// For a file read whole or not at all (a manifest, an overrides or aliases
// file), where a record with a problem (a quote never closed, a line over
// 16 MiB) would otherwise be read as a blank or shortened row: the problem
// as foi::Error at its line and cell. Does nothing for a sound record.
void refuse_record_problem(const Record& r, const std::string& path);

// Convenience for tests and small inputs: every record of a buffer.
std::vector<Record> read_all(std::string_view bytes, const ReaderOptions& options = {},
                             ReadStats* stats = nullptr);

}  // namespace foi
