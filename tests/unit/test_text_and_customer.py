from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.customer import make_customer, mask_customer_id, parse_customer_id
from posapp.domain.errors import ValidationError
from posapp.domain.refcode import format_order_ref, parse_till_id
from posapp.domain.text import parse_attributes, parse_lang, parse_ref_code


def test_ref_codes_are_trimmed() -> None:
    assert parse_ref_code("  CB4551\n", "refCode") == "CB4551"
    assert parse_ref_code("x" * 128, "refCode") == "x" * 128


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("x" * 129, "too long: at most 128"),
        ("CB\x004551", "cannot be printed"),
        ("CB\x1b[2J", "cannot be printed"),
        ("AB\u2028CD", "cannot be printed"),
        (None, "is missing"),
        (4551, "is missing"),
    ],
)
def test_bad_ref_codes_are_named(value: object, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_ref_code(value, "items[0].refCode")
    assert caught.value.field == "items[0].refCode"
    assert words in caught.value.message
    assert caught.value.message.startswith("Item code")


@pytest.mark.parametrize(
    ("given_lang", "expected"),
    [("en-gb", "en-gb"), ("EN_GB", "en-gb"), ("fr", "fr"), ("de-DE", "de-de")],
)
def test_language_tags(given_lang: str, expected: str) -> None:
    assert parse_lang(given_lang) == expected


@pytest.mark.parametrize("bad", ["", "english", "e", "en-", "en gb", "12", None, "en-gb-"])
def test_malformed_language_is_named(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_lang(bad)
    assert caught.value.field == "lang"
    assert "language code" in caught.value.message


def test_attributes_are_checked_text() -> None:
    assert parse_attributes({" discount ": " true "}, "attributes", "Item detail") == {
        "discount": "true"
    }
    assert parse_attributes(None, "attributes", "Item detail") == {}
    for bad in [{"": "x"}, {"k": ""}, {"k": 3}, ["k"], {"k": "a\nb"}]:
        with pytest.raises(ValidationError):
            parse_attributes(bad, "attributes", "Item detail")


def test_customer_info_is_limited_to_configured_keys() -> None:
    customer = make_customer("abcd1234efgh", {"gender": "female", "diet": ""}, ["gender", "diet"])
    assert customer.info == {"gender": "female"}
    with pytest.raises(ValidationError) as caught:
        make_customer("abcd1234efgh", {"shoeSize": "10"}, ["gender", "diet"])
    assert caught.value.field == "user.info.shoeSize"
    assert "not set up for this store" in caught.value.message
    assert "diet, gender" in caught.value.message


def test_an_email_is_never_taken_as_a_customer_id() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_customer_id("john.customer@email.com")
    assert "email" in caught.value.message
    assert "john.customer" not in caught.value.message


@pytest.mark.parametrize("bad", ["", "  ", "has space", "x" * 129, "-leading", None])
def test_bad_customer_ids(bad: object) -> None:
    with pytest.raises(ValidationError):
        parse_customer_id(bad)


def test_masked_customer_id_shows_only_the_end() -> None:
    assert mask_customer_id("abcd1234efgh") == "••••efgh"
    assert mask_customer_id("abc") == "••••"


def test_till_ids_and_order_refs() -> None:
    assert parse_till_id(" regent-01 ") == "REGENT-01"
    from datetime import date

    assert format_order_ref("REGENT-01", date(2026, 11, 27), 42) == "REGENT-01-20261127-0042"
    assert format_order_ref("T", date(2026, 1, 2), 123456) == "T-20260102-123456"
    for bad in ["", "-A", "A-", "A B", "Ä", "x" * 25, None]:
        with pytest.raises(ValidationError):
            parse_till_id(bad)
    with pytest.raises(ValueError, match="start at 1"):
        format_order_ref("T", date(2026, 1, 2), 0)


@given(st.text())
def test_arbitrary_text_never_crashes_the_checks(text: str) -> None:
    for check in (
        lambda: parse_ref_code(text, "refCode"),
        lambda: parse_lang(text),
        lambda: parse_customer_id(text),
        lambda: parse_till_id(text),
        lambda: make_customer("abc123", {text: text}, [text]),
    ):
        try:
            check()
        except ValidationError as exc:
            assert exc.message and exc.field
