// Two pieces of work at once.
#include "parallel.h"

#include <atomic>
#include <stdexcept>
#include <thread>

#include <catch2/catch.hpp>

TEST_CASE("parallel: both pieces run, the first on another thread, and both are done on return", "[parallel]") {
  std::atomic<int> done{0};
  std::thread::id a_on, b_on;
  foi::on_both_cores(
      [&] {
        a_on = std::this_thread::get_id();
        ++done;
      },
      [&] {
        b_on = std::this_thread::get_id();
        ++done;
      });
  CHECK(done == 2);
  CHECK(b_on == std::this_thread::get_id());
  CHECK(a_on != b_on);
}

TEST_CASE("parallel: what either piece throws comes back once both are done, the first piece's first",
          "[parallel]") {
  bool b_ran = false;
  CHECK_THROWS_WITH(foi::on_both_cores([] { throw std::runtime_error("a failed"); }, [&] { b_ran = true; }),
                    "a failed");
  CHECK(b_ran);
  CHECK_THROWS_WITH(foi::on_both_cores([] {}, [] { throw std::runtime_error("b failed"); }), "b failed");
  CHECK_THROWS_WITH(foi::on_both_cores([] { throw std::runtime_error("a failed"); },
                                       [] { throw std::runtime_error("b failed"); }),
                    "a failed");
}
