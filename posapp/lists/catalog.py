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
from posapp.domain.money import minor_units, parse_amount
from posapp.domain.text import MAX_REFCODE, MAX_VALUE, parse_label, parse_ref_code
from posapp.lists.csvfile import Reader, Rejected, detect_layout, is_blank, reading
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
        "products_by_barcode ON {table} (barcode) WHERE barcode IS NOT NULL",
        "products_by_code_nocase ON {table} (ref_code COLLATE NOCASE)",
    ),
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
        decimal_comma = by_language or layout.delimiter != ","
        rejected: list[Rejected] = []
        with reading(path, layout) as reader:
            good = _good_rows(reader, layout.header, currency, decimal_comma, rejected, progress)
            return replace_list(
                self._db, SPEC, good, rejected, path.name, limits or Limits(), check_only
            )


def _good_rows(
    reader: Reader,
    header: bool,
    currency: str,
    decimal_comma: bool,
    rejected: list[Rejected],
    progress: Callable[[int], None] | None,
) -> Iterator[tuple[str, str, str, str | None]]:
    """The rows to import, in one pass: the usual row is checked inline (100,000 rows must
    cost little more than reading them); any other goes through ``convert_row``, which takes
    it or says why not. A refCode or barcode seen before is rejected with the first line."""
    minor = minor_units(currency)
    codes: dict[str, int] = {}
    barcodes: dict[str, int] = {}
    count, line, skip = 0, 1, header
    for row in reader:
        start, line = line, reader.line_num + 1
        if skip:
            skip = is_blank(row)  # the header is the first row that holds something
            continue
        price = ""
        if len(row) >= 3:  # the usual row: plain ASCII digits, printable text, sane lengths
            code, name, text = row[0].strip(), row[1].strip(), row[2].strip()
            barcode = row[3].strip() if len(row) > 3 else ""
            whole, dot, fraction = text.partition("," if decimal_comma and "," in text else ".")
            if (
                0 < len(whole) < 10
                and whole.isascii()
                and whole.isdigit()
                and (not fraction or (fraction.isascii() and fraction.isdigit()))
                and len(fraction) <= minor
                and (minor or not dot)
                and 0 < len(code) <= MAX_REFCODE
                and 0 < len(name) <= MAX_VALUE
                and code.isprintable()
                and name.isprintable()
                and (not barcode or barcode.isdigit())
            ):
                whole = whole.lstrip("0") or "0"
                price = f"{whole}.{fraction.ljust(minor, '0')}" if minor else whole
        if price:
            values = (code, name, price, barcode or None)
        elif is_blank(row):
            continue
        else:
            try:
                values = convert_row(row, currency, decimal_comma)
            except ValidationError as exc:
                rejected.append(Rejected(start, exc.message))
                continue
        first = codes.setdefault(values[0], start)
        if first != start:
            rejected.append(
                Rejected(start, f"refCode {values[0]} appears twice (first on line {first})")
            )
            continue
        if values[3] is not None:
            first = barcodes.setdefault(values[3], start)
            if first != start:
                del codes[values[0]]
                rejected.append(
                    Rejected(start, f"barcode {values[3]} appears twice (first on line {first})")
                )
                continue
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(count)
        yield values


def is_header(row: list[str]) -> bool:
    """Line 1 names the columns: refCode, name, price..., or a price column without a digit."""
    names = [cell.strip().lower().replace(" ", "").replace("_", "") for cell in row]
    if names[0] in _HEADER_NAMES or sum(name in _HEADER_NAMES for name in names) >= 2:
        return True
    return len(row) >= 3 and not any(ch.isdigit() for ch in row[2]) and bool(row[2].strip())


def convert_row(
    row: list[str], currency: str, decimal_comma: bool
) -> tuple[str, str, str, str | None]:
    """One CSV row as the catalog stores it: refCode, name, price text, barcode or None."""
    if len(row) < 3:
        raise ValidationError("row", "needs refCode, name and price")
    ref_code = parse_ref_code(row[0], "refCode")
    name = row[1]
    if "\n" in name or "\r" in name:  # a line break typed in the cell (Alt+Enter in Excel)
        name = " ".join(name.split())
    name = parse_label(name, "name", "Name")
    price_text = row[2].strip().replace(",", ".") if decimal_comma else row[2].strip()
    price = parse_amount(price_text, currency, "price")
    barcode = row[3].strip() if len(row) > 3 and row[3].strip() else None
    if barcode is not None and not barcode.isdigit():
        raise ValidationError("barcode", f"barcode {barcode!r} must be digits (EAN)")
    return ref_code, name, str(price), barcode


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
