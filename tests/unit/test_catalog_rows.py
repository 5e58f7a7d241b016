"""The quick ways through a catalog import give the verdicts of the one rule, row for row.

The reference below is the import as it was before any quick path: every row through
``convert_row``, each refCode and barcode remembered with its line, one ``csv.reader`` over
the whole file. Random files (good rows, bad rows, repeats, quoted names over several lines,
text the checks would change, blank lines, any of the three delimiters, a header or none) go
through the real import into a real SQLite file, with blocks of a few lines so that quick and
slow blocks mix and quoted rows cross their edges: the same products must be stored and the
same rows rejected, with the same lines and the same words.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from posapp.domain.errors import ValidationError
from posapp.lists import catalog_blocks
from posapp.lists.catalog import Catalog, layout_of
from posapp.lists.catalog_rows import convert_row
from posapp.lists.csvfile import CsvError, Rejected, is_blank
from posapp.lists.listfile import Limits

TAKE_ALL = Limits(max_rejects=1.0, max_changed=1.0, confirmed=True)
Values = tuple[str, str, str, str | None]


class Plain(NamedTuple):
    """A rejected row as the plain way says it: its line and its words."""

    line: int
    reason: str


def reference(path: Path, currency: str, lang: str) -> tuple[list[Values], list[Plain]]:
    """The rows the import keeps and the ones it rejects, the slow and plain way."""
    layout, decimal_comma = layout_of(path, currency, lang)
    kept: list[Values] = []
    rejected: list[Plain] = []
    codes: dict[str, int] = {}
    barcodes: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=layout.delimiter)
        line, skip = 1, layout.header
        for row in reader:
            start, line = line, reader.line_num + 1
            if is_blank(row):
                continue
            if skip:
                skip = False
                continue
            try:
                values = convert_row(row, currency, decimal_comma)
            except ValidationError as exc:
                rejected.append(Plain(start, exc.message))
                continue
            if values[0] in codes:
                reason = f"refCode {values[0]} appears twice (first on line {codes[values[0]]})"
                rejected.append(Plain(start, reason))
                continue
            if values[3] is not None and values[3] in barcodes:
                reason = f"barcode {values[3]} appears twice (first on line {barcodes[values[3]]})"
                rejected.append(Plain(start, reason))
                continue
            codes[values[0]] = start
            if values[3] is not None:
                barcodes[values[3]] = start
            kept.append(values)
    return kept, rejected


def imported(path: Path, currency: str, lang: str) -> tuple[list[Values], list[Rejected]]:
    with tempfile.TemporaryDirectory() as directory:
        catalog = Catalog(Path(directory) / "catalog.sqlite3")
        try:
            plan = catalog.import_csv(path, currency, lang=lang, limits=TAKE_ALL)
            stored = catalog._db.execute(
                "SELECT ref_code, name, price, barcode FROM products"
            ).fetchall()
        finally:
            catalog.close()
    assert plan.replaced == bool(plan.new)
    return [tuple(row) for row in stored], plan.rejected  # type: ignore[misc]


def outcome(run: object, path: Path, currency: str, lang: str) -> object:
    try:
        kept, rejected = run(path, currency, lang)  # type: ignore[operator]
    except CsvError as exc:
        return ("CsvError", str(exc))
    # the words each rejected row gets (the English the command line prints: the import's
    # Messages hold the same words for the window)
    return sorted(kept), [(row.line, row.reason) for row in rejected]


codes = st.one_of(
    st.sampled_from(
        ["A1", "A1", "B2", "b2", "SKU-9", " C3 ", "", "Thé", "The\u0301", "é", "x" * 128,
         "x" * 129, " " * 520 + "A", "a\u200bb", "A\tB", "Z\xa0", "\u00c5", "\u212b", "MUG 1", "Ω", "#1"]
    ),
    st.text(max_size=6),
)  # fmt: skip
names = st.one_of(
    st.sampled_from(
        ["Mug", "Tea", "Thé vert", "Cafe\u0301", " padded ", "", "two\nlines", "a,b", 'say "hi"',
         "a;b", "tab\there", "\xa0nbsp", "x" * 256, "y" * 257, " " * 1100 + "z", "\u2028",
         "ﬁ ligature", "\ue000", "\U0001f600 smile", "\u0378", "x\u2009y"]
    ),
    st.text(max_size=8),
)  # fmt: skip
prices = st.one_of(
    st.sampled_from(
        ["1.00", "0.00", "0", "6,50", "6.5", "06.50", "1.001", "-1", "-0", "1e2", "", " 2.00 ",
         "999999999.99", "1000000000.00", "5.", ".5", "١٢", "12", "0012", "3,5", "1.500",
         "123456789", "0.5", "7.25 ", "nan", "1 000"]
    ),
    st.from_regex(r"[0-9]{1,10}([.,][0-9]{0,4})?", fullmatch=True),
)  # fmt: skip
barcodes = st.one_of(
    st.sampled_from(["", "", "5012345678900", "5012345678900", "123", "12a", " 77 ", "²", "0"]),
    st.from_regex(r"[0-9]{0,3}", fullmatch=True),
)
rows = st.one_of(
    st.tuples(codes, names, prices).map(list),
    st.tuples(codes, names, prices, barcodes).map(list),
    st.tuples(codes, names, prices, barcodes, st.sampled_from(["", "x", "a\nb"])).map(list),
    st.tuples(codes, names).map(list),
    st.just([]),
)


@st.composite
def catalog_files(draw: st.DrawFn) -> tuple[bytes, str, str, int]:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    terminator = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    body = draw(st.lists(rows, max_size=14))
    if draw(st.booleans()):
        body.insert(0, ["refCode", "name", "price", "barcode"][: draw(st.integers(3, 4))])
    text = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer = csv.writer(text, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerows(body)
    for _ in range(draw(st.integers(0, 2))):  # lines as no csv.writer writes them
        text.write(draw(st.text(alphabet='A1 .,;\t"\r\né\u0301', max_size=24)) + terminator)
    bom = "\ufeff" if draw(st.booleans()) else ""
    data = (bom + text.getvalue()).encode("utf-8")
    currency = draw(st.sampled_from(["GBP", "EUR", "JPY", "BHD"]))
    lang = draw(st.sampled_from(["en-gb", "de-de"]))
    return data, currency, lang, draw(st.sampled_from([1, 2, 3, 500]))


@pytest.fixture(scope="module")
def where() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=catalog_files())
@example(case=("A,Mug,1.00\nB,Thé,2.00\nA,Again,3.00\n".encode(), "GBP", "en-gb", 1))
@example(case=(b"A,Mug,1.00,5\nB,Tea,2.00,5\nB,Tea,2.00,6\n", "GBP", "en-gb", 500))
@example(case=("A,The\u0301,1.00\n".encode(), "GBP", "en-gb", 500))
@example(case=(b'A,"two\nlines",1.00\nB,Tea,2.00\n', "GBP", "en-gb", 1))
@example(case=(b"A,Mug,06.50\nB,Tea,1.50\n", "GBP", "en-gb", 500))
@example(
    case=(b'A,"Choc, dark",1.00,1\nB,"say ""hi""",2.00,\nC,""" a",3.00,\n', "GBP", "en-gb", 500)
)
@example(case=(b'A,"a"b",1.00,\nB,Tea,2.00,\n', "GBP", "en-gb", 500))
@example(case=(b"A,Mug,6,50\nB,Tea,1,50\n", "GBP", "de-de", 500))
@example(case=(b"A;Mug;6,50\nB;Tea;1.50\n", "EUR", "de-de", 500))
@example(case=(b" " * 520 + b"A,Mug,1.00\n", "GBP", "en-gb", 500))
def test_the_quick_ways_give_the_verdicts_of_the_rule(
    where: Path, case: tuple[bytes, str, str, int]
) -> None:
    data, currency, lang, block = case
    path = where / "catalog.csv"
    path.write_bytes(data)
    with mock.patch.object(catalog_blocks, "BLOCK_LINES", block):
        assert outcome(imported, path, currency, lang) == outcome(reference, path, currency, lang)
