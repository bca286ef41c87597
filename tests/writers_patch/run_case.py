#!/usr/bin/python3
"""One case of the package-patch suite (cases.json), end to end on a real file:

 1. patch the input with the cells the case names (patch_cells, the test driver around
    kpimap::patch_workbook);
 2. package_diff.py: the changed cells are exactly the written ones and every part is
    byte-identical or element-identical apart from the expected changes;
 3. LibreOffice headless, with a fresh default profile, opens the result and converts it (to
    .xlsx) without error, and formulas reading written cells show recalculated values there
    (cases with "recalc"). Its default ignores fullCalcOnLoad and keeps cached formula values,
    so this shows that kpimap dropped the stale ones. "unchanged_parts" must stay byte for byte.

Cases with "expect_error" must fail with that status code and leave no output file.
--selftest checks that package_diff.py notices what it must (an unexpected cell change, a
changed part, an added sheet) and accepts what it is told to (the written cells, an added sheet
named by --allow-added-sheet). Exit 0 pass, 1 fail, 77 skipped (no LibreOffice).

Usage: run_case.py --patch-cells BIN --shared DIR --work DIR (--case NAME | --selftest)
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "support"))
import package_diff  # noqa: E402


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def prepare_input(case: dict, shared: Path, work: Path, name: str) -> Path:
    if case["input"].startswith("generated/"):
        # One copy per case: cases run in parallel. generated/NAME.xlsx comes from make_NAME.py.
        out = work / f"{name}.input.xlsx"
        script = HERE / f"make_{Path(case['input']).stem}.py"
        subprocess.run([sys.executable, str(script), str(out)], check=True)
        return out
    return shared / case["input"]


def patch(patch_cells: str, source: Path, writes: dict, work: Path, name: str):
    spec = work / f"{name}.writes.json"
    spec.write_text(json.dumps(writes, ensure_ascii=False), encoding="utf-8")
    out = work / f"{name}.patched.xlsx"
    if out.exists():
        out.unlink()
    run = subprocess.run([patch_cells, str(source), str(spec), str(out)], capture_output=True,
                         text=True)
    return run, out


def expected_cells(writes: list) -> dict:
    return {f"{w['sheet']}!{w['cell']}": w["value"] for w in writes}


def convert_with_libreoffice(path: Path, work: Path, name: str) -> Path:
    office = soffice()
    outdir = work / f"{name}.lo"
    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir(parents=True)
    # A fresh profile, so LibreOffice runs with its default settings, as a person's would:
    # it ignores fullCalcOnLoad and keeps cached formula values, recalculating only formula
    # cells without one. The recalculated values the cases expect must come from kpimap's
    # dropping of cached values, not from a setting made here.
    # A profile of this run's own: two copies of the suite at once must not share one.
    profile = Path(tempfile.mkdtemp(prefix=f"lo-kpimap-patch-{name}-"))
    try:
        run = subprocess.run(
            [office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(path)],
            capture_output=True, text=True, timeout=240)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = outdir / path.name
    if run.returncode != 0 or not converted.exists() or converted.stat().st_size == 0:
        raise SystemExit(f"FAIL: LibreOffice could not convert {path}:\n{run.stdout}\n{run.stderr}")
    return converted


def run_case(name: str, case: dict, args) -> int:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    source = prepare_input(case, Path(args.shared), work, name)
    spec = {"writes": case["writes"], **case.get("options", {})}
    run, out = patch(args.patch_cells, source, spec, work, name)
    print(run.stdout, end="")
    if "expect_error" in case:
        report = json.loads(run.stdout) if run.stdout.strip().startswith("{") else {}
        if run.returncode != 1 or report.get("code") != case["expect_error"]:
            print(f"FAIL: expected error {case['expect_error']}, got exit {run.returncode}")
            return 1
        if out.exists() or any(p.name.startswith(f".{out.name}") for p in work.iterdir()):
            print(f"FAIL: {out} (or a temporary file) was left behind after the error")
            return 1
        print(f"PASS: refused with {case['expect_error']}, nothing written")
        return 0
    if run.returncode != 0:
        print(f"FAIL: patch_cells exited {run.returncode}\n{run.stderr}")
        return 1

    expect = work / f"{name}.expect.json"
    expect.write_text(json.dumps(expected_cells(case["writes"]), ensure_ascii=False),
                      encoding="utf-8")
    diff_args = [str(source), str(out), "--expect-cells", str(expect)]
    for part in case.get("allow_changed_parts", []):
        diff_args += ["--allow-changed-part", part]
    if package_diff.main(diff_args) != 0:
        print("FAIL: package_diff found unexpected changes")
        return 1

    with zipfile.ZipFile(source) as za, zipfile.ZipFile(out) as zb:
        for part in case.get("unchanged_parts", []):
            if za.read(part) != zb.read(part):
                print(f"FAIL: {part} changed; it has no formula that reads a written cell")
                return 1

    if soffice() is None:
        print("SKIP: LibreOffice (soffice) is not installed; the structural checks passed")
        return 77
    converted = convert_with_libreoffice(out, work, name)
    import openpyxl

    values = openpyxl.load_workbook(converted, data_only=True)
    for key, want in case.get("recalc", {}).items():
        sheet, _, ref = key.rpartition("!")
        got = values[sheet][ref].value
        if got != want:
            print(f"FAIL: after LibreOffice recalculation {key} = {got!r}, expected {want!r}")
            return 1
    print(f"PASS: {name}: LibreOffice converted the result"
          + (f" and recalculated {len(case['recalc'])} formula(s)" if case.get("recalc") else ""))
    return 0


def selftest(cases: dict, args) -> int:
    """package_diff must fail on an unexpected cell change and on a changed part."""
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    case = cases["tables"]
    source = prepare_input(case, Path(args.shared), work, "selftest")
    run, out = patch(args.patch_cells, source, {"writes": case["writes"]}, work, "selftest")
    if run.returncode != 0:
        print(f"FAIL: patch_cells exited {run.returncode}\n{run.stdout}{run.stderr}")
        return 1
    failures = 0
    partial = work / "selftest.partial.json"
    expected = expected_cells(case["writes"])
    expected.pop(next(iter(expected)))
    partial.write_text(json.dumps(expected), encoding="utf-8")
    if package_diff.main([str(source), str(out), "--expect-cells", str(partial), "--quiet"]) != 1:
        print("FAIL: package_diff accepted a cell change it was not told about")
        failures += 1
    full = work / "selftest.full.json"
    full.write_text(json.dumps(expected_cells(case["writes"])), encoding="utf-8")
    if package_diff.main([str(source), str(out), "--expect-cells", str(full), "--quiet"]) != 0:
        print("FAIL: package_diff rejected the honest patch")
        failures += 1
    # A copy of the output whose styles.xml lost an attribute.
    tampered = work / "selftest.tampered.xlsx"
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/styles.xml":
                data = data.replace(b"<styleSheet ", b'<styleSheet kpimapTampered="1" ', 1)
                assert data != zin.read(info.filename), "nothing to tamper with in styles.xml"
            zout.writestr(info, data)
    if package_diff.main([str(source), str(tampered), "--expect-cells", str(full), "--quiet"]) != 1:
        print("FAIL: package_diff accepted a changed styles.xml")
        failures += 1
    # A copy of the output whose patched sheet changed outside the written cells too.
    zoomed = work / "selftest.zoomed.xlsx"
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(zoomed, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetView ", b'<sheetView zoomScale="90" ', 1)
                assert data != zin.read(info.filename), "no sheetView in sheet1.xml"
            zout.writestr(info, data)
    if package_diff.main([str(source), str(zoomed), "--expect-cells", str(full), "--quiet"]) != 1:
        print("FAIL: package_diff accepted a patched sheet changed beyond its written cells")
        failures += 1

    # A copy of the output with a new sheet "Report", as `kpimap update` may add.
    added = work / "selftest.added.xlsx"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(added, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", f'<sheet xmlns:r="{rel}" name="Report" '
                                    f'sheetId="99" r:id="rIdReport"/></sheets>'.encode(), 1)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdReport" '
                                    f'Type="{rel}/worksheet" Target="worksheets/report.xml"/>'
                                    "</Relationships>".encode(), 1)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/worksheets/report.xml" '
                                    b'ContentType="application/vnd.openxmlformats-officedocument.'
                                    b'spreadsheetml.worksheet+xml"/></Types>', 1)
            zout.writestr(info, data)
        zout.writestr("xl/worksheets/report.xml",
                      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                      'main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Summary</t>'
                      "</is></c></row></sheetData></worksheet>")
    common = [str(source), str(added), "--expect-cells", str(full), "--quiet"]
    if package_diff.main(common) != 1:
        print("FAIL: package_diff accepted a sheet it was not told about")
        failures += 1
    if package_diff.main(common + ["--allow-added-sheet", "Report"]) != 0:
        print("FAIL: package_diff rejected a sheet it was told to expect")
        failures += 1
    # A formula cell may lose its cached value, never gain or change one.
    case = cases["cached_formulas"]
    source = prepare_input(case, Path(args.shared), work, "selftest_cached")
    run, out = patch(args.patch_cells, source, {"writes": case["writes"]}, work, "selftest_cached")
    cells = work / "selftest_cached.json"
    cells.write_text(json.dumps(expected_cells(case["writes"])), encoding="utf-8")
    if run.returncode != 0 or package_diff.main([str(source), str(out), "--expect-cells",
                                                 str(cells), "--quiet"]) != 0:
        print("FAIL: package_diff rejected dropped cached formula values")
        failures += 1
    stale = work / "selftest.stale.xlsx"
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(stale, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</f></c>", b"</f><v>99</v></c>", 1)
                assert data != zin.read(info.filename), "no formula in sheet2.xml"
            zout.writestr(info, data)
    if package_diff.main([str(source), str(stale), "--expect-cells", str(cells), "--quiet"]) != 1:
        print("FAIL: package_diff accepted a changed cached formula value")
        failures += 1
    print("PASS: package_diff notices unexpected changes" if not failures else "")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patch-cells", required=True)
    parser.add_argument("--shared", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--case")
    parser.add_argument("--selftest", action="store_true")
    args = parser.parse_args()
    cases = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    if args.selftest:
        return selftest(cases, args)
    return run_case(args.case, cases[args.case], args)


if __name__ == "__main__":
    sys.exit(main())
