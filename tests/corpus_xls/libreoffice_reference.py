#!/usr/bin/python3
"""Make LibreOffice's reading of .xls files: the reference of the .xls differential test.

Usage: libreoffice_reference.py [--jobs N] [--timeout S] [--keep-xlsx DIR] --out DIR FILE...
       libreoffice_reference.py --check DIR FILE...

--check makes the references of FILE... afresh in a temporary folder and compares them byte
for byte with those in DIR: the test that the stored references are what this script and the
installed LibreOffice make (exit 1 and the differing files otherwise).

Each FILE is converted by LibreOffice headless (`soffice --convert-to xlsx`, a fresh
-env:UserInstallation per run, so a user's profile and other runs do not interfere) and the
.xlsx LibreOffice writes is read back (the values LibreOffice holds, formula results included).
For every FILE, OUT/<name>.json.gz gets

  {"file": name, "opened": true, "date1904": bool,
   "sheets": [{"name": ..., "state": "visible|hidden|veryHidden", "cells": [[ref, type, value], ...]}]}

or {"file": name, "opened": false} when LibreOffice cannot load it. A formula cell has a fourth
element "f"; a sheet's "cached" maps formula cells whose LibreOffice value differs from the
result cached in the file (see add_cached_results) to that cached result. `type` is number, text,
boolean or error; dates are numbers (serials in the workbook's own date system), because a
number format decides what is a date and LibreOffice keeps the BIFF number as it is.

Files are converted in batches (one soffice process for many files, which is far faster than
one process each); when a batch fails or times out, its files are converted one at a time so
a file that hangs LibreOffice only loses itself. An existing OUT/<name>.json.gz is kept (delete it
to redo the file).

Needs LibreOffice and python3-xlrd (scripts/install-deps).
"""

import argparse
import concurrent.futures
import gzip
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
import zipfile


def soffice_convert(files, outdir, timeout):
    """Converts `files` to .xlsx in `outdir` with one soffice process; False on timeout."""
    profile = tempfile.mkdtemp(prefix="kpimap_lo_profile_")
    try:
        cmd = ["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--norestore",
               "--convert-to", "xlsx", "--outdir", outdir] + list(files)
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return False
        return True
    finally:
        shutil.rmtree(profile, ignore_errors=True)


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def text_of(element):
    """The text of a shared or inline string: every <t>, leaving out phonetic runs (<rPh>)."""
    out = []
    for child in element:
        if child.tag == MAIN + "t":
            out.append(child.text or "")
        elif child.tag == MAIN + "r":
            out.extend(t.text or "" for t in child.iter(MAIN + "t"))
    return "".join(out)


def cell_entry(c, shared):
    """[ref, type, value] of one <c> (with a fourth element "f" for a formula cell), or None
    for a cell with no value."""
    entry = plain_cell_entry(c, shared)
    if entry is not None and c.find(MAIN + "f") is not None:
        entry.append("f")
    return entry


def plain_cell_entry(c, shared):
    kind = c.get("t", "n")
    v = c.find(MAIN + "v")
    if kind == "inlineStr":
        is_ = c.find(MAIN + "is")
        return None if is_ is None else [c.get("r"), "text", text_of(is_)]
    if v is None:
        return None
    raw = v.text or ""
    if kind == "s":
        return [c.get("r"), "text", shared[int(raw)]]
    if kind == "str":
        return [c.get("r"), "text", raw]
    if kind == "b":
        return [c.get("r"), "boolean", raw.strip() in ("1", "true")]
    if kind == "e":
        return [c.get("r"), "error", raw]
    number = float(raw)
    # JSON has no NaN or infinity: keep LibreOffice's spelling as the value.
    return [c.get("r"), "number", number if math.isfinite(number) else raw]


