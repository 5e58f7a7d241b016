"""Scan to visible line: a scanner's key burst + Enter until the model holds the line and the
view has repainted, with 1, 100 and 1,000 lines already in the basket (offscreen platform)."""

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
from posapp.profile import Profile
from posapp.resources import resource_path
from posapp.ui.main_window import MainWindow

SCANS = 300


def main() -> None:
    app = application()
    print(f"scan to visible line, {SCANS} scans per size, platform {app.platformName()}:")
    for existing in (1, 100, 1000):
        with tempfile.TemporaryDirectory() as directory:
            profile = Profile.locate(Path(directory))
            settings = demo_settings("http://127.0.0.1:9/unused")
            with till_parts(profile, settings, None, deliver=False) as parts:
                parts.catalog.import_csv(resource_path("demo", "catalog.csv"), settings.currency)
                window = MainWindow(parts)
                window.resize(1200, 760)
                window.show()
                for n in range(existing):
                    window.basket_model.add(f"FILL-{n}", 1, "1.00", "filler")
                QCoreApplication.processEvents()
                codes = ["CB4551", "TEA-EB", "5012345678924", "2*PEN-BLK"]
                samples, full = [], []
                for n in range(SCANS):
                    start = time.perf_counter()
                    QTest.keyClicks(window.scan_field, codes[n % len(codes)])
                    QTest.keyClick(window.scan_field, Qt.Key.Key_Return)
                    # let Qt paint what the scan changed, as it would on screen
                    QCoreApplication.processEvents()
                    samples.append((time.perf_counter() - start) * 1000)
                for _ in range(50):
                    start = time.perf_counter()
                    window.table.viewport().repaint()
                    full.append((time.perf_counter() - start) * 1000)
                window.close()
        samples.sort()
        p99 = samples[int(len(samples) * 0.99) - 1]
        print(
            f"  {existing:5d} lines: median {statistics.median(samples):5.2f} ms   p99 {p99:5.2f} ms"
        )
        full.sort()
        print(f"        whole-viewport repaint forced: median {statistics.median(full):5.2f} ms")
    print("  (target: p99 under 4 ms at 1,000 lines, no growth with basket size)")


if __name__ == "__main__":
    main()
