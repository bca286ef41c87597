#!/usr/bin/python3
"""Compare kpimap's reading of .xls files with LibreOffice's (the cached references).

Usage: compare_xls.py --kpimap BIN --references DIR [--exceptions FILE] [-v] FILE...

For each FILE, `kpimap inspect FILE --format json` is compared with DIR/<name>.json.gz, made
by libreoffice_reference.py. Prints one line per difference, then PASS or FAIL per file;
exits 0 when every file passes, 1 otherwise, 2 on a harness error.

What must agree:
  * a file LibreOffice cannot open is refused by kpimap (any error code unless the exceptions
    name one); a file LibreOffice opens is read (exit 0 or 1, no "error");
  * the workbook's sheets: names, order and states;
  * per sheet, the set of non-empty cells and each cell's type and value. LibreOffice
    recalculates every formula of an .xls file on load, while kpimap reads the result the file
    caches: a formula cell may instead match that cached result (the reference's "cached",
    read by xlrd). Empty text is no
    value on either side (Excel shows a formula's "" as an empty cell). Numbers agree within a
    relative 1e-13: LibreOffice writes 15 significant digits. kpimap's date_time cells compare
    by serial; in a 1904 workbook kpimap moves dates (not times of day) to the 1900 system, so
    their serial is LibreOffice's plus 1462.

Exceptions (exceptions.json) map a file name to a list of entries, each with a "reason":
  {"aspect": "cells", "sheet": S, "cells": ["A1", "B2:C9"], "kpimap": V, "libreoffice": V}
      those cells differ with exactly these two values (each [type, value] or null for absent);
  {"aspect": "text_cut", "sheet": S, "cells": [...], "length": N}: LibreOffice keeps only the
      first N characters of kpimap's text;
  {"aspect": "sheets", "kpimap": [...], "libreoffice": [...]}: the [name, state] lists;
  {"aspect": "refused", "code": C}: LibreOffice opens the file, kpimap refuses it with code C;
  {"aspect": "read"}: LibreOffice cannot open the file, kpimap reads it;
  {"aspect": "cells", "sheet": S, "cells": [...], "libreoffice": V} with no "kpimap": any kpimap
      value, for formula cells only (LibreOffice's recalculation, no cached value to check).
An entry that explains no difference is reported as STALE and fails the file.
"""

import argparse
import gzip
import json
import math
import os
import re
import subprocess
import sys

REL_TOL = 1e-13
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def load_reference(directory, name):
    for candidate in (name + ".json.gz", name + ".json"):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as f:
                return json.load(f)
    return None


def run_kpimap(binary, path):
    proc = subprocess.run([binary, "inspect", path, "--format", "json"], capture_output=True,
                          timeout=300, check=False)
    try:
        return proc.returncode, json.loads(proc.stdout.decode("utf-8"))
    except ValueError:
        return proc.returncode, None


