#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and UndefinedBehaviorSanitizer
# (Debug build, warnings as errors), then a short fuzz run of the reader and
# cell parsers when clang is installed (FOI_FUZZ_SECONDS, default 60; 0 skips).
set -euo pipefail
cd "$(dirname "$0")/.."
FOI_WITH_FUZZ=1 scripts/deps.sh
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFOI_SANITIZE=ON
cmake --build build-asan
ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
seconds="${FOI_FUZZ_SECONDS:-60}"
if [ "$seconds" != 0 ] && command -v clang++ >/dev/null; then
  scripts/fuzz.sh "$seconds"
fi
