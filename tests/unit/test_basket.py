from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from posapp.domain.basket import Basket
from posapp.domain.errors import ValidationError


def test_a_repeat_of_the_same_item_and_price_raises_the_quantity() -> None:
    basket = Basket("GBP")
    assert basket.add("CB4551", 1, "6.50", name="Mug") == 0
    assert basket.add("TEA01", 2, "3.00") == 1
    assert basket.add("CB4551", 2, "6.50") == 0
    assert len(basket) == 2
    assert basket.line(0).qty == 3
    assert basket.line(0).name == "Mug"
    assert basket.subtotal == Decimal("25.50")
    assert basket.item_count == 5


def test_same_item_at_another_price_or_with_other_attributes_is_its_own_line() -> None:
    basket = Basket("GBP")
    basket.add("CB4551", 1, "6.50")
    basket.add("CB4551", 1, "5.00")
    basket.add("CB4551", 1, "6.50", attributes={"discount": "true"})
    assert [line.unit_price for line in basket.lines] == [
        Decimal("6.50"),
        Decimal("5.00"),
        Decimal("6.50"),
    ]


def test_change_qty_price_remove_and_void() -> None:
    basket = Basket("GBP")
    basket.add("A", 1, "1.00")
    basket.add("B", 1, "2.00")
    basket.set_qty(0, "4")
    basket.set_price(1, "2.25")
    assert basket.subtotal == Decimal("6.25")
    removed = basket.remove(0)
    assert removed.ref_code == "A"
    assert [line.ref_code for line in basket.lines] == ["B"]
    # after a removal, a repeat of B still merges into B's (new) row
    assert basket.add("B", 1, "2.25") == 0
    assert basket.line(0).qty == 2
    basket.void()
    assert len(basket) == 0 and basket.subtotal == Decimal("0.00")


def test_bad_changes_change_nothing() -> None:
    basket = Basket("GBP")
    basket.add("A", 9000, "1.00")
    before = basket.lines
    with pytest.raises(ValidationError, match="would be 10,000"):
        basket.add("A", 1000, "1.00")
    with pytest.raises(ValidationError, match="at least 1"):
        basket.set_qty(0, 0)
    with pytest.raises(ValidationError, match="negative"):
        basket.set_price(0, "-1")
    with pytest.raises(ValidationError, match="too many decimals"):
        basket.add("B", 1, "1.001")
    with pytest.raises(ValidationError, match="no longer in the basket"):
        basket.remove(5)
    assert basket.lines == before


def test_an_empty_basket_cannot_be_finished() -> None:
    with pytest.raises(ValidationError) as caught:
        Basket("GBP").to_order(
            ref_code="T-20261127-0001", order_date=datetime.now(UTC), store_attributes={}
        )
    assert caught.value.field == "order.items"
    assert "basket is empty" in caught.value.message


def test_finished_order_carries_store_attributes_and_totals() -> None:
    basket = Basket("JPY")
    basket.add("SUSHI", 3, 450)
    order = basket.to_order(
        ref_code="T-20261127-0001",
        order_date=datetime(2026, 11, 27, 10, 0, 0, 123456, tzinfo=UTC),
        store_attributes={"store": "Ginza"},
        shipping=500,
    )
    assert order.subtotal == Decimal(1350)
    assert order.total == Decimal(1850)
    assert order.store_attributes == {"store": "Ginza"}
    assert order.order_date.microsecond == 0
