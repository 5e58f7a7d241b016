"""The window's import: a preview of what a file would change before anything changes, the
manager's confirmation for big changes, and the Admin menu's way back. Real widgets on the
offscreen platform, real SQLite files; the reading and writing run off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from posapp.resources import resource_path
from posapp.ui.import_dialog import ImportPreview
from posapp.ui.main_window import MainWindow

WAIT = 10_000
DEMO = resource_path("demo", "catalog.csv").read_text(encoding="utf-8")


def preview_of(qtbot: QtBot, window: MainWindow, path: Path) -> ImportPreview:
    window.import_catalog(path)
    qtbot.waitUntil(lambda: window.findChild(ImportPreview) is not None, timeout=WAIT)
    preview = window.findChild(ImportPreview)
    assert isinstance(preview, ImportPreview)
    return preview


def price_of(window: MainWindow, code: str) -> str:
    found = window.till.catalog.lookup(code)
    assert found is not None
    return str(found.price)


def test_a_garbage_file_cannot_replace_the_catalog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "garbage.csv"
    path.write_text(DEMO.replace("6.50", "call us").replace("3.20", "?") + "X,Y,z\n")
    preview = preview_of(qtbot, window, path)
    assert not preview.replace_button.isEnabled()
    assert not preview.confirm.isVisible()
    assert preview.verdict.text() == (
        "This file cannot replace the catalog: 3 of 11 rows (27.3%) cannot be used and would "
        "be lost (at most 1% may be; fix those rows, or allow more)."
    )
    assert "line 2: Price 'call us' is not an amount" in preview.details.toPlainText()
    preview.reject()
    assert window.message.text() == "Nothing was changed."
    assert price_of(window, "CB4551") == "6.50"


def test_the_preview_lists_the_largest_price_changes_then_replaces_and_restores(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "prices.csv"
    path.write_text(DEMO.replace("6.50", "65.00").replace("3.20", "3.50") + "NEW,New,1\n")
    preview = preview_of(qtbot, window, path)
    assert preview.summary.text().startswith(
        "11 products in prices.csv: 1 added, 0 removed, 2 with a new price"
    )
    assert preview.details.toPlainText().splitlines()[:3] == [
        "Largest price changes:",
        "  CB4551: 6.50 -> 65.00 (+900%)",
        "  TEA-EB: 3.20 -> 3.50 (+9%)",
    ]
    assert price_of(window, "CB4551") == "6.50"  # a preview changes nothing
    assert preview.replace_button.isEnabled()
    preview.replace_button.click()
    qtbot.waitUntil(lambda: "replaced" in window.message.text(), timeout=WAIT)
    assert window.message.text() == (
        "Catalog replaced: 11 products from prices.csv (1 added, 0 removed, 2 changed); "
        "the previous one is kept."
    )
    assert price_of(window, "cb4551") == "65.00"
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_rest: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.actions_by_name["restore_catalog"].trigger()
    qtbot.waitUntil(lambda: "is back" in window.message.text(), timeout=WAIT)
    assert asked[0].startswith("Bring back the previous catalog (10 products, from catalog.csv)?")
    assert price_of(window, "CB4551") == "6.50"
    assert window.till.catalog.lookup("NEW") is None


def test_a_file_that_shrinks_the_catalog_needs_the_tick(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "two.csv"
    path.write_text("\n".join(DEMO.splitlines()[:3]) + "\n")
    preview = preview_of(qtbot, window, path)
    assert preview.confirm.text() == (
        "Yes, replace it anyway: the catalog would shrink from 10 to 2 products"
    )
    assert not preview.replace_button.isEnabled()
    preview.confirm.setChecked(True)
    assert preview.replace_button.isEnabled()
    preview.confirm.setChecked(False)
    preview.reject()
    assert window.till.catalog.lookup("NOTE-A5") is not None
