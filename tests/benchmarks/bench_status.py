"""``posapp queue status`` against bare sqlite3 running the same counts, and its flatness.

posapp: the whole ``python -m posapp --profile P queue status`` process, as an operator runs it.
Bare: a Python process (same interpreter) that opens the same file with sqlite3 and runs the
counts the plain way (``GROUP BY state``, duplicated, last sent). Then posapp at 100,000 orders
against posapp at none, to show it flat; and the outbox part alone, in this process.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from posapp.outbox.store import Outbox
from tests.benchmarks.harness import Row, abab
from tests.benchmarks.outbox_fill import fill_outbox
from tests.benchmarks.procs import PYTHON, python_with_peak, run_measured

BARE = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT state, count(*) FROM orders GROUP BY state").fetchall())
print(db.execute("SELECT count(*) FROM orders WHERE possibly_duplicated = 1").fetchone())
print(db.execute("SELECT min(created_at) FROM orders WHERE state = 'pending'").fetchone())
print(db.execute("SELECT max(sent_at) FROM orders").fetchone())
print(dict(db.execute("SELECT key, value FROM meta")))
"""


STATUS = "from posapp.cli import main; sys.exit(main(sys.argv[1:]))"
PEAKS: dict[Path, list[float]] = {}


def status_process(profile: Path) -> float:
    """The wall clock of ``posapp --profile P queue status`` (its peak memory into PEAKS)."""
    measured = run_measured(python_with_peak(STATUS, "--profile", str(profile), "queue", "status"))
    PEAKS.setdefault(profile, []).append(measured.peak_kib / 1024)
    return measured.wall


def bare_process(profile: Path) -> float:
    return run_measured([PYTHON, "-c", BARE, str(profile / "outbox.sqlite3")]).wall


def bare_counts(path: Path) -> float:
    start = time.perf_counter()
    db = sqlite3.connect(path)
    for query in BARE.split("print(db.execute(")[1:]:
        db.execute(query.split('")')[0].strip('"')).fetchall()
    db.close()
    return time.perf_counter() - start


def outbox_status(path: Path) -> float:
    start = time.perf_counter()
    with Outbox(path) as outbox:
        outbox.status()
    return time.perf_counter() - start


def run(smoke: bool = False) -> list[Row]:
    orders, pairs = (300, 1) if smoke else (100_000, 9)
    with tempfile.TemporaryDirectory() as directory:
        empty, full = Path(directory) / "empty", Path(directory) / "full"
        fill_outbox(empty / "outbox.sqlite3", 0)
        fill_outbox(full / "outbox.sqlite3", orders)
        status_process(full), bare_process(full)  # warm the page cache for both
        label = f"{orders:,}" if orders < 1000 else f"{orders // 1000}k"
        rows = [
            abab(
                f"`queue status` process, {label} orders, vs bare sqlite3",
                lambda: status_process(full), lambda: bare_process(full),
                pairs=pairs, target="<= 1.5x",
            ),
            abab(
                f"`queue status` process, {label} vs 0 orders (flat)",
                lambda: status_process(full), lambda: status_process(empty),
                pairs=pairs, target="<= 1.2x",
            ),
            abab(
                f"outbox open + status(), {label} orders, vs bare counts",
                lambda: outbox_status(full / "outbox.sqlite3"),
                lambda: bare_counts(full / "outbox.sqlite3"),
                pairs=pairs, target="<= 1.5x",
            ),
        ]  # fmt: skip
    # Peak memory, from the processes of the flatness pairs (full, then empty, each pair).
    full_peaks = iter(PEAKS[full][-pairs:])
    empty_peaks = iter(PEAKS[empty][-pairs:])
    rows.append(
        abab(
            f"`queue status` peak memory, {label} vs 0 orders",
            lambda: next(full_peaks), lambda: next(empty_peaks),
            pairs=pairs, target="<= 1.2x", unit="MiB", scale=1.0,
        )
    )  # fmt: skip
    return rows


if __name__ == "__main__":
    from tests.benchmarks.harness import render

    print(render(list(run())))
