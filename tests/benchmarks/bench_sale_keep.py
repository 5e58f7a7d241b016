"""What keeping the sale on disk adds to a scan: the same scans with and without it, ABAB.

A scan here is what follows the scanner's Enter: parse, catalog lookup, the basket model and
the table's selection (``scan_field.submit``), without painting, which only adds noise to a
difference of tens of microseconds. A: the kept sale's writes are turned off; B: on (one SQLite
row per scan, WAL, not flushed). Pairs alternate A and B; the figure is the median of the per-pair ratios B/A,
and the median extra time per scan.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication

from posapp.app import application, demo_settings
from posapp.outbox.sale_in_progress import SaleInProgress
from posapp.setup.profile import Profile
from posapp.till import Till
from posapp.ui.main_window import MainWindow

PAIRS = 9
SCANS = 200  # per run: new lines, then repeats (the basket grows to 100 lines)


def run(window: MainWindow) -> float:
    """Median ms per scan over one run, starting from an empty basket."""
    window.basket_model.void()
    QCoreApplication.processEvents()
    samples = []
    for n in range(SCANS):
        start = time.perf_counter()
        window.scan_field.submit(f"P{n % 100}")
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    application()
    with tempfile.TemporaryDirectory() as directory:
        catalog_csv = Path(directory) / "catalog.csv"
        catalog_csv.write_text("".join(f"P{n},Product {n},1.{n:02d}\n" for n in range(100)))
        profile = Profile.locate(Path(directory) / "till")
        settings = demo_settings("http://127.0.0.1:9/unused")
        with Till(profile, settings, token=lambda: None) as parts:  # keeps: the till delivers
            parts.catalog.import_csv(catalog_csv, settings.currency)
            window = MainWindow(parts)
            keeper = window.sale_keeper
            assert keeper is not None
            real_put = keeper.kept.put_line
            ratios, extra = [], []
            for _ in range(PAIRS):
                keeper.kept.put_line = lambda *_args: None  # type: ignore[method-assign]
                bare = run(window)
                keeper.kept.put_line = real_put  # type: ignore[method-assign]
                kept = run(window)
                ratios.append(kept / bare)
                extra.append((kept - bare) * 1000)
            window.allow_close()
            window.close()
            with SaleInProgress(Path(directory) / "direct.sqlite3") as direct:
                line = parts.catalog.lookup("P1")
                assert line is not None
                from posapp.domain.order import make_line

                item = make_line("P1", 1, "1.01", "GBP")
                start = time.perf_counter()
                for row in range(2000):
                    direct.put_line(row % 100, item, "GBP")
                put_us = (time.perf_counter() - start) / 2000 * 1e6
    print(f"scan with the sale kept on disk vs without, {PAIRS} ABAB pairs of {SCANS} scans:")
    print(
        f"  median ratio {statistics.median(ratios):.3f} (per pair: "
        + ", ".join(f"{r:.3f}" for r in ratios)
        + ")"
    )
    print(
        f"  median scan without {bare * 1000:.0f} us; median extra per scan {statistics.median(extra):.0f} us"
    )
    print(f"  one put_line alone: {put_us:.0f} us")


if __name__ == "__main__":
    main()
