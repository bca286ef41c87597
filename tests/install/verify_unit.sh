#!/usr/bin/env bash
# systemd-analyze verify on kpimap-watch@.service, configured with this build's kpimap, as the
# instance for /srv/kpi. Exit 77 (skipped) where systemd-analyze is not installed.
set -euo pipefail
template="$1"; kpimap="$2"; source="$3"
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not installed: skipped"; exit 77; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
unit="$tmp/kpimap-watch@srv-kpi.service"
sed -e "s|@KPIMAP_INSTALL_BINDIR@|$(dirname "$kpimap")|g" \
    -e "s|@KPIMAP_INSTALL_MAPPINGSDIR@|$source/mappings|g" \
    -e "s|@KPIMAP_INSTALL_DOCDIR@|$source/docs|g" "$template" > "$unit"
if grep -q "@[A-Z_]*@" "$unit"; then echo "unconfigured placeholder left in the unit"; exit 1; fi
# --man=no: no man pages on a build machine; the unit's own lines are what is checked.
out="$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$unit" 2>&1)" || {
  echo "$out"; exit 1; }
# verify prints problems as warnings without failing on some of them: any line about our unit fails.
if echo "$out" | grep -i "kpimap-watch"; then exit 1; fi
echo "unit verifies"
