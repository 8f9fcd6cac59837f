#!/usr/bin/env python3
# gen_samples.py: makes the SYNTHETIC sample data set data/samples/bjgp2019/.
#
# What it makes: a manifest of FOI requests to the 211 CCGs of April 2013, one
# return CSV per responding CCG that listed mental-health contracts, written in
# the many layouts real FOI returns come in (encodings, delimiters, preambles,
# two-row headers, footers, withheld values, mixed money and date formats,
# duplicate rows, ...), plus the ground truth (truth/*.csv, truth/figures.json)
# and a study file (study.toml) with the published BJGP 2019 figures.
#
# The data are SYNTHETIC. No row describes a real contract. Provider names come
# from data/reference/ (NHS trusts, independent providers) or are made up so
# that the name rules of docs/providers.md type them unambiguously. The
# counts and values are chosen by construction so that the analysis reproduces
# the published figures of BJGP 2019 (docs/methods.md, "The BJGP 2019 study").
#
# Usage: python3 tools/gen_samples.py [--out data/samples/bjgp2019] [--seed 2019]
# Pure Python 3 standard library. Output is byte-for-byte reproducible for a
# given seed: only random.Random(seed).random() is used (the one sequence the
# Python docs promise to keep stable), everything written is sorted or built in
# a fixed order, and nothing depends on time, locale or dict order.
# The output folder is deleted and written anew.
#
# Three returns are Excel workbooks (XLSX_FILES): the same rows as their CSV
# would have, written by tools/workbook_writer.py as typed cells (money as
# numbers with £ formats, dates as real dates, the total row as a SUM formula
# with its cached value, the two-row header's "Contract value" merged). Their
# zip members are stored uncompressed, so the bytes do not depend on zlib.

import argparse
import csv
import io
import json
import math
import os
import random
import re
import shutil
import unicodedata
from datetime import date, timedelta

from workbook_writer import Date, Formula, Num, Sheet, xlsx_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
REF = os.path.join(REPO, "data", "reference")

STUDY_START = date(2013, 4, 1)
STUDY_END = date(2016, 3, 31)
EXCEL_EPOCH = date(1899, 12, 30)  # 1900 date system, serials >= 61

TYPES = ["nhs_foundation_trust", "nhs_trust", "other_nhs", "local_authority",
         "primary_care", "private", "not_for_profit", "voluntary"]
THIRD = ("private", "not_for_profit", "voluntary")
GROUPS = {
    "nhs": ("nhs_foundation_trust", "nhs_trust", "other_nhs"),
    "third_sector_bjgp": THIRD,
    "independent": THIRD,
    "vcse": ("not_for_profit", "voluntary"),
    "public_other": ("local_authority", "primary_care"),
}

# Targets: the published BJGP 2019 figures (docs/methods.md, "The BJGP 2019
# study").
N_CCG_RESPONSES = 196
TARGET_FT_COUNT = 0.250
TARGET_THIRD_COUNT = 0.653
TARGET_FT_VALUE = 0.700
TARGET_THIRD_VALUE = 0.060
TARGET_NO_EVIDENCE = 0.710
TARGET_WITHHELD = 0.05

LAYOUTS = {
    1: "header wording A: Provider, Provider type, Service, Contract value, Start date, End date, Quality monitoring",
    2: "header wording B: Name of provider, Type of provider, Service description, Total value (£), Contract start, Contract end, Quality monitored?",
    3: "preamble rows (FOI reference, title, blank) above the header",
    4: "two-row header: merged 'Contract value' over 2013/14, 2014/15, 2015/16; wide per-year values, Length column",
    5: "Windows-1252 encoding (£ is byte 0xA3)",
    6: "UTF-16 LE with BOM, tab-delimited",
    7: "semicolon-delimited (decimal point stays '.')",
    8: "footer: Total row (= sum of the values above) and note rows",
    9: "quoted cells with line breaks, commas and doubled quotes inside",
    10: "withheld / unknown values (Commercially sensitive, s.43, Redacted, Not held, N/A, TBC, Included in block contract)",
    11: "CRLF line ends (or CR-only)",
    12: "mixed money formats (£1,234,567.89, 1234567, £1.2m, £650k, £ 12,000 pa, ...)",
    13: "mixed date formats (01/04/2013, 2013-04-01, 1 April 2013, 01-Apr-13, Apr-13, 41365, Ongoing, ...)",
    14: "exact duplicate rows (count once)",
    15: "quality-monitoring cells from the yes / no / not-stated vocabularies",
    16: "neutral file name; the CCG is given by a CCG column",
    17: "file named by CCG name only (no ODS code)",
    18: "UTF-8 with BOM",
    19: "ragged rows (trailing empty cells left off) and fully blank rows inside the data",
    20: "pipe-delimited",
    21: "Excel workbook (.xlsx): typed cells (numbers with £ formats, real dates), SUM formula total row, merged header cells",
}

# Returns sent as Excel workbooks, one per header family; the sheet is what
# messages and the ground truth name (file.xlsx[Contracts]).
XLSX_FILES = ("00J", "00F", "00K")
XLSX_SHEET = "Contracts"


# ---------------------------------------------------------------- randomness
class Rng:
    """Everything is built on random.Random(seed).random() only."""

    def __init__(self, seed):
        self._r = random.Random(seed)

    def rand(self):
        return self._r.random()

    def randint(self, a, b):
        return a + int(self.rand() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.rand() * len(seq))]

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self.rand() * total
        for item, w in pairs:
            x -= w
            if x < 0:
                return item
        return pairs[-1][0]

    def shuffle(self, seq):
        for i in range(len(seq) - 1, 0, -1):
            j = int(self.rand() * (i + 1))
            seq[i], seq[j] = seq[j], seq[i]

    def gauss(self):
        u1 = max(self.rand(), 1e-12)
        u2 = self.rand()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def lognorm(self, median, sigma, lo, hi):
        return min(hi, max(lo, median * math.exp(sigma * self.gauss())))


# ---------------------------------------------------------------- name keying
LEGAL = {"ltd", "limited", "plc", "llp", "cic"}


def name_key(s):
    """Name keying, as in docs/providers.md ("Name keying")."""
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = s.lower().replace("&", " and ")
    s = s.replace("'", "")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    toks = s.split()
    if toks and toks[-1] == "ft":
        toks = toks[:-1] + ["foundation", "trust"]
    if toks and toks[0] == "st":
        toks[0] = "saint"
    out = []
    for t in toks:
        if t == "mh":
            out += ["mental", "health"]
        elif t == "the" or t in LEGAL:
            continue
        else:
            out.append(t)
    return " ".join(out)


NAME_RULES = [
    ("nhs_foundation_trust", r"nhs foundation trust|nhs ft\b|\bft\s*$"),
    ("nhs_trust", r"nhs trust"),
    ("not_for_profit", r"\bcic\b|community interest company|social enterprise"),
    ("local_authority", r"council|borough"),
    ("primary_care", r"surgery|medical centre|practice"),
    ("private", r"\bltd\b|limited|\bplc\b|\bllp\b|\bllc\b"),
    ("voluntary", r"mind|charity|samaritans|age uk"),
]


def rule_types(spelling):
    """Types that the section 6 name rules could give (conservative, substrings)."""
    s = spelling.lower().strip()
    return sorted({t for t, rx in NAME_RULES if re.search(rx, s)})


# ---------------------------------------------------------------- reference
def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def core_name(ccg_name):
    s = ccg_name
    if s.startswith("NHS "):
        s = s[4:]
    if s.endswith(" CCG"):
        s = s[:-4]
    return s


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", s.lower().replace("&", "and")).strip("_")


# Main mental-health provider of each CCG in 2013 (ODS code of the trust, or
# NAVIGO for the CIC). Synthetic data, but the pairing is meant to be plausible.
MAIN_PROVIDER = """
00C RX3 00D RX3 00F RX4 00G RX4 00H RX4 00J RX3 00K RX3 00L RX4 00M RX3 00N RX4
00P RX4 99C RX4 00Q RW5 00R RW5 00T RXV 00V RT2 00W TAE 00X RW5 00Y RT2 01A RW5
01C RXA 01D RT2 01E RW5 01F RTV 01G RXV 01H RNN 01J RTV 01K RW5 01M TAE 01N TAE
01R RXA 01T RW4 01V RW4 01W RT2 01X RTV 01Y RT2 02A RXV 02D RXA 02E RTV 02F RXA
02G RW5 02H RTV 02M RW5 12F RXA 99A RW4 02N TAD 02P RXG 02Q RXE 02R TAD 02T RXG
02V RGD 02W TAD 02X RXE 02Y RV9 03A RXG 03C RGD 03D RX3 03E RGD 03F RV9 03G RGD
03H NAVIGO 03J RXG 03K RXE 03L RXE 03M RX3 03N TAH 03Q RGD 03R RXG 03T RP7 03V RP1
03W RT5 03X RXM 03Y RXM 04C RT5 04D RP7 04E RHA 04F RV3 04G RP1 04H RHA 04J RXM
04K RHA 04L RHA 04M RHA 04N RHA 04Q RP7 04R RXM 04V RT5 99D RP7 04X RXT 04Y RRE
05A RYG 05C RYK 05D RRE 05F RTQ 05G RLY 05H RYG 05J R1A 05L TAJ 05N RRE 05P RXT
05Q RRE 05R RYG 05T R1A 05V RRE 05W RLY 05X RRE 05Y RYK 06A TAJ 06D R1A 13P RXT
06F RWN 06H RT1 06K RWR 06L RMY 06M RMY 06N RWR 06P RWN 06Q RRD 06T RRD 06V RMY
06W RMY 06Y RMY 07G RWN 07H RRD 07J RMY 07K RMY 99E RWN 99F RWN 99G RWN 07L RAT
07M RRP 07N RPG 07P RV3 07Q RPG 07R TAF 07T RWK 07V RV5 07W RKL 07X RRP 07Y RKL
08A RPG 08C RKL 08D RRP 08E RV3 08F RAT 08G RV3 08H TAF 08J RQY 08K RV5 08L RV5
08M RWK 08N RAT 08P RQY 08Q RV5 08R RQY 08T RQY 08V RWK 08W RAT 08X RQY 08Y RV3
09A RV3 09C RXY 09D RX2 09E RXY 09F RX2 09G RX2 09H RX2 09J RXY 09L RXX 09N RXX
09P RX2 09W RXY 09X RX2 09Y RXX 10A RXY 10C RXX 10D RXY 10E RXY 10G RWX 10H RNU
10J RW1 10K RW1 10L R1F 10M RWX 10N RWX 10Q RNU 10R R1C 10T RWX 10V RW1 10W RWX
10X RW1 10Y RNU 11A RW1 11C RWX 11D RWX 99H RXX 99J RXY 99K RX2 99M RXX 11E RVN
11H RVN 11J RDY 11M RTQ 11N RJ8 11T RVN 11X RH5 12A RVN 12D RVN 99N RVN 99P RWV
99Q RWV
"""

REGION_CODES = {
    "NE": "00C 00D 00F 00G 00H 00J 00K 00L 00M 00N 00P 99C",
    "NW": "00Q 00R 00T 00V 00W 00X 00Y 01A 01C 01D 01E 01F 01G 01H 01J 01K 01M 01N "
          "01R 01T 01V 01W 01X 01Y 02A 02D 02E 02F 02G 02H 02M 12F 99A",
    "YH": "02N 02P 02Q 02R 02T 02V 02W 02X 02Y 03A 03C 03D 03E 03F 03G 03H 03J 03K "
          "03L 03M 03N 03Q 03R",
    "EM": "03T 03V 03W 03X 03Y 04C 04D 04E 04F 04G 04H 04J 04K 04L 04M 04N 04Q 04R 04V 99D",
    "WM": "04X 04Y 05A 05C 05D 05F 05G 05H 05J 05L 05N 05P 05Q 05R 05T 05V 05W 05X "
          "05Y 06A 06D 13P",
    "EE": "06F 06H 06K 06L 06M 06N 06P 06Q 06T 06V 06W 06Y 07G 07H 07J 07K 99E 99F 99G",
    "LON": "07L 07M 07N 07P 07Q 07R 07T 07V 07W 07X 07Y 08A 08C 08D 08E 08F 08G 08H "
           "08J 08K 08L 08M 08N 08P 08Q 08R 08T 08V 08W 08X 08Y 09A",
    "SE": "09C 09D 09E 09F 09G 09H 09J 09L 09N 09P 09W 09X 09Y 10A 10C 10D 10E 10G "
          "10H 10J 10K 10L 10M 10N 10Q 10R 10T 10V 10W 10X 10Y 11A 11C 11D 99H 99J 99K 99M",
    "SW": "11E 11H 11J 11M 11N 11T 11X 12A 12D 99N 99P 99Q",
}

