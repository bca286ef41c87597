#!/usr/bin/python3
"""Writes cached_formulas.xlsx for the patch suite: formulas WITH cached values, as Excel saves
them (openpyxl cannot write cached values, so the parts are written directly).

Inputs: A1 = 5, B1 = A1*2 (cached 2, stale on purpose: LibreOffice's default keeps a cached
value, so a stale one shows whether it recalculated), C1 = B1+1 (cached 3), D1 = SUM(B1:C1)*0+1
as a shared formula over D1:E1 (cached 1, 1). 'Board view': A1 = Inputs!C1*10 (cached 30).
Named: A1 = Total*2 (cached 4), Total being the defined name Inputs!$B$1. Other: A1 = 1+1
(cached 2), which reads no other sheet. calcChain lists every formula.
Usage: make_cached_formulas.py OUT.xlsx
"""

import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
SHEETS = ["Inputs", "Board view", "Named", "Other"]
CELLS = {
    "Inputs": '<row r="1" spans="1:5"><c r="A1"><v>5</v></c><c r="B1"><f>A1*2</f><v>2</v></c>'
              '<c r="C1"><f>B1+1</f><v>3</v></c>'
              '<c r="D1"><f t="shared" ref="D1:E1" si="0">SUM(B1:C1)*0+1</f><v>1</v></c>'
              '<c r="E1"><f t="shared" si="0"/><v>1</v></c></row>',
    "Board view": '<row r="1"><c r="A1"><f>Inputs!C1*10</f><v>30</v></c></row>',
    "Named": '<row r="1"><c r="A1"><f>Total*2</f><v>4</v></c></row>',
    "Other": '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>',
}
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def main(out: str) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", HEAD + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                      f'ContentType="{CT}.worksheet+xml"/>' for i in range(1, 5))
            + f'<Override PartName="/xl/calcChain.xml" ContentType="{CT}.calcChain+xml"/>'
            "</Types>"))
        z.writestr("_rels/.rels", HEAD + (
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", HEAD + (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, n in enumerate(SHEETS, start=1))
            + '</sheets><definedNames><definedName name="Total">Inputs!$B$1</definedName>'
            '</definedNames><calcPr calcId="191029"/></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", HEAD + (
            f'<Relationships xmlns="{PKG}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, 5))
            + f'<Relationship Id="rId9" Type="{REL}/calcChain" Target="calcChain.xml"/>'
            "</Relationships>"))
        for i, name in enumerate(SHEETS, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", HEAD + (
                f'<worksheet xmlns="{MAIN}"><dimension ref="A1:E1"/><sheetData>{CELLS[name]}'
                "</sheetData></worksheet>"))
        z.writestr("xl/calcChain.xml", HEAD + (
            f'<calcChain xmlns="{MAIN}"><c r="B1" i="1"/><c r="C1"/><c r="D1"/><c r="E1"/>'
            '<c r="A1" i="2"/><c r="A1" i="3"/><c r="A1" i="4"/></calcChain>'))


if __name__ == "__main__":
    main(sys.argv[1])
