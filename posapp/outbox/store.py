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
import functools
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from posapp.domain.errors import ValidationError
from posapp.outbox.entries import (
    _COLUMNS,
    LONGEST_WAIT,
    LOST_ADVICE,
    Entry,
    OutboxStatus,
    State,
    _entry,
)
from posapp.outbox.numbering import Numbering
from posapp.outbox.opening import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    OutboxError,
    checkpoint,
    connect,
    io_failed,
)
from posapp.outbox.reads import OutboxReads

if TYPE_CHECKING:
    from decimal import Decimal

    from posapp.domain.order import Order

__all__ = [
    "APPLICATION_ID",
    "LONGEST_WAIT",
    "SCHEMA_VERSION",
    "Entry",
    "Outbox",
    "OutboxError",
    "OutboxStatus",
    "State",
]

log = logging.getLogger(__name__)


@functools.cache
def _order_writers() -> tuple[Callable[[Order], bytes], Callable[[Decimal, str], str]]:
    """The payload encoder and money formatting, imported with the first order stored, not with
    the outbox (``posapp queue status`` and the window's start never need them), and once (an
    import statement per order costs more than writing its total)."""
    from posapp.domain.money import format_amount
    from posapp.domain.payload import encode_payload

    return encode_payload, format_amount


DAY = 86400.0
PRUNE_BATCH = 1000  # sent orders forgotten per transaction


