#!/usr/bin/python3
"""Regenerate the kpimap sample workbooks deterministically.

Run from the repository root:  /usr/bin/python3 samples/make_samples.py

Writer: openpyxl (NOT kpimap).  Each sample carries the content and the
quirks of one seed in /work/shared/seeds/ (see samples/README.md).  The seed
text needed is embedded below, so the script does not need the seeds.

Outputs (all in samples/):
  000_trajectory_grid.xlsx   seed 000  (+ 000_trajectory_grid.ods via LibreOffice)
  001_outcomes_report.xlsx   seed 001  (+ 001_data_section.csv, Windows-1252)
  002_dashboard.xlsx         seed 002
  003_outcomes_framework.xlsx seed 003
  004_mh_pmf_matrix.xlsx     seed 004
  005_stacked_tables.xlsx    seed 001 (its data as stacked tables, each with its own header row)
  006_monthly_performance.xlsx  made-up monthly measures for SPC (no seed has monthly data)
  007_eligible_population.xlsx  made-up figures in the ASCS data return's Eligible Population
                                layout, with breakdowns (+ 007_eligible_population_blank.xlsx,
                                the same layout with its 110 input cells empty: a template)
"""
import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = dt.datetime(2024, 1, 15, 9, 30, 0)

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HDR_FILL = PatternFill("solid", fgColor="1F4E78")
HDR_FONT = Font(bold=True, color="FFFFFF")
SUB_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def new_wb():
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    p = wb.properties
    p.creator = "Performance Team"
    p.lastModifiedBy = "Performance Team"
    p.created = FIXED
    p.modified = FIXED
    return wb


def save(wb, name, patches=None):
    path = os.path.join(HERE, name)
    wb.save(path)
    normalise_zip(path, patches or {})
    return path


