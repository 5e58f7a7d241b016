"""Reading the outbox: single orders, streams of them, and the counts. No Qt here.

Part of ``Outbox`` (``store.py``); reads never change the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from posapp.outbox.entries import _COLUMNS, LONGEST_WAIT, Entry, OutboxStatus, State, _entry
from posapp.outbox.opening import OutboxError, io_failed


class OutboxReads:
    """The reading half of ``Outbox``: it needs the connection, the path and the clock."""

    _db: sqlite3.Connection
    path: Path
    clock: Callable[[], float]

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise OutboxError(io_failed(self.path, exc)) from None

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

    def made_since(self, since: float, batch: int = 16) -> Iterator[Entry]:
        """Orders made at or after ``since``, newest first: read from the newest back, and no
        further than the first one made before ``since``. Orders are numbered as they are made,
        so in a big outbox only the last few are read (a crash check at start, not a scan)."""
        try:
            cursor = self._db.execute(f"SELECT {_COLUMNS} FROM orders ORDER BY id DESC")
            try:
                while rows := cursor.fetchmany(batch):
                    for row in rows:
                        entry = _entry(row)
                        if entry.created_at < since:
                            return
                        yield entry
            finally:
                cursor.close()  # ends the read at once, not when the cursor is collected
        except sqlite3.Error as exc:
            raise OutboxError(io_failed(self.path, exc)) from None

    def sent_between(self, start: float, end: float) -> Iterator[Entry]:
        """Orders sent in [start, end), in the order they went (the day's report)."""
        try:
            cursor = self._db.execute(
                f"SELECT {_COLUMNS} FROM orders WHERE sent_at >= ? AND sent_at < ? "
                "AND +state = 'sent' ORDER BY sent_at",  # by orders_by_sent: the day alone
                (start, end),
            )
            for row in cursor:
                yield _entry(row)
        except sqlite3.Error as exc:
            raise OutboxError(io_failed(self.path, exc)) from None

    def next_due_at(self) -> float | None:
        """When the next pending order is due; now for one set beyond any backoff (the clock
        was put back since: see ``claim_batch``)."""
        rows = self._read("SELECT min(next_attempt_at) FROM orders WHERE state = 'pending'")
        due = rows[0][0] if rows else None
        if due is None:
            return None
        now = self.clock()
        return now if due > now + LONGEST_WAIT else float(due)

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