# Community / acute / children's trusts that also hold some MH contracts.
REGION_EXTRA_TRUSTS = {
    "NE": "RTF RE9 RR7 RXP",
    "NW": "RY2 RY7 RY1 RBS RM3",
    "YH": "RY6 RCU RWY",
    "EM": "RY8 RY5",
    "WM": "RYW RQ3 R1D R1E RBK",
    "EE": "RY3 RY4 RYV RGT",
    "LON": "RYX RY9 RNK RJ1 R1H RQX RAL RKE",
    "SE": "RDR RYY RXQ RXC RDU",
    "SW": "RA9 R1J RBZ RD1",
}
NATIONAL_TRUSTS = "RNK RV5 RHA RJX RW4 RV3 RWK RKL RRP RXT"

# Place names used for local councils, Minds and Age UKs (synthetic).
PLACE_OVERRIDE = {
    "Vale of York": "York", "Birmingham CrossCity": "Birmingham",
    "Birmingham South and Central": "Birmingham",
    "Central London (Westminster)": "Westminster", "Kernow": "Cornwall",
    "Nene": "Northamptonshire", "Corby": "Corby", "Herts Valleys": "Hertfordshire",
    "East and North Hertfordshire": "Hertfordshire", "Wigan Borough": "Wigan",
    "West London": "Kensington and Chelsea", "Bradford Districts": "Bradford",
    "Bradford City": "Bradford", "Greater Huddersfield": "Kirklees",
    "North Kirklees": "Kirklees", "Leeds North": "Leeds", "Leeds West": "Leeds",
    "Leeds South and East": "Leeds", "Newcastle North and East": "Newcastle",
    "Newcastle West": "Newcastle", "Northern, Eastern and Western Devon": "Devon",
    "South Devon and Torbay": "Torbay", "High Weald Lewes Havens": "East Sussex",
    "Hambleton, Richmondshire and Whitby": "North Yorkshire",
    "Durham Dales, Easington and Sedgefield": "County Durham",
    "North Durham": "County Durham", "Airedale, Wharfedale and Craven": "Craven",
    "Heywood, Middleton and Rochdale": "Rochdale",
    "Windsor, Ascot and Maidenhead": "Windsor and Maidenhead",
    "Eastbourne, Hailsham and Seaford": "Eastbourne",
    "Dartford, Gravesham and Swanley": "Dartford",
    "South East Staffordshire and Seisdon Peninsula": "Staffordshire",
    "Stafford and Surrounds": "Stafford", "Central Manchester": "Manchester",
    "North Manchester": "Manchester", "South Manchester": "Manchester",
    "City and Hackney": "Hackney", "Harrogate and Rural District": "Harrogate",
    "Tameside and Glossop": "Tameside", "Hartlepool and Stockton-on-Tees": "Stockton-on-Tees",
    "Cambridgeshire and Peterborough": "Cambridgeshire", "Coventry and Rugby": "Coventry",
    "Sandwell and West Birmingham": "Sandwell", "Lancashire North": "Lancaster",
    "Greater Preston": "Preston", "Coastal West Sussex": "West Sussex",
    "Canterbury and Coastal": "Canterbury", "South Kent Coast": "Dover",
    "West Kent": "Maidstone", "Mid Essex": "Chelmsford", "North East Essex": "Colchester",
    "Basildon and Brentwood": "Basildon", "Castle Point and Rochford": "Castle Point",
    "Ipswich and East Suffolk": "Ipswich", "Great Yarmouth and Waveney": "Great Yarmouth",
    "Lincolnshire East": "Boston", "Lincolnshire West": "Lincoln",
    "South West Lincolnshire": "Grantham", "South Lincolnshire": "Spalding",
    "Mansfield and Ashfield": "Mansfield", "Newark & Sherwood": "Newark",
    "Nottingham North and East": "Gedling", "Nottingham West": "Broxtowe",
    "Nottingham City": "Nottingham", "Leicester City": "Leicester",
    "East Leicestershire and Rutland": "Rutland", "West Leicestershire": "Hinckley",
    "Southern Derbyshire": "Derby", "North Derbyshire": "Chesterfield",
    "Stoke on Trent": "Stoke on Trent", "North Staffordshire": "Newcastle-under-Lyme",
    "East Staffordshire": "Burton", "Redditch and Bromsgrove": "Redditch",
    "South Worcestershire": "Worcester", "Warwickshire North": "Nuneaton",
    "South Warwickshire": "Warwick", "Telford and Wrekin": "Telford",
    "North East Lincolnshire": "Grimsby", "North Lincolnshire": "Scunthorpe",
    "Scarborough and Ryedale": "Ryedale", "East Riding of Yorkshire": "East Riding",
    "Fylde & Wyre": "Fylde and Wyre", "Chorley and South Ribble": "Chorley",
    "Blackburn with Darwen": "Blackburn", "East Lancashire": "Burnley",
    "West Lancashire": "Ormskirk", "South Sefton": "Sefton", "Southport and Formby": "Southport",
    "Eastern Cheshire": "Macclesfield", "South Cheshire": "Crewe", "Vale Royal": "Northwich",
    "West Cheshire": "Chester", "North Norfolk": "Cromer", "South Norfolk": "Wymondham",
    "West Norfolk": "King's Lynn", "West Suffolk": "Bury St Edmunds", "West Essex": "Harlow",
    "Mid Essex ": "Chelmsford", "North West Surrey": "Woking", "East Surrey": "Redhill",
    "Surrey Heath": "Camberley", "Surrey Downs": "Epsom", "Guildford and Waverley": "Guildford",
    "North East Hampshire and Farnham": "Farnham", "North Hampshire": "Basingstoke",
    "West Hampshire": "Winchester", "South Eastern Hampshire": "Havant",
    "Fareham and Gosport": "Fareham", "Horsham and Mid Sussex": "Horsham",
    "Hastings and Rother": "Hastings", "Bracknell and Ascot": "Bracknell",
    "Newbury and District": "Newbury", "North & West Reading": "Reading",
    "South Reading": "Reading", "Aylesbury Vale": "Aylesbury", "Chiltern": "Amersham",
    "Bath and North East Somerset": "Bath", "South Gloucestershire": "Yate",
    "North Somerset": "Weston-super-Mare", "Hardwick": "Bolsover", "Erewash": "Ilkeston",
    "Rushcliffe": "Rushcliffe", "Cannock Chase": "Cannock", "Wyre Forest": "Kidderminster",
    "South Tees": "Middlesbrough", "North Tyneside": "North Tyneside",
    "Brighton and Hove": "Brighton and Hove", "Hammersmith and Fulham": "Hammersmith and Fulham",
    "Barking and Dagenham": "Barking and Dagenham", "Tower Hamlets": "Tower Hamlets",
    "Waltham Forest": "Waltham Forest", "Isle of Wight": "Isle of Wight",
}
# Local Minds that are in independent_providers.csv (by CCG code).
REF_LOCAL_MIND = {
    "07R": "Mind in Camden", "11H": "Bristol Mind", "10Q": "Oxfordshire Mind",
    "07V": "Mind in Croydon", "08K": "Lambeth and Southwark Mind",
    "08Q": "Lambeth and Southwark Mind", "08P": "Richmond Borough Mind",
    "02V": "Leeds Mind", "03C": "Leeds Mind", "03G": "Leeds Mind",
    "00W": "Manchester Mind", "01M": "Manchester Mind", "01N": "Manchester Mind",
    "03N": "Sheffield Mind", "06K": "Herts Mind Network", "06N": "Herts Mind Network",
    "06H": "Cambridgeshire, Peterborough and South Lincolnshire Mind",
    "99D": "Cambridgeshire, Peterborough and South Lincolnshire Mind",
    "08V": "Mind in Tower Hamlets and Newham", "08M": "Mind in Tower Hamlets and Newham",
    "09D": "Mind in Brighton and Hove", "07N": "Mind in Bexley",
}
CITIES = {"Leeds", "Sheffield", "Bradford", "Birmingham", "Manchester", "Liverpool",
          "Newcastle", "Nottingham", "Leicester", "Coventry", "Wolverhampton", "Sunderland",
          "Hull", "York", "Bristol", "Portsmouth", "Southampton", "Norwich",
          "Stoke on Trent", "Salford", "Wakefield", "Peterborough", "Derby", "Lincoln",
          "Worcester", "Chester", "Canterbury", "Westminster", "Brighton and Hove"}
COUNTIES = {"Cumbria", "Northumberland", "Kent", "Surrey", "Essex", "Norfolk", "Suffolk",
            "Hampshire", "Devon", "Dorset", "Somerset", "Gloucestershire", "Oxfordshire",
            "Hertfordshire", "Lincolnshire", "Derbyshire", "Nottinghamshire",
            "Staffordshire", "Warwickshire", "Worcestershire", "Northamptonshire",
            "Cambridgeshire", "West Sussex", "East Sussex", "Buckinghamshire",
            "Leicestershire", "North Yorkshire", "Bedfordshire", "Lancashire"}
COUNTY_OF_REGION = {"NE": "Northumberland", "NW": "Lancashire", "YH": "North Yorkshire",
                    "EM": "Derbyshire", "WM": "Staffordshire", "EE": "Essex",
                    "SE": "Kent", "SW": "Somerset", "LON": None}
LONDON_LA = {"Westminster": "Westminster City Council",
             "Kensington and Chelsea": "Royal Borough of Kensington and Chelsea",
             "Kingston": "Royal Borough of Kingston upon Thames",
             "Richmond": "London Borough of Richmond upon Thames"}

