#!/usr/bin/env python3
# gen_workbooks.py: makes the test workbooks in tests/data/workbooks/ (Python
# standard library only; see tools/workbook_writer.py).
#
#   08K_lambeth_foi_return.xlsx / .ods  one FOI return as CCG offices send it:
#       a cover sheet, two contract sheets, a notes sheet, a hidden list sheet
#       and an empty sheet. "Contracts" has a preamble, a two-row header with
#       "Contract value" merged over 2013/14 | 2014/15 | 2015/16, real dates,
#       £ number formats, a formula total row with cached values, a hidden
#       row and a hidden column.
#   csv/08K_lambeth_contracts.csv, csv/08K_lambeth_block_contracts.csv
#       the same two contract sheets as Excel's "Save as CSV" writes them: the
#       reference for the workbook-equals-CSV tests.
#   hostile/  truncated.xlsx (the .xlsx cut in half), bomb.xlsx (a sheet that
#       inflates to 160 MiB), lying_sizes.xlsx (a member that inflates past the
#       size its zip headers declare), csv_named.xlsx (CSV text named .xlsx),
#       encrypted_zip.xlsx (zip entries flagged as encrypted), empty_book.xlsx
#       (a workbook whose only sheet is empty), column_range.xlsx and
#       column_past_xfd.xlsx (column widths given for columns past XFD, the
#       16,384th, which liborcus would tell one at a time).
#   08K_every_column.xlsx  the .xlsx with a width for every column, A to XFD.
#   08K_inline_strings.xlsx  the .xlsx with its text in inline strings, as
#       streaming writers save it.
#   08K_rows_reversed.xlsx  the .xlsx with the Contracts sheet's rows written
#       last to first.
#   08K_empty_shared_strings.xlsx  the .xlsx with three cells of the Block
#       contracts sheet showing empty shared strings.
#   08K_date1904.xlsx  the .xlsx in the 1904 date system.
#   08K_duplicate_sheet_names.xlsx / .ods  three sheets, Contracts, Other
#       (hidden) and Contracts again, each with its own contracts and a
#       formula total: two sheets of one name, which liborcus 0.17 would read
#       as one. 08K_duplicate_sheet_names_inline.xlsx is the .xlsx with its
#       text in inline strings. 08K_duplicate_sheet_names.xls is
#       08K_lambeth_foi_return.xls with its Cover sheet renamed Notes, the
#       name of its fourth sheet.
#   08K_sheet_ids_moved.xlsx  the .xlsx of the three sheets named apart
#       (08K_distinct_sheet_names.xlsx, also written) with the sheetIds that
#       moving and deleting sheets leaves: 5, 2, 3, where liborcus 0.17 takes
#       sheetId - 1 for the position of a formula's sheet.
#   07N_merged_down.xlsx  a provider's cells merged down over the rows of
#       its three services (its type and dates too), one value merged over
#       two of them.
#   hostile/08K_repeated_row.xlsx, hostile/08K_repeated_cell.xlsx  a sheet
#       with two <row r="2"> elements, and one with cell A2 twice in its row:
#       the later would replace the earlier.
#
# 08K_lambeth_foi_return.xls is not made here: it is the .xlsx converted by
# LibreOffice 7.4 (Debian 12 package libreoffice-calc-nogui) with
#   soffice --headless --convert-to xls --outdir tests/data/workbooks \
#       tests/data/workbooks/08K_lambeth_foi_return.xlsx
# and committed as it came out.
#
# Usage: python3 tools/gen_workbooks.py [--out tests/data/workbooks]

import argparse
import os
import struct
import zipfile
import io
import zlib
from datetime import date

from workbook_writer import Bool, Date, Formula, Num, Sheet, ods_bytes, xlsx_bytes

GBP = '"£"#,##0.00'
GBP0 = '[$£-809]#,##0'
DMY = "dd/mm/yyyy"
LONG = "d mmmm yyyy"


def gbp_text(v):
    return "£{:,.2f}".format(v)


def gbp0_text(v):
    return "£{:,.0f}".format(v)


