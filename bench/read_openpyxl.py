#!/usr/bin/env python3
"""Benchmark peer: reads a workbook with openpyxl (read-only mode) and prints a checksum line.

Driven by bench/read_bench.py, which times this process from the outside. Prints one JSON line:
peer, cells, text_cells, number_cells, other_cells, number_sum, text_bytes, load_s, iterate_s.
"""

import json
import sys
import time

import openpyxl


def main() -> int:
    path = sys.argv[1]
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    t1 = time.perf_counter()
    cells = text_cells = number_cells = other_cells = text_bytes = 0
    number_sum = 0.0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if v is None:
                    continue
                cells += 1
                if isinstance(v, str):
                    text_cells += 1
                    text_bytes += len(v.encode("utf-8"))
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    number_cells += 1
                    number_sum += v
                else:
                    other_cells += 1
    t2 = time.perf_counter()
    wb.close()
    print(json.dumps({
        "peer": "openpyxl",
        "version": openpyxl.__version__,
        "cells": cells,
        "text_cells": text_cells,
        "number_cells": number_cells,
        "other_cells": other_cells,
        "number_sum": number_sum,
        "text_bytes": text_bytes,
        "load_s": t1 - t0,
        "iterate_s": t2 - t1,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
