#!/usr/bin/env bash
# A fresh kiosk PC, end to end, from Debian's own packages:
#  1. the chain's apt repository: the kiosk's .deb in a folder made with apt-ftparchive, its
#     Release signed with a key of the chain's own (gpg), as a fleet would host one;
#  2. a bare Debian 12 root (mmdebstrap, minbase: no desktop, no recommends) that installs
#     the package from that repository with apt, checking the signature; a missing
#     dependency fails here;
#  3. docs/deploy.md's steps in that root: the fleet PIN and settings in settings.d, a
#     signed content pack from a folder (a USB stick) installed by `update`, the metrics
#     folder;
#  4. the unit's own command line (cage -s -- patient-kiosk) as the kiosk user, under cage's
#     headless backend: the kiosk must draw its first frame; and `doctor` in that session,
#     which may fail only on what this root has not got (a CUPS printer).
# Usage: .ci/kiosk-pc.sh [PACKAGE.deb] (default: the newest in target/debian). Needs root
# (or sudo) and Debian's mirror; .ci/run runs it after deb-check.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
deb=$(realpath "${1:-$(ls -t target/debian/patient-kiosk_*.deb | head -1)}")
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v apt-ftparchive >/dev/null || need+=(apt-utils)
command -v gpg >/dev/null || need+=(gnupg)
command -v minisign >/dev/null || need+=(minisign)
if [ ${#need[@]} -gt 0 ]; then
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
root=$work/root
cleanup() {
  for m in dev/pts dev proc; do
    "${as_root[@]}" umount "$root/$m" 2>/dev/null || true
  done
  "${as_root[@]}" rm -rf "$work"
}
trap cleanup EXIT
say() { echo "kiosk-pc: $*"; }
in_root() { "${as_root[@]}" chroot "$root" "$@"; }
as_kiosk() { in_root runuser -u kiosk -- env HOME=/var/lib/patient-kiosk "$@"; }

# 1. The chain's signed apt repository.
mkdir -p "$work/repo"
cp "$deb" "$work/repo/"
(cd "$work/repo" && apt-ftparchive packages . >Packages && apt-ftparchive release . >Release)
export GNUPGHOME=$work/gnupg
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "Kiosk chain repository" ed25519 sign never
gpg --batch --quiet --export >"$work/chain-repo.gpg"
gpg --batch --quiet --yes --clearsign -o "$work/repo/InRelease" "$work/repo/Release"
say "signed repository: $(cd "$work/repo" && ls | tr '\n' ' ')"

# 2. A bare Debian 12, and the package from the repository.
"${as_root[@]}" mmdebstrap --quiet --variant=minbase bookworm "$root" \
  "deb http://deb.debian.org/debian bookworm main" \
  "deb http://deb.debian.org/debian bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main"
"${as_root[@]}" mkdir -p "$root/srv/kiosk-repo"
"${as_root[@]}" cp -r "$work/repo/." "$root/srv/kiosk-repo/"
"${as_root[@]}" cp "$work/chain-repo.gpg" "$root/usr/share/keyrings/kiosk-chain.gpg"
printf 'Types: deb\nURIs: file:/srv/kiosk-repo\nSuites: ./\nSigned-By: /usr/share/keyrings/kiosk-chain.gpg\n' \
  | "${as_root[@]}" tee "$root/etc/apt/sources.list.d/kiosk-chain.sources" >/dev/null
for m in proc dev dev/pts; do
  "${as_root[@]}" mount --bind "/$m" "$root/$m"
done
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  patient-kiosk >/dev/null
say "installed: $(in_root dpkg-query -W -f '${Package} ${Version} ${Status}' patient-kiosk)"
in_root test -x /usr/bin/cage
in_root test -x /usr/bin/Xwayland
in_root test -d /etc/patient-kiosk/settings.d

# 3. deploy.md: the fleet's PIN and settings, a signed pack on a "stick", the metrics folder.
echo 4821 | in_root patient-kiosk set-pin --config /etc/patient-kiosk/settings.d/50-pin.toml >/dev/null
[ "$(in_root stat -c '%a %U:%G' /etc/patient-kiosk/settings.d/50-pin.toml)" = "640 root:kiosk" ] \
  || { say "the PIN file is not 640 root:kiosk"; exit 1; }
bin=$(realpath target/debug/patient-kiosk)
"$bin" export-content "$work/clinic-content" >/dev/null
"$bin" validate "$work/clinic-content" >/dev/null
"$bin" pack "$work/clinic-content" --out "$work/pack.tar" --seq 7 >/dev/null
minisign -G -W -p "$work/chain.pub" -s "$work/chain.key" >/dev/null
minisign -S -s "$work/chain.key" -m "$work/pack.tar" -t "seq=7 approved by Dr Lee" >/dev/null
"${as_root[@]}" mkdir -p "$root/media/usb"
"${as_root[@]}" cp "$work/pack.tar" "$work/pack.tar.minisig" "$root/media/usb/"
key=$(sed -n 2p "$work/chain.pub")
in_root mkdir -p /var/lib/prometheus/node-exporter
in_root chgrp kiosk /var/lib/prometheus/node-exporter
in_root chmod 1775 /var/lib/prometheus/node-exporter
printf 'pack_url = "/media/usb/pack.tar"\npack_public_key = "%s"\nmetrics_file = "/var/lib/prometheus/node-exporter/patient_kiosk.prom"\nclinic_name = "Kiosk PC check"\n' "$key" \
  | "${as_root[@]}" tee "$root/etc/patient-kiosk/settings.d/10-clinic.toml" >/dev/null
in_root chown root:kiosk /etc/patient-kiosk/settings.d/10-clinic.toml
in_root chmod 0640 /etc/patient-kiosk/settings.d/10-clinic.toml
updated=$(as_kiosk patient-kiosk update)
say "update: $updated"
grep -q "installed content pack 7 (signed by key .* (approved by Dr Lee))" <<<"$updated"

# 4. The unit's command line, as the kiosk user, under cage's headless backend (no screen
# here): the kiosk draws its first frame; doctor runs in that session.
uid=$(in_root id -u kiosk)
in_root install -d -o kiosk -g kiosk -m 0700 "/run/user/$uid"
session=(env HOME=/var/lib/patient-kiosk XDG_RUNTIME_DIR="/run/user/$uid"
  WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1)
frame=$(in_root runuser -u kiosk -- "${session[@]}" timeout 120 cage -s -- \
  patient-kiosk --bench-startup 2>&1 | grep "first frame" || true)
[ -n "$frame" ] || { say "the kiosk drew no frame under cage"; exit 1; }
say "$frame"
report=$(in_root runuser -u kiosk -- "${session[@]}" timeout 120 cage -s -- \
  sh -c 'patient-kiosk doctor; echo "doctor exit $?"' 2>/dev/null || true)
echo "$report" | sed 's/^/kiosk-pc:   /'
grep -q "^ok   kiosk session" <<<"$report"
grep -q "^ok   display" <<<"$report"
grep -q "^ok   content: content pack 7" <<<"$report"
grep -q "^ok   content pack updates" <<<"$report"
grep -q "^ok   metrics file" <<<"$report"
grep -q "^ok   staff PIN" <<<"$report"
# What this root has not got: a CUPS server with a printer (a clinic's PC has one).
unexpected=$(grep "^FAIL" <<<"$report" | grep -v -e "^FAIL printer" -e "^FAIL CUPS job" || true)
[ -z "$unexpected" ] || { say "doctor failed: $unexpected"; exit 1; }
say "ok in $(($(date +%s) - started)) s"
