#!/usr/bin/python3
"""Structural diff of two .xlsx/.xlsm packages: what a patch changed, and nothing else.

Usage:
    package_diff.py BEFORE.xlsx AFTER.xlsx [--expect-cells FILE.json]
                    [--allow-changed-part PART ...] [--allow-removed-part PART ...]
                    [--allow-added-sheet NAME ...] [--allow-added-part GLOB ...] [--quiet]

Checks, and prints a readable report:
 1. Cells (openpyxl, formulas as text): every cell of every sheet is compared. The set of cells
    whose value changed must be exactly the cells of --expect-cells, and each must now hold its
    expected value. FILE.json maps "Sheet!A1" to a number, a string, true/false or null (blank),
    e.g. {"Notes!B3": "Reviewed", "Data!C7": 12.5}. An expected cell that already held its value
    counts as met (a write of the same value changes nothing). Without --expect-cells no cell
    may change.
 2. Parts: every package part of BEFORE must be in AFTER, in the same order, with the same
    bytes, except parts that must change, which must be element-identical apart from the
    expected changes (XML canonicalised element by element, libxlsxwriter-test style):
      - the worksheet parts of sheets named in --expect-cells: only the expected cells' <c>
        elements, new <row>s holding only expected cells, row spans and the <dimension> ref;
      - any worksheet part (written or not): the cached value <v> of a cell with a formula <f>
        may be removed (never added or changed), as the patcher drops them so LibreOffice
        recalculates those formulas on load; the count is reported;
      - xl/workbook.xml: only <calcPr fullCalcOnLoad="1"> (added or set);
      - xl/calcChain.xml: only entries dropped (those of cells that lost their formula), or the
        whole part removed together with its relationship and content-type override;
      - parts named by --allow-changed-part: any change, shown element by element.
    --allow-removed-part PART lets another part disappear (its relationship and override too).
    --allow-added-sheet NAME lets AFTER have a new sheet (e.g. report sheets `kpimap update`
    adds): its cells are not compared, and its worksheet part, its <sheet> element and defined
    names in workbook.xml, and the relationships and content types pointing at it are expected.
    --allow-added-part GLOB (fnmatch, e.g. 'xl/drawings/*') allows further new parts, such as
    the drawings and charts of new sheets; relationships and content types for them too.

Exit status: 0 when everything is as expected, 1 when something else changed (the report says
what), 2 when an input cannot be read. Used by tests/writers_patch/ and the `update`/`return`
command tests; needs Debian's python3-openpyxl (/usr/bin/python3).
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import fnmatch
import json
import posixpath
import sys
import zipfile
import xml.etree.ElementTree as ET

MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def attr_local(attrs: dict) -> dict:
    return {local(k): v for k, v in attrs.items()}


# --- cells -------------------------------------------------------------------------------


def load_cells(path: str) -> dict[str, dict[str, object]]:
    import openpyxl  # Debian's python3-openpyxl

    wb = openpyxl.load_workbook(path, data_only=False, keep_links=True)
    sheets: dict[str, dict[str, object]] = {}
    for ws in wb.worksheets:
        cells: dict[str, object] = {}
        for (row, col), cell in ws._cells.items():  # noqa: SLF001 - every stored cell, fast
            if cell.value is None:
                continue
            cells[f"{cell.column_letter}{row}"] = cell.value
        sheets[ws.title] = cells
    return sheets


def normal_value(value: object) -> object:
    """Comparable form: dates as Excel serials, ints as floats, bools apart from numbers."""
    from openpyxl.utils.datetime import to_excel

    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        return ("number", float(to_excel(value)))
    if isinstance(value, (int, float)):
        return ("number", float(value))
    if value is None:
        return ("blank", None)
    return ("text", str(value))


def compare_cells(before: str, after: str, expected: dict[str, object],
                  added_sheets: set[str] = frozenset()) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    info: list[str] = []
    a, b = load_cells(before), load_cells(after)
    kept = [name for name in b if not (name in added_sheets and name not in a)]
    if list(a) != kept:
        problems.append(f"sheets differ: {list(a)} -> {list(b)}")
    for name in b:
        if name in added_sheets and name not in a:
            info.append(f"sheet '{name}' was added (allowed; its cells are not compared)")
    changed: dict[str, tuple[object, object]] = {}
    for sheet in a:
        if sheet not in b:
            continue
        for ref in set(a[sheet]) | set(b[sheet]):
            old, new = a[sheet].get(ref), b[sheet].get(ref)
            if normal_value(old) != normal_value(new):
                changed[f"{sheet}!{ref}"] = (old, new)
    for key, (old, new) in sorted(changed.items()):
        if key not in expected:
            problems.append(f"unexpected cell change {key}: {old!r} -> {new!r}")
    met = 0
    for key, want in sorted(expected.items()):
        sheet, _, ref = key.rpartition("!")
        if sheet not in b:
            problems.append(f"expected cell {key}: no sheet '{sheet}' in AFTER")
            continue
        got = b[sheet].get(ref.replace("$", "").upper())
        if normal_value(got) != normal_value(want):
            problems.append(f"expected cell {key} = {want!r}, found {got!r}")
        else:
            met += 1
    info.append(
        f"cells: {len(changed)} changed, {met}/{len(expected)} expected values present"
        + (f" ({len(expected) - len(set(expected) & set(changed))} already held them)" if expected else "")
    )
    return problems, info


# --- parts -------------------------------------------------------------------------------


def flatten(element: ET.Element, skip=None, depth: int = 0, out: list | None = None) -> list:
    """Element-by-element canonical form: (depth, tag, sorted attributes, text, tail)."""
    if out is None:
        out = []
    if skip is not None and skip(element):
        return out
    text = (element.text or "").strip() if len(element) else (element.text or "")
    out.append((depth, element.tag, tuple(sorted(element.attrib.items())), text))
    for child in element:
        flatten(child, skip, depth + 1, out)
    return out


def element_diff(a: list, b: list, limit: int = 12) -> list[str]:
    lines = []
    fmt = lambda e: "  " * e[0] + f"<{local(e[1])} {' '.join(f'{local(k)}={v!r}' for k, v in e[2])}> {e[3]!r}"
    for line in difflib.unified_diff([fmt(e) for e in a], [fmt(e) for e in b], lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        lines.append("      " + line)
        if len(lines) >= limit:
            lines.append("      ...")
            break
    return lines


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part path -> sheet name, through workbook.xml and its relationships."""
    names = {n.lower(): n for n in z.namelist()}
    rels = ET.fromstring(z.read(names["_rels/.rels"]))
    wb_part = "xl/workbook.xml"
    for r in rels:
        if r.get("Type", "").endswith("/officeDocument"):
            wb_part = r.get("Target", wb_part).lstrip("/")
    wb = ET.fromstring(z.read(names[wb_part.lower()]))
    base = posixpath.dirname(wb_part)
    rels_part = posixpath.join(base, "_rels", posixpath.basename(wb_part) + ".rels")
    targets = {}
    for r in ET.fromstring(z.read(names[rels_part.lower()])):
        t = r.get("Target", "")
        targets[r.get("Id")] = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(base, t))
    out = {}
    for el in wb.iter():
        if local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if local(k) == "id"), None)
            if rid in targets:
                out[targets[rid]] = el.get("name")
    return out


