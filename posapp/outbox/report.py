"""The day's summary for the end-of-day close: orders and totals sent, pending, parked."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from posapp.files import write_atomically
from posapp.outbox.store import Entry, Outbox, State


@dataclass(frozen=True)
class DaySummary:
    sent: int
    sent_totals: dict[str, Decimal]  # per currency
    pending: int
    parked: int


def local_day(moment: datetime | None = None) -> tuple[float, float]:
    """Start and end (Unix seconds) of the local calendar day around ``moment``."""
    now = (moment or datetime.now()).astimezone()
    start = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
    return start.timestamp(), (start + timedelta(days=1)).timestamp()


def summarise(outbox: Outbox, start: float, end: float) -> DaySummary:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    sent = 0
    for entry in outbox.sent_between(start, end):
        sent += 1
        totals[entry.currency] += Decimal(entry.total)
    counts = outbox.status().counts
    return DaySummary(
        sent=sent,
        sent_totals=dict(totals),
        pending=counts.get(State.PENDING, 0) + counts.get(State.SENDING, 0),
        parked=counts.get(State.PARKED, 0),
    )


def _iso(seconds: float | None) -> str:
    return (
        ""
        if seconds is None
        else datetime.fromtimestamp(seconds).astimezone().isoformat(timespec="seconds")
    )


def write_day_csv(outbox: Outbox, start: float, end: float, path: Path) -> int:
    """The day's sent orders, then everything still pending or parked, as CSV; returns rows."""
    rows: list[Entry] = list(outbox.sent_between(start, end))
    rows += list(outbox.entries(State.PENDING)) + list(outbox.entries(State.PARKED))
    lines = [["refCode", "state", "created", "sent", "total", "currency", "last error"]]
    lines += [
        [
            e.ref_code,
            e.state.value,
            _iso(e.created_at),
            _iso(e.sent_at),
            e.total,
            e.currency,
            e.last_error or "",
        ]
        for e in rows
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    write_atomically(path, buffer.getvalue().encode("utf-8"), mode=0o600)
    return len(rows)


def entry_record(entry: Entry) -> dict[str, Any]:
    """One order as a JSON-ready record, for exports and support tickets."""
    try:
        payload: Any = json.loads(entry.payload)
    except ValueError:  # pragma: no cover - the outbox only stores what the builder wrote
        payload = entry.payload.decode("utf-8", "replace")
    return {
        "refCode": entry.ref_code,
        "state": entry.state.value,
        "attempts": entry.attempts,
        "created_at": _iso(entry.created_at),
        "sent_at": _iso(entry.sent_at) or None,
        "total": entry.total,
        "currency": entry.currency,
        "possibly_duplicated": entry.possibly_duplicated,
        "last_error": entry.last_error,
        "payload": payload,
    }
