"""The JSON body of the offline order tracking endpoint: built from an Order, and read back.

``encode_payload`` writes the exact bytes that are stored in the outbox and sent. Money goes
from ``Decimal`` straight to JSON number text at the currency's precision: no float, ever.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from posapp.domain.customer import Customer, make_customer
from posapp.domain.errors import ValidationError
from posapp.domain.jsontext import load_json_object
from posapp.domain.money import format_amount, parse_amount, parse_currency, quantum
from posapp.domain.order import DEFAULT_LANG, LineItem, Order, make_line, make_order
from posapp.domain.text import parse_lang, parse_ref_code, shown

ORDER_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S GMT"
EARLIEST_ORDER_DATE = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_ALLOWANCE = timedelta(days=1)  # time zones and a till clock that runs a little fast
_quote: Callable[[str], str] = json.encoder.encode_basestring  # json.dumps for one str, faster

_TOP_KEYS = {"lang", "user", "order"}
_USER_KEYS = {"id", "info"}
_ORDER_KEYS = {
    "refCode", "orderDate", "currency", "shipping", "subTotal", "total", "items", "attributes",
}  # fmt: skip
_ITEM_KEYS = {"refCode", "qty", "price", "attributes"}


def format_order_date(moment: datetime) -> str:
    """``2016-05-16T14:25:00 GMT``: the one place where orderDate is written."""
    if moment.tzinfo is None:
        raise ValueError("order dates must be timezone-aware")
    utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    if utc.year < 1000:  # how %Y pads such a year differs between platforms: strftime's
        return utc.strftime(ORDER_DATE_FORMAT)
    return utc.isoformat()[:19] + " GMT"  # 2016-05-16T14:25:00, as strftime writes it


def parse_order_date(
    value: object, field: str = "order.orderDate", *, now: datetime | None = None
) -> datetime:
    """A given orderDate: well formed, not before 2000, not more than a day after ``now``."""
    moment: datetime | None = None
    if isinstance(value, str) and len(value) <= 64:
        try:
            moment = datetime.strptime(value.strip(), ORDER_DATE_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            moment = None
    if moment is None:
        raise ValidationError(
            field, "Order date must look like 2016-05-16T14:25:00 GMT (UTC, to the second)."
        )
    if moment < EARLIEST_ORDER_DATE:
        raise ValidationError(
            field, f"Order date {format_order_date(moment)} is before the year 2000: check it."
        )
    latest = (now or datetime.now(UTC)) + FUTURE_ALLOWANCE
    if moment > latest:
        raise ValidationError(
            field,
            f"Order date {format_order_date(moment)} is more than a day in the future: check "
            "it, and this computer's clock.",
        )
    return moment


def encode_payload(order: Order) -> bytes:
    """The exact bytes sent to the endpoint: UTF-8 JSON, amounts at the currency's precision,
    fields in the spec's order. Written straight from the order (this is on the till's enqueue
    path): the same text ``encode_json`` writes for the body as nested dicts (tested)."""
    currency = order.currency
    step = quantum(currency)
    parts = ['{"lang": ', _value(order.lang, currency)]
    customer = order.customer
    if customer is not None:
        parts += [', "user": {"id": ', _value(customer.id, currency)]
        if customer.info:
            parts += [', "info": ', _names(customer.info, currency)]
        parts.append("}")
    parts += [
        ', "order": {"refCode": ', _value(order.ref_code, currency),
        ', "orderDate": "', format_order_date(order.order_date), '"',  # digits, - : T GMT
        ', "currency": ', _value(currency, currency),
        ', "shipping": ', _amount(order.shipping, step, currency),
        ', "subTotal": ', _amount(order.subtotal, step, currency),
        ', "total": ', _amount(order.total, step, currency),
        ', "items": [', ", ".join([_line_json(line, step, currency) for line in order.lines]),
        "]",
    ]  # fmt: skip
    if order.store_attributes:
        parts += [', "attributes": ', _names(order.store_attributes, currency)]
    parts.append("}}")
    return "".join(parts).encode("utf-8")


def _line_json(line: LineItem, step: Decimal, currency: str) -> str:
    ref, qty = line.ref_code, line.qty
    text = (
        f'{{"refCode": {_quote(ref) if type(ref) is str else encode_json(ref, currency)}, '
        f'"qty": {qty if type(qty) is int else encode_json(qty, currency)}, '
        f'"price": {_amount(line.unit_price, step, currency)}'
    )
    if line.attributes:
        return f'{text}, "attributes": {_names(line.attributes, currency)}}}'
    return text + "}"


def _amount(amount: object, step: Decimal, currency: str) -> str:
    """``format_amount`` with the currency's quantum looked up once per order."""
    if type(amount) is Decimal:
        return f"{amount.quantize(step):f}"
    return encode_json(amount, currency)


def _names(names: Mapping[str, str], currency: str) -> str:
    inner = ", ".join(
        [f"{_quote(str(key))}: {_value(item, currency)}" for key, item in names.items()]
    )
    return "{" + inner + "}"