def shared_masters(sheet_data: ET.Element) -> dict[str, tuple[str, str]]:
    """si -> (cell, formula text) of the cells that store a shared formula."""
    out = {}
    for row in sheet_data:
        for c in row:
            for f in c:
                if local(f.tag) == "f" and f.get("t") == "shared" and f.get("ref") is not None:
                    out[f.get("si")] = (c.get("r"), f.text or "")
    return out


def canonical_cell(c: ET.Element, masters: dict[str, tuple[str, str]]) -> list:
    """A cell's flattened form with a shared formula written out in full, so a cell whose
    formula moved from shared storage to its own copy compares equal when the formula is."""
    from openpyxl.formula.translate import Translator

    entries = flatten(c)
    for i, e in enumerate(entries):
        if local(e[1]) != "f":
            continue
        attrs = dict(e[2])
        text = e[3]
        if attrs.get("t") == "shared":
            if attrs.get("ref") is None and attrs.get("si") in masters:
                origin, formula = masters[attrs["si"]]
                text = Translator("=" + formula, origin=origin).translate_formula(c.get("r"))[1:]
            attrs = {k: v for k, v in attrs.items() if k not in ("t", "si", "ref")}
        entries[i] = (e[0], e[1], tuple(sorted(attrs.items())), text)
    return entries


