#!/usr/bin/env bash
# cmake --install into a temporary prefix; the installed kpimap, run from a folder with no
# mappings/, converts a sample through its bundled mappings.
set -euo pipefail
build="$1"; source="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in bin/kpimap share/kpimap/mappings/icp-trajectory-grid.xml share/kpimap/mappings/mapping.xsd \
         share/doc/kpimap/README.md share/doc/kpimap/commands/watch.md \
         lib/systemd/system/kpimap-watch@.service; do
  [ -e "$tmp/prefix/$f" ] || { echo "missing after install: $f"; exit 1; }
done
mkdir "$tmp/elsewhere"; cp "$source/samples/000_trajectory_grid.xlsx" "$tmp/elsewhere/"
cd "$tmp/elsewhere"
set +e
"$tmp/prefix/bin/kpimap" convert 000_trajectory_grid.xlsx -o out > stdout.txt 2> stderr.txt
rc=$?
set -e
if [ "$rc" -gt 1 ]; then echo "installed kpimap did not convert (exit $rc):"; cat stderr.txt; exit 1; fi
grep -q "mapping icp-trajectory-grid" stdout.txt || { echo "unexpected output:"; cat stdout.txt; exit 1; }
"$tmp/prefix/bin/kpimap" convert --help | grep -q -- "--mappings arg (=$tmp/prefix/share/kpimap/mappings)" \
  || { echo "--help does not show the bundled mappings as the default"; exit 1; }
echo "install layout ok"
