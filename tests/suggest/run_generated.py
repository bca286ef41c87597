#!/usr/bin/env python3
"""kpimap suggest on layouts no bundled mapping fits (make_layouts.py): drafts a mapping for each
generated workbook with `kpimap suggest`, converts the workbook with the draft through `kpimap
convert --mapping`, and checks that the model holds every fact the generator planted. Prints
the share recovered per layout; fails when a planted fact is missing.

Usage: run_generated.py --kpimap PATH [--layout NAME]"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LAYOUTS = ["trajectory_with_titles", "stacked_mixed_periods", "matrix_damaged_markers"]


def norm(text):
    return " ".join(str(text).split()).casefold()


def check(kpimap, work, name):
    book = os.path.join(work, name + ".xlsx")
    draft = os.path.join(work, name + ".xml")
    out = os.path.join(work, "out")
    s = subprocess.run([kpimap, "suggest", book, "-o", draft], capture_output=True, text=True)
    if s.returncode not in (0, 1) or not os.path.exists(draft):
        print(f"{name}: kpimap suggest failed ({s.returncode}):\n{s.stderr}{s.stdout}")
        return False
    c = subprocess.run([kpimap, "convert", book, "--mapping", draft, "-o", out],
                       capture_output=True, text=True)
    if c.returncode not in (0, 1):
        print(f"{name}: kpimap convert with the draft failed ({c.returncode}):\n{c.stderr}")
        return False
    model = json.load(open(os.path.join(out, name + ".xlsx", "model.json"), encoding="utf-8"))
    facts = json.load(open(os.path.join(work, name + ".facts.json"), encoding="utf-8"))
    titles = {i["id"]: norm(i["title"]) for i in model["indicators"]}
    outcomes = {o["id"]: o for o in model["outcomes"]}

    missing = []
    have = set(titles.values())
    for t in facts["indicators"]:
        if norm(t) not in have:
            missing.append(f"indicator '{t}'")
    obs = {(titles.get(o["indicator"]), o["period"]["label"], round(o["value"], 6))
           for o in model["observations"] if o["value"] is not None}
    for t, label, value in facts["observations"]:
        if (norm(t), label, round(value, 6)) not in obs:
            missing.append(f"observation {t} {label} {value}")
    exp = {(titles.get(e["indicator"]), e["period"]["label"], e["kind"])
           for e in model["expectations"]}
    for t, label, kind in facts["expectations"]:
        if (norm(t), label, kind) not in exp:
            missing.append(f"expectation {t} {label} {kind}")
    strengths = {}
    links = set()
    for l in model["links"]:
        a, b = l["from"], l["to"]
        if a in titles and b in outcomes:
            links.add((titles[a], norm(outcomes[b]["code"]), l["kind"]))
        elif a in outcomes and b in outcomes:
            key = (norm(outcomes[a]["code"]), norm(outcomes[b]["code"]))
            links.add(key + ("contributes_to",))
            strengths[key] = l["strength"]
    meanings = {}
    for a, b, meaning in facts["links"]:
        if meaning == "indicator_of":
            if (norm(a), norm(b), "indicator_of") not in links:
                missing.append(f"link {a} -> {b}")
        else:
            key = (norm(a), norm(b))
            if key + ("contributes_to",) not in links:
                missing.append(f"link {a} -> {b} ({meaning})")
            else:
                meanings.setdefault(meaning, set()).add(strengths[key])
    # Every damaged spelling of a marker means what its clean spelling means: one term each.
    for meaning, values in meanings.items():
        if len(values) != 1:
            missing.append(f"marker meaning '{meaning}' read as several terms {sorted(values)}")
    total = sum(len(facts[k]) for k in facts)
    print(f"{name}: recovered {total - len(missing)} of {total} planted facts")
    for m in missing:
        print(f"  missing: {m}")
    if missing:
        print(open(draft, encoding="utf-8").read())
    return not missing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    ap.add_argument("--layout", choices=LAYOUTS)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kpimap-suggest-") as work:
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "make_layouts.py"), work],
                       check=True)
        ok = all([check(args.kpimap, work, n) for n in ([args.layout] if args.layout else LAYOUTS)])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
