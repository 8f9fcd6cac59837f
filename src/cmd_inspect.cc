// `inspect`: how each file was read.
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "foi/ccg.h"
#include "foi/commands.h"
#include "foi/format.h"
#include "cmd_common.h"
#include "text.h"

namespace foi {

namespace {

void print_records(const InputFile& f, std::ostream& out) {
  auto reader = open_records(f);
  Record r;
  while (reader->next(r)) {
    std::string line = "[";
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      if (i) line += ",";
      line += json_string(r.cells[i]);
    }
    line += "]\n";
    fmt::print(out, "{}", line);
  }
}

void print_summary(const InputFile& in, const FileResult& fr, std::ostream& out) {
  const ReadStats& s = fr.read;
  fmt::print(out, "{}\n", text::printable(fr.file));
  if (in.workbook) {
    // A sheet is read cell by cell: encoding and delimiters do not apply.
    fmt::print(out, "  format      {} workbook sheet {} of {}\n", to_string(in.workbook->format), in.sheet + 1,
               in.workbook->sheets.size());
  } else {
    std::string enc = to_string(s.encoding);
    if (s.cp1252_lines) enc += fmt::format(" ({} line(s) read as Windows-1252)", s.cp1252_lines);
    fmt::print(out, "  encoding    {}\n", enc);
    fmt::print(out, "  delimiter   {}{}\n", describe_delimiter(s.delimiter), s.delimiter_sniffed ? " (sniffed)" : "");
    fmt::print(out, "  line ends   {}\n", describe_line_ends(s));
  }
  if (fr.header_lines.empty()) {
    fmt::print(out, "  header      none found\n");
  } else {
    std::string lines;
    for (long l : fr.header_lines) lines += (lines.empty() ? "" : ", ") + std::to_string(l);
    fmt::print(out, "  header      line{} {}\n", fr.header_lines.size() > 1 ? "s" : "", lines);
  }
  fmt::print(out, "  CCG         {}\n",
             fr.ccg_basis.empty() ? std::string("from the CCG column of each row, or unknown")
                                  : fmt::format("{} {} (from the {})", fr.ccg_code, fr.ccg_name, fr.ccg_basis));
  // A file of tables laid out apart (returns appended in their own
  // layouts) shows each table's columns, from its header's line: a table
  // whose header lost a column is seen beside the others.
  auto print_columns = [&](const ColumnMap& columns, std::string_view label) {
    bool first = true;
    for (const auto& c : columns.columns) {
      if (c.match.field == Field::extra) continue;
      std::string what = to_string(c.match.field);
      if (c.match.field == Field::value_year) what += " " + financial_year_label(c.match.year);
      if (!c.match.unit.empty()) what += " (" + c.match.unit + ")";
      if (c.match.scale != 1) what += fmt::format(" ({})", scale_words(c.match.scale));
      // A header cell may hold a line break ("Name of\nProvider"): shown on its line.
      fmt::print(out, "  {:<11} {:>2} {} -> {}{}\n", first ? label : "", c.index + 1, text::printable(c.header), what,
                 c.match.exact ? "" : " (by keyword)");
      first = false;
    }
    auto extras = columns.extras();
    if (!extras.empty()) {
      std::string names;
      for (const Column* c : extras) {
        names += (names.empty() ? "" : ", ") + fmt::format("{} {}", c->index + 1, text::printable(c->header));
        // Set aside for naming a field another column took (duplicate-column).
        for (const auto& [aside, read] : columns.set_aside)
          if (aside == c->index)
            names += fmt::format(" (names the {} again; column {} is read)",
                                 to_string(columns.columns[read].match.field), read + 1);
      }
      fmt::print(out, "  unmapped    {} (kept as extra text)\n", names);
    }
  };
  if (fr.tables.size() > 1) {
    fmt::print(out, "  tables      {}, their columns laid out apart\n", fr.tables.size());
    for (const auto& [line, columns] : fr.tables) {
      fmt::print(out, "  table       from line {}\n", line);
      print_columns(columns, "columns");
    }
  } else {
    print_columns(fr.columns, "columns");
  }
  std::string buckets;
  for (std::size_t k = 0; k < kRowKindCount; ++k)
    buckets += fmt::format("{}{} {}", k ? ", " : "", fr.rows.by_kind[k], to_string(static_cast<RowKind>(k)));
  // Lines, not records: a contract whose cells hold line breaks counts
  // each of its lines, so the buckets add up to the file's lines.
  fmt::print(out, "  lines       {} read, by the row each is part of: {}\n", fr.rows.total(), buckets);
  fmt::print(out, "  contracts   {}\n", fr.contracts);
  if (fr.duplicates) fmt::print(out, "  duplicates  {} exact duplicate row(s), counted once\n", fr.duplicates);
  for (const auto& [id, n] : fr.findings.count_by_id) fmt::print(out, "  finding     {} x {}\n", id, n);
}

}  // namespace

int run_inspect(const InspectOptions& o, std::ostream& out, std::ostream& err) {
  auto p = open_pipeline(o.pipeline);
  say_repeated_inputs(p->inputs, err);
  int code = 0;
  // Several inputs' records would run together: each file's follow a line
  // naming it, an object where records are arrays.
  const bool several = p->inputs.files.size() > 1;
  for (const auto& f : p->inputs.files) {
    if (o.records) {
      try {
        if (several) fmt::print(out, "{{\"file\": {}}}\n", json_string(f.display));
        print_records(f, out);
      } catch (const Error& e) {
        fmt::print(err, "{}\n", printable_what(e));
        code = 2;
      }
      continue;
    }
    FileResult fr = read_return(f, p->context, [](Contract&) {});
    print_summary(f, fr, out);
    // As every command but validate: a return with an error finding exits 2.
    for (const auto& d : fr.findings.kept)
      if (d.severity == Severity::error) {
        fmt::print(err, "{}\n", format_diagnostic(d));
        code = 2;
      }
    if (fr.unreadable) code = 2;
  }
  return code;
}

}  // namespace foi
