"""Replacing a whole list (the catalog, the customer directory) in its SQLite file, safely.

The file's rows go into a staging table inside one transaction; what would change is counted
against the current list; then the import either stops there (a check, or a file that would
make the list worse: nothing changed) or swaps the tables: the staged list becomes current and
the current one is kept as the previous list, which ``restore`` swaps back. No Qt here.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from posapp.domain.errors import Message, ValidationError
from posapp.lists.csvfile import Reader, Rejected, is_blank

LARGEST_SHOWN = 10
TWICE = "%1 %2 appears twice (first on line %3)"  # a column's label, the value, the line
# SQLite's page cache while a list is imported (KiB; 2 MiB otherwise): a file whose codes come
# in no order writes its pages again and again once they no longer fit. Bounded: memory does
# not grow with the list beyond this.
IMPORT_CACHE_KIB = 8_192


@dataclass(frozen=True)
class ListSpec:
    """One list's table: its columns (the first is the key), the one column whose changes are
    counted (``watched``; numeric ones list their largest changes) and its lookup indexes."""

    what: str  # "catalog"
    unit: str  # "products"
    table: str
    columns: str  # the column definitions of CREATE TABLE
    names: tuple[str, ...]
    labels: tuple[str, ...]  # how a person calls each column, for messages
    unique: tuple[int, ...]  # columns a value may appear in only once (None values aside)
    watched: int
    numeric: bool
    indexes: tuple[str, ...]  # "[UNIQUE ]name ON {table} (...)"
    # The rows kept in the key's own B-tree (no rowid): one tree less to fill on an import.
    without_rowid: bool = False

    def create(self, table: str, if_not_exists: bool = False) -> str:
        """The CREATE TABLE statement of the list's table under the name ``table``."""
        made = f"CREATE TABLE {'IF NOT EXISTS ' if if_not_exists else ''}{table} ({self.columns})"
        return made + (" WITHOUT ROWID" if self.without_rowid else "")

    @staticmethod
    def index_name(index: str) -> str:
        return index.removeprefix("UNIQUE ").split()[0]

    @staticmethod
    def create_index(index: str, table: str, if_not_exists: bool = False) -> str:
        unique = "UNIQUE " if index.startswith("UNIQUE ") else ""
        body = index.removeprefix("UNIQUE ").format(table=table)
        return f"CREATE {unique}INDEX {'IF NOT EXISTS ' if if_not_exists else ''}{body}"

    def schema(self) -> str:
        made = [f"{self.create(self.table, if_not_exists=True)};"]
        made += [
            f"{self.create_index(index, self.table, if_not_exists=True)};" for index in self.indexes
        ]
        made.append(
            "CREATE TABLE IF NOT EXISTS list_info (slot TEXT PRIMARY KEY, source TEXT NOT NULL,"
            " imported_at REAL NOT NULL);"
        )
        return "\n".join(made)


@dataclass(frozen=True)
class Limits:
    """When an import stops: more than ``max_rejects`` of the rows rejected (refused outright);
    the list shrinking by more than half or ``max_changed`` of it changing its watched value
    (price) without ``confirmed``."""

    max_rejects: float = 0.01
    max_changed: float = 0.25
    confirmed: bool = False


@dataclass(frozen=True)
class Change:
    key: str
    old: str
    new: str


@dataclass
class ImportPlan:
    """What an import changes (or would have changed), and whether it did."""

    what: str
    unit: str
    source: str
    old: int = 0
    new: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    largest: list[Change] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    refused: str = ""  # why nothing was replaced, whatever the confirmation
    to_confirm: list[str] = field(default_factory=list)  # what needs --yes or a confirmation
    replaced: bool = False
    watched: str = "price"
    # ``refused`` and ``to_confirm`` as Messages, for the window to translate
    refused_text: Message | None = None
    confirm_texts: list[Message] = field(default_factory=list)

    @property
    def read(self) -> int:
        """Rows in the file (its header and empty lines aside)."""
        return self.new + len(self.rejected)

    @property
    def imported(self) -> int:
        return self.new if self.replaced else 0


@dataclass(frozen=True)
class ListInfo:
    source: str
    imported_at: float
    rows: int


Convert = Callable[[list[str]], tuple[str | None, ...]]
# Fills the staged table (its name given) with the rows to import, and ``rejected`` with the
# others: one executemany, or one per block of rows.
Stage = Callable[[sqlite3.Connection, str], None]


def insert_rows(rows: Iterable[tuple[str | None, ...]], width: int) -> Stage:
    """The usual stage: one executemany over ``rows`` (a generator that checks them)."""

    def stage(db: sqlite3.Connection, table: str) -> None:
        db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * width)})", rows)

    return stage


