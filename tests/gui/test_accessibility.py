"""Accessible: every control a person operates, in the till window and in every dialog, has an
accessible name and description; Tab walks the window in the order it is seen; the banner's
news reaches a screen reader. Real widgets on the offscreen platform."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from posapp.setup.admin_pin import hash_pin
from posapp.setup.settings import Settings
from posapp.ui.accessibility import announce
from posapp.ui.import_dialog import ImportPreview
from posapp.ui.main_window import MainWindow
from posapp.ui.pin_dialog import AdminGate
from posapp.ui.settings_dialog import SettingsDialog
from posapp.ui.till_messages import Tone

WAIT = 10_000
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
)
# parts of a control, described by the control itself: a combo box's list and line, a table's
# headers and corner button, a tab bar's scroll arrows, the menu bar's overflow button (menus'
# actions are named by their text)
PARTS_OF = (QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar, QMenuBar)


def _is_part(widget: QWidget, root: QWidget) -> bool:
    if isinstance(widget, QHeaderView):
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, PARTS_OF):
            return True
        parent = parent.parentWidget()
    return False


def controls(root: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in root.findChildren(QWidget)
        if isinstance(widget, INTERACTIVE) and not _is_part(widget, root)
    ]


def description(widget: QWidget) -> str:
    """What a screen reader gets as the description (Qt falls back to the tooltip, and for a
    line edit to its placeholder)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return str(interface.text(QAccessible.Text.Description))


def unnamed(root: QWidget) -> list[str]:
    """Every control under ``root`` without an accessible name or description."""
    found = controls(root)
    assert found, "nothing to check: the walk found no control"
    return [
        f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r}"
        for widget in found
        if not widget.accessibleName() or not description(widget)
    ]


def test_the_walk_finds_a_control_without_a_name(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    named = QLineEdit()
    named.setAccessibleName("Named")
    named.setAccessibleDescription("Has both")
    layout.addWidget(named)
    layout.addWidget(QLineEdit())
    layout.addWidget(QPushButton("OK"))  # its text is not a name given on purpose
    assert unnamed(dialog) == ["QLineEdit ''", "QPushButton ''"]


def test_every_control_of_the_till_window_has_a_name_and_description(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert unnamed(window) == []
    window.customer_panel.set_info_keys(("gender", "diet"))  # fields made later, too
    assert unnamed(window) == []


def test_every_control_of_the_settings_dialog_has_a_name_and_description(qtbot: QtBot) -> None:
    for settings, first_run in (
        (Settings(), True),
        (Settings(admin_pin_hash=hash_pin("2468")), False),
    ):
        dialog = SettingsDialog(settings, first_run=first_run)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda d=dialog: d.keyring_found is not None, timeout=WAIT)
        assert unnamed(dialog) == []


def test_every_control_of_the_queue_and_shortcuts_has_a_name_and_description(
    qtbot: QtBot, window: MainWindow
) -> None:
    queue = window.open_queue()
    assert unnamed(queue) == []
    queue.close()
    shortcuts = window.show_shortcuts()
    assert unnamed(shortcuts) == []
    shortcuts.close()


def test_every_control_of_the_import_preview_has_a_name_and_description(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text("ref_code,name,price\nCB4551,Mug,7.00\n", encoding="utf-8")
    window.import_catalog(path)
    qtbot.waitUntil(lambda: window.findChild(ImportPreview) is not None, timeout=WAIT)
    preview = window.findChild(ImportPreview)
    assert isinstance(preview, ImportPreview)
    assert unnamed(preview) == []
    preview.reject()


def test_the_pin_dialog_names_its_field_by_what_it_is_for(qtbot: QtBot, window: MainWindow) -> None:
    """Qt's own input dialog: its field is named by its label (a buddy), which says what the
    PIN is for; its buttons by their text."""
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        field = dialog.findChild(QLineEdit)
        assert field is not None
        interface = QAccessible.queryAccessibleInterface(field)
        assert interface is not None
        seen.append(str(interface.text(QAccessible.Text.Name)))
        for button in dialog.findChildren(QPushButton):
            button_interface = QAccessible.queryAccessibleInterface(button)
            assert button_interface is not None
            seen.append(str(button_interface.text(QAccessible.Text.Name)))
        dialog.reject()

    QTimer.singleShot(0, look)
    assert not AdminGate(hash_pin("2468")).allow(window, "change a price")
    assert seen[0] == "Admin PIN to change a price:"
    assert all(seen)


# -- tab order -----------------------------------------------------------------------------------
def tab_walk(window: MainWindow, start: QWidget, steps: int) -> list[QWidget]:
    start.setFocus()
    walked = []
    for _ in range(steps):
        QApplication.processEvents()
        focused = QApplication.focusWidget()
        assert focused is not None
        walked.append(focused)
        window.focusNextChild()
    return walked


def test_tab_follows_the_screen_customer_scan_basket_finish(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.customer_panel
    panel.set_info_keys(("gender", "diet"))
    seen = [
        panel.field,
        panel.clear_button,
        panel.info_fields["gender"],
        panel.info_fields["diet"],
        window.scan_field,
        window.table,
        window.finish_button,
        window.status.parked,
    ]
    qtbot.waitUntil(window.isActiveWindow)
    assert tab_walk(window, panel.field, len(seen) + 1) == [*seen, panel.field]


def test_tab_reaches_the_price_line_between_the_scan_field_and_the_basket(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.sale.allow_unknown_items = True
    qtbot.keyClicks(window.scan_field, "NOT-IN-CATALOG")
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    prompt = window.sale.price_prompt
    qtbot.waitUntil(prompt.isVisible)
    walked = tab_walk(window, window.scan_field, 4)
    assert walked == [window.scan_field, prompt.field, prompt.skip, window.table]


# -- the banner's news ---------------------------------------------------------------------------
def test_the_banner_announces_what_became_of_the_order(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[QAccessible.Event, QObject | None]] = []
    real = QAccessible.updateAccessibility

    def spy(event: QAccessibleEvent) -> None:
        events.append((event.type(), event.object()))
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", spy)
    qtbot.keyClicks(window.scan_field, "CB4551")
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    events.clear()
    window.finish()
    qtbot.waitUntil(lambda: window.banner.tone is Tone.GOOD, timeout=WAIT)
    banner = window.banner
    assert banner.text().startswith("Sent ")
    assert banner.accessibleName() == "Last order"
    assert banner.accessibleDescription() == banner.text()
    interface = QAccessible.queryAccessibleInterface(banner)
    assert interface is not None
    assert interface.text(QAccessible.Text.Description) == banner.text()
    kinds = [kind for kind, source in events if source is banner]
    # once when the sale was committed ("Sending…"), once when the endpoint took it
    assert kinds.count(QAccessible.Event.DescriptionChanged) == 2
    assert kinds.count(QAccessible.Event.Alert) == 2


def test_a_widget_not_on_screen_gets_its_description_and_no_announcement(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window being built says its first words before it is shown: nobody can hear them
    # yet, and the screen reader reads the description once the window appears.
    events: list[QAccessible.Event] = []
    monkeypatch.setattr(
        QAccessible, "updateAccessibility", lambda event: events.append(event.type())
    )
    label = QLabel()
    qtbot.addWidget(label)
    announce(label, "Ready for the first sale")
    assert label.accessibleDescription() == "Ready for the first sale"
    assert events == []
    label.show()
    qtbot.waitExposed(label)
    announce(label, "Sent R-1")
    assert events == [QAccessible.Event.DescriptionChanged, QAccessible.Event.Alert]
