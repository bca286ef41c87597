#!/usr/bin/env python3
"""Runs one CLI case from cases.json and compares stdout, stderr and the exit code with the
reference files in expected/. A case whose arguments contain "{out}" writes files: they are
compared one by one with expected/<case>.files/ (the golden files of a conversion). With
--update, rewrites the references instead (review the diff).

Paths in the output are kept stable by running in a fixed directory with relative arguments
and by printing "{out}" for the temporary output folder."""
import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def compare_files(case, out_dir, update):
    """Compares every file the command wrote with its golden copy; True when any differs."""
    golden = os.path.join(HERE, "expected", f"{case}.files")
    written = sorted(os.path.relpath(os.path.join(d, f), out_dir)
                     for d, _, files in os.walk(out_dir) for f in files)
    if update:
        shutil.rmtree(golden, ignore_errors=True)
        for rel in written:
            os.makedirs(os.path.dirname(os.path.join(golden, rel)), exist_ok=True)
            shutil.copyfile(os.path.join(out_dir, rel), os.path.join(golden, rel))
        return False
    expected = sorted(os.path.relpath(os.path.join(d, f), golden)
                      for d, _, files in os.walk(golden) for f in files) if os.path.isdir(golden) else []
    failed = False
    for rel in sorted(set(written) | set(expected)):
        if rel not in written:
            print(f"{case}: {rel} was not written")
            failed = True
            continue
        if rel not in expected:
            print(f"{case}: {rel} has no golden copy; run with --update and review it")
            failed = True
            continue
        if rel.endswith((".xlsx", ".xls", ".ods")):
            continue  # a workbook written: its cells are checked by tests/writers_return
        a = open(os.path.join(golden, rel), encoding="utf-8").read()
        b = open(os.path.join(out_dir, rel), encoding="utf-8").read()
        if a != b:
            failed = True
            print(f"{case}: {rel} differs from its golden copy")
            sys.stdout.writelines(list(difflib.unified_diff(
                a.splitlines(True), b.splitlines(True), "golden", "actual", n=1))[:80])
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpimap", required=True)
    ap.add_argument("--shared", required=True, help="the shared/ directory")
    ap.add_argument("--case", required=True)
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()

    cases = {c["name"]: c for c in json.load(open(os.path.join(HERE, "cases.json")))}
    case = cases[args.case]
    roots = {
        "corpus": os.path.join(args.shared, "corpus", "xlsx-calamine"),
        "repo": os.path.dirname(os.path.dirname(HERE)),
        "fixtures": os.path.join(os.path.dirname(HERE), "fixtures"),
    }
    cwd = roots[case.get("cwd", "repo")]
    out_dir = tempfile.mkdtemp(prefix="kpimap-cli-")
    argv = [a.replace("{out}", out_dir) for a in case["args"]]
    proc = subprocess.run([os.path.abspath(args.kpimap)] + argv, cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    actual = {"stdout": proc.stdout.replace(out_dir, "{out}"), "stderr": proc.stderr.replace(out_dir, "{out}"),
              "exit": f"{proc.returncode}\n"}
    failed = compare_files(args.case, out_dir, args.update) if "{out}" in " ".join(case["args"]) else False
    shutil.rmtree(out_dir, ignore_errors=True)
    for stream, text in actual.items():
        path = os.path.join(HERE, "expected", f"{args.case}.{stream}")
        if args.update:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            continue
        try:
            expected = open(path, encoding="utf-8").read()
        except FileNotFoundError:
            print(f"missing reference {path}; run with --update and review it")
            failed = True
            continue
        if expected != text:
            failed = True
            print(f"{args.case}: {stream} differs from {path}")
            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(True), text.splitlines(True), "expected", "actual", n=2))
    if failed:
        sys.exit(1)
    print(f"{args.case}: stdout, stderr and exit code match")


if __name__ == "__main__":
    main()
