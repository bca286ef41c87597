#!/bin/sh
# Checks one mapping file (or one included catalogue/vocabulary file) against the XML Schema in
# mappings/, and optionally against the mapping loader itself, so that the schema and the loader
# cannot drift apart unnoticed.
#
#   validate.sh --schema mappings/mapping.xsd --file mappings/icp-trajectory-grid.xml \
#               [--kpimap build/converter/kpimap --workbook samples/000_trajectory_grid.xlsx] \
#               [--expect-invalid]
#
# With mapping.xsd the root must be <mapping>, and every file it pulls in with
# <include file="..."> is checked against catalogue.xsd (next to mapping.xsd) as well.
# With --kpimap, the loader must agree: a valid mapping loads (kpimap convert --mapping FILE exits
# 0 or 1, or 3 when it fits the workbook poorly: any readable workbook is used), an invalid one
# is refused (exit 4, "fix the mapping file at that line").
# --expect-invalid turns the test around: the file must be rejected (by the schema, and by the
# loader when --kpimap is given).
#
# Exit codes: 0 pass, 1 fail, 77 skipped (xmllint is not installed; CTest SKIP_RETURN_CODE).
set -u

schema=""
file=""
kpimap=""
workbook=""
expect_invalid=0
while [ $# -gt 0 ]; do
    case "$1" in
        --schema) schema="$2"; shift 2 ;;
        --file) file="$2"; shift 2 ;;
        --kpimap) kpimap="$2"; shift 2 ;;
        --workbook) workbook="$2"; shift 2 ;;
        --expect-invalid) expect_invalid=1; shift ;;
        *) echo "validate.sh: unknown argument '$1'" >&2; exit 1 ;;
    esac
done
if [ -z "$schema" ] || [ -z "$file" ]; then
    echo "usage: validate.sh --schema XSD --file XML [--kpimap KPIMAP --workbook WORKBOOK] [--expect-invalid]" >&2
    exit 1
fi

if ! command -v xmllint >/dev/null 2>&1; then
    echo "SKIP: xmllint is not installed (Debian package libxml2-utils); cannot check $file against $schema"
    exit 77
fi

schema_dir=$(dirname "$schema")
file_dir=$(dirname "$file")
schema_ok=1

# 1. The file against its schema.
if ! xmllint --noout --schema "$schema" "$file"; then
    schema_ok=0
fi

# 2. Mapping files: the root is <mapping> (mapping.xsd also knows <catalogue> and <vocabulary>,
#    the roots of included files), and each included file is valid against catalogue.xsd.
if [ "$(basename "$schema")" = "mapping.xsd" ] && [ $schema_ok -eq 1 ]; then
    root=$(xmllint --xpath 'local-name(/*)' "$file" 2>/dev/null)
    if [ "$root" != "mapping" ]; then
        echo "$file: the root element is <$root>; a mapping file starts with <mapping id=\"...\">"
        schema_ok=0
    fi
    count=$(xmllint --xpath 'count(/mapping/include)' "$file" 2>/dev/null || echo 0)
    i=1
    while [ "$i" -le "${count:-0}" ]; do
        included=$(xmllint --xpath "string(/mapping/include[$i]/@file)" "$file")
        if ! xmllint --noout --schema "$schema_dir/catalogue.xsd" "$file_dir/$included"; then
            echo "$file: included file '$included' is not valid against catalogue.xsd"
            schema_ok=0
        fi
        i=$((i + 1))
    done
fi

# 3. The loader agrees (mapping files only).
loader_ok=""
if [ -n "$kpimap" ] && [ "$(basename "$schema")" = "mapping.xsd" ]; then
    out=$(mktemp -d)
    "$kpimap" convert "$workbook" --mapping "$file" -o "$out" >"$out/stdout" 2>"$out/stderr"
    rc=$?
    case $rc in
        0|1|3) loader_ok=1 ;;  # 3: loaded, but a poor fit for the workbook used
        4) loader_ok=0 ;;
        *) echo "kpimap convert exited $rc (expected 0/1/3 for a valid mapping, 4 for an invalid one):"
           cat "$out/stderr"; rm -rf "$out"; exit 1 ;;
    esac
    if [ $expect_invalid -eq 1 ]; then
        echo "loader says:"; sed 's/^/  /' "$out/stderr"
    fi
    rm -rf "$out"
fi

if [ $expect_invalid -eq 0 ]; then
    [ $schema_ok -eq 1 ] || { echo "FAIL: $file is not valid against $schema"; exit 1; }
    if [ "$loader_ok" = "0" ]; then
        echo "FAIL: $file is valid against $schema but the loader refuses it: the schema is too lax"
        exit 1
    fi
    echo "PASS: $file is valid${loader_ok:+ and loads}"
else
    [ $schema_ok -eq 0 ] || { echo "FAIL: $file should be rejected by $schema but validates: the schema is too lax"; exit 1; }
    if [ "$loader_ok" = "1" ]; then
        echo "FAIL: $file is rejected by $schema but the loader accepts it: the schema is too strict"
        exit 1
    fi
    echo "PASS: $file is rejected${loader_ok:+ by the schema and the loader}"
fi
exit 0
