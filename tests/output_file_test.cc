#include "foi/output_file.h"

#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>

#include "foi/error.h"
#include "test_util.h"

namespace fs = std::filesystem;

TEST_CASE("output_written: a stream that failed is reported, naming the output, and gives false", "[output_file]") {
  std::ostringstream good, bad, err;
  good << "figure,value\n";
  CHECK(foi::output_written(good, "figures.csv", err));
  CHECK(err.str().empty());
  bad.setstate(std::ios::badbit);
  CHECK_FALSE(foi::output_written(bad, "figures.csv", err));
  CHECK(err.str().find("cannot write") != std::string::npos);
  CHECK(err.str().find("figures.csv") != std::string::npos);
  CHECK(err.str().find("the output is incomplete") != std::string::npos);
}

TEST_CASE("write_text_file writes the whole text, and a file that cannot take it is an error naming it",
          "[output_file]") {
  auto dir = test::scratch("write-text-file");
  foi::write_text_file(dir / "by_type.csv", "type,contracts\nprivate,3\n");
  CHECK(test::slurp(dir / "by_type.csv") == "type,contracts\nprivate,3\n");
  try {
    foi::write_text_file(dir / "no-such-folder" / "x.csv", "x");
    FAIL("a file in a missing folder must not be written");
  } catch (const foi::Error& e) {
    CHECK(e.where().file.find("x.csv") != std::string::npos);
    CHECK(e.message().find("No such file or directory") != std::string::npos);
  }
  if (fs::exists("/dev/full")) {
    // A full disk shows only when the last bytes go: the close is checked too.
    fs::create_symlink("/dev/full", dir / "full.csv");
    try {
      foi::write_text_file(dir / "full.csv", "x");
      FAIL("a write to a full disk must not pass for complete");
    } catch (const foi::Error& e) {
      CHECK(e.message().find("cannot write") != std::string::npos);
    }
  }
}
