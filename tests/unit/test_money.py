from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.currencies import MINOR_UNITS
from posapp.domain.errors import ValidationError
from posapp.domain.money import (
    format_amount,
    minor_units,
    parse_amount,
    parse_currency,
    parse_quantity,
    round_to_currency,
)


@pytest.mark.parametrize(
    ("currency", "decimals"),
    [("JPY", 0), ("GBP", 2), ("EUR", 2), ("BHD", 3), ("KWD", 3), ("CLF", 4)],
)
def test_minor_units_follow_iso_4217(currency: str, decimals: int) -> None:
    assert minor_units(currency) == decimals


def test_currency_codes_are_normalised_and_unknown_ones_named() -> None:
    assert parse_currency(" gbp ") == "GBP"
    with pytest.raises(ValidationError) as caught:
        parse_currency("XYZ")
    assert caught.value.field == "currency"
    assert "'XYZ'" in caught.value.message and "ISO 4217" in caught.value.message
    for bad in ["", "GB", "GBPX", "123", None, 826]:
        with pytest.raises(ValidationError):
            parse_currency(bad)


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("12.5", "GBP", "12.50"),
        ("12", "GBP", "12.00"),
        (Decimal("1.500"), "GBP", "1.50"),
        (1500, "JPY", "1500"),
        ("0.125", "BHD", "0.125"),
        ("0", "EUR", "0.00"),
        (".5", "EUR", "0.50"),
    ],
)
def test_amounts_come_back_at_the_currency_precision(
    value: object, currency: str, expected: str
) -> None:
    amount = parse_amount(value, currency, "price")
    assert isinstance(amount, Decimal)
    assert format_amount(amount, currency) == expected
    assert str(amount) == expected


@pytest.mark.parametrize(
    ("value", "currency", "words"),
    [
        ("-1", "GBP", "cannot be negative"),
        (Decimal("-0.01"), "GBP", "cannot be negative"),
        (Decimal("NaN"), "GBP", "amount of money"),
        (Decimal("Infinity"), "GBP", "amount of money"),
        ("NaN", "GBP", "not an amount"),
        ("Infinity", "GBP", "not an amount"),
        ("12.345", "GBP", "too many decimals: GBP allows at most 2"),
        ("1.5", "JPY", "JPY allows no decimals"),
        ("abc", "GBP", "not an amount"),
        ("1,50", "GBP", "not an amount"),
        ("1e3", "GBP", "not an amount"),
        ("", "GBP", "not an amount"),
        (12.5, "GBP", "amount of money"),
        (True, "GBP", "amount of money"),
        (None, "GBP", "amount of money"),
        ("1000000000", "GBP", "too large"),
        (Decimal("1E+999999999"), "GBP", "too large"),
    ],
)
def test_bad_amounts_are_named(value: object, currency: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount(value, currency, "items[0].price", "Price")
    assert caught.value.field == "items[0].price"
    assert words in caught.value.message
    assert caught.value.message.startswith("Price")


@pytest.mark.parametrize("value", [1, "3", " 12 ", Decimal("2"), Decimal("2.0"), 9999])
def test_good_quantities(value: object) -> None:
    assert parse_quantity(value) == int(Decimal(str(value).strip()))


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "at least 1"),
        (-3, "at least 1"),
        ("0", "at least 1"),
        (Decimal("1.5"), "whole number"),
        ("1.5", "whole number"),
        (10000, "more than 9,999"),
        ("9" * 5000, "more than 9,999"),
        (Decimal("1E+999999999"), "more than 9,999"),
        (True, "whole number"),
        (2.0, "whole number"),
        ("two", "whole number"),
        (None, "whole number"),
    ],
)
def test_bad_quantities_are_named(value: object, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_quantity(value, "qty")
    assert words in caught.value.message


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.integers(1, 9999), amounts), max_size=30))
def test_sums_of_lines_are_exact(lines: list[tuple[int, Decimal]]) -> None:
    total = sum((qty * price for qty, price in lines), Decimal(0))
    # the same sum in integer pence: no rounding anywhere on the way
    pence = sum(qty * int(price * 100) for qty, price in lines)
    assert round_to_currency(total, "GBP") == Decimal(pence) / 100
    assert format_amount(total, "GBP") == f"{pence // 100}.{pence % 100:02d}"


@given(st.sampled_from(sorted(MINOR_UNITS)), st.integers(0, 10**12))
def test_every_currency_round_trips_its_smallest_units(currency: str, units: int) -> None:
    amount = Decimal(units).scaleb(-minor_units(currency))
    if amount >= 10**9:
        return
    text = format_amount(amount, currency)
    assert parse_amount(text, currency, "price") == amount
    decimals = minor_units(currency)
    assert len(text.partition(".")[2]) == decimals


@given(st.text())
def test_arbitrary_text_is_an_amount_or_a_validation_error(text: str) -> None:
    try:
        amount = parse_amount(text, "GBP", "price")
    except ValidationError as exc:
        assert exc.field == "price" and exc.message
    else:
        assert amount >= 0 and amount == amount.quantize(Decimal("0.01"))


@given(st.text())
def test_arbitrary_text_is_a_quantity_or_a_validation_error(text: str) -> None:
    try:
        qty = parse_quantity(text)
    except ValidationError as exc:
        assert exc.message
    else:
        assert 1 <= qty <= 9999


@pytest.mark.parametrize("currency", sorted(MINOR_UNITS))
def test_zero_amount_is_what_parsing_zero_gives(currency: str) -> None:
    from posapp.domain.money import zero_amount

    parsed = parse_amount(0, currency, "order.shipping")
    assert (str(zero_amount(currency)), zero_amount(currency)) == (str(parsed), parsed)
