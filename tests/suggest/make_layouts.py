#!/usr/bin/python3
"""Writes workbooks in layouts no bundled mapping fits, for the kpimap suggest tests, in the
style of samples/make_samples.py (openpyxl, not kpimap), with the facts each one plants.

Usage: make_layouts.py OUT_DIR   writes OUT_DIR/<name>.xlsx and OUT_DIR/<name>.facts.json

Facts: indicators (titles), observations [title, period label, value], expectations [title,
period label, kind], links [from, to, meaning]: for matrices `from` is the row item's code, `to`
the column's number, and `meaning` the marker's meaning before OCR damage."""
import json
import os
import sys

import openpyxl
from openpyxl.styles import Font, PatternFill

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HDR = dict(font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="305496"))


def put(ws, row, col, value, **style):
    c = ws.cell(row=row, column=col, value=value)
    for k, v in style.items():
        setattr(c, k, v)
    return c


def trajectory_with_titles(out):
    """A trajectory grid under two title rows and a blank row; themes merged down column A;
    terms with OCR damage (lower-case l for I, a dropped letter, Cyrillic ТВС)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    put(ws, 1, 1, "Riverside Place Partnership \u2013 Outcomes Plan 2023-2027", font=TITLE)
    ws.merge_cells("A1:G1")
    put(ws, 2, 1, "Draft for consultation, March 2023")
    headers = ["Theme", "Measure", "Aim", "2023/24", "2024/25", "2025/26", "2026/27"]
    for j, h in enumerate(headers, 1):
        put(ws, 4, j, h, **HDR)
    periods = ["2023/24", "2024/25", "2025/26", "2026/27"]
    themes = [
        ("Theme 1 Starting Well", [
            ("Children ready for school at age five", "Increase from baseline",
             ["Baseline", "Improvement", "lmprovement", "Improvement"],
             ["baseline", "improvement", "improvement", "improvement"]),
            ("Breastfeeding at six to eight weeks", "Increase",
             ["Baseline", "Baseline", "Improvment", "Improvement"],
             ["baseline", "baseline", "improvement", "improvement"]),
            ("Smoking at time of delivery", "Reduction from baseline",
             ["\u0422\u0412\u0421", "TBC", "TBC", "Long Term Improvement"],
             ["tbc", "tbc", "tbc", "long_term_improvement"]),
        ]),
        ("Theme 2 Living Well", [
            ("Adults who are physically active", "Increase",
             ["Baseline", "Improvement", "Improvement", "Maintain"],
             ["baseline", "improvement", "improvement", "maintain"]),
            ("Emergency admissions for falls in people aged 65 and over", "Reduction",
             ["Baseline", "Improvement", "Improvement", "Improvement"],
             ["baseline", "improvement", "improvement", "improvement"]),
        ]),
        ("Theme 3 Ageing Well", [
            ("Older people still at home 91 days after discharge", "Improvement on baseline",
             ["Baseline", "Improvement", "Improvement", "Improvement"],
             ["baseline", "improvement", "improvement", "improvement"]),
            ("Carers who feel supported", "Improvement",
             ["TBC", "Baseline", "Improvement", "Improvement"],
             ["tbc", "baseline", "improvement", "improvement"]),
        ]),
    ]
    facts = {"indicators": [], "observations": [], "expectations": [], "links": []}
    r = 5
    for theme, rows in themes:
        top = r
        for title, aim, cells, kinds in rows:
            put(ws, r, 2, title)
            put(ws, r, 3, aim)
            for j, (text, kind) in enumerate(zip(cells, kinds)):
                put(ws, r, 4 + j, text)
                facts["expectations"].append([title, periods[j], kind])
            facts["indicators"].append(title)
            facts["links"].append([title, theme.split(" ")[0] + " " + theme.split(" ")[1], "indicator_of"])
            r += 1
        put(ws, top, 1, theme, font=BOLD)
        ws.merge_cells(start_row=top, start_column=1, end_row=r - 1, end_column=1)
    wb.save(os.path.join(out, "trajectory_with_titles.xlsx"))
    return facts


def stacked_mixed_periods(out):
    """One sheet of blocks one under another, each under its own 'Indicator' header with its own
    style of period (financial years, quarters, months, whole-number years), blank rows between
    them, a note under the last; values typed, formatted as percentages, or missing."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPI data"
    put(ws, 1, 1, "Quarterly performance report", font=TITLE)
    blocks = [
        (["2019/20", "2020/21", "2021/22"], ["2019/20", "2020/21", "2021/22"], [
            ("Delayed transfers of care per 100,000", [12.5, 10.25, "-"]),
            ("Permanent admissions to care homes 65+", [610.2, 598.0, 575.4]),
        ]),
        (["Q1 2022/23", "Q2 2022/23", "Q3 2022/23"], ["2022/23 Q1", "2022/23 Q2", "2022/23 Q3"], [
            ("Reablement still at home after 91 days", [(0.81, "0%"), (0.835, "0.0%"), (0.84, "0%")]),
            ("Carers assessed in the quarter", [140, "[x]", 162]),
        ]),
        (["Apr 2023", "May 2023", "Jun 2023"], ["2023-04", "2023-05", "2023-06"], [
            ("Referrals to the front door", [1020, 998, 1105]),
        ]),
        ([2018, 2019, 2020], ["2018", "2019", "2020"], [
            ("Healthy life expectancy at birth", [61.2, 61.5, 60.9]),
            ("Suicide rate per 100,000", [10.1, "..", 10.8]),
        ]),
    ]
    facts = {"indicators": [], "observations": [], "expectations": [], "links": []}
    r = 3
    for headers, labels, rows in blocks:
        put(ws, r, 1, "Indicator", **HDR)
        for j, h in enumerate(headers):
            put(ws, r, 2 + j, h, **HDR)
        r += 1
        for title, values in rows:
            put(ws, r, 1, title)
            facts["indicators"].append(title)
            for j, v in enumerate(values):
                if isinstance(v, tuple):
                    put(ws, r, 2 + j, v[0], number_format=v[1])
                    facts["observations"].append([title, labels[j], round(v[0] * 100, 6)])
                else:
                    put(ws, r, 2 + j, v)
                    if not isinstance(v, str):
                        facts["observations"].append([title, labels[j], v])
            r += 1
        r += 2
    put(ws, r + 2, 1, "Source: local returns. '-' and '..' mark values not available; [x] is suppressed.")
    wb.save(os.path.join(out, "stacked_mixed_periods.xlsx"))
    return facts


