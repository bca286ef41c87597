#!/usr/bin/env python3
"""Writes the reconcile benchmark's input: many period-table workbooks that list the same
indicators, plus the mapping that reads them. Without kpimap and without openpyxl.

Every workbook is one sheet "Data" in the layout of samples/001_data_section.csv: a title in A1,
a header row of financial years (2011/12 ... 2020/21) with an empty title cell, then indicator
rows grouped under section titles in bold capitals ("ADULT SOCIAL CARE", ...). The indicators
come from one pool of distinct titles shared by all workbooks (600 by default); each workbook
lists a fixed-size subset of them (500 by default), so any two workbooks overlap heavily:

- every title has "true" values per period (a trend plus noise), a unit (percentage, rate,
  count or score) and a section;
- each workbook shows its values at its own precision (percentages 0.00% or 0.0%, rates and
  scores 0.00 or 0.0, counts #,##0; the number format sets the decimals, the cell holds the full
  value as Excel does) and writes some workbooks' percentages as text ("42.9%");
- a few cells are "-" (missing), some indicators start a few periods late (empty cells), and
  about one cell in 2,000 holds a different value (a conflict for reconcile);
- some titles are written in another case with a trailing full stop in some workbooks (the same
  indicator after folding: merged by title), and some titles have a wording variant used by some
  workbooks instead of the usual wording (never merged, should be suggested).

Output, in OUT_DIR: wb_000.xlsx ... (fixed seed, deterministic bytes), bench-mapping.xml (a
<period-table> mapping; the reconcile benchmark also copies it to bench/results/), and
expected.json with what reconcile() must find, computed here independently: source indicators,
merged indicators, merged observations, agreements, conflicts, the sum of the kept values and
the number of title variants that should come out as suggestions.

Usage: make_indicator_workbooks.py OUT_DIR [--workbooks N] [--indicators N] [--titles N]
                                   [--seed N]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import zipfile
from xml.sax.saxutils import escape

# Bump when the content changes so cached folders from an older generator are not reused.
GENERATOR_VERSION = 1
DEFAULT_WORKBOOKS = 200
DEFAULT_INDICATORS = 500  # per workbook
DEFAULT_TITLES = 600  # distinct titles in the pool all workbooks draw from
DEFAULT_SEED = 20240611
PERIODS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2011, 2021)]  # 2011/12 ... 2020/21
SECTIONS = ["ADULT SOCIAL CARE", "PUBLIC HEALTH", "HEALTH", "EDUCATION", "HOUSING"]

P_MISSING = 0.02  # a value cell is "-"
P_LATE_START = 0.10  # an indicator has no value for its first 1-4 periods (empty cells)
P_CONFLICT = 0.0005  # a value cell differs from the true value
P_CASE_VARIANT_TITLE = 0.05  # share of titles that some workbooks write in another case
P_WORDING_VARIANT_TITLE = 0.05  # share of titles that some workbooks word differently
P_USE_VARIANT = 0.25  # a workbook uses a title's variant instead of its usual wording
P_FULL_PRECISION = 0.7  # a workbook shows percentages and rates at 2 dp (else 1 dp)
P_TEXT_PERCENT = 0.1  # a workbook writes percentages as text ("42.9%")

MAPPING_XML = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by bench/make_indicator_workbooks.py for bench/reconcile_bench.py: the generated
     indicator workbooks, rows of indicators under a header row of financial years (2011/12),
     in sections written in bold capitals. -->
<mapping id="bench-indicator-periods" version="1" title="Benchmark: generated indicator period tables">
  <detect min-score="2">
    <cell pattern="^\\d{4}/\\d\\d$"/>
    <cell text="ADULT SOCIAL CARE"/>
  </detect>

  <framework title="Generated indicator workbook" period="2011/12 to 2020/21"/>

  <period-table id="data" sheet="*" title-column="1" min-periods="2" section-level="section"/>
</mapping>
"""

