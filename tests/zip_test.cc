// The zip container of an .xlsx or .ods, read from the bytes of the file.
#include "zip.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "foi/error.h"
#include "test_util.h"
#include "workbook_fixtures.h"

using foi::detail::check_entry;
using foi::detail::with_members;
using foi::detail::zip_directory;
using foi::detail::ZipEntry;
using test::kBook;
using test::kDir;

namespace {

// Every member's text, inflated and checked.
std::map<std::string, std::string> members(const std::string& bytes) {
  std::map<std::string, std::string> out;
  for (const ZipEntry& e : zip_directory(bytes, "book.xlsx", {})) check_entry(bytes, e, "book.xlsx", &out[e.name]);
  return out;
}

std::string zip_error(const std::string& path, const foi::WorkbookLimits& limits = {}) {
  const std::string bytes = test::slurp(path);
  try {
    for (const ZipEntry& e : zip_directory(bytes, "book.xlsx", limits)) check_entry(bytes, e, "book.xlsx", nullptr);
  } catch (const foi::Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("zip: every member of a workbook inflates to the size its headers declare", "[workbook]") {
  const std::string bytes = test::slurp(kBook + ".xlsx");
  const std::vector<ZipEntry> entries = zip_directory(bytes, "book.xlsx", {});
  const auto text = members(bytes);
  REQUIRE(text.size() == entries.size());
  for (const ZipEntry& e : entries) CHECK(text.at(e.name).size() == e.size);
  CHECK(text.at("xl/workbook.xml").find("<sheet ") != std::string::npos);
}

TEST_CASE("zip: an archive with members replaced reads back with their new text and every other member as it was",
          "[workbook]") {
  const std::string bytes = test::slurp(kBook + ".xlsx");
  const auto before = members(bytes);
  // A name no member has adds nothing.
  const std::string replaced =
      with_members(bytes, zip_directory(bytes, "book.xlsx", {}),
                   {{"xl/workbook.xml", "<workbook/>"}, {"xl/worksheets/sheet2.xml", ""}, {"xl/no-such.xml", "<a/>"}});
  auto after = members(replaced);
  CHECK(after.at("xl/workbook.xml") == "<workbook/>");
  CHECK(after.at("xl/worksheets/sheet2.xml").empty());
  after["xl/workbook.xml"] = before.at("xl/workbook.xml");
  after["xl/worksheets/sheet2.xml"] = before.at("xl/worksheets/sheet2.xml");
  CHECK(after == before);
}

TEST_CASE("zip: a truncated archive, a zip bomb, sizes that lie and an encrypted member are refused, saying which",
          "[workbook]") {
  const std::string h = kDir + "/hostile/";
  CHECK_THAT(zip_error(h + "08K_truncated.xlsx"), Catch::Contains("truncated"));
  CHECK_THAT(zip_error(h + "08K_bomb.xlsx"), Catch::Contains("possible zip bomb"));
  CHECK_THAT(zip_error(h + "08K_lying_sizes.xlsx"), Catch::Contains("inflates to more than the 100 bytes"));
  CHECK_THAT(zip_error(h + "08K_encrypted_zip.xlsx"), Catch::Contains("encrypted"));
  foi::WorkbookLimits few;
  few.max_zip_entries = 2;
  CHECK_THAT(zip_error(kBook + ".xlsx", few), Catch::Contains("zip entries, over the limit of 2"));
  CHECK(zip_error(kBook + ".xlsx") == "no error");
}

TEST_CASE("zip: an archive holding two members of one name is refused, naming the member", "[workbook]") {
  // sheet6.xml renamed sheet5.xml in both its headers (the names are as
  // long): the archive is sound, but which sheet5.xml is read is not said.
  std::string bytes = test::slurp(kBook + ".xlsx");
  const std::string from = "xl/worksheets/sheet6.xml", to = "xl/worksheets/sheet5.xml";
  int renamed = 0;
  for (std::size_t at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + 1), ++renamed)
    bytes.replace(at, from.size(), to);
  REQUIRE(renamed == 2);
  try {
    zip_directory(bytes, "book.xlsx", {});
    FAIL("no error");
  } catch (const foi::Error& e) {
    CHECK(std::string(e.what()) ==
          "book.xlsx: the workbook is damaged or ambiguous: its zip archive holds two members named "
          "'xl/worksheets/sheet5.xml', and which one is read is not said; open it in a spreadsheet program and save "
          "it again");
  }
}
