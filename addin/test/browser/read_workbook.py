"""Reads an .xlsx with openpyxl and prints it as JSON for the browser tests: the sheet names in
order and every non-empty cell of each sheet as {"A1": value}. Run with Debian's python3
(python3-openpyxl), so the workbook the add-in inserts is checked by a reader that is not kpimap.

    python3 read_workbook.py FILE.xlsx
    python3 read_workbook.py --make-stub-report OUT.xlsx   (the stub core's canned report)
"""
import datetime
import json
import sys

import openpyxl


def dump(path):
    book = openpyxl.load_workbook(path)
    sheets = {}
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                if isinstance(value, (datetime.date, datetime.time)):
                    value = value.isoformat()
                cells[cell.coordinate] = value
        sheets[sheet.title] = cells
    return {"sheets": book.sheetnames, "cells": sheets}


def make_stub_report(path):
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "kpimap Summary"
    summary["A1"] = "stub report"
    statuses = book.create_sheet("kpimap Statuses")
    statuses.append(["Indicator", "Status"])
    statuses.append(["stub indicator", "Improved"])
    book.save(path)


if __name__ == "__main__":
    if sys.argv[1] == "--make-stub-report":
        make_stub_report(sys.argv[2])
    else:
        json.dump(dump(sys.argv[1]), sys.stdout, ensure_ascii=False, default=str)
