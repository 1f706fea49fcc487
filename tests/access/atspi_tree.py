#!/usr/bin/python3
"""What a desktop screen reader (Orca) gets from the kiosk over AT-SPI, screen by screen.

Run inside `dbus-run-session`, on an X display:

    atspi_tree.py KIOSK CONFIG DATA_DIR [TOPIC [IDLE_WAIT_SECONDS]]

Turns the AT-SPI bus on (as a running screen reader does), starts the kiosk,
and prints a line per node of each screen: SCREEN, DEPTH, ROLE, "modal" or "-", NAME,
separated by tabs. It moves between screens as a screen reader would, with the controls'
own AT-SPI actions: the welcome screen, its language help list and back, "Touch to start",
a topic, then waits for the idle prompt. Used by the window tests (tests/kiosk/window.rs).
"""

import subprocess
import tempfile
import sys
import time

from gi.repository import Gio, GLib

kiosk_bin, config, data = sys.argv[1:4]

bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
# Turning accessibility on starts the AT-SPI bus (D-Bus activates at-spi-bus-launcher from
# its service file, as on a desktop; starting it by hand as well raced with that). Tried
# for 20 s, for a busy machine.
for attempt in range(100):
    try:
        bus.call_sync(
            "org.a11y.Bus",
            "/org/a11y/bus",
            "org.freedesktop.DBus.Properties",
            "Set",
            GLib.Variant("(ssv)", ("org.a11y.Status", "IsEnabled", GLib.Variant("b", True))),
            None,
            Gio.DBusCallFlags.NONE,
            -1,
            None,
        )
        break
    except GLib.Error:
        if attempt == 99:
            raise
        time.sleep(0.2)

import pyatspi  # noqa: E402 (after the bus is up)

# The kiosk's own messages, to say why when it never shows up.
kiosk_log = tempfile.TemporaryFile()
kiosk = subprocess.Popen(
    [kiosk_bin, "--config", config, "--data-dir", data],
    stdout=subprocess.DEVNULL,
    stderr=kiosk_log,
)


def walk(node, depth, out):
    # The screen may change while it is read: a node that went away ends its branch (the
    # next read, a moment later, sees the new screen).
    try:
        role = node.getRoleName()
        name = node.name or ""
        modal = node.getState().contains(pyatspi.STATE_MODAL)
        children = [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        return
    out.append({"role": role, "name": name, "modal": modal, "depth": depth, "node": node})
    for child in children:
        if child is not None:
            walk(child, depth + 1, out)


def tree():
    out = []
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and "patient" in (app.name or ""):
            walk(app, 0, out)
    return out


def wait_for(what, test, timeout=60):
    start = time.time()
    while time.time() - start < timeout:
        nodes = tree()
        if test(nodes):
            return nodes
        time.sleep(0.3)
    show(what + " (never came)", tree())
    kiosk_log.seek(0)
    said = kiosk_log.read().decode(errors="replace")[-2000:]
    state = "still running" if kiosk.poll() is None else f"ended with {kiosk.returncode}"
    raise SystemExit(f"timed out waiting for {what}; the kiosk is {state}; it said:\n{said}")


def show(screen, nodes):
    for n in nodes:
        name = n["name"].replace("\t", " ").replace("\n", " ")
        modal = "modal" if n["modal"] else "-"
        print(f"{screen}\t{n['depth']}\t{n['role']}\t{modal}\t{name}", flush=True)


def press(nodes, role, name):
    for n in nodes:
        if n["role"] == role and n["name"] == name:
            n["node"].queryAction().doAction(0)
            return
    raise SystemExit(f"no {role} named {name!r}")


def has(role, name):
    return lambda nodes: any(n["role"] == role and n["name"] == name for n in nodes)


try:
    welcome = wait_for("the welcome screen", has("push button", "Touch to start"))
    show("welcome", welcome)
    # Language help: each language's notice, named in its own script and in English.
    press(welcome, "push button", "Language help")
    help_list = wait_for(
        "the language help list",
        lambda ns: any(n["name"].startswith("Tiếng Việt (Vietnamese)") for n in ns),
    )
    show("language-help", help_list)
    press(help_list, "push button", "Back")
    welcome = wait_for("the welcome screen again", has("push button", "Touch to start"))
    press(welcome, "push button", "Touch to start")
    topics = wait_for("the topic grid", has("push button", "Finish"))
    first_topic = sys.argv[4] if len(sys.argv) > 4 else "What microneedling is"
    press(topics, "push button", first_topic)
    page = wait_for("a topic page", has("push button", "Next"))
    show("topic", page)
    # Nobody touches anything (reading the tree is not touching): the prompt opens.
    time.sleep(float(sys.argv[5]) if len(sys.argv) > 5 else 20)
    show("prompt", tree())
finally:
    kiosk.terminate()
    kiosk.wait(timeout=10)
