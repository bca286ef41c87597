#!/usr/bin/python3
"""Differential test of kpimap's .xlsx reader against openpyxl, for one workbook.

Usage:
  compare.py --kpimap PATH/TO/kpimap [--exceptions exceptions.json] [-v] FILE.xlsx

Runs `kpimap inspect FILE --format json` and `openpyxl_dump.py FILE` (with this interpreter)
and compares, cell by cell:
  * workbook: date1904 flag, sheet names, order and states, defined names;
  * per sheet: the set of non-empty cells, merged ranges (as sets);
  * per cell: type and value (numbers with relative tolerance 1e-9, date_time by "serial"
    within 1e-6 days), formula text, number_format, bold, fill, wrap.

Every difference is printed as one line ("Sheet1!A1: value kpimap=... openpyxl=...").
A difference is accepted only when an entry of exceptions.json for this file explains it;
an entry that explains nothing is reported as stale. Exit status: 0 when every difference
is explained and no entry is stale, 1 otherwise, 2 on a usage or harness error.
See README.md beside this file for the format of exceptions.json.
"""

import argparse
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DUMP = os.path.join(HERE, "openpyxl_dump.py")

CELL_ASPECTS = ("value", "formula", "number_format", "bold", "fill", "wrap",
                "missing_in_kpimap", "extra_in_kpimap")
SHEET_ASPECTS = ("merged_missing_in_kpimap", "merged_extra_in_kpimap")
BOOK_ASPECTS = ("sheets", "date1904", "defined_name_missing_in_kpimap",
                "defined_name_extra_in_kpimap")
ALL_ASPECTS = CELL_ASPECTS + SHEET_ASPECTS + BOOK_ASPECTS + ("open",)

NUM_REL_TOL = 1e-9
SERIAL_ABS_TOL = 1e-6


# ---------------------------------------------------------------------------------------------
# A1 helpers


