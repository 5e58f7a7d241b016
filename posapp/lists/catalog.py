"""The store's product list: refCode -> name and price, with EAN barcodes mapped to refCodes.

Kept in its own SQLite file, imported from CSV ``refCode,name,price[,barcode]``. An import
replaces the whole catalog in one transaction, keeps the replaced one for ``restore``, and
refuses a file that would make the catalog worse (see ``posapp.lists.listfile``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from posapp.domain.errors import ValidationError
from posapp.lists.catalog_blocks import staged_exactly, staged_in_blocks
from posapp.lists.catalog_rows import convert_row
from posapp.lists.csvfile import Layout, Rejected, detect_layout, opened
from posapp.lists.datafile import open_data_file
from posapp.lists.listfile import (
    ImportPlan,
    Limits,
    ListInfo,
    ListSpec,
    list_info,
    replace_list,
    restore_previous,
)

COLUMNS = "refCode,name,price[,barcode]"
SPEC = ListSpec(
    what="catalog",
    unit="products",
    table="products",
    columns="ref_code TEXT PRIMARY KEY, name TEXT NOT NULL, price TEXT NOT NULL, barcode TEXT",
    names=("ref_code", "name", "price", "barcode"),
    labels=("refCode", "Name", "Price", "Barcode"),
    unique=(0, 3),
    watched=2,
    numeric=True,
    indexes=(
        # the import refuses a barcode twice (unique values of unique columns, spec.unique)
        "UNIQUE products_by_barcode ON {table} (barcode) WHERE barcode IS NOT NULL",
        "products_by_code_nocase ON {table} (ref_code COLLATE NOCASE)",
    ),
    without_rowid=True,
)
_HEADER_NAMES = frozenset(
    [
        "refcode",
        "ref",
        "sku",
        "code",
        "itemcode",
        "productcode",
        "article",
        "name",
        "productname",
        "description",
        "price",
        "barcode",
        "ean",
        "gtin",
    ]
)


@dataclass(frozen=True)
class Product:
    ref_code: str
    name: str
    price: Decimal
    barcode: str | None = None


class Catalog:
    """Lookups by refCode or barcode; one connection, for the thread that made it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_data_file(path, SPEC.schema(), "catalog")

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM products").fetchone()[0])

    def lookup(self, code: str) -> Product | None:
        """A scanned or typed code: the refCode itself, else an EAN barcode of one, else the
        one refCode that differs from it only by case (``cb4551`` finds ``CB4551``)."""
        select = "SELECT ref_code, name, price, barcode FROM products WHERE"
        row = self._db.execute(f"{select} ref_code = ?", (code,)).fetchone()
        if row is None:
            row = self._db.execute(f"{select} barcode = ?", (code,)).fetchone()
        if row is None:
            alike = self._db.execute(f"{select} ref_code = ? COLLATE NOCASE LIMIT 2", (code,))
            rows = alike.fetchall()
            row = rows[0] if len(rows) == 1 else None
        return None if row is None else Product(row[0], row[1], Decimal(row[2]), row[3])

    def products(self) -> Iterator[Product]:
        """Every product, by refCode (for an export)."""
        rows = self._db.execute("SELECT ref_code, name, price, barcode FROM products ORDER BY 1")
        for row in rows:
            yield Product(row[0], row[1], Decimal(row[2]), row[3])

    def info(self, slot: str = "current") -> ListInfo | None:
        return list_info(self._db, SPEC, slot)

    def restore(self) -> ListInfo | None:
        """Bring back the catalog the last import replaced (None: there is none)."""
        return restore_previous(self._db, SPEC)

    def import_csv(
        self,
        path: Path,
        currency: str,
        progress: Callable[[int], None] | None = None,
        lang: str = "en-gb",
        limits: Limits | None = None,
        check_only: bool = False,
    ) -> ImportPlan:
        """Replace the catalog with the file's products; bad rows are listed, not imported.

        Prices may use a decimal comma (``6,50``) when fields are separated by ``;`` or tabs, or
        when the store's language writes numbers that way (then such a price must be quoted).
        A CsvError (file unreadable, ambiguous, not UTF-8) changes nothing.
        """
        layout, decimal_comma = layout_of(path, currency, lang)
        rejected: list[Rejected] = []
        exact = staged_exactly(path, layout, currency, decimal_comma, rejected, progress)
        with opened(path) as handle:
            stage = staged_in_blocks(handle, layout, currency, decimal_comma, rejected, progress)
            return replace_list(
                self._db, SPEC, stage, rejected, path.name, limits or Limits(), check_only, exact
            )


def layout_of(path: Path, currency: str, lang: str) -> tuple[Layout, bool]:
    """How the file is written, and whether its prices use a decimal comma."""
    by_language = uses_decimal_comma(lang)

    def looks_right(row: list[str], delimiter: str) -> bool:
        if any(mark in row[0] for mark in ",;\t"):
            return False
        try:
            convert_row(row, currency, by_language or delimiter != ",")
        except ValidationError:
            return False
        return True

    layout = detect_layout(path, looks_right, is_header, COLUMNS)
    return layout, by_language or layout.delimiter != ","


def is_header(row: list[str]) -> bool:
    """Line 1 names the columns: refCode, name, price..., or a price column without a digit."""
    names = [cell.strip().lower().replace(" ", "").replace("_", "") for cell in row]
    if names[0] in _HEADER_NAMES or sum(name in _HEADER_NAMES for name in names) >= 2:
        return True
    return len(row) >= 3 and not any(ch.isdigit() for ch in row[2]) and bool(row[2].strip())


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
