# workbook_writer.py: writes small .xlsx and .ods workbooks with the Python
# standard library only (zipfile + hand-written XML), for the project's test
# workbooks (tools/gen_workbooks.py) and the workbook returns of the sample
# (tools/gen_samples.py).
#
# Only what FOI returns use is written: typed cells (text, numbers with a
# number format, dates, booleans, formulas with their cached value), merged
# ranges, hidden sheets, rows and columns. The output is reproducible: every
# zip member carries the same fixed time stamp and the members are written in
# a fixed order; with stored=True nothing is compressed, so the bytes do not
# depend on the zlib version either.

import io
import re
import zipfile
from datetime import date
from xml.sax.saxutils import escape

EXCEL_EPOCH = date(1899, 12, 30)  # 1900 date system, serials >= 61
_STAMP = (1980, 1, 1, 0, 0, 0)


class Num:
    """A number; fmt is an Excel number format code (str) or built-in id (int)."""

    def __init__(self, value, fmt=None):
        self.value, self.fmt = value, fmt


class Date:
    """A date cell: a serial number with a date format in .xlsx, a date value in .ods."""

    def __init__(self, value, fmt="dd/mm/yyyy"):
        self.value, self.fmt = value, fmt


class Formula:
    """A formula with its cached value, as Excel saves it. expr is A1 syntax without '='."""

    def __init__(self, expr, cached, fmt=None):
        self.expr, self.cached, self.fmt = expr, cached, fmt


class Bool:
    def __init__(self, value):
        self.value = bool(value)


class Sheet:
    def __init__(self, name, rows, hidden=False, hidden_rows=(), hidden_cols=(), merges=()):
        self.name = name
        self.rows = rows  # list of rows, each a list of cells (str, Num, Date, Formula, Bool, None)
        self.hidden = hidden
        self.hidden_rows = set(hidden_rows)  # 1-based
        self.hidden_cols = set(hidden_cols)  # 1-based
        self.merges = list(merges)  # "B3:D3"


