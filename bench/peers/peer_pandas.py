#!/usr/bin/python3
"""pandas peer of `foi-contracts analyse` for the benchmark (bench/run.sh).

Usage: /usr/bin/python3 bench/peers/peer_pandas.py [--tuned] FILE.csv [TYPES.csv]

Reads one collated contracts CSV made by bench/gen_collated and its sidecar
(FILE.csv.types.csv: spelling,type,canonical) and prints the same figures
as the tool's JSON ({"figures": {name: number}}, methods.md (Figure names) names):

- contracts in the study years (2013/14-2015/16: active on any day of them,
  or undated; dates in the four forms the generator writes, day first);
- value: methods.md (Cells) money forms (£1,234,567.89, 1234567, £12.5k, £1.2m);
  anything else (N/A, Commercially sensitive, blank) is missing;
- type: the provider-type cell when it names a type (methods.md (Provider types) rule 3),
  else the sidecar's type for the spelling (the reference table);
- per type: contracts, share of contracts, known value, share of value;
- HHI by value per CCG over canonical providers (sidecar), its median;
- quality monitoring: yes / no / not stated shares (methods.md (Cells) keywords).

--tuned does the same work as a pandas user who knows the data would: it
reads only the columns it needs, and parses each distinct date, amount, CCG
code and provider spelling once (a national file repeats a few thousand
dates and providers a million times), with the same rules, so that it gives
the same figures.

Written for Debian 12's python3-pandas (1.5) and /usr/bin/python3.
"""
import json
import re
import sys

import numpy as np
import pandas as pd

TYPES = ["nhs_foundation_trust", "nhs_trust", "other_nhs", "local_authority", "primary_care",
         "private", "not_for_profit", "voluntary", "other", "unknown"]

# methods.md (Provider types) rule 3: type-cell wordings, folded (lower case, punctuation as spaces).
TYPE_CELL = {
    "ft": "nhs_foundation_trust", "nhs ft": "nhs_foundation_trust", "nhsft": "nhs_foundation_trust",
    "foundation trust": "nhs_foundation_trust", "nhs foundation trust": "nhs_foundation_trust",
    "nhs trust": "nhs_trust",
    "other nhs": "other_nhs", "csu": "other_nhs", "ccg": "other_nhs", "nhs england": "other_nhs",
    "commissioning support unit": "other_nhs",
    "la": "local_authority", "council": "local_authority", "local authority": "local_authority",
    "gp": "primary_care", "gp practice": "primary_care", "primary care": "primary_care",
    "general practice": "primary_care",
    "private": "private", "private sector": "private", "independent": "private",
    "independent sector": "private", "is": "private", "ltd": "private",
    "social enterprise": "not_for_profit", "cic": "not_for_profit", "not for profit": "not_for_profit",
    "nfp": "not_for_profit", "community interest company": "not_for_profit",
    "charity": "voluntary", "voluntary": "voluntary", "vcs": "voluntary", "voluntary sector": "voluntary",
    "other": "other", "university": "other",
}

# methods.md (Cells) quality monitoring: not stated (whole cell), no (first words), else yes.
QUALITY_NOT_STATED = {"", "n a", "na", "not known", "not held", "unknown", "not stated"}
QUALITY_NO = re.compile(r"^(?:no|n|none|not monitored)(?: |$)")

MONEY = r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(k|m)?$"
MONEY_RE = re.compile(MONEY)
COLUMNS = ["CCG", "Provider", "Provider type", "Contract value", "Start date", "End date", "Quality monitoring"]
DATE_FORMATS = [
    (r"^\d{2}/\d{2}/\d{4}$", "%d/%m/%Y"),     # 01/04/2013
    (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d"),     # 2013-04-01
    (r"^\d{1,2} [A-Za-z]+ \d{4}$", "%d %B %Y"),  # 1 April 2013
    (r"^\d{2}-[A-Za-z]{3}-\d{2}$", "%d-%b-%y"),  # 01-Apr-13
]
STUDY_START = pd.Timestamp("2013-04-01")
STUDY_END = pd.Timestamp("2016-03-31")


def fold(s):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s.lower()).split())


def map_unique(series, fn):
    """fn applied once per distinct value."""
    codes, uniques = pd.factorize(series)
    return pd.Series(np.asarray([fn(u) for u in uniques], dtype=object)[codes], index=series.index)


def per_distinct(series, fn):
    """fn, which takes and gives a Series, applied to the distinct values only."""
    codes, uniques = pd.factorize(series)
    return pd.Series(fn(pd.Series(uniques, dtype=object)).to_numpy()[codes], index=series.index)


