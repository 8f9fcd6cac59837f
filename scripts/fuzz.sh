#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for N seconds
# (default 60), seeded from the test data and the sample returns.
# Longer runs: scripts/fuzz.sh 600 (see docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFOI_FUZZ=ON \
  -DFOI_TESTS=OFF -DFOI_BENCH=OFF >/dev/null
cmake --build build-fuzz --target fuzz_reader fuzz_cells
for target in fuzz_reader fuzz_cells; do
  corpus="build-fuzz/corpus/$target"
  mkdir -p "$corpus"
  seeds=(tests/data/csv-spectrum/csvs data/samples/bjgp2019/returns)
  [ -d tests/data/bad ] && seeds+=(tests/data/bad)
  [ -d fuzz/regressions ] && seeds+=(fuzz/regressions)
  echo "fuzzing $target for ${seconds}s"
  half=$(( seconds / 2 ))
  [ "$half" -lt 1 ] && half=1
  ./build-fuzz/fuzz/$target "$corpus" "${seeds[@]}" -max_total_time="$half" -max_len=65536 -rss_limit_mb=2048 \
    -timeout=30 -artifact_prefix="build-fuzz/$target-" -print_final_stats=1 2>&1 |
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" || true
  found=$(find build-fuzz -maxdepth 1 -name "$target-*" -type f | head -n 5)
  if [ -n "$found" ]; then
    echo "fuzzing $target found a failure; reproduce with ./build-fuzz/fuzz/$target FILE:" >&2
    echo "$found" >&2
    exit 1
  fi
done
