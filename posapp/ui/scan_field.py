"""The scan field: a scanner is a keyboard, so a burst of characters then Enter adds a line.

Typed input also takes ``3*CODE``. A burst of several codes separated by line breaks (a paste,
or a scanner set to send a batch) adds each. A bad scan beeps and flashes red. Escape clears
half-typed text, so it never joins the next code. Scans heard elsewhere in the application
(``posapp.ui.scanner``) come in through ``submit``, as if typed here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from posapp.domain.errors import ValidationError
from posapp.domain.scan import Scan, parse_scan
from posapp.ui.domain_text import error_text
from posapp.ui.retranslating import Retranslating
from posapp.ui.theme import flash_style, focus_colours


class ScanField(Retranslating, QLineEdit):
    scanned = Signal(list)  # list[Scan]
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retranslate()
        self.returnPressed.connect(self._submit)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(600)
        self._flash_timer.timeout.connect(lambda: self.setStyleSheet(""))

    def retranslate(self) -> None:
        self.setPlaceholderText(
            self.tr("Scan an item, or type a code (3*CODE for three) and Enter")
        )
        self.setAccessibleName(self.tr("Item code"))
        self.setAccessibleDescription(
            self.tr("Scan an item, or type its code and press Enter; 3*CODE adds three")
        )

    def focusInEvent(self, event: QFocusEvent) -> None:
        palette = self.palette()  # with the focus the field turns blue: typing goes here
        background, text, placeholder = focus_colours()
        palette.setColor(QPalette.ColorRole.Base, background)
        palette.setColor(QPalette.ColorRole.Text, text)
        palette.setColor(QPalette.ColorRole.PlaceholderText, placeholder)
        self.setPalette(palette)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.setPalette(QPalette())  # back to the application's
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()  # and the window, which gets the Escape too, keeps the focus here
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QApplication.clipboard().text()
            if "\n" in text or "\r" in text:  # several codes at once: each becomes a line
                burst = self.text() + text
                self.clear()
                self.submit(burst)
                return
        super().keyPressEvent(event)

    def _submit(self) -> None:
        text = self.text()
        self.clear()
        if text.strip():
            self.submit(text)

    def submit(self, text: str) -> None:
        """A scan (or burst of lines): ``scanned`` with its items, or a red flash and a reason."""
        try:
            scans: list[Scan] = parse_scan(text)
        except ValidationError as exc:
            self.flash(error_text(exc))
            return
        self.scanned.emit(scans)

    def flash(self, message: str) -> None:
        """A beep and a red flash: the cashier hears and sees that the scan did not go in."""
        QApplication.beep()
        self.setStyleSheet(flash_style())
        self._flash_timer.start()
        self.refused.emit(message)
