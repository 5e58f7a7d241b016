"""What the scan field receives: one code, ``3*CODE`` (quantity first), or a burst of lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from posapp.domain.errors import ValidationError
from posapp.domain.money import parse_quantity
from posapp.domain.text import parse_ref_code

_QTY_PREFIX = re.compile(r"\s*(\d{1,6})\s*[*xX]\s*(.*)", re.DOTALL)


@dataclass(frozen=True)
class Scan:
    code: str
    qty: int = 1


def parse_scan_line(text: str) -> Scan:
    """``CB4551`` or ``3*CB4551`` (``3x CB4551`` too). Errors name the code's problem."""
    match = _QTY_PREFIX.fullmatch(text)
    if match:
        qty = parse_quantity(match.group(1), "qty")
        return Scan(parse_ref_code(match.group(2), "code"), qty)
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
            prefix = f"Line {number}: " if len(text.splitlines()) > 1 else ""
            raise ValidationError(exc.field, prefix + exc.message) from None
    if not scans:
        raise ValidationError("code", "Nothing was scanned; scan or type an item code.")
    return scans
