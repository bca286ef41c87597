#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/.

The seeds are small inputs made here, each reaching one feature of a reader (shared strings,
rich text, shared formulas, 1904 dates, namespace prefixes, repeated ODF rows, CSV encodings,
BIFF8/BIFF5/BIFF4 records and strings across CONTINUE records, every mapping construct, a model
with every kind of record; a request to each api function, workbook functions with a CSV and an
.xlsx sample). Container seeds use the part-list
format of fuzz_support.hpp (NUL-separated names and contents) so that mutations land in XML.

  fuzz/make_seeds.py                        # rewrite the seeds
  fuzz/make_seeds.py --kpimap build/converter/kpimap   # also model_json seeds from the samples

Run it again after changing it, and commit what it wrote.
"""

import argparse
import json
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '</Types>')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROOT_RELS = (f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')


def workbook_rels(extra=""):
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
            + extra + '</Relationships>')


def workbook(sheets='<sheet name="Data" sheetId="1" r:id="rId1"/>', pr="", names=""):
    return (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr{pr}/>'
            f'<sheets>{sheets}</sheets>{names}</workbook>')


STYLES = (f'<styleSheet xmlns="{MAIN}"><numFmts count="3">'
          '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
          '<numFmt numFmtId="165" formatCode="h:mm:ss"/>'
          '<numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts>'
          '<fonts count="2"><font/><font><b/></font></fonts>'
          '<fills count="3"><fill><patternFill patternType="none"/></fill>'
          '<fill><patternFill patternType="gray125"/></fill>'
          '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC000"/></patternFill></fill></fills>'
          '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
          '<xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="166" applyNumberFormat="1"/>'
          '<xf numFmtId="10" fontId="1" fillId="2"/><xf numFmtId="14"/></cellXfs></styleSheet>')

SST = (f'<sst xmlns="{MAIN}" count="4" uniqueCount="4"><si><t>Indicator</t></si>'
       '<si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space="preserve">text</t></r>'
       '<rPh><t>phonetic</t></rPh></si><si><t>Line_x000D_break &amp; more</t></si>'
       '<si><t/></si></sst>')

SHEET_ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2019</v></c><c r="C1"><v>2020</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="4"><v>0.822</v></c>'
    '<c r="C2"><f t="shared" ref="C2:C4" si="0">B2*2</f><v>1.644</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>Inline</t></is></c><c r="B3" s="1"><v>43831</v></c>'
    '<c r="C3"><f t="shared" si="0"/><v>87662</v></c></row>'
    '<row r="4"><c r="A4" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="B4" t="b"><v>1</v></c>'
    '<c r="C4" t="e"><v>#DIV/0!</v></c><c r="D4" t="d"><v>2020-02-29T10:30:00</v></c>'
    '<c r="E4" s="2"><v>40830.367893518515</v></c><c r="F4" s="3"><v>1.25</v></c></row>'
    '<row><c><v>5</v></c><c t="s"><v>2</v></c></row>')


def sheet(rows=SHEET_ROWS, before="", after=""):
    return (f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="A1:F5"/>{before}'
            f'<sheetData>{rows}</sheetData>{after}</worksheet>')


def parts(*pairs):
    out = b""
    for i, (name, content) in enumerate(pairs):
        if i:
            out += b"\0"
        out += name.encode() + b"\0" + (content.encode() if isinstance(content, str) else content)
    return out


def xlsx_seeds():
    base = [("[Content_Types].xml", CT), ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook()), ("xl/_rels/workbook.xml.rels", workbook_rels()),
            ("xl/styles.xml", STYLES), ("xl/sharedStrings.xml", SST)]
    seeds = {}
    seeds["basic"] = parts(*base, ("xl/worksheets/sheet1.xml", sheet()))
    seeds["date1904"] = parts(*[(n, workbook(pr=' date1904="1"') if n == "xl/workbook.xml" else c)
                                for n, c in base], ("xl/worksheets/sheet1.xml", sheet()))
    prefixed = (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="s">'
                '<x:v>0</x:v></x:c><x:c r="B1"><x:v>1</x:v></x:c></x:row></x:sheetData>'
                '<x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>')
    seeds["prefixed"] = parts(*base, ("xl/worksheets/sheet1.xml", prefixed))
    seeds["merged_cols_names"] = parts(
        *[(n, workbook(sheets='<sheet name="Data" sheetId="1" r:id="rId1"/>'
                       '<sheet name="Hidden" sheetId="2" state="hidden" r:id="rId1"/>'
                       '<sheet name="Chart" sheetId="3" r:id="rId4"/>'
                       '<sheet name="Macro" sheetId="4" r:id="rId5"/>',
                       names='<definedNames><definedName name="Area">Data!$A$1:$C$4'
                             '</definedName><definedName name="Local" localSheetId="0">'
                             'Data!$B$2</definedName></definedNames>')
           if n == "xl/workbook.xml" else
           (workbook_rels(f'<Relationship Id="rId4" Type="{REL}/chartsheet" '
                          'Target="chartsheets/sheet1.xml"/>'
                          '<Relationship Id="rId5" Type="http://schemas.microsoft.com/office/'
                          '2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/>')
            if n == "xl/_rels/workbook.xml.rels" else c)) for n, c in base],
        ("xl/worksheets/sheet1.xml",
         sheet(before='<cols><col min="1" max="2" width="30" hidden="1"/></cols>',
               after='<mergeCells count="1"><mergeCell ref="B1:C1"/></mergeCells>')),
        ("xl/macrosheets/sheet1.xml", sheet()))
    seeds["comments_cdata"] = parts(
        *base, ("xl/worksheets/sheet1.xml",
                sheet(rows='<!-- <row r="9"> --><row r="1"><c r="A1" t="str"><v><![CDATA[a<b]]>'
                           '</v></c></row><!-- </sheetData> --><row r="2"><c r="A2" t="str">'
                           '<v>&#x41;&amp;&lt;</v></c></row>')))
    seeds["no_refs"] = parts(
        *base, ("xl/worksheets/sheet1.xml",
                sheet(rows='<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1e3</v></c></row>'
                           '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')))
    seeds["strict"] = parts(
        ("_rels/.rels", ROOT_RELS.replace(REL, "http://purl.oclc.org/ooxml/officeDocument/"
                                              "relationships")),
        ("xl/workbook.xml", workbook().replace(MAIN, "http://purl.oclc.org/ooxml/spreadsheetml/"
                                                     "main")),
        ("xl/_rels/workbook.xml.rels",
         workbook_rels().replace(REL, "http://purl.oclc.org/ooxml/officeDocument/relationships")),
        ("xl/worksheets/sheet1.xml",
         sheet(rows='<row r="1"><c r="A1"><v>1</v></c></row>')
         .replace(MAIN, "http://purl.oclc.org/ooxml/spreadsheetml/main")))
    return seeds


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"')

ODS_STYLES = (f'<office:document-styles {ODS_NS}><office:styles>'
              '<number:date-style style:name="N37"><number:day number:style="long"/>'
              '<number:text>/</number:text><number:month number:style="long"/>'
              '<number:text>/</number:text><number:year number:style="long"/></number:date-style>'
              '<number:time-style style:name="N40" number:truncate-on-overflow="false">'
              '<number:hours/><number:text>:</number:text><number:minutes number:style="long"/>'
              '</number:time-style><number:percentage-style style:name="N11"><number:number '
              'number:decimal-places="1" number:min-integer-digits="1"/><number:text>%'
              '</number:text></number:percentage-style>'
              '<style:style style:name="Default" style:family="table-cell"/>'
              '</office:styles></office:document-styles>')


def ods_content(tables):
    return (f'<office:document-content {ODS_NS}><office:automatic-styles>'
            '<style:style style:name="co1" style:family="table-column">'
            '<style:table-column-properties style:column-width="2.258cm"/></style:style>'
            '<style:style style:name="ta2" style:family="table"><style:table-properties '
            'table:display="false"/></style:style>'
            '<style:style style:name="ce1" style:family="table-cell" '
            'style:data-style-name="N37"><style:text-properties fo:font-weight="bold"/>'
            '<style:table-cell-properties fo:background-color="#ffc000" fo:wrap-option="wrap"/>'
            '</style:style><style:style style:name="ce2" style:family="table-cell" '
            'style:parent-style-name="ce1" style:data-style-name="N40"/>'
            '</office:automatic-styles><office:body><office:spreadsheet>'
            f'{tables}</office:spreadsheet></office:body></office:document-content>')


ODS_TABLE = (
    '<table:table table:name="Data"><table:table-column table:style-name="co1" '
    'table:number-columns-repeated="3"/><table:table-header-rows><table:table-row>'
    '<table:table-cell office:value-type="string"><text:p>Indicator</text:p></table:table-cell>'
    '<table:table-cell office:value-type="float" office:value="2019"><text:p>2019</text:p>'
    '</table:table-cell></table:table-row></table:table-header-rows>'
    '<table:table-row-group><table:table-row><table:table-cell office:value-type="string">'
    '<text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d<text:span>e</text:span>'
    '</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell>'
    '<table:table-cell office:value-type="percentage" office:value="0.834"/>'
    '<table:table-cell table:style-name="ce1" office:value-type="date" '
    'office:date-value="2020-02-29T10:30:00"/><table:table-cell table:style-name="ce2" '
    'office:value-type="time" office:time-value="PT30H15M00S"/></table:table-row>'
    '</table:table-row-group><table:table-row table:number-rows-repeated="3">'
    '<table:table-cell office:value-type="float" office:value="1" '
    'table:number-columns-repeated="2" table:number-columns-spanned="2" '
    'table:number-rows-spanned="2"/><table:covered-table-cell/></table:table-row>'
    '<table:table-row><table:table-cell table:formula="of:=SUM([.B1:.B3];[$\'Other sheet\'.A1])" '
    'office:value-type="float" office:value="3"/><table:table-cell office:value-type="boolean" '
    'office:boolean-value="true"/><table:table-cell office:value-type="currency" '
    'office:value="1.5"/><table:table-cell calcext:value-type="error" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0">'
    '<text:p>#N/A</text:p></table:table-cell></table:table-row>'
    '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
    'table:number-columns-repeated="16384"/></table:table-row></table:table>'
    '<table:table table:name="Hidden" table:style-name="ta2"><table:table-row>'
    '<table:table-cell office:value-type="string" office:string-value="sv"/></table:table-row>'
    '</table:table>')


def ods_seeds():
    return {
        "basic": parts(("styles.xml", ODS_STYLES), ("content.xml", ods_content(ODS_TABLE))),
        "nested_groups": parts(("content.xml", ods_content(
            '<table:table table:name="G">' + '<table:table-row-group>' * 8 +
            '<table:table-row><table:table-cell office:value-type="float" office:value="1"/>'
            '</table:table-row>' + '</table:table-row-group>' * 8 + '</table:table>'))),
        "manifest": parts(("META-INF/manifest.xml",
                           '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                           'opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                           'manifest:full-path="/" manifest:media-type="application/'
                           'vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'),
                          ("content.xml", ods_content('<table:table table:name="A"/>'))),
    }


def csv_seeds():
    return {
        "utf8": "Indicator,2019,2020\nSmoking,14.5,13.9\n\"Quoted, with comma\",\"1\"\"2\",-\n"
                "\"multi\nline\",0.822,83.4%\n".encode(),
        "bom": "\ufeffIndicator;2019\nAlcohol;1,5\n".encode(),
        "windows1252": "Indicator\t2019\n£ per head\t12\nCaf\xe9\t\x80\n".encode("latin-1"),
        "crlf_ragged": b"a,b,c\r\n1,2\r\n1,2,3,4\r\n\"unterminated,5\r\n",
        "numbers": b"x,00123,1e999,-0.5,123456789012345678,nan,inf\n",
    }


def mapping_seeds():
    out = {}
    for f in sorted((ROOT / "mappings").glob("*.xml")):
        out[f.stem] = f.read_bytes()
    for f in sorted((ROOT / "tests" / "fixtures" / "mappings").rglob("*.xml")):
        if f.stat().st_size < 8000:
            out["fixture_" + f.stem] = f.read_bytes()
    return out


def trim(value, keep=2):
    """The model with every list cut to its first `keep` items."""
    if isinstance(value, list):
        return [trim(v, keep) for v in value[:keep]]
    if isinstance(value, dict):
        return {k: trim(v, keep) for k, v in value.items()}
    return value


def model_seeds(kpimap):
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for sample in sorted((ROOT / "samples").iterdir()):
            if sample.suffix not in (".xlsx", ".csv", ".ods"):
                continue
            subprocess.run([kpimap, "convert", str(sample), "-o", tmp], capture_output=True,
                           cwd=ROOT)
            model = Path(tmp) / sample.name / "model.json"
            if model.exists():
                data = json.loads(model.read_text())
                out[sample.stem] = json.dumps(trim(data, 3), indent=1).encode()
    return out


# .xls seeds are Workbook streams (BIFF records); fuzz_xls puts a non-OLE input into a compound
# file itself, so mutations land in the records. One seed is a whole compound file.
def rec(rtype, body=b""):
    return struct.pack("<HH", rtype, len(body)) + body


def xl_str(text, length_bytes=2, wide=False):
    data = text.encode("utf-16-le" if wide else "latin-1")
    n = len(text)
    return (struct.pack("<B" if length_bytes == 1 else "<H", n) + bytes([1 if wide else 0]) + data)


def bof8(kind):
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def cell(row, col, xf=0):
    return struct.pack("<HHH", row, col, xf)


def biff8_stream(globals_, sheets):
    """Globals, one BOUNDSHEET per (name, state, kind, records) and the sheet substreams."""
    head = bof8(0x0005) + globals_
    sizes = sum(len(rec(0x0085, struct.pack("<IBB", 0, 0, 0) + xl_str(n, 1))) for n, *_ in sheets)
    offset = len(head) + sizes + 4
    out, bodies = head, b""
    for name, state, kind, records in sheets:
        out += rec(0x0085, struct.pack("<IBB", offset, state, kind) + xl_str(name, 1))
        sub = bof8(0x0020 if kind == 2 else 0x0010) + records + rec(0x000A)
        bodies += sub
        offset += len(sub)
    return out + rec(0x000A) + bodies


def xls_seeds():
    fonts = b"".join(rec(0x0031, struct.pack("<HHHH", 200, 0, 0x7FFF, 700 if i == 4 else 400) +
                         bytes(8) + xl_str("Arial", 1)) for i in range(5))
    formats = rec(0x041E, struct.pack("<H", 164) + xl_str("dd/mm/yyyy"))
    xfs = b"".join(rec(0x00E0, struct.pack("<HH", f, n) + bytes(16))
                   for f, n in [(0, 0)] * 16 + [(0, 164), (5, 0), (0, 14)])
    sst = rec(0x00FC, struct.pack("<II", 3, 3) + xl_str("Indicator") + xl_str("Rate") +
              xl_str("Caf\u00e9 \u0416", wide=True))
    formula_tail = struct.pack("<HIH", 0, 0, 3) + b"\x1e\x01\x00"
    cells = (rec(0x00FD, cell(0, 0) + struct.pack("<I", 0)) +
             rec(0x00FD, cell(0, 1) + struct.pack("<I", 1)) +
             rec(0x0204, cell(1, 0) + xl_str("Bed days")) +
             rec(0x0203, cell(1, 1) + struct.pack("<d", 0.822)) +
             rec(0x027E, cell(1, 2) + struct.pack("<I", 12345 << 2 | 3)) +
             rec(0x00BD, struct.pack("<HH", 2, 0) + struct.pack("<HI", 0, 1 << 2 | 2) +
                 struct.pack("<HI", 0, 2 << 2 | 2) + struct.pack("<H", 1)) +
             rec(0x0203, cell(3, 0, 16) + struct.pack("<d", 42735)) +
             rec(0x0006, cell(3, 1) + struct.pack("<d", 158) + formula_tail) +
             rec(0x0006, cell(3, 2) + bytes([0, 0, 0, 0, 0, 0, 0xFF, 0xFF]) + formula_tail) +
             rec(0x0207, xl_str("result")) +
             rec(0x0006, cell(3, 3) + bytes([1, 0, 1, 0, 0, 0, 0xFF, 0xFF]) + formula_tail) +
             rec(0x0205, cell(4, 0) + b"\x07\x01") +
             rec(0x0201, cell(4, 1, 17)) +
             rec(0x00E5, struct.pack("<HHHHH", 1, 5, 5, 0, 2)) +
             rec(0x0200, struct.pack("<IIHH", 0, 6, 0, 4)))
    basic = biff8_stream(rec(0x0042, struct.pack("<H", 1200)) + rec(0x0022, struct.pack("<H", 1)) +
                         fonts + formats + xfs + sst,
                         [("Data", 0, 0, cells), ("Hidden", 1, 0, rec(0x0203, cell(0, 0) +
                                                                       struct.pack("<d", 1))),
                          ("Chart", 0, 2, b"")])
    # An SST string split across a CONTINUE record that switches to 16-bit characters.
    split = rec(0x00FC, struct.pack("<II", 1, 1) + struct.pack("<HB", 6, 0) + b"abc") + \
        rec(0x003C, b"\x01" + "\u0416de".encode("utf-16-le"))
    continued = biff8_stream(split, [("S", 0, 0, rec(0x00FD, cell(0, 0) + struct.pack("<I", 0)))])
    # BIFF5: 8-bit text in the code page (1251).
    bof5 = lambda kind: rec(0x0809, struct.pack("<HHHH", 0x0500, kind, 0, 0))  # noqa: E731
    name = "\u041b\u0438\u0441\u0442".encode("cp1251")
    head5 = bof5(0x0005) + rec(0x0042, struct.pack("<H", 1251))
    at = len(head5) + 4 + 6 + 1 + len(name) + 4
    biff5 = (head5 + rec(0x0085, struct.pack("<IBBB", at, 0, 0, len(name)) + name) + rec(0x000A) +
             bof5(0x0010) + rec(0x0204, cell(0, 0) + struct.pack("<H", 2) + "\u0414\u0430".encode("cp1251")) +
             rec(0x000A))
    # A bare BIFF4 worksheet, as Excel 4 saved it.
    biff4 = (rec(0x0409, struct.pack("<HHH", 0, 0x0010, 0)) + rec(0x0443, bytes(12)) +
             rec(0x0204, cell(0, 0) + struct.pack("<H", 3) + b"Old") +
             rec(0x0203, cell(1, 1) + struct.pack("<d", 7)) + rec(0x000A))
    return {"basic": basic, "sst_continue": continued, "biff5_cp1251": biff5, "biff4_bare": biff4,
            "compound_file": (ROOT / "tests" / "fixtures" / "formats" / "source.xls").read_bytes()}


def api_seeds():
    """fuzz_api's inputs: a selector byte (function % 10), the request, and for the workbook
    functions (6..9) a NUL and the workbook's bytes."""
    def call(function, request, workbook=None):
        text = request if isinstance(request, str) else json.dumps(request)
        out = bytes([function]) + text.encode()
        return out if workbook is None else out + b"\0" + workbook

    csv = (ROOT / "samples" / "001_data_section.csv").read_bytes()
    # The first rows only: small inputs mutate faster, and these still meet the mapping's rules.
    csv_head = b"\n".join(csv.split(b"\n")[:8]) + b"\n"
    xlsx = (ROOT / "samples" / "006_monthly_performance.xlsx").read_bytes()
    mapping = (ROOT / "mappings" / "hwb-data-section.xml").read_text()
    settings = {"as_of": "2015/16", "travel_tolerance": 0.05, "rag_amber": 0.02, "rag_red": 0.1}
    return {
        "period_text": call(0, {"text": "Q1 2016/17"}),
        "period_month": call(0, {"text": "Apr 2016"}),
        "period_range": call(0, {"text": "2012-14"}),
        "period_serial": call(0, {"text": 42735}),
        "period_year": call(0, {"text": 2015}),
        "period_not_json": call(0, "{\"text\": "),
        "wilson": call(1, {"numerator": 30, "denominator": 120, "level": 0.99}),
        "wilson_default_level": call(1, {"numerator": 0, "denominator": 1e9, "level": None}),
        "status": call(2, {"values": [10.5, None, 12, 11.9],
                           "periods": ["2013/14", "2014/15", 2016, "Q2 2016/17"],
                           "polarity": "higher_is_better", "tolerance": 0.02}),
        "status_months": call(2, {"values": [1, 2], "periods": ["Mar 2016", "Apr 2016"],
                                  "polarity": " Lower_Is_Better ", "tolerance": None}),
        "rag": call(3, {"actual": 95, "plan": 100, "directionality": "over",
                        "amber": 0.01, "red": 0.05}),
        "rag_no_plan": call(3, {"actual": 1, "plan": None, "directionality": "on"}),
        "trend": call(4, {"values": [10, 11, 12, 13, 14.5],
                          "lower_ci": [9, 10, 11, 12, 13], "upper_ci": [11, 12, 13, 14, 16],
                          "polarity": "lower_is_better"}),
        "spc": call(5, {"values": [5, 6, 5, 7, 6, 5, 6, 9, 12, 13, 12, 14, 13, 15, 14, 16]}),
        "check_csv_detected": call(6, {"file_name": "data.csv", "mapping_xml": None}, csv_head),
        "check_xlsx_detected": call(6, {"file_name": "Book1.xlsx"}, xlsx),
        "report_csv_given": call(7, {"file_name": "data.csv", "mapping_xml": mapping,
                                     "settings": settings}, csv_head),
        "plan_csv": call(8, {"file_name": "dir/data.csv", "settings": None}, csv_head),
        "convert_csv_given": call(9, {"file_name": "data.csv", "mapping_xml": mapping}, csv_head),
        "convert_empty": call(9, {"file_name": "empty.csv"}, b""),
    }


def write(target, seeds):
    folder = HERE / "corpus" / target
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, blob in seeds.items():
        (folder / name).write_bytes(blob)
    print(f"{target}: {len(seeds)} seeds")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kpimap", help="kpimap binary, to make the model_json seeds")
    args = ap.parse_args()
    write("xlsx", xlsx_seeds())
    write("ods", ods_seeds())
    write("csv", csv_seeds())
    write("mapping", mapping_seeds())
    write("xls", xls_seeds())
    write("api", api_seeds())
    if args.kpimap:
        write("model_json", model_seeds(args.kpimap))
    elif not (HERE / "corpus" / "model_json").exists():
        sys.exit("make_seeds: the model_json seeds need --kpimap BINARY")


if __name__ == "__main__":
    main()
