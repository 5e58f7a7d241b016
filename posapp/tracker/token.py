"""The site token: a secret that never reaches a log line, an exception message or a repr."""

from __future__ import annotations

import hmac
import json
import re

from posapp.domain.errors import ValidationError

# Windows Credential Manager keeps at most 2,560 bytes per secret, stored as UTF-16.
MAX_TOKEN_CHARS = 1280
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


class SiteToken:
    """Holds the token. ``str``/``repr`` show ``***``; only ``reveal()`` gives the value."""

    __slots__ = ("_forms", "_value")

    def __init__(self, value: str) -> None:
        value = value.strip()
        if not value:
            raise ValidationError("site_token", "The site token is empty.")
        if len(value) > MAX_TOKEN_CHARS:
            raise ValidationError(
                "site_token",
                f"The site token is longer than {MAX_TOKEN_CHARS} characters; check what was pasted.",
            )
        if not _HEADER_SAFE.fullmatch(value):
            raise ValidationError(
                "site_token",
                "The site token contains spaces or characters that cannot be sent; "
                "check what was pasted.",
            )
        self._value = value
        escaped = json.dumps(value)[1:-1]  # as a server would echo it inside a JSON string
        forms = {value, escaped, escaped.replace("/", "\\/")}
        self._forms = sorted(forms, key=len, reverse=True)

    def reveal(self) -> str:
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the token (as is, or JSON-escaped) replaced by ``***``."""
        for form in self._forms:
            text = text.replace(form, "***")
        return text

    def __repr__(self) -> str:
        return "SiteToken('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SiteToken):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(("SiteToken", len(self._value)))

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a site token is not pickled")
