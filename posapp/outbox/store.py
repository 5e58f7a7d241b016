"""The outbox: every finished order, durable on disk before anyone is told "queued".

One SQLite file per profile, WAL with ``synchronous=FULL``: ``enqueue`` returns only after
COMMIT, and a commit survives a crash, a kill and a power cut. One ``Outbox`` object is one
connection; use one per thread.

An order's life: ``pending`` -> ``sending`` (claimed for one attempt) -> ``sent``, or back to
``pending`` with a later ``next_attempt_at``, or ``parked`` when the endpoint rejected it.
A row found in ``sending`` when a deliverer starts was interrupted mid-send: its outcome is
unknown, so it goes back to ``pending`` and is flagged as possibly duplicated.

A damaged or foreign file is an ``OutboxError`` naming its path. It is never deleted or
overwritten.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posapp.domain.errors import ValidationError
from posapp.outbox.numbering import Numbering, first_of_the_day
from posapp.outbox.opening import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    OutboxError,
    checkpoint,
    connect,
    io_failed,
)

if TYPE_CHECKING:
    from posapp.domain.order import Order

# The payload encoder, money and refCode formatting load with the first order stored, not with
# the outbox: ``posapp queue status`` and the window's start never need them.

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "Entry",
    "Outbox",
    "OutboxError",
    "OutboxStatus",
    "State",
]

log = logging.getLogger(__name__)

DAY = 86400.0
LOST_ADVICE = "orders from before may be missing; tell IT"


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


class Outbox:
    """One connection to the outbox file. ``clock`` gives Unix seconds (injectable for tests)."""

    def __init__(
        self, path: Path, *, clock: Callable[[], float] = time.time, any_thread: bool = False
    ) -> None:
        """``any_thread``: the connection may be used from any thread, one at a time (the
        caller serialises; see ``Till.with_outbox``)."""
        self.path = path
        self.clock = clock
        self._any_thread = any_thread
        self._db = self._connect()
        self._durable = True  # synchronous=FULL, as _check_and_migrate left it
        # The file's birth never changes: read once here, not on every order number drawn.
        made = self._read("SELECT value FROM meta WHERE key = 'created_at'")
        self._created_at = float(made[0][0]) if made else None
        self._numbers = Numbering(path)
        if self._numbers.outbox_opened(self._created_at):
            self._report_lost()

    def _report_lost(self) -> None:
        """The file beside it knew another outbox: this one was lost, emptied or replaced, and
        orders from before may be missing. Logged, and kept in the new outbox for its status."""
        day = date.fromtimestamp(self.clock()).isoformat()
        log.error("the outbox %s was lost or emptied on %s: %s", self.path, day, LOST_ADVICE)
        with contextlib.suppress(OutboxError), self._transaction() as db:
            self._set_meta(db, "outbox_lost", day)

    # -- opening: see opening.py ---------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        db, self._session = connect(self.path, self.clock, self._any_thread)
        return db

    def close(self) -> None:
        self.checkpoint()
        self._db.close()
        self._session.closed()

    def checkpoint(self) -> bool:
        """Give the write-ahead log's space back to the disk (after a drain emptied the backlog,
        and on close). Never waits for another connection (False then: a later one does it);
        a failure, such as a full disk, is logged and changes nothing (the orders are in the
        log until a checkpoint succeeds)."""
        return checkpoint(self._db, self.path)

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; any SQLite failure becomes an OutboxError naming the file.

        ``durable``: the COMMIT waits for the disk (``synchronous=FULL``); otherwise it only
        has to survive a kill (``NORMAL``). The setting is changed only when it differs."""
        try:
            if durable != self._durable:
                self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
                self._durable = durable
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise OutboxError(io_failed(self.path, exc)) from None
        try:
            yield self._db
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.IntegrityError | ValidationError):
                raise
            if isinstance(exc, sqlite3.Error):
                raise OutboxError(io_failed(self.path, exc)) from None
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise OutboxError(io_failed(self.path, exc)) from None

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise OutboxError(io_failed(self.path, exc)) from None

    # -- putting orders in ----------------------------------------------------------------------
    def enqueue(self, order: Order) -> Entry:
        """Store a finished order; returns after COMMIT. A refCode already here is refused."""
        with self._transaction() as db:
            entry = self._insert(db, order)
        log.info("order %s queued (%s %s)", entry.ref_code, entry.total, entry.currency)
        return entry

    def enqueue_new(self, till_id: str, build: Callable[[str], Order]) -> Entry:
        """Draw the next refCode for ``till_id`` today and store the order ``build`` makes with it.

        One transaction: if ``build`` raises (bad input), no number is used up and nothing is
        stored.
        """
        from posapp.domain.refcode import format_order_ref

        with self._transaction() as db:
            now = self.clock()
            day = date.fromtimestamp(now)
            key = (till_id, day.isoformat())
            row = db.execute("SELECT last FROM sequences WHERE till_id = ? AND day = ?", key)
            last = row.fetchone()
            # A day's first number comes after any block reserved beside the outbox that day
            # (numbering.py): a lost outbox made anew never hands out a number twice.
            sequence = last[0] + 1 if last else self._numbers.first_number(
                *key, first_of_the_day(now, self._created_at)
            )  # fmt: skip
            db.execute(
                "INSERT INTO sequences (till_id, day, last) VALUES (?, ?, ?) "
                "ON CONFLICT (till_id, day) DO UPDATE SET last = excluded.last",
                (*key, sequence),
            )
            try:
                self._numbers.cover(*key, sequence, self._created_at)
            except OSError as exc:
                raise OutboxError(io_failed(self.path, exc)) from None
            entry = self._insert(db, build(format_order_ref(till_id, day, sequence)))
        log.info("order %s queued (%s %s)", entry.ref_code, entry.total, entry.currency)
        return entry

    def _insert(self, db: sqlite3.Connection, order: Order) -> Entry:
        from posapp.domain.money import format_amount
        from posapp.domain.payload import encode_payload

        now = self.clock()
        payload = encode_payload(order)
        total = format_amount(order.total, order.currency)
        try:
            cursor = db.execute(
                "INSERT INTO orders (ref_code, payload, state, next_attempt_at, created_at, "
                "currency, total) VALUES (?, ?, 'pending', ?, ?, ?, ?)",
                (order.ref_code, payload, now, now, order.currency, total),
            )
        except sqlite3.IntegrityError:
            raise ValidationError(
                "order.refCode",
                f"Order {order.ref_code} is already in the outbox; it is not added twice.",
            ) from None
        return Entry(
            id=int(cursor.lastrowid or 0), ref_code=order.ref_code, payload=payload,
            state=State.PENDING, attempts=0, next_attempt_at=now, last_error=None,
            created_at=now, sent_at=None, possibly_duplicated=False, currency=order.currency,
            total=total,
        )  # fmt: skip

    # -- the deliverer's steps ------------------------------------------------------------------
    def claim_next(self, *, ignore_backoff: bool = False) -> Entry | None:
        """The oldest due pending order, now marked ``sending`` with one more attempt."""
        due = float("inf") if ignore_backoff else self.clock()
        # A claim only has to survive a kill, not a power cut: losing it just loses the
        # "possibly duplicated" flag, never the order. So it skips the fsync.
        with self._transaction(durable=False) as db:
            # Walk pending orders in id order and stop at the first due one; left to itself
            # SQLite would sort every due order on each claim. One statement: claim and read.
            row = db.execute(
                "UPDATE orders SET state = 'sending', attempts = attempts + 1 WHERE id = ("
                "SELECT id FROM orders INDEXED BY orders_by_state "
                "WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT 1"
                f") RETURNING {_COLUMNS}",
                (due,),
            ).fetchone()
        return None if row is None else _entry(row)

    def mark_sent(self, entry_id: int, note: str | None = None) -> None:
        """The order is delivered. Committed with ``synchronous=FULL`` before anyone is told
        "sent": a power cut after an OK can never undo the mark and make the order go again."""
        now = self.clock()
        with self._transaction() as db:
            db.execute(
                "UPDATE orders SET state = 'sent', sent_at = ?, last_error = ? WHERE id = ?",
                (now, note, entry_id),
            )

    def reschedule(
        self, entry_id: int, next_attempt_at: float, error: str, *, unknown: bool
    ) -> None:
        """Back to pending until ``next_attempt_at``. ``unknown``: it may have arrived."""
        with self._transaction() as db:
            db.execute(
                "UPDATE orders SET state = 'pending', next_attempt_at = ?, last_error = ?, "
                "possibly_duplicated = possibly_duplicated OR ? WHERE id = ?",
                (next_attempt_at, error, int(unknown), entry_id),
            )
            self._set_meta(db, "last_error", error)

    def park(self, entry_id: int, reason: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE orders SET state = 'parked', last_error = ? WHERE id = ?",
                (reason, entry_id),
            )
            self._set_meta(db, "last_error", reason)

    def put_back(self, entry_id: int, error: str) -> None:
        """Back to pending, the attempt not counted (credentials rejected: not the order's fault)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE orders SET state = 'pending', attempts = max(attempts - 1, 0), "
                "last_error = ? WHERE id = ? AND state = 'sending'",
                (error, entry_id),
            )
            self._set_meta(db, "last_error", error)

    def recover_interrupted(self) -> int:
        """Rows left in ``sending`` by a crash: back to pending, flagged possibly duplicated."""
        with self._transaction() as db:
            return db.execute(
                "UPDATE orders SET state = 'pending', possibly_duplicated = 1, "
                "last_error = 'interrupted while sending: it may have arrived' "
                "WHERE state = 'sending'"
            ).rowcount

    def make_due(self) -> int:
        """Every pending order due now (the endpoint answered again after an outage)."""
        now = self.clock()
        with self._transaction() as db:
            return db.execute(
                "UPDATE orders SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?",
                (now, now),
            ).rowcount

    def retry(self, ref_code: str) -> bool:
        """A parked order back in the queue, due now. False when no parked order has that code."""
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE orders SET state = 'pending', next_attempt_at = ? "
                "WHERE ref_code = ? AND state = 'parked'",
                (self.clock(), ref_code),
            ).rowcount
        if changed:
            log.info("order %s taken out of parked, queued again", ref_code)
        return changed == 1

    def retry_all_parked(self) -> int:
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE orders SET state = 'pending', next_attempt_at = ? WHERE state = 'parked'",
                (self.clock(),),
            ).rowcount
        log.info("%d parked order(s) queued again", changed)
        return changed

    def prune_sent(self, retention_days: int) -> int:
        """Forget sent orders older than the retention (default 30 days); returns how many."""
        cutoff = self.clock() - retention_days * DAY
        with self._transaction() as db:
            return db.execute(
                "DELETE FROM orders WHERE state = 'sent' AND sent_at < ?", (cutoff,)
            ).rowcount

    def set_paused(self, reason: str | None) -> None:
        with self._transaction() as db:
            self._set_meta(db, "paused", reason)

    @staticmethod
    def _set_meta(db: sqlite3.Connection, key: str, value: str | None) -> None:
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- looking ----------------------------------------------------------------------------
    def get(self, ref_code: str) -> Entry | None:
        rows = self._read(f"SELECT {_COLUMNS} FROM orders WHERE ref_code = ?", (ref_code,))
        return _entry(rows[0]) if rows else None

    def entries(self, state: State | None = None, limit: int | None = None) -> Iterator[Entry]:
        """Orders oldest first, streamed (never all loaded at once)."""
        sql = f"SELECT {_COLUMNS} FROM orders"
        args: tuple[Any, ...] = ()
        if state is not None:
            sql += " WHERE state = ?"
            args = (state.value,)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            args = (*args, limit)
        try:
            cursor = self._db.execute(sql, args)
            for row in cursor:
                yield _entry(row)
        except sqlite3.Error as exc:
            raise OutboxError(io_failed(self.path, exc)) from None

    def sent_between(self, start: float, end: float) -> Iterator[Entry]:
        """Orders sent in [start, end), in the order they went (the day's report)."""
        try:
            cursor = self._db.execute(
                f"SELECT {_COLUMNS} FROM orders WHERE sent_at >= ? AND sent_at < ? "
                "AND state = 'sent' ORDER BY sent_at",
                (start, end),
            )
            for row in cursor:
                yield _entry(row)
        except sqlite3.Error as exc:
            raise OutboxError(io_failed(self.path, exc)) from None

    def next_due_at(self) -> float | None:
        rows = self._read("SELECT min(next_attempt_at) FROM orders WHERE state = 'pending'")
        return rows[0][0] if rows else None

    def status(self) -> OutboxStatus:
        """Counts and figures by aggregate queries only: nothing is loaded per order."""
        # By index for the few pending, sending and parked orders; the many sent ones from the
        # counter the triggers keep (migration 2). Flat in the number of orders sent.
        counts = {
            State(state): n
            for state, n in self._read(
                "SELECT 'pending', count(*) FROM orders WHERE state = 'pending' UNION ALL "
                "SELECT 'sending', count(*) FROM orders WHERE state = 'sending' UNION ALL "
                "SELECT 'parked', count(*) FROM orders WHERE state = 'parked' UNION ALL "
                "SELECT 'sent', n FROM sent_count"
            )
            if n
        }
        oldest = self._read(
            "SELECT created_at FROM orders WHERE state = 'pending' ORDER BY id LIMIT 1"
        )
        duplicated = self._read("SELECT count(*) FROM orders WHERE possibly_duplicated = 1")
        meta = dict(self._read("SELECT key, value FROM meta"))
        last_sent = self._read("SELECT max(sent_at) FROM orders WHERE sent_at IS NOT NULL")[0][0]
        return OutboxStatus(
            counts=counts,
            oldest_pending_at=oldest[0][0] if oldest else None,
            next_due_at=self.next_due_at(),
            possibly_duplicated=duplicated[0][0],
            paused=meta.get("paused"),
            last_error=meta.get("last_error"),
            last_sent_at=last_sent,
            lost_on=meta.get("outbox_lost"),
        )

    def integrity_check(self) -> str:
        return str(self._read("PRAGMA integrity_check")[0][0])
