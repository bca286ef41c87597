#!/usr/bin/env python3
"""Compares `kpimap report`'s workbook with the add-in module's reportSheets workbook (parity.mjs).

The module names every sheet "kpimap <name>" (the add-in inserts them into a team's workbook);
with that prefix taken off, the sheets must be the same, in the same order, and every cell the
same value as openpyxl reads it: text and formulas identical (sheet references with the prefix
taken off), numbers within a relative --tolerance (libm's last bits, docs/architecture.md).

Usage: compare_report.py NATIVE.xlsx WASM.xlsx [--tolerance 1e-12]
Prints a JSON summary {sheets, cells, numbers, numbers_differing, max_relative} and exits 0 when
they agree; prints the differences and exits 1 otherwise.
"""

import argparse
import json
import re
import sys

import openpyxl

PREFIX = "kpimap "
QUOTED_REF = re.compile(r"'([^']+)'!")


def unprefixed(value):
    """A cell's text with the add-in's sheet prefix taken off its sheet references."""
    if not isinstance(value, str):
        return value
    value = value.replace("'" + PREFIX, "'")
    return QUOTED_REF.sub(lambda m: (m.group(1) if re.fullmatch(r"\w+", m.group(1))
                                     else m.group(0)) + "!", value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("native")
    parser.add_argument("wasm")
    parser.add_argument("--tolerance", type=float, default=1e-12)
    args = parser.parse_args()
    native = openpyxl.load_workbook(args.native)
    wasm = openpyxl.load_workbook(args.wasm)
    names = [n[len(PREFIX):] if n.startswith(PREFIX) else n for n in wasm.sheetnames]
    problems = []
    if names != native.sheetnames:
        problems.append(f"sheets: {native.sheetnames} (native) vs {wasm.sheetnames} (wasm)")
    summary = {"sheets": len(native.sheetnames), "cells": 0, "numbers": 0,
               "numbers_differing": 0, "max_relative": 0.0}
    for native_name, wasm_name in zip(native.sheetnames, wasm.sheetnames):
        a, b = native[native_name], wasm[wasm_name]
        rows = max(a.max_row, b.max_row)
        cols = max(a.max_column, b.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                x = unprefixed(a.cell(r, c).value)
                y = unprefixed(b.cell(r, c).value)
                # A cell naming one of the workbook's sheets (the About sheet's list) names it
                # as it is called there, prefix included.
                if isinstance(y, str) and y in wasm.sheetnames and y.startswith(PREFIX):
                    y = y[len(PREFIX):]
                summary["cells"] += x is not None
                where = f"{native_name}!{a.cell(r, c).coordinate}"
                numeric = (isinstance(x, (int, float)) and isinstance(y, (int, float))
                           and not isinstance(x, bool) and not isinstance(y, bool))
                if numeric:
                    summary["numbers"] += 1
                    if x != y:
                        relative = abs(x - y) / max(abs(x), abs(y))
                        summary["numbers_differing"] += 1
                        summary["max_relative"] = max(summary["max_relative"], relative)
                        if relative > args.tolerance:
                            problems.append(f"{where}: {x!r} (native) vs {y!r} (wasm)")
                elif x != y:
                    problems.append(f"{where}: {x!r} (native) vs {y!r} (wasm)")
    if problems:
        print(f"{len(problems)} difference(s):")
        for p in problems[:30]:
            print("  " + p)
        return 1
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