def contracts_sheet():
    # (provider, type, service, years (3 values or None), start, end, quality)
    data = [
        ("South London and Maudsley NHS Foundation Trust", "NHS FT", "Adult community mental health",
         [1250000.0, 1262500.0, 1275125.0], date(2013, 4, 1), date(2016, 3, 31), "Yes - quarterly CQUIN reports"),
        ("Certitude", "Voluntary", "Supported housing", [45000.0, 45000.0, None],
         date(2013, 4, 1), date(2015, 3, 31), "No"),
        ("Oxleas NHS FT", "NHS FT", "Psychiatric liaison", [310000.5, 315000.25, 320000.0],
         date(2013, 7, 1), "Ongoing", "Monthly contract review meetings"),
        ("Mind in Croydon", "Voluntary", "Peer support", [12500.0, 12500.0, 12500.0],
         date(2014, 1, 15), date(2016, 1, 14), "Not stated"),
        ("Priory Healthcare Ltd", "Private", "Inpatient placements", ["Commercially sensitive", None, None],
         date(2013, 9, 1), date(2014, 8, 31), "Yes"),
        ("Zzyzx Counselling Ltd", "Private", "IAPT step 2", [None, 98000.0, 101000.0],
         date(2014, 4, 1), date(2016, 3, 31), "KPIs reported monthly"),
    ]
    rows, csv_rows = [], []
    rows.append(["Freedom of Information request FOI/2016/1234"])
    rows.append(["NHS Lambeth CCG - mental health contracts 2013/14 to 2015/16"])
    rows.append([])
    top = ["Provider", "Provider type", "Service", "Contract value", None, None, "Start date", "End date",
           "Quality monitoring", "Internal ref"]
    sub = [None, None, None, "2013/14", "2014/15", "2015/16"]
    rows.append(top)
    rows.append(sub)
    first = len(rows) + 1
    csv_rows.extend([["Freedom of Information request FOI/2016/1234"],
                     ["NHS Lambeth CCG - mental health contracts 2013/14 to 2015/16"], [],
                     ["Provider", "Provider type", "Service", "Contract value", "", "", "Start date", "End date",
                      "Quality monitoring", "Internal ref"],
                     ["", "", "", "2013/14", "2014/15", "2015/16"]])
    for k, (prov, typ, svc, years, start, end, q) in enumerate(data):
        cells, text = [prov, typ, svc], [prov, typ, svc]
        for j, v in enumerate(years):
            if v is None:
                cells.append(None)
                text.append("")
            elif isinstance(v, str):
                cells.append(v)
                text.append(v)
            elif k == 2 and j == 1:
                # a year computed in the sheet: the cached value is what counts
                cells.append(Formula("D%d+4999.75" % (first + k), v, GBP))
                text.append(gbp_text(v))
            else:
                fmt = GBP0 if v == int(v) and k % 2 else GBP
                cells.append(Num(v, fmt))
                text.append(gbp0_text(v) if fmt == GBP0 else gbp_text(v))
        for j, d in enumerate((start, end)):
            if isinstance(d, str):
                cells.append(d)
                text.append(d)
            else:
                fmt = 14 if k == 3 else (LONG if (k + j) % 3 == 0 else DMY)
                cells.append(Date(d, fmt))
                # Excel writes a cell as it is displayed; built-in format 14
                # shows as the system's short date, dd/mm/yyyy in the UK.
                text.append(d.strftime("%d/%m/%Y") if fmt != LONG else "%d %s" % (d.day, d.strftime("%B %Y")))
        cells.append(q)
        text.append(q)
        cells.append("LAM-%03d" % (k + 1))
        text.append("LAM-%03d" % (k + 1))
        rows.append(cells)
        csv_rows.append(text)
    last = len(rows)
    total = ["Total", None, None]
    total_text = ["Total", "", ""]
    for j, col in enumerate("DEF"):
        s = sum(d[3][j] for d in data if isinstance(d[3][j], float))
        total.append(Formula("SUM(%s%d:%s%d)" % (col, first, col, last), s, GBP))
        total_text.append(gbp_text(s))
    rows.append(total)
    csv_rows.append(total_text)
    rows.append([])
    csv_rows.append([])
    rows.append(["Notes: values exclude VAT"])
    csv_rows.append(["Notes: values exclude VAT"])
    merges = ["D4:F4", "A4:A5", "B4:B5", "C4:C5", "G4:G5", "H4:H5", "I4:I5", "J4:J5"]
    sheet = Sheet("Contracts", rows, hidden_rows={first + 3}, hidden_cols={10}, merges=merges)
    return sheet, csv_rows


