#!/usr/bin/env bash
# National files as collations really come, made from the benchmark's
# 1M-row file, and `foi-contracts analyse` timed on each: the shapes that
# once fell off the fast path (a second half read again, or one core used),
# and the 1M rows piped in, saved as UTF-16, with a stray NUL and CR, and
# as Excel saves "CSV" (Windows-1252) and "CSV UTF-8" (a BOM, CRLF).
# See docs/performance.md ("National files shaped otherwise").
#
#   bench/shapes.sh                 # RUNS (3) runs of the tool on each shape
#   BASE=/path/to/foi-contracts bench/shapes.sh   # and of another build, in alternation
#   COMMANDS="validate normalise providers" SHAPES="benchmark.csv returns" bench/shapes.sh
#                                   # other commands (output to /dev/null), on some shapes
#
# Needs the tool built and bench/data/collated_1000000.csv (bench/run.sh
# makes both). The shapes (about 1 GB) go to $DATA_DIR/shapes and are
# reused; delete them after changing the generator. Environment: RUNS (3),
# BUILD_DIR (build), DATA_DIR (bench/data), BASE, COMMANDS (analyse),
# SHAPES (all).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
BUILD_DIR="${BUILD_DIR:-build}"
DATA_DIR="${DATA_DIR:-bench/data}"
TOOL="$BUILD_DIR/foi-contracts"
SOURCE="$DATA_DIR/collated_1000000.csv"
OUT="$DATA_DIR/shapes"
[ -x "$TOOL" ] || { echo "shapes: $TOOL is missing; run bench/run.sh first (or build with CMake)" >&2; exit 2; }
[ -s "$SOURCE" ] || { echo "shapes: $SOURCE is missing; run bench/run.sh first" >&2; exit 2; }
mkdir -p "$OUT"

# Each shape from the source's records (Python's csv module reads the
# quoted cells and their line breaks), written once.
python3 - "$SOURCE" "$OUT" <<'PY'
import csv, os, random, sys

source, out = sys.argv[1:3]
def done(name):
    return os.path.exists(os.path.join(out, name))