_MEASURES = [
    ("Proportion of", "percent"),
    ("Percentage of", "percent"),
    ("Rate per 100,000 of", "rate"),
    ("Number of", "count"),
    ("Average score of", "score"),
    ("Crude rate per 1,000 of", "rate"),
]
_POPULATIONS = [
    "adults aged 18 to 64", "older people aged 65 and over", "children aged 4 to 5",
    "children aged 10 to 11", "carers", "adults with a learning disability",
    "adults in contact with secondary mental health services", "service users", "pupils",
    "young people aged 16 to 18", "women at time of delivery", "people with long term conditions",
    "people with dementia", "households", "patients registered with a GP",
]
_SUBJECTS = [
    "in paid employment", "living independently", "who feel safe",
    "admitted to hospital as an emergency", "receiving self-directed support",
    "receiving direct payments", "still at home 91 days after discharge",
    "reporting high life satisfaction", "who smoke", "with excess weight",
    "absent from school", "not in education, employment or training",
    "delayed in transfer of care", "offered rehabilitation after discharge",
    "satisfied with their care and support", "with as much social contact as they would like",
    "in temporary accommodation", "physically active for 150 minutes a week",
    "vaccinated against flu", "waiting more than 18 weeks",
]
_QUALIFIERS = ["(all ages)", "in the year to 31 March", "- provisional figures",
               "(local measure)", "as reported by the provider", "excluding out of area placements"]


