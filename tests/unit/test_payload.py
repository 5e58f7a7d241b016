from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.errors import ValidationError
from posapp.domain.order import make_line, make_order
from posapp.domain.payload import (
    OrderDefaults,
    encode_payload,
    format_order_date,
    parse_order_date,
    parse_payload,
)
from tests.helpers import SPEC_EXAMPLE, simple_order, spec_example_order

NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
DEFAULTS = OrderDefaults(
    currency="GBP",
    lang="en-gb",
    store_attributes={"store": "StreamlyCool Regent Street", "storePostcode": "W1B 4HX"},
    info_keys=("gender",),
)


def parse(body: Any, defaults: OrderDefaults = DEFAULTS) -> Any:
    text = body if isinstance(body, str | bytes) else json.dumps(body)
    return parse_payload(text, defaults, now=NOW, new_ref_code=lambda: "TILL1-20261127-0007")


def test_the_spec_example_is_reproduced_field_by_field() -> None:
    sent = json.loads(encode_payload(spec_example_order()), parse_float=Decimal)
    expected = SPEC_EXAMPLE
    assert list(sent) == list(expected)
    assert sent["lang"] == expected["lang"]
    assert sent["user"] == expected["user"]
    assert list(sent["order"]) == list(expected["order"])
    for key, value in expected["order"].items():
        if key == "items":
            assert len(sent["order"]["items"]) == len(value)
            for got, want in zip(sent["order"]["items"], value, strict=True):
                assert list(got) == list(want)
                assert got["refCode"] == want["refCode"]
                assert got["qty"] == want["qty"] and isinstance(got["qty"], int)
                assert got["price"] == Decimal(str(want["price"]))
                assert got["attributes"] == want["attributes"]
        elif isinstance(value, float):
            assert sent["order"][key] == Decimal(str(value)), key
        else:
            assert sent["order"][key] == value, key


def test_numbers_are_written_at_the_currency_precision() -> None:
    text = encode_payload(spec_example_order()).decode()
    assert '"shipping": 0.00' in text
    assert '"subTotal": 90.00' in text and '"total": 90.00' in text
    assert '"price": 50.00' in text and '"qty": 2' in text
    jpy = make_order(
        ref_code="T-1", order_date=NOW, currency="JPY", lines=[make_line("A", 2, 450, "JPY")]
    )
    jpy_text = encode_payload(jpy).decode()
    assert '"price": 450}' in jpy_text and '"total": 900,' in jpy_text


def test_user_is_omitted_without_a_customer_and_lang_defaults() -> None:
    body = json.loads(encode_payload(simple_order()))
    assert "user" not in body
    assert body["lang"] == "en-gb"
    assert body["order"]["attributes"] == {"store": "Test Store", "storePostcode": "W1B 4HX"}
    assert "attributes" not in body["order"]["items"][0]
    assert body["order"]["subTotal"] == 13.0 and body["order"]["total"] == 13.0


