"""A label that never runs off its edge: too long a text ends in "…", and the whole text is in
its tooltip (and its accessible description)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.setAccessibleDescription(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), self.fontMetrics().horizontalAdvance("x" * 12)), hint.height()
        )

    def sizeHint(self) -> QSize:
        return super().sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        margins = self.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)
        if text == self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            text,
            self.foregroundRole(),
        )
        painter.end()

    @property
    def elided(self) -> bool:
        margins = self.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        return self.fontMetrics().horizontalAdvance(self.text()) > width
