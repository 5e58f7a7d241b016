"""Start to first paint, and the whole ``--self-test`` process, against a bare Qt window.

posapp: ``python main.py --profile P --self-test`` on a configured profile (settings, a catalog,
an outbox that was closed cleanly), which builds the till's window, waits for its first paint,
then reports. Bare: a Python process that builds a QMainWindow holding a QLineEdit above a
QTableView (the till's scan field and basket, with nothing behind them) and quits on its first
paint. Both report the first paint from their first line of Python; the whole process is the
wall clock from spawn to exit. Qt's platform is the environment's (offscreen when unset).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tests.benchmarks.harness import Row, abab
from tests.benchmarks.procs import PYTHON, ROOT, run_measured

BARE = """
import time
STARTED = time.perf_counter()
import sys
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget
app = QApplication(sys.argv[:1])
class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        if app.property("painted") is None:
            app.setProperty("painted", True)
            print(f"first paint in {(time.perf_counter() - STARTED) * 1000:.1f} ms", flush=True)
            app.quit()
window = Window()
body = QWidget()
layout = QVBoxLayout(body)
layout.addWidget(QLineEdit())
table = QTableView()
table.setModel(QStandardItemModel(0, 6))
layout.addWidget(table)
window.setCentralWidget(body)
window.resize(1100, 720)
window.show()
app.exec()
"""


def configured_profile(directory: Path, orders: int = 0) -> Path:
    """A till's profile with settings, a small catalog and an outbox of ``orders`` orders."""
    from posapp.lists.catalog import Catalog
    from posapp.setup.profile import Profile
    from posapp.setup.settings import Settings, save_settings
    from tests.benchmarks.outbox_fill import fill_outbox

    profile = Profile.locate(directory)
    profile.ensure_dirs()
    save_settings(
        Settings(site="bench", till_id="BENCH-01", endpoint="http://127.0.0.1:9/unused",
                 store={"store": "Bench Store"}),
        profile.settings_file,
    )  # fmt: skip
    csv = directory / "catalog.csv"
    csv.write_text("".join(f"P{n},Product {n},1.{n % 100:02d}\n" for n in range(2000)))
    catalog = Catalog(profile.catalog_file)
    catalog.import_csv(csv, "GBP")
    catalog.close()
    fill_outbox(profile.outbox_file, orders)
    return directory


def first_paint(out: str) -> float:
    """Seconds, from the process's own "... in N ms" line."""
    last = [line for line in out.splitlines() if " in " in line and line.endswith("ms")][-1]
    return float(last.split(" in ")[1].split()[0]) / 1000


def run(smoke: bool = False) -> list[Row]:
    pairs = 1 if smoke else int(os.environ.get("BENCH_PAIRS", "11"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as directory:
        profile = configured_profile(Path(directory))
        ours_cmd = [PYTHON, str(ROOT / "main.py"), "--profile", str(profile), "--self-test"]
        bare_cmd = [PYTHON, "-c", BARE]
        run_measured(ours_cmd, env), run_measured(bare_cmd, env)  # warm the page cache
        paints: dict[str, list[float]] = {"ours": [], "bare": []}

        def sample(which: str, command: list[str]) -> float:
            measured = run_measured(command, env)
            paints[which].append(first_paint(measured.out))
            return measured.wall

        whole = abab(
            "whole --self-test process vs bare window process",
            lambda: sample("ours", ours_cmd), lambda: sample("bare", bare_cmd),
            pairs=pairs, target="<= 1.8x",
        )  # fmt: skip
    # The first paints came from the same pairs: replay them through the same summary.
    ours_paint, bare_paint = iter(paints["ours"]), iter(paints["bare"])
    paint = abab(
        "start to first paint vs bare QMainWindow+QLineEdit+QTableView",
        lambda: next(ours_paint), lambda: next(bare_paint), pairs=pairs, target="<= 1.3x",
    )  # fmt: skip
    return [paint, whole]


if __name__ == "__main__":
    from tests.benchmarks.harness import render

    print(render(list(run())))
