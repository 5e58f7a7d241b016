"""Times for people: the till's local time, in the locale's short format."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale


def local_time(seconds: float, with_date: bool = False) -> str:
    moment = QDateTime.fromSecsSinceEpoch(int(seconds)).toLocalTime()
    fmt = QLocale.FormatType.ShortFormat
    if with_date:
        return QLocale().toString(moment, fmt)
    return QLocale().toString(moment.time(), fmt)
