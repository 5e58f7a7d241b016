"""What the outbox holds and reports: an order's state, its row, the counts. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# No backoff waits longer than this (RetryPolicy's cap is at most it): a next try set further
# ahead than this from now was set before the clock was put back, and is due.
LONGEST_WAIT = 900.0


class State(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    PARKED = "parked"


@dataclass(frozen=True)
class Entry:
    """One order in the outbox. ``payload`` is the exact body that is sent."""

    id: int
    ref_code: str
    payload: bytes
    state: State
    attempts: int
    next_attempt_at: float
    last_error: str | None
    created_at: float
    sent_at: float | None
    possibly_duplicated: bool
    currency: str
    total: str


LOST_ADVICE = "orders from before may be missing; tell IT"


@dataclass(frozen=True)
class OutboxStatus:
    counts: dict[State, int]
    oldest_pending_at: float | None
    next_due_at: float | None
    possibly_duplicated: int
    paused: str | None
    last_error: str | None
    last_sent_at: float | None
    lost_on: str | None = None  # the day this outbox was found to replace a lost one

    @property
    def lost(self) -> str:
        """What to tell about a lost outbox ("" when none was)."""
        if self.lost_on is None:
            return ""
        return f"the outbox was lost or emptied on {self.lost_on}: {LOST_ADVICE}"

    def to_json(self, now: float) -> dict[str, Any]:
        return {
            "counts": {state.value: self.counts.get(state, 0) for state in State},
            "oldest_pending_age_seconds": (
                None if self.oldest_pending_at is None else round(now - self.oldest_pending_at, 1)
            ),
            "possibly_duplicated": self.possibly_duplicated,
            "paused": self.paused,
            "last_error": self.last_error,
            "last_sent_at": self.last_sent_at,
            "outbox_lost_on": self.lost_on,
        }


_COLUMNS = (
    "id, ref_code, payload, state, attempts, next_attempt_at, last_error, created_at, sent_at, "
    "possibly_duplicated, currency, total"
)


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(
        id=row[0], ref_code=row[1], payload=bytes(row[2]), state=State(row[3]), attempts=row[4],
        next_attempt_at=row[5], last_error=row[6], created_at=row[7], sent_at=row[8],
        possibly_duplicated=bool(row[9]), currency=row[10], total=row[11],
    )  # fmt: skip
