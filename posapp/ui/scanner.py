"""The barcode scanner, heard wherever the focus is.

A USB scanner is a keyboard that types a code very fast and ends it with Enter (or Tab).
``ScanCapture`` is an event filter on every window the keyboard focus goes to (the till, its
dialogs, a menu): it looks at every key press as it reaches a window, before any widget, menu or
dialog sees it, and tells a scanner from a person
by the time between keys (the events' own timestamps, so a busy GUI thread does not squeeze a
person's keys together).

- A printable key starts a *candidate*: it is held back (not delivered) for at most ``hold_ms``.
- Each next printable key within ``max_gap_ms`` of the previous one joins the candidate.
- Enter, keypad Enter or Tab within ``max_gap_ms``, after at least ``min_length`` characters:
  the candidate is a scan. Its keys and the Enter are swallowed, and ``scanned(code)`` goes out.
- Anything else (a slow key, a timeout, another key) means a person is typing: the held keys
  are replayed, in order, to the window they were meant for, and the key goes on as usual.
- Escape drops a half-received scan, so it never joins the next code.
- While a modal dialog is open a scan never reaches it: it is held, ``deferred(code)`` says so,
  and ``scanned(code)`` goes out once no modal dialog is open any more.

The thresholds. Scanners type at 2-16 ms per key (the USB HID poll adds up to 8 ms of jitter);
people type at 100-250 ms per key on average, and even the fastest typists' quickest key pairs
(rollover) rarely come under 30-40 ms, never several in a row followed by Enter. A gap of at
most 35 ms, over at least 3 characters plus the Enter, separates the two with room on both
sides. A person's key is held at most 60 ms (then replayed), which nobody notices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from posapp.i18n import fill

if TYPE_CHECKING:
    from posapp.ui.main_window import MainWindow

MAX_GAP_MS = 35.0  # the longest pause between two keys of one scan
MIN_LENGTH = 3  # the shortest code taken as a scan
HOLD_MS = 60  # how long a key is held back before it is taken as typed by a person
MODAL_POLL_MS = 100  # how often a held scan looks whether the dialog has closed

Clock = Callable[[QKeyEvent], float]  # milliseconds

_TERMINATORS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab}
_MODIFIER_KEYS = {
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
}  # fmt: skip
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def event_time(event: QKeyEvent) -> float:
    """When the key was pressed, by the window system's clock (ms)."""
    return float(event.timestamp())


@dataclass(frozen=True)
class _HeldKey:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    timestamp: int


