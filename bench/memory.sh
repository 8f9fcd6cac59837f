#!/usr/bin/env bash
# Is memory flat in the number of rows? Runs `validate`, `normalise` (CSV
# to /dev/null) and `analyse --format json` once on each collated file
# of ROWS_LIST under /usr/bin/time and prints their peak memory and time;
# the goal is that `validate` and `normalise` need no more memory for the
# largest file than MAX_GROWTH times what they need for the smallest.
#
# Needs the tool and gen_collated built (bench/run.sh builds them) and the
# disk for the files (about 160 MB a million rows), which are generated
# when missing. Environment: ROWS_LIST ("1000000 10000000"), MAX_GROWTH
# (2.5), BUILD_DIR (build), DATA_DIR (bench/data).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS_LIST="${ROWS_LIST:-1000000 10000000}"
MAX_GROWTH="${MAX_GROWTH:-2.5}"
BUILD_DIR="${BUILD_DIR:-build}"
DATA_DIR="${DATA_DIR:-bench/data}"
TOOL="$BUILD_DIR/foi-contracts"
GEN="$BUILD_DIR/bench/gen_collated"
for f in "$TOOL" "$GEN" /usr/bin/time; do
  [ -x "$f" ] || { echo "memory: $f is missing; run bench/run.sh first (or build with CMake)" >&2; exit 2; }
done
mkdir -p "$DATA_DIR"
results=$(mktemp)
measured=$(mktemp)
trap 'rm -f "$results" "$measured"' EXIT
printf '%-10s %10s %10s %12s\n' command rows seconds "peak MiB"
for rows in $ROWS_LIST; do
  file="$DATA_DIR/collated_$rows.csv"
  [ -s "$file" ] || "$GEN" "$rows" "$file"
  for cmd in validate normalise analyse; do
    args=("$cmd" "$file")
    [ "$cmd" = analyse ] && args+=(--format json)
    # Findings and rows go to /dev/null; time writes its line to a file.
    /usr/bin/time -o "$measured" -f "%e %M" "$TOOL" "${args[@]}" >/dev/null 2>&1 || true
    read -r seconds kib < <(tail -1 "$measured")
    printf '%-10s %10d %10.2f %12.1f\n' "$cmd" "$rows" "$seconds" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
    echo "$cmd $rows $kib" >>"$results"
  done
done
python3 - "$results" "$MAX_GROWTH" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    cmd, n, kib = line.split()
    rows.setdefault(cmd, []).append((int(n), int(kib)))
limit = float(sys.argv[2])
ok = True
for cmd in ("validate", "normalise", "analyse"):
    runs = sorted(rows.get(cmd, []))
    if len(runs) < 2:
        continue
    (n0, m0), (n1, m1) = runs[0], runs[-1]
    growth = m1 / m0
    goal = cmd != "analyse"
    verdict = ("ok" if growth <= limit else "NOT MET") if goal else "(no goal)"
    print(f"{cmd}: {n1 / n0:.0f}x the rows, {growth:.2f}x the memory {verdict}")
    ok = ok and (growth <= limit or not goal)
sys.exit(0 if ok else 1)
PY
