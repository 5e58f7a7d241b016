"""The one way a till widget follows a change of the window's language.

Installing or removing a ``QTranslator`` sends every widget a ``LanguageChange`` event; a widget
that mixes this in (before its Qt class: ``class Banner(Retranslating, QLabel)``) says its words
again in ``retranslate()``, which it also calls once when it is built.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslating:
    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]  # the Qt widget class after this one
