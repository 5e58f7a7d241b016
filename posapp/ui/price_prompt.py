"""An item the catalog does not know, when the store sells such items: its price is typed in a
line inside the sale, never in a modal dialog, so the next scan is never taken for a price.

Unknown items wait here in the order they were scanned; Enter takes the typed price, Escape
leaves the item out (and says so). The sale cannot be finished while one waits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from posapp.domain.scan import Scan
from posapp.i18n import fill
from posapp.ui.retranslating import Retranslating
from posapp.ui.till_messages import Tone, style


class _PriceField(QLineEdit):
    skipped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.skipped.emit()
            return
        super().keyPressEvent(event)


class PricePrompt(Retranslating, QWidget):
    """``priced(scan, text)`` when a price was typed; ``skipped(scan)`` when left out."""

    priced = Signal(object, str)
    skipped = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.waiting: list[Scan] = []
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet(style(Tone.WAIT) + " padding: 4px;")
        self.field = _PriceField()
        self.field.setMaximumWidth(self.field.fontMetrics().height() * 10)
        self.skip = QPushButton()
        self.retranslate()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.field)
        layout.addWidget(self.skip)
        self.field.returnPressed.connect(self._take)
        self.field.skipped.connect(self._skip)
        self.skip.clicked.connect(self._skip)
        self.hide()

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("price for one"))
        self.field.setAccessibleName(self.tr("Price of the unknown item"))
        self.skip.setText(self.tr("Leave it out (Esc)"))
        self._accessible_texts()
        if self.current is not None:
            self._show_first()

    def _accessible_texts(self) -> None:
        """What a screen reader says about the prompt's controls."""
        self.label.setAccessibleName(self.tr("Unknown item"))
        self.field.setAccessibleDescription(
            self.tr("Type the price of one of the unknown item, then Enter; Esc leaves it out")
        )
        self.skip.setAccessibleName(self.tr("Leave the unknown item out"))
        self.skip.setAccessibleDescription(
            self.tr("The unknown item is not added to the basket (Esc)")
        )

    def ask(self, scan: Scan) -> None:
        """Queue ``scan``; the first waiting item is the one asked about."""
        self.waiting.append(scan)
        self._show_first()

    @property
    def current(self) -> Scan | None:
        return self.waiting[0] if self.waiting else None

    def _show_first(self) -> None:
        scan = self.current
        if scan is None:
            self.field.clear()
            self.hide()
            return
        more = len(self.waiting) - 1
        text = fill(
            self.tr("%1 is not in the catalog: type its price for one, then Enter."),
            f"{scan.qty} × {scan.code}" if scan.qty != 1 else scan.code,
        )
        if more:
            text += " " + self.tr("%n more unknown item(s) wait after it.", "", more)
        self.label.setText(text)
        self.show()
        self.field.setFocus()

    def _take(self) -> None:
        scan = self.current
        if scan is None or not self.field.text().strip():
            return
        self.priced.emit(scan, self.field.text())

    def accepted(self) -> None:
        """The price was good: the line is in the basket; on to the next waiting item."""
        self.waiting.pop(0)
        self.field.clear()
        self._show_first()

    def _skip(self) -> None:
        scan = self.current
        if scan is None:
            return
        self.waiting.pop(0)
        self.field.clear()
        self.skipped.emit(scan)
        self._show_first()

    def clear(self) -> None:
        self.waiting.clear()
        self._show_first()
