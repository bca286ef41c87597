#!/usr/bin/env python3
"""mappings/ascs-annex-tables.xml on NHS Digital's ASCS annex tables (../shared/real/
ascs_annex_tables_2021.xlsx), checked from outside with openpyxl (issue 11 §4):

1. kpimap convert reads table 1a into values with an area (ONS code) and response breakdown:
   the number of numeric answer cells, marker cells, questions and areas counted by openpyxl
   from the same sheet equal what observations.csv holds, and every numeric cell's value is
   the model's value of the same cell.
2. Each question's Respondents cell is the denominator of that row's values; the 18 CASSR
   Average row is the comparator of every council's value of the same question and answer.
3. Table 5's margins become limits value +/- margin (counted: every numeric margin).
4. kpimap status compares each council with the 18 CASSR average (the table gives no England
   row in 2020-21: its note 3), and the verdict agrees with the published interval.

Exit 0 pass, 1 fail, 77 skip (the shared file missing).
"""
import argparse
import csv
import json
import os
import subprocess
import sys

import openpyxl

T1A = "T1a - Answers by Council"
T5 = "T5 - Margins of Error"
MARKERS = {"[x]", "[c]", "[z]", "[w]", "[u]", "[low]"}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def table(ws):
    """(header row number, {col: question}, {col: answer}, [data rows]) of a by-council sheet."""
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[1] == "ONS area code [note 5]")
    question, questions, answers = None, {}, {}
    for c, (over, head) in enumerate(zip(rows[header - 1], rows[header])):
        if over is not None and c >= 3:
            question = over
        if head is None or c < 3:
            continue
        if head == "Respondents":
            continue
        questions[c], answers[c] = question, head
    data = []
    for r in range(header + 1, len(rows)):
        row = rows[r]
        if all(v is None for v in row):
            break
        data.append((r + 1, row))
    return header + 1, questions, answers, data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    workbook = os.path.join(a.shared, "real", "ascs_annex_tables_2021.xlsx")
    if not os.path.exists(workbook):
        print("skip: {} not found".format(workbook))
        return 77
    mapping = os.path.join(a.source, "mappings", "ascs-annex-tables.xml")
    os.makedirs(a.work, exist_ok=True)
    out = os.path.join(a.work, "convert")
    p = subprocess.run([a.kpimap, "convert", workbook, "--mapping", mapping, "-o", out],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail("convert exited {}:\n{}{}".format(p.returncode, p.stdout, p.stderr))
    # The only warnings: the sheets the mapping does not read (contents, notes, other tables).
    with open(os.path.join(out, "ascs_annex_tables_2021.xlsx", "diagnostics.json"),
              encoding="utf-8") as f:
        diagnostics = json.load(f)
    diagnostics = diagnostics.get("diagnostics", diagnostics) if isinstance(diagnostics, dict) else diagnostics
    other = [d for d in diagnostics if d["severity"] == "warning" and d["code"] != "sheet_not_read"]
    if other:
        fail("warnings on the sheets read: {}".format(other[:3]))

    # openpyxl's count of the sheet.
    wb = openpyxl.load_workbook(workbook, read_only=True)
    _, questions, answers, data = table(wb[T1A])
    numeric, markers, areas = {}, 0, set()
    for r, row in data:
        area = row[1] or row[2]
        for c in questions:
            v = row[c] if c < len(row) else None
            if isinstance(v, (int, float)):
                numeric[(r, c)] = (area, v)
                areas.add(area)
            elif isinstance(v, str) and v.strip() in MARKERS:
                markers += 1
            elif v is not None:
                fail("{}!{}{}: unexpected cell {!r}".format(T1A, openpyxl.utils.get_column_letter(c + 1), r, v))
    _, _, _, margins_data = table(wb[T5])
    margins = sum(1 for _, row in margins_data for v in row[3:] if isinstance(v, (int, float)))

    with open(os.path.join(out, "ascs_annex_tables_2021.xlsx", "observations.csv"),
              newline="", encoding="utf-8") as f:
        obs = list(csv.DictReader(f))
    with_value = [o for o in obs if o["value"] != ""]
    if len(with_value) != len(numeric):
        fail("{} values in the model, openpyxl counts {} numeric answer cells".format(
            len(with_value), len(numeric)))
    if len(obs) - len(with_value) != markers:
        fail("{} missing values, openpyxl counts {} marker cells".format(
            len(obs) - len(with_value), markers))
    if len({o["indicator"] for o in obs}) != len(set(questions.values())):
        fail("indicators {} != questions {}".format(len({o["indicator"] for o in obs}),
                                                    len(set(questions.values()))))
    if {o["area"] for o in with_value} != areas:
        fail("areas differ: {}".format(sorted({o["area"] for o in with_value} ^ areas)[:5]))
    for o in with_value:
        cell = openpyxl.utils.cell.coordinate_from_string(o["cell"])
        key = (cell[1], openpyxl.utils.column_index_from_string(cell[0]) - 1)
        area, v = numeric[key]
        if o["area"] != area or abs(float(o["value"]) - v) > 1e-9:
            fail("{}: model {} {} vs openpyxl {} {}".format(o["cell"], o["area"], o["value"], area, v))
        if o["response"] != " ".join(str(answers[key[1]]).split()):
            fail("{}: response {!r} vs header {!r}".format(o["cell"], o["response"], answers[key[1]]))

    # Denominators, comparators and limits, from model.json.
    with open(os.path.join(out, "ascs_annex_tables_2021.xlsx", "model.json"), encoding="utf-8") as f:
        model = json.load(f)
    values = [o for o in model["observations"] if o["value"] is not None]
    with_ci = sum(1 for o in values if o["lower_ci"] is not None)
    if with_ci != margins:
        fail("{} values have limits, openpyxl counts {} numeric margins".format(with_ci, margins))
    kirklees = next(o for o in values if o["where"]["cell"] == "D6")
    want = {"area": "E08000034", "response": "I am extremely satisfied"}
    got = {p["dimension"]: p["category"] for p in kirklees["breakdown"]}
    if got != want or kirklees["value"] != 31.9 or kirklees["denominator"] != 295:
        fail("Kirklees D6: {} {} {}".format(got, kirklees["value"], kirklees["denominator"]))
    if kirklees["comparator"]["name"] != "18 CASSR Average" or kirklees["comparator"]["value"] != 29.8:
        fail("Kirklees D6 comparator: {}".format(kirklees["comparator"]))
    if abs(kirklees["lower_ci"] - 26.7) > 1e-9 or abs(kirklees["upper_ci"] - 37.1) > 1e-9:
        fail("Kirklees D6 limits: {} {}".format(kirklees["lower_ci"], kirklees["upper_ci"]))
    councils = [o for o in values if o["comparator"] is not None]
    if len(councils) != len(values) - sum(1 for (a_, _) in numeric.values() if a_ == "18 CASSR Average"):
        fail("{} council values have a comparator, want every value but the average's".format(len(councils)))

    # Statuses: each council against the average, by the published interval.
    st = os.path.join(a.work, "status")
    p = subprocess.run([a.kpimap, "status", os.path.join(out, "ascs_annex_tables_2021.xlsx", "model.json"),
                        "-o", st], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail("status exited {}:\n{}{}".format(p.returncode, p.stdout, p.stderr))
    with open(os.path.join(st, "statuses.csv"), newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["benchmark_comparator"] == "18 CASSR Average"]
    if not rows:
        fail("no status compares a council with the 18 CASSR average")
    checked = 0
    for r in rows:
        o = next(o for o in values if o["indicator"] == r["indicator_id"] and
                 "; ".join("{}={}".format(p["dimension"], p["category"]) for p in o["breakdown"]) == r["breakdown"])
        if o["lower_ci"] is None:
            continue
        c = o["comparator"]["value"]
        expect = "similar" if o["lower_ci"] <= c <= o["upper_ci"] else None
        if expect == "similar" and r["benchmark_95"] != "similar":
            fail("{} {}: interval {}-{} holds {} but status says {}".format(
                r["indicator"], r["breakdown"], o["lower_ci"], o["upper_ci"], c, r["benchmark_95"]))
        if expect is None and r["benchmark_95"] == "similar":
            fail("{} {}: interval {}-{} excludes {} but status says similar".format(
                r["indicator"], r["breakdown"], o["lower_ci"], o["upper_ci"], c))
        checked += 1
    print("ok: {} values, {} markers, {} questions, {} areas as openpyxl counts them; {} limits; "
          "{} council statuses checked against the 18 CASSR average".format(
              len(with_value), markers, len(set(questions.values())), len(areas), with_ci, checked))
    return 0


if __name__ == "__main__":
    sys.exit(main())
