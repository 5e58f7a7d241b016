"""Telling assistive technology (a screen reader) that something it shows has changed."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str) -> None:
    """``text`` becomes ``widget``'s accessible description, and a screen reader hears it:
    a DescriptionChanged event, then an Alert (read out even where the focus is elsewhere)."""
    widget.setAccessibleDescription(text)
    for kind in (QAccessible.Event.DescriptionChanged, QAccessible.Event.Alert):
        QAccessible.updateAccessibility(QAccessibleEvent(widget, kind))