def _value(value: object, currency: str) -> str:
    """``encode_json`` of one value, its two common types first."""
    if type(value) is str:
        return _quote(value)
    if type(value) is Decimal:
        return format_amount(value, currency)
    return encode_json(value, currency)


def encode_json(value: Any, currency: str) -> str:
    """JSON text where every ``Decimal`` is written at ``currency``'s precision."""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, Decimal):
        return format_amount(value, currency)
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{_quote(str(key))}: {encode_json(item, currency)}" for key, item in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(encode_json(item, currency) for item in value) + "]"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    raise TypeError(f"cannot write {type(value).__name__} into an order payload")


@dataclass(frozen=True)
class OrderDefaults:
    """What the till fills in when a given payload leaves it out (from the settings)."""

    currency: str
    lang: str = DEFAULT_LANG
    store_attributes: Mapping[str, str] = field(default_factory=dict)
    info_keys: Sequence[str] = ()


def parse_payload(
    data: bytes | str,
    defaults: OrderDefaults,
    *,
    now: datetime,
    new_ref_code: Callable[[], str],
) -> Order:
    """Read an order given in the spec's format, fill what is absent, check everything.

    Totals are computed when absent and must match when present. ``new_ref_code`` is called
    only when the payload has no refCode and everything else is valid.
    """
    body = _load_json(data)
    _only_keys(body, _TOP_KEYS, "")
    details = body.get("order")
    if not isinstance(details, dict):
        raise ValidationError("order", 'The order is missing: the payload needs an "order" object.')
    _only_keys(details, _ORDER_KEYS, "order.")
    currency = parse_currency(details.get("currency", defaults.currency), "order.currency")
    lang = parse_lang(body.get("lang", defaults.lang))
    customer = _customer(body.get("user"), defaults.info_keys)
    items = details.get("items")
    if not isinstance(items, list) or not items:
        raise ValidationError("order.items", "The order has no items: it needs at least one line.")
    lines = [_line(item, index, currency) for index, item in enumerate(items)]
    order_date = (
        parse_order_date(details["orderDate"], now=now)
        if "orderDate" in details
        else now.astimezone(UTC)
    )
    store = dict(defaults.store_attributes)
    given_store = details.get("attributes")
    if given_store is not None and not isinstance(given_store, dict):
        raise ValidationError("order.attributes", "Store details must be names and values.")
    store.update(given_store or {})
    checked = make_order(
        ref_code=details.get("refCode", "unassigned"),  # replaced below when absent
        order_date=order_date,
        currency=currency,
        lines=lines,
        shipping=details.get("shipping", 0),
        store_attributes=store,
        lang=lang,
        customer=customer,
    )
    for key, computed in (("subTotal", checked.subtotal), ("total", checked.total)):
        if key in details:
            given = parse_amount(details[key], currency, f"order.{key}", key)
            if given != computed:
                raise ValidationError(
                    f"order.{key}",
                    f"The {key} given ({format_amount(given, currency)}) does not add up: the "
                    f"items and shipping make {format_amount(computed, currency)} {currency}.",
                )
    if "refCode" not in details:
        checked = replace(checked, ref_code=parse_ref_code(new_ref_code(), "order.refCode"))
    return checked


def _load_json(data: bytes | str) -> dict[str, Any]:
    body = load_json_object(data)
    if body is None:
        raise ValidationError("payload", 'The order must be a JSON object with an "order" inside.')
    return body


def _only_keys(obj: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
    for key in obj:
        if key not in allowed:
            if key == "email":
                raise ValidationError(
                    f"{prefix}email",
                    "Customer emails are never sent: give the customer's ID instead.",
                )
            name = f"{prefix}{shown(key, 40)}"
            raise ValidationError(name, f"Unknown field {name}: remove it.")


def _customer(user: object, info_keys: Sequence[str]) -> Customer | None:
    if user is None:
        return None
    if not isinstance(user, dict):
        raise ValidationError("user", 'The customer must be an object with an "id".')
    _only_keys(user, _USER_KEYS, "user.")
    info = user.get("info")
    if info is not None and not isinstance(info, dict):
        raise ValidationError("user.info", "Customer details must be names and values.")
    return make_customer(user.get("id"), info, info_keys)


def _line(item: object, index: int, currency: str) -> LineItem:
    prefix = f"order.items[{index}]."
    if not isinstance(item, dict):
        raise ValidationError(f"order.items[{index}]", f"Item {index + 1} must be an object.")
    _only_keys(item, _ITEM_KEYS, prefix)
    try:
        return make_line(
            item.get("refCode"), item.get("qty"), item.get("price"), currency,
            item.get("attributes"), field_prefix=prefix,
        )  # fmt: skip
    except ValidationError as exc:
        raise ValidationError(exc.field, f"Item {index + 1}: {exc.message}") from None
