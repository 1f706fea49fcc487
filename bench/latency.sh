#!/usr/bin/env bash
# Tap-to-frame on one virtual screen: the kiosk or the browser kiosk, at one size.
# Usage: bash bench/latency.sh kiosk|browser WIDTHxHEIGHT [REPEATS]   (from bench/run.sh)
# The kiosk is target/release/patient-kiosk (or $KIOSK), full screen, default settings; the
# browser is Debian's Chromium in --kiosk mode on bench/browser-kiosk/index.html. Places are
# 1920x1080 points; at 3840x2160 both draw everything twice as big, so they double.
set -euo pipefail
cd "$(dirname "$0")/.."
app=$1 size=$2 repeats=${3:-15}
w=${size%x*} h=${size#*x}
k=$(( w / 1920 ))
at() { echo "$(( $1 * k )),$(( $2 * k ))"; }
tmp=$(mktemp -d)
exec 3>"$tmp/display"
Xvfb -displayfd 3 -screen 0 "${w}x${h}x24" -nolisten tcp >/dev/null 2>&1 & xvfb=$!
for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
export DISPLAY=:$(cat "$tmp/display")
cleanup() { kill "${pid:-}" 2>/dev/null || true; sleep 0.5; kill "$xvfb" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

tap() { xdotool mousemove "$1" "$2" sleep 0.1 mousedown 1 sleep 0.05 mouseup 1; sleep 1; }
label="$app${PATIENT_KIOSK_BENCH_UNDO:+ without $PATIENT_KIOSK_BENCH_UNDO}"
measure() { /usr/bin/python3 bench/tap_to_frame.py "$label $size $1" "$repeats" "${@:2}"; }

case $app in
  kiosk)
    "${KIOSK:-target/release/patient-kiosk}" --config "$tmp/none.toml" \
      --usage-file "$tmp/usage.toml" >"$tmp/log" 2>&1 & pid=$!
    sleep 3
    tap $(( 960 * k )) $(( 547 * k ))   # Touch to start
    ;;
  browser)
    # Window size in device-independent pixels: the scale factor doubles it to the screen.
    chromium --no-sandbox --kiosk --window-size="$(( w / k )),$(( h / k ))" --window-position=0,0 \
      --force-device-scale-factor="$k" --user-data-dir="$tmp/chromium" --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --noerrdialogs --disable-features=Translate \
      "file://$PWD/bench/browser-kiosk/index.html" >"$tmp/log" 2>&1 & pid=$!
    sleep 8
    ;;
  *) echo "usage: latency.sh kiosk|browser WIDTHxHEIGHT" >&2; exit 2 ;;
esac

# The whole screen changes: the top bar's High contrast, on the topic grid (a toggle: every tap
# is measured, on and off alike).
measure "high contrast" "$(at 1397 53)"
# Back to the normal look if the count was odd.
[ $(( repeats % 2 )) -eq 1 ] && tap $(( 1397 * k )) $(( 53 * k ))
# Opening a topic from the grid ("How it works"), and Home to go back (not measured).
measure "open a topic" "$(at 578 277)" "$(at 260 1025)"
# Next to a page with a picture (How it works, page 2), and Back (not measured).
tap $(( 578 * k )) $(( 277 * k ))
measure "next page" "$(at 1796 1025)" "$(at 102 1025)"

# Memory after the taps: the program and all its children (Chromium runs several).
tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
pids=$(tree "$pid")
awk '/^Rss:/ {r += $2} /^Pss:/ {p += $2}
     END {printf "%s %s memory after the taps (%d processes): rss %.1f MB, pss %.1f MB\n", app, size, n, r / 1024, p / 1024}' \
  app="$label" size="$size" n="$(echo "$pids" | wc -w)" \
  $(for p in $pids; do echo "/proc/$p/smaps_rollup"; done)