def block_sheet():
    header = ["Name of provider", "Type of provider", "Service description", "Total value (£)", "Contract start",
              "Contract end", "Quality monitored?"]
    data = [
        ("Lambeth Council", "Local authority", "Section 75 partnership", 2400000.0, date(2013, 4, 1),
         date(2016, 3, 31), "Yes"),
        ("Together for Mental Wellbeing", "Charity", "Crisis house", 180000.0, date(2014, 10, 1),
         date(2016, 9, 30), "No evidence"),
        ("NHS England", "NHS", "Specialised commissioning recharge", "Not held", date(2013, 4, 1),
         date(2014, 3, 31), ""),
    ]
    rows, csv_rows = [header], [header]
    for prov, typ, svc, value, start, end, q in data:
        v = Num(value, GBP) if isinstance(value, float) else value
        rows.append([prov, typ, svc, v, Date(start, DMY), Date(end, DMY), q])
        csv_rows.append([prov, typ, svc, gbp_text(value) if isinstance(value, float) else value,
                         start.strftime("%d/%m/%Y"), end.strftime("%d/%m/%Y"), q])
    return Sheet("Block contracts", rows), csv_rows


def book():
    cover = Sheet("Cover", [
        ["NHS Lambeth Clinical Commissioning Group"],
        ["Freedom of Information response FOI/2016/1234"],
        [],
        ["Dear requester, please find the information you asked for on the following sheets."],
        ["Date of response", Date(date(2016, 9, 12), LONG)],
        ["Information held", Bool(True)],
    ])
    contracts, contracts_csv = contracts_sheet()
    block, block_csv = block_sheet()
    notes = Sheet("Notes", [["Notes"], ["All values exclude VAT.\nValues are for the whole contract term."],
                            ["Values for 2015/16 are the contract values agreed in March 2015."]])
    lists = Sheet("Lists", [["NHS FT"], ["NHS Trust"], ["Private"], ["Voluntary"], ["Local authority"]],
                  hidden=True)
    empty = Sheet("Sheet6", [])
    return [cover, contracts, block, notes, lists, empty], contracts_csv, block_csv


def write_csv(path, rows):
    import csv
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        for r in rows:
            w.writerow(r)


def bomb_xlsx():
    # A workbook whose one sheet inflates to 160 MiB of blanks: small on disk,
    # past the reader's uncompressed-size limit.
    sheets = [Sheet("Contracts", [["Provider", "Contract value"], ["Oxleas NHS FT", Num(5)]])]
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(sheets)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in good.infolist():
            data = good.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"<sheetData>")
                data = head + b"<sheetData>" + b" " * (160 << 20) + tail
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data, compresslevel=9)
    return out.getvalue()


def lying_xlsx():
    # The sheet member's headers say 100 bytes; it inflates to far more.
    sheets = [Sheet("Contracts", [["Provider", "Contract value"]] + [["Oxleas NHS FT", Num(k)] for k in range(200)])]
    data = bytearray(xlsx_bytes(sheets))
    name = b"xl/worksheets/sheet1.xml"
    # local header: uncompressed size at offset 22
    at = data.find(b"PK\x03\x04" + b"", 0)
    while at >= 0:
        n = struct.unpack_from("<H", data, at + 26)[0]
        if bytes(data[at + 30:at + 30 + n]) == name:
            struct.pack_into("<I", data, at + 22, 100)
        at = data.find(b"PK\x03\x04", at + 4)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        n = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + n]) == name:
            struct.pack_into("<I", data, at + 24, 100)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def encrypted_flag_xlsx(good):
    # Every entry flagged "encrypted" (general purpose bit 0), as zip tools
    # write a password-protected archive.
    data = bytearray(good)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        while at >= 0:
            flags = struct.unpack_from("<H", data, at + off)[0]
            struct.pack_into("<H", data, at + off, flags | 1)
            at = data.find(sig, at + 4)
    return bytes(data)


def rewritten(xlsx, edit):
    # The .xlsx with its members passed through edit(name, text), which
    # returns the member's new text, or None to keep it as it is.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            text = edit(info.filename, data.decode()) if info.filename.endswith((".xml", ".rels")) else None
            zout.writestr(info, data if text is None else text.encode())
    return out.getvalue()


def with_columns(xlsx, cols):
    # The .xlsx with a <cols> element put before the Contracts sheet's data.
    def edit(name, text):
        if name != "xl/worksheets/sheet2.xml":
            return None
        at = text.index("<sheetData>")
        return text[:at] + cols + text[at:]
    return rewritten(xlsx, edit)


