"""Reading JSON text from outside, checked once at the edge before any field is looked at.

Refused, each in one line naming where: text that is not UTF-8 or not JSON, lone surrogates
(``"\\ud800"``) in any string or key, a key given twice in one object (Python's ``json`` would
silently keep the last), numbers with absurd digits or exponents (refused before any
arithmetic, so ``1E-999999999999999999`` never becomes a billion zeros), NaN and Infinity,
and nesting deeper than any order needs. Numbers come back as ``int`` or ``Decimal``, never
float.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from posapp.domain.errors import ValidationError
from posapp.domain.money import MAX_DIGITS, is_sensible_number
from posapp.domain.text import shown

MAX_DEPTH = 16  # an order is 5 deep at most
_MAX_NUMBER_TEXT = MAX_DIGITS + 12  # digits, sign, point and a modest exponent


class _Object(dict[str, Any]):
    """A JSON object that remembers the first key it was given twice."""

    duplicate: str | None = None


@dataclass(frozen=True)
class _AbsurdNumber:
    """A number whose text is too long or whose exponent is too large to compute with."""

    text: str


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    for key, value in pairs:
        if key in obj and obj.duplicate is None:
            obj.duplicate = key
        obj[key] = value
    return obj


def _float(text: str) -> Decimal | _AbsurdNumber:
    if len(text) > _MAX_NUMBER_TEXT:
        return _AbsurdNumber(text)
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - json hands over only valid number text
        return _AbsurdNumber(text)
    return number if is_sensible_number(number) else _AbsurdNumber(text)


def _int(text: str) -> int | _AbsurdNumber:
    return int(text) if len(text) <= MAX_DIGITS else _AbsurdNumber(text)


def _constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def load_json_object(data: bytes | str, what: str = "The order") -> dict[str, Any] | None:
    """The JSON object in ``data``, checked (see the module); None when it is another value."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        body = json.loads(
            text,
            parse_float=_float,
            parse_int=_int,
            parse_constant=_constant,
            object_pairs_hook=_pairs,
        )
    except RecursionError:
        raise ValidationError("payload", f"{what} is nested too deeply to be an order.") from None
    except UnicodeDecodeError:
        raise ValidationError("payload", f"{what} is not UTF-8 text.") from None
    except ValueError as exc:
        raise ValidationError(
            "payload", f"{what} is not valid JSON ({shown(str(exc), 80)})."
        ) from None
    check_tree(body, what)
    return body if isinstance(body, dict) else None


def check_tree(body: object, what: str = "The order") -> None:
    """Walk every value once (no recursion: a hostile depth cannot overflow the stack)."""
    stack: list[tuple[object, str, int]] = [(body, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        where = path or "payload"
        if depth > MAX_DEPTH:
            raise ValidationError(where, f"{what} is nested too deeply to be an order.")
        if isinstance(value, _AbsurdNumber):
            raise ValidationError(
                where,
                f"{shown(where, 60)} is not a number a till can use ({shown(value.text, 16)!r}: too many "
                "digits or a huge exponent).",
            )
        if isinstance(value, str):
            _valid_unicode(value, where)
        elif isinstance(value, dict):
            duplicate = getattr(value, "duplicate", None)
            if duplicate is not None:
                _valid_unicode(duplicate, where)
                name = shown(duplicate, 40)
                inside = f" in {shown(path, 60)}" if path else ""
                raise ValidationError(
                    f"{path}.{name}" if path else name,
                    f'{what} has two "{name}" fields{inside}: remove one.',
                )
            for key, item in reversed(value.items()):
                _valid_unicode(key, f"{where} (a field name)")
                name = shown(key, 40)
                stack.append((item, f"{path}.{name}" if path else name, depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (item, f"{path}[{index}]", depth + 1)
                for index, item in reversed(list(enumerate(value)))
            )


def _valid_unicode(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        point = f"U+{ord(text[exc.start]):04X}"
        raise ValidationError(
            where, f"{shown(where, 60)} is not valid Unicode text (a lone surrogate {point})."
        ) from None
