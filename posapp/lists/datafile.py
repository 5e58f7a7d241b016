"""The small SQLite files beside the outbox (catalog, customer directory): opened one way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from posapp.files import create_private_file, make_private_dirs


class DataFileError(Exception):
    """A catalog or customer file that cannot be used; the message names it and the way out."""


def open_data_file(path: Path, schema: str, what: str) -> sqlite3.Connection:
    """A connection with the schema in place (WAL, synchronous=FULL), or DataFileError."""
    try:
        make_private_dirs(path.parent)
        create_private_file(path)  # customers' details: this user's only
        db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    except (OSError, sqlite3.Error) as exc:
        raise DataFileError(f"The {what} {path} cannot be opened ({exc}).") from None
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(schema)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise DataFileError(
            f"The {what} {path} is damaged ({exc}). Move it elsewhere and import the {what} "
            "again from its CSV file; orders are not affected."
        ) from None
    return db
