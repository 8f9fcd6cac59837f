#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs them, seeded from the test
# data, the sample returns and the kept reproducers (fuzz/regressions).
#
#   scripts/fuzz.sh 1200     explore: each target for half the seconds, growing
#                            the corpus in build-fuzz/corpus (see docs/fuzzing.md)
#   scripts/fuzz.sh --quick  the test script's run: a fixed seed and number of
#                            inputs from the seeds alone, so that it gives the same
#                            result on every machine
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-60}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFOI_FUZZ=ON \
  -DFOI_TESTS=OFF -DFOI_BENCH=OFF >/dev/null
cmake --build build-fuzz --target fuzz_reader fuzz_cells fuzz_workbook fuzz_commands
for target in fuzz_reader fuzz_cells fuzz_workbook fuzz_commands; do
  case "$target" in
    fuzz_workbook)
      # Workbooks are larger than the returns' CSV files: the seeds keep their bytes.
      seeds=(fuzz/seeds/workbook tests/data/workbooks tests/data/workbooks/hostile data/samples/bjgp2019/returns)
      runs=1000 quick_len=65536 ;;
    fuzz_commands)
      # Sets of returns parted by form feeds, each input run through a command three ways.
      seeds=(fuzz/seeds/commands)
      runs=60 quick_len=16384 ;;
    fuzz_reader)
      seeds=(tests/data/csv-spectrum/csvs data/samples/bjgp2019/returns tests/data/bad fuzz/regressions)
      runs=2000 quick_len=4096 ;;
    *)
      seeds=(tests/data/csv-spectrum/csvs data/samples/bjgp2019/returns tests/data/bad fuzz/regressions)
      runs=20000 quick_len=4096 ;;
  esac
  if [ "$mode" = "--quick" ]; then
    corpus=$(mktemp -d)
    echo "fuzzing $target: $runs inputs, seed 1"
    limits=(-seed=1 -runs="$runs" -max_len="$quick_len")
  else
    corpus="build-fuzz/corpus/$target"
    mkdir -p "$corpus"
    half=$(( mode / 2 ))
    [ "$half" -lt 1 ] && half=1
    echo "fuzzing $target for ${half}s"
    limits=(-max_total_time="$half")
  fi
  ./build-fuzz/fuzz/$target "$corpus" "${seeds[@]}" -max_len=65536 "${limits[@]}" -rss_limit_mb=2048 \
    -timeout=30 -artifact_prefix="build-fuzz/$target-" -print_final_stats=1 2>&1 |
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" || true
  [ "$mode" = "--quick" ] && rm -rf "$corpus"
  found=$(find build-fuzz -maxdepth 1 -name "$target-*" -type f | head -n 5)
  if [ -n "$found" ]; then
    echo "fuzzing $target found a failure; reproduce with ./build-fuzz/fuzz/$target FILE:" >&2
    echo "$found" >&2
    exit 1
  fi
done
