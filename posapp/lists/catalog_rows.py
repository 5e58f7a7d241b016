"""The rows of a catalog file, checked one by one: the one rule (``convert_row``), and the quick
way through it for the usual row, which must give exactly the same verdicts and messages.

``good_rows`` takes the usual row (plain digits in the price, printable text of sane length,
digits in the barcode) with string methods and no call into the checks of ``posapp.domain``;
a row it does not take goes through ``convert_row``, which takes it or says why not.
``tests/unit/test_catalog_rows.py`` holds the two side by side on random rows. (Most rows of
a large file do not come here at all: see ``posapp.lists.catalog_blocks``.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

from posapp.domain.errors import Message, ValidationError
from posapp.domain.money import minor_units, parse_amount
from posapp.domain.text import MAX_REFCODE, MAX_VALUE, parse_label, parse_ref_code
from posapp.lists.csvfile import Reader, Rejected, is_blank

# a catalog row whose refCode or barcode an earlier row has (the window translates them)
CODE_TWICE = "refCode %1 appears twice (first on line %2)"
BARCODE_TWICE = "barcode %1 appears twice (first on line %2)"

Values = tuple[str, str, str, str | None]


class Seen:
    """The refCodes and barcodes taken so far, each with the line it was on: only those of
    ``repeated`` (a value that appears once cannot be a repeat), so that memory follows the
    repeats, not the catalog."""

    def __init__(self, repeated: tuple[set[str], set[str]]) -> None:
        self.repeated_codes, self.repeated_barcodes = repeated
        self.codes: dict[str, int] = {}
        self.barcodes: dict[str, int] = {}

    def first(self, values: Values, start: int, rejected: list[Rejected]) -> bool:
        """True when neither the row's refCode nor its barcode was taken before (then they
        are); else the row is in ``rejected``, with the line the value was first on."""
        code, barcode = values[0], values[3]
        if code in self.repeated_codes:
            first = self.codes.setdefault(code, start)
            if first != start:
                rejected.append(Rejected.because(start, Message(CODE_TWICE, (code, str(first)))))
                return False
        if barcode is not None and barcode in self.repeated_barcodes:
            first = self.barcodes.setdefault(barcode, start)
            if first != start:
                self.codes.pop(code, None)
                twice = Message(BARCODE_TWICE, (barcode, str(first)))
                rejected.append(Rejected.because(start, twice))
                return False
        return True


def good_rows(
    reader: Reader,
    header: bool,
    currency: str,
    decimal_comma: bool,
    rejected: list[Rejected],
    progress: Callable[[int], None] | None = None,
    seen: Seen | None = None,
    first_line: int = 1,
    stop: int = 0,
) -> Iterator[Values]:
    """The rows to import, in one pass: the usual row is checked inline, any other goes
    through ``convert_row``; a refused row goes to ``rejected`` with its line. With ``seen``,
    a refCode or barcode seen before is rejected with the line it was first on (without it,
    repeats are left to the table). ``first_line`` is the line the reader starts on; with
    ``stop``, the rows end with the one that ends on or after the reader's line ``stop``."""
    minor = minor_units(currency)
    count, line, skip, base = 0, first_line, header, first_line - 1
    for row in reader:
        start, line = line, base + reader.line_num + 1
        if skip:
            skip = is_blank(row)  # the header is the first row that holds something
        else:
            values = _checked(row, minor, currency, decimal_comma, start, rejected)
            if values is not None and (seen is None or seen.first(values, start, rejected)):
                count += 1
                if progress is not None and count % 1000 == 0:
                    progress(count)
                yield values
        if stop and reader.line_num >= stop:
            return


def _checked(
    row: list[str],
    minor: int,
    currency: str,
    decimal_comma: bool,
    start: int,
    rejected: list[Rejected],
) -> Values | None:
    """The row's values (the usual row inline, any other through ``convert_row``), or None:
    blank, or refused (then in ``rejected``)."""
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
            and len(row[0]) <= 4 * MAX_REFCODE  # the checks refuse a longer cell unstripped
            and len(row[1]) <= 4 * MAX_VALUE
            and code.isprintable()
            and name.isprintable()
            and (not barcode or barcode.isdigit())
            and ((code.isascii() and name.isascii()) or _in_nfc(code, name))
        ):
            whole = whole.lstrip("0") or "0"
            price = f"{whole}.{fraction.ljust(minor, '0')}" if minor else whole
            return code, name, price, barcode or None
    if is_blank(row):
        return None
    try:
        return convert_row(row, currency, decimal_comma)
    except ValidationError as exc:
        rejected.append(Rejected.because(start, exc.text))
        return None


def _in_nfc(code: str, name: str) -> bool:
    """Non-ASCII text that the checks keep as it is (it is printable already): NFC."""
    return unicodedata.is_normalized("NFC", code) and unicodedata.is_normalized("NFC", name)


def convert_row(row: list[str], currency: str, decimal_comma: bool) -> Values:
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
        raise ValidationError(
            "barcode", Message("barcode %1 must be digits (EAN)", (repr(barcode),))
        )
    return ref_code, name, str(price), barcode
