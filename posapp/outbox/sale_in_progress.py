"""The sale in progress, kept on disk as it changes, so a crash, a kill or a power cut loses no basket.

One small SQLite file in the profile's data directory holds the current basket's lines and
customer as one row, rewritten on every change and deleted when the sale is committed to the
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
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from posapp.domain.order import LineItem

_FORMAT = 1


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
    """The kept sale's file. ``save`` on every change, ``clear`` when the sale is over."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        self._cleared = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                with contextlib.suppress(FileExistsError):
                    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            self._db = sqlite3.connect(path, isolation_level=None, timeout=2.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS sale ("
                " id INTEGER PRIMARY KEY CHECK (id = 1), saved_at REAL NOT NULL, body TEXT NOT NULL)"
            )
        except (OSError, sqlite3.Error) as exc:
            raise SaleKeepError(_cannot(path, exc)) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SaleInProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def save(self, sale: KeptSale) -> None:
        """Keep ``sale`` as the sale in progress (an empty one clears the file)."""
        if sale.empty:
            self.clear()
            return
        body = json.dumps(_to_json(sale), separators=(",", ":"), ensure_ascii=False)
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO sale (id, saved_at, body) VALUES (1, ?, ?)",
                (self.clock(), body),
            )
        except sqlite3.Error as exc:
            raise SaleKeepError(_cannot(self.path, exc)) from None
        self._cleared = False

    def clear(self) -> None:
        """The sale was committed to the outbox or voided: nothing to bring back."""
        if self._cleared:
            return
        try:
            self._db.execute("DELETE FROM sale")
        except sqlite3.Error as exc:
            raise SaleKeepError(_cannot(self.path, exc)) from None
        self._cleared = True

    def load(self) -> KeptSale | None:
        """The kept sale, or None. A row that cannot be read is dropped (and None returned)."""
        try:
            row = self._db.execute("SELECT saved_at, body FROM sale WHERE id = 1").fetchone()
        except sqlite3.Error as exc:
            raise SaleKeepError(_cannot(self.path, exc)) from None
        if row is None:
            self._cleared = True
            return None
        try:
            return _from_json(json.loads(row[1]), float(row[0]))
        except (ValueError, KeyError, TypeError, InvalidOperation):
            self.clear()
            return None


def already_queued(sale: KeptSale, orders: Iterable[tuple[float, bytes]]) -> bool:
    """True when one of ``orders`` (created_at, payload) is this sale, queued after its last save.

    The till commits a finished sale to the outbox and then clears the kept sale; a crash
    between the two would otherwise bring back a basket that was already sold.
    """
    return any(
        created >= sale.saved_at - 1.0 and sale.matches_order(payload)
        for created, payload in orders
    )


def _to_json(sale: KeptSale) -> dict[str, Any]:
    return {
        "format": _FORMAT,
        "currency": sale.currency,
        "lines": [
            [line.ref_code, line.qty, str(line.unit_price), line.name, dict(line.attributes)]
            for line in sale.lines
        ],
        "customer": None
        if sale.customer_id is None
        else {"id": sale.customer_id, "name": sale.customer_name, "info": dict(sale.info)},
    }


def _from_json(data: dict[str, Any], saved_at: float) -> KeptSale:
    if data["format"] != _FORMAT:
        raise ValueError("unknown format")
    lines = tuple(
        LineItem(str(ref), int(qty), Decimal(str(price)), {str(k): str(v) for k, v in attrs.items()}, str(name))
        for ref, qty, price, name, attrs in data["lines"]
    )  # fmt: skip
    customer = data["customer"]
    if customer is None:
        return KeptSale(str(data["currency"]), lines, saved_at=saved_at)
    return KeptSale(
        str(data["currency"]), lines, str(customer["id"]), str(customer["name"]),
        {str(k): str(v) for k, v in customer["info"].items()}, saved_at,
    )  # fmt: skip


def _cannot(path: Path, exc: Exception) -> str:
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"The sale in progress cannot be kept in {path} ({detail}); it is lost if posapp stops."
