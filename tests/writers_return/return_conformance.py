#!/usr/bin/python3
"""Return conformance: fill the real Fingertips upload template from sample 001's model.

1. kpimap reconcile samples/001 (report + CSV export) -> model.json, observations.csv
2. kpimap return --template fingertips_indicator-upload-template.xlsx --mapping
   mappings/fingertips-upload.xml model.json --crosswalk 001_fingertips.xml --set ...
3. The rows expected are computed HERE, independently of kpimap's plan: from observations.csv,
   the crosswalk's <code scheme="fingertips"> entries (parsed with ElementTree) and the
   Fingertips rules (Year = year the period starts, YearRange = whole years covered,
   -1 for what the model lacks).
4. openpyxl reads the output: the PHOLIO rows are exactly the expected rows, the example rows
   are gone, every other sheet's cells are unchanged. -o names a folder not made yet (return
   makes it).
5. LibreOffice (headless, private profile) converts the output to CSV without error, and the
   CSV holds the same rows (a second, independent reader).
6. package_diff.py (tests/support/) compares input and output part by part: the changed cells
   are exactly the PHOLIO cells of the expected rows (the values computed in step 3, paired
   with the output rows they equal) and the cleared example cells.
7. Sample 000 (expectations only) into the same template: exit 1, "nothing to write", each
   expectation listed with its own reason, and package_diff finds no change at all.
Exit 0 pass, 1 fail, 77 skip (LibreOffice or the shared template missing).
"""
import argparse
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import openpyxl

HEADERS = ["IndicatorID", "Year", "YearRange", "Quarter", "Month", "AgeID", "SexID", "AreaCode",
           "Count", "Value", "LowerCI95", "UpperCI95", "LowerCI99_8", "UpperCI99_8",
           "Denominator", "Denominator_2", "ValueNoteId", "CategoryTypeId", "CategoryId"]
SET = {"AreaCode": "E10000014", "AgeID": "1", "SexID": "4"}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(cmd, ok=(0,)):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in ok:
        fail("{} exited {}\n{}{}".format(" ".join(cmd), p.returncode, p.stdout, p.stderr))
    return p


def title_key(text):
    return " ".join("".join(c.lower() if c.isalnum() else " " for c in text).split())


def expected_rows(observations_csv, crosswalk):
    ids = {}
    for ind in ET.parse(crosswalk).getroot().iter("indicator"):
        for code in ind.iter("code"):
            if code.get("scheme") == "fingertips":
                ids[title_key(ind.get("title"))] = code.get("value")
    rows = []
    with open(observations_csv, newline="", encoding="utf-8") as f:
        for o in csv.DictReader(f):
            fid = ids.get(title_key(o["indicator"]))
            if fid is None or o["value"] == "" or o["series"] != "":
                continue
            start = datetime.date.fromisoformat(o["period_start"])
            end = datetime.date.fromisoformat(o["period_end"])
            years = max(1, round((end - start).days / 365.25))
            def opt(v):
                return float(v) if v != "" else -1.0
            rows.append((float(fid), float(start.year), float(years), -1.0, -1.0,
                         float(SET["AgeID"]), float(SET["SexID"]), SET["AreaCode"],
                         opt(o["count"]), float(o["value"]), opt(o["lower_ci_95"]),
                         opt(o["upper_ci_95"]), -1.0, -1.0, opt(o["denominator"]), -1.0, 0.0,
                         -1.0, -1.0))
    return rows