def write(name, header, rows):
    path = os.path.join(out, name)
    with open(path + ".tmp", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        if header:
            w.writerow(header)
        w.writerows(rows)
    os.replace(path + ".tmp", path)

with open(source, newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = list(reader)
n = len(rows)
rng = random.Random(7)

if not done("benchmark.csv"):
    write("benchmark.csv", header, rows)
if not done("repeat_at_end.csv"):  # one duplicate across the halves
    write("repeat_at_end.csv", header, rows + [rows[0]])
if not done("repeats.csv"):  # 3,000 rows of the first third copied into the last 40%, 500 of them twice
    picks = rng.sample(range(n // 3), 3000)
    copies = picks + rng.sample(picks, 500)
    rng.shuffle(copies)
    at = sorted(rng.sample(range(int(n * 0.6), n), len(copies)))
    merged, k = [], 0
    for i, row in enumerate(rows):
        while k < len(at) and at[k] == i:
            merged.append(rows[copies[k]])
            k += 1
        merged.append(row)
    write("repeats.csv", header, merged)
by_ccg = {}
for row in rows:
    by_ccg.setdefault(row[0], []).append(row)
if not done("returns_appended.csv"):  # each CCG's rows under a header row of its own
    appended = []
    for i, group in enumerate(by_ccg.values()):
        if i:
            appended.append(header)
        appended.extend(group)
    write("returns_appended.csv", header, appended)
if not done("line_breaks.csv"):  # a second line in every service cell
    service = header.index("Service")
    write("line_breaks.csv", header,
          ([c if j != service else c + "\nSee schedule " + str(i % 50) for j, c in enumerate(r)]
           for i, r in enumerate(rows)))
if not done("returns"):  # one file per CCG
    os.makedirs(os.path.join(out, "returns.tmp"), exist_ok=True)
    for code, group in by_ccg.items():
        write(os.path.join("returns.tmp", f"{code}_contracts.csv"), header, group)
    os.replace(os.path.join(out, "returns.tmp"), os.path.join(out, "returns"))
if not done("stray_bytes.csv"):  # a NUL byte in a cell and a lone CR line end, both early in the file
    with open(source, "rb") as f:
        data = f.read()
    cr = data.index(b"\n", len(data) // 20)
    nul = data.index(b",", data.index(b"\n", len(data) // 10) + 1)
    with open(os.path.join(out, "stray_bytes.csv.tmp"), "wb") as g:
        g.write(data[:cr] + b"\r" + data[cr + 1:nul] + b"\0" + data[nul:])
    os.replace(os.path.join(out, "stray_bytes.csv.tmp"), os.path.join(out, "stray_bytes.csv"))
if not done("utf16.csv"):  # saved as Excel's "Unicode text" saves: UTF-16 LE with a byte-order mark
    with open(source, "rb") as f, open(os.path.join(out, "utf16.csv.tmp"), "wb") as g:
        g.write(f.read().decode("utf-8").encode("utf-16"))
    os.replace(os.path.join(out, "utf16.csv.tmp"), os.path.join(out, "utf16.csv"))
if not done("windows_1252.csv"):  # saved by Excel as "CSV" on Windows: Windows-1252, each £ one byte (0xA3)
    with open(source, "rb") as f, open(os.path.join(out, "windows_1252.csv.tmp"), "wb") as g:
        g.write(f.read().decode("utf-8").encode("cp1252", errors="replace"))
    os.replace(os.path.join(out, "windows_1252.csv.tmp"), os.path.join(out, "windows_1252.csv"))
if not done("excel_utf8.csv"):  # saved by Excel as "CSV UTF-8": a byte-order mark and CRLF line ends
    with open(source, "rb") as f, open(os.path.join(out, "excel_utf8.csv.tmp"), "wb") as g:
        g.write(b"\xef\xbb\xbf" + f.read().replace(b"\n", b"\r\n"))
    os.replace(os.path.join(out, "excel_utf8.csv.tmp"), os.path.join(out, "excel_utf8.csv"))
if not done("spending.csv"):  # a spending file of 50,000 suppliers, each row a payment
    codes = sorted(by_ccg)
    words = ["Care", "Health", "Support", "Homes", "Services", "Living", "Community", "Partners", "Clinic",
             "Therapy", "Hospital", "Group", "Trust", "Housing", "Recovery", "Wellbeing", "Solutions", "Medical",
             "Nursing", "Associates"]
    suppliers = set()
    while len(suppliers) < 50000:
        suppliers.add(f"{rng.choice(words)} {rng.choice(words)} {rng.randint(1, 9999)} "
                      f"{rng.choice(['Ltd', 'Limited', 'LLP', 'CIC', 'Plc'])}")
    suppliers = sorted(suppliers)
    write("spending.csv", ["Entity", "Date", "Expense type", "Supplier", "Amount"],
          ([rng.choice(codes), f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2013", "Mental health services",
            suppliers[rng.randrange(50000)], f"{rng.randint(25000, 900000)}.00"] for _ in range(1000000)))
PY

# piped: the benchmark's file through a pipe (`cat FILE | foi-contracts analyse -`).
all_shapes="benchmark.csv repeat_at_end.csv repeats.csv returns_appended.csv line_breaks.csv returns spending.csv
  piped utf16.csv stray_bytes.csv windows_1252.csv excel_utf8.csv"
# shellcheck disable=SC2206  # names split on spaces and line ends, as given
shapes=(${SHAPES:-$all_shapes})
# shellcheck disable=SC2206
commands=(${COMMANDS:-analyse})
tools=("$TOOL")
[ -n "${BASE:-}" ] && tools+=("$BASE")
declare -A times
for ((run = 1; run <= RUNS; run++)); do
  for command in "${commands[@]}"; do
    args=("$command")
    [ "$command" = analyse ] && args+=(--format json)
    for shape in "${shapes[@]}"; do
      for tool in "${tools[@]}"; do
        t0=$EPOCHREALTIME
        if [ "$shape" = piped ]; then
          cat "$OUT/benchmark.csv" | "$tool" "${args[@]}" - >/dev/null 2>&1 || true
        else
          "$tool" "${args[@]}" "$OUT/$shape" >/dev/null 2>&1 || true
        fi
        t1=$EPOCHREALTIME
        times["$command $shape $tool"]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') "
      done
    done
  done
done
for command in "${commands[@]}"; do
  for shape in "${shapes[@]}"; do
    line="$(printf '%-10s %-22s' "$command" "$shape")"
    for tool in "${tools[@]}"; do
      median=$(python3 -c 'import statistics, sys; print(f"{statistics.median(float(x) for x in sys.argv[1].split()):.3f}")' \
        "${times["$command $shape $tool"]}")
      line+="  $(printf '%8ss' "$median") ($tool)"
    done
    echo "$line"
  done
done