def matrix_damaged_markers(out):
    """Priorities and their measures (numbered lists in one cell) against six partnership
    outcomes, with ● and ○ in the cells, some read by OCR as o, O or 0."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Priorities"
    outcomes = ["1. People live longer, healthier lives", "2. Children get the best start",
                "3. People are safe from harm", "4. Carers are supported",
                "5. Communities are connected", "6. Services work as one system"]
    put(ws, 1, 1, "PRIORITY", **HDR)
    put(ws, 1, 2, "Measures", **HDR)
    for j, o in enumerate(outcomes):
        put(ws, 1, 3 + j, o, **HDR)
    rows = [
        ("1.1 Reduce smoking in pregnancy", "1) Smoking at delivery 2) Referrals to stop smoking services",
         {1: ("\u25cf", "strong"), 2: ("\u25cf", "strong"), 6: ("o", "some")}),
        ("1.2 Prevent falls in older people", "1) Falls admissions 65+ 2) Strength and balance classes",
         {1: ("\u25cb", "some"), 3: ("\u25cf", "strong"), 4: ("O", "some")}),
        ("2.1 Support unpaid carers", "1) Carers assessed 2) Carers reporting a break",
         {4: ("\u25cf", "strong"), 5: ("\u25cb", "some"), 6: (0, "some")}),
        ("2.2 Join up discharge", "1) Home after 91 days 2) Delayed days",
         {3: ("\u25cb", "some"), 6: ("\u25cf", "strong"), 1: ("\u25cb", "some")}),
    ]
    facts = {"indicators": [], "observations": [], "expectations": [], "links": []}
    for i, (item, measures, marks) in enumerate(rows):
        r = 2 + i
        put(ws, r, 1, item)
        put(ws, r, 2, measures)
        code = item.split(" ")[0]
        for part in measures.split(") ")[1:]:
            facts["indicators"].append(part.rsplit(" ", 1)[0] if part[-1].isdigit() else part)
        for col, (marker, meaning) in marks.items():
            put(ws, r, 2 + col, marker)
            facts["links"].append([code, str(col), meaning])
    wb.save(os.path.join(out, "matrix_damaged_markers.xlsx"))
    return facts


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for make in (trajectory_with_titles, stacked_mixed_periods, matrix_damaged_markers):
        facts = make(out)
        with open(os.path.join(out, make.__name__ + ".facts.json"), "w") as f:
            json.dump(facts, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
