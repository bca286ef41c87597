#!/usr/bin/env python3
"""Outputs never replace inputs, and a write target needs a mapping that can check it.

Each case runs the kpimap binary on copies of the bundled samples in a fresh folder, with -o
naming an input directly, through a relative detour, a symlink or a hard link, and asserts:
exit code 4 (usage), a message naming the input and what to do, the input's bytes unchanged, and
nothing new written. Also: update and return refuse a --mapping without <detect> rules (issue 9
section 3). Needs only the repository (no ../shared)."""
import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run(kpimap, args, cwd):
    return subprocess.run([kpimap] + args, cwd=cwd, capture_output=True, text=True, timeout=120)


def expect_refused(name, kpimap, args, cwd, protected, must_not_exist=(), message="is the input"):
    before = {p: digest(p) for p in protected}
    listing = sorted(os.listdir(cwd))
    proc = run(kpimap, args, cwd)
    problems = []
    if proc.returncode != 4:
        problems.append(f"exit {proc.returncode}, expected 4")
    if message not in proc.stderr:
        problems.append(f"stderr lacks {message!r}")
    if "what to do:" not in proc.stderr:
        problems.append("stderr gives no 'what to do'")
    for p, d in before.items():
        if digest(p) != d:
            problems.append(f"{p} was changed")
    for p in must_not_exist:
        if os.path.lexists(p):
            problems.append(f"{p} was written")
    if sorted(os.listdir(cwd)) != listing:
        problems.append(f"files appeared: {sorted(set(os.listdir(cwd)) - set(listing))}")
    if problems:
        failures.append(f"{name}: {'; '.join(problems)}\n  stdout: {proc.stdout}\n  stderr: {proc.stderr}")
    else:
        print(f"ok {name}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    args = ap.parse_args()
    kpimap = os.path.abspath(args.kpimap)
    work = tempfile.mkdtemp(prefix="kpimap-write-safety-")
    try:
        os.mkdir(os.path.join(work, "sub"))
        grid = os.path.join(work, "grid.xlsx")
        report = os.path.join(work, "report.xlsx")
        shutil.copyfile(os.path.join(REPO, "samples", "000_trajectory_grid.xlsx"), grid)
        shutil.copyfile(os.path.join(REPO, "samples", "001_outcomes_report.xlsx"), report)
        mapping = os.path.join(REPO, "mappings", "icp-trajectory-grid.xml")
        os.symlink("grid.xlsx", os.path.join(work, "grid-link.xlsx"))
        os.link(grid, os.path.join(work, "grid-hard.xlsx"))
        os.symlink("report.xlsx", os.path.join(work, "report-link.xlsx"))
        os.link(report, os.path.join(work, "report-hard.xlsx"))
        protected = [grid, report]
        maps = ["--mappings", os.path.join(REPO, "mappings")]

        for out in ["report.xlsx", "sub/../report.xlsx", "report-link.xlsx", "report-hard.xlsx"]:
            expect_refused(f"update -o {out}", kpimap, ["update", "report.xlsx", "-o", out] + maps,
                           work, protected)
        # The case: return -o naming the source workbook (not the template).
        for out in ["grid.xlsx", "grid-link.xlsx", "grid-hard.xlsx"]:
            expect_refused(f"return -o {out} (the INPUT)", kpimap,
                           ["return", "--template", "report.xlsx", "--mapping",
                            os.path.join(REPO, "mappings", "hwb-outcomes-report.xml"), "grid.xlsx",
                            "-o", out] + maps, work, protected)
            expect_refused(f"return -o {out} (the template)", kpimap,
                           ["return", "--template", "grid.xlsx", "--mapping", mapping, "report.xlsx",
                            "-o", out] + maps, work, protected)
        for out in ["report.xlsx", "report-link.xlsx", "report-hard.xlsx"]:
            expect_refused(f"report -o {out}", kpimap, ["report", "report.xlsx", "grid.xlsx", "-o", out] + maps,
                           work, protected)
        # convert writes OUT/<name>/model.json ...: one of them a link to the input.
        conv = os.path.join(work, "conv", "grid.xlsx")
        os.makedirs(conv)
        os.symlink(grid, os.path.join(conv, "model.json"))
        expect_refused("convert -o DIR where DIR/grid.xlsx/model.json links to the input", kpimap,
                       ["convert", "grid.xlsx", "-o", "conv"] + maps, work, protected)

        # A write target's mapping must have <detect> rules.
        text = open(mapping, encoding="utf-8").read()
        stripped = re.sub(r"<detect\b.*?</detect>", "", text, flags=re.S)
        assert stripped != text, "the mapping has no <detect> to remove"
        no_detect = os.path.join(work, "sub", "no-detect.xml")
        open(no_detect, "w", encoding="utf-8").write(stripped)
        expect_refused("update --mapping without <detect>", kpimap,
                       ["update", "grid.xlsx", "--mapping", no_detect, "-o", "sub/updated.xlsx"],
                       work, protected, [os.path.join(work, "sub", "updated.xlsx")],
                       message="has no <detect> rules")
        expect_refused("return --mapping without <detect>", kpimap,
                       ["return", "--template", "grid.xlsx", "--mapping", no_detect, "report.xlsx",
                        "-o", "sub/return.xlsx"] + maps,
                       work, protected, [os.path.join(work, "sub", "return.xlsx")],
                       message="has no <detect> rules")

        # Control: a fresh -o is written, so the refusals above are not a broken command.
        proc = run(kpimap, ["update", "report.xlsx", "-o", "sub/fresh.xlsx"] + maps, work)
        if proc.returncode not in (0, 1) or not os.path.exists(os.path.join(work, "sub", "fresh.xlsx")):
            failures.append(f"control update failed: exit {proc.returncode}\n{proc.stderr}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
