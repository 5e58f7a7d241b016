"""A scan, from the scanner's key burst to the line painted, at basket sizes from 1 line up.

posapp: the till's window (its scan field, catalog lookup, basket, table and totals), on the
offscreen platform. A sample is 20 scans of new items (each a new line at the bottom) and 20
repeats (a quantity goes up), then the new lines are removed again (not timed), so that the
basket keeps its size. Flatness: the same window work with a big basket against a basket of
100 lines, alternated (100 lines fill the table, so both paint the same number of cells; with
fewer lines than a screenful there is simply less to paint). Bare: a QLineEdit whose Enter appends six texts to a QStandardItemModel
under a QTableView and selects the row, with the same number of rows: what any Qt table does.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

from posapp.app import application, demo_settings
from posapp.setup.profile import Profile
from posapp.till import Till
from posapp.ui.main_window import MainWindow
from tests.benchmarks.harness import Row, abab

PRODUCTS = 2000
NEW, REPEAT = 20, 20


def _keys(field: QLineEdit, code: str) -> None:
    QTest.keyClicks(field, code)
    QTest.keyClick(field, Qt.Key.Key_Return)
    QCoreApplication.processEvents()  # let Qt paint what the scan changed, as on screen


@contextmanager
def till_window(directory: Path, lines: int) -> Iterator[Callable[[], float]]:
    """A till window holding ``lines`` lines; yields one timed sample of scans."""
    catalog_csv = directory / "catalog.csv"
    if not catalog_csv.exists():
        catalog_csv.write_text(
            "".join(f"P{n},Product {n},1.{n % 100:02d}\n" for n in range(PRODUCTS))
        )
    profile = Profile.locate(directory / f"till-{lines}")
    settings = demo_settings("http://127.0.0.1:9/unused")
    with Till(profile, settings) as parts:
        parts.catalog.import_csv(catalog_csv, settings.currency)
        window = MainWindow(parts, deliver=False)
        window.resize(1200, 760)
        window.show()
        for n in range(lines):
            window.basket_model.add(f"FILL-{n}", 1, "1.00", "filler")
        QCoreApplication.processEvents()

        def sample() -> float:
            start = time.perf_counter()
            for n in range(NEW):
                _keys(window.scan_field, f"P{n}")
            for n in range(REPEAT):
                _keys(window.scan_field, f"P{n % 5}")
            elapsed = time.perf_counter() - start
            model = window.basket_model
            for _ in range(NEW):
                model.remove(len(model.basket) - 1)
            QCoreApplication.processEvents()
            return elapsed / (NEW + REPEAT)

        try:
            yield sample
        finally:
            window.allow_close()
            window.close()


@contextmanager
def bare_window(lines: int) -> Iterator[Callable[[], float]]:
    model = QStandardItemModel(0, 6)
    window = QMainWindow()
    body = QWidget()
    layout = QVBoxLayout(body)
    field = QLineEdit()
    table = QTableView()
    table.setModel(model)
    layout.addWidget(field)
    layout.addWidget(table)
    window.setCentralWidget(body)
    window.resize(1200, 760)

    def append(code: str) -> None:
        model.appendRow(
            [QStandardItem(text) for text in (code, "Product", "1", "1.00", "1.00", "")]
        )

    def on_enter() -> None:
        code = field.text()
        field.clear()
        rows = model.findItems(code) if code.startswith("R") else []
        if rows:
            item = model.item(rows[0].row(), 2)
            item.setText(str(int(item.text()) + 1))
            table.setCurrentIndex(item.index())
        else:
            append(code)
            table.setCurrentIndex(model.index(model.rowCount() - 1, 0))

    field.returnPressed.connect(on_enter)
    for n in range(lines):
        append(f"FILL-{n}")
    window.show()
    QCoreApplication.processEvents()

    def sample() -> float:
        start = time.perf_counter()
        for n in range(NEW):
            _keys(field, f"P{n}")
        for n in range(REPEAT):
            _keys(field, f"P{n % 5}")
        elapsed = time.perf_counter() - start
        model.removeRows(model.rowCount() - NEW, NEW)
        QCoreApplication.processEvents()
        return elapsed / (NEW + REPEAT)

    try:
        yield sample
    finally:
        window.close()


def run(smoke: bool = False, big: int = 1000) -> list[Row]:
    application()
    pairs, few = (1, 1) if smoke else (9, 100)
    if smoke:
        big = 30
    with tempfile.TemporaryDirectory() as directory, ExitStack() as stack:
        small = stack.enter_context(till_window(Path(directory), few))
        large = stack.enter_context(till_window(Path(directory), big))
        bare = stack.enter_context(bare_window(big))
        small(), large(), bare()  # warm up
        return [
            abab(
                f"scan at {big:,} lines vs at {few} (flat in basket size)",
                large, small, pairs=pairs, target="<= 1.2x",
            ),
            abab(
                f"scan at {big:,} lines vs bare QLineEdit+QStandardItemModel",
                large, bare, pairs=pairs, target="-",
            ),
        ]  # fmt: skip


if __name__ == "__main__":
    import sys

    from tests.benchmarks.harness import render

    print(render(list(run(big=int(sys.argv[1]) if len(sys.argv) > 1 else 1000))))
