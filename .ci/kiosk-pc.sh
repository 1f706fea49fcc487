#!/usr/bin/env bash
# Fresh kiosk PCs, end to end, from Debian's own packages, following docs/deploy.md:
#  1. the chain's apt repository: the kiosk's .deb in a folder made with apt-ftparchive, its
#     Release signed with a key of the chain's own (gpg), as a fleet would host one;
#  2. a bare Debian 12 root (mmdebstrap, minbase: no desktop), copied twice:
#     A. default apt settings: deploy.md's own `apt install ./patient-kiosk_...deb`
#        (recommends included: CUPS);
#     B. the package from the signed repository with --no-install-recommends;
#     a missing dependency fails either;
#  3. in A, deploy.md's blocks marked `<!-- e2e: NAME -->`, run as written: the fleet PIN,
#     the clinic's settings file, a signing key and a signed release of the content on a
#     "build machine" (the same root), the pack settings, `update`, node exporter and the
#     metrics settings;
#  4. in both, the unit's own command line (cage -s -- patient-kiosk) as the kiosk user under
#     cage's headless backend: the kiosk must draw its first frame; in A it keeps running
#     while deploy.md's doctor command runs from "SSH" (root, outside the session) and node
#     exporter serves the kiosk's metrics; doctor may fail only on what a root without
#     hardware lacks (a CUPS printer);
#  5. B booted with its own systemd (systemd-nspawn --boot): the enabled unit starts the
#     kiosk by itself, through its PAM login and logind session, with all its hardening, and
#     writes its metrics; `systemctl stop` leaves `patient_kiosk_up 0`. The one change to
#     the unit is a drop-in for a machine with no screen (a container has no tty1 or DRM):
#     cage's headless backend, and no tty.
#
# What is filled in, because deploy.md writes a placeholder the reader replaces with their
# own (nothing else in a block is changed):
#  - https://intranet.example/kiosk/pack.tar: a web server on 127.0.0.1 serving the release;
#  - the example public key: the key the "build machine" block made;
#  - 10.20.0.15:9100 (the management address): 127.0.0.1 and a free port;
#  - `editor`: a stand-in that uncomments clinic_name and hide_cursor, as IT would;
#  - `systemctl restart prometheus-node-exporter` (a root has no systemd): the command
#    Debian's unit runs, with /etc/default/prometheus-node-exporter, as its user;
#  - the PIN and minisign's password, typed on standard input.
# Services are kept from starting inside the roots (policy-rc.d), as image builders do.
#
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
command -v python3 >/dev/null || need+=(python3-minimal)
command -v curl >/dev/null || need+=(curl)
command -v systemd-nspawn >/dev/null || need+=(systemd-container)
if [ ${#need[@]} -gt 0 ]; then
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    "${as_root[@]}" kill "$pid" 2>/dev/null || true
  done
  # Whatever a root still runs (the kiosk, cage, node exporter) goes before its mounts.
  for root in "$work/base" "$work/a" "$work/b"; do
    [ -d "$root" ] || continue
    for proc in /proc/[0-9]*; do
      [ "$("${as_root[@]}" readlink "$proc/root" 2>/dev/null)" = "$root" ] \
        && "${as_root[@]}" kill -9 "${proc#/proc/}" 2>/dev/null || true
    done
    for m in dev/pts dev proc; do
      "${as_root[@]}" umount "$root/$m" 2>/dev/null || true
    done
  done
  "${as_root[@]}" rm -rf "$work"
}
trap cleanup EXIT
say() { echo "kiosk-pc: $*"; }
fail() {
  say "FAIL: $*"
  exit 1
}
# A clean environment inside a root, as root.
root_env=(env -i PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
in_root() {
  local root=$1
  shift
  "${as_root[@]}" chroot "$root" "${root_env[@]}" DEBIAN_FRONTEND=noninteractive \
    APT_CONFIG=/etc/apt/e2e-yes.conf "$@"
}
# The kiosk's session (cage) in ROOT, in a network namespace of its own: cage's X11 sockets
# for Xwayland are abstract sockets, which a chroot shares with the host, so a cage here
# would otherwise take the host's display :0 from under the tests' Xvfb.
in_session() {
  local root=$1
  shift
  "${as_root[@]}" unshare --net chroot "$root" "${root_env[@]}" "$@"
}
# deploy.md's block NAME, exactly as written.
block() {
  local text
  text=$(awk -v mark="<!-- e2e: $1 -->" '
    $0 == mark { want = 1; next }
    want && /^```/ { if (inside) exit; inside = 1; next }
    want && inside { print }' docs/deploy.md)
  [ -n "$text" ] || fail "docs/deploy.md has no block marked e2e: $1"
  printf '%s\n' "$text"
}
# deploy.md's placeholders, filled in (see the header).
fill() {
  sed -e "s|https://intranet.example/kiosk/pack.tar|http://127.0.0.1:$web_port/kiosk/pack.tar|" \
    -e "s|RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3|$pack_key|" \
    -e "s|10.20.0.15:9100|127.0.0.1:$metrics_port|"
}
# Run deploy.md's block NAME in root A as root, from /root/build, after the placeholders
# above are filled in; standard input is what would be typed. Its output is also kept in
# $work/NAME.out; with "may-fail" a failure is left to the caller to judge.
run_block() {
  local name=$1 judge=${2:-}
  block "$name" | fill | "${as_root[@]}" tee "$a/root/build/$name.sh" >/dev/null
  say "deploy.md: $name"
  sed 's/^/kiosk-pc:   $ /' "$a/root/build/$name.sh"
  if ! in_root "$a" bash -euo pipefail -c "cd /root/build && . ./$name.sh" \
    >"$work/$name.out" 2>&1; then
    [ "$judge" = may-fail ] && return
    tail -20 "$work/$name.out"
    fail "deploy.md's block $name failed"
  fi
}
# A settings block of deploy.md, into IT's drop-in FILE as deploy.md says (root:kiosk 0640).
settings_block() {
  local name=$1 file=$2
  block "$name" | fill | "${as_root[@]}" tee "$a$file" >/dev/null
  in_root "$a" chown root:kiosk "$file"
  in_root "$a" chmod 0640 "$file"
  say "deploy.md: $name -> $file"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The placeholders' values (the key is made by deploy.md's block pack-key).
web_port=$(free_port)
metrics_port=$(free_port)
pack_key=unset

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

# 2. A bare Debian 12, twice.
base=$work/base
"${as_root[@]}" mmdebstrap --quiet --variant=minbase bookworm "$base" \
  "deb http://deb.debian.org/debian bookworm main" \
  "deb http://deb.debian.org/debian bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main"
printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$base/usr/sbin/policy-rc.d" >/dev/null
"${as_root[@]}" chmod 755 "$base/usr/sbin/policy-rc.d"
# Answering yes to apt's questions is all this changes of apt's settings.
echo 'APT::Get::Assume-Yes "true";' | "${as_root[@]}" tee "$base/etc/apt/e2e-yes.conf" >/dev/null
recommends=$(in_root "$base" apt-config dump APT::Install-Recommends)
[ "$recommends" = 'APT::Install-Recommends "1";' ] || fail "apt's default is not to install recommends: $recommends"
"${as_root[@]}" mount --bind /proc "$base/proc"
in_root "$base" apt-get update -qq
"${as_root[@]}" umount "$base/proc"
a=$work/a
b=$work/b
"${as_root[@]}" cp -a "$base" "$a"
"${as_root[@]}" mv "$base" "$b"
for root in "$a" "$b"; do
  for m in proc dev dev/pts; do
    "${as_root[@]}" mount --bind "/$m" "$root/$m"
  done
done

# A: deploy.md's install, with apt's default settings.
"${as_root[@]}" mkdir -p "$a/root/build"
"${as_root[@]}" cp "$deb" "$a/root/build/$(block install | sed -n 's|^apt install \./||p')"
run_block install >/dev/null
say "A installed: $(in_root "$a" dpkg-query -W -f '${Package} ${Version} ${Status}' patient-kiosk)"
in_root "$a" dpkg-query -W -f '${Status}\n' cups | grep -q "install ok installed" \
  || fail "the recommended CUPS was not installed with apt's defaults"

# B: the chain's signed repository, without recommends.
"${as_root[@]}" mkdir -p "$b/srv/kiosk-repo"
"${as_root[@]}" cp -r "$work/repo/." "$b/srv/kiosk-repo/"
"${as_root[@]}" cp "$work/chain-repo.gpg" "$b/usr/share/keyrings/kiosk-chain.gpg"
printf 'Types: deb\nURIs: file:/srv/kiosk-repo\nSuites: ./\nSigned-By: /usr/share/keyrings/kiosk-chain.gpg\n' \
  | "${as_root[@]}" tee "$b/etc/apt/sources.list.d/kiosk-chain.sources" >/dev/null
in_root "$b" apt-get update -qq
in_root "$b" apt-get install -qq --no-install-recommends patient-kiosk >/dev/null
say "B installed: $(in_root "$b" dpkg-query -W -f '${Package} ${Version} ${Status}' patient-kiosk)"
in_root "$b" dpkg-query -W -f '${Status}\n' cups 2>/dev/null | grep -q "install ok installed" \
  && fail "B installed the recommended CUPS"
for root in "$a" "$b"; do
  # The content and pictures are in the program: nothing is read from a source folder.
  exported=$(in_root "$root" patient-kiosk export-content /tmp/built-in)
  grep -q "^Wrote [1-9][0-9]* files" <<<"$exported" \
    || fail "the installed program has no built-in content: $exported"
  in_root "$root" test -x /usr/bin/cage
  in_root "$root" test -x /usr/bin/Xwayland
  in_root "$root" test -d /etc/patient-kiosk/settings.d
done

# 3. deploy.md in A.
mkdir -p "$work/web/kiosk"
(cd "$work/web" && exec python3 -m http.server --bind 127.0.0.1 "$web_port" >/dev/null 2>&1) &
pids+=($!)
# Stand-ins for what a root has not got (see the header).
printf '#!/bin/sh\nsed -i -e "s/^# clinic_name = \\"\\"/clinic_name = \\"Kiosk PC check\\"/" -e "s/^# hide_cursor = false/hide_cursor = true/" "$1"\n' \
  | "${as_root[@]}" tee "$a/usr/local/bin/editor" >/dev/null
cat <<'EOF' | "${as_root[@]}" tee "$a/usr/local/bin/systemctl" >/dev/null
#!/bin/sh
# This root has no systemd: do what Debian's prometheus-node-exporter.service does.
[ "$*" = "restart prometheus-node-exporter" ] || { echo "systemctl stand-in: $*: not here" >&2; exit 1; }
. /etc/default/prometheus-node-exporter
setsid runuser -u prometheus -- /usr/bin/prometheus-node-exporter $ARGS >/var/log/node-exporter.log 2>&1 &
EOF
"${as_root[@]}" chmod 755 "$a/usr/local/bin/editor" "$a/usr/local/bin/systemctl"

echo 4821 | run_block fleet-pin
[ "$(in_root "$a" stat -c '%a %U:%G' /etc/patient-kiosk/settings.d/50-pin.toml)" = "640 root:kiosk" ] \
  || fail "the PIN file is not 640 root:kiosk"
run_block clinic-settings
in_root "$a" grep -q '^clinic_name = "Kiosk PC check"' /etc/patient-kiosk/settings.d/10-clinic.toml
printf 'chain password\nchain password\n' | run_block pack-key
pack_key=$(in_root "$a" sed -n 2p /root/build/chain.pub)
printf 'chain password\n' | run_block pack-release
cp "$a/root/build/pack.tar" "$a/root/build/pack.tar.minisig" "$work/web/kiosk/"
settings_block pack-settings /etc/patient-kiosk/settings.d/20-packs.toml
run_block pack-update
cat "$work/pack-update.out"
grep -q "installed content pack 7 (signed by key .* (approved by Dr Lee))" "$work/pack-update.out" \
  || fail "update did not install the signed pack 7"
run_block metrics
settings_block metrics-settings /etc/patient-kiosk/settings.d/30-metrics.toml

# 4. The unit's command line, as the kiosk user, under cage's headless backend (no screen
# here). In B, the first frame; in A the kiosk keeps running for doctor and the metrics.
session() {
  local root=$1 uid
  uid=$(in_root "$root" id -u kiosk)
  in_root "$root" install -d -o kiosk -g kiosk -m 0700 "/run/user/$uid"
  echo env HOME=/var/lib/patient-kiosk XDG_RUNTIME_DIR="/run/user/$uid" \
    WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1
}
command_line=$(sed -n 's|^ExecStart=/usr/bin/cage -s -- patient-kiosk$|cage -s -- patient-kiosk|p' \
  "$b/usr/lib/systemd/system/patient-kiosk.service")
[ -n "$command_line" ] || fail "the unit's ExecStart is not cage -s -- patient-kiosk"
# shellcheck disable=SC2046 # the session's variables, word by word
frame=$(in_session "$b" runuser -u kiosk -- $(session "$b") timeout 120 $command_line \
  --bench-startup 2>&1 | grep "first frame" || true)
[ -n "$frame" ] || fail "B: the kiosk drew no frame under cage"
say "B (no recommends): $frame"

# shellcheck disable=SC2046
in_session "$a" runuser -u kiosk -- $(session "$a") timeout 300 $command_line \
  >"$work/a-kiosk.log" 2>&1 &
pids+=($!)
uid=$(in_root "$a" id -u kiosk)
for _ in $(seq 120); do
  [ -S "$a/run/user/$uid/wayland-0" ] && grep -q "patient_kiosk_up 1" \
    "$a/var/lib/prometheus/node-exporter/patient_kiosk.prom" 2>/dev/null && break
  sleep 0.5
done
[ -S "$a/run/user/$uid/wayland-0" ] || fail "A: cage made no Wayland socket: $(cat "$work/a-kiosk.log")"
run_block doctor may-fail
report=$(cat "$work/doctor.out")
echo "$report"
for check in "kiosk session" display "content: content pack 7" "content pack updates" \
  "metrics file" "staff PIN" "settings"; do
  grep -q "^ok   $check" <<<"$report" || fail "A: doctor's $check check did not pass"
done
# What a root without hardware has not got: a CUPS server with a printer.
unexpected=$(grep "^FAIL" <<<"$report" | grep -v -e "^FAIL printer" -e "^FAIL CUPS job" || true)
[ -z "$unexpected" ] || fail "A: doctor failed: $unexpected"
metrics=""
for _ in $(seq 40); do
  metrics=$(curl -fsS "http://127.0.0.1:$metrics_port/metrics" 2>/dev/null || true)
  grep -q "^patient_kiosk_up 1" <<<"$metrics" && break
  sleep 0.5
done
grep -q "^patient_kiosk_up 1" <<<"$metrics" || fail "A: node exporter does not serve patient_kiosk_up 1"
grep -q "^patient_kiosk_content_seq 7" <<<"$metrics" || fail "A: the metrics do not say pack 7"
grep -q 'node_textfile_scrape_error 0' <<<"$metrics" || fail "A: node exporter could not read the file"
say "A: node exporter on 127.0.0.1:$metrics_port serves $(grep -c '^patient_kiosk_' <<<"$metrics") patient_kiosk series"
# 5. B boots: systemd starts the unit; a check in B reports, stops the kiosk, powers off.
for m in dev/pts dev proc; do
  "${as_root[@]}" umount "$b/$m"
done
"${as_root[@]}" mkdir -p "$b/etc/systemd/system/patient-kiosk.service.d"
"${as_root[@]}" tee "$b/etc/systemd/system/patient-kiosk.service.d/no-screen.conf" >/dev/null <<'EOF'
# This check only: a container has no tty1, virtual consoles or DRM device.
[Unit]
ConditionPathExists=
[Service]
TTYPath=
StandardInput=null
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
Environment=WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1
EOF
in_root "$b" install -d -o root -g kiosk -m 1775 /var/lib/prometheus/node-exporter
printf 'metrics_file = "/var/lib/prometheus/node-exporter/patient_kiosk.prom"\n' \
  | "${as_root[@]}" tee "$b/etc/patient-kiosk/settings.d/30-metrics.toml" >/dev/null
in_root "$b" chown root:kiosk /etc/patient-kiosk/settings.d/30-metrics.toml
in_root "$b" chmod 0640 /etc/patient-kiosk/settings.d/30-metrics.toml
"${as_root[@]}" tee "$b/usr/local/bin/boot-check" >/dev/null <<'EOF'
#!/bin/sh
# Waits for the kiosk the boot started, then stops it as IT would, and powers off.
prom=/var/lib/prometheus/node-exporter/patient_kiosk.prom
out=/root/boot-check.txt
i=0
while [ $i -lt 120 ] && ! grep -q "^patient_kiosk_up 1" $prom 2>/dev/null; do sleep 0.5; i=$((i + 1)); done
sleep 2
{
  echo "running: $(systemctl is-active patient-kiosk) $(grep '^patient_kiosk_up' $prom)"
  systemctl stop patient-kiosk
  echo "stopped: $(systemctl is-active patient-kiosk) $(grep '^patient_kiosk_up' $prom)"
  systemctl show -p NRestarts -p Result patient-kiosk | tr '\n' ' '
  echo
  journalctl -b --no-pager -u patient-kiosk
} >$out 2>&1
systemctl poweroff
EOF
"${as_root[@]}" chmod 755 "$b/usr/local/bin/boot-check"
"${as_root[@]}" tee "$b/etc/systemd/system/boot-check.service" >/dev/null <<'EOF'
[Unit]
After=patient-kiosk.service
[Service]
Type=oneshot
ExecStart=/usr/local/bin/boot-check
[Install]
WantedBy=graphical.target
EOF
in_root "$b" systemctl enable boot-check.service 2>/dev/null
[ "$(in_root "$b" systemctl get-default)" = graphical.target ] || fail "B does not boot to graphical.target"
in_root "$b" systemctl is-enabled patient-kiosk.service >/dev/null || fail "the package did not enable the unit"
"${as_root[@]}" timeout 240 systemd-nspawn --quiet --register=no --keep-unit --private-network \
  -D "$b" --boot >"$work/boot.log" 2>&1 || true
booted=$("${as_root[@]}" cat "$b/root/boot-check.txt" 2>/dev/null) \
  || { tail -30 "$work/boot.log"; fail "B did not boot to the check"; }
echo "$booted" | head -3 | sed 's/^/kiosk-pc:   /'
grep -q "^running: active patient_kiosk_up 1" <<<"$booted" \
  || { echo "$booted"; fail "B: the boot did not start the kiosk"; }
grep -q "^stopped: inactive patient_kiosk_up 0" <<<"$booted" \
  || { echo "$booted"; fail "B: systemctl stop did not leave patient_kiosk_up 0"; }
grep -q "Result=success" <<<"$booted" && grep -q "NRestarts=0" <<<"$booted" \
  || { echo "$booted"; fail "B: the kiosk restarted or failed"; }
say "B booted: systemd started the kiosk, and systemctl stop left it down"
say "ok in $(($(date +%s) - started)) s"
