"""Checks for the short texts of an order: refCodes, attribute keys and values, language tags.

Every text that enters the till passes here once, at the edge (JSON, CSV, scans, typed
fields, settings): it must be valid Unicode (no lone surrogates), it is normalised to NFC, and
it may not hold control characters, format characters (bidi overrides, zero-width spaces...),
private-use characters or line separators. Codes and IDs are stricter still: no character
that Unicode leaves unassigned, and no space other than the plain one, so that two codes that
look the same on a receipt are the same code at the vendor.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NoReturn

from posapp.domain.errors import Message, ValidationError

MAX_REFCODE = 128
MAX_KEY = 64
MAX_VALUE = 256

_LANG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Refused in every text: control, format, surrogate, private use, line/paragraph separators.
_HIDDEN_IN_TEXT = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
# Refused in codes and IDs besides: unassigned code points and spaces other than U+0020.
_HIDDEN_IN_CODES = _HIDDEN_IN_TEXT | {"Cn", "Zs"}


def shorten(text: str, limit: int = 24) -> str:
    """Text cut for a message, so a pasted novel does not become the error."""
    return text if len(text) <= limit else text[:limit] + "…"


def shown(text: str, limit: int = 24) -> str:
    """Outside text made safe to print in a message: cut, and every character that could hide
    or act on a terminal (controls, surrogates, bidi overrides...) written as ``\\uXXXX``."""
    cut = shorten(text, limit)
    if cut.isprintable():
        return cut
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in cut)


def refuse_hidden_characters(
    text: str, field: str, what: str, *, code: bool = False, advice: str = ""
) -> None:
    """Raise when ``text`` holds a character that is not plainly visible text (see the module)."""
    if text.isascii():
        if _ASCII_CONTROL.search(text):
            raise ValidationError(
                field,
                Message(
                    "%1 contains characters that cannot be printed%2.",
                    (Message(what), Message(advice)),
                ),
            )
        return
    refused = _HIDDEN_IN_CODES if code else _HIDDEN_IN_TEXT
    for char in text:
        if char == " " or unicodedata.category(char) not in refused:
            continue
        kind = unicodedata.category(char)
        point = f"U+{ord(char):04X}"
        if kind == "Cs":
            raise ValidationError(
                field,
                Message(
                    "%1 is not valid Unicode text (a lone surrogate %2)%3.",
                    (Message(what), point, Message(advice)),
                ),
            )
        if kind in {"Cf", "Zs"}:
            name = unicodedata.name(char, "").lower() or "an invisible character"
            raise ValidationError(
                field,
                Message(
                    "%1 contains an invisible or direction-changing character (%2, %3)%4.",
                    (Message(what), point, name, Message(advice)),
                ),
            )
        raise ValidationError(
            field,
            Message(
                "%1 contains characters that cannot be printed (%2)%3.",
                (Message(what), point, Message(advice)),
            ),
        )


def clean_text(value: str, field: str, what: str, *, code: bool = False, advice: str = "") -> str:
    """``value`` stripped, in NFC, refused when it hides anything (see the module)."""
    text = value.strip()
    refuse_hidden_characters(text, field, what, code=code, advice=advice)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def parse_ref_code(value: object, field: str, what: str = "Item code") -> str:
    """A product or order refCode: 1 to 128 printable characters, outer spaces removed."""
    return _printable(
        value, field, what, MAX_REFCODE,
        missing=Message("%1 is missing; scan or type the code.", (Message(what),)),
        advice="; scan or type the code",
        unprintable=" (a scanner glitch?); scan it again",
        code=True,
    )  # fmt: skip


def parse_label(value: object, field: str, what: str, limit: int = MAX_VALUE) -> str:
    """An attribute key or value: non-empty printable text, outer spaces removed, in NFC."""
    return _printable(
        value, field, what, limit, missing=Message("%1 must be text.", (Message(what),))
    )


def parse_name(value: object, field: str, what: str = "Name", limit: int = MAX_VALUE) -> str:
    """Free text that may be left empty (a customer's name): checked like ``parse_label``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return parse_label(value, field, what, limit)


def _printable(
    value: object, field: str, what: str, limit: int, *, missing: Message, advice: str = "",
    unprintable: str = "", code: bool = False,
) -> str:  # fmt: skip
    if not isinstance(value, str):
        raise ValidationError(field, missing)
    if not value.strip():
        raise ValidationError(field, Message("%1 is empty%2.", (Message(what), Message(advice))))
    if len(value) > limit * 4:  # before any per-character work on a pasted novel
        raise ValidationError(field, _too_long(what, value, limit))
    text = clean_text(value, field, what, code=code, advice=unprintable)
    if len(text) > limit:
        raise ValidationError(field, _too_long(what, text, limit))
    return text


def _too_long(what: str, text: str, limit: int) -> Message:
    return Message(
        "%1 %2 is too long: at most %3 characters.", (Message(what), repr(shown(text)), str(limit))
    )


class CheckedAttributes(dict[str, str]):
    """Names and values that ``parse_attributes`` (or the settings' ``[store]`` table, which
    checks them the same way) has already checked: read-only, so they stay checked, and taken
    as they are when given again (the store details of every sale are checked once, when the
    settings load, not once per sale)."""

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("checked attributes are read-only; make a new dict from them")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only
    __ior__ = _read_only

    def __reduce__(self) -> tuple[type[CheckedAttributes], tuple[dict[str, str]]]:
        return CheckedAttributes, (dict(self),)  # copy and pickle without __setitem__


def parse_attributes(value: object, field: str, what: str) -> CheckedAttributes:
    """Key/value text pairs, such as an item's ``{"discount": "true"}`` or the store's attributes."""
    if type(value) is CheckedAttributes:
        return value
    if value is None:
        return CheckedAttributes()
    if not isinstance(value, dict):
        raise ValidationError(field, f"{what} must be a list of names and values.")
    result: dict[str, str] = {}
    for key, item in value.items():
        name = parse_label(key, field, f"{what}: a name", MAX_KEY)
        result[name] = parse_label(item, f"{field}.{name}", f"{what} {name!r}")
    return CheckedAttributes(result)


def parse_lang(value: object, field: str = "lang") -> str:
    """A lower-case language tag such as ``en-gb``, ``fr`` or ``de-de``; ``en_GB`` is normalised."""
    if isinstance(value, str):
        tag = value.strip().lower().replace("_", "-")
        if _LANG.fullmatch(tag):
            return tag
    text = shown(value) if isinstance(value, str) else type(value).__name__
    raise ValidationError(
        field, f"Language {text!r} is not a language code; use one like en-gb, fr or de-de."
    )
