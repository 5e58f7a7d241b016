"""The till window's menus and keys: one table, so the menu, the shortcut and the keyboard
shortcuts dialog always agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from posapp.i18n import QT_TRANSLATE_NOOP
from posapp.lists.imports import ListKind
from posapp.ui.basket_model import PRICE, QTY

if TYPE_CHECKING:
    from posapp.ui.main_window import MainWindow

Slot = Callable[[], object]
CONTEXT = "TillMenus"


def _text(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


def retranslate_menus(window: MainWindow) -> None:
    """Every menu and action again in the current language (after a language change)."""
    for item, source in window.menu_sources:
        if isinstance(item, QMenu):
            item.setTitle(_text(source))
        else:
            item.setText(_text(source))


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """The window's menus, each entry an action with its keys; returned by name."""
    made: dict[str, QAction] = {}
    window.menu_sources = []

    def add(menu_name: str, entries: list[tuple[str, str, list[str], Slot]]) -> None:
        menu = window.menuBar().addMenu(_text(menu_name))
        window.menu_sources.append((menu, menu_name))
        for name, text, keys, slot in entries:
            act = QAction(_text(text), window)
            window.menu_sources.append((act, text))
            act.setShortcuts([QKeySequence(key) for key in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _checked=False, slot=slot: slot())
            window.addAction(act)
            menu.addAction(act)
            made[name] = act

    add(
        QT_TRANSLATE_NOOP("TillMenus", "&Sale"),
        [
            (
                "finish",
                QT_TRANSLATE_NOOP("TillMenus", "Finish sale"),
                ["F12", "Ctrl+Return", "Ctrl+Enter"],
                window.finish,
            ),
            (
                "scan",
                QT_TRANSLATE_NOOP("TillMenus", "Go to the scan field"),
                ["F6"],
                window.focus_scan,
            ),
            (
                "customer",
                QT_TRANSLATE_NOOP("TillMenus", "Customer card or ID"),
                ["F4"],
                window.focus_customer,
            ),
            (
                "no_customer",
                QT_TRANSLATE_NOOP("TillMenus", "No customer"),
                ["F8"],
                window.clear_customer,
            ),
            (
                "qty",
                QT_TRANSLATE_NOOP("TillMenus", "Change quantity of the selected line"),
                ["F2"],
                lambda: window.edit_selected(QTY),
            ),
            (
                "price",
                QT_TRANSLATE_NOOP("TillMenus", "Change price of the selected line"),
                ["F3"],
                lambda: window.edit_selected(PRICE),
            ),
            (
                "remove",
                QT_TRANSLATE_NOOP("TillMenus", "Remove the selected line"),
                ["Ctrl+Del"],
                window.sale.remove_selected,
            ),
            (
                "void",
                QT_TRANSLATE_NOOP("TillMenus", "Void the basket…"),
                ["Ctrl+Shift+Del"],
                window.sale.void_basket,
            ),
        ],
    )
    add(
        QT_TRANSLATE_NOOP("TillMenus", "&Queue"),
        [
            (
                "queue",
                QT_TRANSLATE_NOOP("TillMenus", "Open the order queue"),
                ["F9"],
                window.open_queue,
            ),
            (
                "flush",
                QT_TRANSLATE_NOOP("TillMenus", "Send waiting orders now"),
                ["Ctrl+F"],
                window.expedite,
            ),
        ],
    )
    admin = window.admin_actions
    add(
        QT_TRANSLATE_NOOP("TillMenus", "&Admin"),
        [
            ("settings", QT_TRANSLATE_NOOP("TillMenus", "Settings…"), ["F10"], admin.open_settings),
            (
                "import_catalog",
                QT_TRANSLATE_NOOP("TillMenus", "Replace the catalog from a CSV file…"),
                [],
                admin.import_catalog,
            ),
            (
                "import_customers",
                QT_TRANSLATE_NOOP("TillMenus", "Replace the customer directory from a CSV file…"),
                [],
                admin.import_customers,
            ),
            (
                "restore_catalog",
                QT_TRANSLATE_NOOP("TillMenus", "Restore the previous catalog…"),
                [],
                lambda: admin.restore(ListKind.CATALOG),
            ),
            (
                "restore_customers",
                QT_TRANSLATE_NOOP("TillMenus", "Restore the previous customer directory…"),
                [],
                lambda: admin.restore(ListKind.CUSTOMERS),
            ),
            ("quit", QT_TRANSLATE_NOOP("TillMenus", "Quit"), ["Ctrl+Q"], window.close),
        ],
    )
    add(
        QT_TRANSLATE_NOOP("TillMenus", "&Help"),
        [
            (
                "shortcuts",
                QT_TRANSLATE_NOOP("TillMenus", "Keyboard shortcuts"),
                ["F1"],
                window.show_shortcuts,
            )
        ],
    )
    return made