def with_inline_strings(xlsx):
    # The .xlsx as streaming writers make it: every text cell an inline string
    # (<c t="inlineStr"><is><t>..</t></is></c>) rather than an index into the
    # shared strings. The first text cell of the Contracts sheet's data is
    # split into two runs of rich text, one with a phonetic run that is not
    # part of its text, and one cell of the Block contracts sheet has no "r"
    # (its place is the one after the cell before it).
    import re
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zin:
        sst = re.findall(r"<si><t[^>]*>(.*?)</t></si>", zin.read("xl/sharedStrings.xml").decode(), re.S)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename.startswith("xl/worksheets/"):
                    text = data.decode()
                    first = [True]

                    def inline(m):
                        ref, attrs, value = m.group(1), m.group(2), sst[int(m.group(3))]
                        body = '<t xml:space="preserve">%s</t>' % value
                        if info.filename == "xl/worksheets/sheet2.xml" and ref == "A6" and " " in value:
                            cut = value.index(" ")
                            body = ('<r><t>%s</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh>'
                                    '<r><rPr><b/></rPr><t xml:space="preserve">%s</t></r>' % (value[:cut], value[cut:]))
                        place = "" if (info.filename == "xl/worksheets/sheet3.xml" and ref == "B2") else ' r="%s"' % ref
                        return '<c%s%s t="inlineStr"><is>%s</is></c>' % (place, attrs, body)

                    data = re.sub(r'<c r="([A-Z]+[0-9]+)"([^>]*?) t="s"><v>([0-9]+)</v></c>', inline, text).encode()
                zout.writestr(info, data)
    return out.getvalue()


def with_empty_shared_strings(xlsx):
    # The .xlsx with three empty shared strings after the others, in the
    # three forms Excel and other writers save one (<t></t>, <t/>, a rich
    # string of one empty run), shown by the last three text cells of the
    # Block contracts sheet: liborcus 0.17 hands the string before an empty
    # one in its place, so those cells read as the last real string.
    import re
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zin:
        n = len(re.findall(r"<si>", zin.read("xl/sharedStrings.xml").decode()))

    def edit(name, text):
        if name == "xl/sharedStrings.xml":
            text = text.replace("</sst>", "<si><t></t></si><si><t/></si><si><r><t></t></r></si></sst>")
            text = re.sub(r'count="\d+"', 'count="%d"' % (n + 3), text)
            return re.sub(r'uniqueCount="\d+"', 'uniqueCount="%d"' % (n + 3), text)
        if name == "xl/worksheets/sheet3.xml":
            cells = list(re.finditer(r'(<c r="[A-Z]+[0-9]+"[^>]*? t="s"><v>)([0-9]+)(</v></c>)', text))
            for k, m in enumerate(reversed(cells[-3:])):
                text = text[:m.start(2)] + str(n + 2 - k) + text[m.end(2):]
            return text
        return None
    return rewritten(xlsx, edit)


def with_date1904(xlsx):
    # The .xlsx with <workbookPr date1904="1"/>, as Excel for Mac once saved
    # workbooks: the same serial numbers are dates four years and a day later.
    return rewritten(xlsx, lambda name, text: text.replace("<sheets>", '<workbookPr date1904="1"/><sheets>')
                     if name == "xl/workbook.xml" else None)


def with_rows_reversed(xlsx):
    # The .xlsx with the Contracts sheet's rows written last to first: a
    # sheet's XML usually lists them in order, which the reader relies on
    # only to skip sorting them.
    import re

    def edit(name, text):
        if name != "xl/worksheets/sheet2.xml":
            return None
        rows = re.findall(r"<row\b.*?</row>", text, re.S)
        first, last = text.index(rows[0]), text.index(rows[-1]) + len(rows[-1])
        return text[:first] + "".join(reversed(rows)) + text[last:]
    return rewritten(xlsx, edit)


def duplicate_names_sheets(second_name="Contracts"):
    # Contracts, Other (hidden) and Contracts again; each sheet's contracts
    # are its own, and each has a total computed by a formula.
    def contracts(rows):
        body = [["Provider", "Service", "Contract value"]] + [[p, s, Num(v)] for p, s, v in rows]
        total = sum(v for _, _, v in rows)
        body.append(["Total", None, Formula("SUM(C2:C%d)" % (len(rows) + 1), total)])
        return body
    return [Sheet("Contracts", contracts([("Mind", "Counselling", 5.0), ("Care UK", "Beds", 6.0)])),
            Sheet("Other", contracts([("Barnardos", "Family support", 90.0)]), hidden=True),
            Sheet(second_name, contracts([("Rethink Mental Illness", "Advocacy", 700.0),
                                          ("Turning Point", "Crisis house", 800.0)]))]


