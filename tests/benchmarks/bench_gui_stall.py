"""Longest GUI-thread stall while 10,000 queued orders drain: the largest gap between ticks of
a 1 ms timer on the GUI thread, with the till window open and the delivery worker sending to a
sandbox in another process."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QTimer

from posapp.app import application, demo_settings, till_parts
from posapp.outbox.store import Outbox, State
from posapp.setup.profile import Profile
from posapp.tracker.token import SiteToken
from posapp.ui.main_window import MainWindow
from tests.benchmarks.sandbox_process import SITE, TOKEN, sandbox_process
from tests.helpers import simple_order

N = 10_000


def main() -> None:
    app = application()
    with sandbox_process() as url, tempfile.TemporaryDirectory() as directory:
        profile = Profile.locate(Path(directory))
        profile.ensure_dirs()
        with Outbox(profile.outbox_file) as outbox, outbox._transaction() as db:
            for n in range(N):
                outbox._insert(db, simple_order(f"STALL-{n}"))
        settings = demo_settings(url).__class__(**{**demo_settings(url).__dict__, "site": SITE})
        gaps: list[float] = []
        last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append((now - last[0]) * 1000)
            last[0] = now

        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(tick)
        start = time.perf_counter()
        with till_parts(profile, settings, lambda: SiteToken(TOKEN), deliver=True) as parts:
            window = MainWindow(parts)
            window.show()
            timer.start()
            last[0] = time.perf_counter()
            while parts.outbox.status().counts.get(State.SENT, 0) < N:
                deadline = time.perf_counter() + 0.5
                while time.perf_counter() < deadline:
                    QCoreApplication.processEvents()
                    time.sleep(0.0005)
                if time.perf_counter() - start > 600:
                    raise RuntimeError("drain did not finish in 10 minutes")
            timer.stop()
            window.close()
        elapsed = time.perf_counter() - start
    gaps.sort()
    print(
        f"GUI-thread stall while {N:,} queued orders drain ({elapsed:.1f} s, {N / elapsed:.0f} orders/s):"
    )
    print(
        f"  1 ms timer ticks: {len(gaps):,}; median gap {statistics.median(gaps):.2f} ms, "
        f"p99 {gaps[int(len(gaps) * 0.99)]:.2f} ms, longest {gaps[-1]:.2f} ms  (target: under 50 ms)"
    )
    app.quit()


if __name__ == "__main__":
    main()
