#!/usr/bin/env python3
"""Builds the hostile files of issue 9 (section 1) that reproduce each finding, for measuring
kpimap by hand (tests/hostile/measure.py) before and after a change. The unit tests build
small versions of the same shapes themselves; these are the full-size ones, too big to keep.

  tests/hostile/make_hostile.py OUTDIR            # every file (about 40 MB on disk)
  tests/hostile/make_hostile.py OUTDIR --only zip_bomb_inline_rows

Each file is streamed into its ZIP entry, so building the 2 GiB bomb takes seconds and little
memory. Names and what each reproduces:
"""

import argparse
import sys
import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="rels" ContentType="application/'
      'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
      'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
      '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
ROOT_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')
MB = 1 << 20


def workbook_xml(sheets=None, pr=""):
    sheets = sheets or '<sheet name="Data" sheetId="1" r:id="rId1"/>'
    return (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr{pr}/><sheets>{sheets}'
            '</sheets></workbook>')


def workbook_rels(extra=""):
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'{extra}</Relationships>')


SHEET_HEAD = f'<worksheet xmlns="{MAIN}"><sheetData>'
SHEET_TAIL = '</sheetData></worksheet>'


def write_xlsx(path, sheet_chunks, workbook=None, rels=None, extra_parts=(), level=6):
    """sheet_chunks: an iterable of str/bytes pieces of xl/worksheets/sheet1.xml."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook or workbook_xml())
        z.writestr("xl/_rels/workbook.xml.rels", rels or workbook_rels())
        for name, content in extra_parts:
            z.writestr(name, content)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            buffer = []
            size = 0
            for piece in sheet_chunks:
                b = piece.encode() if isinstance(piece, str) else piece
                buffer.append(b)
                size += len(b)
                if size >= 4 * MB:
                    out.write(b"".join(buffer))
                    buffer, size = [], 0
            out.write(b"".join(buffer))


def repeated(unit, total_bytes):
    """`unit` repeated to about total_bytes, in 4 MiB pieces."""
    unit = unit.encode() if isinstance(unit, str) else unit
    block = unit * max(1, (4 * MB) // len(unit))
    written = 0
    while written < total_bytes:
        yield block
        written += len(block)


def zip_bomb_inline_rows(out):
    """2 GiB of <row><c t="inlineStr"><is><t>x</t></is></c></row> (43 million rows, no r=),
    deflated at level 6 to about 6 MB: a ratio of about 343:1, under the 1000:1 limit, and
    just under the 2 GiB part limit."""
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    write_xlsx(out, [SHEET_HEAD, *repeated(row, (2 << 30) - (8 << 20)), SHEET_TAIL])


def ods_nested_row_groups(out):
    """content.xml with 300,000 nested <table:table-row-group> around one row."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    depth = 300000
    content = (f'<office:document-content {ns}><office:body><office:spreadsheet>'
               '<table:table table:name="Deep">' + '<table:table-row-group>' * depth +
               '<table:table-row><table:table-cell office:value-type="float" office:value="1"/>'
               '</table:table-row>' + '</table:table-row-group>' * depth +
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)


def invalid_utf8_cells(out):
    """Invalid UTF-8 in a shared string, an inline string, a formula and a sheet name."""
    sst = (f'<sst xmlns="{MAIN}"><si><t>Caf\xe9 \xff\xfe</t></si><si><t>ok</t></si></sst>'
           ).encode("latin-1")
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="inlineStr"><is><t>cut \xe2\x82</t></is></c>'
            '<c r="D1"><f>"\xc3\x28"</f><v>1</v></c></row>').encode("latin-1")
    workbook = workbook_xml('<sheet name="Sheet \xed\xa0\x80" sheetId="1" r:id="rId1"/>')
    rels = workbook_rels(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" '
                         'Target="sharedStrings.xml"/>')
    write_xlsx(out, [SHEET_HEAD.encode(), rows, SHEET_TAIL.encode()],
               workbook=workbook.encode("latin-1"), rels=rels,
               extra_parts=[("xl/sharedStrings.xml", sst)])


def csv_bom_windows1252(out):
    """A UTF-8 byte-order mark, then Windows-1252 text (an Excel export re-saved by a tool
    that adds a BOM without converting)."""
    Path(out).write_bytes(b"\xef\xbb\xbf" + "Indicator,Value\nCaf\xe9 \x80 per head,12\n"
                          "Na\xefve,\x93quoted\x94\n".encode("latin-1"))