PRIVATE_REF = [  # (reference name, weight, spellings used besides the name)
    ("Priory Group", 10, ["The Priory Group", "The Priory", "Priory Healthcare", "Priory Hospital"]),
    ("Cygnet Health Care", 8, ["Cygnet", "Cygnet Healthcare", "Cygnet Hospital", "Cygnet Health Care Ltd"]),
    ("Partnerships in Care", 6, ["Partnerships in Care Ltd", "PiC"]),
    ("Huntercombe Group", 4, ["The Huntercombe Group", "Huntercombe Hospital"]),
    ("Cambian Group", 4, ["Cambian", "Cambian Healthcare", "Cambian Adult Services"]),
    ("Care UK", 3, ["Care UK Ltd", "Care UK Limited"]),
    ("Alpha Hospitals", 2, ["Alpha Hospitals (NW) Ltd", "Alpha Hospital Bury"]),
    ("Castlebeck", 1, ["Castlebeck Care", "Castlebeck Ltd"]),
    ("Danshell Group", 2, ["Danshell", "Danshell Healthcare"]),
    ("Four Seasons Health Care", 2, ["Four Seasons"]),
    ("Barchester Healthcare", 2, ["Barchester"]),
    ("Voyage Care", 2, ["Voyage"]),
    ("Lifeways Group", 2, ["Lifeways", "Lifeways Community Care"]),
    ("Care Management Group", 1, ["CMG"]),
    ("Hesley Group", 1, ["Hesley"]),
    ("CareTech Holdings", 1, ["CareTech"]),
    ("Lighthouse Healthcare", 1, ["Lighthouse Healthcare Ltd"]),
    ("Badby Park", 1, ["Badby Park Ltd"]),
    ("Nightingale Hospital London", 1, ["The Nightingale Hospital"]),
    ("Schoen Clinic", 1, ["Schoen Clinic York"]),
    ("Ellern Mede", 2, ["Ellern Mede Centre", "Ellern Mede Ridgeway"]),
    ("Affinity Healthcare", 2, ["Affinity Hospitals", "Cheadle Royal Hospital"]),
    ("Inmind Healthcare Group", 1, ["Inmind"]),
    ("Ieso Digital Health", 2, ["Ieso", "IESO", "Ieso Digital Health Ltd"]),
    ("Vita Health Group", 2, ["Vita Minds"]),
    ("Kooth", 3, ["XenZone", "XenZone Ltd", "Kooth plc"]),
    ("Big White Wall", 2, ["Big White Wall Ltd"]),
    ("SilverCloud Health", 1, ["SilverCloud"]),
    ("Healios", 1, ["Healios Ltd"]),
    ("Psychiatry-UK", 1, ["Psychiatry UK", "Psychiatry-UK LLP"]),
    ("Clinical Partners", 1, ["Clinical Partners Ltd"]),
    ("Virgin Care", 2, ["Virgin Care Ltd", "Virgin Care Limited"]),
    ("Raphael Healthcare", 1, ["Raphael Healthcare Ltd"]),
]
NFP_REF = [  # (name, weight, spellings, region or None)
    ("Oasis-Talk", 1, ["Oasis Talk", "Oasis-Talk CIC"], None),
    ("Insight Healthcare", 3, ["Insight IAPT", "Insight Talking Therapies"], None),
    ("Look Ahead Care and Support", 3, ["Look Ahead", "Look Ahead Care and Support Ltd"], None),
    ("Home Group", 2, ["Stonham", "Home Group Ltd"], None),
    ("Riverside Group", 1, ["Riverside ECHG"], None),
    ("Sanctuary Group", 2, ["Sanctuary Supported Living", "Sanctuary Housing"], None),
    ("Metropolitan Housing Trust", 2, ["Metropolitan Support Trust"], None),
    ("One Housing Group", 1, ["One Support"], "LON"),
    ("Family Mosaic", 1, ["Family Mosaic Housing"], "LON"),
    ("Southdown Housing Association", 2, ["Southdown"], "SE"),
    ("Your Healthcare CIC", 2, ["Your Healthcare"], "LON"),
    ("Bromley Healthcare CIC", 2, ["Bromley Healthcare"], "LON"),
    ("Provide CIC", 3, ["Provide"], "EE"),
    ("Anglian Community Enterprise CIC", 3, ["Anglian Community Enterprise", "ACE"], "EE"),
    ("City Health Care Partnership CIC", 3, ["CHCP", "City Health Care Partnership"], "YH"),
    ("Locala Community Partnerships CIC", 3, ["Locala"], "YH"),
    ("Spectrum Community Health CIC", 3, ["Spectrum CIC", "Spectrum Community Health"], "YH"),
    ("NAViGO", 4, ["Navigo", "NAViGO Health and Social Care CIC", "Navigo CIC"], "YH"),
    ("Livewell Southwest", 4, ["Plymouth Community Healthcare CIC", "Plymouth Community Healthcare"], "SW"),
    ("Sirona Care & Health CIC", 4, ["Sirona", "Sirona care & health"], "SW"),
]
VOL_REF = [  # (name, weight, spellings, region or None)
    ("Rethink Mental Illness", 6, ["Rethink"], None),
    ("Turning Point", 6, [], None),
    ("Richmond Fellowship", 5, ["The Richmond Fellowship"], None),
    ("Mind", 2, ["National Association for Mental Health"], None),
    ("St Andrew's Healthcare", 3, ["St Andrews Healthcare", "St Andrew's Hospital"], None),
    ("Together for Mental Wellbeing", 3, ["Together", "Together UK"], None),
    ("Making Space", 2, [], None),
    ("Hestia", 1, ["Hestia Housing and Support"], "LON"),
    ("Certitude", 1, ["Support for Living"], "LON"),
    ("Single Homeless Project", 1, ["SHP"], "LON"),
    ("Response", 1, ["Response Organisation"], "SE"),
    ("Restore", 1, ["Restore Oxford"], "SE"),
    ("Connection Support", 1, ["Connection Floating Support"], "SE"),
    ("Elmore Community Services", 1, ["Elmore"], "SE"),
    ("Everyturn Mental Health", 2, ["Mental Health Concern", "Concern Group"], "NE"),
    ("Mental Health Matters", 3, ["MHM"], None),
    ("Barnardo's", 2, ["Barnardos"], None),
    ("Action for Children", 2, ["NCH"], None),
    ("The Children's Society", 1, ["Children's Society"], None),
    ("NSPCC", 1, [], None),
    ("Place2Be", 2, ["Place 2 Be"], None),
    ("Relate", 2, [], None),
    ("Samaritans", 2, [], None),
    ("Alternative Futures Group", 1, ["AFG"], "NW"),
    ("Community Integrated Care", 1, [], None),
    ("Creative Support", 2, [], None),
    ("United Response", 1, [], None),
    ("Royal Mencap Society", 1, ["Mencap"], None),
    ("National Autistic Society", 1, ["NAS"], None),
    ("Hft", 1, ["Home Farm Trust"], None),
    ("MacIntyre", 1, ["MacIntyre Care"], None),
    ("Brandon Trust", 1, [], "SW"),
    ("Choice Support", 1, [], None),
    ("Milestones Trust", 1, [], "SW"),
    ("Second Step", 1, [], "SW"),
    ("Addaction", 2, [], None),
    ("Change Grow Live", 2, ["CRI", "Crime Reduction Initiatives"], None),
    ("Phoenix Futures", 1, [], None),
    ("Changing Lives", 1, [], "NE"),
    ("Catch22", 1, [], None),
    ("Nacro", 1, [], None),
    ("Family Action", 1, [], None),
    ("Carers Trust", 1, [], None),
    ("Cruse Bereavement Care", 2, ["Cruse"], None),
    ("Beat", 1, ["Beating Eating Disorders"], None),
    ("42nd Street", 1, [], "NW"),
    ("Anxiety UK", 1, [], None),
    ("Nafsiyat", 1, ["Nafsiyat Intercultural Therapy Centre"], "LON"),
    ("St Mungo's", 1, ["St Mungo's Broadway"], "LON"),
    ("Thames Reach", 1, [], "LON"),
    ("SANE", 1, [], None),
    ("YoungMinds", 1, ["Young Minds"], None),
    ("Mental Health Foundation", 1, [], None),
    ("Jami", 1, ["Jewish Association for Mental Illness"], "LON"),
    ("Leeds Survivor Led Crisis Service", 1, ["Dial House"], "YH"),
    ("Touchstone", 1, ["Touchstone Leeds"], "YH"),
    ("The Retreat York", 1, ["The Retreat"], "YH"),
    ("Together Trust", 1, [], "NW"),
]
DIGITAL_PRIVATE = {"Ieso Digital Health", "Kooth", "Big White Wall", "SilverCloud Health", "Healios",
                   "Psychiatry-UK", "Clinical Partners", "Vita Health Group", "Virgin Care", "Care UK"}
PRIVATE_NEW = ["Hollybank Clinical Services Ltd", "Meridian Psychological Therapies Ltd",
               "Brookvale Healthcare Ltd", "Northgate Therapy Services Ltd",
               "Kingfisher Counselling Ltd", "Ashcroft Care Homes Ltd",
               "Bluebell Supported Living Ltd", "Cedar Lodge Care Ltd",
               "Summit Assessment Services Ltd", "Willowbrook Residential Care Ltd",
               "Pinnacle Psychology Ltd", "Fernhill Care Ltd", "Sycamore Therapy Ltd",
               "Orchard Psychiatric Services Ltd", "Quayside Clinical Ltd",
               "Beacon Assessment Ltd", "Larchwood Care Ltd", "Stonebridge Rehabilitation Ltd"]
NFP_NEW = ["Pathways Wellbeing CIC", "Thrive Talking Therapies CIC", "Bridgeway Recovery CIC",
           "Harbour Wellbeing CIC", "Open Door Counselling CIC", "Compass Peer Support CIC",
           "Fresh Start Recovery CIC", "Oakwood Community Wellbeing CIC", "Solace Counselling CIC",
           "Waypoint Recovery CIC"]
SURGERIES = ["Park Road Surgery", "Church Street Surgery", "Elm Tree Surgery",
             "Market Square Surgery", "Station Road Surgery", "Beechwood Medical Centre",
             "Oakfield Medical Centre", "Highfield Surgery", "Laurel Bank Surgery",
             "Victoria Medical Centre", "Abbey Medical Centre", "Castle Medical Centre",
             "The Grange Medical Centre", "Brook Lane Surgery", "Cornerstone Surgery",
             "Hillside Medical Centre", "Parkview Surgery", "Ashgrove Surgery",
             "Kings Road Surgery", "Manor House Surgery"]

SERVICES = {
    "main": ["Mental health block contract", "Mental health services (block)",
             "Adult and older adult mental health services", "Core mental health services - block"],
    "nhs": ["IAPT (Improving Access to Psychological Therapies)", "CAMHS tier 3",
            "Psychiatric liaison (acute hospital)", "Perinatal mental health",
            "Early intervention in psychosis", "Memory assessment service",
            "Eating disorders service", "Crisis resolution and home treatment",
            "Adult ADHD service", "Autism diagnostic service", "Street triage",
            "Learning disability community team", "Personality disorder service",
            "Dementia intensive support", "Psychological therapies for long-term conditions"],
    "placement": ["Out of area acute bed", "PICU placement", "Low secure placement",
                  "Locked rehabilitation placement", "Specialist eating disorder placement",
                  "Section 117 aftercare placement", "Residential care placement",
                  "Supported living placement"],
    "nhs_placement": ["Out of area acute bed", "PICU placement", "Low secure placement",
                      "Specialist eating disorder placement", "Forensic outreach",
                      "Medium secure placement", "Tier 4 CAMHS bed"],
    "private": ["IAPT step 2 and 3 (AQP)", "Online counselling for young people",
                "ADHD assessment (adults)", "Digital CBT", "Psychiatric assessment service",
                "Online peer support", "Autism assessment (adults)"],
    "private_beds": ["Acute inpatient beds (overflow)", "Spot purchase beds",
                     "Block purchase of locked rehabilitation beds"],
    "nfp": ["Supported housing", "Floating support", "IAPT", "Community wellbeing service",
            "Counselling service", "Recovery service", "Crisis house"],
    "vol": ["Counselling", "Peer support", "Crisis cafe", "Carers support",
            "Advocacy (IMHA)", "Befriending", "Employment support (IPS)", "Helpline",
            "Recovery college", "Suicide prevention", "Bereavement support",
            "Young people's counselling", "Dementia support", "Wellbeing hub",
            "Social inclusion", "Day services"],
    "la": ["Section 75 agreement - mental health social care", "Pooled budget contribution",
           "AMHP service", "Joint commissioning - community support"],
    "pc": ["GP counselling service", "Physical health checks (SMI)",
           "Primary care mental health practitioner", "Dementia diagnosis enhanced service"],
    "oth": ["Hosted contract (lead commissioner)", "Collaborative commissioning - IAPT",
            "Specialised commissioning recharge"],
}
QUALIFIERS = ["adults", "older adults", "children and young people", "North locality",
              "South locality", "Lot 2", "Lot 3", "pilot", "extension", "East locality",
              "West locality", "Lot 4"]
MULTILINE_TAILS = ["\nAdults 18-65, North and South localities", "\nIncludes out-of-hours, 24/7",
                   "\nSee schedule 2, parts A, B and C", "\n(jointly commissioned with the council)",
                   "\nReferral via GP, self-referral accepted"]

