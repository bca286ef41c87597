#!/usr/bin/python3
"""Print openpyxl's view of an .xlsx workbook as JSON, in the schema of `kpimap inspect --format json`.

Usage: openpyxl_dump.py FILE

The workbook is loaded twice: once for formulas (openpyxl.load_workbook(path)) and once with
data_only=True for the cached values. A formula cell takes "formula" (without the leading '=')
from the first load and "value"/"type" from the second. openpyxl translates shared formulas
for the dependent cells; that translation is kept.

Cells whose value is None in both loads (style-only cells) are left out, like kpimap does.
openpyxl 3.0.9 gives array formulas as plain "=..." text too.

When openpyxl cannot open the file, prints {"file": ..., "error": "<type>: <message>"} and
exits 0, so the comparison can decide what kpimap must do instead.

Run with Debian's /usr/bin/python3 (python3-openpyxl 3.0.9).
"""

import datetime
import json
import sys
import warnings


def iso_text(value):
    """ISO 8601 text of a datetime/date/time/timedelta value."""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%Y-%m-%dT%H:%M:%S")
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    return str(value)


def excel_serial(value):
    from openpyxl.utils.datetime import to_excel

    return float(to_excel(value))


def describe_value(value, data_type):
    """(type, value, serial) for a cell value as openpyxl returns it."""
    if data_type == "e":
        return "error", str(value), None
    if isinstance(value, bool):
        return "boolean", value, None
    if isinstance(value, (int, float)):
        return "number", float(value), None
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        return "date_time", iso_text(value), excel_serial(value)
    if isinstance(value, str):
        return "text", value, None
    # Anything else (e.g. an object openpyxl did not convert) is reported verbatim as text.
    return "text", str(value), None


def formula_text(value):
    """Formula text without '=' of a formula-load value (openpyxl gives "=..." for every kind:
    normal, shared (translated for dependents), array)."""
    if value is None:
        return ""
    text = str(value)
    return text[1:] if text.startswith("=") else text


def style_of(cell):
    out = {"number_format": cell.number_format}
    try:
        if cell.font is not None and cell.font.b:
            out["bold"] = True
    except Exception:  # noqa: BLE001 - a broken style must not hide the cell
        pass
    try:
        fill = cell.fill
        if fill is not None and getattr(fill, "patternType", None) == "solid":
            fg = fill.fgColor
            if fg is not None and getattr(fg, "type", None) == "rgb" and isinstance(fg.rgb, str):
                out["fill"] = fg.rgb
    except Exception:  # noqa: BLE001
        pass
    try:
        if cell.alignment is not None and cell.alignment.wrap_text:
            out["wrap"] = True
    except Exception:  # noqa: BLE001
        pass
    return out


def dump_sheet(ws_f, ws_v):
    cells = []
    min_row = min_col = None
    max_row = max_col = None
    # _cells holds every cell openpyxl materialised; iterate in row-major order.
    keys = sorted(set(ws_f._cells.keys()) | set(ws_v._cells.keys()))
    for (row, col) in keys:
        cf = ws_f._cells.get((row, col))
        cv = ws_v._cells.get((row, col))
        fval = cf.value if cf is not None else None
        vval = cv.value if cv is not None else None
        formula = formula_text(fval) if cf is not None and cf.data_type == "f" else None
        if vval is None and formula is None and fval is None:
            continue
        ref_cell = cv if cv is not None else cf
        entry = {"ref": ref_cell.coordinate}
        if vval is None:
            # A formula without a cached value: openpyxl has no value to report.
            entry["type"] = "empty"
            entry["value"] = None
        else:
            typ, val, serial = describe_value(vval, cv.data_type)
            entry["type"] = typ
            entry["value"] = val
            if serial is not None:
                entry["serial"] = serial
        if formula is not None:
            entry["formula"] = formula
        entry.update(style_of(ref_cell))
        cells.append(entry)
        min_row = row if min_row is None else min(min_row, row)
        max_row = row if max_row is None else max(max_row, row)
        min_col = col if min_col is None else min(min_col, col)
        max_col = col if max_col is None else max(max_col, col)

    from openpyxl.utils import get_column_letter

    used = None
    if min_row is not None:
        used = "%s%d:%s%d" % (get_column_letter(min_col), min_row, get_column_letter(max_col), max_row)

    columns = []
    for key, dim in sorted(ws_f.column_dimensions.items(), key=lambda kv: kv[1].min or 0):
        if dim.min is None or dim.max is None:
            continue
        if dim.width is None and not dim.hidden:
            continue
        columns.append({
            "first": get_column_letter(dim.min),
            "last": get_column_letter(dim.max),
            "width": dim.width,
            "hidden": bool(dim.hidden),
        })

    return {
        "name": ws_f.title,
        "state": ws_f.sheet_state,
        "used_range": used,
        "merged": [str(r) for r in ws_f.merged_cells.ranges],
        "columns": columns,
        "cells": cells,
    }


def dump(path):
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb_f = openpyxl.load_workbook(path)
        wb_v = openpyxl.load_workbook(path, data_only=True)

    # wb._sheets keeps workbook order and holds chartsheets too (wb.worksheets drops them).
    # A chartsheet is listed like kpimap lists it: a sheet without cells.
    from openpyxl.chartsheet import Chartsheet

    sheets = []
    for ws_f in wb_f._sheets:
        if isinstance(ws_f, Chartsheet):
            sheets.append({"name": ws_f.title, "state": ws_f.sheet_state, "kind": "chartsheet",
                           "used_range": None, "merged": [], "columns": [], "cells": []})
            continue
        ws_v = wb_v[ws_f.title]
        sheets.append(dump_sheet(ws_f, ws_v))

    names = []
    for dn in wb_f.defined_names.definedName:
        names.append({
            "name": dn.name,
            "refers_to": dn.attr_text,
            "local_sheet": dn.localSheetId,
        })

    return {
        "file": path,
        "format": "xlsx",
        "date1904": bool(wb_f.epoch == datetime.datetime(1904, 1, 1)) if hasattr(wb_f, "epoch") else False,
        "sheets": sheets,
        "defined_names": names,
    }


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: openpyxl_dump.py FILE\n")
        return 2
    path = argv[1]
    try:
        result = dump(path)
    except Exception as exc:  # noqa: BLE001 - any failure to open is reported, not raised
        result = {"file": path, "error": "%s: %s" % (type(exc).__name__, exc)}
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