def dump_xlsx(path):
    """LibreOffice's .xlsx read with the standard library: LibreOffice writes plain parts
    (xl/workbook.xml, its relationships, sharedStrings.xml, one part per sheet), and reading
    them directly avoids openpyxl's own refusals (external links, NaN, styles)."""
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(PKG_REL + "Relationship")}
        shared = []
        if "xl/sharedStrings.xml" in names:
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(MAIN + "si"):
                shared.append(text_of(si))
        pr = workbook.find(MAIN + "workbookPr")
        date1904 = pr is not None and pr.get("date1904") in ("true", "1")
        sheets = []
        for sheet in workbook.iter(MAIN + "sheet"):
            entry = {"name": sheet.get("name"), "state": sheet.get("state", "visible"),
                     "cells": []}
            target = targets.get(sheet.get(REL + "id"), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if "chartsheets/" in part:
                entry["kind"] = "chartsheet"
            elif part in names:
                # Only the first cell of an array formula has <f t="array" ref="...">; the
                # other cells of its range are formula results too.
                arrays = []
                for _, c in ET.iterparse(z.open(part)):
                    if c.tag == MAIN + "c":
                        e = cell_entry(c, shared)
                        f = c.find(MAIN + "f")
                        if f is not None and f.get("t") == "array" and f.get("ref"):
                            arrays.append(range_bounds(f.get("ref")))
                        if e is not None:
                            if len(e) == 3 and in_any(c.get("r"), arrays):
                                e.append("f")
                            entry["cells"].append(e)
                        c.clear()
            sheets.append(entry)
    return {"opened": True, "date1904": date1904, "sheets": sheets}


def xlrd_value(cell):
    """[type, value] of an xlrd cell, in the terms of cell_entry; None when empty."""
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return ["text", cell.value]
    if cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
        return ["number", float(cell.value)]
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return ["boolean", bool(cell.value)]
    return ["error", xlrd.error_text_from_code.get(cell.value, "#N/A")]


def add_cached_results(path, reference):
    """LibreOffice recalculates every formula when it loads an .xls file, while kpimap reads
    the result Excel cached in the FORMULA record. For each formula cell whose LibreOffice
    value differs from the cached one, the cached value (read by xlrd, an independent BIFF
    reader that does not calculate) is kept under "cached": the comparison accepts either."""
    import xlrd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = xlrd.open_workbook(path, on_demand=True, logfile=open(os.devnull, "w"))
    except Exception as exc:  # noqa: BLE001 - xlrd refuses some files LibreOffice opens
        reference["cached_unavailable"] = "%s: %s" % (type(exc).__name__, exc)
        return
    names = book.sheet_names()
    for sheet in reference["sheets"]:
        formulas = [c for c in sheet["cells"] if len(c) > 3]
        if not formulas or sheet["name"] not in names:
            continue
        try:
            xs = book.sheet_by_name(sheet["name"])
        except Exception:  # noqa: BLE001
            continue
        cached = {}
        for ref, typ, value, _ in formulas:
            col, row = col_row(ref)
            if row - 1 >= xs.nrows or col - 1 >= xs.ncols:
                continue
            v = xlrd_value(xs.cell(row - 1, col - 1))
            if not same(v, [typ, value]):
                cached[ref] = v
        if cached:
            sheet["cached"] = cached


def range_bounds(ref):
    a, _, b = ref.partition(":")
    return col_row(a), col_row(b or a)


def in_any(ref, ranges):
    col, row = col_row(ref)
    return any(c1 <= col <= c2 and r1 <= row <= r2 for (c1, r1), (c2, r2) in ranges)


def same(a, b):
    """Equal readings; numbers within LibreOffice's 15 significant digits."""
    if a is None or b is None or a[0] != b[0]:
        return a == b
    if a[0] == "number" and isinstance(a[1], float) and isinstance(b[1], float):
        return math.isclose(a[1], b[1], rel_tol=1e-13, abs_tol=1e-300)
    return a == b


def col_row(ref):
    letters = ref.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col, int(ref[len(letters):])


def read_as_text(reference):
    """True when LibreOffice's Excel filter refused the file and its text import took over: one
    sheet whose first cell starts with the compound file signature D0 CF 11 E0 read as
    Latin-1. LibreOffice did not open such a file as a workbook."""
    sheets = reference["sheets"]
    if len(sheets) != 1 or not sheets[0]["cells"]:
        return False
    first = sheets[0]["cells"][0]
    return first[1] == "text" and first[2].startswith("\u00d0\u00cf")


def reference_for(name, xlsx_path, source_path=None):
    if not os.path.exists(xlsx_path):
        return {"file": name, "opened": False}
    result = {"file": name}
    result.update(dump_xlsx(xlsx_path))
    if read_as_text(result):
        return {"file": name, "opened": False,
                "why": "LibreOffice's Excel filter refused the file; it imported the bytes as text"}
    if source_path:
        add_cached_results(source_path, result)
    return result


def write_reference(path, ref):
    """Gzipped JSON with no time stamp, so the same reading gives the same bytes."""
    data = (json.dumps(ref, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
            out.write(data)


def check(args):
    fresh = tempfile.mkdtemp(prefix="kpimap_lo_check_")
    try:
        make = [sys.argv[0], "--out", fresh, "--timeout", str(args.timeout)] + args.files
        if main(make) != 0:
            return 2
        stale = []
        for f in args.files:
            name = os.path.basename(f) + ".json.gz"
            stored = os.path.join(args.check, name)
            with open(os.path.join(fresh, name), "rb") as a:
                made = a.read()
            if not os.path.exists(stored):
                stale.append(name + " (not stored)")
                continue
            with open(stored, "rb") as b:
                if b.read() != made:
                    stale.append(name)
        for name in stale:
            print("stored reference differs from a fresh one: %s" % name)
        print("%d of %d references as stored" % (len(args.files) - len(stale), len(args.files)))
        return 1 if stale else 0
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--out")
    parser.add_argument("--check", help="compare fresh references with those in this folder")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds for one file; a batch gets this times its size")
    parser.add_argument("--keep-xlsx", help="keep LibreOffice's .xlsx files here")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv[1:])
    if args.check:
        return check(args)
    if not args.out:
        parser.error("--out or --check is required")
    os.makedirs(args.out, exist_ok=True)

    todo = []
    for f in args.files:
        name = os.path.basename(f)
        if not os.path.exists(os.path.join(args.out, name + ".json.gz")):
            todo.append(f)
    work = tempfile.mkdtemp(prefix="kpimap_lo_xlsx_")
    xlsx_dir = args.keep_xlsx or work
    os.makedirs(xlsx_dir, exist_ok=True)

    def xlsx_of(f):
        return os.path.join(xlsx_dir, os.path.splitext(os.path.basename(f))[0] + ".xlsx")

    def run_batch(batch):
        # Two inputs may share a stem (a.xls, a.XLS): convert them in separate batches.
        ok = soffice_convert(batch, xlsx_dir, args.timeout * len(batch))
        if ok or len(batch) == 1:
            return
        for f in batch:
            if not os.path.exists(xlsx_of(f)):
                soffice_convert([f], xlsx_dir, args.timeout)

    batches = [todo[i:i + args.batch] for i in range(0, len(todo), args.batch)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(run_batch, batches))

    for f in todo:
        name = os.path.basename(f)
        try:
            ref = reference_for(name, xlsx_of(f), f)
        except Exception as exc:  # noqa: BLE001 - LibreOffice wrote something unreadable
            ref = {"file": name, "opened": False, "why": "%s: %s" % (type(exc).__name__, exc)}
        write_reference(os.path.join(args.out, name + ".json.gz"), ref)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
