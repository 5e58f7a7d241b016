"""Amounts as the cashier reads and types them, in the locale's own separators. No float."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QLocale

from posapp.domain.money import round_to_currency


def format_money(amount: Decimal, currency: str, locale: QLocale | None = None) -> str:
    """``1,234.50 GBP`` (``1.234,50 EUR`` in a German locale): grouped, the currency's decimals."""
    loc = locale or QLocale()
    exact = round_to_currency(amount, currency)
    whole, _, fraction = f"{abs(exact):f}".partition(".")
    text = loc.toString(int(whole)) + (loc.decimalPoint() + fraction if fraction else "")
    return f"{'-' if exact < 0 else ''}{text} {currency}"


def amount_from_text(text: str, locale: QLocale | None = None) -> str:
    """What the cashier typed, with the locale's decimal point made a ``.`` for the domain."""
    loc = locale or QLocale()
    cleaned = (
        text.strip().replace(loc.groupSeparator(), "")
        if loc.groupSeparator() != "."
        else text.strip()
    )
    return cleaned.replace(loc.decimalPoint(), ".")