class Outbox(OutboxReads):
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
        db = self._begin(durable)
        try:
            yield db
        except BaseException as exc:
            self._abandon(exc)
            raise
        self._commit()

    # The same three steps, called as they are by the till's enqueue path (no generator).
    def _begin(self, durable: bool = True) -> sqlite3.Connection:
        try:
            if durable != self._durable:
                self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
                self._durable = durable
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise OutboxError(io_failed(self.path, exc)) from None
        return self._db

    def _abandon(self, exc: BaseException) -> None:
        """Roll back; a SQLite failure other than a refused duplicate is an OutboxError, and
        anything else (a ValidationError, ...) is the caller's to raise again."""
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
            raise OutboxError(io_failed(self.path, exc)) from None

    def _commit(self) -> None:
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
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
        db = self._begin()
        try:
            order = build(self._numbers.draw(db, till_id, self.clock(), self._created_at))
            try:
                self._numbers.cover_drawn()  # the reserved block, written before COMMIT
            except OSError as exc:
                raise OutboxError(io_failed(self.path, exc)) from None
            entry = self._insert(db, order)
        except BaseException as exc:
            self._abandon(exc)
            raise
        self._commit()
        log.info("order %s queued (%s %s)", entry.ref_code, entry.total, entry.currency)
        return entry

    def _insert(self, db: sqlite3.Connection, order: Order) -> Entry:
        encode_payload, format_amount = _order_writers()
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
        return Entry(  # positionally: the fields in their order (entries.py)
            int(cursor.lastrowid or 0), order.ref_code, payload, State.PENDING, 0, now, None,
            now, None, False, order.currency, total,
        )  # fmt: skip

    # -- the deliverer's steps ------------------------------------------------------------------
    def _due_bounds(self, ignore_backoff: bool) -> tuple[float, float]:
        """(due, far): an order is due when its next try is at or before ``due``, or after
        ``far``: no backoff waits that long, so such a time was set before the clock was put
        back, and waiting for it could hold an order for hours."""
        if ignore_backoff:
            return float("inf"), float("inf")
        now = self.clock()
        return now, now + LONGEST_WAIT

    def claim_batch(self, limit: int, *, ignore_backoff: bool = False) -> list[Entry]:
        """Up to ``limit`` of the oldest due pending orders, now ``sending`` with one more
        attempt each, oldest first.

        The claim is committed with ``synchronous=FULL`` before any of them is posted: after a
        power cut every order that may have reached the endpoint is still ``sending``, and
        ``recover_interrupted`` flags it possibly duplicated. One fsync for the whole batch."""
        with self._transaction() as db:
            return self._claim(db, limit, ignore_backoff)

    def _claim(self, db: sqlite3.Connection, limit: int, ignore_backoff: bool) -> list[Entry]:
        due, far = self._due_bounds(ignore_backoff)
        # Walk pending orders in id order and stop once enough due ones are found; left to
        # itself SQLite would sort every due order. One statement: claim and read.
        rows = db.execute(
            "UPDATE orders SET state = 'sending', attempts = attempts + 1 WHERE id IN ("
            "SELECT id FROM orders INDEXED BY orders_by_state WHERE state = 'pending' "
            "AND (next_attempt_at <= ? OR next_attempt_at > ?) ORDER BY id LIMIT ?"
            f") RETURNING {_COLUMNS}",
            (due, far, limit),
        ).fetchall()
        return sorted((_entry(row) for row in rows), key=lambda entry: entry.id)

    def claim_next(self, *, ignore_backoff: bool = False) -> Entry | None:
        """The oldest due pending order, now marked ``sending`` with one more attempt."""
        claimed = self.claim_batch(1, ignore_backoff=ignore_backoff)
        return claimed[0] if claimed else None

    def mark_sent(self, entry_id: int, note: str | None = None) -> None:
        """The order is delivered. Committed with ``synchronous=FULL`` before anyone is told
        "sent": a power cut after an OK can never undo the mark and make the order go again."""
        self.mark_sent_many([(entry_id, note)])

    def mark_sent_many(
        self,
        marks: list[tuple[int, str | None]],
        *,
        then_claim: int = 0,
        ignore_backoff: bool = False,
    ) -> list[Entry]:
        """Several delivered orders marked ``sent`` in one durable commit (one fsync), and the
        next ``then_claim`` due orders claimed in the same commit (returned, as ``claim_batch``).

        A success means the endpoint answers: orders waiting out a backoff after failures
        become due now, in the same commit, whichever front end sent (the window, ``posapp
        send``, ``queue flush``)."""
        now = self.clock()
        made_due = 0
        with self._transaction() as db:
            db.executemany(
                "UPDATE orders SET state = 'sent', sent_at = ?, last_error = ? WHERE id = ?",
                [(now, note, entry_id) for entry_id, note in marks],
            )
            # reschedule() leaves this note; reading one meta row per commit is all a success
            # costs while nothing waits (no scan of the pending orders).
            waiting = db.execute("SELECT value FROM meta WHERE key = 'waiting'").fetchone()
            if marks and waiting is not None and waiting[0]:
                made_due = self._make_due(db, now)
                self._set_meta(db, "waiting", None)
            claimed = self._claim(db, then_claim, ignore_backoff) if then_claim else []
        if made_due:
            log.info("endpoint answers again: %d waiting order(s) go now", made_due)
        return claimed

    def release(self, entry_ids: list[int]) -> None:
        """Claimed but never posted (the batch stopped before them): back to pending as they
        were, the attempt not counted and no duplicate flag (they never left)."""
        if not entry_ids:
            return
        with self._transaction() as db:
            db.executemany(
                "UPDATE orders SET state = 'pending', attempts = max(attempts - 1, 0) "
                "WHERE id = ? AND state = 'sending'",
                [(entry_id,) for entry_id in entry_ids],
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
            self._set_meta(db, "waiting", "1")  # the next success makes it due (mark_sent_many)

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
            return self._make_due(db, now)

    @staticmethod
    def _make_due(db: sqlite3.Connection, now: float) -> int:
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

    def prune_sent(self, retention_days: int, batch: int = PRUNE_BATCH) -> int:
        """Forget sent orders older than the retention (default 30 days); returns how many.

        ``batch`` orders per transaction: a till that keeps a year and is set to a month
        forgets 100,000 orders in about a second, and the sale the cashier finishes meanwhile
        waits for one batch (about 10 ms), not for all of them. A batch cut short by a power
        cut is forgotten again at the next prune."""
        if batch < 1:
            raise ValueError(f"prune_sent needs a batch of at least 1 order, not {batch}")
        cutoff = self.clock() - retention_days * DAY
        pruned = 0
        while True:
            with self._transaction(durable=False) as db:
                gone = db.execute(
                    "DELETE FROM orders WHERE id IN (SELECT id FROM orders "
                    "WHERE sent_at < ? AND +state = 'sent' LIMIT ?)",  # by orders_by_sent
                    (cutoff, batch),
                ).rowcount
            pruned += gone
            if gone < batch:
                return pruned

    def acknowledge_lost(self) -> str | None:
        """IT has looked into a lost outbox: stop reporting it. The day it was found, or None
        when there was nothing to report (the log keeps the record either way)."""
        with self._transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'outbox_lost'").fetchone()
            if row is None or row[0] is None:
                return None
            self._set_meta(db, "outbox_lost", None)
        log.warning("the report of the outbox lost on %s was acknowledged", row[0])
        return str(row[0])

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
