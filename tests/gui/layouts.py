"""Waiting for Qt's layouts in the window tests."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot


def settle(qtbot: QtBot) -> None:
    """Let layouts, LanguageChange and the like run to the end: they run on posted events,
    which may post more. Sent here, ten rounds over (a layout posts one or two more), rather
    than waited for (a fixed 50 ms wait was outrun once by a busy machine); then a short wait
    for what timers start."""
    for _ in range(10):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    qtbot.wait(50)
