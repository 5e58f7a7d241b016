"""Scan to visible line: a scanner's key burst + Enter until the model holds the line and Qt has
painted what changed, with 1, 100 and 1,000 lines already in the basket (offscreen platform).

Two kinds of scan: a new item (a new line at the bottom; once the table is full the view
scrolls) and a repeat of an item already in the basket (its quantity goes up).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest

from posapp.app import application, demo_settings, till_parts
from posapp.setup.profile import Profile
from posapp.ui.main_window import MainWindow

SCANS = 300
PRODUCTS = 2000


def scan(window: MainWindow, code: str) -> float:
    start = time.perf_counter()
    QTest.keyClicks(window.scan_field, code)
    QTest.keyClick(window.scan_field, Qt.Key.Key_Return)
    QCoreApplication.processEvents()  # let Qt paint what the scan changed, as on screen
    return (time.perf_counter() - start) * 1000


def figures(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return f"median {statistics.median(ordered):5.2f} ms   p99 {p99:5.2f} ms"


def main() -> None:
    app = application()
    print(
        f"scan to visible line, {SCANS} scans of each kind per size, platform {app.platformName()}:"
    )
    for existing in (1, 100, 1000):
        with tempfile.TemporaryDirectory() as directory:
            catalog_csv = Path(directory) / "catalog.csv"
            catalog_csv.write_text(
                "".join(f"P{n},Product {n},1.{n % 100:02d}\n" for n in range(PRODUCTS))
            )
            profile = Profile.locate(Path(directory) / "till")
            settings = demo_settings("http://127.0.0.1:9/unused")
            with till_parts(profile, settings, None, deliver=False) as parts:
                parts.catalog.import_csv(catalog_csv, settings.currency)
                window = MainWindow(parts)
                window.resize(1200, 760)
                window.show()
                for n in range(existing):
                    window.basket_model.add(f"FILL-{n}", 1, "1.00", "filler")
                QCoreApplication.processEvents()
                new = [scan(window, f"P{n}") for n in range(SCANS)]
                repeat = [scan(window, f"P{n % 20}") for n in range(SCANS)]
                window.close()
        print(f"  {existing:5d} lines: new item {figures(new)};   repeat {figures(repeat)}")
    print("  (target: p99 under 4 ms at 1,000 lines, no growth with basket size)")


if __name__ == "__main__":
    main()
