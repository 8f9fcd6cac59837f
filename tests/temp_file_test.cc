#include "temp_file.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <system_error>

#include "test_util.h"

TEST_CASE("temp file: a new private file in TMPDIR takes every byte written", "[temp_file]") {
  const auto dir = test::scratch("temp-file");
  test::ScopedEnv tmpdir("TMPDIR", dir.c_str());
  foi::TempFile a = foi::make_temp_file("foi-test"), b = foi::make_temp_file("foi-test");
  CHECK(a.path != b.path);
  CHECK(std::filesystem::path(a.path).parent_path() == dir);
  CHECK(std::filesystem::path(a.path).filename().string().rfind("foi-test-", 0) == 0);
  const std::string bytes(300000, 'x');  // more than one write may take
  foi::write_all(a.fd, bytes.data(), bytes.size());
  ::close(a.fd);
  ::close(b.fd);
  CHECK(test::slurp(a.path) == bytes);
  CHECK(std::filesystem::file_size(b.path) == 0);
}

TEST_CASE("temp file: a TMPDIR that does not exist is an error naming the path", "[temp_file]") {
  test::ScopedEnv tmpdir("TMPDIR", "/nonexistent/foi-contracts-test");
  try {
    foi::make_temp_file("foi-test");
    FAIL("no error");
  } catch (const std::system_error& e) {
    CHECK(std::string(e.what()).find("/nonexistent/foi-contracts-test/foi-test-") != std::string::npos);
  }
}

TEST_CASE("temp file: writing to a closed descriptor is an error, not a short file", "[temp_file]") {
  foi::TempFile t = foi::make_temp_file("foi-test");
  ::close(t.fd);
  ::unlink(t.path.c_str());
  CHECK_THROWS_AS(foi::write_all(t.fd, "abc", 3), std::system_error);
}

TEST_CASE("temp file: the folder is TMPDIR, or /tmp when it is empty", "[temp_file]") {
  {
    test::ScopedEnv tmpdir("TMPDIR", "/var/spool/foi");
    CHECK(foi::temp_dir() == "/var/spool/foi");
  }
  test::ScopedEnv tmpdir("TMPDIR", "");
  CHECK(foi::temp_dir() == "/tmp");
}
