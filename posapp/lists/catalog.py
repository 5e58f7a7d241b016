"""The store's product list: refCode -> name and price, with EAN barcodes mapped to refCodes.

Kept in its own SQLite file, imported from CSV ``refCode,name,price[,barcode]``. An import
replaces the whole catalog in one transaction: if it fails midway the old catalog stays.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from posapp.domain.errors import ValidationError
from posapp.domain.money import parse_amount
from posapp.domain.text import parse_label, parse_ref_code
from posapp.lists.csvfile import Rejected, open_csv, read_rows
from posapp.lists.datafile import open_data_file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    ref_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    price TEXT NOT NULL,
    barcode TEXT
);
CREATE INDEX IF NOT EXISTS products_by_barcode ON products (barcode) WHERE barcode IS NOT NULL;
"""


@dataclass(frozen=True)
class Product:
    ref_code: str
    name: str
    price: Decimal


@dataclass(frozen=True)
class ImportReport:
    imported: int
    rejected: list[Rejected]


class Catalog:
    """Lookups by refCode or barcode; one connection, for the thread that made it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_data_file(path, _SCHEMA, "catalog")

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM products").fetchone()[0])

    def lookup(self, code: str) -> Product | None:
        """A scanned or typed code: the refCode itself, else an EAN barcode of one."""
        row = self._db.execute(
            "SELECT ref_code, name, price FROM products WHERE ref_code = ?", (code,)
        ).fetchone()
        if row is None:
            row = self._db.execute(
                "SELECT ref_code, name, price FROM products WHERE barcode = ?", (code,)
            ).fetchone()
        return None if row is None else Product(row[0], row[1], Decimal(row[2]))

    def import_csv(
        self,
        path: Path,
        currency: str,
        progress: Callable[[int], None] | None = None,
        lang: str = "en-gb",
    ) -> ImportReport:
        """Replace the catalog with the file's products; bad rows are listed, not imported.

        Prices may use a decimal comma (``6,50``) when fields are separated by ``;``, or when
        the store's language writes numbers that way (then such a price must be quoted).
        """
        rejected: list[Rejected] = []
        imported = 0
        with open_csv(path) as handle:
            csv_rows = read_rows(handle, {"refcode", "ref_code", "sku"})
            decimal_comma = csv_rows.delimiter == ";" or uses_decimal_comma(lang)
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM products")
                for line, row in csv_rows.rows:
                    try:
                        product, barcode = _product(row, currency, decimal_comma)
                    except ValidationError as exc:
                        rejected.append(Rejected(line, exc.message))
                        continue
                    try:
                        self._db.execute(
                            "INSERT INTO products (ref_code, name, price, barcode) VALUES (?, ?, ?, ?)",
                            (product.ref_code, product.name, str(product.price), barcode),
                        )
                    except sqlite3.IntegrityError:
                        rejected.append(Rejected(line, f"{product.ref_code} appears twice"))
                        continue
                    imported += 1
                    if progress is not None and imported % 1000 == 0:
                        progress(imported)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return ImportReport(imported, rejected)


# Languages whose numbers are written with a decimal comma (CLDR), by their primary subtag.
_DECIMAL_COMMA = frozenset(
    [
        "af",
        "az",
        "be",
        "bg",
        "bs",
        "ca",
        "cs",
        "da",
        "de",
        "el",
        "es",
        "et",
        "eu",
        "fi",
        "fo",
        "fr",
        "gl",
        "hr",
        "hu",
        "hy",
        "id",
        "is",
        "it",
        "ka",
        "kk",
        "ky",
        "lt",
        "lv",
        "mk",
        "mn",
        "nb",
        "nl",
        "nn",
        "no",
        "pl",
        "pt",
        "ro",
        "ru",
        "sk",
        "sl",
        "sq",
        "sr",
        "sv",
        "tr",
        "uk",
        "uz",
        "vi",
    ]
)


def uses_decimal_comma(lang: str) -> bool:
    """True for ``de-de``, ``fr`` ...; ``de-ch`` writes a decimal point, like ``en``."""
    primary, _, region = lang.lower().partition("-")
    return primary in _DECIMAL_COMMA and region not in {"ch", "li", "mx"}


def _product(row: list[str], currency: str, decimal_comma: bool) -> tuple[Product, str | None]:
    if len(row) < 3:
        raise ValidationError("row", "needs refCode, name and price")
    ref_code = parse_ref_code(row[0], "refCode")
    name = parse_label(row[1], "name", "Name")
    price_text = row[2].strip().replace(",", ".") if decimal_comma else row[2].strip()
    price = parse_amount(price_text, currency, "price")
    barcode = row[3].strip() if len(row) > 3 and row[3].strip() else None
    if barcode is not None and not barcode.isdigit():
        raise ValidationError("barcode", f"barcode {barcode!r} must be digits (EAN)")
    return Product(ref_code, name, price), barcode