TYPE_CELL = {
    "nhs_foundation_trust": ["NHS Foundation Trust", "FT", "Foundation Trust", "NHS FT"],
    "nhs_trust": ["NHS Trust"],
    "other_nhs": [""],
    "local_authority": ["Council", "Local authority"],
    "primary_care": ["GP", "Primary care"],
    "private": ["Private", "Independent sector"],
    "not_for_profit": ["Social enterprise", "CIC", "Not for profit"],
    "voluntary": ["Charity", "Voluntary"],
}
QUALITY_TEXT = {
    "yes": ["Yes", "Y", "KPIs", "CQUIN", "Quality schedule", "Monthly review meetings",
            "Quarterly contract meetings"],
    "no": ["No", "N", "None", "Not monitored"],
    "not_stated": ["", "N/A", "Not known"],
}
WITHHELD_NHS = ["Included in block contract", "Included in block contract", "Not held", "TBC"]
WITHHELD_OTHER = ["Commercially sensitive", "s.43", "Redacted", "Not held", "N/A", "TBC"]
HEAD_A = ["Provider", "Provider type", "Service", "Contract value", "Start date", "End date",
          "Quality monitoring"]
HEAD_B = ["Name of provider", "Type of provider", "Service description", "Total value (£)",
          "Contract start", "Contract end", "Quality monitored?"]
HEAD_4_TOP = ["Provider", "Sector", "Contract value", "", "", "Length", "KPIs"]
HEAD_4_SUB = ["", "", "2013/14", "2014/15", "2015/16", "", ""]
FY_LABELS = ["2013/14", "2014/15", "2015/16"]
NEUTRAL_NAMES = ["FOI-2016-0412.csv", "FOI_Response_2016-17_0088.csv",
                 "Request 2016-117 response.csv", "mh_contracts_return.csv",
                 "Copy of FOI 16-203 (2).csv"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31,
            30, 31, 31, 30, 31, 30, 31][m - 1]
    return date(y, m, min(d.day, last))


def fmt_date(d, f):
    if f == "dmy":
        return d.strftime("%d/%m/%Y")
    if f == "dmy2":
        return d.strftime("%d/%m/%y")
    if f == "iso":
        return d.isoformat()
    if f == "long":
        return "%d %s %d" % (d.day, MONTHS[d.month - 1], d.year)
    if f == "dmon":
        return "%02d-%s-%02d" % (d.day, MONTHS[d.month - 1][:3], d.year % 100)
    if f == "mon":
        return "%s-%02d" % (MONTHS[d.month - 1][:3], d.year % 100)
    if f == "serial":
        return str((d - EXCEL_EPOCH).days)
    raise ValueError(f)


def months_between(s, e):
    return round(((e - s).days + 1) / (365.25 / 12), 1)