def compare_sheet(a: bytes, b: bytes, cells: set[str]) -> list[str]:
    """Worksheet XML equal except the expected cells, new rows of them, spans and dimension."""
    ra, rb = ET.fromstring(a), ET.fromstring(b)

    def rows_of(root):
        rows = {}
        for sd in root:
            if local(sd.tag) == "sheetData":
                masters = shared_masters(sd)
                for i, row in enumerate(sd):
                    key = row.get("r") or f"#{i}"
                    kept = [c for c in row if (c.get("r") or "") not in cells]
                    attrs = {k: v for k, v in row.attrib.items() if k != "spans"}
                    rows[key] = (attrs, [canonical_cell(c, masters) for c in kept],
                                 len(kept) == len(row))
        return rows

    def skip(el):
        return local(el.tag) == "sheetData"

    problems = []
    dropped = 0

    def without_value(cell: list) -> tuple[list, object]:
        """A formula cell's entries without its cached <v>, and that <v> (None when absent)."""
        if not any(local(e[1]) == "f" and e[0] == 1 for e in cell):
            return cell, False
        values = [e for e in cell if local(e[1]) == "v" and e[0] == 1]
        return [e for e in cell if not (local(e[1]) == "v" and e[0] == 1)], (
            values[0] if values else None)

    def same_cells(kept: list, kept_b: list) -> bool:
        """Equal, except that formula cells may have lost their cached value (never gained or
        changed one): the patcher drops them so LibreOffice recalculates."""
        nonlocal dropped
        if len(kept) != len(kept_b):
            return False
        lost = 0
        for ca, cb in zip(kept, kept_b):
            if ca == cb:
                continue
            sa, va = without_value(ca)
            sb, vb = without_value(cb)
            if va is False or sa != sb or vb is not None or va is None:
                return False
            lost += 1
        dropped += lost
        return True

    fa, fb = flatten(ra, skip), flatten(rb, skip)
    # The dimension may grow.
    fa = [e for e in fa if local(e[1]) != "dimension"]
    fb = [e for e in fb if local(e[1]) != "dimension"]
    if fa != fb:
        problems.append("    outside sheetData:")
        problems += element_diff(fa, fb)
    rows_a, rows_b = rows_of(ra), rows_of(rb)
    for key, (attrs, kept, _) in rows_a.items():
        if key not in rows_b:
            problems.append(f"    row {key} is gone")
            continue
        attrs_b, kept_b, _ = rows_b[key]
        if attrs != attrs_b:
            problems.append(f"    row {key} attributes: {attrs} -> {attrs_b}")
        if not same_cells(kept, kept_b):
            problems.append(f"    row {key}: cells other than the expected ones differ")
            problems += element_diff([e for c in kept for e in c], [e for c in kept_b for e in c])
    for key, (attrs, kept, _) in rows_b.items():
        if key not in rows_a and kept:
            problems.append(f"    new row {key} holds cells that were not expected")
    order_a = [k for k in rows_a]
    order_b = [k for k in rows_b if k in rows_a]
    if order_a != order_b:
        problems.append("    rows are in a different order")
    return problems, dropped


def compare_workbook(a: bytes, b: bytes, added_sheets: set[str], cells_written: bool) -> list[str]:
    fa = flatten(ET.fromstring(a))
    fb = flatten(ET.fromstring(b))
    names_a = {dict((local(k), v) for k, v in e[2]).get("name") for e in fa
               if local(e[1]) == "sheet"}
    new = {n for n in added_sheets if n not in names_a}

    def mentions_new(text: str) -> bool:
        return any(f"{n}!" in text or f"'{n}'!" in text for n in new)

    # The <sheet> elements and defined names of added sheets are expected.
    fb = [e for e in fb
          if not (local(e[1]) == "sheet" and dict((local(k), v) for k, v in e[2]).get("name") in new)
          and not (local(e[1]) == "definedName" and e not in fa and mentions_new(e[3]))]

    def strip(entries):
        out = []
        for e in entries:
            if local(e[1]) == "calcPr":
                attrs = tuple((k, v) for k, v in e[2] if local(k) != "fullCalcOnLoad")
                if not attrs:
                    continue
                e = (e[0], e[1], attrs, e[3])
            out.append(e)
        return out

    calc = [e for e in fb if local(e[1]) == "calcPr"]
    problems = []
    full = dict((local(k), v) for k, v in calc[0][2]).get("fullCalcOnLoad") if calc else None
    if (cells_written and full not in ("1", "true")) or full not in (None, "1", "true"):
        problems.append("    <calcPr fullCalcOnLoad=\"1\"/> is not set")
    if strip(fa) != strip(fb):
        problems += element_diff(strip(fa), strip(fb))
    return problems


