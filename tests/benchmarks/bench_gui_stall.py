"""The longest GUI-thread stall while queued orders drain, over several runs.

The till's window is open (its delivery worker sending to the minimal local server in another
process, every report bridged to the GUI thread, the status bar refreshed from the GUI thread's
own outbox connection); a 1 ms timer on the GUI thread records the gaps between its ticks. The
figure is the longest gap of any run: the target holds only if it holds every time. Bare: the
same window with nothing to send, over the same time (what the machine alone costs).
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QTimer

from posapp.app import application, demo_settings
from posapp.outbox.store import State
from posapp.setup.profile import Profile
from posapp.till import Till
from posapp.tracker.token import SiteToken
from posapp.ui.main_window import MainWindow
from tests.benchmarks.harness import Figure
from tests.benchmarks.ok_server import ok_server
from tests.benchmarks.outbox_fill import fill_outbox


def _gaps(
    seconds: float | None, orders: int, url: str, directory: Path
) -> tuple[list[float], float]:
    """Tick gaps (ms) while ``orders`` drain (or, with none, for ``seconds``); and the time."""
    profile = Profile.locate(directory)
    profile.ensure_dirs()
    fill_outbox(profile.outbox_file, orders, pending=orders)
    settings = replace(demo_settings(url), site="bench")
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
    with Till(profile, settings, token=lambda: SiteToken("bench-token")) as parts:
        window = MainWindow(parts)
        window.show()
        timer.start()
        last[0] = time.perf_counter()
        while True:
            QCoreApplication.processEvents()
            time.sleep(0.0002)
            now = time.perf_counter()
            if seconds is not None and now - start > seconds:
                break
            looking = seconds is None and int(now * 4) != int(last[0] * 4)  # 4 times a second
            if looking and parts.outbox.status().counts.get(State.SENT, 0) >= orders:
                break
            if now - start > 900:
                raise RuntimeError("the drain did not finish in 15 minutes")
        timer.stop()
        window.allow_close()
        window.close()
    return gaps, time.perf_counter() - start


def run(smoke: bool = False) -> list[Figure]:
    orders, runs = (100, 1) if smoke else (10_000, 3)
    application()
    longest, idle_longest, rates = 0.0, 0.0, []
    with ok_server() as url:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as directory:
                gaps, elapsed = _gaps(None, orders, url, Path(directory))
            longest = max(longest, *gaps)
            rates.append(orders / elapsed)
            with tempfile.TemporaryDirectory() as directory:
                idle, _ = _gaps(min(elapsed, 10.0), 0, url, Path(directory))
            idle_longest = max(idle_longest, *idle)
    return [
        Figure(
            f"longest GUI stall while {orders:,} orders drain ({runs} runs)",
            longest, "ms", "< 50 ms",
            f"idle window: {idle_longest:.0f} ms; {min(rates):.0f}+ orders/s",
        )
    ]  # fmt: skip


if __name__ == "__main__":
    from tests.benchmarks.harness import render

    print(render(list(run())))
