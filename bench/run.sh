#!/usr/bin/env bash
# Reproduce the README's figures table in one run: tap-to-frame against a browser kiosk at
# 1920x1080 and 3840x2160, memory against a bare eframe window, start-up, frame cost, idle CPU,
# handout, binary size. Runs the release build on virtual X displays (Xvfb) with Mesa's
# software GL, as a kiosk PC without a GPU would.
# Usage: bash bench/run.sh [REPEATS]   (builds the release binary and the bare window first;
# REPEATS taps per tap-to-frame figure, 15 unless given)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-15}

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
command -v chromium >/dev/null || need+=(chromium)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
/usr/bin/python3 -c "import Xlib" 2>/dev/null || need+=(python3-xlib)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# Each on its own: an example or test would bring the test-only dependencies' features.
cargo build --release --quiet --bin patient-kiosk
cargo build --release --quiet --features bare-window --bin bare-window
out=${CARGO_TARGET_DIR:-target}/release
bin=$out/patient-kiosk
export KIOSK=$bin
tmp=$(mktemp -d)
trap 'kill "${pid:-}" "${xvfb:-}" 2>/dev/null; rm -rf "$tmp"' EXIT
exec 3>"$tmp/display"
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
export DISPLAY=:$(cat "$tmp/display") RUST_LOG=warn
run() { "$bin" --usage-file "$tmp/usage.toml" --config "$tmp/none.toml" "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "binary size: $(du -h "$bin" | cut -f1) ($(stat -c %s "$bin") bytes)"

for _ in $(seq 7); do
  run --bench-startup | sed -n 's/.*after \([0-9.]*\) ms/\1/p'
done | median | sed 's/^/startup (median of 7): /; s/$/ ms/'

# Memory: the bare window's floor, then the kiosk after its first frame and after walking
# every page in both languages at every text size, on the same display. First with glibc's
# allocator as it comes, then both with the allocator setting of the kiosk's systemd unit (as
# a clinic runs it), then the kiosk so with egui's own glyph atlas (before it was bounded).
"$out/bare-window" | grep '^memory'
run --bench-walk | grep '^memory'
malloc=$(sed -n 's/^Environment=\(MALLOC_[A-Z_]*=[0-9]*\)$/\1/p' deploy/patient-kiosk.service)
(
  export "${malloc:?deploy/patient-kiosk.service sets no MALLOC_ variable}"
  echo "as deployed ($malloc):"
  "$out/bare-window" | grep '^memory'
  run --bench-walk | grep '^memory'
  echo "as deployed, with egui's own glyph atlas (PATIENT_KIOSK_BENCH_UNDO=glyph-atlas):"
  PATIENT_KIOSK_BENCH_UNDO=glyph-atlas run --bench-walk | grep '^memory'
)

"$bin" bench-frames | grep '^frames'

# Handout: a typical one (the default six topics, three questions), through the command
# line, start-up included.
for _ in $(seq 7); do
  a=$(date +%s%N)
  "$bin" --config "$tmp/none.toml" handout --out "$tmp/h.pdf" \
    --questions good-candidate,risks-for-me,sessions-cost >/dev/null
  b=$(date +%s%N)
  echo $(( (b - a) / 1000000 ))
done | median >"$tmp/handout-ms"
echo "handout (median of 7, whole command): $(cat "$tmp/handout-ms") ms," \
  "$(pdfinfo "$tmp/h.pdf" | awk '/^Pages/ {print $2}') pages"

# Idle: the kiosk waits on the welcome screen, then on the topic screen (idle timer armed).
run & pid=$!
sleep 5
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks=$(getconf CLK_TCK)
a=$(cpu); sleep 60; b=$(cpu)
echo "idle CPU on the welcome screen over 60 s: $(( (b - a) * 1000 / ticks )) ms"
xdotool mousemove 960 547 sleep 0.1 mousedown 1 sleep 0.05 mouseup 1; sleep 2
a=$(cpu); sleep 60; b=$(cpu)
echo "idle CPU on the topic screen over 60 s (timer armed): $(( (b - a) * 1000 / ticks )) ms"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

# Tap to frame, each on its own virtual screen, the kiosk and the browser kiosk in turn.
for size in 1920x1080 3840x2160; do
  for app in kiosk browser; do
    bash bench/latency.sh "$app" "$size" "$repeats" 2>/dev/null
  done
done
# What each frame-time measure gives: the kiosk at 1920x1080 with one turned off, and with
# all of them off (as it was before them).
for undo in same-frame pacing vsync-off dithering-off background-clear \
  same-frame,pacing,vsync-off,dithering-off,background-clear; do
  PATIENT_KIOSK_BENCH_UNDO=$undo bash bench/latency.sh kiosk 1920x1080 "$repeats" 2>/dev/null
done
