"""Opening a file as the outbox: made readable by this user only, checked (a foreign, newer or
damaged file is refused and never touched), made crash-safe (WAL, synchronous=FULL) and
migrated to the current schema. The integrity check runs only after a shutdown that was not
clean (``session.py``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from posapp.domain.errors import Message
from posapp.files import (
    DISK_FAILED,
    DISK_FULL,
    READ_ONLY,
    create_private_file,
    describe_os_error,
    make_private_dirs,
)
from posapp.outbox.session import Session

log = logging.getLogger(__name__)

APPLICATION_ID = 0x706F7361  # "posa": marks the file as a posapp outbox
SCHEMA_VERSION = 2

_MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            ref_code TEXT NOT NULL UNIQUE,
            payload BLOB NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'parked')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            created_at REAL NOT NULL,
            sent_at REAL,
            possibly_duplicated INTEGER NOT NULL DEFAULT 0,
            currency TEXT NOT NULL,
            total TEXT NOT NULL
        );
        CREATE INDEX orders_by_state ON orders (state, id);
        CREATE INDEX orders_by_sent ON orders (sent_at) WHERE sent_at IS NOT NULL;
        CREATE INDEX orders_duplicated ON orders (id) WHERE possibly_duplicated = 1;
        CREATE TABLE sequences (
            till_id TEXT NOT NULL,
            day TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (till_id, day)
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    """,
    # Sent orders are most of the file; their number is kept by triggers, so that `queue
    # status` reads one row instead of counting them (the other states are counted by index).
    2: """
        CREATE TABLE sent_count (n INTEGER NOT NULL);
        INSERT INTO sent_count (n) SELECT count(*) FROM orders WHERE state = 'sent';
        CREATE TRIGGER sent_count_insert AFTER INSERT ON orders WHEN NEW.state = 'sent'
            BEGIN UPDATE sent_count SET n = n + 1; END;
        CREATE TRIGGER sent_count_delete AFTER DELETE ON orders WHEN OLD.state = 'sent'
            BEGIN UPDATE sent_count SET n = n - 1; END;
        CREATE TRIGGER sent_count_up AFTER UPDATE OF state ON orders
            WHEN NEW.state = 'sent' AND OLD.state <> 'sent'
            BEGIN UPDATE sent_count SET n = n + 1; END;
        CREATE TRIGGER sent_count_down AFTER UPDATE OF state ON orders
            WHEN OLD.state = 'sent' AND NEW.state <> 'sent'
            BEGIN UPDATE sent_count SET n = n - 1; END;
    """,
}


class OutboxError(Exception):
    """The outbox file cannot be used; the message names it and says what to do."""


def connect(
    path: Path, clock: Callable[[], float], any_thread: bool
) -> tuple[sqlite3.Connection, Session]:
    """A connection to the outbox at ``path``, checked, crash-safe and migrated, with the
    session that says whether the last shutdown was clean; or ``OutboxError`` naming it."""
    try:
        make_private_dirs(path.parent)
        if not path.exists():
            create_private_file(path)  # False: another connection was first
        else:
            refuse_foreign(path)  # decided from the header alone: nothing touched yet
    except OSError as exc:
        raise OutboxError(io_failed(path, exc)) from None
    session = Session(path)  # decides whether this open runs the integrity check
    try:
        db = sqlite3.connect(
            path, isolation_level=None, timeout=10.0, check_same_thread=not any_thread
        )
    except sqlite3.Error as exc:
        session.closed(cleanly=False)
        raise OutboxError(io_failed(path, exc)) from None
    deadline = time.monotonic() + 10.0
    while True:
        try:
            _check_and_migrate(db, path, clock, session.needs_check)
            _make_private(path)  # ours, now that it is checked
            session.opened()
            return db, session
        except sqlite3.OperationalError as exc:
            # Another connection is creating or migrating the file right now (switching a
            # new file to WAL does not wait on SQLite's busy handler): try again shortly.
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            if time.monotonic() < deadline:
                time.sleep(0.02)
                continue
            db.close()
            session.closed(cleanly=False)
            raise OutboxError(
                f"The outbox {path} is locked by another program ({exc}); close it and retry."
            ) from None
        except BaseException:
            db.close()
            session.closed(cleanly=False)
            raise


def _check_and_migrate(
    db: sqlite3.Connection, path: Path, clock: Callable[[], float], needs_check: bool
) -> None:
    try:
        db.execute("BEGIN")  # one snapshot, in case another connection is creating it
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        db.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if busy(exc):
            raise
        raise OutboxError(failed(path, exc)) from None
    if app_id != APPLICATION_ID and (app_id != 0 or tables != 0):
        raise OutboxError(foreign(path))
    if version > SCHEMA_VERSION:
        raise OutboxError(newer(path, version))
    try:
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        db.execute("PRAGMA synchronous=FULL")
        sync = db.execute("PRAGMA synchronous").fetchone()[0]
        if sys.platform == "darwin":
            db.execute("PRAGMA fullfsync=ON")
        db.execute("PRAGMA busy_timeout=10000")
        if str(mode).lower() != "wal" or sync != 2:
            raise OutboxError(
                f"The outbox {path} cannot be made crash-safe here (journal {mode}, "
                f"synchronous {sync}); is it on a network drive? Use a local disk."
            )
        # The whole file is read only after a shutdown that was not clean (session.py).
        check = db.execute("PRAGMA quick_check").fetchone()[0] if needs_check else "ok"
        if check != "ok":
            raise OutboxError(damaged(path, str(check)))
        for target in range(version + 1, SCHEMA_VERSION + 1):
            db.execute("BEGIN IMMEDIATE")
            if db.execute("PRAGMA user_version").fetchone()[0] >= target:
                db.execute("COMMIT")  # another connection migrated it meanwhile
                continue
            for statement in _statements(_MIGRATIONS[target]):
                db.execute(statement)
            if target == 1:
                db.execute(
                    "INSERT INTO meta (key, value) VALUES ('created_at', ?)",
                    (str(clock()),),
                )
            db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            db.execute(f"PRAGMA user_version={target}")
            db.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if busy(exc):
            raise
        raise OutboxError(failed(path, exc)) from None