def replace_list(
    db: sqlite3.Connection,
    spec: ListSpec,
    stage: Stage,
    rejected: list[Rejected],
    source: str,
    limits: Limits,
    check_only: bool = False,
    exact: Stage | None = None,
) -> ImportPlan:
    """Stage the file's rows (``stage`` fills ``rejected`` with the rows it refuses as it goes),
    compare, then replace the list unless checking or stopped by ``limits``. Whatever stops it
    (a limit, a CsvError from the file, a crash) leaves the list as it was.

    With ``exact``, ``stage`` may leave repeats (a key or a unique value seen twice) to the
    table: when the staged rows hold one, they are staged again by ``exact``, which rejects
    every repeat with the line it was first seen on (a file without repeats is read once)."""
    label = spec.labels[spec.watched]
    plan = ImportPlan(spec.what, spec.unit, source, watched=label[0].lower() + label[1:])
    plan.rejected = rejected
    staged = f"{spec.table}_new"
    cache = int(db.execute("PRAGMA cache_size").fetchone()[0])
    db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    db.execute("BEGIN IMMEDIATE")
    try:
        if not _stage(db, spec, stage, optimistic=exact is not None) and exact is not None:
            rejected.clear()
            _stage(db, spec, exact, optimistic=False)
        _compare(db, spec, plan)
        _judge(plan, limits)
        if check_only or plan.refused or (plan.to_confirm and not limits.confirmed):
            db.execute("ROLLBACK")
            return plan
        db.execute(f"DROP TABLE IF EXISTS {spec.table}_previous")
        db.execute(f"ALTER TABLE {spec.table} RENAME TO {spec.table}_previous")
        db.execute(f"ALTER TABLE {staged} RENAME TO {spec.table}")
        db.execute("DELETE FROM list_info WHERE slot = 'previous'")
        db.execute("UPDATE list_info SET slot = 'previous' WHERE slot = 'current'")
        db.execute(
            "INSERT INTO list_info (slot, source, imported_at) VALUES ('current', ?, ?)",
            (source, time.time()),
        )
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.execute(f"PRAGMA cache_size = {cache}")
    plan.replaced = True
    return plan


def _stage(db: sqlite3.Connection, spec: ListSpec, stage: Stage, optimistic: bool) -> bool:
    """Make the staged table, fill it, then give it the list's indexes (the current list's are
    dropped: a rollback brings them back). False (``optimistic``) when it holds a repeat."""
    staged = f"{spec.table}_new"
    db.execute(f"DROP TABLE IF EXISTS {staged}")
    db.execute(spec.create(staged))
    try:
        stage(db, staged)
    except sqlite3.IntegrityError:  # the key (PRIMARY KEY) seen twice
        if not optimistic:
            raise
        return False
    for index in spec.indexes:
        db.execute(f"DROP INDEX IF EXISTS {spec.index_name(index)}")
        try:
            db.execute(spec.create_index(index, staged))
        except sqlite3.IntegrityError:  # a UNIQUE index: a value seen twice
            if not optimistic:
                raise
            return False
    return True


def restore_previous(db: sqlite3.Connection, spec: ListSpec) -> ListInfo | None:
    """Swap the current list with the one it replaced (so a second restore undoes the first).
    None when there is no previous list."""
    previous = f"{spec.table}_previous"
    db.execute("BEGIN IMMEDIATE")
    try:
        if not _exists(db, previous):
            db.execute("ROLLBACK")
            return None
        db.execute(f"ALTER TABLE {spec.table} RENAME TO {spec.table}_swap")
        _swap(db, spec, previous)
        db.execute(f"ALTER TABLE {spec.table}_swap RENAME TO {previous}")
        db.execute("UPDATE list_info SET slot = 'swap' WHERE slot = 'current'")
        db.execute("UPDATE list_info SET slot = 'current' WHERE slot = 'previous'")
        db.execute("UPDATE list_info SET slot = 'previous' WHERE slot = 'swap'")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return list_info(db, spec, "current")


def list_info(db: sqlite3.Connection, spec: ListSpec, slot: str) -> ListInfo | None:
    """Where the current (or previous) list came from, when, and how many rows it has."""
    table = spec.table if slot == "current" else f"{spec.table}_previous"
    if not _exists(db, table):
        return None
    rows = int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    row = db.execute("SELECT source, imported_at FROM list_info WHERE slot = ?", (slot,)).fetchone()
    return ListInfo("", 0.0, rows) if row is None else ListInfo(row[0], float(row[1]), rows)


