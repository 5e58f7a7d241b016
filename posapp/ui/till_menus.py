"""The till window's menus and keys: one table, so the menu, the shortcut and the keyboard
shortcuts dialog always agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from posapp.lists.imports import ListKind
from posapp.ui.basket_model import PRICE, QTY

if TYPE_CHECKING:
    from posapp.ui.main_window import MainWindow

Slot = Callable[[], object]


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """The window's menus, each entry an action with its keys; returned by name."""
    made: dict[str, QAction] = {}

    def add(menu_name: str, entries: list[tuple[str, str, list[str], Slot]]) -> None:
        menu = window.menuBar().addMenu(menu_name)
        for name, text, keys, slot in entries:
            act = QAction(text, window)
            act.setShortcuts([QKeySequence(key) for key in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _checked=False, slot=slot: slot())
            window.addAction(act)
            menu.addAction(act)
            made[name] = act

    tr = window.tr
    add(
        tr("&Sale"),
        [
            ("finish", tr("Finish sale"), ["F12", "Ctrl+Return", "Ctrl+Enter"], window.finish),
            ("scan", tr("Go to the scan field"), ["F6"], window.focus_scan),
            ("customer", tr("Customer card or ID"), ["F4"], window.focus_customer),
            ("no_customer", tr("No customer"), ["F8"], window.clear_customer),
            (
                "qty",
                tr("Change quantity of the selected line"),
                ["F2"],
                lambda: window.edit_selected(QTY),
            ),
            (
                "price",
                tr("Change price of the selected line"),
                ["F3"],
                lambda: window.edit_selected(PRICE),
            ),
            ("remove", tr("Remove the selected line"), ["Ctrl+Del"], window.sale.remove_selected),
            ("void", tr("Void the basket…"), ["Ctrl+Shift+Del"], window.sale.void_basket),
        ],
    )
    add(
        tr("&Queue"),
        [
            ("queue", tr("Open the order queue"), ["F9"], window.open_queue),
            ("flush", tr("Send waiting orders now"), ["Ctrl+F"], window.expedite),
        ],
    )
    admin = window.admin_actions
    add(
        tr("&Admin"),
        [
            ("settings", tr("Settings…"), ["F10"], admin.open_settings),
            (
                "import_catalog",
                tr("Replace the catalog from a CSV file…"),
                [],
                admin.import_catalog,
            ),
            (
                "import_customers",
                tr("Replace the customer directory from a CSV file…"),
                [],
                admin.import_customers,
            ),
            (
                "restore_catalog",
                tr("Restore the previous catalog…"),
                [],
                lambda: admin.restore(ListKind.CATALOG),
            ),
            (
                "restore_customers",
                tr("Restore the previous customer directory…"),
                [],
                lambda: admin.restore(ListKind.CUSTOMERS),
            ),
            ("quit", tr("Quit"), ["Ctrl+Q"], window.close),
        ],
    )
    add(tr("&Help"), [("shortcuts", tr("Keyboard shortcuts"), ["F1"], window.show_shortcuts)])
    return made
