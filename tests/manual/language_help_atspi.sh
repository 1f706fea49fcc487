#!/usr/bin/env bash
# Language help as a screen reader (Orca) sees it: starts the kiosk on a virtual screen with
# the accessibility bus on, presses "Language help" over AT-SPI, and prints each notice's
# name as AT-SPI gives it ("Tiếng Việt (Vietnamese): Nếu bạn nói ..."). Not part of
# `cargo test`:
#
#   cargo build && bash tests/manual/language_help_atspi.sh [BINARY]
#
# Needs xvfb, dbus-x11, at-spi2-core and python3-pyatspi (Debian packages).
set -u
bin=${1:-target/debug/patient-kiosk}
data=$(mktemp -d)
disp=:$((130 + RANDOM % 50))
Xvfb $disp -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & X=$!
sleep 1
export DISPLAY=$disp
eval "$(dbus-launch --sh-syntax)"
/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 & A=$!
sleep 1
dbus-send --session --dest=org.a11y.Bus /org/a11y/bus org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled variant:boolean:true
"$bin" --data-dir "$data" >"$data/kiosk.log" 2>&1 & K=$!
sleep 4
/usr/bin/python3 - <<'PY'
import pyatspi, time
def find(app_name=None):
    d = pyatspi.Registry.getDesktop(0)
    for i in range(d.childCount):
        a = d.getChildAtIndex(i)
        if a is None: continue
        o = []; walk(a, o)
        if any(n[1] == "Touch to start" for n in o): return a
def walk(n, out):
    try:
        out.append((n.getRoleName(), n.name))
        for i in range(n.childCount):
            c = n.getChildAtIndex(i)
            if c is not None: walk(c, out)
    except Exception as e: pass
app = find()
out = []; walk(app, out)
btn = [n for n in out if n[1] == "Language help"]
print("welcome:", btn)
# press it
def press(n, name):
    if n.name == name:
        n.queryAction().doAction(0); return True
    for i in range(n.childCount):
        c = n.getChildAtIndex(i)
        if c is not None and press(c, name): return True
    return False
print("pressed:", press(app, "Language help"))
time.sleep(2)
out = []; walk(app, out)
for role, name in out:
    if "(" in name and ")" in name and ":" in name:
        print(role, "|", name[:70])
PY
kill $K $A $X 2>/dev/null
kill "$DBUS_SESSION_BUS_PID" 2>/dev/null
rm -rf "$data"
