#!/usr/bin/env python3
"""Runs one CLI case from cases.json and compares stdout, stderr and the exit code with the
reference files in expected/. With --update, rewrites the references instead (review the diff).

Paths in the output are kept stable by running in a fixed directory with relative arguments."""
import argparse
import difflib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


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
    proc = subprocess.run([os.path.abspath(args.kpimap)] + case["args"], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    actual = {"stdout": proc.stdout, "stderr": proc.stderr, "exit": f"{proc.returncode}\n"}
    failed = False
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
