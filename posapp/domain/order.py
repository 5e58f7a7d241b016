"""A finished sale, checked and frozen: what goes into the outbox and to the endpoint."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from posapp.domain.customer import Customer
from posapp.domain.errors import ValidationError
from posapp.domain.money import (
    parse_amount,
    parse_currency,
    parse_quantity,
    round_to_currency,
    zero_amount,
)
from posapp.domain.text import parse_attributes, parse_lang, parse_ref_code

DEFAULT_LANG = "en-gb"


@dataclass(frozen=True)
class LineItem:
    """One line of a sale: ``qty`` times the product ``ref_code`` at ``unit_price`` each.

    ``name`` is for the cashier and the receipt; it is not sent.
    """

    ref_code: str
    qty: int
    unit_price: Decimal
    attributes: Mapping[str, str] = field(default_factory=dict)
    name: str = ""

    @property
    def line_total(self) -> Decimal:
        return self.qty * self.unit_price


def make_line(
    ref_code: object,
    qty: object,
    unit_price: object,
    currency: str,
    attributes: object = None,
    name: str = "",
    field_prefix: str = "",
) -> LineItem:
    """A checked line; errors name the field under ``field_prefix`` (``items[2].``)."""
    return LineItem(
        ref_code=parse_ref_code(ref_code, f"{field_prefix}refCode"),
        qty=parse_quantity(qty, f"{field_prefix}qty"),
        unit_price=parse_amount(unit_price, currency, f"{field_prefix}price"),
        attributes=parse_attributes(attributes, f"{field_prefix}attributes", "Item detail"),
        name=name,
    )


@dataclass(frozen=True)
class Order:
    """A finished sale. Build it with ``make_order``, which checks every field."""

    ref_code: str
    order_date: datetime
    currency: str
    lines: tuple[LineItem, ...]
    shipping: Decimal
    store_attributes: Mapping[str, str]
    lang: str = DEFAULT_LANG
    customer: Customer | None = None

    # Worked out once, when the order is made (it is frozen): the payload, the outbox row and
    # the log line each read them. Derived from the fields above, so not compared or shown.
    subtotal: Decimal = field(init=False, repr=False, compare=False)
    total: Decimal = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        subtotal = lines_subtotal(self.lines, self.currency)
        object.__setattr__(self, "subtotal", subtotal)
        object.__setattr__(self, "total", subtotal + self.shipping)


def lines_subtotal(lines: Sequence[LineItem], currency: str) -> Decimal:
    """The sum of qty x price over the lines, at the currency's precision."""
    return round_to_currency(sum((line.line_total for line in lines), Decimal(0)), currency)


def make_order(
    *,
    ref_code: object,
    order_date: datetime,
    currency: object,
    lines: Sequence[LineItem],
    shipping: object = 0,
    store_attributes: object = None,
    lang: object = DEFAULT_LANG,
    customer: Customer | None = None,
) -> Order:
    """A checked, frozen order. The lines must already be checked (``make_line``); store
    attributes the settings checked (``CheckedAttributes``) are taken as they are."""
    code = parse_currency(currency, "order.currency")
    if order_date.tzinfo is None:
        raise ValueError("order_date must be timezone-aware")  # a programming error, not input
    if not lines:
        raise ValidationError(
            "order.items", "The basket is empty: scan at least one item before finishing the sale."
        )
    return Order(
        ref_code=parse_ref_code(ref_code, "order.refCode", "Order number"),
        order_date=order_date.astimezone(UTC).replace(microsecond=0),
        currency=code,
        lines=tuple(lines),
        shipping=(
            zero_amount(code)  # the till's sale: no shipping, nothing to check
            if type(shipping) is int and shipping == 0
            else parse_amount(shipping, code, "order.shipping", "Shipping")
        ),
        store_attributes=parse_attributes(store_attributes, "order.attributes", "Store detail"),
        lang=parse_lang(lang),
        customer=customer,
    )