def calc_entries(data: bytes) -> list[tuple[str, str]]:
    out, sheet = [], ""
    for c in ET.fromstring(data):
        sheet = c.get("i", sheet)
        out.append((sheet, c.get("r")))
    return out


def is_subsequence(small: list, big: list) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


def resolve(owner_rels: str, target: str) -> str:
    """A relationship target as a package path; `owner_rels` is the .rels part holding it."""
    if target.startswith("/"):
        return target.lstrip("/")
    owner_dir = posixpath.dirname(posixpath.dirname(owner_rels))  # "xl/_rels/x.rels" -> "xl"
    return posixpath.normpath(posixpath.join(owner_dir, target))


def compare_parts(before: str, after: str, expected: dict[str, object], allowed: set[str],
                  removable: set[str], added_sheets: set[str] = frozenset(),
                  added_globs: list[str] = ()) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    info: list[str] = []
    za, zb = zipfile.ZipFile(before), zipfile.ZipFile(after)
    names_a, names_b = za.namelist(), zb.namelist()
    sheets = sheet_parts(za)
    cells_by_part: dict[str, set[str]] = {}
    for key in expected:
        sheet, _, ref = key.rpartition("!")
        for part, name in sheets.items():
            if name == sheet:
                cells_by_part.setdefault(part, set()).add(ref.replace("$", "").upper())
    removed = [n for n in names_a if n not in names_b]
    added = [n for n in names_b if n not in names_a]
    new_sheet_parts = {part for part, name in sheet_parts(zb).items()
                       if name in added_sheets and part not in names_a}
    added_ok = {n for n in added
                if n in new_sheet_parts or any(fnmatch.fnmatch(n, g) for g in added_globs)}
    for n in added:
        if n not in added_ok:
            problems.append(f"part {n} was added")
    if added_ok:
        info.append(f"  added (allowed): {', '.join(sorted(added_ok))}")
    removable_auto = {"xl/calcChain.xml"}
    for n in removed:
        if n not in removable | removable_auto:
            problems.append(f"part {n} was removed")
    if [n for n in names_a if n in names_b] != [n for n in names_b if n in names_a]:
        problems.append("parts are in a different order")
    identical = 0
    dropped_values = 0
    for name in names_a:
        if name not in names_b:
            continue
        a, b = za.read(name), zb.read(name)
        if a == b:
            identical += 1
            continue
        lower = name.lower()
        detail: list[str] = []
        try:
            if name in cells_by_part or name in sheets:
                # A sheet that was not written may only lose cached formula values (its
                # formulas refer to a written sheet).
                detail, dropped = compare_sheet(a, b, cells_by_part.get(name, set()))
                parts_of_what = []
                if name in cells_by_part:
                    parts_of_what.append(f"{len(cells_by_part[name])} expected cell(s)")
                if dropped:
                    parts_of_what.append(f"{dropped} cached formula value(s) dropped")
                what = " and ".join(parts_of_what) or "nothing"
                dropped_values += dropped
            elif lower.endswith("workbook.xml") and "_rels" not in lower:
                detail = compare_workbook(a, b, set(added_sheets), bool(expected))
                what = "calcPr fullCalcOnLoad" + (" and added sheets" if added_sheets else "")
            elif lower.endswith("calcchain.xml"):
                if not is_subsequence(calc_entries(b), calc_entries(a)):
                    detail = ["    entries were changed, not only dropped"]
                what = f"{len(calc_entries(a)) - len(calc_entries(b))} entries dropped"
            elif lower.endswith(".rels") or lower == "[content_types].xml":
                ea = [e for e in flatten(ET.fromstring(a))]
                eb = [e for e in flatten(ET.fromstring(b))]
                gone = [e for e in ea if e not in eb]
                new = [e for e in eb if e not in ea]

                def points_at(e) -> str | None:
                    attrs = dict((local(k), v) for k, v in e[2])
                    if "PartName" in attrs:
                        return attrs["PartName"].lstrip("/")
                    if "Extension" in attrs:
                        return "*." + attrs["Extension"].lower()
                    if "Target" in attrs and attrs.get("TargetMode") != "External":
                        return resolve(name, attrs["Target"])
                    return None

                for e in new:
                    target = points_at(e)
                    if target is None or e[0] == 0:
                        continue
                    if not (target in added_ok or (target.startswith("*.") and any(
                            n.lower().endswith(target[1:]) for n in added_ok))):
                        detail.append(f"    entry for {target} was added but its part was not")
                for e in gone:
                    target = points_at(e)
                    if target is None or e[0] == 0:
                        continue
                    if target not in removed and not target.startswith("*."):
                        detail.append(f"    entry for {target} was removed but its part was not")
                if [e for e in ea if e in eb] != [e for e in eb if e in ea]:
                    detail.append("    entries were changed or reordered")
                    detail += element_diff(ea, eb)
                what = " and ".join(
                    [f"{len(gone)} entr{'y' if len(gone) == 1 else 'ies'} of removed parts"] * bool(gone)
                    + [f"{len(new)} entr{'y' if len(new) == 1 else 'ies'} of added parts"] * bool(new)
                ) or "nothing"
            elif name in allowed:
                what = "allowed to change"
                for line in element_diff(flatten(ET.fromstring(a)), flatten(ET.fromstring(b))):
                    info.append("  " + line)
            else:
                problems.append(f"part {name} changed and no change was expected there")
                try:
                    problems += element_diff(flatten(ET.fromstring(a)), flatten(ET.fromstring(b)))
                except ET.ParseError:
                    pass
                continue
        except ET.ParseError as e:
            problems.append(f"part {name} is not well-formed XML after the patch: {e}")
            continue
        if detail:
            problems.append(f"part {name} changed beyond {what}:")
            problems += detail
        else:
            info.append(f"  {name}: element-identical except {what}")
    info.insert(0, f"parts: {identical} of {len(names_a)} byte-identical"
                + (f", removed: {', '.join(removed)}" if removed else "")
                + (f"; {dropped_values} cached formula value(s) dropped" if dropped_values else ""))
    return problems, info


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--expect-cells", metavar="FILE.json")
    parser.add_argument("--allow-changed-part", action="append", default=[], metavar="PART")
    parser.add_argument("--allow-removed-part", action="append", default=[], metavar="PART")
    parser.add_argument("--allow-added-sheet", action="append", default=[], metavar="NAME")
    parser.add_argument("--allow-added-part", action="append", default=[], metavar="GLOB")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    expected: dict[str, object] = {}
    if args.expect_cells:
        with open(args.expect_cells, encoding="utf-8") as f:
            expected = json.load(f)
    try:
        cell_problems, cell_info = compare_cells(args.before, args.after, expected,
                                                 set(args.allow_added_sheet))
        part_problems, part_info = compare_parts(args.before, args.after, expected,
                                                 set(args.allow_changed_part),
                                                 set(args.allow_removed_part),
                                                 set(args.allow_added_sheet),
                                                 args.allow_added_part)
    except (OSError, zipfile.BadZipFile, KeyError) as e:
        print(f"package_diff: cannot read the packages: {e}", file=sys.stderr)
        return 2
    problems = cell_problems + part_problems
    print(f"package_diff {args.before} -> {args.after}")
    if not args.quiet:
        for line in cell_info + part_info:
            print(line)
    for line in problems:
        print(("UNEXPECTED " if not line.startswith(" ") else "") + line)
    print("OK: only the expected changes" if not problems else f"FAIL: {len([p for p in problems if not p.startswith(' ')])} unexpected difference(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
