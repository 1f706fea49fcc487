#!/usr/bin/env bash
# Drive the release kiosk on a virtual screen with a real pointer and keyboard (xdotool:
# move, then press, then release, as a finger or mouse does), and save a screenshot after
# each step. Not part of `cargo test` (it needs a release build and takes a minute); run it
# after a patient-facing change:
#
#   cargo build --release && bash tests/manual/real_pointer.sh OUT_DIR
#
# Needs xvfb, xdotool and imagemagick (apt-get install them). Checks three stories:
#   1. "Start over now" on "Need more time?" over the questions list forgets the patient;
#   2. "Yes, keep reading" keeps the patient's page and ticks nothing beneath;
#   3. typing the staff PIN and pressing Enter opens the staff menu;
#   4. a checklist box ticks and unticks with a real tap, and Finish forgets the tick.
set -euo pipefail
STORY=real-pointer
# shellcheck source=tests/manual/screen.sh
source "$(dirname "$0")/screen.sh"

# Short timers (the shortest the settings allow) and a PIN.
printf 'idle_seconds = 15\ncountdown_seconds = 20\n' >"$work/settings.toml"
echo 4821 | "$bin" --config "$work/settings.toml" set-pin >/dev/null

start() {
  "$bin" --config "$work/settings.toml" --usage-file "$work/usage.toml" >"$work/log" 2>&1 &
  app=$!
  timeout 20 xdotool search --sync --onlyvisible --pid "$app" >/dev/null
  sleep 1.5
}
# A real tap: move there, wait, press, wait, release.
tap() {
  xdotool mousemove "$1" "$2"; sleep 0.3
  xdotool mousedown 1; sleep 0.15
  xdotool mouseup 1; sleep 0.8
}

# Positions on a 1920x1080 screen (the kiosk's design size).
START="960 560"           # Touch to start
QUESTIONS_TILE="1325 880"  # the last tile: Questions for your consultation
FIRST_QUESTION="950 365"   # its first question's row
for story in start_over keep_reading; do
  start
  tap $START
  tap $QUESTIONS_TILE
  shot "$story-1-questions"
  tap $FIRST_QUESTION
  shot "$story-2-ticked"
  sleep 17                # nobody touches the kiosk: "Need more time?"
  shot "$story-3-prompt"
  if [ "$story" = start_over ]; then
    tap 960 750           # Start over now
  else
    tap 960 629           # Yes, keep reading
  fi
  shot "$story-4-after"
  stop
done

# The staff PIN by keyboard: the chord, the digits, Enter.
start
xdotool key ctrl+alt+s; sleep 0.8
xdotool type --delay 120 4821; sleep 0.3
xdotool key Return; sleep 1.5
shot "pin-enter"
stop

# A checklist: "Before your visit", page 2, the first box; then Finish and look again.
BEFORE_TILE="1697 277"
NEXT="1800 1025"
FIRST_BOX="923 428"
FINISH="1829 53"
start
tap $START
tap $BEFORE_TILE
tap $NEXT
tap $FIRST_BOX
shot "checklist-1-ticked"
tap $FIRST_BOX
shot "checklist-2-unticked"
tap $FIRST_BOX
tap $FINISH
shot "checklist-3-welcome"
tap $START
tap $BEFORE_TILE
tap $NEXT
shot "checklist-4-next-patient"
stop

# The self-check: tick two statements, untick one, and My questions holds the other's
# question, also in its phone code (read from the screen with zbarimg when installed).
RIGHT_TILE="1324 277"
ROW1="923 353"
ROW3="923 578"
MY_QUESTIONS="985 53"
start
tap $START
tap $RIGHT_TILE
for _ in 1 2 3 4 5; do tap $NEXT; done
tap $ROW1
tap $ROW3
shot "self-check-1-two-ticked"
tap $ROW1
shot "self-check-2-one-unticked"
tap $MY_QUESTIONS
shot "self-check-3-my-questions"
if command -v zbarimg >/dev/null; then
  zbarimg -q --raw "$out/self-check-3-my-questions.png" >"$out/self-check-code.txt" || true
  echo "the phone code reads:"; cat "$out/self-check-code.txt"
fi
tap $FINISH
shot "self-check-4-welcome"
stop
