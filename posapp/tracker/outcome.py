"""What became of one POST to the endpoint: the classes of the spec's "Responses" table.

Kept apart from the HTTP client so that code which only reads outcomes does not load httpx.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from posapp.domain.errors import Message, words

# the words of ``Outcome.describe_text`` besides the kinds' values
JOINED = "%1 - %2"
RETRY_AFTER = "retry after %1 s"


class OutcomeKind(Enum):
    DELIVERED = "delivered"
    DELIVERED_WITH_WARNINGS = "delivered with warnings"
    REJECTED = "rejected"
    CREDENTIALS_REJECTED = "credentials rejected"
    TRANSIENT = "transient"
    UNKNOWN = "unknown outcome"


@dataclass(frozen=True)
class ServerMessage:
    """One entry of the server's ``errors`` or ``warnings`` list."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.message else self.code


@dataclass(frozen=True)
class Outcome:
    """What became of one POST.

    ``TRANSIENT``: the order surely did not arrive; try again later (``retry_after`` seconds
    when the server said). ``UNKNOWN``: it may have arrived (the request went out, no answer
    came back); it is sent again, and may then be a duplicate.
    """

    kind: OutcomeKind
    http_status: int | None = None
    messages: tuple[ServerMessage, ...] = ()
    retry_after: float | None = None
    detail: str = ""
    out_of_time: bool = False  # the attempt ran into the client's time limit
    cause: str = ""  # a proxy or certificate problem, in a person's words (also the detail)

    @property
    def delivered(self) -> bool:
        return self.kind in {OutcomeKind.DELIVERED, OutcomeKind.DELIVERED_WITH_WARNINGS}

    def describe(self) -> str:
        """One line for a log or the queue view (TrackerClient redacts every Outcome it makes)."""
        return str(self.describe_text())

    def describe_text(self) -> Message:
        """``describe()`` as a Message, for the window to translate: its own words (the kind,
        "retry after") are; what the server or the network said stays as it came."""
        parts: list[str | Message] = [Message(self.kind.value)]
        if self.http_status is not None:
            parts.append(f"HTTP {self.http_status}")
        if self.messages:
            parts.append("; ".join(str(message) for message in self.messages))
        if self.detail:
            parts.append(self.detail)
        if self.retry_after is not None:
            parts.append(Message(RETRY_AFTER, (f"{self.retry_after:g}",)))
        text = parts[0]
        for part in parts[1:]:
            text = Message(JOINED, (text, part))
        return words(text)
