#!/usr/bin/env bash
# The foi-contracts throughput benchmark, in one command on a fresh Debian 12
# machine (see bench/README.md):
#
#   1. installs what is missing: the build dependencies (scripts/deps.sh),
#      python3-pandas, nodejs + npm, time (apt-get), and the DuckDB peer
#      (npm ci in bench/peers);
#   2. builds the tool and gen_collated (Release) in $BUILD_DIR;
#   3. generates the ROWS-row collated file (reused when present);
#   4. checks that the tool and the peers agree on an AGREE_ROWS-row file
#      (bench/check_agreement.sh); stops on a disagreement;
#   5. runs `cat FILE`, `wc -l FILE`, the tool, the pandas peer and the
#      DuckDB peer, each peer as written straightforwardly and --tuned (see
#      bench/README.md), on the ROWS-row file in alternation, RUNS times
#      each, under /usr/bin/time, and prints the table;
#   6. prints what each stage of the tool adds to reading the file
#      (bench/stage_costs, RUNS rounds).
#
# Environment: ROWS (1000000), RUNS (5), AGREE_ROWS (100000), BUILD_DIR
# (build), DATA_DIR (bench/data), RESULTS_DIR (bench/results),
# SKIP_INSTALL=1, SKIP_AGREEMENT=1, ALLOW_DISAGREEMENT=1 (time anyway).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-5}"
AGREE_ROWS="${AGREE_ROWS:-100000}"
BUILD_DIR="${BUILD_DIR:-build}"
DATA_DIR="${DATA_DIR:-bench/data}"
RESULTS_DIR="${RESULTS_DIR:-bench/results}"
PYTHON=/usr/bin/python3
export BUILD_DIR DATA_DIR AGREE_ROWS

say() { printf '\n== %s\n' "$*"; }

# ---- 1. install ------------------------------------------------------------
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  say "installing what is missing"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  scripts/deps.sh
  missing=()
  $PYTHON -c 'import pandas' 2>/dev/null || missing+=(python3-pandas)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  [ -x /usr/bin/time ] || missing+=(time)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  if [ ! -d bench/peers/node_modules/@duckdb/node-api ] ||
     [ bench/peers/package-lock.json -nt bench/peers/node_modules/.package-lock.json ]; then
    (cd bench/peers && npm ci --no-audit --no-fund)
  fi
fi

# ---- 2. build --------------------------------------------------------------
say "building the tool, gen_collated and stage_costs (Release) in $BUILD_DIR"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target foi-contracts gen_collated stage_costs
TOOL="$BUILD_DIR/foi-contracts"
GEN="$BUILD_DIR/bench/gen_collated"
export TOOL GEN

# ---- 3. data ---------------------------------------------------------------
mkdir -p "$DATA_DIR" "$RESULTS_DIR"
FILE="$DATA_DIR/collated_$ROWS.csv"
if [ -s "$FILE" ] && [ -s "$FILE.types.csv" ]; then
  say "reusing $FILE (delete it to regenerate)"
else
  say "generating $FILE"
  "$GEN" "$ROWS" "$FILE"
fi

# ---- 4. agreement ----------------------------------------------------------
if [ "${SKIP_AGREEMENT:-0}" != 1 ]; then
  say "agreement on $AGREE_ROWS rows"
  if ! bench/check_agreement.sh; then
    if [ "${ALLOW_DISAGREEMENT:-0}" = 1 ]; then
      echo "run.sh: the implementations disagree; timing anyway (ALLOW_DISAGREEMENT=1)" >&2
    else
      echo "run.sh: the implementations disagree; no timing (ALLOW_DISAGREEMENT=1 times anyway)" >&2
      exit 1
    fi
  fi
fi

