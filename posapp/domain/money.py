"""Money on ``decimal.Decimal``: parsing, checking and rounding amounts per ISO 4217 currency.

No float is ever produced here; amounts become JSON numbers only in ``payload.py``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from posapp.domain.currencies import MINOR_UNITS
from posapp.domain.errors import Message, ValidationError
from posapp.domain.text import shorten

# Far above any till's sale, far below where Decimal's 28-digit context would start rounding.
MAX_AMOUNT = Decimal("1000000000")
MAX_QTY = 9999
# Bounds on the text of any number, checked before any arithmetic: a price written as
# 1E-999999999999999999 must be refused, not expanded into a billion zeros.
MAX_DIGITS = 30
MAX_EXPONENT = 30

_AMOUNT_TEXT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_QTY_TEXT = re.compile(r"-?[0-9]+")


def parse_currency(value: object, field: str = "currency") -> str:
    """An ISO 4217 code such as ``GBP``; lower case is accepted and upper-cased."""
    if isinstance(value, str):
        code = value.strip().upper()
        if code in MINOR_UNITS:
            return code
    shown = value if isinstance(value, str) else type(value).__name__
    raise ValidationError(
        field,
        Message(
            "Currency %1 is not a currency code this till knows: use a three-letter "
            "ISO 4217 code such as GBP, EUR or USD.",
            (repr(shown),),
        ),
    )


def minor_units(currency: str) -> int:
    """How many decimals the currency has: JPY 0, GBP 2, BHD 3."""
    return MINOR_UNITS[currency]


_QUANTUM = {code: Decimal(1).scaleb(-units) for code, units in MINOR_UNITS.items()}


_ZERO = {code: Decimal(0).quantize(step) for code, step in _QUANTUM.items()}


def zero_amount(currency: str) -> Decimal:
    """Nothing, at the currency's precision (``0.00``): what ``parse_amount(0, ...)`` gives."""
    return _ZERO[currency]


def quantum(currency: str) -> Decimal:
    """The smallest amount of the currency: ``0.01`` for GBP, ``1`` for JPY."""
    return _QUANTUM[currency]


def round_to_currency(amount: Decimal, currency: str) -> Decimal:
    """``amount`` with exactly the currency's number of decimals (half-even, as banks do)."""
    return amount.quantize(quantum(currency))


def format_amount(amount: Decimal, currency: str) -> str:
    """Plain text at the currency's precision, no grouping: ``1234.50``; for JSON and logs."""
    return f"{round_to_currency(amount, currency):f}"


def parse_amount(value: object, currency: str, field: str, what: str = "Price") -> Decimal:
    """A money amount of ``currency``: zero or more, at most the currency's decimals.

    Accepts ``Decimal``, ``int`` and text such as ``"12.5"``. Returns the amount rounded to the
    currency's exact number of decimals (``12.50``). Anything else is a ``ValidationError`` that
    says what is wrong with ``what`` (``Price``, ``Shipping``...).
    """
    amount = _to_decimal(value, field, what)
    if amount.is_nan() or amount.is_infinite():
        raise ValidationError(field, _not_money(what))
    if amount < 0:
        raise ValidationError(field, Message("%1 cannot be negative.", (Message(what),)))
    if amount >= MAX_AMOUNT:
        raise ValidationError(field, _too_large(what))
    rounded = round_to_currency(amount, currency)
    if rounded != amount:
        decimals = minor_units(currency)
        shown = shorten(f"{amount:f}")
        allowed = (
            Message("%1 %2 has too many decimals: %3 allows no decimals.")
            if decimals == 0
            else Message("%1 %2 has too many decimals: %3 allows at most %4 decimals.")
        )
        params = (Message(what), shown, currency, str(decimals))
        raise ValidationError(field, Message(allowed.id, params))
    return rounded


def is_sensible_number(number: Decimal) -> bool:
    """At most 30 digits and an exponent within +-30: every real amount or quantity is."""
    if not number.is_finite():
        return True  # NaN and infinity are refused by name where they matter
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    return len(number.as_tuple().digits) <= MAX_DIGITS and abs(exponent) <= MAX_EXPONENT


def _refuse_absurd(number: Decimal, field: str, what: str, too_large: Message) -> Decimal:
    if not is_sensible_number(number):
        if number.adjusted() > 0:
            raise ValidationError(field, too_large)
        raise ValidationError(
            field,
            Message(
                "%1 is not a number a till can use (too many digits or a huge exponent).",
                (Message(what),),
            ),
        )
    return number


def _too_large(what: str) -> Message:
    return Message("%1 is too large for a till; check the amount.", (Message(what),))


def _not_money(what: str) -> Message:
    return Message("%1 must be an amount of money, like 12.50.", (Message(what),))


def _to_decimal(value: object, field: str, what: str) -> Decimal:
    if isinstance(value, Decimal):
        return _refuse_absurd(value, field, what, _too_large(what))
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10**MAX_DIGITS:
            raise ValidationError(field, _too_large(what))
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        if len(text) <= MAX_DIGITS + 2 and _AMOUNT_TEXT.fullmatch(text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid text
                pass
        raise ValidationError(
            field,
            Message(
                "%1 %2 is not an amount of money; type it like 12.50.",
                (Message(what), repr(shorten(text))),
            ),
        )
    raise ValidationError(field, _not_money(what))


def parse_quantity(value: object, field: str = "qty") -> int:
    """A whole number of items from 1 to 9,999."""
    too_many = Message("Quantity is more than %1; check the number.", (f"{MAX_QTY:,}",))
    number: Decimal | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(min(max(value, -1), MAX_QTY + 1))  # the size alone decides
    elif isinstance(value, Decimal) and value.is_finite():
        number = _refuse_absurd(value, field, "Quantity", too_many)
    elif isinstance(value, str) and _QTY_TEXT.fullmatch(text := value.strip()):
        # the size alone decides: 5,000 nines are "more than 9,999" without being computed
        number = (
            Decimal(text)
            if len(text) <= MAX_DIGITS
            else Decimal(-1 if text[0] == "-" else MAX_QTY + 1)
        )
    if number is None or number != number.to_integral_value():
        raise ValidationError(
            field, Message("Quantity must be a whole number of items, like 1 or 3.")
        )
    if number > MAX_QTY:
        raise ValidationError(field, too_many)
    qty = int(number)
    if qty < 1:
        raise ValidationError(
            field, Message("Quantity must be at least 1; remove the line instead.")
        )
    return qty
