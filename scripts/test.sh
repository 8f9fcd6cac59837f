#!/usr/bin/env bash
# Runs a short fuzz run of the reader and cell parsers (when clang is
# installed), then the test suite under AddressSanitizer and
# UndefinedBehaviorSanitizer (Debug build, warnings as errors).
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
# The test summary comes last, so it closes the output.
ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