class ScanCapture(QObject):
    """Tells scanner bursts from typing, application-wide. ``install(app)`` to start."""

    scanned = Signal(str)  # a whole code, to go into the sale
    deferred = Signal(str)  # a code held while a modal dialog is open

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Clock = event_time,
        max_gap_ms: float = MAX_GAP_MS,
        min_length: int = MIN_LENGTH,
        hold_ms: int = HOLD_MS,
        stand_aside: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.stand_aside = stand_aside  # True: a widget that reads scans itself has the focus
        self._held: list[_HeldKey] = []
        self._target: QWindow | None = None
        self._last = 0.0
        self._replaying = False
        self._waiting: list[str] = []
        self._app: QGuiApplication | None = None
        self._windows: list[QWindow] = []  # the windows it watches
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(hold_ms)
        self._hold_timer.timeout.connect(self._held_too_long)
        self._modal_timer = QTimer(self)
        self._modal_timer.setInterval(MODAL_POLL_MS)
        self._modal_timer.timeout.connect(self._deliver_waiting)

    # -- the API --------------------------------------------------------------------------------
    def install(self, app: QCoreApplication) -> None:
        """Watch every window there is and every window the focus goes to from now on: keys
        go to the focus window. Not a filter on the application, which would run Python for
        every event of every widget (and make PySide build the Python types of every object
        that gets one: a tenth of a second of the till's start)."""
        if not isinstance(app, QGuiApplication):
            return  # no windows, no keys
        self._app = app
        for window in app.topLevelWindows():
            self._watch(window)
        app.focusWindowChanged.connect(self._watch)

    def _watch(self, window: QWindow | None) -> None:
        self._windows = [seen for seen in self._windows if shiboken6.isValid(seen)]
        if window is not None and all(seen is not window for seen in self._windows):
            window.installEventFilter(self)
            self._windows.append(window)

    def uninstall(self) -> None:
        if self._app is not None:
            self._app.focusWindowChanged.disconnect(self._watch)
            self._app = None
        for window in self._windows:
            if shiboken6.isValid(window):
                window.removeEventFilter(self)
        self._windows = []
        self.release_held()

    @property
    def held_text(self) -> str:
        """What is held back now, undecided between a scan and typing."""
        return "".join(held.text for held in self._held)

    @property
    def waiting(self) -> tuple[str, ...]:
        """Scans held until the open modal dialog closes."""
        return tuple(self._waiting)

    def release_held(self) -> None:
        """Deliver the held keys now, as typed by a person, to the window they were meant for."""
        self._hold_timer.stop()
        held, target = self._held, self._target
        self._held, self._target = [], None
        if not held:
            return
        if target is None or not shiboken6.isValid(target):
            focused: QWindow | None = QGuiApplication.focusWindow()  # the window went away
            target = focused
        if target is None:
            return
        self._replaying = True
        try:
            for key in held:
                replay = QKeyEvent(QEvent.Type.KeyPress, key.key, key.modifiers, key.text)
                replay.setTimestamp(key.timestamp)
                QApplication.sendEvent(target, replay)
        finally:
            self._replaying = False

    # -- the filter -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event of a watched window: the first test is the cheapest there is,
        # a class identity (event.type() costs three times as much).
        if event.__class__ is not QKeyEvent or self._replaying:
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWindow):
            return False  # widgets get the key after its window: it was decided there
        assert isinstance(event, QKeyEvent)
        return self._key_press(watched, event)

    def _key_press(self, window: QWindow, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False  # Shift around a capital letter: neither a key of the code nor a break
        if event.isAutoRepeat():
            self.release_held()  # a key held down is a person
            return False
        commands = bool(event.modifiers() & _COMMAND_MODIFIERS)
        now = self.clock(event)
        in_time = bool(self._held) and now - self._last <= self.max_gap_ms
        text = event.text()
        if key in _TERMINATORS and not commands:
            if in_time and len(self._held) >= self.min_length:
                code = self.held_text
                self._held, self._target = [], None
                self._hold_timer.stop()
                self._hand_over(code)
                return True
            self.release_held()
            return False
        if key == Qt.Key.Key_Escape:
            self._hold_timer.stop()
            self._held, self._target = [], None  # a half-received scan is dropped
            return False
        if commands or not text or not text.isprintable() or key == Qt.Key.Key_Space:
            self.release_held()  # no code has a space, and Space presses a focused button
            return False
        if not in_time:
            self.release_held()
            if self.stand_aside():
                return False
            self._target = window
        self._held.append(_HeldKey(key, event.modifiers(), text, event.timestamp()))
        self._last = now
        self._hold_timer.start()
        return True

    def _held_too_long(self) -> None:
        # Keys already queued behind a busy GUI thread get one more turn of the event loop
        # to join the candidate before it is taken as typing.
        count = len(self._held)
        QTimer.singleShot(0, self, lambda: self._release_if_unchanged(count))

    def _release_if_unchanged(self, count: int) -> None:
        if self._held and len(self._held) == count and not self._hold_timer.isActive():
            self.release_held()

    # -- handing over ---------------------------------------------------------------------------
    def _hand_over(self, code: str) -> None:
        if self._waiting or QApplication.activeModalWidget() is not None:
            self._waiting.append(code)
            self.deferred.emit(code)
            self._modal_timer.start()
            return
        self.scanned.emit(code)

    def _deliver_waiting(self) -> None:
        if QApplication.activeModalWidget() is not None:
            return
        self._modal_timer.stop()
        waiting, self._waiting = self._waiting, []
        for code in waiting:
            self.scanned.emit(code)


def install_scanner(app: QCoreApplication | None, window: MainWindow) -> ScanCapture:
    """Scans anywhere in ``app`` go into ``window``'s sale, as if typed into its scan field.

    The scan field reads a scanner itself when it has the focus (so ``3*`` typed there before a
    scan still makes three), and the capture stands aside then, as it does for keys typed into
    another top-level window than ``window`` and its dialogs.
    """
    field = window.scan_field

    def field_reads_it() -> bool:
        return (
            QApplication.focusWidget() is field
            and QApplication.activeModalWidget() is None
            and QApplication.activePopupWidget() is None
        )

    def another_window() -> bool:  # not this till or one of its dialogs (tests make several)
        active: QWidget | None = QApplication.activeWindow()
        while active is not None and active is not window:
            active = active.parentWidget()
        return active is None

    capture = ScanCapture(window, stand_aside=lambda: field_reads_it() or another_window())
    capture.scanned.connect(field.submit)
    capture.deferred.connect(
        lambda code: window.say(
            fill(
                QCoreApplication.translate(
                    "Scanner", "Scanned %1: it goes into the basket when this window closes."
                ),
                code,
            )
        )
    )
    if app is not None:  # there is always one where a window exists
        capture.install(app)
    return capture
