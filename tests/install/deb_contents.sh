#!/usr/bin/env bash
# The .deb CPack makes from this build (as scripts/package does from a Release build): the files a
# service needs are in it, its control data declares the shared libraries kpimap links, and the
# maintainer scripts that make the kpimap user and enable the unit are there. Exit 77 (skipped)
# where dpkg-deb or cpack is missing. lintian (when installed) must report no error but the two
# that wait for the project's licence to be chosen: no copyright file, no changelog.
set -euo pipefail
build="$1"
command -v dpkg-deb >/dev/null || { echo "dpkg-deb not installed: skipped"; exit 77; }
command -v cpack >/dev/null || { echo "cpack not installed: skipped"; exit 77; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
(cd "$build" && cpack -G DEB -B "$tmp" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb="$(ls "$tmp"/kpimap_*.deb)"
contents="$(dpkg-deb --contents "$deb" | awk '{print $6}')"
fail=0
for want in ./usr/bin/kpimap ./usr/lib/systemd/system/kpimap-watch@.service \
            ./usr/share/kpimap/mappings/mapping.xsd ./usr/share/kpimap/mappings/icp-trajectory-grid.xml \
            ./usr/share/doc/kpimap/README.md ./usr/share/doc/kpimap/commands/watch.md \
            ./usr/share/doc/kpimap/service.md; do
  grep -qxF "$want" <<<"$contents" || { echo "missing from the package: $want"; fail=1; }
done
# Nothing of the build tree (tests, benchmarks, fuzzers) is shipped.
if grep -E "kpimap_tests|fuzz_|_bench" <<<"$contents"; then echo "build-only files shipped"; fail=1; fi
depends="$(dpkg-deb --field "$deb" Depends)"
for lib in libxlsxwriter libzip libicu libsqlite3 libsystemd0 libfmt; do
  grep -q "$lib" <<<"$depends" || { echo "Depends does not name $lib: $depends"; fail=1; }
done
control="$(dpkg-deb --ctrl-tarfile "$deb" | tar -t)"
for script in ./postinst ./prerm; do
  grep -qxF "$script" <<<"$control" || { echo "maintainer script missing: $script"; fail=1; }
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./postinst | grep -q "adduser --system" \
  || { echo "postinst does not make the kpimap user"; fail=1; }
if command -v lintian >/dev/null; then
  errors="$(lintian "$deb" 2>&1 | grep '^E:' | grep -v -E 'no-copyright-file|no-changelog' || true)"
  [ -z "$errors" ] || { echo "lintian errors:"; echo "$errors"; fail=1; }
fi
[ "$fail" = 0 ] && echo "package ok: $(basename "$deb")"
exit "$fail"
