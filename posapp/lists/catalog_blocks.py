"""A catalog file staged in blocks of lines, so that 100,000 rows cost little more than reading
them with ``csv.reader`` and one ``executemany``.

A block of lines in which every line is a catalog row already written the way the catalog
stores it (refCode and name without outer spaces, printable and in NFC, on one line, the name
in quotes or not, the price with exactly the currency's decimals and no leading zero, the
barcode digits or nothing) is
checked by one compiled pattern over the whole block and goes to the table straight from
``csv.reader``: no Python code runs per row. Any other block goes row by row through
``catalog_rows.good_rows`` (the same checks as always, lines numbered the same), its last row
read on past the block when a quoted name spans lines.

Repeats (a refCode or barcode seen twice) are left to the staged table here: its primary key
and its unique barcode index find them, and then (``staged_exactly``) the file is read again
into a temporary table to find which values repeat, and staged again row by row, rejecting
each repeat with the line it was first on; only the repeated values are remembered, so memory
does not grow with the catalog. A file without repeats is read once.
"""

from __future__ import annotations

import csv
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import TextIO

from posapp.domain.money import minor_units
from posapp.lists.catalog_rows import Seen, good_rows
from posapp.lists.csvfile import Layout, Rejected, is_blank, opened, reading, unreadable
from posapp.lists.listfile import Stage

BLOCK_LINES = 500
_Prefix = Callable[[str, int], "re.Match[str] | None"]
_FIRST_FOUR = itemgetter(slice(0, 4))
# Whitespace outside ASCII (str.isspace, as strip and the checks see it): never in a quick row.
_SPACES = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_LINE_END = r"(?:\r\n|\n|\r)"


@lru_cache(maxsize=16)
def block_patterns(delimiter: str, minor: int, decimal_comma: bool) -> tuple[_Prefix, _Prefix]:
    """The quick rows at the start of a block (each with its line end), of four fields or more
    (the rest ignored) and of three: ``match(text, pos)``, then how far the match went."""
    d = re.escape(delimiter)
    inner = f'[^"{d}\\x00-\\x1f\\x7f{_SPACES}]'  # no quote, delimiter, control or odd space
    edge = f'[^ "{d}\\x00-\\x1f\\x7f{_SPACES}]'  # nor a plain space: the text is stripped
    code = f"{edge}(?:{inner}{{0,126}}{edge})?"  # at most MAX_REFCODE
    name = f"{edge}(?:{inner}{{0,254}}{edge})?"  # at most MAX_VALUE
    # or in quotes, as Excel writes a name holding the delimiter or quotes (doubled): one line
    quoted_inner = f'(?:[^"\\x00-\\x1f\\x7f{_SPACES}]|"")'
    quoted_edge = f'(?:[^ "\\x00-\\x1f\\x7f{_SPACES}]|"")'
    name = f'(?:{name}|"{quoted_edge}(?:{quoted_inner}{{0,254}}{quoted_edge})?")'
    point = "[.,]" if decimal_comma and delimiter != "," else r"\."
    price = r"(?:[1-9][0-9]{0,8}|0)"  # below MAX_AMOUNT, as str(Decimal) writes it
    if minor:
        price += f"{point}[0-9]{{{minor}}}"
    three = f"{code}{d}{name}{d}{price}"
    four = f'{three}{d}[0-9]*(?:{d}[^"\\r\\n\\x00]{{0,1000}})?'
    return tuple(  # type: ignore[return-value]
        re.compile(f"(?:{line}{_LINE_END})*").match for line in (four, three)
    )