def col_to_num(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")


def parse_ref(ref):
    m = _A1.match(ref)
    if not m:
        raise ValueError("bad cell reference %r" % ref)
    return int(m.group(2)), col_to_num(m.group(1))


def ref_in(ref, pattern):
    """True when cell `ref` is `pattern` (a cell) or lies inside it (a range "A1:B9")."""
    if ":" in pattern:
        a, b = pattern.split(":", 1)
        r1, c1 = parse_ref(a)
        r2, c2 = parse_ref(b)
        r, c = parse_ref(ref)
        return min(r1, r2) <= r <= max(r1, r2) and min(c1, c2) <= c <= max(c1, c2)
    return parse_ref(ref) == parse_ref(pattern)


def sort_key(ref):
    return parse_ref(ref)


# ---------------------------------------------------------------------------------------------
# Value comparison


def numbers_equal(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return False
    if a == b:
        return True
    return math.isclose(float(a), float(b), rel_tol=NUM_REL_TOL, abs_tol=0.0)


def values_equal(k, o):
    """Compare two {"type","value","serial"} dicts the way the test defines equality."""
    if k.get("type") != o.get("type"):
        return False
    t = k.get("type")
    if t == "number":
        return numbers_equal(k.get("value"), o.get("value"))
    if t == "date_time":
        ks, os_ = k.get("serial"), o.get("serial")
        if not isinstance(ks, (int, float)) or not isinstance(os_, (int, float)):
            return False
        return abs(float(ks) - float(os_)) <= SERIAL_ABS_TOL
    if t == "boolean":
        return bool(k.get("value")) == bool(o.get("value")) and isinstance(k.get("value"), bool) \
            and isinstance(o.get("value"), bool)
    return k.get("value") == o.get("value")


def value_view(cell):
    """The part of a cell that the "value" aspect compares, for reports and exceptions."""
    if cell is None:
        return None
    out = {"type": cell.get("type"), "value": cell.get("value")}
    if cell.get("type") == "date_time":
        out["serial"] = cell.get("serial")
    return out


def norm_formula(text):
    if text is None:
        return None
    return text[1:] if text.startswith("=") else text


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 160 else s[:157] + "..."


# ---------------------------------------------------------------------------------------------
# Differences


class Diff:
    def __init__(self, aspect, sheet=None, cell=None, kpimap=None, openpyxl=None, key=None):
        self.aspect = aspect
        self.sheet = sheet
        self.cell = cell
        self.kpimap = kpimap
        self.openpyxl = openpyxl
        self.key = key  # merged range / defined name for non-cell aspects
        self.explained_by = None

    def where(self):
        if self.sheet is not None and self.cell is not None:
            return "%s!%s" % (self.sheet, self.cell)
        if self.sheet is not None:
            return "%s" % self.sheet
        return "<workbook>"

    def __str__(self):
        s = "%s: %s" % (self.where(), self.aspect)
        if self.key is not None:
            s += " %s" % short(self.key)
        return s + " kpimap=%s openpyxl=%s" % (short(self.kpimap), short(self.openpyxl))


def diff_values_match(expected, actual, aspect):
    """Exception value pin vs actual value (numbers/serials compared with tolerance)."""
    if aspect in ("value", "missing_in_kpimap", "extra_in_kpimap") and \
            isinstance(expected, dict) and isinstance(actual, dict):
        return values_equal(expected, actual)
    if aspect == "fill":
        return fill_key(expected) == fill_key(actual)
    return expected == actual


def fill_key(fill):
    return fill.upper() if isinstance(fill, str) else fill


def compare_cells(sheet, kcells, ocells, diffs):
    kmap = {c["ref"]: c for c in kcells}
    omap = {c["ref"]: c for c in ocells}
    for ref in sorted(set(kmap) | set(omap), key=sort_key):
        k = kmap.get(ref)
        o = omap.get(ref)
        if o is None:
            diffs.append(Diff("extra_in_kpimap", sheet, ref, value_view(k), None))
            continue
        if k is None:
            diffs.append(Diff("missing_in_kpimap", sheet, ref, None, value_view(o)))
            continue
        if not values_equal(k, o):
            diffs.append(Diff("value", sheet, ref, value_view(k), value_view(o)))
        kf, of = norm_formula(k.get("formula")), norm_formula(o.get("formula"))
        if kf != of:
            diffs.append(Diff("formula", sheet, ref, kf, of))
        if k.get("number_format") != o.get("number_format"):
            diffs.append(Diff("number_format", sheet, ref, k.get("number_format"),
                              o.get("number_format")))
        for flag in ("bold", "wrap"):
            if bool(k.get(flag, False)) != bool(o.get(flag, False)):
                diffs.append(Diff(flag, sheet, ref, bool(k.get(flag, False)),
                                  bool(o.get(flag, False))))
        # ARGB hex (ST_UnsignedIntHex) is case-insensitive: "ffc0c0c0" == "FFC0C0C0".
        if fill_key(k.get("fill")) != fill_key(o.get("fill")):
            diffs.append(Diff("fill", sheet, ref, k.get("fill"), o.get("fill")))


def openpyxl_cells(sheet):
    """openpyxl's non-empty cells: style-only cells (value None, no formula) are dropped."""
    return [c for c in sheet.get("cells", [])
            if not (c.get("value") is None and c.get("formula") is None)]


def compare_books(kj, oj):
    diffs = []
    if bool(kj.get("date1904")) != bool(oj.get("date1904")):
        diffs.append(Diff("date1904", kpimap=bool(kj.get("date1904")),
                          openpyxl=bool(oj.get("date1904"))))
    ksheets = [(s["name"], s.get("state", "visible")) for s in kj.get("sheets", [])]
    osheets = [(s["name"], s.get("state", "visible")) for s in oj.get("sheets", [])]
    if ksheets != osheets:
        diffs.append(Diff("sheets", kpimap=[list(x) for x in ksheets],
                          openpyxl=[list(x) for x in osheets]))
    omap = {s["name"]: s for s in oj.get("sheets", [])}
    for ks in kj.get("sheets", []):
        os_ = omap.get(ks["name"])
        if os_ is None:
            continue  # already reported by "sheets"
        name = ks["name"]
        compare_cells(name, ks.get("cells", []), openpyxl_cells(os_), diffs)
        km, om = set(ks.get("merged", [])), set(os_.get("merged", []))
        for r in sorted(om - km):
            diffs.append(Diff("merged_missing_in_kpimap", name, key=r))
        for r in sorted(km - om):
            diffs.append(Diff("merged_extra_in_kpimap", name, key=r))

    def names(j):
        out = set()
        for n in j.get("defined_names", []):
            out.add((n.get("name"), n.get("refers_to"), n.get("local_sheet")))
        return out

    kn, on = names(kj), names(oj)
    for n in sorted(on - kn, key=str):
        diffs.append(Diff("defined_name_missing_in_kpimap", key=list(n)))
    for n in sorted(kn - on, key=str):
        diffs.append(Diff("defined_name_extra_in_kpimap", key=list(n)))
    return diffs


# ---------------------------------------------------------------------------------------------
# Exceptions


def exception_matches(exc, d):
    if exc.get("aspect") != d.aspect:
        return False
    if "sheet" in exc and exc["sheet"] != d.sheet:
        return False
    if "cells" in exc:
        if d.cell is None or not any(ref_in(d.cell, p) for p in exc["cells"]):
            return False
    if "key" in exc and exc["key"] != d.key:
        return False
    if "kpimap" in exc and not diff_values_match(exc["kpimap"], d.kpimap, d.aspect):
        return False
    if "openpyxl" in exc and not diff_values_match(exc["openpyxl"], d.openpyxl, d.aspect):
        return False
    return True


def validate_exception(exc):
    """Problems with the shape of one exception entry (keeps every entry narrow)."""
    problems = []
    aspect = exc.get("aspect")
    if aspect not in ALL_ASPECTS:
        problems.append("unknown aspect %r" % aspect)
    if not exc.get("reason") or len(exc.get("reason", "")) < 20:
        problems.append("missing or too short 'reason'")
    if aspect in CELL_ASPECTS:
        if "sheet" not in exc or not exc.get("cells"):
            problems.append("a %s exception needs 'sheet' and a non-empty 'cells' list" % aspect)
        if aspect in ("value", "formula", "number_format", "fill", "bold", "wrap") and \
                ("kpimap" not in exc or "openpyxl" not in exc):
            problems.append("a %s exception must pin both 'kpimap' and 'openpyxl'" % aspect)
    if aspect == "missing_in_kpimap" and "openpyxl" not in exc:
        problems.append("a missing_in_kpimap exception must pin 'openpyxl' (the value kpimap lacks)")
    if aspect == "extra_in_kpimap" and "kpimap" not in exc:
        problems.append("an extra_in_kpimap exception must pin 'kpimap' (the extra value)")
    if aspect in SHEET_ASPECTS and ("sheet" not in exc or "key" not in exc):
        problems.append("a %s exception needs 'sheet' and 'key' (the range)" % aspect)
    if aspect in ("defined_name_missing_in_kpimap", "defined_name_extra_in_kpimap") and \
            "key" not in exc:
        problems.append("a %s exception needs 'key' [name, refers_to, local_sheet]" % aspect)
    if aspect in ("sheets", "date1904") and ("kpimap" not in exc or "openpyxl" not in exc):
        problems.append("a %s exception must pin both 'kpimap' and 'openpyxl'" % aspect)
    if aspect == "open":
        if ("openpyxl_error" in exc) == ("openpyxl_sheets" in exc):
            problems.append("an open exception needs exactly one of 'openpyxl_error' (expected "
                            "substring of openpyxl's error) or 'openpyxl_sheets' (the wrong "
                            "sheet list openpyxl returns)")
        modes = [m for m in ("expect_kpimap_error", "repair", "reference") if m in exc]
        if len(modes) != 1:
            problems.append("an open exception needs exactly one of expect_kpimap_error, "
                            "repair, reference")
    return problems


# ---------------------------------------------------------------------------------------------
# Repairs: minimal, documented edits of a copy of the package so that openpyxl can read it


def apply_repairs(src, dst, steps):
    zin = zipfile.ZipFile(src)
    entries = []
    for info in zin.infolist():
        with zin.open(info) as f:
            if info.filename in [s.get("ignore_crc_of") for s in steps]:
                f._expected_crc = None  # noqa: SLF001 - only when a step asks for it
            data = f.read()
        entries.append([info.filename, data])
    for step in steps:
        op = step.get("op")
        if op == "backslash_to_slash":
            for e in entries:
                e[0] = e[0].replace("\\", "/")
        elif op == "rename_part":
            hits = [e for e in entries if e[0] == step["from"]]
            if len(hits) != 1:
                raise RuntimeError("repair rename_part: %r not found once" % step["from"])
            hits[0][0] = step["to"]
        elif op == "replace":
            parts = step.get("parts")
            total = 0
            for e in entries:
                if parts is not None and e[0] not in parts:
                    continue
                if parts is None and not (e[0].endswith(".xml") or e[0].endswith(".rels")):
                    continue
                text = e[1].decode("utf-8")
                n = text.count(step["old"])
                if n:
                    e[1] = text.replace(step["old"], step["new"]).encode("utf-8")
                    total += n
            want = step.get("count")
            if total == 0 or (want is not None and total != want):
                raise RuntimeError("repair replace %r: %d occurrence(s), expected %s"
                                   % (step["old"], total, want if want is not None else ">0"))
        elif op == "ignore_crc":
            pass  # handled while reading
        else:
            raise RuntimeError("unknown repair op %r" % op)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            zout.writestr(name, data)


# ---------------------------------------------------------------------------------------------
# Running the two readers


def run_kpimap(kpimap, path):
    proc = subprocess.run([kpimap, "inspect", path, "--format", "json"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    try:
        data = json.loads(proc.stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise RuntimeError("kpimap inspect (exit %d) printed no JSON: %s\nstdout: %s\nstderr: %s"
                           % (proc.returncode, exc, proc.stdout[:500], proc.stderr[:500]))
    return proc.returncode, data, proc.stderr.decode("utf-8", "replace")


def run_openpyxl(path):
    proc = subprocess.run([sys.executable, DUMP, path], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError("openpyxl_dump.py failed (exit %d): %s"
                           % (proc.returncode, proc.stderr.decode("utf-8", "replace")[-2000:]))
    return json.loads(proc.stdout.decode("utf-8"))


# ---------------------------------------------------------------------------------------------


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kpimap", required=True, help="path to the kpimap binary")
    ap.add_argument("--exceptions", default=os.path.join(HERE, "exceptions.json"))
    ap.add_argument("-v", "--verbose", action="store_true", help="also list explained diffs")
    ap.add_argument("file")
    args = ap.parse_args(argv)

    path = args.file
    base = os.path.basename(path)
    with open(args.exceptions, encoding="utf-8") as f:
        all_exc = json.load(f)
    excs = [e for e in all_exc.get(base, [])] if isinstance(all_exc.get(base), list) else []
    failures = []

    for e in excs:
        for p in validate_exception(e):
            failures.append("bad exception %s: %s" % (short(e), p))

    rc, kj, kerr = run_kpimap(args.kpimap, path)
    oj = run_openpyxl(path)

    open_excs = [e for e in excs if e.get("aspect") == "open"]
    open_exc = open_excs[0] if open_excs else None
    if len(open_excs) > 1:
        failures.append("more than one 'open' exception for %s" % base)

    # Exit codes of kpimap: 0 ok, 1 read with diagnostics (something skipped or repaired),
    # 2 the input could not be read (stdout then holds {"file", "error": {...}}).
    kpimap_error = kj.get("error") if isinstance(kj.get("error"), dict) else None
    diagnostics = kj.get("diagnostics") or []
    if rc == 2:
        if kpimap_error is None:
            failures.append("kpimap exited 2 without an error object; stderr: %s" % kerr[-500:])
    elif rc in (0, 1):
        if kpimap_error is not None:
            failures.append("kpimap exited %d but printed an error object %s"
                            % (rc, short(kpimap_error)))
        if rc == 1 and not diagnostics:
            failures.append("kpimap exited 1 (warnings) but printed no diagnostics")
        if rc == 0 and diagnostics:
            failures.append("kpimap exited 0 but printed diagnostics %s" % short(diagnostics))
    else:
        failures.append("kpimap exited %d; stderr: %s" % (rc, kerr[-500:]))
    for dg in diagnostics:
        print("kpimap diagnostic: %s" % short(dg))

    reference = oj
    reference_name = "openpyxl"
    if open_exc is not None:
        oerr = oj.get("error")
        if "openpyxl_sheets" in open_exc:
            got_sheets = [s["name"] for s in oj.get("sheets", [])] if oerr is None else oerr
            if got_sheets != open_exc["openpyxl_sheets"]:
                failures.append("STALE open exception: openpyxl's sheets are now %s, not %s"
                                % (short(got_sheets), short(open_exc["openpyxl_sheets"])))
        elif oerr is None:
            failures.append("STALE open exception: openpyxl now opens %s (%s)"
                            % (base, open_exc.get("reason")))
        elif open_exc.get("openpyxl_error") not in oerr:
            failures.append("openpyxl failed differently than the exception says: %r "
                            "(expected to contain %r)" % (oerr, open_exc.get("openpyxl_error")))
        if "expect_kpimap_error" in open_exc:
            want = open_exc["expect_kpimap_error"]
            got = kpimap_error.get("code") if kpimap_error else None
            if got != want:
                failures.append("kpimap error code: expected %r, got %r (exit %d) %s"
                                % (want, got, rc, short(kpimap_error) if kpimap_error else ""))
            else:
                print("%s: kpimap reports error %r as expected (%s)" % (base, got,
                                                                       open_exc.get("reason")))
            reference = None
        elif "repair" in open_exc:
            tmpdir = tempfile.mkdtemp(prefix="kpimap-corpus-")
            try:
                fixed = os.path.join(tmpdir, base)
                apply_repairs(path, fixed, open_exc["repair"])
                reference = run_openpyxl(fixed)
                reference_name = "openpyxl(repaired copy)"
                if "error" in reference:
                    failures.append("openpyxl cannot open the repaired copy either: %s"
                                    % reference["error"])
                    reference = None
            except Exception as exc:  # noqa: BLE001
                failures.append("repair failed: %s: %s" % (type(exc).__name__, exc))
                reference = None
            finally:
                shutil.rmtree(tmpdir, ignore_errors=True)
        elif "reference" in open_exc:
            ref_path = os.path.join(os.path.dirname(os.path.abspath(args.exceptions)),
                                    open_exc["reference"])
            with open(ref_path, encoding="utf-8") as f:
                reference = json.load(f)
            reference_name = "hand-verified reference %s" % open_exc["reference"]
    elif "error" in oj:
        failures.append("openpyxl cannot open %s (%s) and exceptions.json has no 'open' entry "
                        "for it" % (base, oj["error"]))
        reference = None

    # Hand-verified cells of an "open" exception are asserted on kpimap's output directly, so
    # kpimap's values do not rest on the repaired copy alone.
    if open_exc is not None and kpimap_error is None:
        ksheets = {sh["name"]: sh for sh in kj.get("sheets", [])}
        for chk in open_exc.get("spot_checks", []):
            sh = ksheets.get(chk.get("sheet"))
            cell = None
            if sh is not None:
                cell = next((c for c in sh.get("cells", []) if c["ref"] == chk.get("cell")), None)
            want = {k: v for k, v in chk.items() if k in ("type", "value", "serial")}
            if cell is None or not values_equal(value_view(cell), want):
                failures.append("hand-verified cell %s!%s: expected %s, kpimap has %s"
                                % (chk.get("sheet"), chk.get("cell"), short(want),
                                   short(value_view(cell))))

    diffs = []
    if reference is not None:
        if kpimap_error is not None:
            failures.append("kpimap failed to read %s: %s" % (base, short(kpimap_error)))
        else:
            diffs = compare_books(kj, reference)

    # Explain diffs with exceptions; any exception that explains nothing is stale.
    cell_excs = [e for e in excs if e.get("aspect") != "open"]
    used = [set() for _ in cell_excs]
    for d in diffs:
        for i, e in enumerate(cell_excs):
            if exception_matches(e, d):
                d.explained_by = e
                used[i].add(d.cell if d.cell is not None else "*")
                break
    for i, e in enumerate(cell_excs):
        if not used[i]:
            failures.append("STALE exception (explains no difference): %s" % short(e))
            continue
        for p in e.get("cells", []):
            if ":" not in p and p not in used[i]:
                failures.append("STALE exception cell %s!%s (no such difference): %s"
                                % (e.get("sheet"), p, short(e.get("reason"))))

    unexplained = [d for d in diffs if d.explained_by is None]
    explained = [d for d in diffs if d.explained_by is not None]

    print("%s: compared kpimap against %s: %d difference(s), %d explained by exceptions"
          % (base, reference_name, len(diffs), len(explained)) if reference is not None else
          "%s: no cell comparison" % base)
    if unexplained:
        print("UNEXPLAINED differences:")
        for d in unexplained[:400]:
            print("  " + str(d))
        if len(unexplained) > 400:
            print("  ... and %d more" % (len(unexplained) - 400))
    if args.verbose and explained:
        print("explained differences:")
        for d in explained:
            print("  %s  [%s]" % (d, d.explained_by.get("reason")))
    for f in failures:
        print("FAIL: " + f)
    ok = not unexplained and not failures
    print("%s: %s" % (base, "PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as exc:  # noqa: BLE001
        print("HARNESS ERROR: %s: %s" % (type(exc).__name__, exc))
        sys.exit(2)
