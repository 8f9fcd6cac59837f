// Where in the input something happened, and the one exception type the
// library throws for input a user can fix.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace foi {

// A place in an input: file, optional sheet, 1-based line and column.
// line or column 0 means "not known"; the column is the cell's position in
// its row (the first cell is column 1), as a spreadsheet user counts it.
struct Location {
  std::string file;
  long line = 0;
  long column = 0;
  bool column_letters = false;  // print the column as a spreadsheet does (C, AA): a workbook sheet
};

// "file:line:column", dropping the parts that are not known.
std::string to_string(const Location& where);
// Spreadsheet column letters: 1 -> A, 26 -> Z, 27 -> AA.
std::string column_letters(long column);

// A file that could not be opened at all (gone, no permission) asks the
// user for something else than one whose bytes are wrong: `validate` exits
// 2 for it, as for a missing file, where bad bytes are a finding (exit 1).
enum class ErrorKind { input, not_opened };

// Thrown for input or usage problems; what() already carries the location.
class Error : public std::runtime_error {
 public:
  Error(Location where, const std::string& message, ErrorKind kind = ErrorKind::input);
  // Every bad row of a file the user writes by hand (an overrides file),
  // read to its end first so that one run tells them all: this error is
  // the first, its what() saying how many more follow, and more() holds them.
  Error(Location where, const std::string& message, std::vector<Error> more);
  const Location& where() const { return where_; }
  const std::string& message() const { return message_; }
  ErrorKind kind() const { return kind_; }
  const std::vector<Error>& more() const { return more_; }

 private:
  Location where_;
  std::string message_;
  ErrorKind kind_;
  std::vector<Error> more_;
};

// Each error of e at its place, one a line, e's first and then its more(),
// as a terminal may show them (printable_what).
std::vector<std::string> error_lines(const Error& e);

enum class Severity { info, warning, error };
const char* to_string(Severity s);

// A finding about the input, kept as a value so that reading goes on.
struct Diagnostic {
  Severity severity = Severity::warning;
  std::string id;  // stable, e.g. "value-unparseable"
  Location where;
  std::string message;
};

using Diagnostics = std::vector<Diagnostic>;

// An exception's what() as a terminal may show it (text::printable): a
// message names files, whose names may hold anything.
std::string printable_what(const std::exception& e);

// "file:line:col: warning[id]: message", as compilers print, with what
// would break a line or a terminal replaced (text::printable).
std::string format_diagnostic(const Diagnostic& d);
// The same line as written, for a format that escapes what it cannot hold
// itself (JUnit's XML, whose body then says what its attributes say).
std::string diagnostic_line(const Diagnostic& d);

// Every id a finding can have, in the order docs/ci.md lists them: what a
// rules file's [severity] table may name.
const std::vector<std::string_view>& check_ids();

// Of the known names, the one nearest to a misspelt one by edit distance
// (the first of equals), for a message's "did you mean"; empty when none
// is known.
std::string_view nearest_name(std::string_view name, const std::vector<std::string_view>& known);

}  // namespace foi
