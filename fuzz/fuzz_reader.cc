// Any bytes through the whole reading path: decoding, record assembly,
// header detection, row classification, cell parsing and CCG placement.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "foi/contracts.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const foi::ReadContext ctx = [] {
    foi::ReadContext c;
    c.reference = &foi::builtin_reference();
    return c;
  }();
  foi::InputFile input{"fuzz.csv", "fuzz.csv",
                       std::make_shared<const std::string>(reinterpret_cast<const char*>(data), size)};
  long lines_in_contracts = 0;
  foi::FileResult r = foi::read_return(input, ctx, [&](foi::Contract& c) { lines_in_contracts += c.source_line > 0; });
  // Every physical line lands in exactly one bucket.
  if (!r.unreadable && r.rows.total() != r.read.lines) __builtin_trap();
  return 0;
}
