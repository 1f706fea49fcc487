# Sourced by the tests/manual scripts: a virtual 1920x1080 screen for the release kiosk,
# a work folder, and the steps every story uses. Sets out, bin, work and DISPLAY; the
# caller's `start` sets `app`.
out=${1:-/tmp/${STORY:-manual}}
bin=${BIN:-target/release/patient-kiosk}
mkdir -p "$out"
work=$(mktemp -d)
disp=:$((80 + RANDOM % 9))
Xvfb "$disp" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
app=
trap 'kill $app $xpid 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
export DISPLAY=$disp

stop() { kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; }
shot() { /usr/bin/import -window root "$out/$1.png"; echo "saved $out/$1.png"; }
