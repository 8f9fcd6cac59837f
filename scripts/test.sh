#!/usr/bin/env bash
# Runs a short fuzz run of the reader and cell parsers (when clang is
# installed), the test suite under ThreadSanitizer, then under
# AddressSanitizer and UndefinedBehaviorSanitizer (Debug build, warnings as
# errors).
set -euo pipefail
cd "$(dirname "$0")/.."
FOI_WITH_FUZZ=1 scripts/deps.sh
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFOI_SANITIZE=ON
cmake --build build-asan
# A short, deterministic fuzz run (fixed seed and input count) when clang is
# there; FOI_FUZZ=0 skips it. Longer runs: scripts/fuzz.sh SECONDS.
if [ "${FOI_FUZZ:-1}" != 0 ] && command -v clang++ >/dev/null; then
  scripts/fuzz.sh --quick
fi
# Large inputs are read on two threads (halves, runs of files, shared
# provider decisions): the whole suite again under ThreadSanitizer, which
# fails a test on any data race. FOI_TSAN=0 skips it.
if [ "${FOI_TSAN:-1}" != 0 ]; then
  # Some kernels randomise the address space more than this compiler's
  # ThreadSanitizer allows for ("unexpected memory mapping"); a run without
  # that randomisation (setarch -R) works there. Tried on a small program
  # first, so that the suite is not built for nothing.
  mkdir -p build-tsan
  printf '#include <thread>\nint main(){int x=0;std::thread t([&]{x=1;});t.join();return x-1;}\n' >build-tsan/probe.cc
  g++ -std=c++20 -fsanitize=thread build-tsan/probe.cc -o build-tsan/probe
  run=()
  tsan=1
  if ! build-tsan/probe >/dev/null 2>&1; then
    if setarch "$(uname -m)" -R build-tsan/probe >/dev/null 2>&1; then
      run=(setarch "$(uname -m)" -R)
    else
      tsan=0
      echo "WARNING: ThreadSanitizer cannot run on this machine, even without address-space" \
        "randomisation; the suite is not run under it here:" >&2
      build-tsan/probe 2>&1 | head -n 5 >&2 || true
    fi
  fi
  if [ "$tsan" = 1 ]; then
    cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFOI_TSAN=ON -DFOI_BENCH=OFF
    cmake --build build-tsan
    TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}" "${run[@]}" ctest --test-dir build-tsan --output-on-failure \
      -j "$(nproc)"
  fi
fi
# The test summary comes last, so it closes the output.
ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
