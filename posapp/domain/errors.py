"""The one error type for input that a person has to correct, and its translatable message."""

from __future__ import annotations

from dataclasses import dataclass

from posapp.i18n import fill


@dataclass(frozen=True)
class Message:
    """A sentence for a person, kept apart from its values so the window can translate it.

    ``id`` is the stable English source text with ``%1``..``%9`` where ``params`` go (a param
    may itself be a ``Message``: a field's name, a prefix's sentence). ``str(message)`` is the
    English line the command line prints; ``posapp.ui.domain_text`` gives it in the window's
    language (the domain imports no Qt).
    """

    id: str
    params: tuple[str | Message, ...] = ()

    def __str__(self) -> str:
        return fill(self.id, *(str(param) for param in self.params))


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