def single_row_200mb(out):
    """One row of 16,384 inline-string cells of 12 KiB each: 200 MB of XML in one <row>."""
    text = "y" * 12288
    cell = f'<c t="inlineStr"><is><t>{text}</t></is></c>'
    write_xlsx(out, [SHEET_HEAD, "<row r=\"1\">", *(cell for _ in range(16384)), "</row>",
                     SHEET_TAIL])


def whitespace_1gb(out):
    """1 GiB of whitespace inside <sheetData> between two rows. Deflate packs it past the
    1000:1 ratio limit, so measure it with --max-ratio 1000000 (the streamer, not the ratio
    check, is under test)."""
    write_xlsx(out, [SHEET_HEAD, '<row r="1"><c r="A1"><v>1</v></c></row>',
                     *repeated(" \n\t  \r\n", 1 << 30), '<row r="2"><c r="A2"><v>2</v></c></row>',
                     SHEET_TAIL])


def comment_flood(out):
    """200,000 rows, each followed by a comment (which the streamer must skip over)."""
    def chunks():
        yield SHEET_HEAD
        for r in range(1, 200001):
            yield f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row><!-- note {r} <row> -->'
        yield SHEET_TAIL
    write_xlsx(out, chunks())


def cdata_flood(out):
    """200,000 rows whose values are CDATA sections."""
    def chunks():
        yield SHEET_HEAD
        for r in range(1, 200001):
            yield (f'<row r="{r}"><c r="A{r}" t="str"><v><![CDATA[<row> {r} ]]></v></c>'
                   f'</row>')
        yield SHEET_TAIL
    write_xlsx(out, chunks())


def shared_formula_8k(out):
    """One shared formula of about 8,000 characters, used by 200,000 cells."""
    formula = "+".join(f"B{i}" for i in range(1, 1400))[:8000]
    formula = formula[:formula.rindex("+")]

    def chunks():
        yield SHEET_HEAD
        yield (f'<row r="1"><c r="A1"><f t="shared" ref="A1:A200000" si="0">{formula}</f>'
               '<v>1</v></c></row>')
        for r in range(2, 200001):
            yield f'<row r="{r}"><c r="A{r}"><f t="shared" si="0"/><v>1</v></c></row>'
        yield SHEET_TAIL
    write_xlsx(out, chunks())


def sheets_3000_one_part(out):
    """3,000 <sheet> entries that all point at the same worksheet part."""
    sheets = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, 3001))
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr">'
                   f'<is><t>row {r}</t></is></c></row>' for r in range(1, 1001))
    write_xlsx(out, [SHEET_HEAD, rows, SHEET_TAIL], workbook=workbook_xml(sheets))


def rows_past_last_row(out):
    """Rows numbered to 1,048,576, then 100,000 more rows without r= (past the last row)."""
    def chunks():
        yield SHEET_HEAD
        yield '<row r="1048576"><c t="inlineStr"><is><t>last</t></is></c></row>'
        yield from repeated('<row><c><v>1</v></c></row>', 100000 * 26)
        yield SHEET_TAIL
    write_xlsx(out, chunks())


def ods_text_s_huge(out):
    """<text:s text:c="18446744073709551615"/> in an .ods cell."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<office:document-content {ns}><office:body><office:spreadsheet>'
               '<table:table table:name="S"><table:table-row><table:table-cell '
               'office:value-type="string"><text:p>a<text:s text:c="18446744073709551615"/>b'
               '</text:p></table:table-cell></table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)


FILES = {
    "zip_bomb_inline_rows.xlsx": zip_bomb_inline_rows,
    "ods_nested_row_groups.ods": ods_nested_row_groups,
    "invalid_utf8_cells.xlsx": invalid_utf8_cells,
    "csv_bom_windows1252.csv": csv_bom_windows1252,
    "single_row_200mb.xlsx": single_row_200mb,
    "whitespace_1gb.xlsx": whitespace_1gb,
    "comment_flood.xlsx": comment_flood,
    "cdata_flood.xlsx": cdata_flood,
    "shared_formula_8k.xlsx": shared_formula_8k,
    "sheets_3000_one_part.xlsx": sheets_3000_one_part,
    "rows_past_last_row.xlsx": rows_past_last_row,
    "ods_text_s_huge.ods": ods_text_s_huge,
}

__doc__ += "".join(f"\n  {name:28} {fn.__doc__.split(chr(10))[0]}" for name, fn in FILES.items())


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--only", action="append", help="build only this file (stem or name)")
    args = ap.parse_args()
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    for name, fn in FILES.items():
        if args.only and name not in args.only and Path(name).stem not in args.only:
            continue
        path = out / name
        fn(path)
        print(f"{path} ({path.stat().st_size:,} bytes)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
