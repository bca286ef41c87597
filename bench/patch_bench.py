#!/usr/bin/env python3
"""Patch benchmark (issue 5 §5): write 10,000 cells into a ~4 MB .xlsx template.

Generates (once, cached under bench/results/) a deterministic template with Python's zipfile,
then times, in the same run, round-robin:
  - kpimap:   bench/patch_workbook.cpp -> kpimap::patch_workbook (splice the sheet, copy the rest)
  - openpyxl: load_workbook + set the same 10,000 cells + save (bench/patch_openpyxl.py)
Both outputs are then checked to hold the same written values (read back with openpyxl).
Prints best wall times and the ratio. Targets (informational): kpimap under 1 s, and openpyxl /
kpimap >= 10x. Not part of the test suite; see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import zipfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
from benchlib import build_targets, cmake_cache_value, environment, log, loud, run_once, show  # noqa: E402

GENERATOR_VERSION = 1
TARGET_S = 1.0
TARGET_RATIO = 10.0
SHEET = "Data"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def col_name(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def make_template(path: Path, rows: int, cols: int, seed: int) -> None:
    """A one-sheet package: a header row, `rows` data rows of `cols` cells (numbers with full
    precision, every fourth a shared string), styles, a formula column and a calcChain."""
    rng = random.Random(seed)
    strings = [f"item {i} ({rng.choice(['North', 'South', 'East', 'West'])})" for i in range(2000)]
    parts = []
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
           f'xmlns:r="{REL}"><dimension ref="A1:{col_name(cols)}{rows + 1}"/><sheetViews>'
           '<sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
           "<sheetData>"]
    out.append('<row r="1" spans="1:%d">' % (cols + 1)
               + "".join(f'<c r="{col_name(c)}1" s="1" t="s"><v>{c % 50}</v></c>'
                         for c in range(cols + 1)) + "</row>")
    chain = []
    for r in range(2, rows + 2):
        cells = []
        for c in range(cols):
            ref = f"{col_name(c)}{r}"
            if c % 4 == 3:
                cells.append(f'<c r="{ref}" t="s"><v>{rng.randrange(len(strings))}</v></c>')
            else:
                cells.append(f'<c r="{ref}" s="2"><v>{rng.random() * 1000:.15g}</v></c>')
        total = f"{col_name(cols)}{r}"
        cells.append(f'<c r="{total}"><f>SUM(A{r}:C{r})</f><v>0</v></c>')
        if r <= 1000:
            chain.append(f'<c r="{total}" i="1"/>' if r == 2 else f'<c r="{total}"/>')
        out.append(f'<row r="{r}" spans="1:{cols + 1}">' + "".join(cells) + "</row>")
    out.append('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
               'header="0.3" footer="0.3"/></worksheet>')
    sheet = "".join(out)
    decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    sst = (decl + f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
           + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    styles = (decl + f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
              'formatCode="0.00"/></numFmts><fonts count="2"><font><sz val="11"/><name '
              'val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
              'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/>'
              '<top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
              'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf '
              'numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" '
              'fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" '
              'fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')
    workbook = (decl + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="{SHEET}" '
                'sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>')
    wb_rels = (decl + f'<Relationships xmlns="{PKG}">'
               f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
               f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
               f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
               f'<Relationship Id="rId4" Type="{REL}/calcChain" Target="calcChain.xml"/>'
               "</Relationships>")
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types = (decl + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
             f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
             f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
             f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
             f'<Override PartName="/xl/calcChain.xml" ContentType="{ct}.calcChain+xml"/></Types>')
    root_rels = (decl + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                 f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    calc = decl + f'<calcChain xmlns="{MAIN}">' + "".join(chain) + "</calcChain>"
    parts = [("[Content_Types].xml", types), ("_rels/.rels", root_rels),
             ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", wb_rels),
             ("xl/styles.xml", styles), ("xl/sharedStrings.xml", sst),
             ("xl/worksheets/sheet1.xml", sheet), ("xl/calcChain.xml", calc)]
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    tmp.replace(path)


def build(build_dir: Path, no_build: bool) -> Path:
    binary = build_dir / "bench" / "patch_workbook"
    if no_build:
        return binary
    failed = build_targets(build_dir, ["patch_workbook"])
    if failed:
        if binary.exists():
            loud(f"building patch_workbook failed; measuring the older binary\n{failed}")
        else:
            raise SystemExit(f"cannot build patch_workbook: {failed}")
    return binary


def written_cells(cells: int, rows: int, cols: int) -> dict[str, object]:
    """The same writes as bench/patch_workbook.cpp, as A1 -> value."""
    out = {}
    half = cells // 2
    for i in range(cells):
        if i < half:
            r, c = 1 + i // cols, i % cols
        else:
            k = i - half
            r, c = 1 + k % rows, cols + 1
        out[f"{col_name(c)}{r + 1}"] = f"w{i}" if i % 5 == 0 else i * 0.25
    return out


def check_outputs(paths: dict[str, Path], cells: dict[str, object]) -> list[str]:
    import openpyxl

    problems = []
    for peer, path in paths.items():
        ws = openpyxl.load_workbook(path, read_only=True)[SHEET]
        got = {}
        for row in ws.iter_rows():
            for cell in row:
                ref = getattr(cell, "coordinate", None)
                if ref in cells:
                    got[ref] = cell.value
        wrong = [ref for ref, want in cells.items() if got.get(ref) != want]
        if wrong:
            problems.append(f"{peer}: {len(wrong)} written cells differ, e.g. {wrong[:3]}")
    return problems


def main() -> int:
    try:
        import openpyxl  # noqa: F401  (the outputs are checked with it)
    except ImportError:
        if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
            os.execv("/usr/bin/python3", ["/usr/bin/python3", __file__, *sys.argv[1:]])
        raise SystemExit("openpyxl is needed (Debian: python3-openpyxl)")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=27000)
    parser.add_argument("--cols", type=int, default=12)
    parser.add_argument("--cells", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build-dir", type=Path, default=REPO_DIR / "build")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--peers", default="kpimap,openpyxl")
    parser.add_argument("--json", type=Path, default=BENCH_DIR / "results" / "patch_bench.json")
    args = parser.parse_args()
    if args.cells // 2 > args.rows:
        raise SystemExit("--rows must be at least half of --cells")
    results = BENCH_DIR / "results"
    results.mkdir(exist_ok=True)
    template = results / f"patch_template_{args.rows}x{args.cols}_s{args.seed}_v{GENERATOR_VERSION}.xlsx"
    if not template.exists():
        log(f"generating {show(template)} ...")
        make_template(template, args.rows, args.cols, args.seed)
    with zipfile.ZipFile(template) as z:
        sheet_bytes = z.getinfo("xl/worksheets/sheet1.xml").file_size
    log(f"template: {show(template)}: {template.stat().st_size / 1e6:.1f} MB zipped, sheet XML "
        f"{sheet_bytes / 1e6:.1f} MB, {args.rows * args.cols:,} cells; writing {args.cells:,}")
    build_type = cmake_cache_value(args.build_dir, "CMAKE_BUILD_TYPE")
    if build_type not in ("Release", "RelWithDebInfo"):
        loud(f"build type is {build_type!r}: the kpimap figure is not of an optimised build")
    binary = build(args.build_dir, args.no_build) if "kpimap" in args.peers else None

    outs = {"kpimap": results / "patch_out_kpimap.xlsx",
            "openpyxl": results / "patch_out_openpyxl.xlsx"}
    commands = {
        "kpimap": [str(binary), str(template), str(outs["kpimap"]), "--sheet", SHEET,
                   "--cells", str(args.cells), "--existing-rows", str(args.rows),
                   "--cols", str(args.cols)],
        "openpyxl": ["/usr/bin/python3", str(BENCH_DIR / "patch_openpyxl.py"), str(template),
                     str(outs["openpyxl"]), SHEET, str(args.cells), str(args.rows),
                     str(args.cols)],
    }
    peers = [p for p in args.peers.split(",") if p in commands]
    runs: dict[str, list[dict]] = {p: [] for p in peers}
    for round_ in range(args.repeat):
        for peer in peers:
            r = run_once(commands[peer], timeout=900)
            if "error" in r:
                loud(f"{peer} failed: {r['error']}")
                return 1
            runs[peer].append(r)
            log(f"  round {round_ + 1} {peer}: {r['wall_s']:.3f} s wall, "
                f"{r['report'].get('seconds', float('nan')):.3f} s in-process, "
                f"{r['rss_mb']:.0f} MB")
    problems = check_outputs({p: outs[p] for p in peers},
                             written_cells(args.cells, args.rows, args.cols))
    if problems:
        loud("outputs disagree:\n" + "\n".join(problems))
        return 1
    best = {p: min(r["wall_s"] for r in runs[p]) for p in peers}
    log("")
    log(f"{'peer':10} {'wall s':>8} {'in-proc s':>10} {'RSS MB':>7} {'vs kpimap':>10}")
    for p in peers:
        inproc = min(r["report"]["seconds"] for r in runs[p])
        rss = max(r["rss_mb"] for r in runs[p])
        ratio = f"{best[p] / best['kpimap']:.1f}x" if "kpimap" in best else "-"
        log(f"{p:10} {best[p]:8.3f} {inproc:10.3f} {rss:7.0f} {ratio:>10}")
    if "kpimap" in best:
        log("")
        log(f"target kpimap < {TARGET_S:g} s: {'PASS' if best['kpimap'] < TARGET_S else 'MISS'}")
        if "openpyxl" in best:
            ratio = best["openpyxl"] / best["kpimap"]
            log(f"target openpyxl / kpimap >= {TARGET_RATIO:g}x: "
                f"{'PASS' if ratio >= TARGET_RATIO else 'MISS'} ({ratio:.1f}x)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"environment": environment(args.build_dir),
                                     "template": show(template), "cells": args.cells,
                                     "runs": runs, "best_wall_s": best}, indent=2))
    log(f"details: {show(args.json)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
