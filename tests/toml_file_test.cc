#include "toml_file.h"

#include <sys/stat.h>

#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace {

std::string dotted(std::size_t parts) {
  std::string key = "a";
  for (std::size_t i = 1; i < parts; ++i) key += ".a";
  return key;
}

foi::Location refused_at(const std::string& path) {
  try {
    (void)foi::parse_toml_file(path);
  } catch (const foi::Error& e) {
    return e.where();
  }
  FAIL("not refused: " << path);
  return {};
}

}  // namespace

TEST_CASE("toml_file: a key or table header of thousands of dotted parts is refused at its line, not followed to a "
          "crash",
          "[toml_file]") {
  const auto dir = test::scratch("toml-deep");
  test::write_file(dir / "key.toml", "# study\n" + dotted(50000) + " = 1\n");
  test::write_file(dir / "table.toml", "[" + dotted(50000) + "]\nb = 1\n");
  CHECK(refused_at((dir / "key.toml").string()).line == 2);
  CHECK(refused_at((dir / "table.toml").string()).line == 1);
  CHECK_THROWS_WITH(foi::parse_toml_file((dir / "key.toml").string()), Catch::Contains("a key of 50000 dotted parts"));
}

TEST_CASE("toml_file: keys of a few parts, dots in quoted parts and in values are read", "[toml_file]") {
  const auto dir = test::scratch("toml-keys");
  test::write_file(dir / "s.toml", dotted(60) + " = 1\n\"x.y.z\" = 2\nname = \"" + dotted(100) + "\"\n[t]\nv = 3\n");
  const toml::table t = foi::parse_toml_file((dir / "s.toml").string());
  CHECK(t["x.y.z"].value<int>() == 2);
  CHECK(t["name"].value<std::string>()->size() == 199);
  CHECK(t["t"]["v"].value<int>() == 3);
  CHECK(foi::toml_key_parts("[a.\"b.c\".d]") == 3);
  CHECK(foi::toml_key_parts("a.b = \"c.d.e\"") == 2);
}

TEST_CASE("toml_file: a syntax error is at its line and column", "[toml_file]") {
  const auto dir = test::scratch("toml-syntax");
  test::write_file(dir / "s.toml", "[study]\nfirst_year = = 2013\n");
  const foi::Location at = refused_at((dir / "s.toml").string());
  CHECK(at.line == 2);
  CHECK(at.column > 0);
}

TEST_CASE("toml_file: a device or a file of megabytes is refused unread; a folder is refused; a pipe reads as a file",
          "[toml_file]") {
  CHECK_THROWS_WITH(foi::parse_toml_file("/dev/zero"), Catch::Contains("is a device"));
  const auto dir = test::scratch("toml-files");
  test::write_file(dir / "big.toml", "# " + std::string(2u << 20, 'x') + "\n");
  CHECK_THROWS_WITH(foi::parse_toml_file((dir / "big.toml").string()), Catch::Contains("is larger than 1024 KiB"));
  CHECK_THROWS_WITH(foi::parse_toml_file(dir.string()), Catch::Contains("is a folder"));
  CHECK_THROWS_AS(foi::parse_toml_file((dir / "missing.toml").string()), foi::Error);

  const std::string fifo = (dir / "pipe.toml").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer([&] { test::write_file(fifo, "[study]\nfirst_year = 2014\n"); });
  const toml::table t = foi::parse_toml_file(fifo);
  writer.join();
  CHECK(t["study"]["first_year"].value<int>() == 2014);
}
