"""What the scan field receives: one code, ``3*CODE`` (quantity first), or a burst of lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from posapp.domain.errors import Message, ValidationError
from posapp.domain.money import parse_quantity
from posapp.domain.text import parse_ref_code

_STAR = re.compile(r"([^*]*)\*(.*)", re.DOTALL)  # whatever stands before the first *
_TIMES = re.compile(r"\s*(\d{1,6})\s*[xX]\s*(.*)", re.DOTALL)  # 3x CODE: digits needed


@dataclass(frozen=True)
class Scan:
    code: str
    qty: int = 1


def parse_scan_line(text: str) -> Scan:
    """``CB4551`` or ``3*CB4551`` (``3x CB4551`` too): the one set of rules for a quantity.

    Whatever stands before a ``*`` is the quantity and must be one (``*CODE``, ``-1*CODE`` and
    ``0*CODE`` are refused with the quantity's own message, never taken as an item code).
    """
    star = _STAR.fullmatch(text)
    if star:
        before = star.group(1).strip()
        if not before:
            raise ValidationError("qty", Message("Write the quantity before the *, as in 3*CODE."))
        return Scan(parse_ref_code(star.group(2), "code"), parse_quantity(before, "qty"))
    times = _TIMES.fullmatch(text)
    if times:
        return Scan(parse_ref_code(times.group(2), "code"), parse_quantity(times.group(1), "qty"))
    return Scan(parse_ref_code(text, "code"))


def parse_scan(text: str) -> list[Scan]:
    """Every non-empty line of a burst, in order; the first bad line stops it (nothing added)."""
    scans = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            scans.append(parse_scan_line(line))
        except ValidationError as exc:
            if len(text.splitlines()) > 1:
                raise ValidationError(
                    exc.field, Message("Line %1: %2", (str(number), exc.text))
                ) from None
            raise
    if not scans:
        raise ValidationError("code", Message("Nothing was scanned; scan or type an item code."))
    return scans