def normalise_zip(path, patches):
    """Rewrite the zip with fixed member timestamps so re-runs are byte-identical.

    patches: {(member, cell): literal} rewrites a numeric cell's <v> text.  openpyxl
    writes floats with "%.16g", which would hide 17-significant-digit float noise
    such as 16.590000000000003 that Excel itself writes."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    for (member, cell), literal in patches.items():
        for k, (name, data) in enumerate(items):
            if name == member:
                new, n = re.subn(r'(<c r="%s"[^>]*t="n"[^>]*><v>)[^<]*(</v>)' % cell,
                                 lambda m: m.group(1) + literal + m.group(2), data.decode("utf-8"))
                assert n == 1, (member, cell)
                items[k] = (name, new.encode("utf-8"))
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 15, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, data)
    os.replace(tmp, path)


def widths(ws, mapping):
    for col, w in mapping.items():
        ws.column_dimensions[col].width = w


def pct(text):
    """'2.1%' -> (0.021, '0.0%'): exact decimal division, format keeps the typed decimals."""
    num = text.rstrip("%")
    dec = len(num.split(".")[1]) if "." in num else 0
    fmt = "0%" if dec == 0 else "0." + "0" * dec + "%"
    return float(Decimal(num) / 100), fmt


def typed(text):
    """Convert a seed token to (value, number_format) the way a person would have typed it."""
    t = text.strip()
    if t == "":
        return None, None
    if t.endswith("%") and re.fullmatch(r"-?\d+(\.\d+)?%", t):
        return pct(t)
    if re.fullmatch(r"\d{1,3}(,\d{3})+", t):
        return int(t.replace(",", "")), "#,##0"
    if re.fullmatch(r"-?\d+", t):
        return int(t), "General"
    if re.fullmatch(r"-?\d+\.\d+", t):
        dec = len(t.split(".")[1])
        v = float(t)
        # trailing zeros typed in the source ("380.50", "10.0") survive as a number format
        if t.endswith("0"):
            return v, "0." + "0" * dec
        return v, "General"
    return t, None


def put(ws, ref, value, fmt=None, font=None, align=None, fill=None, border=None):
    c = ws[ref]
    c.value = value
    if fmt and fmt != "General":
        c.number_format = fmt
    if font:
        c.font = font
    if align:
        c.alignment = align
    if fill:
        c.fill = fill
    if border:
        c.border = border
    return c


# ---------------------------------------------------------------------------
# 000  trajectory grid
# ---------------------------------------------------------------------------
SEED_000 = "\n".join([
    'Domain\tIndicator\tTrajectory/Aim\tData Capture\tYear 1 – 20/21\tYear 2 – 21/22\tYear 3 – 22/23\tYear 4 – 23/24\tYear 5 – 24/25',
    'Domain 1 Individual Outcomes\tSocial care related quality of life\tStatistically significant improvement on baseline\tAlready captured\tBaseline\tBaseline\tImprovement\tImprovement\tImprovement',
    '\tHealth-related quality of life for Carers, people with long-term conditions and, older people\tStatistically significant improvement on baseline\tAlready captured\tBaseline\tBaseline\tImprovement\tImprovement\tImprovement',
    '\tProportion of people who use services who have control over their daily life\tStatistically significant improvement on baseline\tAlready captured\tBaseline\tBaseline\tImprovement\tImprovement\tImprovement',
    '\tProportion of patients and service users who feel that they were involved as much as they wanted to be in decisions about their care and support\tStatistically significant improvement on baseline\tAlready captured\tImprovement\tBaseline\tImprovement\tImprovement\tImprovement',
    '\tProportion of people feeling supported to manage their (long-term) condition\tStatistically significant improvement on baseline\tAlready captured\tImprovement\tBaseline\tImprovement\tImprovement\tImprovement',
    '\tUnplanned hospitalisation for chronic ambulatory care sensitive conditions (Examples include Infections, Nutritional, endocrine and metabolic, Diseases of the blood, Mental and behavioural disorders, Neurological disorders, Cardiovascular diseases, Respiratory diseases)\tStatistically significant reduction on baseline\tAlready captured\tBaseline\tBaseline\tImprovement\tImprovement\tImprovement',
    '\tEmployment of people with long-term conditions\tStatistically significant improvement\tAlready captured\tТВС\tТВС\tTBC\tТВС\tTBC',
    '',
    '\t\ton baseline\t\t\t\t\t\t',
    '\tProportion of adult social care users who have as much social contact as they would like\tStatistically significant reduction on baseline\tAlready captured\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tProportion of adult carers who have as much social contact as they would like\tStatistically significant reduction on baseline\tAlready captured\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    'Domain 2 Staff Experience\tTurnover Statistics (To be defined) across key providers\tReduction in turnover\tAlready captured\tBaseline\tBaseline\tImprovement\tImprovement\tImprovement',
    '\tSpend on locum/bank staff across key service providers\tReduction in spend\tAlready captured\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tStaff satisfaction using existing surveys\tImprovement in staff satisfaction\tAlready captured\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tStaff feel they have the skills and knowledge to support people in navigating the health and social care system\tImprovement on baseline\tAlready captured\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tNumber of primary health care professionals per 100,000 population\tTBD\tAlready captured\tTBC\tTBC\tTBC\tTBC\tTBC',
    'Domain 3 Community Health and Wellbeing\tPotential Years of Life Lost (PYLL) from causes considered amenable to healthcare\tReduction from baseline\tAlready captured\t\t\t\t\tLong Term Improvement',
    '\tReducing premature mortality from the major causes of death\tReduction from baseline\tAlready captured\t\t\t\t\tLong Term Improvement',
    '\tExcess Winter Deaths\tReduction\tAlready\t\t\t\t\tLong Term',
    '',
    '\t\tfrom baseline\tcaptured\t\t\t\t\tImprovement',
    '\tImpact on the prevalence of the main\tReduction\tAlready\t\t\t\t\tLong Term',
    '\tlong-term conditions identified in the\tfrom baseline\tcaptured\t\t\t\t\tImprovement',
    '\tJSNA. These are hypertension, common\t\t\t\t\t\t\t',
    '\tmental health disorders, CKD, asthma,\t\t\t\t\t\t\t',
    '\tand diabetes\t\t\t\t\t\t\t',
    '\tSmoking prevalence\tReduction\tAlready\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tSmoking prevalence\tfrom baseline\tcaptured\tImprovement\tImprovement\tmprovement\tmprovement\tmprovement',
    '\tAdmissions for alcohol related conditions\tReduction\tAlready\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\t\tfrom baseline\tcaptured\t\t\t\t\t',
    '\tImmunisation rates\tImprovement\tAlready\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\t\tfrom baseline\tcaptured\t\t\t\t\t',
    '\tPercentage of physically active and\tImprovement\tAlready\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tinactive adults – active adults\tfrom baseline\tcaptured\t\t\t\t\t',
    '\tMeasure of social isolation\tReduction\tAlready\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\t\tfrom baseline\tcaptured\t\t\t\t\t',
    'Domain 4\tPatients experience of Integrated Care\tImprovement\tTBC\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    'Patient, User\t\tfrom baseline\t\t\t\t\t\t',
    'and Carer\tOverall satisfaction of people who use\tImprovement\tAlready\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    'Experience\tservices with their care and support\tfrom baseline\tcaptured\t\t\t\t\t',
    '\t(Social Care\t\t\t\t\t\t\t',
    '\tOverall satisfaction of carers with social\tImprovement\tAlready\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tservices\tfrom baseline\tcaptured\t\t\t\t\t',
    '\tPrimary Care experience measure\tImprovement\tAlready\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\t\tfrom baseline\tcaptured\t\t\t\t\t',
    '\tPeople who use services who say that\tImprovement\tAlready\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tthose services have made them feel safe\tfrom baseline\tcaptured\t\t\t\t\t',
    '',
    '\tand secure\t\t\t\t\t\t\t',
    '\tPatient Activation Measures\tTBD\tTBD\tTBC\tTBC\tTBC\tTBC\tТВС',
    '\tNumber of residents involved in Neighbourhoods coproduction work\tImprovement from baseline\tNew\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tMeasure of experience of residents involved in coproduction work\tImprovement from baseline\tNew\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    'Domain 5 Organisational Processes and\tEmergency admissions rate per 100,000 population\tReduction from baseline\tAlready Captured\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    'Systems\tEmergency readmissions within 30 days of discharge from hospital\tReduction from baseline\tAlready captured\tBaseline\tBaseline\tImprovement\tImprovement\tImprovement',
    '\tDelayed Transfer of Care Metrics\tReduction from baseline\tAlready captured\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tAvoidable admissions to hospitals\tReduction from baseline\tAlready captured\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tLength of hospital stay for emergency admissions (excess bed days)\tReduction from baseline\tAlready captured\tBaseline\tBaseline\tImprovement\tImprovement\tImprovement',
    '\tNumber of adverse events outside of the acute setting\tReduction from baseline\tAlready captured\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tAttendances at A&E for primary care conditions including dental, minor injuries and minor eye conditions\tReduction from baseline\tAlready captured\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tSocial Prescribing measures\tIncrease in update\tAlready captured\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tAccess to Primary Care\tImprovement in access\tAlready captured\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tPatients with multiple admissions per year for specific age groups and prior conditions\tReduction in admissions from baseline\tNew\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '',
    '\tUse of voluntary sector metric (TBD)\tTBD\tTBD\tТВС\tТВС\tTBC\tТВС\tТВС',
    '\tContribution of voluntary sector metric (TBD)\tTBD\tTBD\tТВС\tТВС\tТВС\tТВС\tТВС',
    'Domain 6 Integrated Working\tEffectiveness of team working questionnaire\tImprovement from baseline\tNew\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tNumber of multi-disciplinary training events\tIncrease in events\tNew\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tNumber of staff trained in a multi- disciplinary setting\tIncrease in number of staff trained\tNew\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tNumber of multi-disciplinary MDT in a community setting\tIncrease in number\tNew\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tQuality of MDT meetings\tImprovement from baseline\tNew\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tPatient experience of MDT working\tImprovement from baseline\tNew\tBaseline\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tNumber of people with a care plan which is reviewed at agreed frequency\tImprovement from baseline\tAlready captured\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
    '\tNumber of Adult Safeguarding reviews where coordination of care is a factor\tReduction from baseline\tAlready captured\tImprovement\tImprovement\tImprovement\tImprovement\tImprovement',
])

# first/last seed line (1-based) of each domain; lines map to sheet rows line+2
DOMAINS_000 = [  # (label, first_line, last_line, merged?)
    ("Domain 1", 2, 12, True),
    ("Domain 2", 13, 17, True),
    ("Domain 3", 18, 37, True),
    ("Domain 4", 38, 53, False),
    ("Domain 5", 54, 66, False),
    ("Domain 6", 67, 74, True),
]


def make_000():
    wb = new_wb()
    ws = wb.create_sheet("Outcomes Trajectory")
    lines = SEED_000.split("\n")
    ncol = len(lines[0].split("\t"))
    last = get_column_letter(ncol)
    put(ws, "A1", "ICP Outcomes Framework \u2013 Five Year Trajectory", font=TITLE)
    ws.merge_cells(f"A1:{last}1")
    off = 2  # seed line n -> sheet row n + 2  (A1 title, row 2 blank, header on row 3)
    for n, line in enumerate(lines, 1):
        r = n + off
        if line == "":
            continue  # blank seed line = blank sheet row
        for j, v in enumerate(line.split("\t"), 1):
            if v == "":
                continue
            c = ws.cell(row=r, column=j, value=v)
            if n == 1:
                c.font = HDR_FONT
                c.fill = HDR_FILL
                c.alignment = CENTER
                c.border = BOX
            elif j <= 4:
                c.alignment = WRAP
            else:
                c.alignment = Alignment(horizontal="center", vertical="top")
    for label, a, b, merged in DOMAINS_000:
        top = a + off
        ws.cell(row=top, column=1).font = BOLD
        if merged:
            ws.merge_cells(start_row=top, start_column=1, end_row=b + off, end_column=1)
            ws.cell(row=top, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        else:
            for r in range(top, b + off + 1):
                if ws.cell(row=r, column=1).value:
                    ws.cell(row=r, column=1).font = BOLD
    widths(ws, {"A": 24, "B": 55, "C": 30, "D": 16, "E": 14, "F": 14, "G": 14, "H": 14, "I": 16})
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = "A4"
    ws.sheet_view.zoomScale = 90
    save(wb, "000_trajectory_grid.xlsx")


# ---------------------------------------------------------------------------
# 001  outcomes report
# ---------------------------------------------------------------------------
OUTCOMES_001 = [
    # (number, title, summary sentence, outputs without assigned measures)
    (1, "Ensure the best possible start to life for children, young people and their families",
     "Of 13 indicators identified for this outcome, 5 have seen a positive change, 3 remain fairly stable and 3 have changed negatively. For 2 indicators there is not a comparator year.", []),
    (2, "Support those young people who are most vulnerable and ensure their transition into adulthood is positive",
     "Of 6 indicators identified for this outcome, 3 have seen a positive change, 1 remains fairly stable and 1 has changed negatively. For 1 indicator there is not a comparator year.", []),
    (3, "Enable people to effectively manage and maintain their physical and mental health and wellbeing",
     "Of 13 indicators identified for this outcome, 7 have seen a positive change, 4 remain fairly stable and 1 has changed negatively. For 1 indicator there is not a comparator year.",
     ["People will have equitable access to screening and prevention services to help them avert ill health",
      "Communities that understand dementia issues and support dementia sufferers"]),
    (4, "Ensure that people with disabilities have the same choice, control and freedom as any other individual - at home, at work and as members of the community",
     "Of 9 indicators identified for this outcome, 3 have seen a positive change, 3 remain fairly stable and 2 have changed negatively. The first indicator is not rated as good or bad.", []),
    (5, "Provide additional support to other vulnerable groups of people",
     "All outputs do not yet have assigned measures. This is because they mostly focus on quality of service, rather than number of service users.",
     ["Health and care services that better meet the needs of vulnerable people to accelerate improvement in their health and wellbeing outcomes",
      "Better mechanisms of identifying vulnerable people and ensuring that they are signposted to the most appropriate services",
      "Safe and suitable housing provided by the private sector"]),
    (6, "Enable older people to be able to remain in their own homes and to live healthy lives for as long as possible",
     "Of 5 indicators identified for this outcome, 3 have seen a positive change and 2 have changed negatively.", []),
    (7, "Take an asset based approach to working which values communities and the range of assets they possess",
     "All outputs do not yet have assigned measures.",
     ["Organisations with an understanding of what community assets exist and how they can work in collaboration",
      "Services and resources in place that are based on community identified needs"]),
    (8, "Work in partnership with our communities to build capacity and support them to increase their resilience, enabling them to better care for themselves within the community",
     "Of 6 indicators identified for this outcome, 5 have seen a positive change and 1 has changed negatively.", []),
    (9, "Empower individuals and communities to take control and responsibility for their own and the community's health and wellbeing",
     "Of 10 indicators identified for this outcome, 6 have seen a positive change, 2 remain fairly stable and 1 has changed negatively. For 1 indicator there is not a comparator year.",
     ["Front line workers from a range of sectors and community leaders supporting Making Every Contact Count (MECC) and 5 Ways to Wellbeing"]),
    (10, "Ensure infrastructure, public services and resources are effective, accessible and tailored to those communities that need it the most",
     "Of 6 indicators identified for this outcome, 2 have seen a positive change, 2 remain fairly stable and 1 has changed negatively. For 1 indicator there is not a comparator year.", []),
    (11, "Facilitate communities to take ownership of shaping and transforming local services",
     "All outputs do not yet have assigned measures.",
     ["Communities and organisations working together to co-design, produce and deliver integrated services",
      "Social enterprises established and working together with commissioners and organisations to deliver local services"]),
    (12, "Improve educational attainment and access to learning at all ages",
     "Of 3 indicators identified for this outcome, 1 has seen a positive change, 1 remains fairly stable and 1 is worse than comparators (no data from previous year to compare).", []),
    (13, "Facilitate communities to expand social capital and neighbourliness, building and increase in resilience",
     "The one indicator identified has changed positively.",
     ["Volunteers are community champions and supported to work with their community"]),
    (14, "Support people to remain healthy and independent, in their own homes for longer",
     "Of 4 indicators identified for this outcome, 2 have seen a positive change and 2 have changed negatively.", []),
    (15, "Improve accessibility and visibility of 'front doors' to support people, to make the right choice, the easiest choice, informed by customer journey examples",
     "All outputs do not yet have assigned measures.",
     ["Redesigned services appropriately, having considered integration options",
      "Undertaken customer journey mapping of experiences at front door services",
      "Scoped the IT and infrastructure requirements needed to facilitate delivery"]),
    (16, "Improve care coordination in the community for high risk/cost patients",
     "All outputs do not yet have assigned measures.",
     ["Used appropriate engagement methods and worked with individuals, their carers and families to assist in the redesign of services",
      "Establish multi agency project groups to identify models that best fit the local areas, based around an integrated team approach. Using case management, linked to GP clustered practices",
      "Incorporated the requirement to align processes for accessing personal budgets"]),
    (17, "Improve data sharing, IT infrastructure and health and social care governance",
     "All outputs do not yet have assigned measures.",
     ["Establish compatible systems to enable sharing of data",
      "Enable the use of NHS numbers to be used as unique identifiers to share data and business intelligence, using a 'hub' where key data on individuals can be collated in a joint summary care record",
      "Developed a solution for the ability to send information confidentially and safely between organisations without compromising information governance"]),
    (18, "Improve partnerships across the wider social determinants of health",
     "Of 6 indicators identified for this outcome, 1 has seen a positive change and 4 have changed negatively. NEET figures do not have a comparison for the previous year.", []),
]

# Outcome 1: horizontal blocks.  (title, marker or "", header label, periods, [(row label, values)])
O1_SERIES = [
    ("Infant mortality per 1000 live births", "\u2718", ["2013", "2014", "2015"], [("Value", ["3.3", "4.8", "5.1"])]),
    ("Low birth weight of term babies", "", ["2012", "2013", "2014", "2015"], [("Value", ["2.1%", "2.4%", "2.7%", "2.7%"])]),
    ("Smoking status at time of delivery", "\u2714", ["13/14", "14/15", "15/16"], [("Value", ["13.1%", "11.5%", "9.7%"])]),
    ("Under 18 conceptions per 1000 females aged 15-17", "\u2714", ["2012", "2013", "2014"], [("Value", ["24.3", "23.4", "22.9"])]),
    ("Excess weight in 4 to 5 year olds", "", ["13/14", "14/15", "15/16"], [("Value", ["20.5%", "21.1%", "21.2%"])]),
    ("Number of common assessment frameworks engaged with", "", ["16/17"], [("Value", ["1,010"])]),
    ("Number of early help family support worker interventions where the family is engaging", "", ["16/17"], [("Value", ["236"])]),
    ("KS4 results: People receiving A*-C in English and Maths GCSE", "\u2714", ["2014", "2015", "2016"], [("Value", ["62%", "63%", "67%"])]),
    ("Pupil absence", "", ["13/14", "14/15", "15/16"], [("Value", ["4.3%", "4.4%", "4.3%"])]),
    ("Number of parent who have attended parenting courses", "\u2714", ["15/16", "16/17"], [("Attended", ["392", "436"]), ("Completed", ["335", "368"])]),
    ("Children in low income families (under 16)", "\u2718", ["2012", "2013", "2014"], [("Value", ["13.2%", "12.9%", "13.9%"])]),
    ("Children in low income families (all dependent children under 20)", "\u2718", ["2012", "2013", "2014"], [("Value", ["12.6%", "12.2%", "13.4%"])]),
    ("Children aged 0-15 in out-of-work benefit households", "\u2714", ["2013", "2014", "2015"], [("Value", ["13%", "12%", "10%"])]),
]

# Outcomes 2-6: vertical two-column blocks, three panels per band as in the report.
# (title as printed incl. judgement marker, bold?, (col1 header, col2 header), [(period, value)])
V_SERIES = {
    2: [
        ("Adults with a learning disability in paid employment", True, ("Year", "Percentage"),
         [("12/13", "5.8%"), ("13/14", "7.3%"), ("14/15", "11.3%"), ("15/16", "11.9%"), ("16/17", "11.5%")]),
        ("Adults with a learning disability who live in their own home or with their family \u2713", True, ("Year", "Percentage"),
         [("12/13", "72.6%"), ("13/14", "67.4%"), ("14/15", "73.5%"), ("15/16", "71.1%"), ("16/17", "72.5%")]),
        ("16-17 year olds not in education, employment or training", True, ("Category", "Percentage"),
         [("NEET", "2.4%"), ("Not known", "3.9%")]),
        ("Under 18 conceptions per 1000 females aged 15-17 \u2713", True, ("Year", "Value"),
         [("2012", "24.3"), ("2013", "23.4"), ("2014", "22.9")]),
        ("Adult social care service users who feel safe \u2713", True, ("Year", "Percentage"),
         [("12/13", "61%"), ("13/14", "70%"), ("14/15", "68%"), ("15/16", "68%"), ("16/17", "70%")]),
        ("Service users who say that services have made them feel safe and secure \u2717", True, ("Year", "Percentage"),
         [("12/13", "77%"), ("13/14", "84%"), ("14/15", "91%"), ("15/16", "92%"), ("16/17", "88%")]),
    ],
    3: [
        ("Excess weight in 4 to 5 year olds", True, ("Year", "Percentage"),
         [("13/14", "20.5%"), ("14/15", "21.1%"), ("15/16", "21.2%")]),
        ("Excess weight in 10 to 11 year olds \u2717", True, ("Year", "Percentage"),
         [("13/14", "30.5%"), ("14/15", "30.7%"), ("15/16", "32.4%")]),
        ("Excess weight in adults", True, ("Year", "Percentage"),
         [("2012-14", "65.6%"), ("2013-15", "65%")]),
        ("Physically active adults \u2713", True, ("Year", "Percentage"),
         [("2013", "59.1%"), ("2014", "58.2%"), ("2015", "61.2%")]),
        ("Physically inactive adults \u2713", True, ("Year", "Percentage"),
         [("2013", "26.2%"), ("2014", "28.2%"), ("2015", "24.4%")]),
        ("Smoking status at time of delivery \u2713", True, ("Year", "Percentage"),
         [("13/14", "13.1%"), ("14/15", "11.5%"), ("15/16", "9.7%")]),
        ("Smoking prevalence in adults with serious mental illness", True, ("Year", "Percentage"),
         [("14/15", "38.3%")]),
        ("Emergency hospital admissions for intentional self-harm per 100,000 \u2713", True, ("Year", "Value"),
         [("12/13", "1062"), ("13/14", "1173"), ("14/15", "1065")]),
        ("Chlamydia diagnoses per 100,000 population for people aged 15-24 \u2713", True, ("Year", "Value"),
         [("2013", "1543"), ("2014", "1569"), ("2015", "1416")]),
    ],
    4: [  # titles not bold in the seed
        ("Service users and carers who find it easy to find information about support \u2713", False, ("Year", "Percentage"),
         [("12/13", "66%"), ("13/14", "70%"), ("14/15", "73%"), ("15/16", "75%"), ("16/17", "79%")]),
        ("People receiving carer-specific services in the year to 31 March who received direct payments \u2717", False, ("Year", "Percentage"),
         [("12/13", "15.9%"), ("13/14", "20.4%"), ("14/15", "39.4%"), ("15/16", "85.0%"), ("16/17", "23.0%")]),
        ("People receiving carer-specific services in the year to 31 March who received self-directed support \u2717", False, ("Year", "Percentage"),
         [("12/13", "71.3%"), ("13/14", "76.3%"), ("14/15", "70.7%"), ("15/16", "100%"), ("16/17", "92.4%")]),
    ],
    6: [
        ("Delayed transfers of care attributable to adult social care or both per 100,000 population for people aged 18+ \u2717", False, ("Year", "Value"),
         [("12/13", "3.8"), ("13/14", "1.8"), ("14/15", "5"), ("15/16", "6.9"), ("16/17", "8.85")]),
        ("Delayed transfers of care per 100,000 population for people aged 18+ \u2717", False, ("Year", "Value"),
         [("12/13", "13.2"), ("13/14", "10.0"), ("14/15", "17.1"), ("15/16", "15.3"), ("16/17", "16.6")]),
        ("People offered rehabilitation following discharge from acute or community hospital \u2713", False, ("Year", "Percentage"),
         [("14/15", "3.8%"), ("15/16", "5.6%")]),
        ("People 65+ still at home 91 days after discharge from hospital into reablement/ rehabilitation services \u2713", False, ("Year", "Percentage"),
         [("12/13", "82.2%"), ("13/14", "87.9%"), ("14/15", "83.4%"), ("15/16", "84.0%"), ("16/17", "94.8%")]),
        ("Overall satisfaction of people who use services with their care and support \u2713", False, ("Year", "Percentage"),
         [("12/13", "59.9%"), ("13/14", "62.6%"), ("14/15", "61.2%"), ("15/16", "66.7%"), ("16/17", "68.0%")]),
    ],
}

# Data section, lines 341-402 of the seed, verbatim (tab-separated).
DATA_001 = "\n".join([
    '\t12/13\t13/14\t14/15\t15/16\t16/17',
    '<b>ADULT SOCIAL CARE</b>\t\t\t\t\t',
    'The proportion of people who use services and carers who find it easy to find information about support\t66%\t70%\t73%\t75%\t79%',
    'Proportion of people who use services and their carers, who reported that they had as much social contact as they would like/ Social Isolation\t-\t42.90%\t41.10%\t40.60%\t43.00%',
    'Proportion of people who use services who have control over their daily life\t-\t-\t74.40%\t76%\t77%',
    'Adult social care quality of life for people with long term conditions (result is out of 24)\t18.5\t18.8\t19\t19\t19.1',
    'Proportion of adults with a learning disability in paid employment\t5.80%\t7.30%\t11.30%\t11.90%\t11.50%',
    'Proportion of adults in contact with secondary mental health services in paid employment\t20.20%\t17.30%\t22.00%\t19.90%\t20.71%',
    'Proportion of older people (65 and over) who were still at home 91 days after discharge from hospital into reablement/rehabilitation services\t0.822\t0.879\t83.40%\t84%\t95%',
    'Proportion of service users accessing long-term community support at year-end (31 March) who were receiving self-directed support\t71.20%\t95.70%\t93.88%\t97.80%\t96.20%',
    'People receiving carer-specific services in the year to 31 March who received self-directed support\t71.30%\t76.30%\t70.70%\t100%\t92%',
    'Proportion of service users accessing long-term support at the year-end 31 March who were receiving direct payments\t15.90%\t20.10%\t26.70%\t17.30%\t29.30%',
    'People receiving carer-specific services in the year to 31 March who received direct payments\t15.90%\t20.40%\t39.44%\t85.00%\t23.00%',
    'Proportion of adults with a learning disability who live in their own home or with their family\t72.60%\t67.40%\t73.48%\t71.10%\t72.50%',
    'Proportion of adults in contact with secondary mental health services living independently, with or without support\t73.10%\t81.00%\t85.93%\t79.80%\t87.00%',
    'The proportion of people who use services who feel safe\t60.90%\t70.40%\t68.00%\t67.90%\t70.00%',
    'Overall satisfaction of people who use services with their care and support\t59.90%\t62.60%\t61.20%\t66.70%\t68.00%',
    'The proportion of people who use services who say that those services have made them feel safe and secure\t77.4%\t83.6%\t91.1%\t91.6%\t88.0%',
    'Average number of delayed transfers of care (for those aged 18 and over), per 100,000 population\t13.2\t10\t17.1\t15.3\t16.59',
    'Average number of delayed transfers of care attributable to adult social care or both per 100,000 population for people aged 18+\t3.8\t1.8\t5\t6.9\t8.85',
    '<b>EDUCATION</b>\t\t\t\t\t',
    'Pupil absence\t-\t4.3%\t4.4%\t4.3%\t',
    '<b>HEALTH</b>\t\t\t\t\t',
    '',
    'People offered rehabilitation following discharge from acute or community hospital\t-\t-\t3.8%\t5.6%\t',
    'Excess weight in 4 to 5 year olds\t-\t20.5%\t21.1%\t21.2%\t',
    'Excess weight in 10 to 11 year olds\t-\t30.5%\t30.7%\t32.4%\t',
    'Smoking status at time of delivery\t-\t13.1%\t11.5%\t9.7%\t',
    'Emergency hospital admissions for intentional self-harm per 100,000\t1062\t1173\t1065\t\t',
    'Smoking prevalence in adults with serious mental illness\t\t\t38.3%\t\t',
    'Mean score of the 14 wellbeing (WEMWBS) statements\t\t\t47.4\t\t',
    'Self-reported wellbeing high happiness score, % of respondents\t\t77.1%\t81.4%\t80.1%\t',
    'Self-reported wellbeing high satisfaction, % of respondents\t\t83%\t85.7%\t85.3%\t',
    '',
    '\t2012\t2013\t2014\t2015\t2016',
    'Under 18 conceptions per 1000 females aged 15-17\t24.3\t23.4\t22.9\t\t',
    'Low birth weight of term babies\t2.1%\t2.4%\t2.7%\t2.7%\t',
    'Chlamydia diagnoses per 100,000 for people aged 15-24\t-\t1543\t1569\t1416\t',
    'Infant mortality per 1000 live births\t-\t3.3\t4.8\t5.1\t',
    'Children in low income families (under 16)\t13.2%\t12.9%\t13.9%\t\t',
    'Children in low income families (all children)\t12.6%\t12.2%\t13.4%\t\t',
    'Children aged 0-15 in out-of-work benefit households\t-\t13%\t12%\t10%\t',
    'Physically active adults\t-\t59.1%\t58.2%\t61.2%\t',
    'Physically inactive adults\t-\t26.2%\t28.2%\t24.4%\t',
    'KS4 results, % receiving A*-C in English and Maths GCSE\t-\t-\t62%\t63%\t67%',
    'KS4 results, % receiving A*-C in English and Maths GCSE – eligible for free school meals\t-\t-\t-\t-\t33.3%',
    'Young people receiving a conviction rate per 1,000 of 10-17 population\t0.22\t0.22\t0.22\t0.1\t0.2',
    'First time entrants to the youth justice system\t380.50\t338.30\t379.40\t318.30\t329.40',
    'Percentage of children looked after who have a statement of SEN/EHCP\t32.60\t29.70\t33.00\t30.20\t24.30',
    '',
    '\t2011-2013\t2012-14\t2013-15',
    'Excess weight in adults\t\t65.6%\t65%',
    'Healthy life expectancy at birth - Female\t66.5\t67.6\t67.6',
    'Healthy life expectancy at birth - Male\t67.3\t67.6\t68',
    'Life expectancy at birth - Female\t83.6\t83.8\t83.6',
    'Life expectancy at birth - Male\t79.9\t80\t80',
    'Life expectancy at 65 - Female\t21.6\t21.6\t21.5',
    'Life expectancy at 65 - Male\t18.9\t19\t19.1',
    '',
    '\t31/12/2016',
    '16-17 year old NEET\t2.4%',
    'Not known\t3.9%',
])

# Deliberate float noise: (seed line, column index) -> stored float
NOISE_001 = {
    (359, 5): 16.590000000000003,   # 16.59 -> F-column of the DTOC row
    (350, 3): 0.9388000000000001,   # 93.88% stored with noise, shown 0.00%
}
DATA_FIRST_LINE = 341
DATA_ROW_OFFSET = 338  # seed line 341 -> sheet row 3


def year_cell(text):
    """Period labels: 4-digit years typed as numbers, '13/14' etc. kept as text."""
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    return text


def outcome_header(ws, num, with_legend=False):
    o = OUTCOMES_001[num - 1]
    put(ws, "A1", f"{o[0]}: {o[1]}", font=TITLE)
    put(ws, "A2", o[2], align=Alignment(wrap_text=False))
    if with_legend:
        put(ws, "A3", "\u25a0 Warwickshire   \u25a0 2015/16 Comparators   \u2504 2015/16 England   \u2504 Provisional result",
            font=Font(italic=True, color="595959"))


def make_001():
    wb = new_wb()
    # -- Outcomes summary sheet
    ws = wb.create_sheet("Outcomes")
    put(ws, "A1", "Health and Wellbeing Outcomes", font=TITLE)
    put(ws, "A2", "Insight Service, July 2017", font=Font(italic=True))
    hdr = ["Outcome", "Title", "Indicator summary", "Outputs without assigned measures"]
    for j, h in enumerate(hdr, 1):
        put(ws, f"{get_column_letter(j)}4", h, font=HDR_FONT, fill=HDR_FILL, align=CENTER, border=BOX)
    for i, (num, title, summ, outs) in enumerate(OUTCOMES_001):
        r = 5 + i
        put(ws, f"A{r}", num, align=Alignment(horizontal="center", vertical="top"))
        put(ws, f"B{r}", title, align=WRAP)
        put(ws, f"C{r}", summ, align=WRAP)
        if outs:
            put(ws, f"D{r}", "\n".join("- " + x for x in outs), align=WRAP)
    widths(ws, {"A": 10, "B": 55, "C": 60, "D": 70})
    ws.freeze_panes = "A5"

    # -- Outcome 1: horizontal Year/Value blocks stacked down column A
    ws = wb.create_sheet("Outcome 1")
    outcome_header(ws, 1, with_legend=True)
    r = 5
    for title, marker, periods, rows in O1_SERIES:
        put(ws, f"A{r}", title, font=BOLD)
        if marker:
            put(ws, f"B{r}", marker, font=Font(bold=True, color="00B050" if marker == "\u2714" else "C00000"))
        r += 1
        put(ws, f"A{r}", "Year", font=BOLD, fill=SUB_FILL, border=BOX)
        for j, p in enumerate(periods, 2):
            put(ws, ws.cell(row=r, column=j).coordinate, year_cell(p),
                fill=SUB_FILL, border=BOX, align=Alignment(horizontal="center"))
        for label, vals in rows:
            r += 1
            put(ws, f"A{r}", label, font=BOLD, border=BOX)
            for j, v in enumerate(vals, 2):
                val, fmt = typed(v)
                put(ws, ws.cell(row=r, column=j).coordinate, val, fmt=fmt, border=BOX)
        r += 2
    widths(ws, {"A": 48, "B": 10, "C": 10, "D": 10, "E": 10})

    # -- Outcomes 2,3,4,6: vertical blocks, three panels per band (A:B, D:E, G:H)
    for num, series in V_SERIES.items():
        ws = wb.create_sheet(f"Outcome {num}")
        outcome_header(ws, num)
        r = 5
        for k in range(0, len(series), 3):
            band = series[k:k + 3]
            height = 0
            for p, (title, bold, (h1, h2), pts) in enumerate(band):
                c0 = 1 + 3 * p
                L0, L1 = get_column_letter(c0), get_column_letter(c0 + 1)
                put(ws, f"{L0}{r}", title, font=BOLD if bold else None, align=WRAP)
                ws.merge_cells(f"{L0}{r}:{L1}{r}")
                put(ws, f"{L0}{r + 1}", h1, font=BOLD, fill=SUB_FILL, border=BOX)
                put(ws, f"{L1}{r + 1}", h2, font=BOLD, fill=SUB_FILL, border=BOX)
                for q, (per, v) in enumerate(pts):
                    put(ws, f"{L0}{r + 2 + q}", year_cell(per), border=BOX, align=Alignment(horizontal="left"))
                    val, fmt = typed(v)
                    put(ws, f"{L1}{r + 2 + q}", val, fmt=fmt, border=BOX)
                height = max(height, 2 + len(pts))
            ws.row_dimensions[r].height = 45
            r += height + 1
        widths(ws, {"A": 16, "B": 16, "C": 3, "D": 16, "E": 16, "F": 3, "G": 16, "H": 16})

    # -- Data sheet: the report's Data section verbatim
    ws = wb.create_sheet("Data")
    put(ws, "A1", "Data", font=TITLE)
    for k, line in enumerate(DATA_001.split("\n")):
        n = DATA_FIRST_LINE + k
        r = n - DATA_ROW_OFFSET
        if line == "":
            continue
        cells = line.split("\t")
        head = cells[0] == "" and len(cells) > 1
        m = re.fullmatch(r"<b>(.*)</b>", cells[0])
        for j, v in enumerate(cells, 1):
            if j == 1 and m:
                put(ws, f"A{r}", m.group(1), font=BOLD, fill=SUB_FILL)
                continue
            if v == "":
                continue
            coord = ws.cell(row=r, column=j).coordinate
            if head:
                if re.fullmatch(r"\d{2}/\d{2}/\d{4}", v):
                    d, mth, y = map(int, v.split("/"))
                    put(ws, coord, dt.datetime(y, mth, d), fmt="dd/mm/yyyy", font=BOLD, fill=SUB_FILL)
                else:
                    put(ws, coord, year_cell(v), font=BOLD, fill=SUB_FILL, align=Alignment(horizontal="right"))
                continue
            if j == 1:
                put(ws, coord, v, align=Alignment(wrap_text=True, vertical="top"))
                continue
            val, fmt = typed(v)
            if (n, j - 1) in NOISE_001:
                val = NOISE_001[(n, j - 1)]
            put(ws, coord, val, fmt=fmt, align=Alignment(horizontal="right"))
    widths(ws, {"A": 90, "B": 11, "C": 11, "D": 11, "E": 11, "F": 11})
    ws.freeze_panes = "B4"
    data_member = "xl/worksheets/sheet%d.xml" % (wb.sheetnames.index("Data") + 1)
    patches = {}
    for (n, k), v in NOISE_001.items():
        patches[(data_member, "%s%d" % (get_column_letter(k + 1), n - DATA_ROW_OFFSET))] = repr(v)
    save(wb, "001_outcomes_report.xlsx", patches)

    # -- CSV: Excel-style Windows-1252 export of the 12/13..16/17 table (seed lines 341-373)
    path = os.path.join(HERE, "001_data_section.csv")
    rows = [["Health and Wellbeing Outcomes \u2013 Data (Insight Service, July 2017)", "", "", "", "", ""]]
    for line in DATA_001.split("\n")[: 373 - DATA_FIRST_LINE + 1]:
        cells = line.split("\t") if line else [""]
        cells[0] = re.sub(r"</?b>", "", cells[0])
        cells += [""] * (6 - len(cells))
        rows.append(cells[:6])
    with open(path, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerows(rows)


# ---------------------------------------------------------------------------
# 002  JHWS dashboard
# ---------------------------------------------------------------------------
def R(b="", c="", d="", e="", f="", a="", vmerge=0, hmerge=False):
    """One dashboard row: B indicator, C ref, D commitment, E success, F actions (A = stray text).
    vmerge=n: merge C and D downwards over n rows (ref/commitment spanning its action rows);
    hmerge: merge C:D across (ref and commitment typed into one cell)."""
    return {"cells": [a, b, c, d, e, f], "vmerge": vmerge, "hmerge": hmerge}


P = "\n"  # paragraphs inside one cell (<p> in the seed)

DASHBOARD_002 = [
    ("Best Start for Life", "What does success look like", [
        ("First 1001 Critical Days", [
            R("1. Smoking status at time of delivery", "A.1",
              "We will embed the Governments vision for 'The best start for life. A vision for the 1,001 critical days' through a local 1001 Critical Days Children's Manifesto and communication campaign",
              "Positive local feedback from families confirming that they feel supported, through a range of integrated start for life services to develop their babies in the first 1,001 critical days",
              "A.1.1 C&FPP Priority 1 (available at https://www.leicestershire.gov.uk/sites/default/files/field/pdf/2018/9/17/Partnership_plan.pdf) A.1.2 Saving Babies Lives V2 Priority 4 (available at https://www.england.nhs.uk/wp-content/uploads/2019/07/saving-babies-lives-care-bundle-version-two-v5.pdf) A.1.3 NHS Long Term Plan TDP Priority 4 (Available at https://www.longtermplan.nhs.uk/) A.1.4 NHS Patient Safety Strategy priority 4 (available at https://www.england.nhs.uk/patient-safety/the-nhs-patient-safety-strategy/#patient-safety-strategy) A.1.5 Saving Babies Lives V2 Priority 1 A.2.1 C&FPP Integrated pathway Priority 1 A.2.2 NHS Long Term Plan TDP Priority 4 A.2.3 Saving Babies Lives V2 Priority 4 A.2.4 NHS Patient Safety Strategy priority 4 A.3.1 NHS Long Term Plan TDP Priority 4 A.3.2 Saving Babies Lives V2 Priority 4 A.3.3 NHS Patient Safety Strategy priority 4 A.3.4 Recommissioning of the 0-11 public health children services A.4.1 C&FPP Priority 5 See A.1 and A.3.4. See A.1 and A.3.4. A.5.1 Implementation of caesarian birth Nice guidance 192. A.5.2 Work with NHS E&I, CCG and PCN colleagues re uptake of the routine childhood immunisation programme, potential health equity audits. Pilot in Charnwood see E.9.1. A.6.1 EH - CFPP Supporting families to be resilient - Priority 3 A.6.2 CFPP Priority 5 - implementation of Trauma informed approach and reduction to children's A&E admissions. A.6.3. Review aapid access to jaundice clinics See A.1 and A.3.4."),
            R("2. Infant Mortality"),
            R("3. Low birth weight of term babies"),
            R("4. New Birth Visits completed in 14 days"),
            R("5. Caesarean Section?"),
            R("6. A&E attendances - under 1 year?"),
            R("7. babies first breast milk?", "A.2",
              "We will have joined up, accessible pre-school services, family hubs, an empowered workforce and clear local and national direction, vision and service improvement. This will include an Integrated Early Years Pathway to identify and support vulnerable children.",
              "Increase in breastfeeding initiation and continuation rates"),
            R("8. breastfeeding at 6-8 weeks?", "A.3",
              "Embed the additional 3-4month and 3.5 year checks into our public health nursing service.",
              "Increase in immunisation rates, especially for the boosters at age 1 and 2years. Reduction in proportion of caesarean births"),
            R("9. Vaccination coverage - dtap/ipv/hib - 1 yr old", "A.4",
              "We will invest in evidenced based breastfeeding support for mothers across Leicestershire. Supporting them to initiate and continue breastfeeding for as long as they choose. Support will be prioritised for those in white other ethnic groups and younger mothers."),
            R("", "A5", "We will work to further increase uptake of childhood immunisations programmes especially boosters due at age 1 and 2years"),
            R("", "A6", "We will empower families to feel confident and supported develop and grow. This will include support to access the most appropriate services for emotional health and wellbeing, minor ailments (including gastro, respiratory/ bronchitis and head injuries) and home safety."),
        ]),
        ("School Readiness", [
            R("10. School readiness: percentage of children achieving a good level of development at the end of Reception", "B1",
              "We will take a proportionate universalism approach and focus on narrowing the development gaps that affect children and families who are at the greatest disadvantage (e.g. those who access FSM, live in poverty or have a poor home environment, have SENDs and/or are in our care)",
              "Reduce the gradient in developmental outcomes in those from disadvantaged backgrounds as compared to those in the most advantaged (i.e. split by deprivation, FSM and SEND).",
              "B.1.1 CFPP Priority 1 B.2.1 CFPP Priority 1 B.3.1 CFPP Priority 1 B.4.1 CFPP Priority 1 B.5.1 CFPP Priority 1 B.6.1 CFPP Perinatal MH Priority 5"),
            R("11. School Readiness: percentage of children with free school meal status achieving a good level of development at the end of Reception", "", "",
              "Families are clear on what good development in foundation looks like and what support is available to support their children to achieve this."),
            R("12. Child development: percentage of children achieving a good level of development at 2-2\u00bd years Proportion - %", "", "",
              "Increase in the proportion of children achieving a good level of development at 2-2.5years and foundation stage across all development areas (fine and gross motor, communication)"),
            R("13. Child development: percentage of children achieving the expected level in communication skills at 2-2\u00bd years", "", "",
              "Improvement in maternal mental health"),
            R("14. Child development: percentage of children achieving the expected level in personal-social skills at 2-2\u00bd years New data"),
            R("15. Percentage of 2 year old children benefitting from funded early education", "B2"),
            R("", "B3", "We will provide support to embed physical activity into young children's lives through interventions that improve fine and gross motor skills."),
            R("", "B4", "We will ensure access to support early development of speech, language and communication"),
            R("", "B5", "We want to help families access free high-quality childcare and early education that is fully inclusive and accessible."),
            R("", "B6", "We will support improving maternal mental health and physical activity to allow parents and carers to be in the best position they can be to support their children"),
        ]),
        ("Preparing for Life", [
            R("16. Vaccination coverage - HPV Males", "C1",
              "We will work with young people, partners, parents and schools in increase HPV and Covid-19 vaccination uptake",
              "High uptake of Covid vaccination in 12-17year olds",
              "C.1.1 Update trajectories following impact of Omicron variant on staffing numbers"),
            R("17. Vaccination coverage - HPV Females", "", "", "Increase uptake of HPV vaccination in males and females"),
            R("18. Covid vaccination uptake 12-17 year olds", "", "", "Stabilising numbers and rates of looked after children"),
            R("19. Children in care", "", "", "Increased proportion of young people reporting strong emotional health and wellbeing"),
            R("20. 16-17 year olds NEET", "", "", "Increased proportion of children at a healthy weight (not under or overweight/ obese, especially in SEND)"),
            R("21. School pupils with social, emotional and mental health needs", "", "", "Reduction in Adverse Childhood Experiences risk factors and increased proportion of young people that have a trusted adult in their life"),
            R("22. hospital admissions as a result of self harm (10-24)", "C2",
              "We will investigate the causes of the increasing levels of children in care and work with families to prevent this whenever possible",
              "Reduction in A&E attendances in under 18's, including those caused by self harm"),
            R("23. Percentage of pupils with SEN or EHC Plan", "C3",
              "We will ensure there are opportunities for all 16-17 years olds to gain education, employment and training"),
            R("", "C4", "We will develop the Healthy Schools and secondary school children's public health service to help build informed, healthy, resilient young people that have skills to stay safe from harm and are ready to enter the adult world",
              "", "C.4.1 Ensure strategic and operational links to Mental Health Support Teams in Schools (MHSTs)"),
            R(f="See C.3.1. Re-commissioning of 11+ children's public health services"),
            R(f="C.4.2. CFPP Priority 2"),
            R("", "C5", "We will ensure there is appropriate emotional and mental health support for children and young people as part of the Covid recovery",
              "", "Link to children's mental health priority K4."),
            R(f="See C.3.1. Re-commissioning of 11+ children's public health services"),
            R("", "C6", "We will ensure that children and young people have access to the services they need to gain and maintain an active lifestyle and healthy weight.",
              "", "C.6.1 Further develop Healthy Schools and Healthy Tots programmes across Leicestershire."),
            R(f="C.6.2 Coordinate actions through the Weight Management Sub Group"),
            R(f="See E3 linking to wider Healthy Weight and Physical Activity strategies"),
            R("", "C7", "We will support the workforce to embed a Trauma Informed Approach to reduce the impact of Adverse Childhood Experiences on later life",
              "", "C.7.1 CFPP VRN Priority 5"),
            R(f="C.7.2 Understand and share how uptake of Trauma Informed Approach is being monitored in provider workforces."),
            R("", "C8", "We will ensure that children with SEND and learning disabilities have access to the support they need and a seamless transition into adult services.",
              "", "C.8.1 CFPP Priority 4"),
        ]),
    ]),
    ("Staying Healthy, Safe and Well", "What does success look like", [
        ("Building Strong Foundations", [
            R("1. Employment rate", "D1",
              "We will work with partners to deliver the Leicestershire wider determinants action plan, this will include a Health and Equity in all Policies approach to all we do",
              "Maintaining and increasing the employment rate. Specially for those with adult mental health.",
              "D.1.1 Populated Wider Determinants Action Plan (WDAP) agreed with partners. Delivery of the WD Action Plan against these SMART objectives."),
            R("2. Gap in employment rate for those in contact with secondary mental health services and the overall employment rate", "", "", "--",
              "D.1.2 Training around Wider Determinants of Health, Health and Equity All Policies and health impact assessment for all levels across partners at Place."),
            R("3. Sickness absence", "", "", "Improvement in sickness absence rate",
              "D.1.3 Agreement at Place on process to embed health and equity in all policies approach to key decision making."),
            R("4. Homelessness", "D2",
              "We will further grow Leicestershire's economy and support recovery from the Covid pandemic including work with the Leicester and Leicestershire Enterprise Partnership, Levelling Up and having economic growth for all. We will support those in poverty to access the support to gain employment and eligible benefits and hardship.",
              "Reduction in the number of homeless single and family households and number of households where homelessness was prevented",
              "D.2.1 Links to LLEP Recovery Plan https://llep.org.uk/app/uploads/2020/12/Economic-Recovery-Action-Plan-COVID-19-FOR-web.pdf"),
            R("5. Proportion of adults in contact with secondary mental health services who live independently, with or without support", "", "", "--",
              "D.2.2 Links to Strategic Growth Plan https://www.lstrategicgrowthplan.org.uk/wp-content/uploads/2019/01/Final-LL-SGP-December-2018-1.pdf weaknesses on page 3 might influence what does success look like"),
            R("6. Violent Crime rate", "", "", "Improved numbers of adults with mental health living independently.",
              "D.2.3 Consider strengthening links between the WDAP to include growth that includes health considerations around employment needs."),
            R("7. Hate incidents recorded", "", "", "Health and Equity in all policies approach embedded across the Leicestershire HWB partners.",
              "D.2.4 Deliver the Work and Skills Leicestershire programme through Adult Learning services"),
            R("8. Air pollution", "D3",
              "We will work to ensure everyone has 'good work' for them. Supporting people to enter and maintain good employment/ skills and support those with health and care needs to keep their jobs, with particular attention to sickness absence (due to musculoskeletal and mental health conditions) and considering an aging workforce. Work will also consider the role of workplaces in supporting health and wellbeing.",
              "Ensure the appropriate, equitable infrastructure (including health services) is in place for the planned housing growth addressing health inequality through design and use of health impact assessments.",
              "D.3.1 Creation of an expanded and integrated workplace Health offer, based on evidence of need post Covid for our working age population. Particular focus on development around the Musculoskeletal and mental health elements of the offer with a development of clear pathways for employers."),
            R("9. Percentage of adults walking for travel, 3 days a week", "", "", "--",
              "D.3.2 Delivery of a range of Adult Learning courses provide opportunities to help individuals develop skills improving prosperity and life chances. Including the delivery of Leicestershire Work and Skills programme."),
            R("10. Percentage of adults cycling for travel, 3 days a week", "", "", "Increasing access and uptake of active travel"),
            R("11. Air pollution", "D4",
              "We want everyone to have access to a good home. We will work with partners to ensure high quality new and current housing that has access to green space and supports good health and wellbeing. We will also work collaboratively to prevent homelessness whenever possible.",
              "Increased proportion of Leicestershire residents who have access to green space within 10minutes walk."),
            R("", "", "", "Improvement in air quality and its impact on health and health inequalities across Leicestershire",
              "D.4.1 A common, approved approach to embedding health and care considerations within the planning process on Leicestershire, informed by pilot work with NWL, Blaby and the TCPA. Link to actions in WDAP."),
            R("", "", "", "Maintain low levels of crime especially violent and hate crime",
              "D.4.2 Pilot and promote use of health place making portal with Planners and Developers."),
            R("", "", "", "Reduction in fear of crime", "D.4.3 Complete Housing health needs assessment pilot for Charnwood"),
            R("", "", "", "Reduction in the proportion of Leicestershire residents that experience fuel poverty",
              "D.4.4 Investigate the quality of current social housing stock and consider recommendations for improving this."),
            R(f="D.4.5. Develop innovation in the use of adaptations and technology in homes that support people to live independently for longer in their own homes, including links to Lightbulb."),
            R(f="D.5.1 Set up subgroup of Chief Housing Officers Group to review mental health considerations."),
            R(f="See mental health priorities K."),
            R("", "D6", "We will effectively and equitably plan for our growing and older population to ensure everyone has access the services, transport and infrastructure they need",
              "", "See D.4. actions."),
            R(f="D.6.1. Deliver Home Care for Leicestershire framework."),
            R("", "D7", "We will work with Community Safety Partnerships to maintain low levels of crime and support community cohesion including work to reduce domestic violence and implement the Domestic Abuse Act 2021.",
              "", "D.6.2. Consider links between Leicestershire Transport Plan and health and wellbeing."),
            R(f="D.7.1 Develop links with Community Safety Partnerships and how the HWB can support the domestic violence agenda."),
            R("", "D8", "We will implement the Air Quality and Health action plan", "",
              "D.8.1 Ascertain contributors to and those unequally impacted by air pollution within Leicestershire", vmerge=6),
            R(f="D.8.2 Plan and deliver an informed engagement exercise with these target groups, communicating key messages around health risk, prevention and mitigation of harm."),
            R(f="D.8.3 Deliver an annual campaign around Clean Air Day to our population"),
            R(f="D.8.4 Investigate the relationship between air pollution and Children's hospital admissions within the county"),
            R(f="D.8.5 Upskill clinicians around the wider determinants of health and their impacts on respiratory/coronary health outcomes and health inequality"),
            R(f="See D1.3."),
            R("", "D9", "We will collaborate with the Leicestershire planning system and developers to explore a new approach to the design of our residential, employment and town centre environments to increase active travel, green infrastructure and reduction in motorised transport.",
              "", "See D.4.1. Health and equity in all policies."),
            R(f="See F4."),
            R("", "D10", "We will support families out of fuel poverty and into affordable warmth", "",
              "D.10.1 Increase awareness of the First Contact Plus to ensure residents access the housing and fuel support they are eligible for."),
            R(f="D.11.2 Consider links to Chief Housing Officers Group on fuel poverty."),
            R("", "D11", "We will review the health impacts of climate change to support wider environmental workstreams to embed a health lens into their approach.", "",
              "D.11.1 Work with the National Institute of Health Research looking at creating a framework to capture co-benefits between Environment and Transport work and their outcomes and Public Health."),
            R(f="D.12.2 Support work relating to Carbon Zero."),
            R(f="D.12.3 develop link to biodiversity net gain work and requirement for consideration in planning approvals."),
            R(f="See D.4.1."),
        ]),
        ("Enabling healthy choices and environments", [
            R("12. Smoking prevalence", "E1",
              "We will increase knowledge and access to prevention services through embedding Making Every Contact Count training and social prescribing approach across our collective workforce",
              "Maintain and improve performance on smoking prevalence and substance misuse ---",
              "E.1.1 Embed MECC training across Leicestershire also to be delivered to support the Health and Equity in all policies work."),
            R("13. successful completion of drug treatment - opiate users", "", "",
              "Reduced proportion of overweight/ obese adults and increased proportion of physical activity ---",
              "E.1.2. Develop 3 conversations model across Adults and Communities linked to asset based commissioning."),
            R("14. Percentage of physically active adults", "", "", "", "E.1.3. Continue to deliver active signposting training across primary care."),
            R("15. Percentage of adults classified as overweight or obese", "E2",
              "We will deliver targeted, effective and consistent health and wellbeing communications to empower Leicestershire to make healthy choices, including how to access services.",
              "Improved access and uptake of five fruit and vegetables a day ---"),
            R("16. Proportion of people eating 5 fruits and vegetables a day", "", "",
              "Improved Chlamydia detection and HIV testing rate ---",
              "E.2.1. Maintain coordinated communication campaigns across Leicestershire to support healthy choices."),
            R("17. Chlamydia detection rate", "E3",
              "We will work with partners to deliver the Leicestershire Healthy Weight strategy, Food Plan and Active Together Partnership Physical Activity Framework",
              "Levelling and reversing the increasing trend in abortions for over 25's ---",
              "E.2.2. Communication campaign regarding access to prevention services."),
            R("18. HIV Testing Coverage", "", "",
              "Reduction in loneliness, improvement in community cohesion and resilience Improved vaccination rates for Flu and Shingles, that are comparable to the areas with the best uptake rates in England ---",
              "E.2.3 Communicate with businesses as part of the development of the wider workplace health offer."),
            R("19. Over 25 abortion rate", "E4",
              "Through the Leicestershire Sexual Health Strategy, we will improve sexual health outcomes including chlamydia detection, HIV testing and combatting the increasing levels of abortion",
              "Reversing the decline in cancer screening rates and more cancers diagnosed at Stages 1 and 2 ---",
              "E.3.1 Support implementation of Leicestershire Healthy Weight and Food Plan including piloting a fast food policy."),
            R("20. Percentage of adults who feel lonely often/always or some of the time", "", "",
              "Health Check coverage is on par with our ONS comparators in England ---",
              "E.3.2. Support delivery of Active Together Partnership Physical Activity Framework"),
            R("21. Fast food outlet density?", "E5",
              "We will further develop the ABCD, strength-based approach to build social capital and strong, connected and resilient communities",
              "Qualitative feedback that residents have improved knowledge and access to prevention services.",
              "E.4.1. Support implementation of the Leicestershire Sexual Health Strategy"),
            R("22. Cancer Screening - Breast Cancer", "", "", "",
              "E.4.2. Investigate the reasons behind the trends in chlamydia detection rate and HIV testing with integrated sexual health provider."),
            R("23. Cancer Screening - Cervical Cancer", "E6",
              "We will work with businesses to support enabling healthy choices through their shop/ supermarket", "",
              "E.4.3. Review the increasing levels of abortion and termination of pregnancy pathway."),
            R("24. Cancer Screening - Bowel Cancer", "", "", "", "E.5.1 TBC"),
            R("25. Percentage of cancers diagnosed at stages 1 and 2", "E7",
              "We will work to further develop active travel across Leicestershire including a review of connected and walkable neighbourhoods and", "",
              "See D.4."),
            R("26. Vaccination coverage -", "", "", "", "E.6.1 TBC"),
            R("27. Vaccination coverage - Flu aged 65+", "", "", "", "See D.4.1. Health and equity in all policies."),
            R(),  # page break in the source table: blank row, E7's commitment continues below
            R("28. NHS Health checks", "", "rural connectivity to understand how these impacts on healthy behaviour and environments", "", "See D4."),
            R(f="See E.3.2. Support delivery of Active Together Partnership Physical Activity Framework"),
            R("", "E8", "We will work with planners and licensing officers to further build a healthy environment across Leicestershire reviewing fast food outlet and alcohol premise density", "",
              "E.8.1 Develop link to Strategic Planning Group, Environmental Health and Licensing to progress discussion re fast food and alcohol licensing policy. See D.4.1. Health and equity in all policies."),
            R("", "E9", "We will invest in improving vaccination and screening rates (including cancer and health check coverage). This will include understanding the reasons for the decline in cancer screening rates and a targeted approach for those populations most at risk of premature", "",
              "E.9.1 Review vaccination and screening uptake across Place and at neighbourhood level through Community Health and Wellbeing plan. Pilot completed with Charnwood PCN. E.9.2. Link to wider system work regarding vaccination and screening uptake, including health equity audits. E.9.3. Reviewing delivery of health checks across Leicestershire."),
        ]),
    ]),
    ("Living and Supported Well", "What does success look like?", [
        ("Up Scaling Prevention and Self Care", [
            R("1. Frailty collaborative measure: falls for people aged 65+ and falls in care homes", "F1",
              "We will empower patients to self-manage their long-term condition(s) through a variety of routes for different needs, including the use of expert patient programmes, social prescribing, digital approaches, assistive technology, accessible diagnostics and support.",
              "Slowing the number of people who progress from living with 1 or 2 LTC's to 5 or more ---",
              "F.1.1 Strengthen links between the HWB and frailty collaborative to support implementation of Leicestershire specific actions.", vmerge=4),
            R("2. Fingertips hip fracture measures", "", "",
              "Qualitative feedback suggests multi-disciplinary, holistic care planning and self-management support packages that enable people to live well with long term conditions for longer, with less need for acute care ---",
              "F.1.2 Delivery of the Adults and Communities Strategy. See F2."),
            R("3. BCF indicator/NHS OF: unplanned hospital admissions for chronic ambulatory care sensitive conditions", "", "",
              "An asset-based approach is taken to recognise and build on the strengths of individuals, families and communities ---",
              "F.1.3 Evolution of Integrated Neighbourhood Teams and role of care coordinators proactively identifying patients who require Care Plans as part of multidisciplinary working. F.1.4 Embedding different options for assistive technology including work through the Lightbulb such as assistive technology pilots to support individuals with a new diagnosis of dementia."),
            R("4: NHS OF: emergency admissions for acute conditions that should not require hospital admission", "", "",
              "Reduction in rates of falls across Leicestershire for people aged 65+, being on a par with the best performing authorities",
              "F.1.5. Implement Technology Enabled Care (TEC) service across adult social care in Leicestershire County Council."),
            R("Lucy Hulls to see if there is anything else from falls group that could be used here", "F2",
              "We will deliver the Adults and Communities strategy including building asset-based approaches to working with people and communities",
              "Reduction in rates of hip fractures across Leicestershire",
              "F.2.1 Delivery of the Adults and Communities Strategy including the development of asset based commissioning and the communities and wellbeing volunteering offer."),
            R("Christine Collingwood to see if there is a way to measure some of the asset based work in ASC", "", "", "",
              "F.2.2 Strengthen Carers Support Services. F.2.3 Review volunteering and voluntary sector support to building asset based approaches across Leicestershire. F.2.4. Deliver the adult and community learning programme through LALS."),
            R("John to advise on a measure looking at no. of people with 2 or less LTC's progressing into 5 or more", "F3",
              "We will reduce the number of falls that people over 65 experience, including people in residential and nursing care homes", "",
              "See E.1.2. Implement 3 conversations model across adults social Care in Leicestershire"),
            R(f="F.3.1 Complete a mini needs assessment to look in more depth at the rates of hip fractures, causes for this and possible preventative measures. F.3.2 Scoping a self assessment tool for falls risk for 60+ with onward signposting and app to help manage balance F.3.3 Piloting of a falls crisis response service F.3.4 Reviewing Assistive technology services to support Falls Risk"),
            R(f="See F.1."),
            R("", "", "We will support the Adults and Communities Accommodation Strategies and Investment Strategy Prospectus to ensure people living with disability and long term conditions have access to the right housing, care and support", "",
              "F.4.1. Implementation of the Adults and Communities Accommodation Strategies and Investment Prospectus. See F.1.4"),
            R("", "", "We will work to improve access to health and care services including primary care and appropriate funding support", "",
              "F.5.1. Support LLR action to improve access to primary care (system wide) and translate specifi"),
        ]),
        ("Effective management of frailty and complex care", [
            R("5. BCF indicator/NHS OF: Unplanned admissions for chronic ambulatory care sensitive conditions", "G1",
              "We will build on the LLR Population Health Management framework and development programme, translating implications to Leicestershire to identify those at greatest risk of poor health outcomes including multiple hospital admissions",
              "Early identification of patients at high risk of hospitalisation and social care needs using a Population Health Management approach ---",
              "G.1.1 The care co-ordination service will work proactively with GP surgeries and PCN's. The service will fund co-ordinators (one for each PCN), using risk stratification data to identify those at highest risk of emergency admission in the next 18 months, frailty score of 5+ or those with 5 or more co morbidities and disabilities.", vmerge=5),
            R("6. BCF indicator/NHS OF: Proportion of older people (65+) who were still at home 91 days after discharge from hospital into rehab/reablement", "", "",
              "Reduced numbers of hospital admissions for hip fractures and COPD --",
              "G.1.2 Development of a frailty training strategy that will effect a cultural change in how we approach frailty more proactively."),
            R("7. BCF indicator: % of people discharged from acute to normal place of residence", "", "",
              "Reduction in emergency bed days for those with 5 or more Long Term Conditions --",
              "G.1.3 Work to address Tier 1 of frailty toolkit (patients, carers, domiciliary care, care homes) to develop practical education aimed at enabling them to understand frailty, how to identify it, how to address it and who to approach for support. This is being developed via Carers delivery group and care homes sub group."),
            R("8. BCF indicator: % of patients who have been an inpatient in acute for more than 14 and 21 days", "", "",
              "95% of people identified as vulnerable have a co-produced care plan, which takes into account their wider needs e.g. multiple LTC's, social/psychological elements and carer arrangements ---",
              "G.1.4. Further development of MDT Framework and wider Integrated Neighbourhood Team (INT) working (operational elements of population health management.)"),
            R("9. Home First outcome: To ensure 95% of patients who are identified as vulnerable (eol, care home, frailty flag) have an agreed care plan by Dec 21", "", "",
              "Improved performance on the Better Care Fund metrics: reduced permanent admissions to residential and nursing care, increases in the number of people (aged 65+) still at home 91 days after discharge into rehabilitation/reablement services, reduction in delayed transfer of care from hospital",
              "G.1.5. Development of the strategic approach to population health management at neighbourhood level, aligning strategic work of the INT with the Community Health and Wellbeing Plans."),
            R("10. Home First Outcome: to stabilise ED attends for complex patients at 19/20 levels"),
            R("11. Home First Outcome: To increase 2 hour urgent community response compliance to 80% across all providers by April 22"),
            R("12. BCF indicator: Res and nursing admissions: planned rate of 519 = 3% reductions from 19/20 rate of 536"),
            R("13. Home First target: to increase 2 day reablement compliance to 80% across all providers by April 2022"),
            R("John considering whether we can get a measure for reduction in emergency bed days for 5 or more LTC's"),
            R("", "G2", "We will provide joined up services that support people and carers to live independently for as long as possible, including those with dementia. Supported by integrated health and social care workforce this will ensure that the patient sees the right person for your problem at the right time",
              "services, reduction in delayed transfers of care from hospital and reduced non-elective admissions into hospital",
              "G.2.1 Annual review of f BCF schemes that are funded across CCG's and LCC Adult Social Care to ensure co-ordinated care and support is available to keep people living independently as long as possible. This includes services such as: care co-ordinators, home care, community response and reablement, integrated discharge hub and case management, the housing enablement scheme and therapy led D2A beds."),
            R("", "", "", "Improved patient satisfaction and coordination in complex care pathway and care coordination across the system especially for those with multimorbidity (5+ chronic conditions)",
              "G.2.4. Support delivery of the wider LLR workforce strategies such as the NHS People Plan, A&C strategy to ensure we have the capacity and capability in the health and care workforce to meet current and future needs."),
            R("", "", "", "Improved quality of life for carers", "G.2.3 Delivery Transforming Care programme"),
            R("", "", "", "Improved identification of people with moderate or severe frailty in the short term, followed by a reduction in the number of people with moderate or severe frailty as a result of proactive action",
              "See F.2.2. regarding Carers services and E.1.2. re 3 conversation model in adult social care."),
            R("", "G3", "We will deliver an effective health and care integration programme that will deliver the Home First step up and step down approach for Leicestershire", "",
              "G.3.1 Delivery of the Home First model of care including integrated teams for hospital discharge and reablement, operating on a \"home first\" philosophy that provides immediate support in the community and assesses ongoing need. The service will support people to step down after a stay in hospital or step up care at home when needs change or there is a ..."),
            R(f="G.3.2 Delivery of Joint Commissioning bed framework with Midlands and Lancashire."),
            R(f="G.3.3 Delivery of Discharge to Access (D2A) Therapy beds."),
            R(f="G.3.4 Increase the numbers or people able to benefit from reablement via HART Reablement. Key performance indicator is 87 starts per week."),
            R(f="G.3.5 Increase in workforce within our Crisis Response Service"),
            R(f="G.3.6 Delivery of Community Hospital Link Workers"),
            R("", "G4", "We will seek to develop a more qualitative, holistic approach to care planning and risk management, exploring ways in which this could be delivered by a wider range of professionals across Leicestershire through Integrated Neighbourhood Teams.", "",
              "G.4.1 Holistic approach in case management function for adults social care. Links to G.1.1."),
            R(f="G.4.2 Revision of Integrated personalised care framework."),
            R(f="G.4.3. Implement Shared Care Record across health and social care in LLR."),
            R(f="See G.1.1. Re care planning."),
            R("", "G5", "We will improve the quality and coverage of joined up care planning for the most vulnerable including strengthening care planning links across primary and secondary care to achieve 95% of the vulnerable population having a care plan in place", "",
              "G.5.1 Delivery of several priority schemes are defined under the Home First Programme see G.3.1."),
            R(f="G.5.2 Implementation of Integrated Case Management Function. Link to Shared Care Record G.4.3."),
            R(f="See G.1.1. Re care planning."),
            R("", "G6", "We will continue to implement the LLR Carers strategy for Leicestershire and strengthen links with the LLR Carers Board.", "",
              "G.6.1 Support implementation of the Leicestershire elements of the LLR Carers strategy."),
            R(f="G.6.2. Strength links between the LLR Carers Board and Leicestershire HWB."),
            R(f="G.6.3. Ensure health and wellbeing needs of carers are prioritised across the system."),
            R(f="See L.2.4. Auditing the number of carers across key LLR anchor institutions."),
            R("", "G7", "We will work to measure and reduce the number of emergency bed days people with Long Term Conditions experience", "",
              "See G.3.1 and G.5.1. re delivery of Home First."),
            R(f="See G.1.1. and G.4.1. Re care planning and operational population health management. In particular patients that have 5-7 co morbidities."),
            R(f="See G.3.1 and G.5.1. re delivery of Home First."),
            R("", "G8", "We will offer a two hour crisis response for people that may otherwise need to attend hospital (target 80% by April 2022).", "",
              "G.8.2 Improved data reporting to reflect 2 hr response activity including implementation of new form and staff training"),
            R(f="G.8.3 Submit data through CSDS to NHS Digital for national reporting"),
            R(f="G.8.4 Workforce recruitment campaigns to increase the Crisis Response Service"),
            R("", "G9" + P + "We will reduce the number of permanent admissions to residential and nursing homes." + P + "----------" + P + "G1" + P + "We will ensure eligible people receive reablement within 2 days of discharge",
              "", "",
              "See G.2.1. RE BCF programmes." + P + "G.9.1 Increased brokerage resource for quicker point of care (POC) starts" + P + "G.9.2 Maintain HC4L framework to improve access to care packages particularly within rural areas." + P + "G.9.3 Continued business analysis on the increase in demand for domiciliary care ensuring that this demand can be reached effectively within the community." + P + "See F.1.4. re housing adaptations and F.1.5. Implement Technology Enabled care (TEC) service" + P + "----------" + P + "G.10.1 15% increase in HART service, funded through BCF." + P + "G.10.2 Target operating model implemented within HART to increase the numbers able to benefit from reablement to 87 starts per week." + P + "G.10.3 Ongoing recruitment campaigns to support increase in staffing numbers into reablement services - increasing overall capacity by circa 15%. Link to G.8.4." + P + "G.10.4 Reduce % of inappropriate patients referred to reablement services with improved triaging" + P + "G.10.5 Effective use of Multi-Disciplinary Team approach to reablement, involving health and therapy partners to maximise independence and sustainability of individual progress. Link to G.1.1.",
              hmerge=True),
        ]),
        (None, [
            R("--", "--", "---", a="--"),  # stray separator row at the foot of the table
        ]),
    ]),
    ("Dying Well", "What does success look like?", [
        ("Understanding the need", [
            R("", "H1", "We will carry out a Joint Strategic Needs Assessment chapter looking at end of life specifically",
              "Reduction in the percentage of deaths occurring inside of hospital, aiming to achieve LLR target of a maximum of 35% in adults aged 18 and over.",
              "H.1.1 JSNA undertaken"),
            R("", "H2", "We will seek to gather views from people to understand what dying well means to them and how this could be achieved",
              "Clear qualitative understanding of what 'dying well' looks like across Leicestershire and what support is needed to ensure this happens.",
              "H.2.1 Engagement undertaken to understand people's views of what dying well looks like and how this could happen."),
        ]),
        ("Effective transitions", [
            R("1. Home First Outcome: To ensure 95% of patients who are identified as vulnerable (eol, care home, frailty flag) have an agreed care plan by Dec 21" + P + "2. No. of ReSPECT plans in place",
              "I1", "We will seek your views on what planning and services for late and end of life should look like and how you should be informed about your choices",
              "Increased proportion of people planning for late stages and end of life at a time when they are still able." + P + "Qualitative feedback that people know and have support on what to expect and what choices are available to them. They have the time to consider and plan for these decisions and to discuss them with family, friends and carers should they wish.",
              "See H.2.1. Engagement"),
            R("", "I2", "We will ensure there is a clear transition in care planning from living with long term conditions into the later and end of life", "",
              "L1.2. Consider the roles of cemeteries, crematoriums and public health burials in wider end of life pathways."),
            R("", "I3", "We will ensure there is appropriate support for carers following the bereavement of a loved one so they can have a supportive transition into the next stage of their lives", "",
              "L2.1 Ensure effective transition between living with several long term conditions and end of life. See G.1.1. re care planning and G.1.4. re MDT working."),
        ]),
        ("Normalising end of life planning", [
            R("3. Home First Outcome: To ensure 95% of patients who are identified as vulnerable (eol, care home, frailty flag) have an agreed care plan by Dec 21" + P + "4. No. of ReSPECT plans in place" + P + "5. Home First Measure: to reduce deaths in hospital from 40% to 35% by April 2022" + P + "6. Place of death measure (i.e. home, hospital or residential care)" + P + "Do we have any workforce measures we could use here? E.g. no of training places provided?",
              "J1", "We will offer care plans and ReSPECT plans to all vulnerable people with a take up target of 95%",
              "Care plans offered to all vulnerable people that may benefit from having one with a target of 95%, this should include a ReSPECT plan" + P + "High levels of take up with people specifically opting out of having a plan in place rather than being missed from the offer of one",
              "J.1.1. Workforce training to support care planning at the end of life to meet 95% take up of a care ReSPECT plan. Link to I.2.1."),
            R("", "J2", "We will use our better understanding of needs through the JSNA chapter to consider other aspects of end-of-life planning",
              "Qualitative feedback that Leicestershire feels comfortable and supported to plan for the end of life.",
              "J.2.1 Once the engagement activity has completed, we will consider the findings of this and the JSNA and produce an action plan for improvement if this is necessary."),
            R("", "J3", "We will develop a social marketing campaign based on insight to normalise end of life planning",
              "End of life as everyone's business - an educated and compassionate workforce that can support people at the end of life." + P + "Care co-ordination for people in the last days and weeks of life operates well.",
              "J.3.1 This will be considered once more is known about what people want from end of life planning and how they would like to receive communication (i.e. following the engagement)"),
            R("", "J4", "We will educate our workforce so that everyone understands how to support people at end of life", "",
              "J.4.1 Workforce training to support conversations regarding end of life planning and decision making."),
            R("", "J5", "We will improve co-ordination of care at end of life, as measured through patient feedback", "",
              "J.5.1 Review end of life pathway following results of JSNA chapter and regularly review feedback to see if outcomes and coordination have been improved."),
        ]),
    ]),
    ("Reducing Health Inequalities", "What does success look like", [
        (None, [
            R("1. Healthy Life Expectancy - Males" + P + "2. Healthy Life Expectancy - Females" + P + "3. Life Expectancy at birth - Males" + P + "4. Life Expectancy at birth - Females" + P + "5. Inequality in Life Expectancy at birth - Males" + P + "6. Inequality at Life Expectancy at birth - Females",
              "L1", "We want equitable access, excellent experiences and optimal outcomes for all those using health and care services across Leicestershire. To do this we will embrace a proportionate universalism' approach where interventions are targeted to enable a 'levelling up' of the gradient in health outcomes. This means that although there will be a universal offer of services to all, there will be justifiable variation in services in response to differences in need within and between groups of people, that will aim to bring those experiencing poorer outcomes the opportunity to 'level up' to those achieving the best outcomes. (I.e. developing the national CORE20PLUS initiative.)",
              "",
              "L.1.1. All services to consider a proportionate universalism approach tailored to the local need as appropriate, including regular Equalities Impact Assessments and Health Equity Audits on" + P + "L.1.2 See actions L2 below" + P + "L.1.3 See actions in L3 below." + P + "L.1.4. Review the specific needs of the military and veteran populations across LLR and identify recommendations to support delivery of the military Covenant."),
            R("7. Any indicators suitable from health inequalities dashboard?", "L2",
              "We will translate the Leicester, Leicestershire and Rutland Health Inequalities framework for Leicestershire. This will include embedding a Health and Equity in all policies approach, utilising anchor institutions, training our leaders on health inequalities and ensuring we are collating data to analyse health inequalities effectively",
              "Reduction in the slope index of inequality or 'levelling up' of the social gradient" + P + "--" + P + "A greater rate of improvement in life and health life expectancy in the most deprived communities and vulnerable groups across Leicestershire (including those from specific ethnic or vulnerable groups and disabilities.)",
              "L.2.1 Embed Health and Equity in all policies approach across Leicestershire to ensure health and inequalities are considered for all key strategic decisions across Leicestershire. See D.4.1." + P + "L.2.2 Implement Health inequalities training (including the LLR Inclusive Decision Making Framework) for all senior managers across Leicestershire." + P + "L.2.3 Support key public sector organisations to collect accurate data on the protected characteristics including ethnicity and disability." + P + "L.2.4. Key organisations to understand the scope and role of being anchor institutions in relations to reducing health inequalities and climate change. This may include an audit of carers across the" + P + "L.2.5 Development of a LLR Health Inequalities Unit/ Population Health Management Unit."),
            R("", "L3", "Within the NHS we will also prioritise the five key clinical areas of health inequalities including early cancer diagnosis (screening & early referral), hypertension case finding, chronic respiratory disease (driving Covid & Flu vaccination uptake), annual health checks for people with serious mental illness and continuity of maternity carer plans",
              "",
              "L.3.1 Implementation of the CORE20PLUS5. Including specific interventions to reduce health inequalities aligned to the national priority areas of maternity, severe mental health, chronic respiratory illness, early cancer diagnosis and hypertension case" + P + "L.3.2 Review of obesity pathway including the adult tier 3 weight management services across LLR." + P + "L.3.3 Further implementation of the CURE project to support stopping smoking during a hospital admission in LPT and UHL." + P + "L.3.4 Review of Health Check delivery model. See E.9.3."),
            R("", "L4", "We will review the health inequalities across Leicestershire in particular understanding the impact of Covid-19 on our most disadvantaged populations including those living in the most deprived areas or groups (including military and veterans, carers, those with a disability and LGBT+)",
              "", "L4.1.1. Review of key health inequalities across Leicestershire following Covid -19 pandemic."),
        ]),
    ]),
    ("Improved Mental Health", "What does success look like", [
        (None, [
            R("1. Estimated prevalence of common mental disorders - 16+ 2. Estimated prevalence of common mental disorders - 65+ 3. Gap in employment rate for those in contact with secondary mental health services and the overall employment rate 4. Adults in contact with secondary mental health services who live in stable and appropriate accommodation 5. Loneliness: percentage of adults who feel lonely often/always or some of the time 6. Self reported wellbeing - people with a high anxiety score 7. Suicide rates 8. Hospital admissions for mental health conditions - under 18 years 9. Hospital admissions for as a result of self harm - 10-24 years 10. Estimated number of children and young people with mental disorders - aged 5-17 11. School pupils with social, emotional and mental health needs - school age 12. Percentage of looked after children whose emotional wellbeing is a cause of concern - aged 5-16 13. Estimated Dementia diagnosis rate (65+)",
              "K1 We will prioritise Mental Health on an equal basis to physical health in plans, investment and focus also considering the links between physical activity and good mental health and how mental health is linked to other conditions.",
              "", "",
              "K.1.1 - Joint commissioning of LLR Mental Health Wellbeing and recovery support service K.1.2 - Place Based Mental Health Multi-agency group to be established with the goal of providing cross-agency collaboration on mental health objectives K.1.3. Identifying the links between good mental health and physical activity. See E3.",
              hmerge=True),
            R("", "K2 We will seek to co-produce a Prevention Concordat for Better Mental health for Leicestershire to align organisations to further support mental health and wellbeing and prevent poor mental health", "",
              "Increased proportions of Leicestershire experiencing good mental health and wellbeing. -- Qualitative feedback that good emotional health and wellbeing is actively promoted and supported across the county including for carers and that services are joined up and meeting patient's needs at the right time and place.",
              "K.2.1 - Draft and implement a Prevention Concordat for Better Mental Health across Leicestershire", hmerge=True),
            R("", "K3 We will continue to focus on maintaining low rates of suicide and impact of suicide, supporting work of the LLR Suicide Strategy.", "",
              "Reduction in the proportion of people with mental health challenges that need intensive and specialist offers. -- Maintain rate suicide rates that are lower than the national average.",
              "K.3.1 Implementation of the LLR suicide prevention strategy, translating and implementing the specific actions for Leicestershire. Link to Suicide Audit Prevention Group (SAPG). K.4.1 Implement the LLR Trauma Informed Practice Strategy", hmerge=True),
            R("", "K4 We will continue to support the system work on children and young people's emotional health and well being", "",
              "Increase dementia diagnosis rates to meet NHSE target of 67% and clear links made between healthy lifestyle and the risk of dementia. -- To increase the proportions of people with mental health challenges that: oAccess and take up high quality advice, support and access to local amenities, including activities and groups to strengthen mental health and wellbeing oBe as independently as possible oBe supported around their individual recovery goals oAccess to education, employment, training and housing and are supported by their employer/ institution oHave easy and timely access to the right, local, coordinated service oHave their physical health needs monitored and key health / lifestyle needs supported oHave their carers and families caring and mental health needs identified and supported",
              "K.4.2 Piloting Wellbeing App in secondary schools K.4.3 Implementation of emotional health and resilience elements of Healthy Schools work. K.4.4 Delivery of youth engagement activators programme K.4.5 Determine youth counselling/peer engagement programme of work", hmerge=True),
            R("", "K5 We will listen and respond to the Leicestershire population in the 'Step up to Great Mental Health' consultation and propose to deliver a variety of changes for our population through the LLR and Leicestershire specific Step up to Great Mental Health", "", "",
              "K.5.1 Translate Leicestershire specific elements of feedback into JHWS delivery plan and also neighbourhood level community health and wellbeing plans. K.5.2 Establish Leicestershire specific mental health subgroup.", hmerge=True),
            R("", "K6 We would support key recommendations of the Dementia JSNA Chapter and LLR Dementia Strategy (due to be reviewed in 2022). This will include improving dementia diagnosis rates and ensuring clear links between healthy lifestyle and risk of dementia through MECC Plus and Health Checks", "", "",
              "K.6.1 Support implementation of the Dementia JSNA chapter as part of the wider LLR Dementia Strategy", hmerge=True),
        ]),
    ]),
    ("COVID-19 Recovery", "What does success look like", [
        (None, [
            R("1. Covid vaccination rates for D1, D2 and Boosters?", "M1",
              "We will support our population to get timely access to the Covid-19 vaccinations that are appropriate to them", "",
              "M.1.1 Delivery of LLR Covid vaccination programme. Targeted work to meet the needs of MSOAs and groups with low uptake."),
            R("2. Hospital Admissions linked with Covid", "", "", "",
              "M.1.2 Targeted communication campaigns to support increase in uptake and reduce myths about vaccination."),
            R("3. Deaths due to Covid", "M2",
              "We will ensure our health and care services are equipped to manage the impact of Covid-19 directly and indirectly for the longer term.", "",
              "M.1.3"),
            R("4. No. of settings based outbreaks due to Covid", "", "",
              "High uptake of the Covid-19 vaccination -- Reduction in hospitalisations and deaths due to Covid-19 -- Reduction in settings based outbreaks due to Covid-19 --",
              "M.2.1 Services to regularly review business continuity plans in relation to Covid-19 pandemic including impact on the workforce."),
            R("5. Long Covid numbers", "", "", "Numbers of people accessing support for Long Covid --",
              "M.2.2 Services to consider the impact of the Covid pandemic, how services reopen and recovery in the longer term model of service delivery. Services recommissioned and redesigned as appropriate."),
            R("", "", "", "Patient feedback that health and care services are equipped to manage the Covid-19 in the longer term",
              "M.2.3 Services supported by upper and lower tier local authorities through Covid funding as available and appropriate."),
            R(f="M.3.1 Review the results of the Covid-19 impact assessment and implement specific interventions and support as needed."),
            R("", "M3", "We will use the results from the Covid-19 Impact Assessment to target specific interventions and vulnerable groups throughout the wider"),
            R("", "M4", "We will support Leicestershire to live with Covid-19 circulating within our population in the longer term.", "",
              "M.4.1 See M.2.2. M.4.2 Understand the impact of long Covid-19 and review services available to support people living with long Covid-19."),
            R("", "M5", "We will ensure we maintain a collaborative health protection approach and response ready for future Covid-19 surges or other future pandemics.", "",
              "M.5.1 Establishment and maintenance of partnership working through Outbreak Control Meetings and Incident Management Team as needed to respond to Covid-19 and future health protection incidents. This includes linking into organisation recovery groups and LLR Prepared cells. M.5.2 Regular review and update of Local Outbreak Management Plan"),
        ]),
    ]),
]



def make_002():
    wb = new_wb()
    for theme, header_e, priorities in DASHBOARD_002:
        ws = wb.create_sheet(theme[:31])
        put(ws, "A1", theme, font=Font(bold=True, size=14, color="FFFFFF"), fill=PatternFill("solid", fgColor="7030A0"))
        ws.merge_cells("A1:F1")
        hdr = ["Theme/Priority", "Indicators for dashboard", "Ref", "Commitment", header_e, "Actions"]
        for j, h in enumerate(hdr, 1):
            put(ws, f"{get_column_letter(j)}2", h, font=HDR_FONT, fill=HDR_FILL, align=CENTER, border=BOX)
        r = 3
        for prio, rows in priorities:
            top = r
            for row in rows:
                for j, v in enumerate(row["cells"], 1):
                    if v is None or v == "":
                        continue
                    put(ws, ws.cell(row=r, column=j).coordinate, v, align=WRAP, border=BOX)
                if row["vmerge"]:
                    ws.merge_cells(f"C{r}:C{r + row['vmerge'] - 1}")
                    ws.merge_cells(f"D{r}:D{r + row['vmerge'] - 1}")
                if row["hmerge"]:
                    ws.merge_cells(f"C{r}:D{r}")
                r += 1
            if prio:
                put(ws, f"A{top}", prio, font=BOLD, align=Alignment(wrap_text=True, vertical="top"))
                if r - 1 > top:
                    ws.merge_cells(f"A{top}:A{r - 1}")
        widths(ws, {"A": 22, "B": 45, "C": 8, "D": 55, "E": 50, "F": 70})
        ws.freeze_panes = "A3"
    save(wb, "002_dashboard.xlsx")


# ---------------------------------------------------------------------------
# 003  ICP outcomes framework
# ---------------------------------------------------------------------------
LYBL_003 = [
    "Best Start in Life",
    "Access to the best available education and learning",
    "Opportunity to be fit, well and independent",
    "Employment that keeps them and their families out of poverty",
    "Housing that is affordable, safe, and sustainable in places which are clean and green",
    "To feel safe in their homes and when out and about",
    "Connected to their families and friends",
    "The chance for a fresh start when things go wrong",
    "Access to health and social care when they need it",
    "To be accepted and valued simply for who they are",
]
GAP = "Metric requires development"
FRAMEWORK_003 = [  # (ambition as on its slide, [(outcome, [metrics])])
    ("Best start in Life", [
        ("Pregnant women are healthy and well", [
            "% women obese in early pregnancy",
            "% target number of women accessing specialist perinatal mental health services",
            "% women smoking at time of delivery"]),
        ("Children are healthy from birth and develop well", [
            "% babies with low birth weight at term (<2.5kg)",
            "Neonatal mortality and stillbirth rate (per 1000)",
            "% breastfeeding at 6-8 weeks"]),
        ("Children are equipped to start school", [
            "% good level of development at end Yr R"]),
        ("Looked after children are healthy and well", [
            "% of Children in Care with an up to date Review health assessment",
            "% looked after children with three or more placements in the previous 12 months",
            "% re-referral to social care within 3 months"]),
    ]),
    ("Access to the best available education and learning", []),
    ("Opportunity to be fit, well and independent", []),
    ("Employment that keeps them and their families out of poverty", []),
    ("Housing that is affordable, safe, and sustainable in places which are clean and green", []),
    ("To feel safe in their homes\nand when out and about", [
        ("Residents are safe in their homes on public transport and in public places", [
            "Violent crime - violent offences per 1,000 population",
            "Total of selected serious offences involving a knife",
            "Domestic abuse \u2013 number of re-referrals to MARAC",
            "% safeguarding enquiries that follow MSP (making safeguarding personal)"]),
        ("Children and young people are safe and protected from harm", [
            "Children entering youth justice system",
            "admissions caused by unintentional and deliberate injuries in young people (15-24) per 10,000",
            "Children killed or seriously injured (KSI) on England's roads per 100,000",
            "Early Help Assessments carried out by partnership"]),
    ]),
    ("Connected to their families and friends", [
        ("People feel well connected to family, friends and their community", [
            "Social isolation: percentage of adult social care users who have as much social contact as they would like"]),
        ("Public transport supports people to connect with family and friends", [
            "Number of concessionary travel claims made"]),
        ("People have good access and skills to use new technology for social links to family and friends", [
            "Digital Exclusion Index"]),
    ]),
    ("The chance for a fresh start\nwhen things go wrong", [
        ("Ex offenders are supported back into civilian life", [
            "% offenders who re-offend"]),
        ("People have easy access to support for addictions and take it up", [
            "% adults with substance misuse treatment need who successfully engage in community-based structured treatment following release from prison",
            "% of opiate and/or crack cocaine users not in treatment"]),
        ("Rough sleeping rates are low", [
            "Number of rough sleepers"]),
    ]),
    ("Access to health and social care when they need it", []),
    ("People are accepted and valued simply for who they are", [
        ("Older people, those with care needs and those at end of life are treated with dignity and respect", [GAP]),
        ("People are a valued part of their community and not socially isolated", [GAP]),
        ("Northamptonshire respects and celebrates diversity and people feel valued", [GAP]),
    ]),
]


def make_003():
    wb = new_wb()
    ws = wb.create_sheet("Framework")
    put(ws, "A1", "ICP Outcomes Framework \u2013 FIRST ITERATION (DRAFT V7.1)", font=TITLE)
    ws.merge_cells("A1:C1")
    for j, h in enumerate(["Ambition", "Outcome", "Metric"], 1):
        put(ws, f"{get_column_letter(j)}3", h, font=HDR_FONT, fill=HDR_FILL, align=CENTER, border=BOX)
    gap_fill = PatternFill("solid", fgColor="FCE4D6")
    r = 4
    for amb, outcomes in FRAMEWORK_003:
        top = r
        if not outcomes:
            put(ws, f"A{r}", amb, font=BOLD, align=WRAP, border=BOX)
            ws.cell(row=r, column=2).border = BOX
            ws.cell(row=r, column=3).border = BOX
            r += 1
            continue
        for out, metrics in outcomes:
            otop = r
            for m in metrics:
                c = put(ws, f"C{r}", m, align=WRAP, border=BOX)
                if m == GAP:
                    c.fill = gap_fill
                    c.font = Font(italic=True)
                r += 1
            put(ws, f"B{otop}", out, align=WRAP, border=BOX)
            if r - 1 > otop:
                ws.merge_cells(f"B{otop}:B{r - 1}")
        put(ws, f"A{top}", amb, font=BOLD, align=WRAP, border=BOX)
        if r - 1 > top:
            ws.merge_cells(f"A{top}:A{r - 1}")
    widths(ws, {"A": 34, "B": 48, "C": 70})
    ws.freeze_panes = "A4"

    ws = wb.create_sheet("LYBL Ambitions")
    put(ws, "A1", "live your best life", font=TITLE)
    put(ws, "A2", "No.", font=HDR_FONT, fill=HDR_FILL, border=BOX)
    put(ws, "B2", "Ambition", font=HDR_FONT, fill=HDR_FILL, border=BOX)
    for i, a in enumerate(LYBL_003, 1):
        put(ws, f"A{i + 2}", i, border=BOX)
        put(ws, f"B{i + 2}", a, border=BOX)
    widths(ws, {"A": 6, "B": 80})
    save(wb, "003_outcomes_framework.xlsx")


# ---------------------------------------------------------------------------
# 004  mental health PMF matrix
# ---------------------------------------------------------------------------
SEED_004 = "\n".join([
    '\t\tNATIONAL HEALTH and WELLBEING OUTCOMES\t\t\t\t\t\t\t\t',
    "STRATEGIC OUTCOMES\tKPI's\tPeople are able to look after and improve their own health and wellbeing and live in good health for longer\t2. People, including those with disabilities or long term conditions, or who are frail, are able to live, as far as reasonably practicable, independently and at home or in a homely settling in their community\t3. People who use health and social care services have positive experience of those services, and have their dignity respected\t4. Health and social care services are centred on helping to maintain or improve the quality of life of people who use those services\t5. Health and social care services contribute to reducing health inequalities\t6. People who provide unpaid care are supported to look after their own health and wellbeing, including reducing any negative impact of their caring role on their health and wellbeing.\t7. People who use Health and Social Care services are safe from harm\t8. People who work in health and social care services feel engaged with the work they do and are supported to continuously improve the information, support, care and treatment they provide\tResources are used effectively and efficiently in the provision of health and social care services.",
    '1.1 People receive the right support at the right time.\tPercentage increase in people who feel the service supported them to look after their own health\t\t\t\t\t\t\t\t\t',
    "\tPercentage increase in people who feel the service supported them to manage their condition so that it doesn't get worse\t\t\t\t\t\t\t\t\t",
    '\t3) Percentage increase in people who feel they had a say in how their health or social care support was provided\t\t\t\t\t\t\t\t\t',
    '\t4) Number of completed suicides\tO\t\t\t\tO\t\t\t\t',
    '\t5) Percentage of patients who are followed up within a 3 day period of discharge\t\t\t\t\t\t\t\t\t',
    '1.2 Reduced stigma and inequalities in relation to people with mental health and substance misuse issues.\tPercentage increase in people who feel that the health or social care support received has helped them to live an independently as possible and maintain their quality of life\t\t\t\t\t\t\t\t\t',
    '2.1 Improved access to a range of mental health & wellbeing supports and services by fully embedding the principle of Person Centred Care and support.\t1) Reduction of the people on waiting lists 2) Reduction in the waiting time for those people on waiting lists 3) Number of people with a CTO or detained under the Mental Health Act\t©\t②\t\t②\t\t\t②\t\t',
    '2.2 People can make informed choices about their health and social care support.\t1) Percentage increase in people who feel they had a say in how their health or social care support was provided 2) Percentage increase in people who feel that their health and social care support was easily accessible and well communicated\t\t\t(2)\t②\t\t\t\t\t',
    '3.1 Support pathways will be clear and robust, with a system of joined-up communication that: i) supports staff working across community and statutory mental health & wellbeing services, and\t1) % increase in staff who provide positive feedback regarding staff working across community and statutory mental health & wellbeing services (iMatters Survey) 2) 6 month iMatters (regular interval) Survey "question and answer staff review"\t\t\t\t\t\t\t\t©\t0',
    'communication that: (ii) ensures that service users, their\t1) Percentage increase in people who feel that their health or social care support was easily accessible and well communicated 2) Percentage increase in the overall rating of the health or social care support people received 3) Emergency readmissions to a mental health hospital within 28 days of\t\t\t\t\t\t\t\t\t',
    '\tdischarge (rate per 1,000 discharges) 4) Number of days people aged 75+ spend in a mental health hospital when they are ready to be discharged (per 1,000 population)\t\t\t—\t\t\t\t\t\t**************************************',
    '',
    'Community Mental Health and Wellbeing Performance Management Framework',
    '',
    "STRATEGIC OUTCOMES\tKPI's\tPeople are able to look after and improve their own health and wellbeing and live in good health for longer\t2. People, including those with disabilities or long term conditions, or who are frail, are able to live, as far as reasonably practicable, independently and at home or in a homely setting in their community\tservices have positive experience of\t4. Health and social care services are centred on helping to maintain or improve the quality of life of people who use those services\t5. Health and social care services contribute to reducing health inequalities\t6. People who provide unpaid care are supported to look after their own health and wellbeing, including reducing any negative impact of their caring role on their health and wellbeing.\t7. People who use Health and Social Care services are safe from harm\t8. People who work in health and social care services feel engaged with the work they do and are supported to continuously improve the information, support, care and treatment they provide\tResources are used effectively and efficiently in the provision of health and social care services.",
    '4.1 Through collaboration and co- production, we will deliver more effective services and enhance the mh and wb across our communities\t1) Emergency readmissions to a mental health hospital within 28 days of discharge (rate per 1,000 discharges) 2) Number of days people aged 75+ spend in a mental health hospital when they are ready to be discharged (per 1,000 population) *Above indicators supported by data and narrative outlined in respect to commissioned services (Commissioned services annual report)\t\t\t©\t0\t\t\t\t\t©',
    '4.2 Lived experience will be at the heart of service design, and the voices and views of people and their carers will influence decisions about how care and support is received.\tPercentage increase in people who feel they had a say in how their health or social care support was provided.\t\t\t©\t©\t\t\t\t\t',
    '5 Ensure that statuatory services delivering help and support to our communities have adequate resources including staffing and training needs.\t1) Number of vacancies at same point in time each month 2) % of vacancies within the overall establishment 3) % increase in staff who provide positive feedback regarding training opportunities (IMatters Survey)\t\t\t\t\t\t\t\t\t②',
    'communication mai.\t1) % increase in staff who provide positive feedback regarding staff working across community and statutory mental health & wellbeing services (Matters Survey)\t\t\t\t\t\t\t\t\t',
    'community and statutory mental health & wellbeing services, and\t2) 6 month iMatters (regular interval) Survey "question and answer staff review" 1) Percentage increase in people who feel that their health or social care\t\t\t\t\t\t\t\t\t',
    'communication that: (ii) ensures that service users, their families and carers receive the best possible support.\tsupport was easily accessible and well communicated 2) Percentage increase in the overall rating of the health or social care support people received 3) Emergency readmissions to a mental health hospital within 28 days of discharge (rate per 1,000 discharges) 4) Number of days people aged 75+ spend in a mental health hospital when they are ready to be discharged (per 1,000 population)\t\t\t②\t0\t\t\t\t\t©',
])
MARKERS_004 = {"\u00a9", "\u2461", "(2)", "O", "0", "\u2014"}
MARKER_FILL = PatternFill("solid", fgColor="E2EFDA")


def make_004():
    wb = new_wb()
    ws = wb.create_sheet("PMF")
    lines = SEED_004.split("\n")
    header_rows = [n for n, l in enumerate(lines, 1) if l.startswith("STRATEGIC OUTCOMES")]
    for n, line in enumerate(lines, 1):  # seed line n -> sheet row n
        if line == "":
            continue
        cells = line.split("\t")
        for j, v in enumerate(cells, 1):
            if v == "":
                continue
            coord = ws.cell(row=n, column=j).coordinate
            if n in header_rows:
                put(ws, coord, v, font=HDR_FONT, fill=HDR_FILL, align=CENTER, border=BOX)
            elif len(cells) == 1:
                put(ws, coord, v, font=TITLE)
            elif j >= 3 and v in MARKERS_004:
                # '0' was typed into Excel as a number
                put(ws, coord, 0 if v == "0" else v, align=CENTER, fill=MARKER_FILL,
                    font=Font(bold=True, size=12))
            elif n == 1:
                put(ws, coord, v, font=Font(bold=True, size=12), fill=SUB_FILL, align=CENTER)
            else:
                put(ws, coord, v, align=WRAP)
    ws.merge_cells("C1:K1")
    ws.merge_cells("A3:A7")          # 1.1 spans its five KPI rows
    title_row = next(n for n, l in enumerate(lines, 1) if l.startswith("Community Mental Health"))
    ws.merge_cells(f"A{title_row}:K{title_row}")
    for hr in header_rows:
        ws.row_dimensions[hr].height = 150
    widths(ws, {"A": 40, "B": 60, **{get_column_letter(c): 18 for c in range(3, 12)}})
    ws.freeze_panes = "C3"
    ws.print_title_rows = "1:2"
    save(wb, "004_mh_pmf_matrix.xlsx")


# ---------------------------------------------------------------------------
# 005  Seed 001's data as stacked tables (issue 9: one rule reads every block)
# ---------------------------------------------------------------------------
STACKED_005 = [  # (first and last sheet row of a DATA_001 block, blank rows after it)
    (3, 35, 5),   # 12/13 .. 16/17 (text), with sections; 5 blank rows end the table
    (37, 51, 1),  # 2012 .. 2016 (numbers); 1 blank row, then the header repeats
    (53, 60, 4),  # 2011-2013, 2012-14, 2013-15; 4 blank rows, then a note
]


def make_005():
    """The Data section of seed 001 as a person exports it: each block under its own header row
    'Indicator | periods...', blocks one under another with blank rows between them (which the
    file does not hold: openpyxl writes no empty rows), then a note below."""
    wb = new_wb()
    ws = wb.create_sheet("Indicator data")
    put(ws, "A1", "Health and Wellbeing Indicators \u2013 Data (Insight Service, July 2017)",
        font=TITLE)
    lines = DATA_001.split("\n")
    r = 3
    for first, last, blank_after in STACKED_005:
        for k in range(first, last + 1):
            line = lines[k + DATA_ROW_OFFSET - DATA_FIRST_LINE]
            if line == "":
                r += 1
                continue
            cells = line.split("\t")
            head = k == first
            m = re.fullmatch(r"<b>(.*)</b>", cells[0])
            for j, v in enumerate(cells, 1):
                coord = ws.cell(row=r, column=j).coordinate
                if head:
                    value = "Indicator" if j == 1 else year_cell(v)
                    put(ws, coord, value, font=HDR_FONT, fill=HDR_FILL, border=BOX)
                elif j == 1:
                    put(ws, coord, m.group(1) if m else v, font=BOLD if m else None,
                        align=Alignment(wrap_text=True, vertical="top"))
                elif v != "":
                    val, fmt = typed(v)
                    put(ws, coord, val, fmt=fmt, align=Alignment(horizontal="right"))
            r += 1
        r += blank_after
    put(ws, f"A{r}", "Source: Insight Service, July 2017. '-' marks a value not published.",
        font=Font(italic=True))
    widths(ws, {"A": 90, "B": 11, "C": 11, "D": 11, "E": 11, "F": 11})
    save(wb, "005_stacked_tables.xlsx")


# 006  Monthly measures in an integrated performance report layout (issue 12: SPC needs monthly
#      data; the seeds are yearly, so the figures are made up and say so)
# ---------------------------------------------------------------------------
MONTHS_006 = [dt.date(2019 + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(24)]  # Apr 2019..
MEASURES_006 = [
    # A step change from April 2020 (a new streaming model): a shift above the mean.
    ("A&E: patients seen within 4 hours (%)", "Higher is better", 78,
     [74.1, 73.2, 75.0, 72.8, 74.6, 73.9, 72.5, 71.8, 70.9, 72.2, 73.4, 74.0,
      78.9, 79.6, 80.4, 79.1, 81.2, 80.0, 79.5, 80.8, 78.7, 79.9, 81.0, 80.3]),
    # Stable well under its ceiling: common cause, consistently passing.
    ("Delayed discharges (average patients per day)", "Lower is better", 50,
     [46, 44, 45, 47, 45, 44, 46, 45, 43, 45, 46, 44,
      45, 47, 44, 45, 46, 44, 45, 43, 46, 45, 44, 45]),
    # Rising for the last eight months: a run of increases, a concern when lower is better.
    ("Inpatient falls per 1,000 occupied bed days", "Lower is better", 6.0,
     [6.4, 6.8, 6.2, 6.6, 6.5, 6.9, 6.3, 6.6, 6.4, 6.7, 6.5, 6.3,
      6.6, 6.4, 6.8, 6.5, 6.2, 6.3, 6.5, 6.7, 6.9, 7.1, 7.4, 7.6]),
]


def make_006():
    """An integrated performance report page as NHS boards see it: one row per measure, its
    polarity and the year's target, then one column per month (Apr 2019 .. Mar 2021)."""
    wb = new_wb()
    ws = wb.create_sheet("Monthly performance")
    put(ws, "A1", "Integrated performance report: monthly measures (made-up figures, kpimap's "
        "SPC sample)", font=TITLE)
    heads = ["Indicator", "Polarity", "Target 2020/21"] + [d.strftime("%b %Y") for d in MONTHS_006]
    for j, h in enumerate(heads, 1):
        put(ws, ws.cell(row=3, column=j).coordinate, h, font=HDR_FONT, fill=HDR_FILL, border=BOX)
    for i, (title, polarity, target, values) in enumerate(MEASURES_006):
        r = 4 + i
        put(ws, f"A{r}", title, align=WRAP)
        put(ws, f"B{r}", polarity)
        put(ws, f"C{r}", target)
        for j, v in enumerate(values):
            put(ws, ws.cell(row=r, column=4 + j).coordinate, v)
    put(ws, "A2", "Made-up figures for illustration; not any organisation's data.",
        font=Font(italic=True))
    widths(ws, {"A": 46, "B": 16, "C": 14})
    save(wb, "006_monthly_performance.xlsx")


