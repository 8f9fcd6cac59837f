// Inputs whose bytes are copied before they are read: a stream, and a large
// UTF-16 file as UTF-8.
#include "spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace {

// A stream of these bytes, as a pipe would give them.
foi::SpooledStream spooled(const std::string& bytes) {
  const auto dir = test::scratch("spool");
  test::write_file(dir / "stream", bytes);
  const int fd = ::open((dir / "stream").c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  foi::SpooledStream s = foi::spool_stream(fd, "<stdin>", "standard input");
  ::close(fd);
  return s;
}

}  // namespace

TEST_CASE("spool: a stream's text is kept whole in a copy read as a file, which leaves no name behind", "[spool]") {
  std::string text = "Provider,Contract value\n";
  for (int i = 0; i < 100000; ++i) text += "Mind," + std::to_string(i) + "\n";  // past one copy step of a MiB
  const foi::SpooledStream s = spooled(text);
  CHECK(s.problem.empty());
  REQUIRE(s.copy);
  CHECK(test::slurp(s.copy->path) == text);
  CHECK((s.copy->named || s.copy->path.starts_with("/proc/self/fd/")));
}

TEST_CASE("spool: a stream of bytes that are not text is kept no further than its first MiB, and says why",
          "[spool]") {
  const foi::SpooledStream s = spooled(std::string(3u << 20, '\x01'));
  CHECK_FALSE(s.copy);
  CHECK(s.problem.find("standard input was read no further than its first") != std::string::npos);
}

TEST_CASE("spool: only a UTF-16 file read from its path gets a UTF-8 copy", "[spool]") {
  const auto dir = test::scratch("spool-utf16");
  test::write_file(dir / "utf16.csv", test::utf16("Provider,Contract value\nMind,5\n", true, true));
  test::write_file(dir / "utf8.csv", "Provider,Contract value\nMind,5\n");
  const auto copy = foi::utf8_copy_of(foi::InputFile{(dir / "utf16.csv").string(), "utf16.csv", nullptr});
  REQUIRE(copy);
  // Its byte-order mark too, as UTF-8: the reader takes it off as it does the file's own.
  CHECK(test::slurp(foi::source_path(copy->input)) == "\xEF\xBB\xBFProvider,Contract value\nMind,5\n");
  CHECK(copy->from.encoding == foi::Encoding::utf16le);
  CHECK_FALSE(foi::utf8_copy_of(foi::InputFile{(dir / "utf8.csv").string(), "utf8.csv", nullptr}));
}
