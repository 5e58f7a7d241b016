"""Order numbers that stay unique per till even when the outbox is lost, and a lost outbox that
is reported, never silently started afresh.

A small file beside the outbox, ``<outbox>-numbers`` (0600, replaced atomically and fsync'd),
records the till, the day, the numbers reserved up to N that day, and the birth time of the
outbox it belongs to. Numbers are reserved in blocks of ``BLOCK``: the sale path pays one extra
fsync per block, not per sale. An outbox made anew the same day (deleted, emptied, replaced)
starts after the reserved block, so no refCode is handed out twice; and because the file knows
the birth of the outbox it saw, a different outbox is reported as lost ("orders from before may
be missing"), with the day it was found.

Everything here runs inside the outbox's ``BEGIN IMMEDIATE`` transaction (numbers) or while
opening it, so two processes on one profile take turns.

``Numbering.draw`` is the one place a number is drawn: one UPDATE of the outbox's
``sequences`` row of the till and day (a compare-and-set from the number this connection drew
last, else ``UPDATE ... RETURNING``; an INSERT only for a day's first order), in the caller's
transaction, so that a sale that is not committed uses no number.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from datetime import time as time_of_day
from pathlib import Path

from posapp.domain.refcode import day_code, order_ref
from posapp.files import write_atomically

log = logging.getLogger(__name__)

BLOCK = 1000

# One statement draws a number. Usually this connection drew the last one: it sets the next
# where the row still holds the one it knows (nothing to read back). Otherwise (another process
# drew since, or a sale was rolled back) it reads the row it bumps; RETURNING needs SQLite
# 3.35 (the outbox's claim uses it too).
_NEXT_KNOWN = "UPDATE sequences SET last = ? WHERE till_id = ? AND day = ? AND last = ?"
_NEXT = "UPDATE sequences SET last = last + 1 WHERE till_id = ? AND day = ? RETURNING last"
_FIRST = "INSERT INTO sequences (till_id, day, last) VALUES (?, ?, ?)"


@dataclass(frozen=True)
class Record:
    till: str
    day: str  # ISO date
    reserved: int  # numbers up to this one may have been handed out that day
    outbox_created: float | None  # the birth time of the outbox these numbers belong to


class Numbering:
    """The high-water file of the outbox at ``outbox``."""

    def __init__(self, outbox: Path) -> None:
        self.path = outbox.with_name(outbox.name + "-numbers")
        self._known: Record | None = None  # what this process last read or wrote
        self._today: tuple[date, str, str] | None = None  # (day, ISO, as in refCodes)
        self._drawn: tuple[str, str, int, float | None] | None = None  # by draw, to cover
        self._drawn_last: tuple[str, str, int] | None = None  # the last number drawn here

    def draw(
        self, db: sqlite3.Connection, till: str, now: float, outbox_created: float | None
    ) -> str:
        """The next refCode of ``till`` on the (local) day of ``now``, drawn inside the caller's
        transaction on ``db``. The caller builds its order, then calls ``cover_drawn`` before
        it commits: a build that fails uses no number, not even a day's first."""
        _, iso, code = self._day(now)
        known = self._drawn_last
        if (
            known is not None
            and known[0] == till
            and known[1] == iso
            and db.execute(_NEXT_KNOWN, (known[2] + 1, till, iso, known[2])).rowcount == 1
        ):
            number = known[2] + 1
        elif rows := db.execute(_NEXT, (till, iso)).fetchall():
            number = int(rows[0][0])
        else:
            # A day's first number comes after any block reserved beside the outbox that day:
            # a lost outbox made anew never hands out a number twice.
            number = self.first_number(till, iso, first_of_the_day(now, outbox_created))
            db.execute(_FIRST, (till, iso, number))
        self._drawn = (till, iso, number, outbox_created)
        self._drawn_last = (till, iso, number)  # the row holds it if this sale commits
        return order_ref(till, code, number)

    def cover_drawn(self) -> None:
        """``cover`` the number ``draw`` gave last (``OSError``: the caller rolls back)."""
        if self._drawn is None:
            raise RuntimeError("cover_drawn without a number drawn")  # a programming error
        drawn, self._drawn = self._drawn, None
        self.cover(*drawn)

    def _day(self, now: float) -> tuple[date, str, str]:
        """The local day of ``now`` and its two spellings, written once a day."""
        day = date.fromtimestamp(now)
        if self._today is None or self._today[0] != day:
            self._today = (day, day.isoformat(), day_code(day))
        return self._today

    def read(self) -> Record | None:
        """The record, or None when there is none (or it cannot be read: the outbox's own
        numbers then go on, and the next block writes it anew)."""
        try:
            data = json.loads(self.path.read_bytes())
            record = Record(
                till=str(data["till"]),
                day=str(data["day"]),
                reserved=int(data["reserved"]),
                outbox_created=None
                if data["outbox_created"] is None
                else float(data["outbox_created"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning(
                "the order number file %s cannot be read (%s); writing it anew", self.path, exc
            )
            return None
        self._known = record
        return record

    def first_number(self, till: str, day: str, otherwise: int) -> int:
        """The first number of ``day`` for a till whose outbox has none for that day yet: after
        any block reserved that day (an outbox lost and made anew), else ``otherwise``."""
        record = self.read()
        if record is not None and record.till == till and record.day == day:
            return max(otherwise, record.reserved + 1)
        return otherwise

    def cover(self, till: str, day: str, number: int, outbox_created: float | None) -> None:
        """Make sure ``number`` is within the reserved block, reserving the next block when it
        is not (written and fsync'd before the caller commits the order). ``OSError`` when the
        file cannot be written: the caller's transaction is rolled back, nothing is used up."""
        if self._covers(self._known, till, day, number):
            return
        if self._covers(self.read(), till, day, number):  # another process reserved it
            return
        self._write(Record(till, day, number + BLOCK - 1, outbox_created))

    @staticmethod
    def _covers(record: Record | None, till: str, day: str, number: int) -> bool:
        return (
            record is not None
            and (record.till, record.day) == (till, day)
            and (record.reserved >= number)
        )

    def outbox_opened(self, created: float | None) -> bool:
        """The outbox born at ``created`` is open. True when the file knew another outbox (this
        one replaces one that was lost, emptied or swapped): the caller reports it. The record
        then follows the new outbox. A file that cannot be written is logged, not raised: the
        outbox opens all the same (a read-only profile can still be looked at)."""
        record = self.read()
        if record is not None and record.outbox_created == created:
            return False
        lost = record is not None and record.outbox_created is not None
        if record is None:
            record = Record("", "", 0, created)
        try:
            self._write(replace(record, outbox_created=created))
        except OSError as exc:
            log.warning("the order number file %s cannot be written: %s", self.path, exc)
        return lost

    def _write(self, record: Record) -> None:
        write_atomically(self.path, json.dumps(asdict(record)).encode("utf-8"))
        self._known = record


def first_of_the_day(now: float, outbox_created: float | None) -> int:
    """The day's first number when no record says more: 1, unless the outbox file was made
    today (then the seconds since midnight, beyond what a till selling less than once a second
    could have used since midnight)."""
    midnight = datetime.combine(date.fromtimestamp(now), time_of_day(0)).timestamp()
    if outbox_created is None or outbox_created < midnight:
        return 1
    return max(1, int(now - midnight))
