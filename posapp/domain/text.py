"""Checks for the short texts of an order: refCodes, attribute keys and values, language tags."""

from __future__ import annotations

import re

from posapp.domain.errors import ValidationError

MAX_REFCODE = 128
MAX_KEY = 64
MAX_VALUE = 256

_LANG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shorten(text: str, limit: int = 24) -> str:
    """Text cut for a message, so a pasted novel does not become the error."""
    return text if len(text) <= limit else text[:limit] + "…"


def parse_ref_code(value: object, field: str, what: str = "Item code") -> str:
    """A product or order refCode: 1 to 128 printable characters, outer spaces removed."""
    return _printable(
        value, field, what, MAX_REFCODE,
        missing=f"{what} is missing; scan or type the code.",
        advice="; scan or type the code",
        unprintable=" (a scanner glitch?); scan it again",
    )  # fmt: skip


def parse_label(value: object, field: str, what: str, limit: int = MAX_VALUE) -> str:
    """An attribute key or value: non-empty printable text, outer spaces removed."""
    return _printable(value, field, what, limit, missing=f"{what} must be text.")


def _printable(
    value: object, field: str, what: str, limit: int, *, missing: str, advice: str = "",
    unprintable: str = "",
) -> str:  # fmt: skip
    if not isinstance(value, str):
        raise ValidationError(field, missing)
    text = value.strip()
    if not text:
        raise ValidationError(field, f"{what} is empty{advice}.")
    if len(text) > limit:
        raise ValidationError(
            field, f"{what} {shorten(text)!r} is too long: at most {limit} characters."
        )
    if _CONTROL.search(text):
        raise ValidationError(
            field, f"{what} contains characters that cannot be printed{unprintable}."
        )
    return text


def parse_attributes(value: object, field: str, what: str) -> dict[str, str]:
    """Key/value text pairs, such as an item's ``{"discount": "true"}`` or the store's attributes."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError(field, f"{what} must be a list of names and values.")
    result: dict[str, str] = {}
    for key, item in value.items():
        name = parse_label(key, field, f"{what}: a name", MAX_KEY)
        result[name] = parse_label(item, f"{field}.{name}", f"{what} {name!r}")
    return result


def parse_lang(value: object, field: str = "lang") -> str:
    """A lower-case language tag such as ``en-gb``, ``fr`` or ``de-de``; ``en_GB`` is normalised."""
    if isinstance(value, str):
        tag = value.strip().lower().replace("_", "-")
        if _LANG.fullmatch(tag):
            return tag
    shown = shorten(value) if isinstance(value, str) else type(value).__name__
    raise ValidationError(
        field, f"Language {shown!r} is not a language code; use one like en-gb, fr or de-de."
    )
