#!/usr/bin/python3
"""Writes features.xlsx for the patch suite with openpyxl: the features the corpus lacks.

Inputs (protected; B2:B5 unlocked): labels with a comment, whole-number and list data
validations, formulas in C reading the B cells, a merged title; Lookup (hidden): a list behind
the defined name Colours. Usage: make_features.py OUT.xlsx
"""

import sys

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation


def main(out: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Inputs"
    ws["A1"], ws["B1"], ws["C1"] = "Measure", "Value", "Check"
    ws["A1"].font = ws["B1"].font = Font(bold=True)
    labels = ["Referrals", "RAG", "Waiting weeks", "Rate"]
    values = [10, "Green", 6, 2.5]
    for i, (label, value) in enumerate(zip(labels, values), start=2):
        ws.cell(row=i, column=1, value=label)
        cell = ws.cell(row=i, column=2, value=value)
        cell.protection = Protection(locked=False)
        cell.fill = PatternFill("solid", fgColor="FFF2CC")
    ws["A2"].comment = Comment("Monthly count from the provider return", "kpimap")
    ws["C2"] = "=B2*2"
    ws["C3"] = '=IF(B3="Red",1,0)'
    ws["C4"] = "=SUM(B2,B4)"
    ws["E1"] = "Board summary"
    ws.merge_cells("E1:G1")
    whole = DataValidation(type="whole", operator="between", formula1="0", formula2="100000")
    whole.add("B2")
    rag = DataValidation(type="list", formula1="Colours", allow_blank=True)
    rag.add("B3")
    ws.add_data_validation(whole)
    ws.add_data_validation(rag)
    ws.protection.sheet = True
    ws.protection.password = "kpimap"

    lookup = wb.create_sheet("Lookup")
    for i, colour in enumerate(["Red", "Amber", "Green"], start=1):
        lookup.cell(row=i, column=1, value=colour)
    lookup.sheet_state = "hidden"
    name = DefinedName("Colours", attr_text="Lookup!$A$1:$A$3")
    if hasattr(wb.defined_names, "add"):
        wb.defined_names.add(name)
    else:
        wb.defined_names.append(name)
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1])