def checked_rows(
    reader: Reader,
    header: bool,
    convert: Convert,
    spec: ListSpec,
    rejected: list[Rejected],
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[str | None, ...]]:
    """The rows of a list that has no hurry: converted, checked for repeats, numbered."""
    seen: list[dict[str, int]] = [{} for _ in spec.unique]
    count, line, skip = 0, 1, header
    for row in reader:
        start, line = line, reader.line_num + 1
        if is_blank(row):
            continue
        if skip:
            skip = False
            continue
        try:
            values = convert(row)
        except ValidationError as exc:
            rejected.append(Rejected.because(start, exc.text))
            continue
        twice = _repeated(values, spec, seen, start)
        if twice is not None:
            rejected.append(Rejected.because(start, twice))
            continue
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(count)
        yield values


def _repeated(
    values: tuple[str | None, ...], spec: ListSpec, seen: list[dict[str, int]], line: int
) -> Message | None:
    for column, first in zip(spec.unique, seen, strict=True):
        value = values[column]
        if value is not None and value in first:
            label = Message(spec.labels[column])
            return Message(TWICE, (label, value, str(first[value])))
    for column, first in zip(spec.unique, seen, strict=True):
        value = values[column]
        if value is not None:
            first[value] = line
    return None


def _compare(db: sqlite3.Connection, spec: ListSpec, plan: ImportPlan) -> None:
    table, staged, key = spec.table, f"{spec.table}_new", spec.names[0]
    watched = spec.names[spec.watched]
    plan.old = int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    plan.new = int(db.execute(f"SELECT count(*) FROM {staged}").fetchone()[0])
    if not plan.old:  # the first list: everything is added
        plan.added = plan.new
        return
    kept, changed = db.execute(
        f"SELECT count(*), coalesce(sum(n.{watched} IS NOT o.{watched}), 0) "
        f"FROM {staged} AS n JOIN {table} AS o ON o.{key} = n.{key}"
    ).fetchone()
    plan.added, plan.removed, plan.changed = plan.new - kept, plan.old - kept, int(changed)
    if not spec.numeric or not changed:
        return
    moved = db.execute(
        f"SELECT n.{key}, o.{watched}, n.{watched} FROM {staged} AS n "
        f"JOIN {table} AS o ON o.{key} = n.{key} WHERE n.{watched} IS NOT o.{watched}"
    )
    ranked = sorted(moved, key=lambda row: _distance(row[1], row[2]), reverse=True)
    plan.largest = [Change(*row) for row in ranked[:LARGEST_SHOWN]]


def _distance(old: str, new: str) -> Decimal:
    """How far a price moved, relative to the old one (a free item going to 1.00 is far)."""
    before, after = Decimal(old), Decimal(new)
    return abs(after - before) / max(before, Decimal("0.01"))


def _judge(plan: ImportPlan, limits: Limits) -> None:
    read, lost = plan.read, len(plan.rejected)
    if read == 0:
        _refuse(plan, Message(f"the file has no {plan.unit}"))
    elif plan.new == 0:
        _refuse(plan, Message("none of the %Ln rows can be used", n=read))
    elif lost > limits.max_rejects * read:
        _refuse(
            plan,
            Message(
                TOO_MANY_LOST, (lost, read, f"{lost / read:.1%}", f"{limits.max_rejects * 100:g}")
            ),
        )
    if plan.old and plan.new < plan.old / 2:
        _confirm(
            plan,
            Message(
                f"the {plan.what} would shrink from %1 to %2 {plan.unit}", (plan.old, plan.new)
            ),
        )
    if plan.old and plan.changed > limits.max_changed * plan.old:
        _confirm(
            plan,
            Message(
                f"%1 of %2 {plan.unit} would change {plan.watched} (%3; more than %4%)",
                (
                    plan.changed,
                    plan.old,
                    f"{plan.changed / plan.old:.0%}",
                    f"{limits.max_changed * 100:g}",
                ),
            ),
        )


# the sentences of _judge (the window's tables: posapp.ui.domain_text); the list's own words
# are part of the id, so that a translation can give them their grammar
TOO_MANY_LOST = (
    "%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those rows, "
    "or allow more)"
)


def _refuse(plan: ImportPlan, text: Message) -> None:
    plan.refused, plan.refused_text = str(text), text


def _confirm(plan: ImportPlan, text: Message) -> None:
    plan.to_confirm.append(str(text))
    plan.confirm_texts.append(text)


def _swap(db: sqlite3.Connection, spec: ListSpec, incoming: str) -> None:
    """Make ``incoming`` the list (the current one is out of the way); indexes follow."""
    for index in spec.indexes:
        db.execute(f"DROP INDEX IF EXISTS {spec.index_name(index)}")
    db.execute(f"ALTER TABLE {incoming} RENAME TO {spec.table}")
    for index in spec.indexes:
        db.execute(spec.create_index(index, spec.table))


def _exists(db: sqlite3.Connection, table: str) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    return found.fetchone() is not None
