#!/usr/bin/python3
"""Tap-to-frame latency, measured from outside the program, as a patient sees it.

Taps the screen with the X server's XTEST extension (the pointer moves to the spot first and the
screen is left to settle, then a press and a release) and watches the screen change with the
DAMAGE extension on the root window, the way screen-sharing servers see changes. After every
damage report it samples 24 rows of the screen, so it can tell when the finished new screen was
first on show, not only when the last repaint happened.

For each tap it reports, in milliseconds from the press:
  first     the first change on screen;
  finished  the first moment the screen showed what it finally settled on;
  settled   the last change before the screen stayed still for QUIET seconds (repaints of an
            unchanged picture count: a software renderer pays for them all the same).

Usage: tap_to_frame.py NAME REPEATS TAP_X,TAP_Y [UNDO_X,UNDO_Y]
  Taps TAP REPEATS times. With UNDO, taps UNDO after each measured tap (unmeasured) to go back;
  without it every tap is measured (a toggle). Prints one line per tap and a median line:
  "NAME: median of 15: first 17.1 ms, finished 20.3 ms, settled 52.0 ms (frames 3)".
"""

import hashlib
import select
import statistics
import sys
import time

from Xlib import X, display
from Xlib.ext import damage, xtest

QUIET = 0.6  # seconds without a change that count as "settled"
LONGEST = 8.0  # give up waiting for a tap's screen to settle after this long
ROWS = 24


class Screen:
    def __init__(self):
        self.d = display.Display()
        if not self.d.has_extension("DAMAGE") or not self.d.has_extension("XTEST"):
            sys.exit("tap_to_frame: the X server has no DAMAGE or XTEST extension")
        self.d.damage_query_version()
        self.root = self.d.screen().root
        geo = self.root.get_geometry()
        self.w, self.h = geo.width, geo.height
        self.damage = self.root.damage_create(damage.DamageReportNonEmpty)
        self.d.sync()

    def sample(self):
        """A digest of ROWS rows spread over the whole screen."""
        digest = hashlib.blake2b(digest_size=16)
        for i in range(ROWS):
            y = (2 * i + 1) * self.h // (2 * ROWS)
            img = self.root.get_image(0, y, self.w, 1, X.ZPixmap, 0xFFFFFFFF)
            digest.update(img.data)
        return digest.digest()

    def changes(self, until_quiet, longest):
        """Wait for damage; returns [(time, sample)] until the screen is quiet."""
        out = []
        start = time.monotonic()
        last = start
        while True:
            now = time.monotonic()
            if now - last >= until_quiet or now - start >= longest:
                return out
            wait = min(until_quiet - (now - last), longest - (now - start))
            if self.d.pending_events() == 0:
                ready, _, _ = select.select([self.d.fileno()], [], [], max(wait, 0))
                if not ready:
                    continue
            event = self.d.next_event()
            if event.type != self.d.extension_event.DamageNotify:
                continue
            at = time.monotonic()
            # Re-arm: the next change sends a new report.
            self.d.damage_subtract(self.damage)
            # Drop reports already queued for the same change.
            self.d.sync()
            while self.d.pending_events():
                self.d.next_event()
            out.append((at, self.sample()))
            last = time.monotonic()

    def move(self, x, y):
        xtest.fake_input(self.d, X.MotionNotify, x=x, y=y)
        self.d.sync()
        self.changes(QUIET, LONGEST)

    def tap(self, x, y):
        """Tap at (x, y); returns (first, finished, settled, reports) in ms."""
        self.move(x, y)
        t0 = time.monotonic()
        xtest.fake_input(self.d, X.ButtonPress, 1)
        xtest.fake_input(self.d, X.ButtonRelease, 1)
        self.d.sync()
        seen = self.changes(QUIET, LONGEST)
        if not seen:
            return None
        final = seen[-1][1]
        finished = next(at for at, s in seen if s == final)
        ms = lambda at: (at - t0) * 1000.0
        return ms(seen[0][0]), ms(finished), ms(seen[-1][0]), len(seen)


def point(text):
    x, y = text.split(",")
    return int(x), int(y)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    name, repeats, tap = sys.argv[1], int(sys.argv[2]), point(sys.argv[3])
    undo = point(sys.argv[4]) if len(sys.argv) == 5 else None
    screen = Screen()
    results = []
    for i in range(repeats):
        r = screen.tap(*tap)
        if r is None:
            sys.exit(f"tap_to_frame: {name}: tap {i + 1} at {tap} changed nothing on screen")
        results.append(r)
        print(f"  {name} tap {i + 1}: first {r[0]:.1f} ms, finished {r[1]:.1f} ms, "
              f"settled {r[2]:.1f} ms, {r[3]} changes", file=sys.stderr)
        if undo:
            screen.tap(*undo)
    med = lambda k: statistics.median(r[k] for r in results)
    print(f"{name}: median of {repeats}: first {med(0):.1f} ms, finished {med(1):.1f} ms, "
          f"settled {med(2):.1f} ms ({med(3):.0f} changes seen)")


if __name__ == "__main__":
    main()
