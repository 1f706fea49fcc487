#!/usr/bin/env bash
# Build the Debian package from the debug binary `cargo test` just built (no release build
# in CI), and check what it holds: the binary, the unit, the conffile, the maintainer
# scripts, the dependencies. A clinic builds its package with plain `cargo deb` (release).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo-deb >/dev/null; then
  cargo install cargo-deb --locked --version 3.8.0
fi
# lintian (Debian's package checker) and systemd-analyze (the unit's hardening score).
need=()
command -v lintian >/dev/null || need+=(lintian)
command -v systemd-analyze >/dev/null || need+=(systemd)
if [ ${#need[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# --no-build: the binary `cargo test` built (building the bin alone would rebuild every
# dependency without the test-only features).
deb=$(cargo deb --profile dev --no-build --fast --quiet 2>/dev/null | tail -1)
[ -f "$deb" ] || deb=$(ls -t target/debian/patient-kiosk_*.deb | head -1)
echo "deb-check: $deb"
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/patient-kiosk ./usr/lib/systemd/system/patient-kiosk.service \
  ./usr/share/doc/patient-kiosk/settings.example.toml ./usr/share/doc/patient-kiosk/deploy.md \
  ./usr/share/doc/patient-kiosk/prometheus/patient-kiosk.rules.yml \
  ./usr/share/man/man1/patient-kiosk.1.gz ./usr/share/doc/patient-kiosk/changelog.Debian.gz; do
  grep -q " $path\$" <<<"$contents" || { echo "deb-check: $path is missing"; exit 1; }
done
info=$(dpkg-deb -I "$deb")
for dep in cage xwayland espeak-ng cups-client adduser libegl1 libxkbcommon0; do
  grep -q "^ Depends:.*$dep" <<<"$info" || { echo "deb-check: does not depend on $dep"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -e "$deb" "$work/DEBIAN"
# IT's settings are drop-ins the package never ships: an upgrade never stops at a prompt.
if [ -s "$work/DEBIAN/conffiles" ]; then
  echo "deb-check: conffiles would make upgrades prompt: $(cat "$work/DEBIAN/conffiles")"; exit 1
fi
grep -q "settings.d" "$work/DEBIAN/postinst" || { echo "deb-check: postinst makes no settings.d"; exit 1; }
# An upgrade never restarts the kiosk mid-patient (it restarts itself between patients).
if grep -q "try-restart\|restart" "$work/DEBIAN/postinst"; then
  echo "deb-check: postinst restarts the kiosk on upgrade"; exit 1
fi
grep -q "adduser --system" "$work/DEBIAN/postinst" || { echo "deb-check: postinst makes no user"; exit 1; }
grep -q "systemctl\|deb-systemd-helper" "$work/DEBIAN/postinst" \
  || { echo "deb-check: postinst does not enable the unit"; exit 1; }
# The unit, as systemd reads it (where systemd-analyze is installed; cage need not be).
if command -v systemd-analyze >/dev/null; then
  dpkg-deb -x "$deb" "$work/root"
  out=$(systemd-analyze verify "$work/root/usr/lib/systemd/system/patient-kiosk.service" 2>&1 || true)
  # Only the unit's own syntax counts here: the build machine has no cage or tty1 of its own.
  bad=$(grep -v -e "cage" -e "is not executable" -e "^$" <<<"$out" | grep -i -e "unknown" -e "invalid" -e "failed to parse" || true)
  [ -z "$bad" ] || { echo "deb-check: systemd-analyze: $bad"; exit 1; }
fi
# Debian's own package checker: no error, and no warning without an override saying why.
{
  found=$(lintian --pedantic "$(realpath "$deb")" 2>&1 | grep -E "^[EW]:" || true)
  [ -z "$found" ] || { echo "deb-check: lintian:"; echo "$found"; exit 1; }
  echo "deb-check: lintian clean"
}
# The unit's hardening, as systemd rates it (5.0 or lower; 10 is none).
if command -v systemd-analyze >/dev/null; then
  score=$(systemd-analyze security --offline=true "$work/root/usr/lib/systemd/system/patient-kiosk.service" 2>/dev/null \
    | sed -n 's/.*Overall exposure level for patient-kiosk.service: \([0-9.]*\).*/\1/p')
  echo "deb-check: systemd-analyze security: ${score:-?}"
  awk -v s="${score:-10}" 'BEGIN { exit !(s <= 5.0) }' \
    || { echo "deb-check: the unit's exposure ${score:-?} is over 5.0"; exit 1; }
fi
echo "deb-check: ok ($(du -h "$deb" | cut -f1))"
