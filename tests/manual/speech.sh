#!/usr/bin/env bash
# Drive the release kiosk's talking mode on a virtual screen with real keys and a real
# pointer (xdotool: key down and up; move, press, release), as a patient with an audio
# keypad or a finger would. The speech engine is the real `speech_command` path, set to a
# shell that appends each utterance to a file (there is no sound card here). Not part of
# `cargo test` (it needs a release build and takes a minute):
#
#   cargo build --release && bash tests/manual/speech.sh OUT_DIR
#
# Needs xvfb, xdotool and imagemagick. Checks two stories and saves a screenshot per step:
#   1. keys alone: an arrow turns speech on, Down reaches "Touch to start", Enter starts,
#      Down reaches a topic, Enter opens it, the idle prompt and its countdown are heard,
#      Enter keeps reading;
#   2. touch alone (start_in_speech_mode): one tap says "Touch to start" and presses
#      nothing, a double tap presses it.
set -euo pipefail
STORY=speech
# shellcheck source=tests/manual/screen.sh
source "$(dirname "$0")/screen.sh"
said=$work/said.txt

settings() {
  cat >"$work/settings.toml" <<EOF
idle_seconds = 15
countdown_seconds = 20
speech_command = ["sh", "-c", "cat >> $said; echo >> $said"]
$1
EOF
}
start() {
  : >"$said"
  "$bin" --config "$work/settings.toml" --usage-file "$work/usage.toml" >"$work/log" 2>&1 &
  app=$!
  timeout 20 xdotool search --sync --onlyvisible --pid "$app" >/dev/null
  sleep 1.5
}
last() { grep -v '^$' "$said" | tail -1; }
key() { xdotool keydown "$1"; sleep 0.08; xdotool keyup "$1"; sleep 0.4; }
expect() {
  if last | grep -qF -- "$1"; then echo "ok: heard \"$(last | cut -c1-90)\""; else
    echo "FAIL: expected \"$1\", last heard \"$(last)\""; exit 1; fi
}
# Press Down until the last thing heard starts with $1.
down_to() {
  for _ in $(seq 60); do
    key Down
    if last | grep -q "^$1"; then echo "ok: reached \"$1\""; return; fi
  done
  echo "FAIL: never reached \"$1\""; exit 1
}
tap_at() { xdotool mousemove "$1" "$2"; sleep 0.3; xdotool mousedown 1; sleep 0.1; xdotool mouseup 1; }

# 1. Keys alone.
settings ""
start
key Down
expect "Speech is on. Up and Down move"
down_to "Touch to start, button"
shot keys-1-touch-to-start
key Return
expect "Pick a topic. 14 topics."
down_to "Aftercare, button"
shot keys-2-aftercare-tile
key Return
expect "Aftercare. Page 1 of"
key Down
key Down
shot keys-3-page
sleep 16                 # nobody touches: "Need more time?"
expect "Need more time?"
shot keys-4-prompt
sleep 10
expect "Starting over in 10 seconds. Press Enter to keep reading."
key Return
expect "Aftercare. Page 1 of"
shot keys-5-kept
stop

# 2. Touch alone.
settings "start_in_speech_mode = true"
start
tap_at 960 560; sleep 1
expect "Touch to start, button"
shot touch-1-one-tap
tap_at 960 560; sleep 0.15; xdotool mousedown 1; sleep 0.1; xdotool mouseup 1; sleep 1
expect "Pick a topic."
shot touch-2-double-tap
stop
echo "all speech stories passed"
