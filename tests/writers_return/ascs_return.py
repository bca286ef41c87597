#!/usr/bin/python3
"""The real ASCS data return filled completely by breakdown (issue 11 §4).

NHS Digital's Adult Social Care Survey data return (../shared/real/ascs_blank_data_return.xlsx,
MIT licence), sheet Eligible Population, has 110 input cells: tables 1 (aged 18-64, D8:F25) and
2 (aged 65 and over, D32:F49), each gender (Male, Female, Other) x 6 primary support reasons x 3
support settings, and table 4's two counts (D64:D65).

0. Sample 007 (made-up figures in the same layout) is returned into its blank copy, without
   ../shared: the 110 input cells equal the filled sample's.
1. A model is written HERE, independently of kpimap: one indicator per support reason (and per
   substitution reason), one value per (age, sex, setting) with a distinct number, so a value in
   another breakdown's cell would be seen. One breakdown is written in other case and order
   ("setting", "SEX", "Age") to show identity ignores both; one extra value (sex = Unknown) has
   no place in the template.
2. kpimap return --template ... --mapping mappings/ascs-data-return.xml model.json
   --set council=Kirklees (and the three contact facts): exit 1 (the one value without a place
   is listed with its reason), "114 cells written" (110 values and the Sign Off Sheet's 4 facts).
3. openpyxl: each of the 110 cells holds the expected value, computed from the cell's position;
   Sign Off Sheet E3 = "Kirklees" and E4:E6 the contact details. A council not in E3's list
   (E18:E169) is refused with the validation's message, and E3 stays empty.
4. package_diff.py: nothing else in the package changed (formula cached values dropped so
   LibreOffice recalculates them are allowed); the sheet protection is still on.
5. Round trip: kpimap convert of the filled return through the same mapping gives back the 110
   values, each with its age, sex and setting, and the 4 facts (facts.csv).
6. LibreOffice (headless, private profile) opens the filled return and recalculates it: D2,
   =COUNTBLANK over the input cells ("cells incomplete"), is 0, and the Sign Off Sheet's E2
   (=VLOOKUP of E3 in the council list) is Kirklees' code, 211.
Exit 0 pass, 1 fail, 77 skip (the shared template missing).
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys

import openpyxl

SEXES = ["Male", "Female", "Other"]
REASONS = ["Physical Support", "Sensory Support", "Support with Memory and Cognition",
           "Learning Disability Support", "Mental Health Support", "Social Support"]
SETTINGS = ["Community", "Residential Care", "Nursing Care"]
AGES = [("18-64", 8), ("65 and over", 32)]  # the first data row of each table
SUBSTITUTIONS = [("Based on the advice of a care home or supported living manager", 64),
                 ("Taken independently by the LA", 65)]
SHEET = "Eligible Population"
SIGN_OFF = "Sign Off Sheet"
# The Sign Off Sheet's facts (mappings/ascs-data-return.xml): --set NAME=VALUE, and the cell.
FACTS = [("council", "Kirklees", "E3"), ("contact-name", "A. Person", "E4"),
         ("contact-telephone", "01484 221000", "E5"),
         ("contact-email", "a.person@example.org", "E6")]
PERIOD = {"text": "2021/22", "label": "2021/22", "kind": "financial_year",
          "start": "2021-04-01", "end": "2022-03-31"}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(cmd, ok=(0,), cwd=None):
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if p.returncode not in ok:
        fail("{} exited {}\n{}{}".format(" ".join(cmd), p.returncode, p.stdout, p.stderr))
    return p


def slug(text):
    return "-".join("".join(c.lower() if c.isalnum() else " " for c in text).split())


def expected_cells():
    """{"Eligible Population!D8": value, ...} and [(indicator, age, sex, setting, value)]."""
    cells, facts = {}, []
    n = 0
    for age, first in AGES:
        for s, sex in enumerate(SEXES):
            for r, reason in enumerate(REASONS):
                for c, setting in enumerate(SETTINGS):
                    n += 1
                    value = 1000 + n  # distinct: a value in a wrong cell is visible
                    cell = "{}{}".format("DEF"[c], first + 6 * s + r)
                    cells["{}!{}".format(SHEET, cell)] = value
                    facts.append((reason, age, sex, setting, value))
    for k, (reason, row) in enumerate(SUBSTITUTIONS):
        cells["{}!D{}".format(SHEET, row)] = 7 + k
        facts.append((reason, None, None, None, 7 + k))
    return cells, facts


def write_model(path, facts):
    indicators, observations = {}, []
    for i, (reason, age, sex, setting, value) in enumerate(facts):
        iid = "ascs/" + slug(reason)
        indicators.setdefault(iid, {"id": iid, "framework": "", "title": reason})
        obs = {"indicator": iid, "period": PERIOD, "series": "", "value": value,
               "decimals": 0, "raw": str(value),
               "where": {"file": "council.xlsx", "sheet": "ASCS", "cell": "A{}".format(i + 1)}}
        if age is not None:
            pairs = [{"dimension": "age", "category": age}, {"dimension": "sex", "category": sex},
                     {"dimension": "setting", "category": setting}]
            if i == 0:  # other order and case: the same breakdown
                pairs = [{"dimension": "setting", "category": setting.upper()},
                         {"dimension": "SEX", "category": sex.lower()},
                         {"dimension": "Age", "category": age}]
            obs["breakdown"] = pairs
        observations.append(obs)
    # A value for a part of the population the template has no cells for.
    observations.append({"indicator": "ascs/physical-support", "period": PERIOD, "series": "",
                         "breakdown": [{"dimension": "age", "category": "18-64"},
                                       {"dimension": "sex", "category": "Unknown"},
                                       {"dimension": "setting", "category": "Community"}],
                         "value": 5, "decimals": 0, "raw": "5",
                         "where": {"file": "council.xlsx", "sheet": "ASCS", "cell": "B1"}})
    model = {"frameworks": [], "outcomes": [], "indicators": list(indicators.values()),
             "observations": observations, "expectations": [], "links": []}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    mapping = os.path.join(a.source, "mappings", "ascs-data-return.xml")

    # 0. Without ../shared: sample 007 (made-up figures in the same layout) into its blank copy,
    # as the quick start does; the 110 input cells must equal the filled sample's.
    samples = os.path.join(a.source, "samples")
    out007 = os.path.join(a.work, "007.xlsx")
    run([a.kpimap, "return", "--template", os.path.join(samples, "007_eligible_population_blank.xlsx"),
         "--mapping", mapping, os.path.join(samples, "007_eligible_population.xlsx"), "-o", out007],
        cwd=a.source)  # the sample is converted through the repository's mappings/
    filled = openpyxl.load_workbook(os.path.join(samples, "007_eligible_population.xlsx"))[SHEET]
    written = openpyxl.load_workbook(out007)[SHEET]
    inputs = [k.split("!")[1] for k in expected_cells()[0]]
    differ = [c for c in inputs if written[c].value != filled[c].value or filled[c].value is None]
    if differ:
        fail("sample 007 into its blank copy: {} of 110 cells differ, e.g. {}".format(
            len(differ), [(c, written[c].value, filled[c].value) for c in differ[:3]]))

    template = os.path.join(a.shared, "real", "ascs_blank_data_return.xlsx")
    if not os.path.exists(template):
        print("sample 007 ok; SKIP the real template: no {}".format(template))
        return 77
    cells, facts = expected_cells()
    if len(cells) != 110:
        fail("the test's own layout has {} cells, not 110".format(len(cells)))
    model = os.path.join(a.work, "model.json")
    write_model(model, facts)

    # 2. The return.
    out = os.path.join(a.work, "filled.xlsx")
    sets = []
    for name, value, _ in FACTS:
        sets += ["--set", "{}={}".format(name, value)]
    p = run([a.kpimap, "return", "--template", template, "--mapping", mapping, model, "-o", out]
            + sets, ok=(1,))
    if "114 cells written" not in p.stdout:
        fail("return did not write 110 cells and 4 facts:\n" + p.stdout + p.stderr)
    unplaced = [line for line in p.stdout.splitlines() if line.startswith("  not written")]
    if len(unplaced) != 1 or "Unknown" not in unplaced[0]:
        fail("want exactly the sex=Unknown value not written, got: {}".format(unplaced))

    # 3. Every cell.
    wb = openpyxl.load_workbook(out)
    ws = wb[SHEET]
    wrong = [(k, ws[k.split("!")[1]].value, v) for k, v in cells.items()
             if ws[k.split("!")[1]].value != v]
    if wrong:
        fail("{} cells differ, e.g. {}".format(len(wrong), wrong[:5]))
    if not ws.protection.sheet:
        fail("the sheet's protection is off after the return")
    for name, value, cell in FACTS:
        if wb[SIGN_OFF][cell].value != value:
            fail("fact {}: {}!{} is {!r}, want {!r}".format(name, SIGN_OFF, cell,
                                                          wb[SIGN_OFF][cell].value, value))
        cells["{}!{}".format(SIGN_OFF, cell)] = value

    # 3b. A council the list in E18:E169 does not hold is refused, with the rule, not written.
    refused = os.path.join(a.work, "refused.xlsx")
    p = run([a.kpimap, "return", "--template", template, "--mapping", mapping, model, "-o",
             refused, "--set", "council=Nowhere"], ok=(1,))
    want = "not written: {}!E3 = 'Nowhere': the cell's data validation allows only the list " \
           "$E$18:$E$169 ('Barking and Dagenham'".format(SIGN_OFF)
    if want not in p.stdout:
        fail("a council not in the list was not refused as expected:\n" + p.stdout + p.stderr)
    if openpyxl.load_workbook(refused)[SIGN_OFF]["E3"].value is not None:
        fail("the refused council was written into E3")

    # 4. Nothing else changed.
    expect = os.path.join(a.work, "expect.json")
    with open(expect, "w", encoding="utf-8") as f:
        json.dump(cells, f)
    diff = os.path.join(a.source, "tests", "support", "package_diff.py")
    d = subprocess.run([sys.executable, diff, template, out, "--expect-cells", expect, "--quiet"],
                       capture_output=True, text=True)
    if d.returncode != 0:
        fail("package_diff: {}{}".format(d.stdout, d.stderr))

    # 5. Round trip through the same mapping.
    conv = os.path.join(a.work, "convert")
    run([a.kpimap, "convert", out, "--mapping", mapping, "-o", conv], ok=(0, 1))
    got = set()
    with open(os.path.join(conv, "filled.xlsx", "observations.csv"), newline="",
              encoding="utf-8") as f:
        for o in csv.DictReader(f):
            if o["value"] == "":
                continue
            got.add((o["indicator"], o["age"] or None, o["sex"] or None, o["setting"] or None,
                     int(float(o["value"]))))
    # The mapping's dimension catalogue (mappings/catalogues/dimensions.xml) names age band
    # "65 and over" 65+: the model said it one way, the template another, the value is the same.
    canonical_age = {"65 and over": "65+"}
    want = {(r, canonical_age.get(age, age), sex, setting, v) for r, age, sex, setting, v in facts}
    if got != want:
        fail("round trip: {} missing, {} extra, e.g. {} / {}".format(
            len(want - got), len(got - want), sorted(want - got)[:3], sorted(got - want)[:3]))
    with open(os.path.join(conv, "filled.xlsx", "facts.csv"), newline="", encoding="utf-8") as f:
        got_facts = {(r["name"], r["text"], r["sheet"], r["cell"]) for r in csv.DictReader(f)}
    want_facts = {(name, value, SIGN_OFF, cell) for name, value, cell in FACTS}
    if got_facts != want_facts:
        fail("round trip of the facts: got {}, want {}".format(sorted(got_facts),
                                                                sorted(want_facts)))

    # 6. LibreOffice recalculates the return: no input cell is blank.
    soffice = shutil.which("soffice")
    if soffice is None:
        print("ok (LibreOffice not installed: recalculation not checked)")
        return 0
    lo_out = os.path.join(a.work, "lo")
    subprocess.run([soffice, "--headless", "--norestore",
                    "-env:UserInstallation=file://" + os.path.join(a.work, "lo_profile"),
                    "--convert-to", "xlsx", "--outdir", lo_out, out],
                   check=True, capture_output=True, timeout=240)
    recalculated = openpyxl.load_workbook(os.path.join(lo_out, "filled.xlsx"), data_only=True)
    d2 = recalculated[SHEET]["D2"].value
    if d2 != 0:
        fail("after LibreOffice recalculates, D2 (blank input cells) is {!r}, want 0".format(d2))
    code = recalculated[SIGN_OFF]["E2"].value
    if code != 211:
        fail("after LibreOffice recalculates, {}!E2 (the council's code) is {!r}, want 211 "
             "(Kirklees)".format(SIGN_OFF, code))
    print("ok: 110 cells and 4 facts written and read back with their breakdowns; nothing else "
          "changed; D2 = 0 and the council code E2 = 211 after recalculation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