def col_row(ref):
    m = re.match(r"^([A-Z]+)(\d+)$", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return col, int(m.group(2))


def in_ranges(ref, ranges):
    col, row = col_row(ref)
    for r in ranges:
        a, _, b = r.partition(":")
        b = b or a
        c1, r1 = col_row(a)
        c2, r2 = col_row(b)
        if c1 <= col <= c2 and r1 <= row <= r2:
            return True
    return False


def kpimap_cells(sheet, date1904):
    """ref -> [type, value] in LibreOffice's terms (dates as serials of the file's system)."""
    out = {}
    for c in sheet.get("cells", []):
        t, v = c["type"], c.get("value")
        if t == "empty" or (t == "text" and v == ""):
            continue
        if t == "date_time":
            serial = c["serial"]
            if date1904 and isinstance(v, str) and ISO_DATE.match(v):
                serial -= 1462
            t, v = "number", serial
        out[c["ref"]] = [t, v]
    return out


def reference_cells(sheet):
    return {c[0]: [c[1], c[2]] for c in sheet["cells"] if not (c[1] == "text" and c[2] == "")}


def cached_cells(sheet):
    """Formula cells whose result cached in the file differs from LibreOffice's recalculation:
    ref -> [type, value] or None (an empty or "" result)."""
    out = {}
    for ref, v in sheet.get("cached", {}).items():
        out[ref] = None if v is None or (v[0] == "text" and v[1] == "") else v
    return out


def same_value(a, b):
    if a is None or b is None:
        return a is b
    if a[0] != b[0]:
        return False
    if a[0] == "number":
        x, y = a[1], b[1]
        if isinstance(x, str) or isinstance(y, str):
            return str(x) == str(y)
        if math.isclose(x, y, rel_tol=REL_TOL, abs_tol=1e-300):
            return True
        return False
    return a[1] == b[1]


def compare(name, code, data, ref, entries, verbose):
    """List of difference lines that no exception explains, and the stale exceptions."""
    diffs = []
    used = [False] * len(entries)

    def explained(aspect, **kw):
        for i, e in enumerate(entries):
            if e.get("aspect") != aspect:
                continue
            if aspect in ("cells", "text_cut"):
                if e["sheet"] != kw["sheet"] or not in_ranges(kw["ref"], e["cells"]):
                    continue
            if aspect == "text_cut":
                a, b = kw["kpimap"], kw["libreoffice"]
                if not (a and b and a[0] == b[0] == "text" and len(b[1]) == e["length"] and
                        a[1][:e["length"]] == b[1]):
                    continue
            elif aspect == "cells":
                if "kpimap" in e:
                    if not same_value(e["kpimap"], kw["kpimap"]):
                        continue
                elif not kw["formula"]:
                    continue
                if not same_value(e.get("libreoffice"), kw["libreoffice"]):
                    continue
            elif aspect == "sheets":
                if e["kpimap"] != kw["kpimap"] or e["libreoffice"] != kw["libreoffice"]:
                    continue
            elif aspect == "refused":
                if e["code"] != kw["code"]:
                    continue
            used[i] = True
            return True
        return False

    error = data.get("error") if data else {"code": "no-json"}
    if not ref.get("opened"):
        if not error and not explained("read"):
            diffs.append("LibreOffice cannot open the file but kpimap reads it")
    elif error:
        if not explained("refused", code=error.get("code")):
            diffs.append("kpimap refuses the file LibreOffice opens: %s: %s" %
                         (error.get("code"), error.get("detail")))
    else:
        ks = [[s["name"], s["state"]] for s in data["sheets"]]
        ls = [[s["name"], s["state"]] for s in ref["sheets"]]
        if ks != ls and not explained("sheets", kpimap=ks, libreoffice=ls):
            diffs.append("sheets: kpimap %s, LibreOffice %s" % (ks, ls))
        by_name = {s["name"]: s for s in data["sheets"]}
        for rs in ref["sheets"]:
            ksheet = by_name.get(rs["name"])
            if ksheet is None:
                continue
            kc = kpimap_cells(ksheet, data.get("date1904", False))
            lc = reference_cells(rs)
            cached = cached_cells(rs)
            formulas = {c[0] for c in rs["cells"] if len(c) > 3}
            for cell in sorted(set(kc) | set(lc), key=lambda r: col_row(r)[::-1]):
                a, b = kc.get(cell), lc.get(cell)
                if same_value(a, b):
                    continue
                if cell in cached and same_value(a, cached[cell]):
                    continue  # kpimap reads the cached result; LibreOffice recalculated
                if explained("cells", sheet=rs["name"], ref=cell, kpimap=a, libreoffice=b,
                             formula=cell in formulas) or \
                        explained("text_cut", sheet=rs["name"], ref=cell, kpimap=a, libreoffice=b):
                    if verbose:
                        diffs.append("(explained) %s!%s: kpimap %s, LibreOffice %s" %
                                     (rs["name"], cell, a, b))
                    continue
                diffs.append("%s!%s: kpimap %s, LibreOffice %s" % (rs["name"], cell, a, b))
    stale = [e for e, u in zip(entries, used) if not u]
    return diffs, stale


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--kpimap", required=True)
    parser.add_argument("--references", required=True)
    parser.add_argument("--exceptions")
    parser.add_argument("--max-lines", type=int, default=20)
    parser.add_argument("-v", action="store_true")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv[1:])
    exceptions = {}
    if args.exceptions:
        with open(args.exceptions, encoding="utf-8") as f:
            exceptions = json.load(f)
    failed = 0
    for path in args.files:
        name = os.path.basename(path)
        ref = load_reference(args.references, name)
        if ref is None:
            print("%s: no LibreOffice reference in %s (run libreoffice_reference.py)" %
                  (name, args.references))
            return 2
        code, data = run_kpimap(args.kpimap, path)
        diffs, stale = compare(name, code, data, ref, exceptions.get(name, []), args.v)
        real = [d for d in diffs if not d.startswith("(explained)")]
        for d in diffs[:args.max_lines]:
            print("%s: %s" % (name, d))
        if len(diffs) > args.max_lines:
            print("%s: ... and %d more differences" % (name, len(diffs) - args.max_lines))
        for e in stale:
            print("%s: STALE exception: %s" % (name, json.dumps(e, ensure_ascii=False)))
        ok = not real and not stale
        if not ok:
            failed += 1
        print("%s %s" % ("PASS" if ok else "FAIL", name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
