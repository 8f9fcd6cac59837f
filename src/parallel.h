// Two pieces of work at once, one on each core.
#pragma once

#include <exception>
#include <system_error>
#include <thread>

namespace foi {

// Runs a on another thread and b on this one and returns when both are
// done, rethrowing what either threw (a's first). When no thread can be
// had, both run here, one after the other.
template <typename A, typename B>
void on_both_cores(A&& a, B&& b) {
  std::exception_ptr a_failed;
  std::thread other;
  try {
    other = std::thread([&] {
      try {
        a();
      } catch (...) {
        a_failed = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    a();
  }
  std::exception_ptr b_failed;
  try {
    b();
  } catch (...) {
    b_failed = std::current_exception();
  }
  if (other.joinable()) other.join();
  if (a_failed) std::rethrow_exception(a_failed);
  if (b_failed) std::rethrow_exception(b_failed);
}

}  // namespace foi
