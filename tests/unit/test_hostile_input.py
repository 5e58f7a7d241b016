"""Hostile text and numbers at the edge: one clear line naming the field, never a traceback.

The cases come from issue 16: lone surrogates, absurd exponents, invisible and
direction-changing characters, duplicate keys, implausible dates.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from posapp.domain.customer import make_customer
from posapp.domain.errors import ValidationError
from posapp.domain.money import parse_amount, parse_quantity
from posapp.domain.payload import OrderDefaults, encode_payload, parse_payload
from posapp.domain.refcode import parse_till_id
from posapp.domain.scan import parse_scan
from posapp.domain.text import parse_label, parse_name, parse_ref_code, shown

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
DEFAULTS = OrderDefaults(currency="GBP", store_attributes={"store": "Regent Street"})


def read(text: str) -> object:
    return parse_payload(text, DEFAULTS, now=NOW, new_ref_code=lambda: "T-20261127-0001")


def order_text(item: str = '{"refCode": "CB4551", "qty": 1, "price": 6.5}', extra: str = "") -> str:
    return '{"order": {"items": [' + item + "]" + extra + "}}"


def refused(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read(text)
    message = caught.value.message
    message.encode("utf-8")  # printable as it is: no surrogate survives into a message
    assert message.isprintable(), message
    return caught.value


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (order_text('{"refCode": "A\\ud800B", "qty": 1, "price": 1}'), "order.items[0].refCode"),
        (
            order_text('{"refCode": "A", "qty": 1, "price": 1, "attributes": {"k": "\\udfff"}}'),
            "order.items[0].attributes.k",
        ),
        (order_text(extra=', "attributes": {"store": "x\\ud800"}'), "order.attributes.store"),
        (order_text(extra=', "refCode": "\\ud800"'), "order.refCode"),
        (order_text(extra=', "attributes": {"\\ud800": "x"}'), "order.attributes (a field name)"),
    ],
)
def test_a_lone_surrogate_is_one_line_naming_the_field(text: str, field: str) -> None:
    error = refused(text)
    assert error.field == field
    assert "not valid Unicode" in error.message


@pytest.mark.parametrize(
    "number", ["1E-999999999999999999", "1E+999999999999999999", "1" * 5000, "0." + "0" * 400 + "1"]
)
@pytest.mark.parametrize("where", ["price", "qty", "total", "subTotal", "shipping"])
def test_absurd_numbers_are_refused_before_any_arithmetic(number: str, where: str) -> None:
    item = {"refCode": "CB4551", "qty": "QTY", "price": "PRICE"}
    extra = ""
    if where in {"price", "qty"}:
        item[where] = "NUMBER"
    else:
        extra = f', "{where}": NUMBER'
    text = order_text(json.dumps(item), extra)
    text = text.replace('"NUMBER"', number).replace("NUMBER", number)
    text = text.replace('"QTY"', "1").replace('"PRICE"', "6.5")
    error = refused(text)
    assert where in error.field


def test_absurd_decimals_are_refused_by_the_domain_too() -> None:
    with pytest.raises(ValidationError, match="not a number a till can use"):
        parse_amount(Decimal("1E-999999999999999999"), "GBP", "price")
    with pytest.raises(ValidationError, match="too large"):
        parse_amount(Decimal("1E+999999999999999999"), "GBP", "price")
    with pytest.raises(ValidationError, match="a till can use"):
        parse_quantity(Decimal("1E-999999999999999999"), "qty")
    assert parse_amount("6.5", "GBP", "price") == Decimal("6.50")


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "right-to-left override"),
        ("\u200b", "zero width space"),
        ("\u2066", "left-to-right isolate"),
        ("\ufeff", "zero width no-break space"),
        ("\u00a0", "no-break space"),
    ],
)
def test_invisible_or_direction_changing_characters_are_refused_in_codes(
    char: str, name: str
) -> None:
    for text, field in [
        (order_text(json.dumps({"refCode": f"CB{char}4551", "qty": 1, "price": 1})), "order.items[0].refCode"),
        (order_text(extra=json.dumps({"refCode": f"R{char}1"})[1:-1].join([", ", ""])), "order.refCode"),
    ]:  # fmt: skip
        error = refused(text)
        assert error.field == field
        assert "invisible or direction-changing" in error.message
        assert name in error.message
    with pytest.raises(ValidationError, match="invisible"):
        parse_scan(f"3*CB{char}4551")


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\ue000", "\x1b", "\u2028", "\x85"])
def test_free_text_refuses_the_same_characters(char: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_label(f"Regent{char}Street", "store.store", "Store detail 'store'")
    assert caught.value.field == "store.store"
    assert caught.value.message.startswith("Store detail 'store'")
    with pytest.raises(ValidationError):
        make_customer("abc123", {"gender": f"m{char}x"}, ["gender"])
    with pytest.raises(ValidationError):
        parse_name(f"Ann{char}e", "name")


def test_free_text_and_codes_are_normalised_to_nfc() -> None:
    decomposed = "Cafe\u0301"
    assert parse_label(decomposed, "name", "Name") == "Café"
    assert unicodedata.is_normalized("NFC", parse_label(decomposed, "name", "Name"))
    assert parse_ref_code("CAFE\u0301-1", "refCode") == "CAFÉ-1"
    assert parse_label("Zoë 🙂 Łódź", "name", "Name") == "Zoë 🙂 Łódź"  # real text stays
    assert parse_name("  ", "name") == ""


def test_unassigned_and_private_use_are_refused_in_codes() -> None:
    for char in ["\ue000", "\U000f0000", "\U000e0001"]:
        with pytest.raises(ValidationError):
            parse_ref_code(f"CB{char}", "refCode")


def test_till_ids_are_plain_ascii() -> None:
    assert parse_till_id("regent-01") == "REGENT-01"
    with pytest.raises(ValidationError):
        parse_till_id("ﬁ-01")  # would upper-case to "FI-01"


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ('{"order": {}, "order": {}}', 'The order has two "order" fields: remove one.'),
        (
            order_text('{"refCode": "A", "qty": 1, "price": 1, "price": 2}'),
            'two "price" fields in order.items[0]',
        ),
        (order_text(extra=', "total": 6.5, "total": 7'), 'two "total" fields in order'),
    ],
)
def test_duplicate_keys_anywhere_are_refused(extra: str, words: str) -> None:
    assert words in refused(extra).message


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("0001-01-01T00:00:00 GMT", "before the year 2000"),
        ("1999-12-31T23:59:59 GMT", "before the year 2000"),
        ("9999-12-31T23:59:59 GMT", "more than a day in the future"),
        ("2026-11-28T09:30:01 GMT", "more than a day in the future"),
        ("2026-13-01T00:00:00 GMT", "must look like"),
        ("yesterday", "must look like"),
    ],
)
def test_order_dates_must_be_plausible(date: str, words: str) -> None:
    error = refused(order_text(extra=f', "orderDate": "{date}"'))
    assert error.field == "order.orderDate"
    assert words in error.message


def test_plausible_dates_still_pass() -> None:
    for date in ["2000-01-01T00:00:00 GMT", "2026-11-28T09:30:00 GMT", "2016-05-16T14:25:00 GMT"]:
        read(order_text(extra=f', "orderDate": "{date}"'))


def test_deep_nesting_is_one_line() -> None:
    for depth in [40, 100_000]:
        text = order_text(extra=', "attributes": {"a": ' + "[" * depth + "]" * depth + "}")
        assert "nested too deeply" in refused(text).message


def test_hostile_field_names_are_shown_escaped() -> None:
    error = refused('{"\\u001b[2J\\u202e": 1, "order": {}}')
    assert "\x1b" not in error.message
    assert "\\u001b" in error.message


def test_a_clean_order_is_unchanged() -> None:
    order = read(order_text(extra=', "refCode": "REGENT-01-20261127-0042"'))
    assert b"REGENT-01-20261127-0042" in encode_payload(order)  # type: ignore[arg-type]


def test_shown_escapes_what_a_terminal_would_act_on() -> None:
    assert shown("ok") == "ok"
    assert shown("a\x1bb\u202ec\ud800") == "a\\u001bb\\u202ec\\ud800"


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\x00", "\ud800", "\u00a0"])
def test_an_endpoint_url_with_hidden_characters_is_refused(char: str) -> None:
    from posapp.tracker.endpoint import check_endpoint_url

    with pytest.raises(ValidationError) as caught:
        check_endpoint_url(f"https://uat.peer{char}ius.com/x")
    assert caught.value.field == "endpoint"
    assert caught.value.message.startswith("Endpoint URL")
    assert caught.value.message.isprintable()
