"""Times for people: the till's local time, in the locale's short format.

The "C" locale (a kiosk with no language set) has no format a person reads comfortably
("28 11 2026"); there the date is written the ISO way.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale


def local_time(seconds: float, with_date: bool = False, locale: QLocale | None = None) -> str:
    loc = locale or QLocale()
    moment = QDateTime.fromSecsSinceEpoch(int(seconds)).toLocalTime()
    if loc.language() == QLocale.Language.C:
        return moment.toString("yyyy-MM-dd HH:mm" if with_date else "HH:mm")
    fmt = QLocale.FormatType.ShortFormat
    if with_date:
        return loc.toString(moment, fmt)
    return loc.toString(moment.time(), fmt)
