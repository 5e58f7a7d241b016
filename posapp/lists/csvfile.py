"""Reading the CSV files stores keep their catalog and customers in, the way people write them.

A header row or none; ``,`` or ``;`` between fields; UTF-8 with or without a BOM. Streamed:
one row at a time, never the whole file in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO


@dataclass(frozen=True)
class Rejected:
    """A row that was not imported: its line in the file and why, for a person to fix."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class CsvRows:
    delimiter: str
    rows: Iterator[tuple[int, list[str]]]


class CsvError(Exception):
    """The file cannot be read as CSV at all; the message names it."""


def open_csv(path: Path) -> IO[str]:
    try:
        return path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CsvError(f"cannot read {path}: {exc.strerror}") from None


def read_rows(handle: IO[str], header_first_cells: set[str]) -> CsvRows:
    """Rows with their line numbers; a first row starting with a header name is skipped."""
    try:
        first = handle.readline()
    except UnicodeDecodeError:
        raise CsvError("the file is not UTF-8 text; save it as CSV UTF-8") from None
    delimiter = ";" if first.count(";") > first.count(",") else ","

    def rows() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader([first], delimiter=delimiter)
        head = next(reader, [])
        if head and head[0].strip().lower() not in header_first_cells:
            yield 1, head
        body = csv.reader(handle, delimiter=delimiter)
        try:
            for row in body:
                if any(cell.strip() for cell in row):
                    yield body.line_num + 1, row
        except UnicodeDecodeError:
            raise CsvError(f"line {body.line_num + 2} is not UTF-8 text") from None
        except csv.Error as exc:
            raise CsvError(f"line {body.line_num + 1}: {exc}") from None

    return CsvRows(delimiter, rows())
