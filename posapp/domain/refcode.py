"""Order refCodes: ``<tillId>-<YYYYMMDD>-<sequence>``, unique across tills, days and restarts.

The sequence is kept durably by the outbox (one counter per till and day, drawn in the same
transaction that stores the order); this module only checks till IDs and writes the code. An
outbox file made during the day starts that day at the seconds since midnight (outbox.py).
"""

from __future__ import annotations

import re
from datetime import date

from posapp.domain.errors import Message, ValidationError

MAX_TILL_ID = 24
_TILL_ID = re.compile(r"[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?")


def parse_till_id(value: object, field: str = "till_id") -> str:
    """A till's ID as printed on receipts: letters, digits and inner dashes, upper-cased."""
    if isinstance(value, str) and value.isascii():  # "ﬁ".upper() is "FI": no surprises
        till = value.strip().upper()
        if len(till) <= MAX_TILL_ID and _TILL_ID.fullmatch(till):
            return till
    raise ValidationError(
        field,
        Message(
            "Till ID must be 1 to %1 letters or digits, dashes allowed inside "
            "(for example REGENT-01), and different on every till.",
            (str(MAX_TILL_ID),),
        ),
    )


def format_order_ref(till_id: str, day: date, sequence: int) -> str:
    """``REGENT-01-20261127-0042``: readable on a receipt, sortable within a till and day."""
    return order_ref(till_id, day_code(day), sequence)


def day_code(day: date) -> str:
    """The day as a refCode writes it, ``20261127`` (worked out once a day by the outbox)."""
    return f"{day:%Y%m%d}"


def order_ref(till_id: str, day_code: str, sequence: int) -> str:
    """``format_order_ref`` with the day already written by ``day_code``."""
    if sequence < 1:
        raise ValueError("order sequence numbers start at 1")
    return f"{till_id}-{day_code}-{sequence:04d}"
