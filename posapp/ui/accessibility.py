"""Telling assistive technology (a screen reader) that something it shows has changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str) -> None:
    """``text`` becomes ``widget``'s accessible description, and a screen reader hears it:
    a DescriptionChanged event, then an Alert (read out even where the focus is elsewhere).

    QAccessible is loaded here, at the first announcement, not before the till's first paint:
    PySide6 makes its 190 enumeration values into Python enums when it is first touched."""
    widget.setAccessibleDescription(text)
    if not widget.isVisible():
        return  # nothing on screen to read out yet (the window being built): no events
    from PySide6.QtGui import QAccessible, QAccessibleEvent

    for kind in (QAccessible.Event.DescriptionChanged, QAccessible.Event.Alert):
        QAccessible.updateAccessibility(QAccessibleEvent(widget, kind))
