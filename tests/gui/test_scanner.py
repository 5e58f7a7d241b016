"""The scanner heard application-wide: synthetic key presses with chosen timestamps.

Key presses are sent to the window (``QWindow``) as the window system delivers them, with the
timestamp a scanner (4 ms apart) or a person (120 ms apart) would give them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from posapp.setup.admin_pin import hash_pin
from posapp.ui.main_window import MainWindow
from posapp.ui.scanner import MAX_GAP_MS, ScanCapture

NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class Keys:
    """Presses keys at the window that has the focus, on a clock the test moves."""

    def __init__(self, start: int = 1_000_000) -> None:
        self.now = start

    def press(
        self, key: int, text: str = "", modifiers: Qt.KeyboardModifier = NONE, after: int = 4
    ) -> None:
        self.now += after
        target = QApplication.focusWindow()
        assert target is not None
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, modifiers, text)
            event.setTimestamp(self.now)
            QApplication.sendEvent(target, event)

    def type(self, text: str, gap: int, shift_keys: bool = False) -> None:
        for char in text:
            modifiers = SHIFT if char.isupper() or char in "*_" else NONE
            if shift_keys and modifiers == SHIFT:
                self.press(Qt.Key.Key_Shift, "", SHIFT, after=1)
            self.press(ord(char.upper()), char, modifiers, after=gap)

    def scan(self, text: str, gap: int = 4, end: int = Qt.Key.Key_Return) -> None:
        self.type(text, gap)
        self.press(end, "\r" if end != Qt.Key.Key_Tab else "\t", after=gap)


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.first = QLineEdit()
        self.second = QLineEdit()
        self.button = QPushButton("Next")
        layout = QVBoxLayout(self)
        for widget in (self.first, self.second, self.button):
            layout.addWidget(widget)
        self.returns = 0
        self.first.returnPressed.connect(self._returned)

    def _returned(self) -> None:
        self.returns += 1


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    widget = Form()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is widget.windowHandle())
    widget.first.setFocus()
    return widget


@pytest.fixture
def capture(form: Form) -> Iterator[ScanCapture]:
    scanner = ScanCapture(form)
    scanner.install(QApplication.instance())  # type: ignore[arg-type]
    scanner.codes = []  # type: ignore[attr-defined]
    scanner.scanned.connect(scanner.codes.append)  # type: ignore[attr-defined]
    yield scanner
    scanner.uninstall()


def codes(capture: ScanCapture) -> list[str]:
    return list(capture.codes)  # type: ignore[attr-defined]


def test_a_fast_burst_ending_in_enter_is_a_scan_and_never_reaches_the_field(
    form: Form, capture: ScanCapture
) -> None:
    Keys().scan("CB4551")
    assert codes(capture) == ["CB4551"]
    assert form.first.text() == ""
    assert form.returns == 0  # the scanner's Enter was swallowed too


@pytest.mark.parametrize("end", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab])
def test_enter_keypad_enter_and_tab_end_a_scan(
    form: Form, capture: ScanCapture, end: Qt.Key
) -> None:
    Keys().scan("5012345678900", gap=2, end=end)
    assert codes(capture) == ["5012345678900"]
    assert form.first.hasFocus()  # the Tab did not move the focus


def test_capitals_with_shift_presses_in_between_and_quantity_prefix(
    form: Form, capture: ScanCapture
) -> None:
    keys = Keys()
    keys.type("3*TEA-EB", gap=6, shift_keys=True)
    keys.press(Qt.Key.Key_Return, "\r", after=6)
    assert codes(capture) == ["3*TEA-EB"]


def test_the_slowest_scanner_still_counts(form: Form, capture: ScanCapture) -> None:
    Keys().scan("PEN-BLK", gap=int(MAX_GAP_MS))
    assert codes(capture) == ["PEN-BLK"]


def test_a_person_typing_reaches_the_field_in_order(
    qtbot: QtBot, form: Form, capture: ScanCapture
) -> None:
    keys = Keys()
    keys.type("abc", gap=120)
    keys.press(Qt.Key.Key_Return, "\r", after=150)
    assert form.first.text() == "abc"
    assert form.returns == 1
    assert codes(capture) == []


def test_a_persons_last_key_is_delivered_after_a_moment(
    qtbot: QtBot, form: Form, capture: ScanCapture
) -> None:
    Keys().type("x", gap=120)
    assert capture.held_text == "x"  # undecided for a moment
    qtbot.waitUntil(lambda: form.first.text() == "x")
    assert capture.held_text == ""


def test_fast_but_short_or_slow_enter_is_typing(form: Form, capture: ScanCapture) -> None:
    keys = Keys()
    keys.scan("ab")  # two keys: too short for a code
    assert form.first.text() == "ab"
    keys.type("cdef", gap=4)
    keys.press(Qt.Key.Key_Return, "\r", after=200)  # the Enter came late: a person
    assert form.first.text() == "abcdef"
    assert form.returns == 2
    assert codes(capture) == []


def test_a_pause_in_the_middle_splits_typing_from_the_scan(
    form: Form, capture: ScanCapture
) -> None:
    keys = Keys()
    keys.type("q", gap=4)
    keys.type("C", gap=300)  # the burst comes long after the q
    keys.scan("B4551")
    assert form.first.text() == "q"
    assert codes(capture) == ["CB4551"]


def test_escape_drops_a_half_received_scan(form: Form, capture: ScanCapture) -> None:
    keys = Keys()
    keys.type("TEA-EB", gap=4)
    keys.press(Qt.Key.Key_Escape, "\x1b")
    keys.scan("PEN-BLK")
    assert codes(capture) == ["PEN-BLK"]  # not "TEA-EBPEN-BLK"
    assert form.first.text() == ""


def test_keys_with_control_or_held_down_go_through(form: Form, capture: ScanCapture) -> None:
    keys = Keys()
    keys.type("ab", gap=4)
    keys.press(Qt.Key.Key_A, "\x01", Qt.KeyboardModifier.ControlModifier)  # select all
    assert form.first.selectedText() == "ab"
    target = QApplication.focusWindow()
    repeat = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Z, NONE, "z", True)
    QApplication.sendEvent(target, repeat)
    assert form.first.text() == "z"
    assert capture.held_text == ""


def test_space_still_presses_a_focused_button(form: Form, capture: ScanCapture) -> None:
    clicks: list[bool] = []
    form.button.clicked.connect(lambda: clicks.append(True))
    form.button.setFocus()
    Keys().press(Qt.Key.Key_Space, " ", after=200)
    assert len(clicks) == 1


def test_the_scan_goes_nowhere_else_wherever_the_focus_is(form: Form, capture: ScanCapture) -> None:
    keys = Keys()
    for widget in (form.second, form.button):
        widget.setFocus()
        keys.scan("CB4551")
    assert codes(capture) == ["CB4551", "CB4551"]
    assert form.first.text() == form.second.text() == ""
    assert form.button.hasFocus()


def test_it_stands_aside_for_a_field_that_reads_scans_itself(
    form: Form, capture: ScanCapture
) -> None:
    capture.stand_aside = lambda: QApplication.focusWidget() is form.first
    Keys().scan("CB4551")
    assert form.first.text() == "CB4551"
    assert form.returns == 1
    assert codes(capture) == []


def test_an_injected_clock_decides_instead_of_the_timestamps(form: Form) -> None:
    ticks = iter(range(0, 10_000, 100))  # every key 100 ms after the last, whatever it says
    scanner = ScanCapture(form, clock=lambda _event: float(next(ticks)))
    scanner.install(QApplication.instance())  # type: ignore[arg-type]
    found: list[str] = []
    scanner.scanned.connect(found.append)
    try:
        Keys().scan("CB4551", gap=2)
    finally:
        scanner.uninstall()
    assert found == []
    assert form.first.text() == "CB4551"


def test_a_scan_never_answers_a_modal_dialog_and_waits_for_it_to_close(
    qtbot: QtBot, form: Form, capture: ScanCapture
) -> None:
    dialog = QDialog(form)
    edit = QLineEdit(dialog)
    ok = QPushButton("OK", dialog)
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    QVBoxLayout(dialog).addWidget(edit)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is dialog.windowHandle())
    edit.setFocus()
    deferred: list[str] = []
    capture.deferred.connect(deferred.append)
    keys = Keys()
    keys.scan("CB4551")
    keys.scan("TEA-EB")
    assert deferred == ["CB4551", "TEA-EB"]
    assert codes(capture) == []
    assert edit.text() == ""
    assert dialog.isVisible()  # the scanner's Enter did not press OK
    keys.type("12", gap=150)
    qtbot.waitUntil(lambda: edit.text() == "12")  # the person's typing still goes in
    dialog.reject()
    qtbot.waitUntil(lambda: codes(capture) == ["CB4551", "TEA-EB"])


def answer_modal(qtbot: QtBot, steps: Callable[[QWidget], None]) -> list[str]:
    """Run ``steps`` on the modal dialog once it is open; it is closed whatever happens.

    Returns the failures (an assertion inside an event handler cannot fail the test itself).
    """
    failures: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or QApplication.focusWindow() is not dialog.windowHandle():
            QTimer.singleShot(10, run)
            return
        try:
            steps(dialog)
        except Exception as exc:
            failures.append(repr(exc))
        finally:
            QTimer.singleShot(2000, dialog.close)  # the test's own Enter should have closed it

    QTimer.singleShot(0, run)
    return failures


# -- in the till window -------------------------------------------------------------------------
def basket(window: MainWindow) -> list[tuple[str, int]]:
    return [(line.ref_code, line.qty) for line in window.basket_model.basket.lines]


@pytest.fixture
def keys(qtbot: QtBot, window: MainWindow) -> Keys:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    return Keys()


def test_in_the_window_scans_land_in_the_basket_wherever_the_focus_is(
    qtbot: QtBot, window: MainWindow, keys: Keys
) -> None:
    keys.scan("CB4551")  # in the scan field: read by the field itself
    window.table.setFocus()
    keys.scan("TEA-EB")
    gender = window.customer_panel.info_fields["gender"]
    gender.setFocus()
    keys.scan("2*CHOC-70", end=Qt.Key.Key_Tab)
    window.customer_panel.field.setFocus()
    keys.scan("5012345678900")  # the mug's barcode
    assert basket(window) == [("CB4551", 2), ("TEA-EB", 1), ("CHOC-70", 2)]
    assert gender.text() == window.customer_panel.field.text() == ""
    assert window.scan_field.hasFocus()


def test_in_the_window_a_bad_scan_elsewhere_is_refused_out_loud(
    window: MainWindow, keys: Keys
) -> None:
    window.table.setFocus()
    keys.scan("NO-SUCH-ITEM")
    assert basket(window) == []
    assert "Unknown item NO-SUCH-ITEM" in window.message.text()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_in_the_window_a_scan_with_a_menu_open(
    qtbot: QtBot, window: MainWindow, keys: Keys
) -> None:
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is menu)
    keys.scan("CB4551")
    assert basket(window) == [("CB4551", 1)]
    menu.close()
    keys.scan("TEA-EB")
    assert basket(window) == [("CB4551", 1), ("TEA-EB", 1)]


def test_void_confirmation_defaults_to_no_and_a_scan_does_not_answer_it(
    qtbot: QtBot, window: MainWindow, keys: Keys
) -> None:
    keys.scan("CB4551")
    seen: dict[str, object] = {}

    def while_asking(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["default is No"] = box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        keys.scan("TEA-EB")  # its Enter would have pressed the default button
        seen["still open"] = box.isVisible()
        keys.press(Qt.Key.Key_Escape, "\x1b", after=500)  # Escape answers No

    failures = answer_modal(qtbot, while_asking)
    window.sale.void_basket()
    assert failures == []
    assert seen == {"default is No": True, "still open": True}
    qtbot.waitUntil(lambda: basket(window) == [("CB4551", 1), ("TEA-EB", 1)])


def test_quitting_with_a_basket_asks_and_no_keeps_the_till_open(
    qtbot: QtBot, window: MainWindow, keys: Keys
) -> None:
    keys.scan("CB4551")

    def answer_with_enter(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "1 line" in box.text()
        keys.press(Qt.Key.Key_Return, "\r", after=500)

    failures = answer_modal(qtbot, answer_with_enter)
    window.close()
    assert failures == []
    assert window.isVisible()
    assert basket(window) == [("CB4551", 1)]


def test_unknown_item_price_line_is_not_answered_by_the_next_scan(
    qtbot: QtBot, window: MainWindow, keys: Keys
) -> None:
    window.apply_settings(dataclasses.replace(window.settings, allow_unknown_items=True), None)
    window.table.setFocus()
    keys.scan("NEW-THING")
    prompt = window.sale.price_prompt
    qtbot.waitUntil(prompt.field.hasFocus)
    keys.scan("TEA-EB")  # the next item, scanned while the price is asked: it goes to the sale
    qtbot.waitUntil(lambda: basket(window) == [("TEA-EB", 1)])
    assert prompt.field.text() == ""
    keys.type("2.50", gap=150)  # a person types the price
    keys.press(Qt.Key.Key_Return, "\r", after=500)
    qtbot.waitUntil(lambda: len(basket(window)) == 2)
    lines = window.basket_model.basket.lines
    assert [(ln.ref_code, ln.unit_price) for ln in lines] == [
        ("TEA-EB", Decimal("3.20")),
        ("NEW-THING", Decimal("2.50")),
    ]


def test_in_the_window_keys_for_another_top_level_window_are_left_alone(
    qtbot: QtBot, window: MainWindow, form: Form
) -> None:
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    form.first.setFocus()
    Keys().scan("CB4551")
    assert form.first.text() == "CB4551"  # the other window's own field took it
    assert basket(window) == []


def test_kiosk_quit_with_a_basket_asks_first_then_needs_the_pin(
    qtbot: QtBot, window: MainWindow, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    pins: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (pins.pop(0), True))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    kiosk = dataclasses.replace(window.settings, kiosk=True, admin_pin_hash=hash_pin("2468"))
    window.apply_settings(kiosk, None)
    keys.scan("CB4551")
    answers = [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent: QWidget, title: str, text: str, *rest: object) -> object:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    pins.append("1111")
    window.close()  # Yes to the question, a wrong PIN: still open
    assert window.isVisible()
    pins.append("2468")
    window.close()
    assert not window.isVisible()
    assert len(asked) == 2
    assert "1 line" in asked[0]


class CountingCapture(ScanCapture):
    """Counts what reaches the filter: which objects it is asked about."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.watched: list[bool] = []  # for each call: was it about a window?

    def eventFilter(self, watched: object, event: QEvent) -> bool:  # type: ignore[override]
        self.watched.append(isinstance(watched, QWindow))
        return super().eventFilter(watched, event)  # type: ignore[arg-type]


def test_the_capture_watches_windows_not_every_widget(form: Form, qtbot: QtBot) -> None:
    # An application-wide filter would run Python for every event of every widget (and make
    # PySide build a Python type for each kind of object that gets one).
    capture = CountingCapture(form)
    capture.install(QApplication.instance())  # type: ignore[arg-type]
    try:
        form.second.setFocus()
        form.button.setText("Next again")  # events for widgets: none reach the filter
        form.first.resize(form.first.width() + 1, form.first.height())
        QApplication.processEvents()
        assert all(capture.watched)
        before = len(capture.watched)
        Keys().scan("CB4551")
        assert len(capture.watched) > before  # the window's keys do
        assert all(capture.watched)
    finally:
        capture.uninstall()


def test_a_window_opened_after_install_is_watched_once_it_has_the_focus(
    form: Form, capture: ScanCapture, qtbot: QtBot
) -> None:
    later = Form()
    qtbot.addWidget(later)
    later.show()
    qtbot.waitExposed(later)
    later.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is later.windowHandle())
    later.first.setFocus()
    Keys().scan("TEA-EB")
    assert codes(capture) == ["TEA-EB"]
    assert later.first.text() == ""