# 007  Breakdowns: the ASCS data return's Eligible Population layout (issue 11), made-up figures
# ---------------------------------------------------------------------------
SEXES_007 = ["Male", "Female", "Other"]
REASONS_007 = ["Physical Support", "Sensory Support", "Support with Memory and Cognition",
               "Learning Disability Support", "Mental Health Support", "Social Support"]
SETTINGS_007 = ["Community", "Residential Care", "Nursing Care"]


def eligible_population_007(value):
    """Tables 1 (aged 18-64) and 2 (aged 65 and over) as NHS Digital's return lays them out:
    the block title two rows above a header row 'Gender | Primary Support Reason | Support
    Setting: ...', gender merged over its six reason rows; then table 4. `value(age, s, r, c)`
    gives each input cell (None leaves it empty)."""
    wb = new_wb()
    ws = wb.create_sheet("Eligible Population")
    put(ws, "B2", "Please complete this page in full (made-up figures: kpimap's breakdown sample)",
        font=BOLD)
    for age, title_row, label in (("18-64", 5, "aged 18-64"), ("65 and over", 29,
                                                                "aged 65 and over")):
        put(ws, f"B{title_row}", f"Table {1 if age == '18-64' else 2}: Total number of service "
            f"users, {label} in the eligible population, by gender, primary support reason, "
            "and support setting", font=BOLD)
        head = title_row + 2
        for j, h in enumerate(["Gender", "Primary Support Reason"] +
                              [f"Support Setting: {x}" for x in SETTINGS_007]):
            put(ws, ws.cell(row=head, column=2 + j).coordinate, h, font=HDR_FONT, fill=HDR_FILL,
                border=BOX)
        for s_i, sex in enumerate(SEXES_007):
            first = head + 1 + 6 * s_i
            put(ws, f"B{first}", sex, align=CENTER)
            ws.merge_cells(f"B{first}:B{first + 5}")
            for r_i, reason in enumerate(REASONS_007):
                put(ws, f"C{first + r_i}", reason)
                for c_i in range(3):
                    v = value(age, s_i, r_i, c_i)
                    if v is not None:
                        put(ws, ws.cell(row=first + r_i, column=4 + c_i).coordinate, v)
    put(ws, "B61", "Table 4: Number of service users substituted from the sample due to a lack of "
        "capacity to consent", font=BOLD)
    put(ws, "C63", "Reason for substitution", font=HDR_FONT, fill=HDR_FILL, border=BOX)
    put(ws, "D63", "Number of service users", font=HDR_FONT, fill=HDR_FILL, border=BOX)
    for k, reason in enumerate(["Based on the advice of a care home or supported living manager",
                                "Taken independently by the LA"]):
        put(ws, f"C{64 + k}", reason)
        v = value("substituted", k, 0, 0)
        if v is not None:
            put(ws, f"D{64 + k}", v)
    widths(ws, {"B": 12, "C": 40, "D": 16, "E": 16, "F": 16})
    return wb


