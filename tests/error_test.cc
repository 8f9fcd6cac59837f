#include "foi/error.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "test_util.h"

namespace {
std::set<std::string> listed() {
  std::set<std::string> out;
  for (std::string_view id : foi::check_ids()) out.emplace(id);
  return out;
}

// Every match of the pattern's first (and, when there is one, second) group in the text.
std::set<std::string> found(const std::string& text, const std::regex& pattern) {
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it)
    for (std::size_t g = 1; g < it->size(); ++g)
      if ((*it)[g].matched) out.insert((*it)[g].str());
  return out;
}
}  // namespace

TEST_CASE("error: a diagnostic prints as file:line:column: severity[id]: message", "[error]") {
  CHECK(foi::format_diagnostic({foi::Severity::warning, "value-unparseable", {"08K.csv", 14, 3}, "value 'TBC?' is not a number"}) ==
        "08K.csv:14:3: warning[value-unparseable]: value 'TBC?' is not a number");
  CHECK(foi::format_diagnostic({foi::Severity::info, "sheet-skipped", {"book.xlsx[Notes]", 2, 28, true}, "x"}) ==
        "book.xlsx[Notes]:2:AB: info[sheet-skipped]: x");
  CHECK(foi::format_diagnostic({foi::Severity::error, "empty-file", {"a.csv", 0, 0}, "the file is empty"}) ==
        "a.csv: error[empty-file]: the file is empty");
}

TEST_CASE("error: the check ids are every id the sources report, each once, and all documented and shipped",
          "[error]") {
  const std::set<std::string> ids = listed();
  CHECK(ids.size() == foi::check_ids().size());
  // What the sources report: a severity, then the id (or a choice of two).
  const std::regex reported(
      R"re(Severity::(?:error|warning|info),\s*(?:[a-z_]+\s*\?\s*)?"([a-z0-9-]+)"(?:\s*:\s*"([a-z0-9-]+)")?)re");
  std::set<std::string> in_sources;
  for (const auto& entry : std::filesystem::directory_iterator(test::source("src")))
    if (entry.path().extension() == ".cc")
      for (const auto& id : found(test::slurp(entry.path()), reported)) in_sources.insert(id);
  CHECK(in_sources == ids);
  // docs/ci.md's table and the shipped rules file name each of them.
  CHECK(found(test::slurp(test::source("docs/ci.md")), std::regex(R"(\n\| `([a-z0-9-]+)` \|)")) == ids);
  CHECK(found(test::slurp(test::source("data/rules/default.toml")), std::regex(R"re(\n"([a-z0-9-]+)" = )re")) == ids);
}

TEST_CASE("error: spreadsheet positions print the column as letters", "[error]") {
  CHECK(foi::column_letters(1) == "A");
  CHECK(foi::column_letters(26) == "Z");
  CHECK(foi::column_letters(27) == "AA");
  CHECK(foi::column_letters(52) == "AZ");
  CHECK(foi::column_letters(53) == "BA");
  CHECK(foi::column_letters(702) == "ZZ");
  CHECK(foi::column_letters(703) == "AAA");
  CHECK(foi::column_letters(16384) == "XFD");
  CHECK(foi::to_string(foi::Location{"book.xlsx[Contracts]", 14, 3, true}) == "book.xlsx[Contracts]:14:C");
  CHECK(foi::to_string(foi::Location{"08K.csv", 14, 3}) == "08K.csv:14:3");
  CHECK(foi::to_string(foi::Location{"book.xlsx[Contracts]", 14, 0, true}) == "book.xlsx[Contracts]:14");
}

TEST_CASE("error: an error is about the bytes unless it is said to be a file not opened", "[error]") {
  const foi::Error bytes({"08K_a.csv", 3, 2}, "a quote is never closed");
  CHECK(bytes.kind() == foi::ErrorKind::input);
  CHECK(std::string(bytes.what()) == "08K_a.csv:3:2: a quote is never closed");
  const foi::Error gone({"08K_a.csv", 0, 0}, "cannot open: No such file or directory", foi::ErrorKind::not_opened);
  CHECK(gone.kind() == foi::ErrorKind::not_opened);
  CHECK(gone.message() == "cannot open: No such file or directory");
}