def staged_in_blocks(
    handle: TextIO,
    layout: Layout,
    currency: str,
    decimal_comma: bool,
    rejected: list[Rejected],
    progress: Callable[[int], None] | None,
) -> Stage:
    """The stage for ``replace_list``: the file's rows into the staged table, block by block
    (the quick rows at once, any other row by itself); refused rows into ``rejected``; repeats
    left to the table."""
    delimiter, minor = layout.delimiter, minor_units(currency)
    four, three = block_patterns(delimiter, minor, decimal_comma)

    def quick(text: str) -> bool:
        """No text the checks would change or refuse (non-ASCII: printable and in NFC)."""
        if text.isascii():
            return True
        fields = text.replace(delimiter, "").replace("\r", "").replace("\n", "")
        return fields.isprintable() and unicodedata.is_normalized("NFC", text)

    def stage(db: sqlite3.Connection, table: str) -> None:
        price = "replace(?3, ',', '.')" if decimal_comma else "?3"
        by_four = f"INSERT INTO {table} VALUES (?1, ?2, {price}, nullif(?4, ''))"
        by_three = f"INSERT INTO {table} VALUES (?1, ?2, {price}, NULL)"
        one_by_one = f"INSERT INTO {table} VALUES (?, ?, ?, ?)"
        line = _after_header(handle, delimiter) if layout.header else 1
        count, shown = 0, 0
        while block := list(islice(handle, BLOCK_LINES)):
            text = "".join(block)
            plain, done, pos = quick(text), 0, 0  # lines of the block staged, and their text
            while done < len(block):
                taken, end, insert = 0, pos, by_four
                if plain:
                    end = _end(four, text, pos)
                    if end == pos:
                        end, insert = _end(three, text, pos), by_three
                    taken = len(block) - done if end == len(text) else _lines(text, pos, end)
                if taken:
                    rows = csv.reader(block[done : done + taken], delimiter=delimiter)
                    quick_rows = map(_FIRST_FOUR, rows) if insert is by_four else rows
                    count += db.executemany(insert, quick_rows).rowcount
                    done, pos, line = done + taken, end, line + taken
                    continue
                reader = csv.reader(chain(block[done:], handle), delimiter=delimiter)
                one = good_rows(
                    reader, False, currency, decimal_comma, rejected, None, None, line, 1
                )
                try:
                    count += db.executemany(one_by_one, one).rowcount
                except csv.Error as exc:
                    raise unreadable(line - 1 + reader.line_num, exc) from None
                pos += sum(len(piece) for piece in block[done : done + reader.line_num])
                done, line = done + reader.line_num, line + reader.line_num
            if progress is not None and count // 1000 > shown:
                shown = count // 1000
                progress(count)

    return stage


def _end(prefix: _Prefix, text: str, pos: int) -> int:
    found = prefix(text, pos)
    return pos if found is None else found.end()


def _lines(text: str, start: int, end: int) -> int:
    """How many lines ``text[start:end]`` holds (each ends with \\r\\n, \\n or \\r)."""
    return (
        text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
    )


def staged_exactly(
    path: Path,
    layout: Layout,
    currency: str,
    decimal_comma: bool,
    rejected: list[Rejected],
    progress: Callable[[int], None] | None,
) -> Stage:
    """The stage for a file with repeats: every repeat rejected with its first line."""

    def stage(db: sqlite3.Connection, table: str) -> None:
        seen = Seen(_repeated(db, path, layout, currency, decimal_comma))
        with reading(path, layout) as reader:
            rows = good_rows(
                reader, layout.header, currency, decimal_comma, rejected, progress, seen
            )
            db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", rows)

    return stage


def _repeated(
    db: sqlite3.Connection, path: Path, layout: Layout, currency: str, decimal_comma: bool
) -> tuple[set[str], set[str]]:
    """The refCodes and the barcodes that more than one usable row of the file has."""
    counted = "temp.catalog_counted"
    db.execute(f"CREATE TABLE {counted} (ref_code TEXT, name TEXT, price TEXT, barcode TEXT)")
    try:
        with opened(path) as handle:
            staged_in_blocks(handle, layout, currency, decimal_comma, [], None)(db, counted)
        twice = "GROUP BY 1 HAVING count(*) > 1"
        codes = db.execute(f"SELECT ref_code FROM {counted} {twice}")
        barcodes = db.execute(f"SELECT barcode FROM {counted} WHERE barcode NOT NULL {twice}")
        return {row[0] for row in codes}, {row[0] for row in barcodes}
    finally:
        db.execute(f"DROP TABLE {counted}")


def _after_header(handle: TextIO, delimiter: str) -> int:
    """Read past the header (the first row that holds something); the line after it."""
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        for row in reader:
            if not is_blank(row):
                break
    except csv.Error as exc:
        raise unreadable(reader.line_num, exc) from None
    return reader.line_num + 1
