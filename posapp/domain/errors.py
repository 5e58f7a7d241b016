"""The one error type for input that a person has to correct, and its translatable message."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from posapp.i18n import fill


@dataclass(frozen=True)
class Message:
    """A sentence for a person, kept apart from its values so the window can translate it.

    ``id`` is the stable English source text with ``%1``..``%9`` where ``params`` go (a param
    may itself be a ``Message``: a field's name, a prefix's sentence; an ``int`` is a count,
    "1,204" in English, in the locale's digits in the window). ``n`` is the count of an id with
    a plural (``%Ln``, as Qt's ``tr(text, "", n)`` reads it: "%Ln row(s) rejected").
    ``str(message)`` is the English line the command line prints; ``posapp.ui.domain_text``
    gives it in the window's language (the domain imports no Qt).
    """

    id: str
    params: tuple[str | int | Message, ...] = ()
    n: int | None = None

    def __str__(self) -> str:
        text = self.id
        if self.n is not None:
            text = text.replace("%Ln", f"{self.n:,}").replace("%n", f"{self.n:,}")
        return fill(text, *(english(param) for param in self.params))


def english(param: str | int | Message) -> str:
    """One of a Message's values as the command line prints it."""
    return f"{param:,}" if isinstance(param, int) else str(param)


def read_back(text: str, ids: Iterable[str]) -> Message | None:
    """The Message, among those of ``ids``, whose English ``text`` is (its values as text), for
    a sentence kept only in English (a log line, an exception's text, a stored cause) that the
    window translates; None when it is none of them."""
    for made in ids:
        found = _english_pattern(made).fullmatch(text)
        if found:
            return Message(made, found.groups())
    return None


@cache
def _english_pattern(made: str) -> re.Pattern[str]:
    parts = re.split(r"%[1-9]", made)
    return re.compile("(.+?)".join(re.escape(part) for part in parts), re.DOTALL)


def words(text: str | Message) -> Message:
    """``text`` as a Message (a plain sentence is its own id, with nothing to fill in)."""
    return text if isinstance(text, Message) else Message(text)


class ValidationError(ValueError):
    """Bad input, named by field, explained in words a cashier understands.

    ``field`` is a machine-readable path (``items[2].qty``); ``message`` is the English sentence
    shown to the person, which already says what to do, and ``text`` the same as a ``Message``
    (its id and parameters) for the window to translate. ``str(error)`` is the message.
    """

    def __init__(self, field: str, message: str | Message) -> None:
        text = words(message)
        super().__init__(str(text))
        self.field = field
        self.text = text
        self.message = str(text)

    def __repr__(self) -> str:
        return f"ValidationError(field={self.field!r}, message={self.message!r})"
