#!/usr/bin/python3
"""Round trip: read a sample -> write its own model back through its own mapping into a copy
whose mapped cells were blanked (expectation text) or zeroed (numbers, so the cells keep their
number formats and stay cells of the layout) -> read again -> the same facts.

  roundtrip.py --kpimap K --source SRC --work DIR --sample 001_outcomes_report.xlsx
               --mapping hwb-outcomes-report.xml

Facts compared (model.json, by indicator title, period label and series): each observation's
value (rounded to 9 places) or missing reason, each expectation's kind and target. Structure
compared too, so "the same model" means the same indicators (title, aliases, codes, polarity,
unit, measure type, aim direction), outcomes (level, code, title, parent) and links (kind and
the titles they join). The copy is
made with openpyxl from the cells the first model.json names (independent of kpimap's writer).
Exit 0 pass, 1 fail.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

import openpyxl
from openpyxl.utils.cell import range_boundaries, get_column_letter


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(cmd, ok=(0, 1)):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in ok:
        fail("{} exited {}\n{}{}".format(" ".join(cmd), p.returncode, p.stdout, p.stderr))
    return p


def convert(kpimap, workbook, mapping, out):
    run([kpimap, "convert", workbook, "--mapping", mapping, "-o", out])
    folder = os.path.join(out, os.path.basename(workbook))
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
        return json.load(f), os.path.join(folder, "model.json")


def facts(model):
    titles = {i["id"]: i["title"] for i in model["indicators"]}
    out = []
    for o in model.get("observations", []):
        v = o.get("value")
        out.append(("obs", titles[o.get("indicator", o.get("indicator_id"))], o["period"]["label"] if isinstance(o.get("period"), dict) else o.get("period"),
                    o.get("series", ""), round(v, 9) if v is not None else o.get("missing")))
    for e in model.get("expectations", []):
        out.append(("exp", titles[e.get("indicator", e.get("indicator_id"))], e["period"]["label"] if isinstance(e.get("period"), dict) else e.get("period"),
                    e.get("kind"), e.get("target")))
    return sorted(out, key=repr)


def structure(model):
    """Indicators, outcomes and links, by title (ids may be renumbered)."""
    names = {}
    for o in model.get("outcomes", []):
        names[o["id"]] = ("outcome", o["title"])
    for i in model.get("indicators", []):
        names[i["id"]] = ("indicator", i["title"])
    indicators = sorted(
        (i["title"], tuple(sorted(i.get("aliases", []))),
         tuple(sorted((c["scheme"], c["value"]) for c in i.get("codes", []))),
         i.get("polarity"), i.get("unit"), i.get("unit_per"), i.get("measure_type"),
         (i.get("aim") or {}).get("direction"))
        for i in model.get("indicators", []))
    outcomes = sorted(
        (o.get("level"), o.get("code"), o["title"], names.get(o.get("parent"), ("", ""))[1])
        for o in model.get("outcomes", []))
    links = sorted(
        (l.get("kind"), names.get(l.get("from"), ("?", l.get("from"))),
         names.get(l.get("to"), ("?", l.get("to"))), l.get("strength"))
        for l in model.get("links", []))
    return {"indicators": indicators, "outcomes": outcomes, "links": links}


def cells(ref):
    c1, r1, c2, r2 = range_boundaries(ref)
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            yield "{}{}".format(get_column_letter(c), r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--sample", required=True)
    ap.add_argument("--mapping", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    sample = os.path.join(a.source, "samples", a.sample)
    mapping = os.path.join(a.source, "mappings", a.mapping)
    first, first_json = convert(a.kpimap, sample, mapping, os.path.join(a.work, "first"))
    before = facts(first)
    if not before:
        fail("the sample gives no facts to round-trip")

    # The copy: every cell a fact was read from is emptied (text) or zeroed (numbers).
    wb = openpyxl.load_workbook(sample)
    touched = 0
    for o in first.get("observations", []) + first.get("expectations", []):
        ws = wb[o["where"]["sheet"]]
        for ref in cells(o["where"]["cell"]):
            cell = ws[ref]
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.value = 0
            else:
                cell.value = None
            touched += 1
    blank = os.path.join(a.work, "blanked_" + a.sample)
    wb.save(blank)
    middle, _ = convert(a.kpimap, blank, mapping, os.path.join(a.work, "blanked"))
    if facts(middle) == before:
        fail("blanking changed nothing: the test would prove nothing")

    written = os.path.join(a.work, "written_" + a.sample)
    p = run([a.kpimap, "return", "--template", blank, "--mapping", mapping, first_json,
             "-o", written])
    again, _ = convert(a.kpimap, written, mapping, os.path.join(a.work, "again"))
    after = facts(again)
    if after != before:
        lost = [f for f in before if f not in after]
        extra = [f for f in after if f not in before]
        fail("the model read back differs\n  missing {}\n  extra {}\n{}".format(
            lost[:10], extra[:10], p.stdout[-3000:]))
    s_before, s_after = structure(first), structure(again)
    for part in ("indicators", "outcomes", "links"):
        if s_after[part] != s_before[part]:
            lost = [x for x in s_before[part] if x not in s_after[part]]
            extra = [x for x in s_after[part] if x not in s_before[part]]
            fail("the {} read back differ\n  missing {}\n  extra {}".format(
                part, lost[:5], extra[:5]))
    if not s_before["indicators"]:
        fail("the sample gives no indicators: the structure comparison would prove nothing")
    print("PASS: {} facts, {} indicators, {} outcomes, {} links of {} round-trip through {} "
          "({} cells blanked)".format(len(before), len(s_before["indicators"]),
                                      len(s_before["outcomes"]), len(s_before["links"]),
                                      a.sample, a.mapping, touched))
    return 0


if __name__ == "__main__":
    sys.exit(main())