def money_of(text):
    """One cell's amount by parse_money's rules, NaN when it is not one."""
    m = MONEY_RE.match(text.strip().lower().replace("\u00a3", "").strip())
    if not m:
        return np.nan
    unit = {"k": 1e3, "m": 1e6}.get(m.group(3), 1.0)
    return float(m.group(1).replace(",", "") + (m.group(2) or "")) * unit


def parse_money(s):
    t = s.str.strip().str.lower().str.replace("\u00a3", "", regex=False).str.strip()
    parts = t.str.extract(MONEY)
    number = (parts[0].str.replace(",", "", regex=False) + parts[1].fillna("")).astype(float)
    mult = parts[2].map({"k": 1e3, "m": 1e6}).fillna(1.0)
    return number * mult  # NaN where the cell is not a number


def parse_dates(s):
    s = s.str.strip()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    for pattern, fmt in DATE_FORMATS:
        mask = s.str.match(pattern)
        if mask.any():
            out[mask] = pd.to_datetime(s[mask], format=fmt, errors="coerce")
    return out


def analyse(path, types_path, tuned=False):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, engine="c",
                     usecols=COLUMNS if tuned else None)
    side = pd.read_csv(types_path, dtype=str, keep_default_na=False, na_filter=False)
    side["spelling"] = side["spelling"].str.strip()
    side = side.drop_duplicates("spelling").set_index("spelling")

    # Study years: active on any day of 2013/14-2015/16, or undated.
    dates = (lambda s: per_distinct(s, parse_dates)) if tuned else parse_dates
    start = dates(df["Start date"])
    end = dates(df["End date"])
    in_study = ~(start.notna() & (start > STUDY_END)) & ~(end.notna() & (end < STUDY_START))
    df = df[in_study]

    if tuned:
        provider = per_distinct(df["Provider"], lambda s: s.str.strip())
        value = map_unique(df["Contract value"], money_of).astype(float)
    else:
        provider = df["Provider"].str.strip()
        value = parse_money(df["Contract value"])
    cell_type = map_unique(df["Provider type"], lambda t: TYPE_CELL.get(fold(t)))
    ref_type = provider.map(side["type"]).fillna("unknown")
    ptype = cell_type.where(cell_type.notna(), ref_type)
    canonical = provider.map(side["canonical"]).fillna(provider)
    quality = map_unique(
        df["Quality monitoring"],
        lambda q: "not_stated" if fold(q) in QUALITY_NOT_STATED else "no" if QUALITY_NO.match(fold(q)) else "yes")

    n = len(df)
    known = value.notna()
    total = float(value[known].sum())
    fig = {"contracts": n, "value.total": total, "value.missing_contracts": int((~known).sum())}
    counts = ptype.value_counts()
    values = value[known].groupby(ptype[known]).sum()
    for t in TYPES:
        c = int(counts.get(t, 0))
        v = float(values.get(t, 0.0))
        fig[f"type.{t}.contracts"] = c
        fig[f"type.{t}.contract_share"] = c / n if n else 0.0
        fig[f"type.{t}.value"] = v
        fig[f"type.{t}.value_share"] = v / total if total > 0 else 0.0

    q = quality.value_counts()
    d = n if n else 1
    fig["quality.yes_share"] = int(q.get("yes", 0)) / d
    fig["quality.no_share"] = int(q.get("no", 0)) / d
    fig["quality.not_stated_share"] = int(q.get("not_stated", 0)) / d
    fig["quality.no_evidence_share"] = (int(q.get("no", 0)) + int(q.get("not_stated", 0))) / d

    # HHI by value per CCG over canonical providers; CCGs with no known value have none.
    ccg_of = lambda s: s.str.strip().str.upper()
    ccg = per_distinct(df["CCG"], ccg_of) if tuned else ccg_of(df["CCG"])
    by = pd.DataFrame({"ccg": ccg, "provider": canonical, "value": value.fillna(0.0)})
    sums = by.groupby(["ccg", "provider"], sort=False)["value"].sum()
    ccg_total = sums.groupby(level=0).transform("sum")
    share_sq = (sums / ccg_total) ** 2
    hhi = share_sq[ccg_total > 0].groupby(level=0).sum() * 10000
    fig["hhi.median"] = float(hhi.median()) if len(hhi) else 0.0
    fig["hhi.ccgs"] = int(len(hhi))
    return fig


def main():
    args = sys.argv[1:]
    tuned = bool(args) and args[0] == "--tuned"
    if tuned:
        args = args[1:]
    if len(args) not in (1, 2):
        sys.exit("usage: peer_pandas.py [--tuned] FILE.csv [TYPES.csv]")
    path = args[0]
    types_path = args[1] if len(args) == 2 else path + ".types.csv"
    peer = "pandas" + ("-tuned " if tuned else " ") + pd.__version__
    json.dump({"peer": peer, "figures": analyse(path, types_path, tuned)}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
