"""Store details are checked once, when the settings load, and every sale takes them as they are."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, datetime

import pytest

from posapp.domain.basket import Basket
from posapp.domain.errors import ValidationError
from posapp.domain.order import LineItem, make_order
from posapp.domain.text import CheckedAttributes, parse_attributes
from posapp.setup.settings import parse_settings

SETTINGS = """
currency = "GBP"
[store]
store = "  Regent Street  "
"storePostcode" = "W1B 4HX"
"""


def test_the_settings_hand_over_checked_store_details_that_a_sale_takes_as_they_are() -> None:
    settings = parse_settings(SETTINGS)
    assert type(settings.store) is CheckedAttributes
    assert settings.store == {"store": "Regent Street", "storePostcode": "W1B 4HX"}
    changed = settings.with_value("store.floor", "2")
    assert type(changed.store) is CheckedAttributes
    assert changed.store["floor"] == "2"
    basket = Basket("GBP")
    basket.add("CB4551", 1, "6.50")
    order = basket.to_order(
        ref_code="T-1",
        order_date=datetime(2026, 11, 28, tzinfo=UTC),
        store_attributes=settings.store,
    )
    assert order.store_attributes is settings.store  # not checked, nor copied, again


def test_plain_store_details_are_still_checked_and_checked_ones_cannot_change() -> None:
    checked = parse_attributes({" store ": "Regent"}, "order.attributes", "Store detail")
    assert type(checked) is CheckedAttributes and checked == {"store": "Regent"}
    assert parse_attributes(checked, "order.attributes", "Store detail") is checked
    with pytest.raises(ValidationError, match="cannot be printed"):
        make_order(
            ref_code="T-1", order_date=datetime(2026, 11, 28, tzinfo=UTC), currency="GBP",
            lines=_one_line(), store_attributes={"store": "a\x07b"},
        )  # fmt: skip
    for change in (
        lambda: checked.__setitem__("store", "a\x07b"),
        lambda: checked.update(store="x"),
        lambda: checked.pop("store"),
        lambda: checked.setdefault("other", "x"),
        checked.clear,
        checked.popitem,
    ):
        with pytest.raises(TypeError, match="read-only"):
            change()
    with pytest.raises(TypeError, match="read-only"):
        checked |= {"store": "x"}
    assert checked == {"store": "Regent"}
    for twin in (copy.copy(checked), copy.deepcopy(checked), pickle.loads(pickle.dumps(checked))):  # noqa: S301 - our own bytes
        assert type(twin) is CheckedAttributes and twin == checked


def _one_line() -> tuple[LineItem, ...]:
    basket = Basket("GBP")
    basket.add("CB4551", 1, "6.50")
    return basket.lines
