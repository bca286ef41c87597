#!/usr/bin/python3
"""openpyxl peer of patch_bench.py: load the template, set the same cells as
bench/patch_workbook.cpp, save. Prints one JSON line with the in-process time.
Usage: patch_openpyxl.py IN OUT SHEET CELLS EXISTING_ROWS COLS"""

import json
import sys
import time

import openpyxl


def main() -> None:
    src, out, sheet = sys.argv[1], sys.argv[2], sys.argv[3]
    cells, rows, cols = (int(a) for a in sys.argv[4:7])
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    half = cells // 2
    for i in range(cells):
        if i < half:
            r, c = 1 + i // cols, i % cols
        else:
            r, c = 1 + (i - half) % rows, cols + 1
        ws.cell(row=r + 1, column=c + 1, value=f"w{i}" if i % 5 == 0 else i * 0.25)
    wb.save(out)
    print(json.dumps({"seconds": time.perf_counter() - t0}))


if __name__ == "__main__":
    main()