def sheet_a_year():
    # A sheet a financial year, each listing the contracts of its year with
    # that year's value: the trust's three-year contract is on all three.
    def year(value, mind):
        rows = [["Provider", "Annual value", "Start date", "End date"],
                ["Rotherham Doncaster and South Humber NHS Foundation Trust", Num(value, "#,##0"),
                 Date(date(2013, 4, 1)), Date(date(2016, 3, 31))]]
        if mind:
            rows.append(["Rotherham Mind", Num(25000.0, "#,##0"), Date(date(2013, 4, 1)), Date(date(2016, 3, 31))])
        return rows
    return [Sheet("2013-14", year(5000000.0, True)), Sheet("2014-15", year(5100000.0, True)),
            Sheet("2015-16", year(5200000.0, True))]


def merged_down():
    # A provider's cell merged down over the rows of its three services, as
    # CCG offices lay a register out: its type and dates merged the same way,
    # and one block value merged over two of the services.
    rows = [["Provider", "Type of provider", "Service", "Contract value", "Start date", "End date",
             "Quality monitored?"],
            ["Oxleas NHS Foundation Trust", "NHS FT", "Community mental health team", Num(900000.0, GBP),
             Date(date(2013, 4, 1), DMY), Date(date(2016, 3, 31), DMY), "Yes"],
            [None, None, "Crisis resolution", None, None, None, "Yes"],
            [None, None, "Early intervention in psychosis", Num(250000.0, GBP), None, None, "No"],
            ["Bexley Mind", "Charity", "Advocacy", Num(40000.0, GBP), Date(date(2014, 4, 1), DMY),
             Date(date(2015, 3, 31), DMY), "No"]]
    return [Sheet("Contracts", rows, merges=["A2:A4", "B2:B4", "D2:D3", "E2:E4", "F2:F4"])]


def with_sheet_ids(xlsx, ids):
    # The .xlsx with its sheets' sheetIds replaced, in order.
    import re

    def edit(name, text):
        if name != "xl/workbook.xml":
            return None
        it = iter(ids)
        return re.sub(r'sheetId="\d+"', lambda m: 'sheetId="%d"' % next(it), text)
    return rewritten(xlsx, edit)


def xls_renamed(xls, old, new):
    # The .xls with the sheet named old renamed new, in its BOUNDSHEET record
    # (an 8-bit name of the same length, so nothing else moves).
    assert len(old) == len(new)
    at = xls.index(bytes([len(old), 0]) + old.encode("latin-1"))
    return xls[:at + 2] + new.encode("latin-1") + xls[at + 2 + len(old):]


def with_repeated_row(xlsx):
    # Row 2 given twice: a second <row r="2"> with another contract.
    def edit(name, text):
        if name != "xl/worksheets/sheet1.xml":
            return None
        row = '<row r="2"><c r="A2" t="inlineStr"><is><t>Care UK</t></is></c><c r="B2"><v>6</v></c></row>'
        return text.replace('<row r="3">', row + '<row r="3">', 1)
    return rewritten(xlsx, edit)


