"""Catalog import and lookup against csv.reader + one executemany, and plain SELECTs.

posapp: ``posapp.lists.imports.import_list("catalog", ...)``, the one path the command line and
the import dialog take (checking every row, replacing the list in one transaction). Bare: the
same file through ``csv.reader`` into the same table (refCode primary key, barcode index) with
one ``executemany`` and COMMIT, checking nothing; then the same with a catalog kept by hand
(codes in no order, quoted and accented names, 1 row in 50 the till must redo). Lookups: ``Catalog.lookup`` by refCode and by
barcode against the same two SELECTs on a bare connection to the same file.
"""

from __future__ import annotations

import csv
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from posapp.lists.catalog import Catalog
from posapp.lists.imports import ListKind, import_list
from tests.benchmarks.harness import Row, abab

SCHEMA = """
CREATE TABLE products (ref_code TEXT PRIMARY KEY, name TEXT NOT NULL, price TEXT NOT NULL,
                       barcode TEXT);
CREATE INDEX products_by_barcode ON products (barcode) WHERE barcode IS NOT NULL;
"""
BARCODE = 5_000_000_000_000


def write_catalog(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("refCode,name,price,barcode\n")
        for n in range(rows):
            handle.write(f"SKU{n:07d},Product number {n},{n % 500}.{n % 100:02d},{BARCODE + n}\n")


def write_mixed_catalog(path: Path, rows: int) -> None:
    """A catalog as a shop keeps it by hand: codes in no order, accented names, every 10th name
    in quotes (it holds a comma), and every 50th row written in a way the till must redo (a
    price of ``6.5``, a name with spaces around it), so that most blocks hold a row that goes
    through the checks alone."""
    order = random.Random(7).sample(range(rows), rows)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("refCode,name,price,barcode\n")
        for n in order:
            name = f"Caf\u00e9 cr\u00e8me {n}" if n % 3 == 0 else f"Product number {n}"
            if n % 10 == 0:
                name = f'"{name}, large"'
            price = f"{n % 500}.{n % 100:02d}"
            if n % 50 == 7:
                price, name = f"{n % 500}.5", f" {name} "
            handle.write(f"SKU{n:07d},{name},{price},{BARCODE + n}\n")


def posapp_import(source: Path, target: Path) -> float:
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    plan = import_list(ListKind.CATALOG, source, target, "GBP")
    elapsed = time.perf_counter() - start
    imported, rejected = plan.imported, plan.rejected
    if rejected or not imported or not plan.replaced:
        raise RuntimeError(f"catalog import: {imported} imported, {len(rejected)} rejected")
    return elapsed


def bare_import(source: Path, target: Path) -> float:
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    db = sqlite3.connect(target)
    db.executescript(SCHEMA)
    with source.open(newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows)
        db.executemany("INSERT INTO products VALUES (?, ?, ?, ?)", rows)
    db.commit()
    db.close()
    return time.perf_counter() - start


def lookup_row(catalog_file: Path, rows: int, pairs: int, label: str) -> Row:
    """``Catalog.lookup`` by refCode and by barcode against the same SELECTs, on one file."""
    rng = random.Random(1)
    codes = [f"SKU{rng.randrange(rows):07d}" for _ in range(2000)]
    barcodes = [str(BARCODE + rng.randrange(rows)) for _ in range(2000)]
    catalog = Catalog(catalog_file)
    bare = sqlite3.connect(catalog_file)

    def ours() -> float:
        start = time.perf_counter()
        for code, barcode in zip(codes, barcodes, strict=True):
            if catalog.lookup(code) is None or catalog.lookup(barcode) is None:
                raise RuntimeError("a product went missing")
        return (time.perf_counter() - start) / (2 * len(codes))

    def plain() -> float:
        start = time.perf_counter()
        for code, barcode in zip(codes, barcodes, strict=True):
            for column, value in (("ref_code", code), ("ref_code", barcode), ("barcode", barcode)):
                bare.execute(
                    f"SELECT ref_code, name, price FROM products WHERE {column} = ?",
                    (value,),
                ).fetchone()
        return (time.perf_counter() - start) / (2 * len(codes))

    try:
        return abab(
            f"catalog lookup (refCode, barcode), {label} products, vs SELECT",
            ours, plain, pairs=pairs, target="-", unit="us", scale=1e6,
        )  # fmt: skip
    finally:
        catalog.close()
        bare.close()


def run(smoke: bool = False, rows: int = 100_000) -> list[Row]:
    if smoke:
        rows = 200
    pairs = 1 if smoke else 7
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "catalog.csv"
        ours_db, bare_db = Path(directory) / "catalog.sqlite3", Path(directory) / "bare.sqlite3"
        write_catalog(source, rows)
        label = f"{rows // 1000}k" if rows >= 1000 else str(rows)
        importing = abab(
            f"catalog import, {label} rows, vs csv.reader+executemany",
            lambda: posapp_import(source, ours_db), lambda: bare_import(source, bare_db),
            pairs=pairs, target="<= 1.5x", unit="s", scale=1.0,
        )  # fmt: skip
        looked_up = lookup_row(ours_db, rows, pairs, label)
        mixed = Path(directory) / "mixed.csv"
        write_mixed_catalog(mixed, rows)
        by_hand = abab(
            f"catalog import, {label} rows kept by hand (1 in 50 redone), vs the same",
            lambda: posapp_import(mixed, ours_db), lambda: bare_import(mixed, bare_db),
            pairs=pairs, target="-", unit="s", scale=1.0,
        )  # fmt: skip
        return [importing, looked_up, by_hand]


if __name__ == "__main__":
    from tests.benchmarks.harness import render

    print(render(list(run())))
