"""Replacing one of the store's lists (the catalog, the customer directory) from a CSV file:
the one path that both the command line and the window take."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from posapp.lists.catalog import Catalog
from posapp.lists.csvfile import Rejected
from posapp.lists.customers import Customers

NAMES = {"catalog": "catalog", "customers": "customer directory"}


def import_list(
    kind: str,
    path: Path,
    target: Path,
    currency: str,
    progress: Callable[[int], None] | None = None,
    lang: str = "en-gb",
) -> tuple[int, list[Rejected]]:
    """Import ``path`` into the ``kind`` file at ``target`` (its own connection, so any thread
    may call it). Returns the rows imported and those rejected; CsvError changes nothing."""
    if kind == "catalog":
        catalog = Catalog(target)
        try:
            report = catalog.import_csv(path, currency, progress, lang)
            return report.imported, report.rejected
        finally:
            catalog.close()
    directory = Customers(target)
    try:
        people = directory.import_csv(path)
        return people.imported, people.rejected
    finally:
        directory.close()
