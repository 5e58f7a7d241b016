"""The sale in progress, kept on disk as it changes, so a crash, a kill or a power cut loses no basket.

One small SQLite file in the profile's data directory holds the current basket's lines (a row
each, written as it changes) and customer, and is emptied when the sale is committed to the
outbox or voided. When the till starts and finds a kept sale, it puts it back in the basket.

What each failure can lose:
- the till crashes or is killed (SIGKILL, the task manager): nothing. Each change is committed
  to SQLite before the scan returns, and the operating system keeps it after the process dies.
- the power is cut: at most the last few seconds of changes. Commits are not flushed to the disk
  one by one (WAL, ``synchronous=NORMAL``): an fsync per scan costs milliseconds on a real disk,
  far more than the scan itself. SQLite still guarantees that the file is consistent, so the
  basket comes back as it was a little earlier, never garbled. The outbox, where a finished
  sale goes, is flushed on every commit: a finished sale is never lost.

No Qt here.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from posapp.domain.customer import Customer
from posapp.domain.errors import Message
from posapp.domain.order import LineItem
from posapp.files import create_private_file, make_private_dirs


class SaleKeepError(Exception):
    """The kept sale cannot be written or read; the message says so in a manager's words."""


@dataclass(frozen=True)
class KeptSale:
    """What the cashier had built: lines in scan order, and the customer if one was given."""

    currency: str
    lines: tuple[LineItem, ...] = ()
    customer_id: str | None = None
    customer_name: str = ""
    info: Mapping[str, str] = field(default_factory=dict)
    saved_at: float = 0.0

    @property
    def empty(self) -> bool:
        return not self.lines and self.customer_id is None

    def matches_order(self, payload: bytes) -> bool:
        """True when ``payload`` (an outbox order body) has exactly these lines."""
        try:
            items = json.loads(payload)["order"]["items"]
            sent = sorted(
                (str(i["refCode"]), int(i["qty"]), Decimal(str(i["price"]))) for i in items
            )
        except (ValueError, KeyError, TypeError, InvalidOperation):
            return False
        kept = sorted((line.ref_code, line.qty, line.unit_price) for line in self.lines)
        return sent == kept


class SaleInProgress:
    """The kept sale's file: one row per basket line, one for the customer.

    A scan writes one row (``put_line``), so the cost does not grow with the basket.
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        try:
            make_private_dirs(path.parent)
            create_private_file(path)
            self._db = sqlite3.connect(path, isolation_level=None, timeout=2.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise SaleKeepError(_cannot(path, exc)) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SaleInProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def put_line(self, row: int, line: LineItem, currency: str) -> None:
        """Line ``row`` of the basket is now ``line`` (a new line, or one that changed)."""
        self._write(lambda db: db.execute(_PUT_LINE, _line_row(row, line, currency, self.clock())))

    def put_lines(self, lines: Iterable[LineItem], currency: str) -> None:
        """The basket is now exactly ``lines`` (after a removal or a void: empty)."""
        now = self.clock()

        def replace(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM line")
            db.executemany(
                _PUT_LINE, [_line_row(n, line, currency, now) for n, line in enumerate(lines)]
            )
            db.execute("COMMIT")

        self._write(replace)

    def put_customer(self, customer: Customer | None) -> None:
        if customer is None:
            self._write(lambda db: db.execute("DELETE FROM customer"))
            return
        values = (customer.id, customer.name, json.dumps(dict(customer.info)), self.clock())
        self._write(lambda db: db.execute(_PUT_CUSTOMER, values))

    def save(self, sale: KeptSale) -> None:
        """Keep ``sale`` whole (an empty one clears the file)."""
        self.put_lines(sale.lines, sale.currency)
        customer = None
        if sale.customer_id is not None:
            customer = Customer(sale.customer_id, dict(sale.info), sale.customer_name)
        self.put_customer(customer)

    def clear(self) -> None:
        """The sale was committed to the outbox or voided: nothing to bring back."""
        self.save(KeptSale(""))

    def load(self) -> KeptSale | None:
        """The kept sale, or None. Rows that cannot be read are dropped."""
        try:
            lines = self._db.execute(
                "SELECT ref_code, qty, price, name, attributes, currency, saved_at"
                " FROM line ORDER BY row"
            ).fetchall()
            who = self._db.execute("SELECT id, name, info, saved_at FROM customer").fetchone()
        except sqlite3.Error as exc:
            raise SaleKeepError(_cannot(self.path, exc)) from None
        try:
            items = tuple(
                LineItem(ref, int(qty), Decimal(price), json.loads(attrs), name)
                for ref, qty, price, name, attrs, _currency, _at in lines
            )
            info = json.loads(who[2]) if who is not None else {}
        except (ValueError, TypeError, InvalidOperation):
            self.clear()
            return None
        saved = [at for *_rest, at in lines] + ([who[3]] if who is not None else [])
        if not saved:
            return None
        return KeptSale(
            currency=lines[0][5] if lines else "",
            lines=items,
            customer_id=who[0] if who is not None else None,
            customer_name=who[1] if who is not None else "",
            info=info,
            saved_at=max(saved),
        )

    def _write(self, work: Callable[[sqlite3.Connection], object]) -> None:
        try:
            work(self._db)
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            raise SaleKeepError(_cannot(self.path, exc)) from None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS line (
    row INTEGER PRIMARY KEY, ref_code TEXT NOT NULL, qty INTEGER NOT NULL, price TEXT NOT NULL,
    name TEXT NOT NULL, attributes TEXT NOT NULL, currency TEXT NOT NULL, saved_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS customer (
    one INTEGER PRIMARY KEY CHECK (one = 1), id TEXT NOT NULL, name TEXT NOT NULL,
    info TEXT NOT NULL, saved_at REAL NOT NULL);
"""
_PUT_LINE = "INSERT OR REPLACE INTO line VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_PUT_CUSTOMER = "INSERT OR REPLACE INTO customer VALUES (1, ?, ?, ?, ?)"


def _line_row(row: int, line: LineItem, currency: str, now: float) -> tuple[object, ...]:
    attributes = json.dumps(dict(line.attributes))
    return (
        row,
        line.ref_code,
        line.qty,
        str(line.unit_price),
        line.name,
        attributes,
        currency,
        now,
    )


def queued_from(sale: KeptSale) -> float:
    """The earliest time an order of ``sale`` can have been made: its last save, less a second."""
    return sale.saved_at - 1.0


def already_queued(sale: KeptSale, orders: Iterable[tuple[float, bytes]]) -> bool:
    """True when one of ``orders`` (created_at, payload) is this sale, queued after its last save.

    The till commits a finished sale to the outbox and then clears the kept sale; a crash
    between the two would otherwise bring back a basket that was already sold. Only the orders
    made since ``queued_from(sale)`` need be given (``Outbox.made_since``).
    """
    since = queued_from(sale)
    return any(created >= since and sale.matches_order(payload) for created, payload in orders)


CANNOT_KEEP = "The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops."


def _cannot(path: Path, exc: Exception) -> str:
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return str(Message(CANNOT_KEEP, (str(path), detail)))