def norm(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return round(float(v), 9)
    return v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    template = os.path.join(a.shared, "real", "fingertips_indicator-upload-template.xlsx")
    if not os.path.exists(template):
        print("SKIP: " + template + " is missing")
        return 77
    soffice = shutil.which("soffice")
    if not soffice:
        print("SKIP: LibreOffice (soffice) is not installed")
        return 77
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    crosswalk = os.path.join(a.source, "tests", "fixtures", "crosswalks", "001_fingertips.xml")
    rec = os.path.join(a.work, "rec")
    run([a.kpimap, "reconcile", os.path.join(a.source, "samples", "001_outcomes_report.xlsx"),
         os.path.join(a.source, "samples", "001_data_section.csv"),
         "--mappings", os.path.join(a.source, "mappings"), "-o", rec], ok=(0, 1))
    # -o names a folder that does not exist yet: return makes it, as report does.
    out = os.path.join(a.work, "not", "yet", "return.xlsx")
    if os.path.exists(os.path.dirname(out)):
        fail("the output folder should not exist before the run")
    cmd = [a.kpimap, "return", "--template", template, "--mapping",
           os.path.join(a.source, "mappings", "fingertips-upload.xml"),
           os.path.join(rec, "model.json"), "--crosswalk", crosswalk, "-o", out]
    for k, v in SET.items():
        cmd += ["--set", "{}={}".format(k, v)]
    p = run(cmd, ok=(1,))  # 1: values without an IndicatorID are listed as not written
    if "no fingertips IndicatorID" not in p.stdout:
        fail("the summary does not list indicators without an IndicatorID:\n" + p.stdout)

    raw_expected = expected_rows(os.path.join(rec, "observations.csv"), crosswalk)
    expected = sorted(tuple(norm(v) for v in r) for r in raw_expected)
    if len(expected) < 6:
        fail("expected at least 6 rows from the crosswalk's indicators, computed {}".format(
            len(expected)))

    # openpyxl: the rows written, and nothing else.
    wb_in = openpyxl.load_workbook(template)
    wb_out = openpyxl.load_workbook(out)
    ws = wb_out["PHOLIO"]
    header = [c.value for c in ws[1]][:19]
    if header != HEADERS:
        fail("header row changed: {}".format(header))
    got = []
    for row in ws.iter_rows(min_row=2, max_col=19, values_only=True):
        if all(v is None for v in row):
            continue
        got.append(tuple(norm(v) for v in row))
    got.sort()
    if got != expected:
        fail("PHOLIO rows differ\n got      {}\n expected {}".format(got, expected))
    if ws["U1"].value != wb_in["PHOLIO"]["U1"].value:
        fail("the note in U1 changed")
    for name in wb_in.sheetnames:
        if name == "PHOLIO":
            continue
        a_cells = {c.coordinate: c.value for r in wb_in[name].iter_rows() for c in r if c.value is not None}
        b_cells = {c.coordinate: c.value for r in wb_out[name].iter_rows() for c in r if c.value is not None}
        if a_cells != b_cells:
            fail("sheet {} changed".format(name))
        if len(wb_in[name].merged_cells.ranges) != len(wb_out[name].merged_cells.ranges):
            fail("merged ranges of {} changed".format(name))
    if wb_out["PHOLIO"]["A2"].number_format != wb_in["PHOLIO"]["A2"].number_format:
        fail("A2 lost its number format")

    # LibreOffice: opens it and writes the PHOLIO sheet as CSV.
    lo_dir = os.path.join(a.work, "lo")
    profile = "file://" + os.path.join(a.work, "lo-profile")
    p = subprocess.run([soffice, "-env:UserInstallation=" + profile, "--headless",
                        # CSV filter options: comma, quote, UTF-8, ..., sheet 2 (PHOLIO).
                        "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,"
                        "false,2", "--outdir", lo_dir, out],
                       capture_output=True, text=True, timeout=180)
    lo_csv = os.path.join(lo_dir, "return.csv")
    if not os.path.exists(lo_csv):  # LibreOffice 7.2+ names a chosen sheet's file after it
        lo_csv = os.path.join(lo_dir, "return-PHOLIO.csv")
    if p.returncode != 0 or not os.path.exists(lo_csv):
        fail("LibreOffice could not convert the return: {}{}".format(p.stdout, p.stderr))
    with open(lo_csv, newline="", encoding="utf-8", errors="replace") as f:
        lo_rows = [r[:19] for r in csv.reader(f)][1:]
    lo = []
    for r in lo_rows:
        if not any(r):
            continue
        lo.append(tuple(v if i == 7 else norm(float(v)) for i, v in enumerate(r)))
    lo.sort()
    rounded = sorted(tuple(v if i == 7 else round(v, 6) for i, v in enumerate(r)) for r in expected)
    lo_rounded = sorted(tuple(v if i == 7 else round(v, 6) for i, v in enumerate(r)) for r in lo)
    if lo_rounded != rounded:
        fail("LibreOffice reads other rows\n got      {}\n expected {}".format(lo_rounded, rounded))

    # Structural diff: the changed cells are exactly the written rows and the cleared examples.
    diff_tool = os.path.join(a.source, "tests", "support", "package_diff.py")
    if not os.path.exists(diff_tool):
        fail("tests/support/package_diff.py is missing (it comes with the patch branch)")
    # The rows were checked above as a set; the order is kpimap's, so each output row is paired
    # with the independently computed row it equals, and the cells expected there are THAT
    # row's values (not the output's own), with the example cells cleared below them: the only
    # cells that may change.
    cells = {}
    cols = "ABCDEFGHIJKLMNOPQRS"
    unpaired = {}
    for r in raw_expected:
        unpaired.setdefault(tuple(norm(v) for v in r), []).append(r)
    for r in range(2, len(expected) + 2):
        key = tuple(norm(ws["{}{}".format(c, r)].value) for c in cols)
        if not unpaired.get(key):
            fail("PHOLIO row {} is no expected row: {}".format(r, key))
        row = unpaired[key].pop()
        for c, v in zip(cols, row):
            cells["PHOLIO!{}{}".format(c, r)] = v
    for r in range(len(expected) + 2, 5):  # example rows 2-4 not overwritten are cleared
        for c in cols:
            cells["PHOLIO!{}{}".format(c, r)] = None
    spec = os.path.join(a.work, "expected_cells.json")
    with open(spec, "w") as f:
        json.dump(cells, f)
    p = subprocess.run([sys.executable, diff_tool, template, out, "--expect-cells", spec],
                       capture_output=True, text=True)
    if p.returncode != 0:
        fail("package_diff: {}{}".format(p.stdout, p.stderr))

    # Sample 000 holds expectations only: nothing has a place in PHOLIO, so nothing is cleared
    # (the example rows stay), a warning says so and the exit code is 1.
    empty_out = os.path.join(a.work, "return_000.xlsx")
    cmd = [a.kpimap, "return", "--template", template, "--mapping",
           os.path.join(a.source, "mappings", "fingertips-upload.xml"),
           os.path.join(a.source, "samples", "000_trajectory_grid.xlsx"),
           "--mappings", os.path.join(a.source, "mappings"), "-o", empty_out]
    for k, v in SET.items():
        cmd += ["--set", "{}={}".format(k, v)]
    p = run(cmd, ok=(1,))
    if "nothing to write" not in p.stdout or "0 cells written" not in p.stdout:
        fail("an expectations-only model: no 'nothing to write' warning\n" + p.stdout[:2000])
    if "a <records> table has no place for trajectory expectations" not in p.stdout:
        fail("expectations are not listed with their own reason\n" + p.stdout[:2000])
    d = subprocess.run([sys.executable, diff_tool, template, empty_out], capture_output=True,
                       text=True)
    if d.returncode != 0:
        fail("an expectations-only model changed the template: {}{}".format(d.stdout, d.stderr))

    print("PASS: {} rows written and read back by openpyxl and LibreOffice; an expectations-only "
          "model leaves the template unchanged".format(len(expected)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
