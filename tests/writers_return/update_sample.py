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
- -o names a folder that does not exist yet, and update makes it.
Exit 0 pass, 1 fail.
"""
import argparse
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys

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
    if p.returncode != 0:
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
    print("PASS: {} status cells on {} indicator rows; nothing else changed".format(
        len(expected), len(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
