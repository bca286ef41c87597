#!/usr/bin/python3
"""kpimap update on sample 001: the statuses go into the status columns its mapping declares
(<status> G "Direction of travel", H "Why" on the Data sheet), and nothing else changes.

Independent checks:
- the indicator rows of the Data sheet are found here with openpyxl (a title in A and a value
  under a period header row), and exactly those rows get G and H, plus G/H of each period
  header row (the headers);
- each G cell is the vocabulary text of the travel that `kpimap status` (a separate command)
  computes for that indicator, and each H cell its explanation;
- every other cell of every sheet is unchanged (openpyxl), merged ranges too;
- package_diff.py (tests/support/): the changed cells are exactly these;
- the indicators `kpimap status` judges that have no row on Data (values only on the
  "Outcome N" sheets) are each listed as not written, and counted in the summary;
- the same with --mapping FILE gives the same cells; a --mapping that does not fit is refused
  (exit 3, no output); a second update of the updated copy writes nothing and counts every
  cell of the first as already holding its value;
- on a protected copy (openpyxl sets sheet protection), update refuses without
  --allow-protected (exit 6, protected_cell, no output) and with it writes the same cells and
  keeps the <sheetProtection> element;
- -o names a folder that does not exist yet, and update makes it.
Exit 0 pass, 1 fail.
"""
import argparse
import csv
import datetime
import json
import os
import shutil
import re
import subprocess
import sys
import zipfile

import openpyxl

