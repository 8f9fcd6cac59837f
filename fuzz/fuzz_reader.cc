// Any bytes through the whole reading path: decoding, record assembly,
// header detection, row classification, cell parsing and CCG placement;
// then the same bytes read as two halves at once (rows of the second half
// that repeat rows of the first taken back at the join, or the half read
// again), and again with the duplicate-row table bounded at a few rows,
// which must each give exactly what reading them in order gave; and the
// same bytes as a file read in halves (a UTF-16 file through its UTF-8
// copy), which must give it too.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "foi/contracts.h"
#include "foi/reader.h"

namespace {

struct Read {
  foi::FileResult result;
  std::vector<foi::Contract> contracts;
};

// take_back: the second half's rows found at the join to repeat rows of
// the first are taken back out of its contracts (else it is read again).
Read read(const foi::InputFile& input, const foi::ReadContext& ctx, bool halves, bool take_back = true) {
  Read r;
  std::vector<foi::Contract> second;
  bool kept = false;
  foi::SecondHalf half{[&](foi::Contract& c) -> foi::Contract& {
                         second.push_back(c);
                         return c;
                       },
                       [&](bool keep, long lines_before) {
                         kept = keep;
                         for (foi::Contract& c : second) c.source_line += lines_before;
                       },
                       nullptr};
  if (take_back)
    half.take_back = [&](std::span<const foi::Contract> taken) {
      for (const foi::Contract& c : taken) {
        auto at = std::find_if(second.begin(), second.end(),
                               [&](const foi::Contract& k) { return k.source_line == c.source_line; });
        if (at == second.end()) __builtin_trap();  // a contract the half never gave
        second.erase(at);
      }
    };
  r.result = foi::read_return_into(
      input, ctx,
      [&](foi::Contract& c) -> foi::Contract& {
        r.contracts.push_back(c);
        return c;
      },
      halves ? &half : nullptr);
  if (kept) r.contracts.insert(r.contracts.end(), second.begin(), second.end());
  return r;
}

bool same(const Read& a, const Read& b) {
  const foi::FileResult &x = a.result, &y = b.result;
  if (x.rows.by_kind != y.rows.by_kind || x.contracts != y.contracts || x.duplicates != y.duplicates ||
      x.header_lines != y.header_lines || x.unreadable != y.unreadable ||
      x.findings.count_by_id != y.findings.count_by_id || x.findings.kept.size() != y.findings.kept.size())
    return false;
  for (std::size_t i = 0; i < x.findings.kept.size(); ++i)
    if (format_diagnostic(x.findings.kept[i]) != format_diagnostic(y.findings.kept[i])) return false;
  const foi::ReadStats &s = x.read, &t = y.read;
  if (s.lines != t.lines || s.records != t.records || s.lf != t.lf || s.crlf != t.crlf || s.cr != t.cr ||
      s.breaks_in_cells != t.breaks_in_cells || s.cp1252_lines != t.cp1252_lines ||
      s.first_cp1252_line != t.first_cp1252_line || s.nul_bytes != t.nul_bytes || s.odd_bytes != t.odd_bytes || s.bytes != t.bytes)
    return false;
  if (a.contracts.size() != b.contracts.size()) return false;
  for (std::size_t i = 0; i < a.contracts.size(); ++i) {
    const foi::Contract &c = a.contracts[i], &d = b.contracts[i];
    if (c.provider_raw != d.provider_raw || c.source_line != d.source_line || c.value != d.value ||
        c.ccg_code != d.ccg_code)
      return false;
  }
  return true;
}

// The bytes as a file on disk, read in halves: the second half from its
// offset in the file, rows taken back through reads at offsets, and a
// UTF-16 file through a UTF-8 copy (none of which a file in memory takes).
bool same_from_a_file(const Read& in_order, const std::uint8_t* data, std::size_t size, const foi::ReadContext& ctx) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/fuzz_reader-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return true;  // nowhere to write: nothing to compare
  bool written = true;
  for (std::size_t at = 0; written && at < size;) {
    const ssize_t n = ::write(fd, data + at, size - at);
    written = n > 0;
    if (written) at += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bool ok = true;
  if (written) ok = same(in_order, read(foi::InputFile{path, "fuzz.csv", nullptr}, ctx, true));
  ::unlink(path.c_str());
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const foi::ReadContext ctx = [] {
    foi::ReadContext c;
    c.reference = &foi::builtin_reference();
    return c;
  }();
  static const foi::ReadContext split = [] {
    foi::ReadContext c = ctx;
    c.split_bytes = 0;
    return c;
  }();
  foi::InputFile input{"fuzz.csv", "fuzz.csv",
                       std::make_shared<const std::string>(reinterpret_cast<const char*>(data), size)};
  Read in_order = read(input, ctx, false);
  // Every physical line lands in exactly one bucket.
  if (!in_order.result.unreadable && in_order.result.rows.total() != in_order.result.read.lines) __builtin_trap();
  if (!same(in_order, read(input, split, true))) __builtin_trap();
  if (!same(in_order, read(input, split, true, false))) __builtin_trap();
  if (!same_from_a_file(in_order, data, size, split)) __builtin_trap();
  // Past the bound the table keeps only rows repeated later, found by
  // reading the rest again through a temporary file; nothing may change.
  foi::ReadContext bounded = ctx;
  bounded.duplicate_rows_in_memory = 1 + size % 8 + size / 256;  // a few runs even for a long input
  bounded.read_ahead_bytes = size % 2 ? 0 : ctx.read_ahead_bytes;
  if (!same(in_order, read(input, bounded, false))) __builtin_trap();
  // The reader alone with a delimiter a library caller may ask for rather
  // than the sniffed one (the input's length picks it, so that the seeds
  // keep their bytes): every physical line is in exactly one record.
  static const char kDelimiters[] = {',', ';', '\t', '|', ' ', '"', 'x'};
  foi::ReaderOptions options;
  options.delimiter = kDelimiters[size % sizeof kDelimiters];
  try {
    foi::ReadStats stats;
    long lines = 0;
    for (const foi::Record& r : foi::read_all(*input.data, options, &stats)) lines += r.last_line - r.line + 1;
    if (lines != stats.lines) __builtin_trap();
  } catch (const foi::Error&) {
    // Not text at all (a container or binary bytes): told as an error, as in the reading above.
  }
  return 0;
}
