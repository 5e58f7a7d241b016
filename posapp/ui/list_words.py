"""The lists' own words (``posapp.lists`` speaks English: "catalog", "products"...) in the
window's language, for the import and restore messages."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from posapp.i18n import QT_TRANSLATE_NOOP

_NOUNS = {
    "catalog": QT_TRANSLATE_NOOP("ListWords", "catalog"),
    "customer directory": QT_TRANSLATE_NOOP("ListWords", "customer directory"),
    "products": QT_TRANSLATE_NOOP("ListWords", "products"),
    "customers": QT_TRANSLATE_NOOP("ListWords", "customers"),
}


def noun(english: str) -> str:
    """``catalog``, ``products``... in the window's language (an unknown word as it is)."""
    source = _NOUNS.get(english)
    return QCoreApplication.translate("ListWords", source) if source else english