WORDS = {"improved": "Improved", "worsened": "Worsened",
         "little_or_no_change": "Little or no change",
         "increased": "Increased (polarity unknown)", "decreased": "Decreased (polarity unknown)",
         "no_comparator": "No comparator"}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def is_period(v):
    if isinstance(v, datetime.datetime):
        return True
    if isinstance(v, (int, float)):
        return 1900 <= v <= 2099 and v == int(v)
    if isinstance(v, str):
        import re
        return re.fullmatch(r"\d\d/\d\d|\d{4}(-\d\d(\d\d)?)?", v.strip()) is not None
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    sample = os.path.join(a.source, "samples", "001_outcomes_report.xlsx")
    # -o names a folder that does not exist yet: update makes it, as report does.
    out = os.path.join(a.work, "not", "yet", "updated.xlsx")
    if os.path.exists(os.path.dirname(out)):
        fail("the output folder should not exist before the run")
    p = subprocess.run([a.kpimap, "update", sample, "--mappings",
                        os.path.join(a.source, "mappings"), "-o", out],
                       capture_output=True, text=True)
    # 1: the indicators with no row on Data get no statuses, and are listed.
    if p.returncode != 1:
        fail("update exited {}\n{}{}".format(p.returncode, p.stdout, p.stderr))
    s = subprocess.run([a.kpimap, "status", sample, "--mappings",
                        os.path.join(a.source, "mappings"), "-o", os.path.join(a.work, "st")],
                       capture_output=True, text=True)
    if s.returncode not in (0, 1):
        fail("status exited {}: {}".format(s.returncode, s.stderr))
    travel = {}
    with open(os.path.join(a.work, "st", "statuses.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            travel[r["indicator"]] = (r["travel"], r["travel_explanation"])

    before = openpyxl.load_workbook(sample)
    after = openpyxl.load_workbook(out)
    data = before["Data"]
    # Indicator rows and header rows, found independently.
    headers, rows = [], []
    in_table = False
    for r in range(1, data.max_row + 1):
        vals = [data.cell(r, c).value for c in range(1, 7)]
        if vals[0] is None and any(v is not None for v in vals[1:]) and all(
                v is None or is_period(v) for v in vals[1:]):
            headers.append(r)
            in_table = True
            continue
        if in_table and vals[0] is not None and any(v is not None for v in vals[1:]):
            rows.append(r)
    if len(headers) != 4 or len(rows) < 40:
        fail("found {} header rows and {} indicator rows on Data".format(len(headers), len(rows)))

    expected = {}
    for r in headers:
        expected["G{}".format(r)] = "Direction of travel"
        expected["H{}".format(r)] = "Why"
    for r in rows:
        title = data.cell(r, 1).value
        if title not in travel:
            fail("kpimap status has no status for {!r} (Data!A{})".format(title, r))
        t, why = travel[title]
        expected["G{}".format(r)] = WORDS[t]
        expected["H{}".format(r)] = why
    out_data = after["Data"]
    for ref, want in expected.items():
        if out_data[ref].value != want:
            fail("Data!{} is {!r}, expected {!r}".format(ref, out_data[ref].value, want))

    changed = set()
    for name in before.sheetnames:
        a_ws, b_ws = before[name], after[name]
        for r in range(1, max(a_ws.max_row, b_ws.max_row) + 1):
            for c in range(1, max(a_ws.max_column, b_ws.max_column) + 1):
                if a_ws.cell(r, c).value != b_ws.cell(r, c).value:
                    changed.add("{}!{}".format(name, b_ws.cell(r, c).coordinate))
        if sorted(map(str, a_ws.merged_cells.ranges)) != sorted(map(str, b_ws.merged_cells.ranges)):
            fail("merged ranges of {} changed".format(name))
    want = {"Data!" + ref for ref in expected}
    if changed != want:
        fail("changed cells differ from the status cells: extra {} missing {}".format(
            sorted(changed - want)[:10], sorted(want - changed)[:10]))

    diff_tool = os.path.join(a.source, "tests", "support", "package_diff.py")
    if not os.path.exists(diff_tool):
        fail("tests/support/package_diff.py is missing (it comes with the patch branch)")
    spec = os.path.join(a.work, "expected_cells.json")
    with open(spec, "w") as f:
        json.dump({"Data!" + ref: v for ref, v in expected.items()}, f)
    d = subprocess.run([sys.executable, diff_tool, sample, out, "--expect-cells", spec],
                       capture_output=True, text=True)
    if d.returncode != 0:
        fail("package_diff: {}{}".format(d.stdout, d.stderr))

    # Indicators judged by `kpimap status` with no row on Data: each listed as not written.
    row_titles = {data.cell(r, 1).value for r in rows}
    missing = sorted(t for t in travel if t not in row_titles)
    if not missing:
        fail("expected indicators with values only on the Outcome sheets")
    listed = re.findall(r"not written: statuses of '(.*)' \(.*\): no status column", p.stdout)
    if sorted(listed) != missing:
        fail("not-written statuses differ\n listed   {}\n expected {}".format(listed, missing))
    m = re.search(r"(\d+) cells written \((\d+) changed\), (\d+) already held the value; "
                  r"(\d+) not written", p.stdout)
    if not m or int(m.group(4)) != len(missing) or int(m.group(1)) != len(expected):
        fail("summary counts: {!r}, expected {} written and {} not written".format(
            m and m.group(0), len(expected), len(missing)))

    # --mapping FILE: the same cells.
    out2 = os.path.join(a.work, "updated_explicit.xlsx")
    mapping = os.path.join(a.source, "mappings", "hwb-outcomes-report.xml")
    p2 = subprocess.run([a.kpimap, "update", sample, "--mapping", mapping, "-o", out2],
                        capture_output=True, text=True)
    if p2.returncode != 1:
        fail("update --mapping exited {}\n{}{}".format(p2.returncode, p2.stdout, p2.stderr))
    explicit = openpyxl.load_workbook(out2)["Data"]
    for ref, want in expected.items():
        if explicit[ref].value != want:
            fail("--mapping: Data!{} is {!r}, expected {!r}".format(ref, explicit[ref].value, want))
    # A --mapping that does not fit the workbook.
    out3 = os.path.join(a.work, "misfit.xlsx")
    p3 = subprocess.run([a.kpimap, "update", sample, "--mapping",
                         os.path.join(a.source, "mappings", "mh-pmf-matrix.xml"), "-o", out3],
                        capture_output=True, text=True)
    if p3.returncode != 3 or "no mapping fits" not in p3.stderr or os.path.exists(out3):
        fail("a misfit --mapping: exit {}, output {}\n{}{}".format(
            p3.returncode, os.path.exists(out3), p3.stdout, p3.stderr))

    # A second update of the updated copy: nothing to write, the same total held.
    out4 = os.path.join(a.work, "updated_twice.xlsx")
    p4 = subprocess.run([a.kpimap, "update", out, "--mapping", mapping, "-o", out4],
                        capture_output=True, text=True)
    m4 = re.search(r"(\d+) cells written \((\d+) changed\), (\d+) already held", p4.stdout)
    if not m4 or (int(m4.group(2)), int(m4.group(3))) != (0, len(expected)):
        fail("second update: {!r}, expected 0 changed and {} held".format(
            m4 and m4.group(0), len(expected)))

    # Protected sheets: refused without --allow-protected, written with it, protection kept.
    locked = os.path.join(a.work, "protected.xlsx")
    wb = openpyxl.load_workbook(sample)
    for ws in wb.worksheets:
        ws.protection.sheet = True
    wb.save(locked)
    out5 = os.path.join(a.work, "protected_refused.xlsx")
    p5 = subprocess.run([a.kpimap, "update", locked, "--mapping", mapping, "-o", out5],
                        capture_output=True, text=True)
    if p5.returncode != 6 or "protected" not in p5.stderr or os.path.exists(out5):
        fail("protected without --allow-protected: exit {}, output {}\n{}{}".format(
            p5.returncode, os.path.exists(out5), p5.stdout, p5.stderr))
    out6 = os.path.join(a.work, "protected_allowed.xlsx")
    p6 = subprocess.run([a.kpimap, "update", locked, "--mapping", mapping, "--allow-protected",
                         "-o", out6], capture_output=True, text=True)
    if p6.returncode != 1:
        fail("--allow-protected exited {}\n{}{}".format(p6.returncode, p6.stdout, p6.stderr))
    allowed = openpyxl.load_workbook(out6)["Data"]
    for ref, want in expected.items():
        if allowed[ref].value != want:
            fail("--allow-protected: Data!{} is {!r}, expected {!r}".format(
                ref, allowed[ref].value, want))
    if not allowed.protection.sheet:
        fail("--allow-protected lost the Data sheet's protection")
    with zipfile.ZipFile(out6) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        if not all(b"<sheetProtection" in z.read(n) for n in sheets):
            fail("a worksheet part lost its <sheetProtection> element")
    if len(re.findall(r"locked cell\(s\)", p6.stdout)) != 1:
        fail("--allow-protected should print one note for the one sheet written:\n" + p6.stdout)

    print("PASS: {} status cells on {} indicator rows, {} indicators listed without a status "
          "row; --mapping, misfit, second update and protection checked".format(
              len(expected), len(rows), len(missing)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