def with_repeated_cell(xlsx):
    # Cell A2 given twice in its row.
    def edit(name, text):
        if name != "xl/worksheets/sheet1.xml":
            return None
        return text.replace('<row r="2">', '<row r="2"><c r="A2" t="inlineStr"><is><t>Care UK</t></is></c>', 1)
    return rewritten(xlsx, edit)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join("tests", "data", "workbooks"))
    a = ap.parse_args()
    os.makedirs(os.path.join(a.out, "csv"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "hostile"), exist_ok=True)
    sheets, contracts_csv, block_csv = book()
    xlsx = xlsx_bytes(sheets)
    with open(os.path.join(a.out, "08K_lambeth_foi_return.xlsx"), "wb") as fh:
        fh.write(xlsx)
    with open(os.path.join(a.out, "08K_lambeth_foi_return.ods"), "wb") as fh:
        fh.write(ods_bytes(sheets))
    write_csv(os.path.join(a.out, "csv", "08K_lambeth_contracts.csv"), contracts_csv)
    write_csv(os.path.join(a.out, "csv", "08K_lambeth_block_contracts.csv"), block_csv)
    hostile = os.path.join(a.out, "hostile")
    with open(os.path.join(hostile, "08K_truncated.xlsx"), "wb") as fh:
        fh.write(xlsx[:len(xlsx) // 2])
    with open(os.path.join(hostile, "08K_bomb.xlsx"), "wb") as fh:
        fh.write(bomb_xlsx())
    with open(os.path.join(hostile, "08K_lying_sizes.xlsx"), "wb") as fh:
        fh.write(lying_xlsx())
    with open(os.path.join(hostile, "08K_encrypted_zip.xlsx"), "wb") as fh:
        fh.write(encrypted_flag_xlsx(xlsx))
    with open(os.path.join(hostile, "08K_csv_named.xlsx"), "w", encoding="utf-8", newline="") as fh:
        fh.write("Provider,Contract value,Start date,End date\r\nOxleas NHS FT,\"£1,000\",01/04/2013,31/03/2016\r\n")
    with open(os.path.join(hostile, "08K_empty_book.xlsx"), "wb") as fh:
        fh.write(xlsx_bytes([Sheet("Sheet1", [])]))
    # Found by fuzz/fuzz_workbook: a range of billions of columns.
    with open(os.path.join(hostile, "08K_column_range.xlsx"), "wb") as fh:
        fh.write(with_columns(xlsx, '<cols><col min="10" max="1333333333333333333333" width="9" hidden="1" '
                                    'customWidth="1"/></cols>'))
    with open(os.path.join(hostile, "08K_column_past_xfd.xlsx"), "wb") as fh:
        fh.write(with_columns(xlsx, '<cols><col min="3" max="16385" width="9" customWidth="1"/></cols>'))
    with open(os.path.join(a.out, "08K_every_column.xlsx"), "wb") as fh:
        fh.write(with_columns(xlsx, '<cols><col min="1" max="16384" width="9" customWidth="1"/></cols>'))
    with open(os.path.join(a.out, "08K_inline_strings.xlsx"), "wb") as fh:
        fh.write(with_inline_strings(xlsx))
    with open(os.path.join(a.out, "08K_rows_reversed.xlsx"), "wb") as fh:
        fh.write(with_rows_reversed(xlsx))
    with open(os.path.join(a.out, "08K_empty_shared_strings.xlsx"), "wb") as fh:
        fh.write(with_empty_shared_strings(xlsx))
    with open(os.path.join(a.out, "08K_date1904.xlsx"), "wb") as fh:
        fh.write(with_date1904(xlsx))
    dup = xlsx_bytes(duplicate_names_sheets())
    with open(os.path.join(a.out, "08K_duplicate_sheet_names.xlsx"), "wb") as fh:
        fh.write(dup)
    with open(os.path.join(a.out, "08K_duplicate_sheet_names_inline.xlsx"), "wb") as fh:
        fh.write(with_inline_strings(dup))
    with open(os.path.join(a.out, "08K_duplicate_sheet_names.ods"), "wb") as fh:
        fh.write(ods_bytes(duplicate_names_sheets()))
    # The committed .xls (made by LibreOffice, see above), wherever --out is.
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "data", "workbooks",
                           "08K_lambeth_foi_return.xls"), "rb") as fh:
        xls = fh.read()
    with open(os.path.join(a.out, "08K_duplicate_sheet_names.xls"), "wb") as fh:
        fh.write(xls_renamed(xls, "Cover", "Notes"))
    with open(os.path.join(a.out, "03L_sheet_a_year.xlsx"), "wb") as fh:
        fh.write(xlsx_bytes(sheet_a_year()))
    with open(os.path.join(a.out, "07N_merged_down.xlsx"), "wb") as fh:
        fh.write(xlsx_bytes(merged_down()))
    distinct = xlsx_bytes(duplicate_names_sheets("Contracts#3"))
    with open(os.path.join(a.out, "08K_distinct_sheet_names.xlsx"), "wb") as fh:
        fh.write(distinct)
    with open(os.path.join(a.out, "08K_sheet_ids_moved.xlsx"), "wb") as fh:
        fh.write(with_sheet_ids(distinct, [5, 2, 3]))
    one = xlsx_bytes([Sheet("Contracts", [["Provider", "Contract value"], ["Mind", Num(5)],
                                          ["Rethink Mental Illness", Num(700)]])])
    with open(os.path.join(hostile, "08K_repeated_row.xlsx"), "wb") as fh:
        fh.write(with_repeated_row(one))
    with open(os.path.join(hostile, "08K_repeated_cell.xlsx"), "wb") as fh:
        fh.write(with_repeated_cell(one))


if __name__ == "__main__":
    main()
