#!/usr/bin/env bash
# Set up CUPS with a PDF printer named KioskPDF, so the print tests have a real queue.
# Idempotent and non-interactive: installs packages only when missing, starts the scheduler
# only when it is not running, adds the printer only when absent. Needs root.
set -euo pipefail

PRINTER=KioskPDF
PPD=lsb/usr/cups-pdf/CUPS-PDF_opt.ppd

need=()
for pkg in cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "cups-setup: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# A kiosk's CUPS keeps no printed job's file or history (they hold what a patient asked):
# docs/deploy.md explains; the print tests check the spool is empty after a job.
conf=/etc/cups/cupsd.conf
changed=
for setting in "PreserveJobFiles No" "PreserveJobHistory No"; do
  key=${setting%% *}
  if ! grep -qx "$setting" "$conf"; then
    sed -i "/^$key /d" "$conf"
    echo "$setting" >>"$conf"
    changed=1
  fi
done

# `lpstat -r` prints "scheduler is running" (or "... not running") and exits 0 either way.
if [ -n "$changed" ] && LC_ALL=C lpstat -r 2>/dev/null | grep -q "scheduler is running"; then
  echo "cups-setup: restarting cupsd for the new settings"
  pkill -x cupsd || true
  for _ in $(seq 1 50); do
    LC_ALL=C lpstat -r 2>/dev/null | grep -q "scheduler is running" || break
    sleep 0.2
  done
fi
if ! LC_ALL=C lpstat -r 2>/dev/null | grep -q "scheduler is running"; then
  echo "cups-setup: starting cupsd"
  /usr/sbin/cupsd
  for _ in $(seq 1 50); do
    LC_ALL=C lpstat -r 2>/dev/null | grep -q "scheduler is running" && break
    sleep 0.2
  done
  if ! LC_ALL=C lpstat -r 2>/dev/null | grep -q "scheduler is running"; then
    echo "cups-setup: cupsd did not start" >&2
    exit 1
  fi
fi

if ! lpstat -p "$PRINTER" >/dev/null 2>&1; then
  echo "cups-setup: adding printer $PRINTER"
  # lpadmin warns that printer drivers are deprecated; the cups-pdf driver still works.
  if ! out=$(lpadmin -p "$PRINTER" -E -v cups-pdf:/ -m "$PPD" 2>&1); then
    echo "$out" >&2
    echo "cups-setup: lpadmin could not add $PRINTER" >&2
    exit 1
  fi
fi
# A printer whose device never answers (a socket nobody listens on, as a printer that is
# switched off): its jobs never finish, for the test that the kiosk says so.
DEAD=KioskDead
if ! lpstat -p "$DEAD" >/dev/null 2>&1; then
  echo "cups-setup: adding printer $DEAD"
  lpadmin -p "$DEAD" -E -v socket://127.0.0.1:9 -m "$PPD" >/dev/null 2>&1
fi

# A queue left stopped or rejecting jobs by an earlier run would fail the tests.
for p in "$PRINTER" "$DEAD"; do
  cupsenable "$p"
  cupsaccept "$p"
done

LC_ALL=C lpstat -p "$PRINTER"
