#!/usr/bin/env bash
# Is the tool's cost linear in rows? Times `foi-contracts analyse` on the
# 1M-row and the 10M-row collated files in alternation (RUNS times each, so
# that both sizes meet the same machine) and prints the medians and the
# ratio; the goal is at most 11x for 10x the rows.
#
# Needs the tool and gen_collated built (bench/run.sh builds them) and
# about 1.6 GB of disk for the 10M-row file, which is generated when
# missing. Environment: RUNS (3), BUILD_DIR (build), DATA_DIR (bench/data).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
BUILD_DIR="${BUILD_DIR:-build}"
DATA_DIR="${DATA_DIR:-bench/data}"
TOOL="$BUILD_DIR/foi-contracts"
GEN="$BUILD_DIR/bench/gen_collated"
for f in "$TOOL" "$GEN"; do
  [ -x "$f" ] || { echo "linearity: $f is missing; run bench/run.sh first (or build with CMake)" >&2; exit 2; }
done
mkdir -p "$DATA_DIR"
for rows in 1000000 10000000; do
  file="$DATA_DIR/collated_$rows.csv"
  [ -s "$file" ] || "$GEN" "$rows" "$file"
done
declare -A times
for ((run = 1; run <= RUNS; run++)); do
  for rows in 1000000 10000000; do
    t0=$EPOCHREALTIME
    "$TOOL" analyse "$DATA_DIR/collated_$rows.csv" --format json >/dev/null 2>&1 || true
    t1=$EPOCHREALTIME
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    times[$rows]+="$t "
    printf '  run %d  %8d rows  %8ss\n' "$run" "$rows" "$t"
  done
done
python3 - "${times[1000000]}" "${times[10000000]}" <<'PY'
import statistics, sys
one, ten = (statistics.median(float(x) for x in a.split()) for a in sys.argv[1:3])
ratio = ten / one
print(f"median: 1M rows {one:.3f} s, 10M rows {ten:.3f} s; 10M/1M = {ratio:.2f} (goal: at most 11)")
sys.exit(0 if ratio <= 11 else 1)
PY