def make_007():
    def made_up(age, s, r, c):
        if age == "substituted":
            return [4, 2][s]
        base = {"18-64": 40, "65 and over": 90}[age]
        return base + 17 * r + 5 * s + [30, 8, 3][c] * (1 + (r % 3))
    save(eligible_population_007(made_up), "007_eligible_population.xlsx")
    save(eligible_population_007(lambda *args: None), "007_eligible_population_blank.xlsx")


# ---------------------------------------------------------------------------
def convert_ods():
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    if not os.path.exists(soffice):
        print("soffice not found; skipping .ods", file=sys.stderr)
        return
    subprocess.run([soffice, "--headless", "-env:UserInstallation=file:///tmp/lo_samples",
                    "--convert-to", "ods", "--outdir", HERE,
                    os.path.join(HERE, "000_trajectory_grid.xlsx")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summary():
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".xlsx"):
            continue
        wb = openpyxl.load_workbook(os.path.join(HERE, name))
        parts = []
        for ws in wb.worksheets:
            n = sum(1 for row in ws.iter_rows() for c in row if c.value is not None)
            parts.append(f"{ws.title}[{ws.max_row}x{ws.max_column}, {n} cells, {len(ws.merged_cells.ranges)} merges]")
        print(f"{name}: " + "; ".join(parts))


if __name__ == "__main__":
    make_000()
    make_001()
    make_002()
    make_003()
    make_004()
    make_005()
    make_006()
    make_007()
    if "--no-ods" not in sys.argv:
        convert_ods()
    summary()
