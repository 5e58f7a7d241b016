"""Reading the CSV files stores keep their catalog and customers in, the way people write them.

A header row or none; ``,``, ``;`` or a tab between fields, decided from the first lines of the
file (never the first line alone); UTF-8 with or without a BOM, CRLF or LF, quoted fields that
hold the delimiter or a line break. Streamed: one row at a time, never the whole file in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Protocol, TextIO

from posapp.domain.errors import Message

DELIMITERS = (",", ";", "\t")
SAMPLE_LINES = 200
_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
_BOM = b"\xef\xbb\xbf"
SAVE_AS_UTF8 = (
    "save it again as CSV UTF-8 (Excel: File > Save As > 'CSV UTF-8'; LibreOffice: "
    "character set 'Unicode (UTF-8)') and import that file"
)


@dataclass(frozen=True)
class Rejected:
    """A row that was not imported: its line in the file and why, for a person to fix
    (``reason`` in English for the command line, ``text`` the same for the window)."""

    line: int
    reason: str
    text: Message

    @classmethod
    def because(cls, line: int, text: Message) -> Rejected:
        return cls(line, str(text), text)

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Layout:
    """How a file is written: what separates its fields, whether line 1 names the columns."""

    delimiter: str
    header: bool


class Reader(Protocol):
    """A csv.reader: rows, and the number of the last line read."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


class CsvError(Exception):
    """The file cannot be read as CSV at all; the message names why and the way out."""


# A row as the list would read it (fields, delimiter) -> does it look like one of its rows?
RowCheck = Callable[[list[str], str], bool]


def lines(path: Path) -> Generator[str, None, None]:
    """The file's lines as text; a line that is not UTF-8 stops the reading with the way out."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise CsvError(f"cannot read the file ({exc.strerror})") from None
    with handle:
        for number, raw in enumerate(handle, 1):
            data = raw
            if number == 1:
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise CsvError(f"the file is saved as Unicode text (UTF-16); {SAVE_AS_UTF8}")
                data = raw.removeprefix(_BOM)
            try:
                yield data.decode("utf-8")
            except UnicodeDecodeError:
                raise CsvError(
                    f"line {number} is not UTF-8 text (the file was probably saved as "
                    f"'CSV' in Latin-1 or Windows-1252); {SAVE_AS_UTF8}"
                ) from None


def records(source: Iterable[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Rows that hold something, each with the line it starts on (a quoted name may span lines)."""
    reader = csv.reader(source, delimiter=delimiter)
    start = 1
    try:
        for row in reader:
            if "".join(row).strip():
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CsvError(f"line {start} cannot be read ({exc})") from None


def detect_layout(
    path: Path, looks_right: RowCheck, is_header: Callable[[list[str]], bool], columns: str
) -> Layout:
    """Decide the delimiter from the first lines: the one under which most of them read as
    rows of this list (``looks_right``), then the one that finds a header, then the one that
    gives the most rows of the usual width. A tie is refused: the file is ambiguous. (When no
    line reads right, the import goes on to reject every row with its reason.)"""
    with closing(lines(path)) as head:
        sample = list(islice(head, SAMPLE_LINES))
    whole = len(sample) < SAMPLE_LINES
    scored: list[tuple[tuple[int, int, int], str]] = []
    unreadable: CsvError | None = None
    for delimiter in DELIMITERS:
        try:
            rows = [row for _, row in records(sample, delimiter)]
        except CsvError as exc:
            unreadable = exc
            continue
        if not whole and len(rows) > 1:
            rows.pop()  # the last line of a sample may be cut in half
        if not rows:
            continue
        header = is_header(rows[0])
        data = rows[1:] if header else rows
        valid = sum(1 for row in data if looks_right(row, delimiter))
        widths = [width for width in (len(_trimmed(row)) for row in data) if width > 1]
        usual = max(set(widths), key=widths.count) if widths else 0
        scored.append(((valid, int(header), widths.count(usual)), delimiter))
    if not scored:
        raise unreadable or CsvError("the file is empty")
    scored.sort(reverse=True)
    (best, delimiter), rest = scored[0], scored[1:]
    if rest and rest[0][0] == best and best[0] > 0:
        other = rest[0][1]
        raise CsvError(
            f"cannot tell whether fields are separated by {_NAMES[delimiter]} or by "
            f"{_NAMES[other]}: both read the first lines the same way. Put a header row "
            f"({columns}) on line 1, or quotes around names that contain {_NAMES[delimiter]}"
        )
    return Layout(delimiter, best[1] == 1)


@contextmanager
def opened(path: Path) -> Iterator[TextIO]:
    """The file as text, read line by line (``\\n``, ``\\r\\n`` or ``\\r`` end a line, kept as
    they are, for csv): text that is not UTF-8 becomes a CsvError that names its line."""
    try:
        handle = path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CsvError(f"cannot read the file ({exc.strerror})") from None
    with handle:
        try:
            yield handle
        except UnicodeDecodeError:
            for _ in lines(path):  # finds the line and raises the CsvError that names it
                pass
            raise CsvError(f"the file is not UTF-8 text; {SAVE_AS_UTF8}") from None


@contextmanager
def reading(path: Path, layout: Layout) -> Iterator[Reader]:
    """A csv.reader over the whole file (the fast way: C all along); its ``line_num`` is the
    last line read. Text that is not UTF-8, or a row csv cannot read, becomes a CsvError."""
    with opened(path) as handle:
        reader = csv.reader(handle, delimiter=layout.delimiter)
        try:
            yield reader
        except csv.Error as exc:
            raise unreadable(reader.line_num, exc) from None


def unreadable(line: int, exc: csv.Error) -> CsvError:
    return CsvError(f"line {line} cannot be read ({exc})")


def is_blank(row: list[str]) -> bool:
    return not "".join(row).strip()


def _trimmed(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]