def checkpoint(db: sqlite3.Connection, path: Path) -> bool:
    """``PRAGMA wal_checkpoint(TRUNCATE)`` without waiting on others; True when done."""
    try:
        db.execute("PRAGMA busy_timeout=0")
        try:
            blocked = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            db.execute("PRAGMA busy_timeout=10000")
    except sqlite3.Error as exc:
        log.warning(
            "the outbox %s: its log was not checkpointed: %s", path, fault(path, exc) or exc
        )
        return False
    return not blocked


def refuse_foreign(path: Path) -> None:
    """``OutboxError`` for another program's SQLite file or a newer posapp's outbox, read from
    the file's 100-byte header before anything opens, creates or changes a file. What the
    header cannot tell (no id yet: an outbox being made, or a foreign file without one) is
    left to the check after opening."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return
    app_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big", signed=True)
    if app_id not in (0, APPLICATION_ID):
        raise OutboxError(foreign(path))
    if app_id == APPLICATION_ID and version > SCHEMA_VERSION:
        raise OutboxError(newer(path, version))


def _make_private(path: Path) -> None:
    """Readable by this user only: the file and its write-ahead log and index (SQLite makes
    those with the file's mode)."""
    if os.name != "posix":
        return
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):  # gone, or a read-only disk: nothing to tighten
            if name.stat().st_mode & 0o077:
                name.chmod(0o600)


def foreign(path: Path) -> str:
    return (
        f"The file {path} is not a posapp outbox (another program's database?). "
        "It has not been touched. Move it elsewhere and start posapp again; "
        "nothing is sent until then."
    )


def newer(path: Path, version: int) -> str:
    return (
        f"The outbox {path} was written by a newer posapp (schema {version}); "
        "install that version again. The file has not been changed."
    )


def _statements(script: str) -> Iterator[str]:
    """A migration's statements, one at a time (a trigger's body holds its own ``;``)."""
    statement = ""
    for part in script.split(";"):
        statement += part + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                yield statement
            statement = ""


def busy(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc)
    )


def failed(path: Path, exc: sqlite3.Error) -> str:
    """A failure while checking the file: damage only when SQLite says the file is damaged or
    not a database; a full, read-only or failing disk is named as what it is."""
    if fault(path, exc) is None:
        return damaged(path, str(exc))
    return io_failed(path, exc)


def damaged(path: Path, detail: str) -> str:
    return (
        f"The outbox {path} is damaged or is not a posapp outbox ({detail}). It has not been "
        "changed. Keep it for support, move it elsewhere and start posapp again; nothing is sent "
        "until then."
    )


# what an outbox that cannot be used says (posapp.ui.domain_text reads them back and translates)
OUTBOX_FAILED = "The outbox %1 cannot be used: %2 (%3); %4."
DISK_ADVICE = "tell IT to check the disk; keep the file, never delete it"
SAFE_ADVICE = "the orders already in it are safe and stay queued; tell IT"
CANNOT_OPEN = "it cannot be opened (is something else where the file or its folder belongs?)"
OUTBOX_WORDS = (DISK_ADVICE, SAFE_ADVICE, DISK_FULL, READ_ONLY, DISK_FAILED, CANNOT_OPEN)


def io_failed(path: Path, exc: sqlite3.Error | OSError) -> str:
    """The outbox could not be opened, read or written: what went wrong, that the orders in it
    are safe, and what to do; never "move it elsewhere" (that would strand them)."""
    what = fault(path, exc) or f"{exc}"
    detail = exc.strerror if isinstance(exc, OSError) else str(exc)
    advice = DISK_ADVICE if what == DISK_FAILED else SAFE_ADVICE
    return str(Message(OUTBOX_FAILED, (str(path), what, str(detail), advice)))


_FULL, _READONLY, _CANTOPEN, _IOERR, _PERM = 13, 8, 14, 10, 3  # SQLite's primary result codes


def fault(path: Path, exc: sqlite3.Error | OSError) -> str | None:
    """The machine's fault behind ``exc`` in a few words ("the disk is full", "the profile is
    read-only", "no permission to write FILE", "the disk failed ..."); None when it is none of
    these (the file itself is damaged, or not a database)."""
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code not in (_FULL, _READONLY, _CANTOPEN, _IOERR, _PERM):
        return None
    if code == _FULL or _free_bytes(path.parent) == 0:
        return DISK_FULL
    if _read_only(path.parent):
        return READ_ONLY
    if code in (_READONLY, _CANTOPEN, _PERM):
        for name in (path, path.parent, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if name.exists() and not os.access(name, os.W_OK):
                return f"no permission to write {name}"
        if code == _CANTOPEN:
            return CANNOT_OPEN
        return f"no permission to write {path}"
    return DISK_FAILED


def _free_bytes(directory: Path) -> int | None:
    try:
        return shutil.disk_usage(directory).free
    except OSError:
        return None


def _read_only(directory: Path) -> bool:
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
