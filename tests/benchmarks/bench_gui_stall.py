"""The longest GUI-thread stall while queued orders drain, over several runs.

The till's window is open, with its log file on (a line per order sent), its delivery worker
sending to the minimal local server in another process, every report bridged to the GUI
thread, the status bar refreshed off the GUI thread, in the event loop the till runs (``exec``:
Python runs only in slots). A 1 ms timer on the GUI thread records the gaps between its ticks
from the window's first paint (before it there is nothing to scan into; the time to it is
``bench_start``'s figure) until the status bar shows every order sent. The benchmark adds no
work of its own to the GUI thread beyond a look at the status bar 20 times a second. The
figure is the longest gap of any run: the target holds only if it holds every time. Bare: the
same window with nothing to send, over the same time (what the machine alone costs).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer

from posapp.app import application, demo_settings
from posapp.outbox.store import State
from posapp.setup.logs import setup_logging
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
    painted: list[float] = []

    def first_paint() -> None:
        painted.append(time.perf_counter())
        last[0] = painted[0]
        timer.start()

    start = time.perf_counter()
    with (
        _logging_on(profile),
        Till(profile, settings, token=lambda: SiteToken("bench-token")) as parts,
    ):
        window = MainWindow(parts)
        window.first_painted.connect(first_paint)
        window.show()
        loop, late = QEventLoop(), []

        def look() -> None:  # 20 times a second, like the window's own timers: a read or two
            now = time.perf_counter()
            if now - start > 900:
                late.append(now)
                loop.quit()
            elif (seconds is None and _sent_shown(window) >= orders) or (
                seconds is not None and painted and now - painted[0] > seconds
            ):
                loop.quit()

        looking = QTimer()
        looking.setInterval(50)
        looking.timeout.connect(look)
        looking.start()
        loop.exec()  # the till's own event loop, in C++: Python runs only in slots, as there
        looking.stop()
        if late:
            raise RuntimeError("the drain did not finish in 15 minutes")
        timer.stop()
        window.allow_close()
        window.close()
    return gaps, time.perf_counter() - start


@contextmanager
def _logging_on(profile: Profile) -> Iterator[None]:
    """The log file on, as in the till (a line per order sent); as it was afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    setup_logging(profile)
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


def _sent_shown(window: MainWindow) -> int:
    """Orders sent, as the status bar shows them (its own refresh, off the GUI thread)."""
    shown = window.status.counts_shown
    return 0 if shown is None else shown.counts.get(State.SENT, 0)


def run(smoke: bool = False) -> list[Figure]:
    orders, runs = (100, 1) if smoke else (10_000, 3)
    application()
    longest: list[float] = []
    idle_longest, rates = 0.0, []
    with ok_server() as url:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as directory:
                gaps, elapsed = _gaps(None, orders, url, Path(directory))
            longest.append(max(gaps, default=0.0))
            rates.append(orders / elapsed)
            with tempfile.TemporaryDirectory() as directory:
                idle, _ = _gaps(min(elapsed, 10.0), 0, url, Path(directory))
            idle_longest = max(idle_longest, max(idle, default=0.0))
    each = "/".join(f"{gap:.0f}" for gap in longest)
    return [
        Figure(
            f"longest GUI stall while {orders:,} orders drain ({runs} runs)",
            max(longest), "ms", "< 50 ms",
            f"runs {each} ms; idle window: {idle_longest:.0f} ms; {min(rates):.0f}+ orders/s",
        )
    ]  # fmt: skip


if __name__ == "__main__":
    from tests.benchmarks.harness import render

    print(render(list(run())))
