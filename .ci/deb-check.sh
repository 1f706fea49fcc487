#!/usr/bin/env bash
# Build the Debian package from the debug binary `cargo test` just built (no release build
# in CI), and check what it holds: the binary, the unit, the conffile, the maintainer
# scripts, the dependencies. A clinic builds its package with plain `cargo deb` (release).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo-deb >/dev/null; then
  cargo install cargo-deb --locked --version 3.8.0
fi
# --no-build: the binary `cargo test` built (building the bin alone would rebuild every
# dependency without the test-only features).
deb=$(cargo deb --profile dev --no-build --fast --quiet 2>/dev/null | tail -1)
[ -f "$deb" ] || deb=$(ls -t target/debian/patient-kiosk_*.deb | head -1)
echo "deb-check: $deb"
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/patient-kiosk ./usr/lib/systemd/system/patient-kiosk.service \
  ./etc/patient-kiosk/settings.toml ./usr/share/doc/patient-kiosk/deploy.md \
  ./usr/share/doc/patient-kiosk/prometheus/patient-kiosk.rules.yml; do
  grep -q " $path\$" <<<"$contents" || { echo "deb-check: $path is missing"; exit 1; }
done
info=$(dpkg-deb -I "$deb")
for dep in espeak-ng cups-client adduser libegl1 libxkbcommon0; do
  grep -q "^ Depends:.*$dep" <<<"$info" || { echo "deb-check: does not depend on $dep"; exit 1; }
done
grep -q "^ Recommends:.*cage" <<<"$info" || { echo "deb-check: does not recommend cage"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -e "$deb" "$work/DEBIAN"
grep -qx "/etc/patient-kiosk/settings.toml" "$work/DEBIAN/conffiles" \
  || { echo "deb-check: the settings are not a conffile"; exit 1; }
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
echo "deb-check: ok ($(du -h "$deb" | cut -f1))"