# ---- 5. timing -------------------------------------------------------------
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
pressure_before="$(head -1 /proc/pressure/cpu 2>/dev/null | cut -d' ' -f2-4)"
raw="$RESULTS_DIR/times_${ROWS}_$stamp.tsv"
out="$RESULTS_DIR/out_$ROWS"
mkdir -p "$out"
names=(cat wc tool pandas pandas_tuned duckdb duckdb_tuned)
argv_of() {
  case "$1" in
    cat) argv=(cat "$FILE") ;;
    wc) argv=(wc -l "$FILE") ;;
    tool) argv=("$TOOL" analyse "$FILE" --format json) ;;
    pandas) argv=("$PYTHON" bench/peers/peer_pandas.py "$FILE") ;;
    pandas_tuned) argv=("$PYTHON" bench/peers/peer_pandas.py --tuned "$FILE") ;;
    duckdb) argv=(node bench/peers/peer_duckdb.mjs "$FILE") ;;
    duckdb_tuned) argv=(node bench/peers/peer_duckdb.mjs --tuned "$FILE") ;;
  esac
}
say "timing on $FILE: ${names[*]}, in alternation, $RUNS runs each"
printf 'command\trun\twall_s\ttime_e_s\tmax_rss_kib\texit\tcpu_s\n' >"$raw"
for ((run = 1; run <= RUNS; run++)); do
  for name in "${names[@]}"; do
    argv_of "$name"
    sink=/dev/null
    case "$name" in cat | wc) ;; *) sink="$out/$name.json" ;; esac
    rc=0
    t0=$EPOCHREALTIME
    /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "${argv[@]}" >"$sink" 2>"$out/$name.stderr" || rc=$?
    t1=$EPOCHREALTIME
    # %e has 10 ms resolution, the whole run time of cat and wc: the wall
    # time used is EPOCHREALTIME's (microseconds) around /usr/bin/time.
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    read -r e rss user sys < <(tail -n 1 "$out/time.txt") || { e=nan; rss=0; user=0; sys=0; }
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    printf '%s\t%d\t%s\t%s\t%s\t%d\t%s\n' "$name" "$run" "$wall" "$e" "$rss" "$rc" "$cpu" >>"$raw"
    note=""
    [ "$rc" = 0 ] || note="  FAILED (exit $rc, see $out/$name.stderr)"
    printf '  run %d  %-12s %9ss %9s KiB%s\n' "$run" "$name" "$wall" "$rss" "$note"
  done
done

# Machine facts, then the table (and scaling against other sizes' results).
facts="$RESULTS_DIR/machine_$stamp.txt"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel: $(uname -r)"
  echo "load average (1/5/15 min): before timing $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ -r /proc/pressure/cpu ]; then
    echo "cpu pressure (share of time some task waited for a CPU): before timing $pressure_before, after $(head -1 /proc/pressure/cpu | cut -d' ' -f2-4)"
  fi
  echo "compiler: $(${CXX:-c++} --version | head -1)"
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    commit="commit $(git rev-parse --short HEAD)"
    git diff --quiet HEAD -- src include CMakeLists.txt || commit+=", with uncommitted changes to src/, include/ or CMakeLists.txt"
  else
    commit="not a git checkout"
  fi
  echo "tool: $("$TOOL" --version 2>/dev/null | head -1) ($BUILD_DIR, Release, $commit)"
  echo "pandas: $($PYTHON -c 'import pandas, numpy, sys; print(pandas.__version__, "numpy", numpy.__version__, "python", sys.version.split()[0])')"
  echo "duckdb: $(node -e "console.log(require('./bench/peers/node_modules/@duckdb/node-api/package.json').version)") (node $(node --version))"
  echo "file: $FILE, $ROWS rows, $(stat -c %s "$FILE") bytes, $(wc -l <"$FILE") lines"
} >"$facts"
say "results"
cat "$facts"
echo
LOAD_BEFORE="$load_before" $PYTHON - "$raw" "$FILE" "$ROWS" "$RESULTS_DIR" <<'EOF' | tee "$RESULTS_DIR/table_${ROWS}_$stamp.txt"
import csv, glob, os, statistics, sys

raw, path, rows, results = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
size_mb = os.path.getsize(path) / 1e6

def load(p):
    t = {}
    for r in csv.DictReader(open(p), delimiter="\t"):
        if r["exit"] == "0" and r["wall_s"] != "nan":
            # CPU seconds (user + system) are in results from 2026-11-26 09:40 on.
            cpu = float(r.get("cpu_s") or "nan")
            t.setdefault(r["command"], []).append((float(r["wall_s"]), int(r["max_rss_kib"]), cpu))
    return t

t = load(raw)
label = {"cat": "cat FILE > /dev/null", "wc": "wc -l FILE", "tool": "foi-contracts analyse --format json",
         "pandas": "pandas peer (python3-pandas)", "pandas_tuned": "pandas peer, --tuned",
         "duckdb": "DuckDB peer (@duckdb/node-api)", "duckdb_tuned": "DuckDB peer, --tuned"}
