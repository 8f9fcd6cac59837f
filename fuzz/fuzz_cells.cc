// Any text through every cell parser and the provider name keying.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "foi/cells.h"
#include "foi/columns.h"
#include "foi/providers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  foi::parse_money(s);
  foi::parse_date(s, false);
  // What is wrong with a date is told only of text that is not one.
  if (!foi::why_not_a_date(s).empty() && foi::parse_date(s, true).status != foi::DateStatus::unparseable)
    __builtin_trap();
  foi::parse_financial_year(s);
  foi::parse_length(s, "months");
  foi::parse_quality(s);
  foi::match_header(s);
  foi::parse_type_cell(s);
  foi::apply_name_rules(s);
  std::string key = foi::name_key(s);
  if (foi::name_key(key) != key) __builtin_trap();  // keying is idempotent
  foi::name_similarity(key, "south london and maudsley nhs foundation trust");
  return 0;
}