def column_name(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


def _not_half(n: int) -> int:
    """Hundredths whose last digit is not 5, so rounding to 1 dp is never a tie."""
    return n + 1 if n % 10 == 5 else n


def _round_div(m: int, k: int) -> int:
    """m / 10**k rounded half away from zero (as kpimap does)."""
    if k <= 0:
        return m * 10 ** (-k)
    q, r = divmod(abs(m), 10 ** k)
    if 2 * r >= 10 ** k:
        q += 1
    return q if m >= 0 else -q


def _fixed(m: int, e: int) -> str:
    """The decimal text of m / 10**e, shortest form ("0.4293", "12", "1.5")."""
    sign = "-" if m < 0 else ""
    m = abs(m)
    if e <= 0:
        return sign + str(m * 10 ** (-e))
    whole, frac = divmod(m, 10 ** e)
    frac_text = f"{frac:0{e}d}".rstrip("0")
    return sign + str(whole) + ("." + frac_text if frac_text else "")


class Title:
    def __init__(self, index: int, text: str, unit: str, section: int):
        self.index = index
        self.text = text
        self.unit = unit
        self.section = section
        self.case_variant: str | None = None
        self.wording_variant: str | None = None
        self.truth: list[int] = []  # per period: hundredths (percent, rate, score) or units (count)
        self.late = 0  # periods without a value at the start


def make_titles(rng: random.Random, count: int) -> list[Title]:
    combos = [(m, p, s) for m in range(len(_MEASURES)) for p in range(len(_POPULATIONS))
              for s in range(len(_SUBJECTS))]
    if count > len(combos):
        raise ValueError(f"at most {len(combos)} distinct titles")
    picked = rng.sample(combos, count)
    titles = []
    for i, (m, p, s) in enumerate(picked):
        measure, unit = _MEASURES[m]
        text = f"{measure} {_POPULATIONS[p]} {_SUBJECTS[s]}"
        t = Title(i, text, unit, i % len(SECTIONS))
        r = rng.random()
        if r < P_CASE_VARIANT_TITLE:
            t.case_variant = text.lower().capitalize().replace("gp", "GP") + "."
            if t.case_variant == text:
                t.case_variant = text.upper()
        elif r < P_CASE_VARIANT_TITLE + P_WORDING_VARIANT_TITLE:
            t.wording_variant = f"{text} {rng.choice(_QUALIFIERS)}"
        if unit == "percent":
            base, step, noise, lo, hi = rng.uniform(5, 90), rng.uniform(-1.5, 1.5), 0.8, 0.1, 99.9
        elif unit == "rate":
            base, step, noise, lo, hi = rng.uniform(20, 900), rng.uniform(-15, 15), 8.0, 1.1, 1e5
        elif unit == "score":
            base, step, noise, lo, hi = rng.uniform(5, 60), rng.uniform(-0.6, 0.6), 0.4, 1.1, 1e5
        else:
            base, step, noise, lo, hi = rng.uniform(50, 50_000), 0, 0, 1, 1e7
            step = base * rng.uniform(-0.04, 0.04)
            noise = base * 0.02
        for k in range(len(PERIODS)):
            v = min(hi, max(lo, base + step * k + rng.gauss(0, noise)))
            t.truth.append(round(v) if unit == "count" else _not_half(round(v * 100)))
        if rng.random() < P_LATE_START:
            t.late = rng.randint(1, 4)
        titles.append(t)
    return titles


def _perturb(rng: random.Random, t: Title, n: int) -> int:
    if t.unit == "count":
        d = max(2, round(n * rng.uniform(0.05, 0.2)))
        return n + d if rng.random() < 0.5 or n - d < 1 else n - d
    d = rng.randint(30, 300)  # 0.3 to 3.0 in display units: differs at 1 dp
    out = n + d if rng.random() < 0.5 or n - d < 110 else n - d
    return _not_half(out)


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
</Relationships>"""

# Cell styles (s="N"): 0 General, 1 bold (titles, sections), 2 0.00%, 3 0.0%, 4 0.00, 5 0.0,
# 6 #,##0.
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.0"/>\
<numFmt numFmtId="166" formatCode="0.00"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2024, 6, 11, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


class Strings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def ref(self, s: str) -> int:
        self.count += 1
        if s not in self.index:
            self.index[s] = len(self.index)
        return self.index[s]

    def xml(self) -> str:
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in self.index)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{self.count}" uniqueCount="{len(self.index)}">{items}</sst>')


def write_workbook(path: str, number: int, rows: list[tuple[Title, str, list]]) -> None:
    """rows: (title, text written, cells); a cell is None (empty), "-", ("n", text, style) or
    ("s", text)."""
    strings = Strings()
    xml_rows = []
    r = 1
    xml_rows.append(f'<row r="{r}"><c r="A{r}" t="s" s="1"><v>'
                    f'{strings.ref(f"Indicator data, area {number:03d}")}</v></c></row>')
    r = 3
    head = [f'<row r="{r}">']
    for k, p in enumerate(PERIODS):
        head.append(f'<c r="{column_name(k + 1)}{r}" t="s"><v>{strings.ref(p)}</v></c>')
    head.append("</row>")
    xml_rows.append("".join(head))
    section = None
    for t, text, cells in rows:
        if t.section != section:
            section = t.section
            r += 1
            xml_rows.append(f'<row r="{r}"><c r="A{r}" t="s" s="1"><v>'
                            f'{strings.ref(SECTIONS[section])}</v></c></row>')
        r += 1
        parts = [f'<row r="{r}"><c r="A{r}" t="s"><v>{strings.ref(text)}</v></c>']
        for k, c in enumerate(cells):
            if c is None:
                continue
            ref = f"{column_name(k + 1)}{r}"
            if c == "-":
                parts.append(f'<c r="{ref}" t="s"><v>{strings.ref("-")}</v></c>')
            elif c[0] == "s":
                parts.append(f'<c r="{ref}" t="s"><v>{strings.ref(c[1])}</v></c>')
            else:
                parts.append(f'<c r="{ref}" s="{c[2]}"><v>{c[1]}</v></c>')
        parts.append("</row>")
        xml_rows.append("".join(parts))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             f'<dimension ref="A1:{column_name(len(PERIODS))}{r}"/><sheetData>'
             + "".join(xml_rows) + "</sheetData></worksheet>")
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_entry("[Content_Types].xml"), _CONTENT_TYPES)
        zf.writestr(_entry("_rels/.rels"), _ROOT_RELS)
        zf.writestr(_entry("xl/workbook.xml"), _WORKBOOK)
        zf.writestr(_entry("xl/_rels/workbook.xml.rels"), _WORKBOOK_RELS)
        zf.writestr(_entry("xl/styles.xml"), _STYLES)
        zf.writestr(_entry("xl/worksheets/sheet1.xml"), sheet.encode())
        zf.writestr(_entry("xl/sharedStrings.xml"), strings.xml().encode())
    os.replace(tmp, path)


def generate(out_dir: str, workbooks: int = DEFAULT_WORKBOOKS,
             indicators: int = DEFAULT_INDICATORS, titles_count: int = DEFAULT_TITLES,
             seed: int = DEFAULT_SEED) -> dict:
    """Writes the workbooks, the mapping and expected.json into out_dir; returns the expectation.
    expected.json is written last, so its presence marks a complete folder."""
    if indicators > titles_count:
        raise ValueError("--indicators must not exceed --titles")
    rng = random.Random(seed)
    titles = make_titles(rng, titles_count)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "bench-mapping.xml"), "w", encoding="utf-8") as f:
        f.write(MAPPING_XML)

    # For the expectation: per (title, period) slot, in the order reconcile meets the values
    # (workbooks in file-name order, rows, then columns), each value as (m, e, shown decimals):
    # the value read is m / 10**e.
    slots: dict[tuple[int, int], list] = {}
    keys_used: set[tuple[int, bool]] = set()  # (title, wording variant?)
    source_observations = valued_observations = 0
    width = len(str(workbooks - 1))
    files = []
    for w in range(workbooks):
        full = rng.random() < P_FULL_PRECISION
        text_percent = rng.random() < P_TEXT_PERCENT
        chosen = sorted(rng.sample(range(titles_count), indicators),
                        key=lambda i: (titles[i].section, i))
        rows = []
        for i in chosen:
            t = titles[i]
            text = t.text
            variant = False
            if t.wording_variant and rng.random() < P_USE_VARIANT:
                text, variant = t.wording_variant, True
            elif t.case_variant and rng.random() < P_USE_VARIANT:
                text = t.case_variant
            keys_used.add((i, variant))
            cells: list = []
            for k in range(len(PERIODS)):
                if k < t.late:
                    cells.append(None)
                    continue
                source_observations += 1
                slot = slots.setdefault((i if not variant else -1 - i, k), [])
                if rng.random() < P_MISSING:
                    cells.append("-")
                    slot.append(None)
                    continue
                n = t.truth[k]
                if rng.random() < P_CONFLICT:
                    n = _perturb(rng, t, n)
                valued_observations += 1
                if t.unit == "count":
                    cells.append(("n", str(n), 6))
                    slot.append((n, 0, 0))
                    continue
                d = 2 if full else 1
                if t.unit == "percent" and text_percent:
                    m = _round_div(n, 2 - d)
                    cells.append(("s", _fixed(m, d) + "%"))
                    slot.append((m, d, d))
                elif t.unit == "percent":
                    cells.append(("n", _fixed(n, 4), 2 if full else 3))
                    slot.append((n, 2, d))
                else:
                    cells.append(("n", _fixed(n, 2), 4 if full else 5))
                    slot.append((n, 2, d))
            rows.append((t, text, cells))
        name = f"wb_{w:0{width}d}.xlsx"
        write_workbook(os.path.join(out_dir, name), w, rows)
        files.append(name)

    # What reconcile() must report: per slot, the kept value is the first with the most decimals
    # shown; every other value agrees with it when both round alike at the coarser precision.
    agreements = conflicts = 0
    kept_sum = []
    for values in slots.values():
        valued = [v for v in values if v is not None]
        if not valued:
            continue
        kept = valued[0]
        for v in valued:
            if v[2] > kept[2]:
                kept = v
        kept_sum.append(kept[0] / 10 ** kept[1])
        for v in valued:
            if v is kept:
                continue
            d = min(v[2], kept[2])
            same = _round_div(v[0], v[1] - d) == _round_div(kept[0], kept[1] - d)
            agreements += same
            conflicts += not same
    variants_used = {i for i, variant in keys_used if variant}
    expected = {
        "generator_version": GENERATOR_VERSION,
        "workbooks": workbooks,
        "indicators_per_workbook": indicators,
        "titles": titles_count,
        "periods": PERIODS,
        "seed": seed,
        "files": files,
        "mapping": "bench-mapping.xml",
        "source_indicators": workbooks * indicators,
        "source_observations": source_observations,
        "source_valued_observations": valued_observations,
        "merged_indicators": len(keys_used),
        "merged_observations": len(slots),
        "agreements": agreements,
        "conflicts": conflicts,
        "kept_value_sum": math.fsum(kept_sum),
        # Wording variants in use whose usual wording is also in use: each should be suggested.
        "wording_variants": sum(1 for i in variants_used if (i, False) in keys_used),
    }
    with open(os.path.join(out_dir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    return expected


def cached_name(workbooks: int, indicators: int, titles: int, seed: int) -> str:
    return (f"indicator_workbooks_{workbooks}x{indicators}of{titles}x{len(PERIODS)}"
            f"_s{seed}_v{GENERATOR_VERSION}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--workbooks", type=int, default=DEFAULT_WORKBOOKS)
    ap.add_argument("--indicators", type=int, default=DEFAULT_INDICATORS,
                    help="indicator rows per workbook")
    ap.add_argument("--titles", type=int, default=DEFAULT_TITLES,
                    help="distinct indicator titles the workbooks draw from")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--force", action="store_true", help="remove OUT_DIR first")
    args = ap.parse_args()
    if args.force and os.path.isdir(args.out_dir):
        shutil.rmtree(args.out_dir)
    expected = generate(args.out_dir, args.workbooks, args.indicators, args.titles, args.seed)
    expected.pop("files")
    print(json.dumps(expected))
    return 0


if __name__ == "__main__":
    sys.exit(main())
