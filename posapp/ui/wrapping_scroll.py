"""A scroll area for a form with word-wrapped lines (notes, errors) under its fields.

QScrollArea sizes its widget from the widget's size hint, which ignores height-for-width: a
message that wraps onto more lines than the hint guessed is cut at the top and bottom. This one
gives its widget the height its layout needs at the width it really has, on every resize and
every relayout (a message shown or changed).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QWidget


class WrappingScrollArea(QScrollArea):
    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        widget = self.widget()
        if widget is None:
            return
        layout = widget.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.heightForWidth(self.viewport().width())
        if widget.minimumHeight() != needed:
            widget.setMinimumHeight(needed)