order = ["cat", "wc", "tool", "pandas", "pandas_tuned", "duckdb", "duckdb_tuned"]
med = {k: statistics.median(w for w, *_ in v) for k, v in t.items()}
prec = lambda x: f"{x:.3f}" if x < 1 else f"{x:.2f}"
print(f"{rows:,} rows, {size_mb:.1f} MB; median of {max(len(v) for v in t.values())} runs each, in alternation")
print()
hdr = ["command", "runs", "median s", "min s", "max s", "CPU s", "MB/s", "peak RSS MiB", "tool/this"]
out = []
for k in order:
    if k not in t:
        out.append([label[k], "0", "failed", "", "", "", "", "", ""])
        continue
    w = [x for x, *_ in t[k]]
    rss = max(r for _, r, _ in t[k]) / 1024
    cpu = statistics.median(c for *_, c in t[k])
    ratio = f"{med['tool'] / med[k]:.2f}" if "tool" in med and med[k] > 0 else "-"
    out.append([label[k], str(len(w)), prec(med[k]), prec(min(w)), prec(max(w)), "-" if cpu != cpu else prec(cpu),
                f"{size_mb / med[k]:.0f}" if med[k] > 0 else "inf", f"{rss:.0f}", ratio])
wid = [max(len(r[i]) for r in out + [hdr]) for i in range(len(hdr))]
fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, wid)))
print(fmt(hdr))
print(fmt(["-" * w for w in wid]))
for r in out:
    print(fmt(r))
load_avg = os.environ.get("LOAD_BEFORE", "0 0 0").split()
if float(load_avg[0]) > os.cpu_count() * 0.5:
    print(f"warning: the load average was {' '.join(load_avg)} on {os.cpu_count()} cores before timing: "
          "something else was running, and the times are not reliable")
print()
if "tool" in med:
    for k, name in [("pandas", "tool/pandas"), ("pandas_tuned", "tool/pandas tuned"), ("duckdb", "tool/duckdb"),
                    ("duckdb_tuned", "tool/duckdb tuned"), ("wc", "tool/wc -l")]:
        if k in med and med[k] > 0:
            print(f"{name:18} {med['tool'] / med[k]:6.2f}  (wall time; below 1 the tool is faster)")

# The goals of docs/performance.md, set for the 1M-row file, against this run's medians.
if rows == 1_000_000 and "tool" in med:
    tool_rss = max(r for _, r, _ in t["tool"]) / 1024
    goals = [("at least 5x faster than the DuckDB peer", "duckdb", 5.0),
             ("  and than the tuned DuckDB peer", "duckdb_tuned", 5.0),
             ("at least 30x faster than the pandas peer", "pandas", 30.0),
             ("  and than the tuned pandas peer", "pandas_tuned", 30.0)]
    print()
    print("goals (docs/performance.md), from this run's medians:")
    for text, k, want in goals:
        if k in med:
            got = med[k] / med["tool"]
            print(f"  {text:42} {got:6.1f}x  {'met' if got >= want else 'not met'}")
    mbps = size_mb / med["tool"]
    print(f"  {'about 500 MB/s':42} {mbps:6.0f}   {'met' if mbps >= 475 else 'not met'}")
    print(f"  {'at most 64 MiB of memory':42} {tool_rss:6.0f}   {'met' if tool_rss <= 64 else 'not met'}")

# Scaling: the latest result of every other size, time per million rows.
latest = {}
for p in sorted(glob.glob(os.path.join(results, "times_*_*.tsv"))):
    n = int(os.path.basename(p).split("_")[1])
    latest[n] = p
latest[rows] = raw
if len(latest) > 1:
    print()
    print("scaling: median seconds per million rows (equal across sizes = linear)")
    sizes = sorted(latest)
    print("command".ljust(13) + "".join(f"{n:>14,}" for n in sizes))
    tabs = {n: load(p) for n, p in latest.items()}
    for k in order:
        cells = []
        for n in sizes:
            v = tabs[n].get(k)
            cells.append(f"{statistics.median(w for w, *_ in v) / (n / 1e6):14.3f}" if v else f"{'-':>14}")
        print(k.ljust(13) + "".join(cells))
EOF
echo
echo "raw times: $raw; machine: $facts"

# ---- 6. stages -------------------------------------------------------------
stages="$RESULTS_DIR/stages_${ROWS}_$stamp.txt"
say "where the tool's time goes: each stage on top of reading the file"
if "$BUILD_DIR/bench/stage_costs" "$FILE" "$RUNS" | tee "$stages"; then
  echo
  echo "stages: $stages"
else
  echo "(no stage table: stage_costs measures files that analyse reads as two halves)"
fi
