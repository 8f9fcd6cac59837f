#!/usr/bin/env bash
# Checks that the tool and both peers (each straightforward and --tuned) compute the same figures on one
# generated collated file (100,000 rows by default): counts exactly, shares
# to 1e-9 absolute, values and hhi.median to 1e-6 relative. Prints the
# table and exits 1 on any disagreement.
#
# Needs the tool and gen_collated built (Release) and the peers installed;
# bench/run.sh does all of that and then calls this script.
#
# Environment: AGREE_ROWS (100000), BUILD_DIR (build), DATA_DIR (bench/data),
# TOOL ($BUILD_DIR/foi-contracts), GEN ($BUILD_DIR/bench/gen_collated).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${AGREE_ROWS:-100000}"
BUILD_DIR="${BUILD_DIR:-build}"
DATA_DIR="${DATA_DIR:-bench/data}"
TOOL="${TOOL:-$BUILD_DIR/foi-contracts}"
GEN="${GEN:-$BUILD_DIR/bench/gen_collated}"
PYTHON=/usr/bin/python3

for f in "$TOOL" "$GEN"; do
  [ -x "$f" ] || { echo "check_agreement: $f is missing; run bench/run.sh (or build with CMake)" >&2; exit 2; }
done
[ -d bench/peers/node_modules/@duckdb/node-api ] ||
  { echo "check_agreement: run 'npm ci' in bench/peers first (bench/run.sh does)" >&2; exit 2; }

mkdir -p "$DATA_DIR"
file="$DATA_DIR/collated_$ROWS.csv"
if [ ! -s "$file" ] || [ ! -s "$file.types.csv" ]; then
  "$GEN" "$ROWS" "$file"
fi
out="$DATA_DIR/agreement_$ROWS"
mkdir -p "$out"

status=0
"$TOOL" analyse "$file" --format json >"$out/tool.json" 2>"$out/tool.stderr" || status=$?
if [ "$status" -gt 1 ] || [ ! -s "$out/tool.json" ]; then
  echo "check_agreement: the tool failed (exit $status):" >&2
  cat "$out/tool.stderr" >&2
  exit 2
fi
$PYTHON bench/peers/peer_pandas.py "$file" >"$out/pandas.json"
$PYTHON bench/peers/peer_pandas.py --tuned "$file" >"$out/pandas_tuned.json"
node bench/peers/peer_duckdb.mjs "$file" >"$out/duckdb.json"
node bench/peers/peer_duckdb.mjs --tuned "$file" >"$out/duckdb_tuned.json"

echo "Agreement on $file ($ROWS rows): tool, pandas, pandas tuned, DuckDB, DuckDB tuned"
echo
$PYTHON bench/peers/compare.py "$out/tool.json" "$out/pandas.json" "$out/pandas_tuned.json" "$out/duckdb.json" \
  "$out/duckdb_tuned.json"