def test_order_dates_are_written_once_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    assert (
        format_order_date(datetime(2016, 5, 16, 15, 25, tzinfo=paris)) == "2016-05-16T14:25:00 GMT"
    )
    assert parse_order_date("2016-05-16T14:25:00 GMT") == datetime(2016, 5, 16, 14, 25, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        format_order_date(datetime(2016, 5, 16, 14, 25))
    with pytest.raises(ValidationError):
        parse_order_date("2016-05-16 14:25")


def test_a_given_payload_round_trips() -> None:
    order = parse(SPEC_EXAMPLE)
    assert order.ref_code == "orderRef"
    assert json.loads(encode_payload(order)) == SPEC_EXAMPLE


def test_what_is_absent_is_filled_from_the_settings() -> None:
    order = parse({"order": {"items": [{"refCode": "CB4551", "qty": 2, "price": 6.5}]}})
    assert order.ref_code == "TILL1-20261127-0007"
    assert order.currency == "GBP"
    assert order.lang == "en-gb"
    assert order.order_date == NOW
    assert order.store_attributes == DEFAULTS.store_attributes
    assert order.total == Decimal("13.00")
    assert order.customer is None


def test_given_store_attributes_win_over_the_settings_key_by_key() -> None:
    order = parse(
        {
            "order": {
                "items": [{"refCode": "A", "qty": 1, "price": 1}],
                "attributes": {"store": "Pop-up"},
            }
        }
    )
    assert order.store_attributes == {"store": "Pop-up", "storePostcode": "W1B 4HX"}


def bad(body: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse(body)
    return caught.value


def with_order(**changes: Any) -> dict[str, Any]:
    body = json.loads(json.dumps(SPEC_EXAMPLE))
    body["order"].update(changes)
    return body


def test_totals_that_do_not_add_up_are_refused() -> None:
    error = bad(with_order(subTotal=95.0))
    assert error.field == "order.subTotal"
    assert "does not add up" in error.message and "90.00 GBP" in error.message
    assert bad(with_order(total=89.99)).field == "order.total"
    assert bad(with_order(shipping=5.0)).field == "order.total"  # total should then be 95


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ("{not json", "payload", "not valid JSON"),
        (
            '{"order": {"items": [{"refCode": "A", "qty": 1, "price": NaN}]}}',
            "payload",
            "not valid JSON",
        ),
        ("[]", "payload", "JSON object"),
        ({"lang": "en-gb"}, "order", "order is missing"),
        ({"order": {"items": []}}, "order.items", "no items"),
        (
            {"order": {"items": [{"refCode": "A", "qty": 0, "price": 1}]}},
            "order.items[0].qty",
            "Item 1: Quantity",
        ),
        (
            {"order": {"items": [{"refCode": "A", "qty": 1.5, "price": 1}]}},
            "order.items[0].qty",
            "whole number",
        ),
        (
            {"order": {"items": [{"refCode": "A", "qty": 1, "price": -1}]}},
            "order.items[0].price",
            "negative",
        ),
        (
            {"order": {"items": [{"refCode": "A", "qty": 1, "price": 1.001}]}},
            "order.items[0].price",
            "decimals",
        ),
        (
            {"order": {"items": [{"refCode": "A", "qty": 1, "price": "x"}]}},
            "order.items[0].price",
            "not an amount",
        ),
        (
            {"order": {"items": [{"refCode": " ", "qty": 1, "price": 1}]}},
            "order.items[0].refCode",
            "empty",
        ),
        ({"order": {"items": [{"qty": 1, "price": 1}]}}, "order.items[0].refCode", "missing"),
        (
            {"order": {"currency": "ZZZ", "items": [{"refCode": "A", "qty": 1, "price": 1}]}},
            "order.currency",
            "ISO 4217",
        ),
        (
            {"lang": "English", "order": {"items": [{"refCode": "A", "qty": 1, "price": 1}]}},
            "lang",
            "language",
        ),
        (
            {
                "user": {"id": "abc", "info": {"shoe": "9"}},
                "order": {"items": [{"refCode": "A", "qty": 1, "price": 1}]},
            },
            "user.info.shoe",
            "not set up",
        ),
        (
            {
                "user": {"email": "a@b.c"},
                "order": {"items": [{"refCode": "A", "qty": 1, "price": 1}]},
            },
            "user.email",
            "never sent",
        ),
        (
            {"order": {"colour": "red", "items": [{"refCode": "A", "qty": 1, "price": 1}]}},
            "order.colour",
            "Unknown field",
        ),
        (
            {
                "order": {
                    "orderDate": "yesterday",
                    "items": [{"refCode": "A", "qty": 1, "price": 1}],
                }
            },
            "order.orderDate",
            "Order date",
        ),
        (
            {"order": {"shipping": -2, "items": [{"refCode": "A", "qty": 1, "price": 1}]}},
            "order.shipping",
            "negative",
        ),
    ],
)
def test_bad_payloads_are_named(body: Any, field: str, words: str) -> None:
    error = bad(body)
    assert error.field == field
    assert words in error.message


def test_no_ref_code_is_drawn_for_an_invalid_order() -> None:
    drawn: list[str] = []

    def draw() -> str:
        drawn.append("x")
        return "T-1"

    with pytest.raises(ValidationError):
        parse_payload('{"order": {"items": []}}', DEFAULTS, now=NOW, new_ref_code=draw)
    assert drawn == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.text())
def test_arbitrary_text_only_ever_yields_a_validation_error(text: str) -> None:
    try:
        parse(text)
    except ValidationError as exc:
        assert exc.message


@given(json_values, json_values)
def test_arbitrary_json_in_an_order_only_ever_yields_a_validation_error(
    item: Any, order_value: Any
) -> None:
    for body in (
        {"order": {"items": [item]}},
        {"order": {"items": [{"refCode": "A", "qty": item, "price": order_value}]}},
        {"order": order_value},
        {"user": item, "order": {"items": [{"refCode": "A", "qty": 1, "price": 1}]}},
    ):
        try:
            order = parse(body)
        except ValidationError as exc:
            assert exc.message
        else:
            assert order.total >= 0
