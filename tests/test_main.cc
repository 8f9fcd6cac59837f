// The tests' runner: Catch2's own, then this process's scratch folders
// removed when every test passed. ctest runs each test case in a process
// of its own, and a national-sized test's files are a few hundred MB: left
// behind, a few hundred runs fill a disk. A failed run keeps them, to look at.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <filesystem>
#include <system_error>

#include "test_util.h"

int main(int argc, char* argv[]) {
  const int failed = Catch::Session().run(argc, argv);
  if (failed == 0) {
    std::error_code ec;
    std::filesystem::remove_all(test::scratch_root(), ec);
    std::filesystem::remove_all(test::tool_runs_folder(), ec);
  }
  return failed;
}
