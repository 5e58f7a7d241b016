"""The payload written straight from the order is byte for byte what the dict walk wrote.

``encode_payload`` used to build the body as nested dicts (``build_payload`` below, kept here
as the reference) and write it with ``encode_json``; it now writes the text directly. Random
orders, including hand-made ones that ``make_order`` would refuse (any text, any amount's
exponent, times in any zone), must come out as the same bytes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from posapp.domain.currencies import MINOR_UNITS
from posapp.domain.customer import Customer
from posapp.domain.order import LineItem, Order
from posapp.domain.payload import encode_json, encode_payload, format_order_date
from posapp.domain.text import CheckedAttributes
from tests.helpers import simple_order


def build_payload(order: Order) -> dict[str, Any]:
    """The reference: the body as a dict (money as ``Decimal``), as the till built it before."""
    body: dict[str, Any] = {"lang": order.lang}
    if order.customer is not None:
        user: dict[str, Any] = {"id": order.customer.id}
        if order.customer.info:
            user["info"] = dict(order.customer.info)
        body["user"] = user
    details: dict[str, Any] = {
        "refCode": order.ref_code,
        "orderDate": order.order_date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S GMT"),
        "currency": order.currency,
        "shipping": order.shipping,
        "subTotal": order.subtotal,
        "total": order.total,
        "items": [_item(line) for line in order.lines],
    }
    if order.store_attributes:
        details["attributes"] = dict(order.store_attributes)
    body["order"] = details
    return body


def _item(line: LineItem) -> dict[str, Any]:
    item: dict[str, Any] = {"refCode": line.ref_code, "qty": line.qty, "price": line.unit_price}
    if line.attributes:
        item["attributes"] = dict(line.attributes)
    return item


def reference(order: Order) -> bytes:
    return encode_json(build_payload(order), order.currency).encode("utf-8")


texts = st.text(max_size=12)  # any code point: quotes, controls, surrogates, astral
names = st.dictionaries(texts, texts, max_size=3)
amounts = st.decimals(
    min_value=Decimal(0), max_value=Decimal("999999999"), allow_nan=False, places=None
).filter(lambda amount: abs(amount.as_tuple().exponent) <= 8)  # type: ignore[arg-type]
zones = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
moments = st.builds(
    lambda when, zone: when.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 30)),
    zones,
)
lines = st.builds(
    LineItem,
    ref_code=texts,
    qty=st.integers(1, 9999),
    unit_price=amounts,
    attributes=st.one_of(names, names.map(CheckedAttributes)),
    name=texts,
)
customers = st.one_of(st.none(), st.builds(Customer, id=texts, info=names, name=texts))
orders = st.builds(
    Order,
    ref_code=texts,
    order_date=moments,
    currency=st.sampled_from(sorted(MINOR_UNITS)),
    lines=st.lists(lines, max_size=4).map(tuple),
    shipping=amounts,
    store_attributes=st.one_of(names, names.map(CheckedAttributes)),
    lang=texts,
    customer=customers,
)


@settings(max_examples=400, deadline=None)
@given(orders)
def test_the_direct_encoder_writes_the_same_bytes_as_the_dict_walk(order: Order) -> None:
    assert encode_payload(order) == reference(order)


@settings(max_examples=200, deadline=None)
@given(moments)
def test_order_dates_are_written_as_strftime_wrote_them(moment: datetime) -> None:
    expected = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S GMT")
    assert format_order_date(moment) == expected


def test_a_till_order_reads_back_as_the_spec_writes_it() -> None:
    order = simple_order("T-20261127-0001")
    body = json.loads(encode_payload(order))
    assert body == {
        "lang": "en-gb",
        "order": {
            "refCode": "T-20261127-0001",
            "orderDate": "2026-11-27T09:30:00 GMT",
            "currency": "GBP",
            "shipping": 0,
            "subTotal": 13,
            "total": 13,
            "items": [{"refCode": "CB4551", "qty": 2, "price": 6.5}],
            "attributes": {"store": "Test Store", "storePostcode": "W1B 4HX"},
        },
    }
    assert b'"shipping": 0.00, "subTotal": 13.00, "total": 13.00' in encode_payload(order)