def col_letters(n):
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _num(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    r = repr(float(v))
    return r[:-2] if r.endswith(".0") else r


def _zip(members, stored):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, force_stored in members:
            info = zipfile.ZipInfo(name, date_time=_STAMP)
            info.compress_type = zipfile.ZIP_STORED if (stored or force_stored) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


# ------------------------------------------------------------------- xlsx
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def xlsx_bytes(sheets, stored=False):
    strings, string_index = [], {}
    fmts = []  # distinct custom format codes, in first-use order
    xfs = [0]  # numFmtId per cellXfs entry; xf 0 is General

    def xf_for(fmt):
        if fmt is None:
            return 0
        if isinstance(fmt, int):
            num_id = fmt
        else:
            if fmt not in fmts:
                fmts.append(fmt)
            num_id = 164 + fmts.index(fmt)
        if num_id not in xfs:
            xfs.append(num_id)
        return xfs.index(num_id)

    def sst(s):
        if s not in string_index:
            string_index[s] = len(strings)
            strings.append(s)
        return string_index[s]

    sheet_xml = []
    for sh in sheets:
        out = [_XML, "<worksheet %s %s>" % (_NS, _RNS)]
        width = max((len(r) for r in sh.rows), default=0)
        if width and sh.rows:
            out.append('<dimension ref="A1:%s%d"/>' % (col_letters(width), len(sh.rows)))
        if sh.hidden_cols:
            out.append("<cols>")
            for c in sorted(sh.hidden_cols):
                out.append('<col min="%d" max="%d" width="9" hidden="1" customWidth="1"/>' % (c, c))
            out.append("</cols>")
        out.append("<sheetData>")
        for i, row in enumerate(sh.rows, start=1):
            if not any(c not in (None, "") for c in row) and i not in sh.hidden_rows:
                continue  # Excel writes no element for an empty row
            attrs = ' hidden="1"' if i in sh.hidden_rows else ""
            out.append('<row r="%d"%s>' % (i, attrs))
            for j, cell in enumerate(row, start=1):
                ref = "%s%d" % (col_letters(j), i)
                if cell is None or cell == "":
                    continue
                if isinstance(cell, str):
                    out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, sst(cell)))
                elif isinstance(cell, Bool):
                    out.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, cell.value))
                elif isinstance(cell, Date):
                    serial = (cell.value - EXCEL_EPOCH).days
                    out.append('<c r="%s" s="%d"><v>%d</v></c>' % (ref, xf_for(cell.fmt), serial))
                elif isinstance(cell, Formula):
                    s = xf_for(cell.fmt)
                    sa = ' s="%d"' % s if s else ""
                    if isinstance(cell.cached, str):
                        out.append('<c r="%s"%s t="str"><f>%s</f><v>%s</v></c>'
                                   % (ref, sa, escape(cell.expr), escape(cell.cached)))
                    else:
                        out.append('<c r="%s"%s><f>%s</f><v>%s</v></c>' % (ref, sa, escape(cell.expr), _num(cell.cached)))
                elif isinstance(cell, Num):
                    s = xf_for(cell.fmt)
                    sa = ' s="%d"' % s if s else ""
                    out.append('<c r="%s"%s><v>%s</v></c>' % (ref, sa, _num(cell.value)))
                else:
                    raise TypeError("cell %s: %r" % (ref, cell))
            out.append("</row>")
        out.append("</sheetData>")
        if sh.merges:
            out.append('<mergeCells count="%d">' % len(sh.merges))
            for m in sh.merges:
                out.append('<mergeCell ref="%s"/>' % m)
            out.append("</mergeCells>")
        out.append("</worksheet>")
        sheet_xml.append("".join(out))

    types = [_XML, '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
             '<Default Extension="xml" ContentType="application/xml"/>',
             '<Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    for k in range(len(sheets)):
        types.append('<Override PartName="/xl/worksheets/sheet%d.xml" '
                     'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (k + 1))
    types.append('<Override PartName="/xl/styles.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
    types.append('<Override PartName="/xl/sharedStrings.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    types.append("</Types>")

    root_rels = (_XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" '
                 'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>')
    wb = [_XML, "<workbook %s %s><sheets>" % (_NS, _RNS)]
    rels = [_XML, '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for k, sh in enumerate(sheets, start=1):
        state = ' state="hidden"' if sh.hidden else ""
        wb.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (escape(sh.name, {'"': "&quot;"}), k, state, k))
        rels.append('<Relationship Id="rId%d" '
                    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                    'Target="worksheets/sheet%d.xml"/>' % (k, k))
    n = len(sheets)
    wb.append("</sheets></workbook>")
    rels.append('<Relationship Id="rId%d" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
                'Target="styles.xml"/>' % (n + 1))
    rels.append('<Relationship Id="rId%d" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                'Target="sharedStrings.xml"/>' % (n + 2))
    rels.append("</Relationships>")

    st = [_XML, "<styleSheet %s>" % _NS]
    if fmts:
        st.append('<numFmts count="%d">' % len(fmts))
        for k, f in enumerate(fmts):
            st.append('<numFmt numFmtId="%d" formatCode="%s"/>' % (164 + k, escape(f, {'"': "&quot;"})))
        st.append("</numFmts>")
    st.append('<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill>'
              '<fill><patternFill patternType="gray125"/></fill></fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>')
    st.append('<cellXfs count="%d">' % len(xfs))
    for num_id in xfs:
        apply = ' applyNumberFormat="1"' if num_id else ""
        st.append('<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"%s/>' % (num_id, apply))
    st.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
              "</styleSheet>")

    ss = [_XML, '<sst %s count="%d" uniqueCount="%d">' % (_NS, len(strings), len(strings))]
    for s in strings:
        space = ' xml:space="preserve"' if s != s.strip() or "\n" in s else ""
        ss.append("<si><t%s>%s</t></si>" % (space, escape(s)))
    ss.append("</sst>")

    members = [("[Content_Types].xml", "".join(types), False), ("_rels/.rels", root_rels, False),
               ("xl/workbook.xml", "".join(wb), False), ("xl/_rels/workbook.xml.rels", "".join(rels), False)]
    for k, x in enumerate(sheet_xml, start=1):
        members.append(("xl/worksheets/sheet%d.xml" % k, x, False))
    members.append(("xl/styles.xml", "".join(st), False))
    members.append(("xl/sharedStrings.xml", "".join(ss), False))
    return _zip(members, stored)


# -------------------------------------------------------------------- ods
_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
           'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
           'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"')


def _ods_formula(expr):
    # A1 references and ranges to OpenFormula's [.A1] / [.A1:.B2].
    expr = re.sub(r"\b([A-Z]{1,3}[0-9]+):([A-Z]{1,3}[0-9]+)\b", r"[.\1:.\2]", expr)
    expr = re.sub(r"(?<![.\[:A-Z])\b([A-Z]{1,3}[0-9]+)\b(?!\])", r"[.\1]", expr)
    return "of:=" + expr


def _ods_text(s):
    return "".join("<text:p>%s</text:p>" % escape(line) for line in s.split("\n"))


def ods_bytes(sheets, stored=False):
    body = []
    for sh in sheets:
        merged = {}  # (row, col) -> (rows, cols) for the top-left cell; covered cells -> None
        for m in sh.merges:
            a, b = m.split(":")
            ca, ra = re.match(r"([A-Z]+)(\d+)", a).groups()
            cb, rb = re.match(r"([A-Z]+)(\d+)", b).groups()

            def num(letters):
                n = 0
                for ch in letters:
                    n = n * 26 + ord(ch) - 64
                return n

            r1, c1, r2, c2 = int(ra), num(ca), int(rb), num(cb)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    merged[(r, c)] = None
            merged[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        width = max((len(r) for r in sh.rows), default=1)
        for (r, c), span in merged.items():
            width = max(width, c)
        style = ' table:style-name="ta_hidden"' if sh.hidden else ' table:style-name="ta1"'
        body.append('<table:table table:name="%s"%s>' % (escape(sh.name, {'"': "&quot;"}), style))
        for c in range(1, width + 1):
            vis = ' table:visibility="collapse"' if c in sh.hidden_cols else ""
            body.append("<table:table-column%s/>" % vis)
        for i, row in enumerate(sh.rows, start=1):
            vis = ' table:visibility="collapse"' if i in sh.hidden_rows else ""
            body.append("<table:table-row%s>" % vis)
            for j in range(1, width + 1):
                cell = row[j - 1] if j <= len(row) else None
                span = merged.get((i, j), "none")
                if span is None:
                    body.append("<table:covered-table-cell/>")
                    continue
                attrs = ""
                if span != "none":
                    attrs = ' table:number-rows-spanned="%d" table:number-columns-spanned="%d"' % span
                if cell is None or cell == "":
                    body.append("<table:table-cell%s/>" % attrs)
                elif isinstance(cell, str):
                    body.append('<table:table-cell office:value-type="string"%s>%s</table:table-cell>'
                                % (attrs, _ods_text(cell)))
                elif isinstance(cell, Bool):
                    v = "true" if cell.value else "false"
                    body.append('<table:table-cell office:value-type="boolean" office:boolean-value="%s"%s>'
                                "<text:p>%s</text:p></table:table-cell>" % (v, attrs, v.upper()))
                elif isinstance(cell, Date):
                    d = cell.value.isoformat()
                    body.append('<table:table-cell office:value-type="date" office:date-value="%s"%s>'
                                "<text:p>%s</text:p></table:table-cell>" % (d, attrs, cell.value.strftime("%d/%m/%Y")))
                elif isinstance(cell, Formula):
                    f = escape(_ods_formula(cell.expr), {'"': "&quot;"})
                    if isinstance(cell.cached, str):
                        body.append('<table:table-cell table:formula="%s" office:value-type="string" '
                                    'office:string-value="%s"%s>%s</table:table-cell>'
                                    % (f, escape(cell.cached, {'"': "&quot;"}), attrs, _ods_text(cell.cached)))
                    else:
                        body.append('<table:table-cell table:formula="%s" office:value-type="float" '
                                    'office:value="%s"%s><text:p>%s</text:p></table:table-cell>'
                                    % (f, _num(cell.cached), attrs, _num(cell.cached)))
                elif isinstance(cell, Num):
                    money = isinstance(cell.fmt, str) and "£" in cell.fmt
                    if money:
                        body.append('<table:table-cell office:value-type="currency" office:currency="GBP" '
                                    'office:value="%s"%s><text:p>£%s</text:p></table:table-cell>'
                                    % (_num(cell.value), attrs, _num(cell.value)))
                    else:
                        body.append('<table:table-cell office:value-type="float" office:value="%s"%s>'
                                    "<text:p>%s</text:p></table:table-cell>" % (_num(cell.value), attrs, _num(cell.value)))
                else:
                    raise TypeError("cell %r" % (cell,))
            body.append("</table:table-row>")
        body.append("</table:table>")
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content %s>'
               '<office:automatic-styles>'
               '<style:style style:name="ta1" style:family="table">'
               '<style:table-properties table:display="true"/></style:style>'
               '<style:style style:name="ta_hidden" style:family="table">'
               '<style:table-properties table:display="false"/></style:style>'
               '</office:automatic-styles><office:body><office:spreadsheet>%s'
               '</office:spreadsheet></office:body></office:document-content>' % (_ODS_NS, "".join(body)))
    styles = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles %s>'
              '<office:styles/></office:document-styles>' % _ODS_NS)
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    members = [("mimetype", "application/vnd.oasis.opendocument.spreadsheet", True),
               ("META-INF/manifest.xml", manifest, False), ("content.xml", content, False),
               ("styles.xml", styles, False)]
    return _zip(members, stored)
