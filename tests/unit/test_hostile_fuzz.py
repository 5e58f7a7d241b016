"""Fuzzing the edges with hypothesis: whatever comes in, the outcome is a valid value or a
``ValidationError`` (``CsvError`` for a file that is not CSV at all), never another exception.

Fast by default (a few hundred examples in all). For a release, run it longer:
``POSAPP_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q tests/unit/test_hostile_fuzz.py``.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posapp.domain.errors import ValidationError
from posapp.domain.payload import OrderDefaults, encode_payload, parse_payload
from posapp.domain.scan import parse_scan
from posapp.domain.text import refuse_hidden_characters
from posapp.lists.catalog import Catalog
from posapp.lists.csvfile import CsvError
from posapp.lists.customers import Customers

EXAMPLES = int(os.environ.get("POSAPP_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
DEFAULTS = OrderDefaults(currency="GBP", store_attributes={"store": "Regent Street"})

# -- JSON text, hostile on purpose -----------------------------------------------------------

hostile_chars = st.sampled_from(
    [
        "\ud800",
        "\udfff",
        "\u202e",
        "\u200b",
        "\ufeff",
        "\x00",
        "\x1b",
        "\u2028",
        "\ue000",
        "é",
        "e\u0301",
    ]
)
texts = st.one_of(
    st.text(max_size=20),
    st.lists(st.one_of(hostile_chars, st.text(max_size=3)), max_size=6).map("".join),
    st.sampled_from(
        ["CB4551", "REGENT-01-20261127-0001", "2026-11-27T09:30:00 GMT", "GBP", "en-gb"]
    ),
)
number_texts = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**60), max_value=10**60).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(
        lambda d: f"{d:E}" if d.adjusted() > 20 else str(d)
    ),
    st.builds(
        lambda m, e: f"{m}E{e}",
        st.integers(min_value=-99, max_value=99),
        st.integers(min_value=-(10**20), max_value=10**20),
    ),
    st.sampled_from(
        ["1E-999999999999999999", "NaN", "Infinity", "-Infinity", "1" * 5000, "6.5", "0"]
    ),
)


def json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # lone surrogates come out as \\udXXX escapes


def json_object(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{json_string(key)}: {value}" for key, value in pairs) + "}"


keys = st.one_of(
    st.sampled_from(["order", "items", "refCode", "qty", "price", "total", "subTotal", "shipping",
                     "orderDate", "currency", "attributes", "user", "id", "info", "lang"]),
    texts,
)  # fmt: skip
json_texts = st.recursive(
    st.one_of(st.just("null"), st.just("true"), texts.map(json_string), number_texts),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(keys, inner), max_size=5).map(json_object),  # duplicates happen
    ),
    max_leaves=25,
)


def valid_order() -> dict[str, Any]:
    return {
        "lang": "en-gb",
        "order": {
            "refCode": "REGENT-01-20261127-0042",
            "orderDate": "2026-11-27T09:00:00 GMT",
            "currency": "GBP",
            "items": [{"refCode": "CB4551", "qty": 2, "price": 6.5, "attributes": {"k": "v"}}],
            "attributes": {"storePostcode": "W1B 4HX"},
        },
    }


LEAVES = [
    ("order", "refCode"), ("order", "orderDate"), ("order", "currency"), ("order", "items", 0, "refCode"),
    ("order", "items", 0, "qty"), ("order", "items", 0, "price"), ("order", "items", 0, "attributes", "k"),
    ("order", "attributes", "storePostcode"), ("lang",),
]  # fmt: skip


@st.composite
def mutated_orders(draw: st.DrawFn) -> str:
    """A valid order with one leaf replaced by hostile JSON: reaches the checks deep inside."""
    path = draw(st.sampled_from(LEAVES))
    marker = "\u0000MARK\u0000"
    body = valid_order()
    node: Any = body
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = marker
    text = json.dumps(body)
    return text.replace(json.dumps(marker), draw(json_texts))


def nested(depth: int) -> str:
    return '{"order": {"items": ' + "[" * depth + "]" * depth + "}}"


payloads = st.one_of(
    json_texts,
    mutated_orders(),
    st.integers(min_value=1, max_value=3_000).map(nested),
    st.binary(max_size=200),
)


@FUZZ
@given(payloads)
def test_the_payload_reader_gives_an_order_or_a_validation_error(data: str | bytes) -> None:
    try:
        order = parse_payload(data, DEFAULTS, now=NOW, new_ref_code=lambda: "T-20261127-0001")
    except ValidationError as exc:
        exc.message.encode("utf-8")  # printable on any terminal, as it is
        assert exc.message.isprintable()
        return
    body = json.loads(encode_payload(order))  # what is sent is valid UTF-8 JSON
    assert body["order"]["refCode"] == order.ref_code
    for line in order.lines:
        refuse_hidden_characters(line.ref_code, "refCode", "Item code", code=True)
        assert unicodedata.is_normalized("NFC", line.ref_code)


@FUZZ
@given(st.one_of(st.text(), st.lists(st.one_of(hostile_chars, st.text(max_size=4))).map("".join)))
def test_the_scan_parser_gives_scans_or_a_validation_error(text: str) -> None:
    try:
        scans = parse_scan(text)
    except ValidationError as exc:
        assert exc.message.isprintable()
        return
    for scan in scans:
        refuse_hidden_characters(scan.code, "code", "Item code", code=True)
        assert 1 <= scan.qty <= 9999


cells = st.one_of(texts, number_texts, st.sampled_from(["", " ", '"6,50"', "5012345678900"]))
csv_texts = st.lists(st.lists(cells, min_size=0, max_size=5).map(",".join), max_size=8).map(
    "\n".join
)


csv_files = st.one_of(
    csv_texts.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
    csv_texts.map(lambda text: text.replace(",", ";").encode("utf-8", "surrogatepass")),
)


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Catalog, Customers]]:
    """One catalog and one customer directory for every example (each import replaces all)."""
    where = tmp_path_factory.mktemp("lists")
    catalog = Catalog(where / "catalog.sqlite3")
    customers = Customers(where / "customers.sqlite3")
    yield where / "list.csv", catalog, customers
    catalog.close()
    customers.close()


@FUZZ
@given(data=csv_files)
def test_the_csv_readers_import_or_reject_rows_never_crash(
    lists: tuple[Path, Catalog, Customers], data: bytes
) -> None:
    path, catalog, customers = lists
    path.write_bytes(data)
    for run in (lambda: catalog.import_csv(path, "GBP"), lambda: customers.import_csv(path)):
        try:
            report = run()
        except CsvError as exc:
            assert str(exc)
            continue
        for rejected in report.rejected:
            assert rejected.line >= 1
            str(rejected).encode("utf-8")