# ---------------------------------------------------------------- money
def round_pence(p, fmt):
    unit = {"full": 1, "m": 10_000_000, "k": 100_000}.get(fmt, 100)
    return max(unit, (p + unit // 2) // unit * unit)


def fmt_money(p, fmt):
    pounds, pence = divmod(p, 100)
    tail = ".%02d" % pence if pence else ""
    if fmt == "full":
        return "£{:,}.{:02d}".format(pounds, pence)
    if fmt == "pound":
        return "£{:,}".format(pounds) + tail
    if fmt == "plain":
        return str(pounds) + tail
    if fmt == "commas":
        return "{:,}".format(pounds) + tail
    if fmt == "m":
        tenths = p // 10_000_000
        return "£%d.%dm" % (tenths // 10, tenths % 10)
    if fmt == "k":
        return "£%dk" % (p // 100_000)
    if fmt == "pa":
        return "£ {:,} pa".format(pounds) + tail
    raise ValueError(fmt)


# ---------------------------------------------------------------- the model
class Contract:
    __slots__ = ("ccg", "idx", "ptype", "canonical", "spelling", "service", "role",
                 "start", "end", "open_end", "length", "length_text", "years",
                 "raw", "raw_years", "fmt", "year_fmts", "pence", "year_pence",
                 "withheld", "quality", "quality_text", "type_text", "start_text",
                 "end_text", "dated", "line", "dup_lines", "file", "is_ref", "fuzzy",
                 "region")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


def build(seed):
    ccgs = read_csv(os.path.join(REF, "ccgs_2013.csv"))
    trusts = {r["ods_code"]: r for r in read_csv(os.path.join(REF, "nhs_trusts.csv"))}
    indep = read_csv(os.path.join(REF, "independent_providers.csv"))
    assert len(ccgs) == 211

    # Reference keys: spelling key -> (canonical name, type)
    ref_key = {}
    for r in trusts.values():
        ref_key[name_key(r["name"])] = (r["name"], r["kind"])
    for r in indep:
        for s in [r["name"]] + [a for a in r["aliases"].split(";") if a]:
            k = name_key(s)
            if k in ref_key and ref_key[k] != (r["name"], r["kind"]):
                continue
            ref_key[k] = (r["name"], r["kind"])
    indep_kind = {r["name"]: r["kind"] for r in indep}
    ccg_names = {c["ods_code"]: c["name"] for c in ccgs}
    ccg_key = {name_key(c["name"]): c["ods_code"] for c in ccgs}

    main_of = {}
    toks = MAIN_PROVIDER.split()
    for i in range(0, len(toks), 2):
        main_of[toks[i]] = toks[i + 1]
    assert sorted(main_of) == sorted(ccg_names), "main provider map incomplete"
    region_of = {}
    for reg, codes in REGION_CODES.items():
        for c in codes.split():
            region_of[c] = reg
    assert sorted(region_of) == sorted(ccg_names)

    def place_of(code):
        core = core_name(ccg_names[code])
        return PLACE_OVERRIDE.get(core, core)

    R = lambda k: Rng(seed * 1009 + k)

    # ------------------------------------------------ statuses
    codes = sorted(ccg_names)
    MAX_CCG, MIN_CCG = "13P", "03V"
    rs = R(1)
    pool = [c for c in codes if c not in (MAX_CCG, MIN_CCG)]
    rs.shuffle(pool)
    status = {c: "responded" for c in codes}
    plan = ["refused"] * 5 + ["not_held"] * 3 + ["no_response"] * 7 + \
           ["nil_return"] * 4 + ["partial"] * 6
    for c, st in zip(pool, plan):
        status[c] = st
    responders = [c for c in codes if status[c] in ("responded", "partial", "nil_return")]
    assert len(responders) == N_CCG_RESPONSES
    with_contracts = [c for c in codes if status[c] in ("responded", "partial")]

    # ------------------------------------------------ contracts per CCG
    rn = R(2)
    n_of = {}
    for c in with_contracts:
        n_of[c] = int(round(rn.lognorm(14.5, 0.62, 2, 95)))
    n_of[MAX_CCG] = 127
    n_of[MIN_CCG] = 1
    N = sum(n_of.values())

    # ------------------------------------------------ file names and features
    rf = R(3)

    def unambiguous(code):
        s = slug(core_name(ccg_names[code]))
        for o in codes:
            if o == code:
                continue
            so = slug(core_name(ccg_names[o]))
            if s in so or so in s:
                return False
        return True

    name_only_cands = [c for c in with_contracts if unambiguous(c) and c not in (MAX_CCG, MIN_CCG)]
    rf.shuffle(name_only_cands)
    name_only = sorted(name_only_cands[:10])
    rest = [c for c in with_contracts if c not in name_only and c not in (MAX_CCG, MIN_CCG)]
    rf.shuffle(rest)
    neutral = sorted(rest[:5])

    feat = {}
    for i, c in enumerate(with_contracts):
        f = {"layouts": set()}
        big = n_of[c] >= 60
        if c in neutral or big or i % 8 != 5:
            f["head"] = 1 if (i // 1) % 2 == 0 else 2
        else:
            f["head"] = 4
        f["ccgcol"] = c in neutral
        f["name_only"] = c in name_only
        enc, delim = "utf-8", ","
        if i % 12 == 3:
            enc = "cp1252"
        elif i % 19 == 7:
            enc, delim = "utf-16", "\t"
        elif i % 15 == 11:
            delim = ";"
        elif i in (40, 130):
            delim = "|"
        elif i % 9 == 4:
            enc = "utf-8-sig"
        f["enc"], f["delim"] = enc, delim
        f["preamble"] = f["head"] != 4 and i % 5 == 2
        f["footer"] = f["head"] != 4 and i % 10 == 6 and n_of[c] >= 3
        f["multiline"] = f["head"] != 4 and i % 7 == 0
        f["dups"] = (not f["footer"]) and i % 11 == 9
        f["ragged"] = i % 13 == 8
        if i in (22, 101) and not f["multiline"] and enc != "utf-16":
            f["eol"] = "\r"
        elif enc in ("utf-16", "cp1252") or i % 4 == 1:
            f["eol"] = "\r\n"
        else:
            f["eol"] = "\n"
        f["pad"] = i % 3 == 0  # Excel-style padding of preamble/footer rows
        f["date_fmt"] = ["dmy", "dmy", "iso", "long", "dmon", "dmy", "serial", "dmy2", "dmy"][i % 9]
        f["val_style"] = ["pound", "plain", "commas", "pound", "mixed", "pound", "plain"][i % 7]
        f["q_style"] = ["yn", "short", "desc", "yn", "mixed"][i % 5]
        f["sorted"] = i % 3 != 2
        if c in name_only:
            core = core_name(ccg_names[c])
            form = name_only.index(c) % 4
            if form == 3:
                f["file"] = "NHS %s CCG FOI response.csv" % core
            elif form == 2:
                f["file"] = "%s_ccg_mental_health_contracts.csv" % slug(core)
            else:
                f["file"] = "nhs_%s_ccg_foi_response.csv" % slug(core)
        elif c in neutral:
            f["file"] = NEUTRAL_NAMES[neutral.index(c)]
        else:
            f["file"] = "%s_%s.csv" % (c, slug(core_name(ccg_names[c])))
        feat[c] = f
    for c in name_only:  # the file name must point at one CCG only
        fn = slug(feat[c]["file"])
        hits = [o for o in codes if slug(core_name(ccg_names[o])) in fn]
        assert hits == [c], (c, hits)

    # ------------------------------------------------ types
    FT, NT = "nhs_foundation_trust", "nhs_trust"
    quota = {
        FT: round(TARGET_FT_COUNT * N),
        "private": round(0.205 * N),
        "not_for_profit": round(0.105 * N),
        "local_authority": round(0.021 * N),
        "primary_care": round(0.022 * N),
        "other_nhs": round(0.011 * N),
    }
    third = round(TARGET_THIRD_COUNT * N)
    quota["voluntary"] = third - quota["private"] - quota["not_for_profit"]
    quota[NT] = N - sum(quota.values())

    def kind_of_main(c):
        m = main_of[c]
        return "not_for_profit" if m == "NAVIGO" else trusts[m]["kind"]

    left = dict(quota)
    for c in with_contracts:
        left[kind_of_main(c)] -= 1
    assert all(v >= 0 for v in left.values()), left
    labels = []
    for t in TYPES:
        labels += [t] * left[t]
    rt = R(4)
    rt.shuffle(labels)

    contracts = []
    li = 0
    for c in with_contracts:
        region = region_of[c]
        contracts.append(Contract(ccg=c, idx=0, ptype=kind_of_main(c), role="main", region=region))
        for k in range(1, n_of[c]):
            contracts.append(Contract(ccg=c, idx=k, ptype=labels[li], role="", region=region))
            li += 1
    assert li == len(labels) and len(contracts) == N

    # ------------------------------------------------ providers
    rp = R(5)
    region_trusts = {}
    for reg in REGION_CODES:
        s = set(REGION_EXTRA_TRUSTS[reg].split())
        for c in REGION_CODES[reg].split():
            if main_of[c] != "NAVIGO":
                s.add(main_of[c])
        region_trusts[reg] = sorted(s)
    national = NATIONAL_TRUSTS.split()

    def pick_trust(c, kind):
        m = main_of[c]
        reg = [t for t in region_trusts[region_of[c]] if trusts[t]["kind"] == kind and t != m]
        nat = [t for t in national if trusts[t]["kind"] == kind and t != m]
        opts = []
        if m != "NAVIGO" and trusts[m]["kind"] == kind:
            opts.append((m, 45))
        if reg:
            opts.append(("REG", 35 if opts else 65))
        opts.append(("NAT", 20 if len(opts) == 2 else 35))
        x = rp.weighted(opts)
        if x == "REG":
            return rp.choice(reg)
        if x == "NAT":
            return rp.choice(nat)
        return x

    def pick_ref(lst, c):
        ok = [(e, e[1]) for e in lst if e[3] is None or e[3] == region_of[c]] if len(lst[0]) == 4 \
            else [(e, e[1]) for e in lst]
        return rp.weighted(ok)

    def local_mind(c):
        if c in REF_LOCAL_MIND:
            return REF_LOCAL_MIND[c], True
        p = place_of(c)
        h = sum(map(ord, c))
        return ("Mind in %s" % p if h % 2 else "%s Mind" % p), False

    def local_council(c):
        p = place_of(c)
        if p in LONDON_LA:
            return LONDON_LA[p]
        if region_of[c] == "LON":
            return "London Borough of %s" % p
        if p in CITIES:
            return "%s City Council" % p
        if p in COUNTIES:
            return "%s County Council" % p
        if sum(map(ord, c)) % 3 == 0 and COUNTY_OF_REGION[region_of[c]]:
            return "%s County Council" % COUNTY_OF_REGION[region_of[c]]
        return "%s Borough Council" % p

    # providers: canonical -> dict(type, is_ref, alts=list of alternative spellings)
    prov_info = {}

    def register(canon, ptype, is_ref, alts=()):
        if canon not in prov_info:
            prov_info[canon] = {"type": ptype, "is_ref": is_ref, "alts": list(alts)}
        return canon

    for t in contracts:
        c = t.ccg
        if t.role == "main":
            m = main_of[c]
            if m == "NAVIGO":
                t.canonical = register("NAViGO", "not_for_profit", True, ["Navigo", "NAViGO Health and Social Care CIC"])
            else:
                t.canonical = register(trusts[m]["name"], trusts[m]["kind"], True)
            t.service = rp.choice(SERVICES["main"])
            continue
        pt = t.ptype
        if pt in (FT, NT):
            tr = pick_trust(c, pt)
            t.canonical = register(trusts[tr]["name"], pt, True)
            if tr == main_of[c]:
                t.role = "nhs"
            else:
                t.role = "placement" if rp.rand() < 0.55 else "nhs"
        elif pt == "private":
            if rp.rand() < 0.75:
                e = pick_ref(PRIVATE_REF, c)
                t.canonical = register(e[0], pt, True, e[2])
            else:
                t.canonical = register(rp.choice(PRIVATE_NEW), pt, False)
            if t.canonical in DIGITAL_PRIVATE or re.search(r"Counselling|Therap|Psycholog|Assessment|Clinical", t.canonical):
                t.role = "private"
            else:
                t.role = "placement" if rp.rand() < 0.8 else "private_beds"
        elif pt == "not_for_profit":
            if rp.rand() < 0.75:
                e = pick_ref(NFP_REF, c)
                t.canonical = register(e[0], pt, True, e[2])
            else:
                t.canonical = register(rp.choice(NFP_NEW), pt, False)
            t.role = "nfp"
        elif pt == "voluntary":
            x = rp.rand()
            if x < 0.25:
                name, isref = local_mind(c)
                t.canonical = register(name, pt, isref)
            elif x < 0.30:
                t.canonical = register("Age UK %s" % place_of(c), pt, False)
            else:
                e = pick_ref(VOL_REF, c)
                t.canonical = register(e[0], pt, True, e[2])
            t.role = "vol"
        elif pt == "local_authority":
            t.canonical = register(local_council(c), pt, False)
            t.role = "la"
        elif pt == "primary_care":
            t.canonical = register(rp.choice(SURGERIES), pt, False)
            t.role = "pc"
        elif pt == "other_nhs":
            if rp.rand() < 0.45:
                t.canonical = register("NHS England", pt, False)
            else:
                cands = [o for o in REGION_CODES[region_of[c]].split()
                         if o != c and not rule_types(ccg_names[o])]
                t.canonical = register(ccg_names[rp.choice(cands)], pt, False)
            t.role = "oth"

    # sanity of provider typing
    for canon in sorted(prov_info):
        info = prov_info[canon]
        k = name_key(canon)
        if info["is_ref"]:
            assert ref_key.get(k) == (canon, info["type"]), canon
        else:
            assert k not in ref_key, ("non-reference provider collides with reference", canon)
            if info["type"] != "other_nhs":
                assert rule_types(canon) == [info["type"]], (canon, rule_types(canon))
            else:
                assert rule_types(canon) == [], canon

    # spellings: per (ccg, canonical)
    rsp = R(6)

    def variants(canon):
        info = prov_info[canon]
        ty = info["type"]
        v = [(canon, 60.0)]
        if ty in (FT, NT):
            if " and " in canon:
                v.append((canon.replace(" and ", " & "), 8))
            if " & " in canon:
                v.append((canon.replace(" & ", " and "), 6))
            if canon.endswith("NHS Foundation Trust"):
                v.append((canon[:-len("Foundation Trust")] + "FT", 10))
            if canon.startswith("The "):
                v.append((canon[4:], 8))
            if "Mental Health" in canon:
                v.append((canon.replace("Mental Health", "MH"), 2))
            v.append((canon.upper(), 6))
        else:
            for a in info["alts"]:
                v.append((a, 30.0 / max(1, len(info["alts"]))))
            if canon.startswith("The "):
                v.append((canon[4:], 5))
            if canon.endswith(" Ltd"):
                v.append((canon[:-4] + " Limited", 6))
            if " and " in canon and ty != "other_nhs":
                v.append((canon.replace(" and ", " & "), 4))
            if ty != "other_nhs":
                v.append((canon.upper(), 4))
        out = []
        for s, w in v:
            k = name_key(s)
            if info["is_ref"]:
                if ref_key.get(k) != (canon, ty):
                    continue
                rt_ = rule_types(s)
                if rt_ and rt_ != [ty] and s != canon and s not in info["alts"]:
                    continue
            else:
                if k != name_key(canon) or k in ref_key:
                    continue
                if ty != "other_nhs" and rule_types(s) != [ty]:
                    continue
            if ty == "other_nhs" and s != canon:
                continue
            out.append((s, w))
        return out

    def fuzzy_variant(canon):
        """A spelling that needs fuzzy matching but whose type the rules still decide."""
        ty = prov_info[canon]["type"]
        if ty == FT and canon.endswith(" NHS Foundation Trust"):
            s = canon[:-len(" NHS Foundation Trust")] + " FT"
            if rule_types(s) == [FT]:
                return s
        words = canon.split()
        for wi, w in enumerate(words):
            if len(w) >= 9 and w.isalpha() and w not in ("Foundation", "Partnership"):
                j = len(w) // 2
                tw = w[:j] + w[j + 1] + w[j] + w[j + 2:]
                s = " ".join(words[:wi] + [tw] + words[wi + 1:])
                if rule_types(s) == [ty] and name_key(s) not in ref_key:
                    return s
        return None

    spelling_of = {}
    for t in contracts:
        key = (t.ccg, t.canonical)
        if key not in spelling_of:
            x = rsp.rand()
            fv = fuzzy_variant(t.canonical) if prov_info[t.canonical]["is_ref"] and \
                prov_info[t.canonical]["type"] in (FT, NT) else None
            if fv and x < 0.03:
                spelling_of[key] = fv
            else:
                spelling_of[key] = rsp.weighted(variants(t.canonical))
        t.spelling = spelling_of[key]
        if rsp.rand() < 0.05:  # trailing spaces, as typed
            t.spelling = t.spelling + "  "
    # non-reference providers: the canonical spelling must be the most frequent
    cnt = {}
    for t in contracts:
        cnt.setdefault(t.canonical, {}).setdefault(t.spelling.strip(), 0)
        cnt[t.canonical][t.spelling.strip()] += 1
    for canon in sorted(cnt):
        if prov_info[canon]["is_ref"]:
            continue
        sp = cnt[canon]
        base = sp.get(canon, 0)
        if any(n >= base for s, n in sp.items() if s != canon):
            for t in contracts:
                if t.canonical == canon:
                    t.spelling = canon + ("  " if t.spelling.endswith(" ") else "")
    for t in contracts:
        t.is_ref = prov_info[t.canonical]["is_ref"]
        t.fuzzy = t.is_ref and name_key(t.spelling) not in ref_key

    # ------------------------------------------------ services (unique per file)
    rsv = R(7)
    used = {}
    for t in contracts:
        f = feat[t.ccg]
        if f["head"] == 4:
            t.service = None
            continue
        if t.role != "main":
            role = t.role
            if role == "placement" and t.ptype in (FT, NT):
                role = "nhs_placement"
            t.service = rsv.choice(SERVICES[role])
        s = t.service
        u = used.setdefault(t.ccg, set())
        if t.role == "placement" and re.search(r"placement|bed", s):
            while True:
                s2 = "%s - ref P%04d" % (s, rsv.randint(1000, 9999))
                if s2 not in u:
                    break
            s = s2
        elif s in u:
            for q in QUALIFIERS:
                if "%s - %s" % (s, q) not in u:
                    s = "%s - %s" % (s, q)
                    break
            else:
                while True:
                    s2 = "%s - ref S%03d" % (s, rsv.randint(100, 999))
                    if s2 not in u:
                        break
                s = s2
        u.add(s)
        if f["multiline"] and rsv.rand() < 0.3:
            s = s + rsv.choice(MULTILINE_TAILS)
        t.service = s
    for c in with_contracts:
        if feat[c]["multiline"]:
            # one cell with commas and doubled quotes inside
            for t in contracts:
                if t.ccg == c and t.role == "vol" and "\n" not in t.service:
                    t.service = 'Crisis café "Safe Haven", evenings and weekends'
                    break

    # ------------------------------------------------ dates / lengths
    rd = R(8)
    for t in contracts:
        f = feat[t.ccg]
        if f["head"] == 4:
            if t.role == "main":
                opts = [("3 years", 36), ("36 months", 36), ("rolling", None)]
            else:
                opts = [("3 years", 36), ("36 months", 36), ("12 mths", 12), ("annual", 12),
                        ("rolling", None), ("2 years", 24), ("24 months", 24), ("1 yr", 12)]
            t.length_text, t.length = rd.choice(opts)
            if t.length in (36, None):
                t.years = [0, 1, 2]
            elif t.length == 24:
                y0 = rd.randint(0, 1)
                t.years = [y0, y0 + 1]
            else:
                t.years = [rd.randint(0, 2)]
            t.dated = False
            continue
        t.years = None
        if rd.rand() < 0.07 and t.role != "main":
            t.dated = False
            continue
        t.dated = True
        if t.role == "main":
            start = rd.weighted([(date(2013, 4, 1), 60), (date(2012, 4, 1), 20), (date(2011, 4, 1), 10),
                                 (date(2014, 4, 1), 10)])
        elif t.role == "placement" or rd.rand() < 0.2:
            start = date(2011, 6, 1) + timedelta(days=rd.randint(0, 1700))
        else:
            start = rd.weighted([(date(2013, 4, 1), 40), (date(2012, 4, 1), 12), (date(2014, 4, 1), 18),
                                 (date(2015, 4, 1), 12), (date(2011, 4, 1), 5), (date(2010, 4, 1), 3)])
        start = min(start, STUDY_END)
        dur = rd.weighted([(12, 30), (24, 15), (36, 30), (60, 10), (None, 15)])
        if dur is None:
            t.open_end = True
            t.end = None
        else:
            end = add_months(start, dur) - timedelta(days=1)
            while end < STUDY_START:
                dur += 12
                end = add_months(start, dur) - timedelta(days=1)
            t.open_end = False
            t.end = end
        t.start = start

    # ------------------------------------------------ quality classes (exact counts)
    rq = R(9)
    k_yes = N - round(TARGET_NO_EVIDENCE * N)
    k_ns = round(0.41 * N)
    ccg_q = {c: (rq.rand() * 0.4 - 0.2, 1.0 if rq.rand() < 0.18 else rq.rand() * 0.3)
             for c in with_contracts}
    bonus = {FT: 0.35, NT: 0.35, "local_authority": 0.1, "other_nhs": 0.1, "primary_care": -0.1}
    scored = []
    for i, t in enumerate(contracts):
        yb, nb = ccg_q[t.ccg]
        s = bonus.get(t.ptype, 0.0) + yb + rq.rand() - (1.0 if nb >= 1.0 else 0.0)
        scored.append((-s, i))
    scored.sort()
    yes_set = {i for _, i in scored[:k_yes]}
    rest_sc = []
    for i, t in enumerate(contracts):
        if i in yes_set:
            continue
        rest_sc.append((-(ccg_q[t.ccg][1] + rq.rand() * 0.8), i))
    rest_sc.sort()
    ns_set = {i for _, i in rest_sc[:k_ns]}
    for i, t in enumerate(contracts):
        t.quality = "yes" if i in yes_set else ("not_stated" if i in ns_set else "no")

    # ------------------------------------------------ withheld values (exact count)
    rw = R(10)
    k_wh = round(TARGET_WITHHELD * N)
    sc = []
    for i, t in enumerate(contracts):
        if t.role == "main":
            continue
        s = rw.rand()
        if status[t.ccg] == "partial" and t.ptype in THIRD:
            s += 1.0
        if t.ptype == "private":
            s += 0.45
        if t.ptype in (FT, NT) and t.role == "nhs":
            s += 0.6
        sc.append((-s, i))
    sc.sort()
    wh_set = {i for _, i in sc[:k_wh]}
    for i, t in enumerate(contracts):
        if i in wh_set:
            t.withheld = rw.choice(WITHHELD_NHS if t.ptype in (FT, NT) else WITHHELD_OTHER)
        else:
            t.withheld = None

    # ------------------------------------------------ raw values
    rv = R(11)
    dist = {
        ("main", None): (18e6, 0.55, 2.5e6, 50e6),
        (FT, "nhs"): (900e3, 0.9, 60e3, 8e6),
        (FT, "placement"): (160e3, 0.8, 15e3, 1.5e6),
        (NT, "nhs"): (700e3, 0.9, 50e3, 6e6),
        (NT, "placement"): (150e3, 0.8, 15e3, 1.5e6),
        ("private", "placement"): (190e3, 0.8, 20e3, 1.8e6),
        ("private", "private"): (75e3, 0.9, 5e3, 900e3),
        ("private", "private_beds"): (400e3, 0.8, 50e3, 2.5e6),
        ("not_for_profit", "nfp"): (110e3, 0.9, 8e3, 1.5e6),
        ("voluntary", "vol"): (45e3, 0.9, 5e3, 600e3),
        ("local_authority", "la"): (600e3, 0.8, 50e3, 5e6),
        ("primary_care", "pc"): (35e3, 0.7, 5e3, 200e3),
        ("other_nhs", "oth"): (300e3, 0.9, 20e3, 3e6),
    }
    for t in contracts:
        if t.withheld:
            continue
        key = ("main", None) if t.role == "main" else (t.ptype, t.role)
        med, sg, lo, hi = dist[key]
        if t.role == "main" and t.ptype == "not_for_profit":
            med, lo, hi = 9e6, 4e6, 15e6
        v = rv.lognorm(med, sg, lo, hi)
        if t.years is not None:
            if t.length_text == "rolling" or len(t.years) == 3:
                base = v / 3.0
            else:
                base = v * len(t.years) / 3.0 if t.role == "main" else v / len(t.years)
            t.raw_years = [base * (1 + 0.02 * k) for k in range(len(t.years))]
            t.raw = sum(t.raw_years)
        else:
            t.raw = v

    # formats
    rfm = R(12)
    for t in contracts:
        f = feat[t.ccg]
        st = f["val_style"]

        def pick(v, allow_pa=True):
            opts = []
            base = {"pound": "pound", "plain": "plain", "commas": "commas"}.get(st)
            if base:
                opts.append((base, 75))
            else:
                opts += [("pound", 25), ("plain", 15), ("commas", 10)]
            opts.append(("full", 8))
            if v >= 1e6:
                opts.append(("m", 10 if st != "mixed" else 30))
            if 5e3 <= v < 1e6:
                opts.append(("k", 8 if st != "mixed" else 25))
            if allow_pa and v < 2e5 and t.ptype in THIRD + ("primary_care",):
                opts.append(("pa", 3 if st != "mixed" else 12))
            return rfm.weighted(opts)

        if t.withheld:
            continue
        if t.raw_years is not None:
            t.year_fmts = [pick(v, False) for v in t.raw_years]
        else:
            t.fmt = pick(t.raw)

    # scale FT and third sector against the rest, then round, then adjust
    def group_of(t):
        return "ft" if t.ptype == FT else ("third" if t.ptype in THIRD else "rest")

    raw_sum = {"ft": 0.0, "third": 0.0, "rest": 0.0}
    for t in contracts:
        if not t.withheld:
            raw_sum[group_of(t)] += t.raw
    tot = raw_sum["rest"] / (1 - TARGET_FT_VALUE - TARGET_THIRD_VALUE)
    scale = {"ft": TARGET_FT_VALUE * tot / raw_sum["ft"],
             "third": TARGET_THIRD_VALUE * tot / raw_sum["third"], "rest": 1.0}
    for t in contracts:
        if t.withheld:
            continue
        s = scale[group_of(t)]
        if t.raw_years is not None:
            t.year_pence = [round_pence(int(round(v * s * 100)), fm)
                            for v, fm in zip(t.raw_years, t.year_fmts)]
            t.pence = sum(t.year_pence)
        else:
            p = int(round(t.raw * s * 100))
            if t.fmt != "full":
                p = (p // 100) * 100
            t.pence = round_pence(p, t.fmt)
    sums = {"ft": 0, "third": 0, "rest": 0}
    for t in contracts:
        if not t.withheld:
            sums[group_of(t)] += t.pence
    R_ = sums["rest"]
    rest_share = 1 - TARGET_FT_VALUE - TARGET_THIRD_VALUE
    want = {"ft": int(round(R_ * TARGET_FT_VALUE / rest_share)),
            "third": int(round(R_ * TARGET_THIRD_VALUE / rest_share))}
    for g in ("ft", "third"):
        cands = [t for t in contracts if group_of(t) == g and not t.withheld and t.years is None]
        adj = max(cands, key=lambda t: (t.pence, t.ccg, t.idx))
        adj.fmt = "full"
        adj.pence += want[g] - sums[g]
        assert adj.pence > 0
        sums[g] = want[g]
    scale_report = {g: round(scale[g], 4) for g in scale}

    # ------------------------------------------------ cell texts
    rc = R(13)
    other_date_fmts = ["dmy", "iso", "long", "dmon", "mon", "serial", "dmy2"]
    for t in contracts:
        f = feat[t.ccg]
        # type cell
        t.type_text = "" if rc.rand() < 0.30 else rc.choice(TYPE_CELL[t.ptype])
        # quality
        qs = f["q_style"]
        if t.quality == "yes":
            lst = {"yn": ["Yes"], "short": ["Y"], "desc": QUALITY_TEXT["yes"][2:]}.get(qs, QUALITY_TEXT["yes"])
        elif t.quality == "no":
            lst = {"yn": ["No"], "short": ["N"], "desc": ["None", "Not monitored"]}.get(qs, QUALITY_TEXT["no"])
        else:
            lst = {"yn": ["", "", "N/A"], "short": ["", "N/A"], "desc": ["Not known", ""]}.get(
                qs, QUALITY_TEXT["not_stated"])
        if rc.rand() < 0.12:
            lst = QUALITY_TEXT[t.quality]
        t.quality_text = rc.choice(lst)
        if t.quality == "no" and rc.rand() < 0.01:
            t.quality_text = "No KPIs"
        # dates
        if t.dated:
            def dfmt(d, is_end):
                fm = f["date_fmt"] if rc.rand() < 0.8 else rc.choice(other_date_fmts)
                if fm == "mon" and not is_end and d.day != 1:
                    fm = "dmy"
                return fm
            fs = dfmt(t.start, False)
            t.start_text = fmt_date(t.start, fs)
            if fs == "mon":
                t.start = t.start.replace(day=1)
            if t.open_end:
                t.end_text = rc.weighted([("Ongoing", 6), ("Rolling", 2), ("ongoing", 1), ("Evergreen", 1)])
            else:
                fe = dfmt(t.end, True)
                if fe == "mon":
                    e1 = t.end.replace(day=1)
                    if e1 < t.start or e1 < STUDY_START:
                        fe = "dmy"
                    else:
                        t.end = e1
                t.end_text = fmt_date(t.end, fe)
            if t.open_end:
                t.length = None
            else:
                t.length = months_between(t.start, t.end)
        elif t.years is None:
            t.start_text = t.end_text = ""
            t.length = None

    # ------------------------------------------------ write
    files = {}
    for c in with_contracts:
        files[c] = [t for t in contracts if t.ccg == c]
        if feat[c]["sorted"]:
            files[c].sort(key=lambda t: (0 if t.role == "main" else 1, t.spelling.strip().lower(), t.idx))
        else:
            rest_ = [t for t in files[c] if t.role != "main"]
            rc.shuffle(rest_)
            files[c] = [t for t in files[c] if t.role == "main"] + rest_
    return dict(ccgs=ccgs, ccg_names=ccg_names, status=status, with_contracts=with_contracts,
                feat=feat, files=files, contracts=contracts, N=N, prov_info=prov_info,
                scale=scale_report, region_of=region_of, rng=R(14), ccg_key=ccg_key)


def value_cell(t):
    if t.withheld:
        return t.withheld
    return fmt_money(t.pence, t.fmt)


def render_file(c, m, rng):
    f = m["feat"][c]
    ts = m["files"][c]
    ccg_name = m["ccg_names"][c]
    head = f["head"]
    width = 7 + (1 if f["ccgcol"] else 0)
    rows = []  # (kind, cells, contract or None)
    layouts = {head}
    if f["preamble"]:
        layouts.add(3)
        ref = "FOI/%04d" % rng.randint(1000, 9999)
        pre = [["Freedom of Information request %s" % ref],
               ["%s - mental health contracts 2013/14 to 2015/16" % ccg_name]]
        if rng.rand() < 0.5:
            pre.append(["Date of response: %s" % fmt_date(date(2016, 9, 1) + timedelta(days=rng.randint(0, 200)), "long")])
        pre.append([])
        for p in pre:
            rows.append(("pre", p + ([""] * (width - len(p)) if f["pad"] and p else []), None))
    if head == 4:
        rows.append(("head", HEAD_4_TOP, None))
        rows.append(("head", HEAD_4_SUB, None))
    else:
        h = list(HEAD_A if head == 1 else HEAD_B)
        if f["ccgcol"]:
            h = ["CCG"] + h
            layouts.add(16)
        rows.append(("head", h, None))
    if f["name_only"]:
        layouts.add(17)
    ccg_cell = c if (m["with_contracts"].index(c) % 2) else ccg_name
    data_rows = []
    for t in ts:
        if head == 4:
            yc = ["", "", ""]
            for k, y in enumerate(t.years):
                if t.withheld:
                    yc[y] = t.withheld
                else:
                    yc[y] = fmt_money(t.year_pence[k], t.year_fmts[k])
            cells = [t.spelling, t.type_text] + yc + [t.length_text, t.quality_text]
        else:
            cells = [t.spelling, t.type_text, t.service, value_cell(t), t.start_text,
                     t.end_text, t.quality_text]
            if f["ccgcol"]:
                cells = [ccg_cell] + cells
        data_rows.append(cells)
    # exact duplicate rows
    dup_after = {}
    if f["dups"] and len(ts) >= 4:
        layouts.add(14)
        nd = 1 + (rng.rand() < 0.4)
        for _ in range(nd):
            j = rng.randint(1, len(ts) - 1)
            dup_after[j] = dup_after.get(j, 0) + 1
    blank_at = set()
    if f["ragged"] and len(ts) >= 6:
        blank_at = {len(ts) // 3, 2 * len(ts) // 3}
    for j, (t, cells) in enumerate(zip(ts, data_rows)):
        if j in blank_at:
            rows.append(("blank", [""] * width if j == min(blank_at) else [], None))
        rows.append(("data", cells, t))
        for _ in range(dup_after.get(j, 0)):
            rows.append(("dup", list(cells), t))
    if f["footer"]:
        layouts.add(8)
        total = sum(t.pence for t in ts if not t.withheld)
        tot = ["Grand total" if rng.rand() < 0.3 else "Total", "", "",
               "£{:,}.{:02d}".format(total // 100, total % 100), "", "", ""]
        if f["ccgcol"]:
            tot = [""] + tot
        rows.append(("total", tot, None))
        rows.append(("blank", [], None))
        notes = [["Notes:"], ["* excludes VAT"]]
        if any(t.withheld for t in ts):
            notes.append(["* values not given (withheld, not held or to be confirmed) are excluded from the total"])
        for n in notes:
            rows.append(("note", n + ([""] * (width - 1) if f["pad"] else []), None))
    # ragged: trailing empty cells left off
    if f["ragged"]:
        layouts.add(19)
        rr = []
        for kind, cells, t in rows:
            if kind in ("data", "dup"):
                cells = list(cells)
                while cells and cells[-1] == "":
                    cells.pop()
            rr.append((kind, cells, t))
        rows = rr
    if c in XLSX_FILES:
        return render_xlsx(c, f, ts, rows, head, layouts)
    # serialise
    buf = io.StringIO()
    eol = f["eol"]
    w = csv.writer(buf, delimiter=f["delim"], lineterminator=eol, quoting=csv.QUOTE_MINIMAL)
    linebreak = "\r" if eol == "\r" else "\n"
    for kind, cells, t in rows:
        pos = buf.getvalue().count(linebreak) + 1
        w.writerow(cells)
        if kind == "data":
            t.line = pos
            t.dup_lines = []
        elif kind == "dup":
            t.dup_lines.append(pos)
    text = buf.getvalue()
    if f["enc"] == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
        layouts.add(6)
    elif f["enc"] == "cp1252":
        data = text.encode("cp1252")
        layouts.add(5)
    elif f["enc"] == "utf-8-sig":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
        layouts.add(18)
    else:
        data = text.encode("utf-8")
    if f["delim"] == ";":
        layouts.add(7)
    if f["delim"] == "|":
        layouts.add(20)
    if eol != "\n":
        layouts.add(11)
    if any("\n" in (t.service or "") or '"' in (t.service or "") for t in ts):
        layouts.add(9)
    if any(t.withheld for t in ts):
        layouts.add(10)
    vf = set()
    for t in ts:
        if not t.withheld:
            vf.update(t.year_fmts if t.years is not None else [t.fmt])
    if len(vf) >= 3:
        layouts.add(12)
    df = set()
    for t in ts:
        for s in (t.start_text, t.end_text):
            if s:
                df.add(date_kind(s))
    if len(df) >= 3:
        layouts.add(13)
    if len({t.quality for t in ts}) >= 2:
        layouts.add(15)
    for t in ts:
        t.file = f["file"]
    return data, sorted(layouts)


MONEY_CELL = re.compile(r"(£?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]{2})?")
DATE_CELL = [(re.compile(r"\d{2}/\d{2}/\d{4}"), "%d/%m/%Y", "dd/mm/yyyy"),
             (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d", "yyyy-mm-dd"),
             (re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}"), "%d %B %Y", "d mmmm yyyy"),
             (re.compile(r"\d{2}-[A-Z][a-z]{2}-\d{2}"), "%d-%b-%y", "dd-mmm-yy")]


def money_cell(text):
    # What Excel stores when such a value is typed in: a number with a
    # number format. Other spellings (£1.2m, £ 12,000 pa, withheld) stay text.
    m = MONEY_CELL.fullmatch(text)
    if not m:
        return text
    value = float((m.group(2) + (m.group(3) or "")).replace(",", ""))
    if value == int(value):
        value = int(value)
    if m.group(1):
        return Num(value, '"£"#,##0.00' if m.group(3) else '"£"#,##0')
    return Num(value, "#,##0.00" if m.group(3) else ("#,##0" if "," in m.group(2) else None))


def date_cell(text):
    # Full dates become real dates; month-only dates ("Apr-13") and words
    # ("Ongoing") stay text, as they would when pasted from another system.
    from datetime import datetime
    for rx, parse, fmt in DATE_CELL:
        if rx.fullmatch(text):
            return Date(datetime.strptime(text, parse).date(), fmt)
    if re.fullmatch(r"\d{5}", text):
        return Date(EXCEL_EPOCH + timedelta(days=int(text)), "dd/mm/yyyy")
    return text


def render_xlsx(c, f, ts, rows, head, layouts):
    """The rows of render_file() as one sheet of an .xlsx; line N is row N."""
    ccg = 1 if f["ccgcol"] else 0
    if head == 4:
        money_cols, date_cols = {2, 3, 4}, set()
    else:
        money_cols, date_cols = {3 + ccg}, {4 + ccg, 5 + ccg}
    out, merges = [], []
    first = last = None
    all_numbers = True
    for k, (kind, cells, t) in enumerate(rows, start=1):
        typed = []
        for j, v in enumerate(cells):
            if kind in ("data", "dup") and v:
                if j in money_cols:
                    v = money_cell(v)
                    all_numbers = all_numbers and isinstance(v, Num)
                elif j in date_cols:
                    v = date_cell(v)
            typed.append(v if v != "" else None)
        if kind == "head" and cells == HEAD_4_TOP:
            merges += ["C%d:E%d" % (k, k)] + ["%s%d:%s%d" % (x, k, x, k + 1) for x in "ABFG"]
        if kind == "data":
            t.line = k
            t.dup_lines = []
            first = first or k
            last = k
        elif kind == "dup":
            t.dup_lines.append(k)
        if kind == "total":
            j = 3 + ccg
            total = money_cell(cells[j])
            col = "ABCDEFGH"[j]
            typed[j] = Formula("SUM(%s%d:%s%d)" % (col, first, col, last), total.value, total.fmt) \
                if all_numbers else total
        out.append(typed)
    data = xlsx_bytes([Sheet(XLSX_SHEET, out, merges=merges)], stored=True)
    f["file"] = f["file"][:-len(".csv")] + ".xlsx"
    for t in ts:
        t.file = "%s[%s]" % (f["file"], XLSX_SHEET)
    # Text-level layouts (encoding, delimiter, line ends, spelling of money
    # and dates) do not apply to typed cells.
    keep = {1, 2, 3, 4, 8, 10, 14, 15, 16, 17, 19}
    lays = {x for x in layouts if x in keep} | {21}
    if any(t.withheld for t in ts):
        lays.add(10)
    if len({t.quality for t in ts}) >= 2:
        lays.add(15)
    return data, sorted(lays)


def date_kind(s):
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", s):
        return "dmy"
    if re.fullmatch(r"\d{2}/\d{2}/\d{2}", s):
        return "dmy2"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return "iso"
    if re.fullmatch(r"\d{5}", s):
        return "serial"
    if re.fullmatch(r"\d{2}-[A-Za-z]{3}-\d{2}", s):
        return "dmon"
    if re.fullmatch(r"[A-Za-z]{3}-\d{2}", s):
        return "mon"
    if re.fullmatch(r"\d{1,2} [A-Za-z]+ \d{4}", s):
        return "long"
    return "open"


def figures(m):
    ts = m["contracts"]
    N = len(ts)
    fig = {}
    fig["requests"] = 211
    responses = sum(1 for c in m["status"] if m["status"][c] in ("responded", "partial", "nil_return"))
    fig["responses"] = responses
    fig["response_rate"] = responses / 211
    fig["contracts"] = N
    per = sorted(len(m["files"][c]) for c in m["with_contracts"])
    fig["contracts_per_ccg.min"] = per[0]
    fig["contracts_per_ccg.max"] = per[-1]
    k = len(per)
    fig["contracts_per_ccg.median"] = per[k // 2] if k % 2 else (per[k // 2 - 1] + per[k // 2]) / 2
    known = [t for t in ts if not t.withheld]
    total = sum(t.pence for t in known)
    fig["value.total"] = total / 100
    fig["value.missing_contracts"] = N - len(known)
    for ty in TYPES:
        tt = [t for t in ts if t.ptype == ty]
        if not tt:
            continue
        v = sum(t.pence for t in tt if not t.withheld)
        fig["type.%s.contracts" % ty] = len(tt)
        fig["type.%s.contract_share" % ty] = len(tt) / N
        fig["type.%s.value" % ty] = v / 100
        fig["type.%s.value_share" % ty] = v / total
    for g in sorted(GROUPS):
        tt = [t for t in ts if t.ptype in GROUPS[g]]
        v = sum(t.pence for t in tt if not t.withheld)
        fig["group.%s.contracts" % g] = len(tt)
        fig["group.%s.contract_share" % g] = len(tt) / N
        fig["group.%s.value" % g] = v / 100
        fig["group.%s.value_share" % g] = v / total
    q = {x: sum(1 for t in ts if t.quality == x) for x in ("yes", "no", "not_stated")}
    fig["quality.yes_share"] = q["yes"] / N
    fig["quality.no_share"] = q["no"] / N
    fig["quality.not_stated_share"] = q["not_stated"] / N
    fig["quality.no_evidence_share"] = (q["no"] + q["not_stated"]) / N
    return fig


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


STUDY_TOML = '''# BJGP 2019 (69 suppl 1, bjgp19X703373): published figures
[study]
name = "BJGP 2019: Health and Social Care Act 2012 and mental-health commissioning"
first_year = "2013/14"
last_year = "2015/16"
'''
EXPECT = [
    ("response_rate", "0.93", "0.005", "BJGP 2019, results: 93% of CCGs responded"),
    ("contracts_per_ccg.min", "1", "0", "BJGP 2019, results: 1 to 127 contracts per CCG"),
    ("contracts_per_ccg.max", "127", "0", "BJGP 2019, results: 1 to 127 contracts per CCG"),
    ("group.third_sector_bjgp.contract_share", "0.653", "0.005",
     "BJGP 2019, results: 65.3% of contracts to the third sector (private, not-for-profit and voluntary)"),
    ("group.third_sector_bjgp.value_share", "0.06", "0.005",
     "BJGP 2019, results: third-sector contracts were 6% of total value"),
    ("type.nhs_foundation_trust.contract_share", "0.25", "0.005",
     "BJGP 2019, results: 25% of contracts to NHS foundation trusts"),
    ("type.nhs_foundation_trust.value_share", "0.70", "0.005",
     "BJGP 2019, results: NHS foundation trust contracts were 70% of total value"),
    ("quality.no_evidence_share", "0.71", "0.005",
     "BJGP 2019, results: 71% of contracts had no evidence of quality monitoring"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join("data", "samples", "bjgp2019"))
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--truth", default=os.path.join("tests", "data", "bjgp2019_truth"),
                    help="where the ground truth goes (kept out of the returns folder)")
    a = ap.parse_args()
    m = build(a.seed)
    out = a.out
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "returns"))
    truth = a.truth
    if os.path.isdir(truth):
        shutil.rmtree(truth)
    os.makedirs(truth)
    rng = m["rng"]
    file_rows = []
    layout_files = {k: [] for k in LAYOUTS}
    for c in m["with_contracts"]:
        data, lays = render_file(c, m, rng)
        fn = m["feat"][c]["file"]
        with open(os.path.join(out, "returns", fn), "wb") as fh:
            fh.write(data)
        shown = "%s[%s]" % (fn, XLSX_SHEET) if fn.endswith(".xlsx") else fn
        file_rows.append(["returns/" + shown, c, len(m["files"][c]), ";".join(map(str, lays))])
        for L in lays:
            layout_files[L].append("returns/" + fn)
    # a record must be unique within its file (the tool dedups exact duplicates)
    for c in m["with_contracts"]:
        seen = set()
        for t in m["files"][c]:
            k = (t.canonical, " ".join((t.service or "").split()).lower(),
                 None if t.withheld else t.pence, tuple(t.year_pence or ()),
                 tuple(t.years or ()), t.start, t.end, t.open_end, t.length, t.quality)
            k = repr(k)
            assert k not in seen, ("accidental duplicate", c, t.spelling)
            seen.add(k)

    # manifest
    rr = Rng(a.seed * 1009 + 20)
    notes_for = {
        "partial": ["Values withheld for some contracts (s.43 commercial interests)",
                    "Quality information not provided", "Partial response: values for 2015/16 only estimated"],
        "nil_return": ["Nil return: mental-health services commissioned by a lead CCG",
                       "Nil return: no mental-health contracts held by the CCG"],
        "refused": ["Refused: s.12 cost limit", "Refused: s.43 commercial interests",
                    "Refused: s.21 information reasonably accessible"],
        "not_held": ["Information not held: contracts held by the CSU"],
        "no_response": ["No response after 20 working days and a reminder"],
    }
    man = []
    for row in m["ccgs"]:
        c = row["ods_code"]
        st = m["status"][c]
        d = date(2016, 6, 1) + timedelta(days=rr.randint(0, 330))
        received = "" if st == "no_response" else d.isoformat()
        fn = ("returns/" + m["feat"][c]["file"]) if c in m["feat"] else ""
        note = ""
        if st in notes_for:
            note = rr.choice(notes_for[st])
        elif rr.rand() < 0.08:
            note = rr.choice(["Late response after reminder", "Response after internal review",
                              "Values exclude VAT"])
        if c in m["feat"] and m["feat"][c]["ccgcol"]:
            note = (note + "; " if note else "") + "file name does not name the CCG: see CCG column"
        man.append([c, row["name"], st, fn, received, note])
    write_csv(os.path.join(out, "manifest.csv"), ["ccg_code", "ccg_name", "status", "file", "received", "notes"], man)

    # truth
    file_rows.sort()
    write_csv(os.path.join(truth, "files.csv"), ["file", "ccg_code", "contracts", "layout"], file_rows)
    prov = {}
    for t in m["contracts"]:
        s = t.spelling.strip()
        prov.setdefault(s, set()).add((t.canonical, t.ptype))
    prow = []
    for s in sorted(prov):
        assert len(prov[s]) == 1, s
        canon, ty = sorted(prov[s])[0]
        prow.append([s, canon, ty])
    write_csv(os.path.join(truth, "providers.csv"), ["spelling", "canonical_name", "type"], prow)
    crow = []
    for t in sorted(m["contracts"], key=lambda t: (t.file, t.line)):
        crow.append(["returns/" + t.file, t.line, t.ccg, t.spelling.strip(), t.canonical, t.ptype,
                     "" if t.withheld else "%d.%02d" % divmod(t.pence, 100),
                     "" if t.withheld is None else t.withheld,
                     t.start.isoformat() if t.dated else "",
                     t.end.isoformat() if (t.dated and not t.open_end) else ("open" if t.dated else ""),
                     "" if t.length is None else ("%.1f" % t.length),
                     t.quality, " ".join(map(str, t.dup_lines))])
    write_csv(os.path.join(truth, "contracts.csv"),
              ["file", "line", "ccg_code", "provider", "canonical_name", "type", "value",
               "value_text_if_missing", "start_date", "end_date", "length_months", "quality",
               "duplicate_lines"], crow)
    fig = figures(m)
    with open(os.path.join(truth, "figures.json"), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(fig, fh, indent=2, sort_keys=True)
        fh.write("\n")
    # study file
    with open(os.path.join(out, "study.toml"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(STUDY_TOML)
        for name, val, tol, src in EXPECT:
            fh.write('\n[[expect]]\nfigure = "%s"\nvalue = %s\ntolerance = %s\nsource = "%s"\n' % (name, val, tol, src))
    write_readme(out, a.seed, m, fig, layout_files, file_rows)


def write_readme(out, seed, m, fig, layout_files, file_rows):
    st = {}
    for c in m["status"]:
        st[m["status"][c]] = st.get(m["status"][c], 0) + 1
    fuzzy = sum(1 for t in m["contracts"] if t.fuzzy)
    L = []
    L.append("# BJGP 2019 sample returns (SYNTHETIC)\n")
    L.append("**These data are synthetic.** They were made by `tools/gen_samples.py` "
             "(seed %d) and describe no real contract. Regenerate with:\n" % seed)
    L.append("```\npython3 tools/gen_samples.py --out data/samples/bjgp2019 --seed %d\n```\n" % seed)
    L.append("The generator is deterministic: the same seed gives the same bytes. It deletes and "
             "rewrites this folder, so do not edit files here by hand.\n")
    L.append("## What it is for\n")
    L.append("The set is built so that the analysis reproduces the published figures of the BJGP 2019 "
             "study ([docs/methods.md](../../../docs/methods.md#the-bjgp-2019-study)): 93% response rate, 1 to 127 contracts per CCG, 65.3% of "
             "contracts and 6% of value to the \"third sector\" (private + not-for-profit + voluntary), "
             "25% of contracts and 70% of value to NHS foundation trusts, 71% of contracts with no "
             "evidence of quality monitoring. The counts and values were chosen by construction, not by "
             "search. At the same time the returns exercise the layouts real FOI returns come in.\n")
    L.append("## Contents\n")
    L.append("| path | what |\n|---|---|")
    L.append("| `manifest.csv` | one row per FOI request (211 CCGs of April 2013): `ccg_code,ccg_name,status,file,received,notes` |")
    L.append("| `returns/` | %d return files, one per CCG that listed contracts |" % len(file_rows))
    L.append("| `study.toml` | the published figures with tolerances ([reproducing published figures](../../../docs/methods.md#reproducing-published-figures)) |")
    L.append("| `../../../tests/data/bjgp2019_truth/figures.json` (at the repository root) | the figures computed by the generator from its own ground truth, by [figure name](../../../docs/figures.md#figure-names) |")
    L.append("| `../../../tests/data/bjgp2019_truth/files.csv` | per return file: CCG, contracts after de-duplication, layout numbers used |")
    L.append("| `../../../tests/data/bjgp2019_truth/providers.csv` | every distinct provider spelling (trimmed) with canonical name and type |")
    L.append("| `../../../tests/data/bjgp2019_truth/contracts.csv` | every contract: file, physical line of its record, provider, type, value in pounds (empty if not known, with the cell text), dates, length in months, quality class, line numbers of exact duplicates |")
    L.append("")
    L.append("Manifest statuses: " + ", ".join("%s %d" % (k, st[k]) for k in sorted(st)) +
             ". Responses (responded + partial + nil_return) = %d of 211. nil_return rows have no file; "
             "no_response rows have no received date.\n" % fig["responses"])
    L.append("## Figures (from the ground truth)\n")
    L.append("| figure | value |\n|---|---|")
    for k in ["response_rate", "contracts", "contracts_per_ccg.min", "contracts_per_ccg.median",
              "contracts_per_ccg.max", "value.total", "value.missing_contracts",
              "group.third_sector_bjgp.contract_share", "group.third_sector_bjgp.value_share",
              "type.nhs_foundation_trust.contract_share", "type.nhs_foundation_trust.value_share",
              "quality.no_evidence_share"]:
        v = fig[k]
        L.append("| `%s` | %s |" % (k, ("%.4f" % v) if isinstance(v, float) and v < 1.5 else
                                     ("{:,.2f}".format(v) if isinstance(v, float) else str(v))))
    L.append("")
    L.append("## Layouts exercised\n")
    L.append("Each return file uses several of these; `tests/data/bjgp2019_truth/files.csv` lists the numbers per file. "
             "Layouts 1, 2 and 4 are the three header families; the others combine with them.\n")
    L.append("| # | layout | files | examples |\n|---|---|---|---|")
    for k in sorted(LAYOUTS):
        fl = layout_files[k]
        ex = ", ".join("`%s`" % x for x in fl[:3])
        L.append("| %d | %s | %d | %s |" % (k, LAYOUTS[k], len(fl), ex))
    L.append("")
    L.append("## Providers\n")
    L.append("NHS trusts and foundation trusts and most independent providers are from `data/reference/` "
             "(names and aliases). The others are made up so that one name rule ([providers.md](../../../docs/providers.md), rule 4) "
             "decides the type: `... Surgery` / `... Medical Centre` (primary_care), `... Council` / "
             "`London Borough of ...` (local_authority), `... CIC` (not_for_profit), neutral `... Ltd` "
             "companies (private), `Mind in <place>` / `<place> Mind` / `Age UK <place>` (voluntary). "
             "other_nhs providers are `NHS England` and CCGs by their exact reference name; the tool types them "
             "by its name rule for CCGs, NHS England and CSUs (`name-rule:nhs-body`). Spelling variants follow what returns do (`&` for `and`, `NHS FT`, missing "
             "`The`, upper case, `Limited`/`Ltd`, aliases, trailing spaces). %d contracts (%.1f%%) carry "
             "a spelling that needs a fuzzy match to reach its reference name (a dropped `NHS` before "
             "`FT`, or one transposed letter); their type is still decided by the name rules.\n"
             % (fuzzy, 100.0 * fuzzy / fig["contracts"]))
    L.append("## Reading notes\n")
    L.append("- A contract's value is its total-value cell, or (layout 4) the sum of its per-year cells; "
             "blank per-year cells are years the contract did not run.")
    L.append("- `£ 12,000 pa` is read as £12,000 ([cells](../../../docs/methods.md#cells)), not multiplied by years.")
    L.append("- `Apr-13` style dates are the first of the month in the ground truth, so its `contracts.csv` gives an end date written `Mar-16` as 1 March 2016. The tool reads a month-only end date as the month's last day ([cells](../../../docs/methods.md#cells)): `Mar-16` is 31 March 2016, and such a contract's length is a month more than the ground truth's (36 months, not 35, for `Apr-13` to `Mar-16`).")
    L.append("- Exact duplicate rows count once; `tests/data/bjgp2019_truth/contracts.csv` gives the line numbers of the copies.")
    L.append("- Footer `Total` rows equal the sum of the known values above them.")
    L.append("- Every dated contract is active on at least one day of 2013/14 to 2015/16; undated ones count.")
    wb = sorted("`returns/%s`" % m["feat"][c]["file"] for c in XLSX_FILES)
    L.append("- Workbooks (layout 21): %s hold the rows their CSV would have, in one sheet named `%s`; the tool "
             "reads each sheet as an input named `file.xlsx[%s]`, which is how `files.csv` and `contracts.csv` "
             "name them. Money typed as a plain amount is a number with a £ format, full dates are real dates, "
             "the total row is a SUM formula with its cached value; `£1.2m`-style amounts, month-only dates and "
             "words stay text." % (", ".join(wb), XLSX_SHEET, XLSX_SHEET))
    cr = sorted("`returns/%s`" % m["feat"][c]["file"] for c in m["with_contracts"] if m["feat"][c]["eol"] == "\r")
    L.append("- CR-only line ends: %s. Quoted cells with line breaks use LF inside the quotes, also in CRLF files." % ", ".join(cr))
    sp = sorted("`returns/%s`" % m["feat"][c]["file"] for c in m["with_contracts"]
                if re.search(r"[ &()]", m["feat"][c]["file"]))
    L.append("- File names with spaces, `&` or brackets: %s." % ", ".join(sp))
    L.append("")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(L))


if __name__ == "__main__":
    main()
