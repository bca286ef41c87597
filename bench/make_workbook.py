#!/usr/bin/env python3
"""Writes the benchmark workbook: a minimal but valid .xlsx, without kpimap and without openpyxl.

The sheet is ROWS x COLS cells, every cell filled. In each row exactly a quarter of the cells
(chosen at random, fixed seed) are text stored as shared strings (t="s"), the rest are numbers:
integers, two-decimal values and full-precision doubles. The package is written part by part with
zipfile (deflate level 6, as Excel does), which is far faster than openpyxl's write_only mode.

Next to FILE.xlsx it writes FILE.expected.json with the checksum every reader must reproduce:
cells, text_cells, number_cells, number_sum (exactly rounded, math.fsum) and text_bytes (UTF-8
bytes of the text of all text cells).

Usage: make_workbook.py OUT.xlsx [--rows N] [--cols N] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import zipfile
from xml.sax.saxutils import escape

# Bump when the content changes so cached files from an older generator are not reused.
GENERATOR_VERSION = 1
DEFAULT_ROWS = 50_000
DEFAULT_COLS = 20
DEFAULT_SEED = 20240501
UNIQUE_STRINGS = 5_000

_WORDS = (
    "revenue cost margin region north south east west central target actual forecast "
    "quarter month week units price volume churn growth retention support ticket backlog "
    "R&D <pending> Überstunden café Zürich 数据 指标 Ørsted naïve résumé"
).split()


def column_name(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


def _strings(rng: random.Random) -> list[str]:
    out = []
    for i in range(UNIQUE_STRINGS):
        words = rng.sample(_WORDS, rng.randint(1, 4))
        out.append(f"{' '.join(words)} {i}")
    return out


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        return str(rng.randint(0, 1_000_000))
    if kind < 0.9:
        return f"{rng.randint(-100_000, 10_000_000) / 100:.2f}".rstrip("0").rstrip(".")
    return repr(rng.uniform(-1_000.0, 100_000.0))  # 15-17 significant digits


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
</Relationships>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:creator>kpimap bench/make_workbook.py</dc:creator>\
<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-01T00:00:00Z</dcterms:created>\
</cp:coreProperties>"""

_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>Microsoft Excel</Application></Properties>"""

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<bookViews><workbookView/></bookViews>\
<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets>\
</workbook>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
</Relationships>"""

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""


def _entry(name: str) -> zipfile.ZipInfo:
    # Fixed timestamp and explicit deflate (level 6, zlib's default) so the bytes are reproducible.
    info = zipfile.ZipInfo(name, date_time=(2024, 5, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def generate(path: str, rows: int = DEFAULT_ROWS, cols: int = DEFAULT_COLS,
             seed: int = DEFAULT_SEED) -> dict:
    """Writes the workbook to `path` (atomically) and its checksum to the sidecar; returns it."""
    if cols < 4:
        raise ValueError("need at least 4 columns so a quarter of each row can be text")
    rng = random.Random(seed)
    strings = _strings(rng)
    string_bytes = [len(s.encode("utf-8")) for s in strings]
    letters = [column_name(c) for c in range(cols)]
    text_per_row = cols // 4

    numbers: list[float] = []
    text_cells = 0
    text_bytes = 0
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_entry("[Content_Types].xml"), _CONTENT_TYPES)
        zf.writestr(_entry("_rels/.rels"), _ROOT_RELS)
        zf.writestr(_entry("docProps/core.xml"), _CORE)
        zf.writestr(_entry("docProps/app.xml"), _APP)
        zf.writestr(_entry("xl/workbook.xml"), _WORKBOOK)
        zf.writestr(_entry("xl/_rels/workbook.xml.rels"), _WORKBOOK_RELS)
        zf.writestr(_entry("xl/styles.xml"), _STYLES)
        with zf.open(_entry("xl/worksheets/sheet1.xml"), "w",
                     force_zip64=rows * cols > 20_000_000) as out:
            out.write((
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<dimension ref="A1:{letters[-1]}{rows}"/>'
                '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
                '<sheetFormatPr defaultRowHeight="15"/><sheetData>').encode())
            chunk: list[str] = []
            all_cols = range(cols)
            for r in range(1, rows + 1):
                text_cols = set(rng.sample(all_cols, text_per_row))
                parts = [f'<row r="{r}" spans="1:{cols}">']
                for c in all_cols:
                    if c in text_cols:
                        idx = rng.randrange(UNIQUE_STRINGS)
                        text_cells += 1
                        text_bytes += string_bytes[idx]
                        parts.append(f'<c r="{letters[c]}{r}" t="s"><v>{idx}</v></c>')
                    else:
                        v = _number(rng)
                        numbers.append(float(v))
                        parts.append(f'<c r="{letters[c]}{r}"><v>{v}</v></c>')
                parts.append("</row>")
                chunk.append("".join(parts))
                if len(chunk) == 1000:
                    out.write("".join(chunk).encode())
                    chunk.clear()
            out.write("".join(chunk).encode())
            out.write(b'</sheetData><pageMargins left="0.7" right="0.7" top="0.75" '
                      b'bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
        sst = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{text_cells}" uniqueCount="{len(strings)}">'
        ]
        sst.extend(f"<si><t>{escape(s)}</t></si>" for s in strings)
        sst.append("</sst>")
        zf.writestr(_entry("xl/sharedStrings.xml"), "".join(sst).encode())
    os.replace(tmp, path)

    expected = {
        "generator_version": GENERATOR_VERSION,
        "rows": rows,
        "cols": cols,
        "seed": seed,
        "cells": rows * cols,
        "text_cells": text_cells,
        "number_cells": len(numbers),
        "number_sum": math.fsum(numbers),
        "text_bytes": text_bytes,
        "unique_strings": len(strings),
    }
    with open(expected_path(path), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    return expected


def expected_path(path: str) -> str:
    return os.path.splitext(path)[0] + ".expected.json"


def cached_name(rows: int, cols: int, seed: int) -> str:
    return f"workbook_{rows}x{cols}_s{seed}_v{GENERATOR_VERSION}.xlsx"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    ap.add_argument("--cols", type=int, default=DEFAULT_COLS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args()
    print(json.dumps(generate(args.out, args.rows, args.cols, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
