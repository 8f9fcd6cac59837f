#!/usr/bin/python3
"""Compares the figures of the tool and its peers (bench/check_agreement.sh).

Usage: compare.py TOOL.json PEER.json [PEER.json...]

Every figure that the tool and a peer both print is compared:
counts exactly (contracts, *.contracts, value.missing_contracts, hhi.ccgs);
shares (*_share) to 1e-9 absolute; values (value.total, *.value) and
hhi.median to 1e-6 relative. Prints a table and exits 1 on any
disagreement, 0 otherwise.
"""
import json
import os
import sys


def tolerance(name):
    if name == "contracts" or name.endswith(".contracts") or name in ("value.missing_contracts", "hhi.ccgs"):
        return "exact", 0.0
    if name.endswith("_share"):
        return "abs", 1e-9
    return "rel", 1e-6


def agree(name, a, b):
    # A figure of nothing (a share with no known value) is null in the tool:
    # it agrees with null alone.
    if a is None or b is None:
        return a is None and b is None
    kind, tol = tolerance(name)
    if kind == "exact":
        return a == b
    if kind == "abs":
        return abs(a - b) <= tol
    return abs(a - b) <= tol * max(abs(a), abs(b)) or a == b


def label(path, doc):
    return doc.get("peer", "tool").split()[0] if "peer" in doc else "tool"


def fmt(v):
    if v is None:
        return "-"
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{int(v)}"
    return f"{v:.10g}"


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: compare.py TOOL.json PEER.json [PEER.json...]")
    docs = [json.load(open(p)) for p in sys.argv[1:]]
    names = [label(p, d) for p, d in zip(sys.argv[1:], docs)]
    figs = [d["figures"] for d in docs]
    tool = figs[0]
    shared = [n for n in tool if any(n in f for f in figs[1:])]
    bad = 0
    header = ["figure"] + names + ["tolerance", "agree"]
    rows = []
    for n in shared:
        ok = all(agree(n, tool[n], f[n]) for f in figs[1:] if n in f)
        bad += not ok
        kind, tol = tolerance(n)
        rows.append([n] + [fmt(f.get(n)) for f in figs] + [kind if kind == "exact" else f"{kind} {tol:g}",
                                                           "yes" if ok else "NO"])
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    print(line(header))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))
    print()
    missing = [n for f, nm in zip(figs[1:], names[1:]) for n in f if n not in tool]
    if missing:
        print(f"not in the tool's output (not compared): {', '.join(sorted(set(missing)))}")
    print(f"{len(shared)} figures compared across {len(figs)} implementations: "
          f"{len(shared) - bad} agree, {bad} disagree")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
