"""The one error type for input that a person has to correct."""

from __future__ import annotations


class ValidationError(ValueError):
    """Bad input, named by field, explained in words a cashier understands.

    ``field`` is a machine-readable path (``items[2].qty``); ``message`` is the sentence shown to
    the person, which already says what to do. ``str(error)`` is the message.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __repr__(self) -> str:
        return f"ValidationError(field={self.field!r}, message={self.message!r})"
