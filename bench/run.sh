#!/usr/bin/env bash
# Reproduce the README's figures table: start-up, memory, frame cost, idle CPU, binary size.
# Runs the release binary on a virtual X display with Mesa's software GL (as a kiosk PC
# without a GPU would). Usage: bash bench/run.sh   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

cargo build --release --quiet
bin=target/release/patient-kiosk
tmp=$(mktemp -d)
trap 'kill "${xvfb:-}" 2>/dev/null; rm -rf "$tmp"' EXIT
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
sleep 1
export DISPLAY=$display RUST_LOG=warn
run() { "$bin" --usage-file "$tmp/usage.toml" --config "$tmp/none.toml" "$@"; }

echo "binary size: $(du -h "$bin" | cut -f1) ($(stat -c %s "$bin") bytes)"

times=()
for _ in 1 2 3 4 5 6 7; do
  times+=("$(run --bench-startup | sed -n 's/.*after \([0-9.]*\) ms/\1/p')")
done
printf 'startup (median of 7): %s ms\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p)"

run --bench-walk | grep '^memory'

"$bin" bench-frames | grep '^frames'

# Handout: a typical one (the default six topics, three questions), through the command
# line, start-up included.
times=()
for _ in 1 2 3 4 5 6 7; do
  a=$(date +%s%N)
  "$bin" --config "$tmp/none.toml" handout --out "$tmp/h.pdf" \
    --questions good-candidate,risks-for-me,sessions-cost >/dev/null
  b=$(date +%s%N)
  times+=("$(( (b - a) / 1000000 ))")
done
printf 'handout (median of 7, whole command): %s ms, %s pages\n' \
  "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p)" \
  "$(pdfinfo "$tmp/h.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')"

# Idle: the kiosk waits on the welcome screen, then on the topic screen (idle timer armed).
run & pid=$!
sleep 5
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks=$(getconf CLK_TCK)
a=$(cpu); sleep 60; b=$(cpu)
echo "idle CPU on the welcome screen over 60 s: $(( (b - a) * 1000 / ticks )) ms"
xdotool mousemove 960 560 click 1; sleep 2
a=$(cpu); sleep 60; b=$(cpu)
echo "idle CPU on the topic screen over 60 s (timer armed): $(( (b - a) * 1000 / ticks )) ms"
kill "$pid"
