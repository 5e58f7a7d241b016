"""What the sandbox checks in an order, and the faults it can be told to inject."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from posapp.domain.currencies import MINOR_UNITS

_ORDER_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} GMT")
_LANG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")
FAULT_KINDS = ("status", "delay", "drop", "warning", "refuse")


@dataclass
class Fault:
    kind: str
    count: int = 1
    status: int = 503
    retry_after: str | None = None
    seconds: float = 0.0
    record: bool = False

    @classmethod
    def from_json(cls, data: object) -> Fault:
        if not isinstance(data, dict) or data.get("kind") not in FAULT_KINDS:
            raise ValueError(f"a fault is an object with kind one of {', '.join(FAULT_KINDS)}")
        retry_after = data.get("retry_after")
        fault = cls(
            kind=str(data["kind"]),
            count=int(data.get("count", 1)),
            status=int(data.get("status", 503)),
            retry_after=None if retry_after is None else str(retry_after),
            seconds=float(data.get("seconds", 0.0)),
            record=bool(data.get("record", False)),
        )
        if fault.count < 0 or not 100 <= fault.status <= 599 or not 0 <= fault.seconds <= 3600:
            raise ValueError("count must be 0 or more, status 100-599, seconds 0-3600")
        return fault

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "count": self.count, "status": self.status,
            "retry_after": self.retry_after, "seconds": self.seconds, "record": self.record,
        }  # fmt: skip


def check_order_body(body: object) -> list[dict[str, str]]:
    """The endpoint's own validation: required fields and their types. Empty list: valid."""
    errors: list[dict[str, str]] = []

    def fail(code: str, message: str) -> None:
        errors.append({"code": code, "message": message})

    def is_number(value: object) -> bool:
        return isinstance(value, int | Decimal) and not isinstance(value, bool)

    if not isinstance(body, dict):
        fail("MalformedJson", "the body must be a JSON object")
        return errors
    if "lang" in body and not (isinstance(body["lang"], str) and _LANG.fullmatch(body["lang"])):
        fail("MalformedLang", "lang must be a lower-case language code such as en-gb")
    user = body.get("user")
    if user is not None and not (
        isinstance(user, dict) and isinstance(user.get("id") or user.get("email"), str)
    ):
        fail("MissingOrMalformedUser", "user needs an id (or the deprecated email)")
    order = body.get("order")
    if not isinstance(order, dict):
        fail("MissingOrMalformedOrder", "order object is required")
        return errors
    if not (isinstance(order.get("refCode"), str) and order["refCode"].strip()):
        fail("MissingOrMalformedRefCode", "order.refCode is required")
    if not (isinstance(order.get("orderDate"), str) and _ORDER_DATE.fullmatch(order["orderDate"])):
        fail("MissingOrMalformedOrderDate", "order.orderDate must be like 2016-05-16T14:25:00 GMT")
    if order.get("currency") not in MINOR_UNITS:
        fail("MissingOrMalformedCurrency", "order.currency must be an ISO 4217 code")
    if not is_number(order.get("total")):
        fail("MissingOrMalformedTotal", "order.total is required and must be a number")
    for key in ("shipping", "subTotal"):
        if key in order and not is_number(order[key]):
            fail(f"Malformed{key[0].upper()}{key[1:]}", f"order.{key} must be a number")
    items = order.get("items")
    if not isinstance(items, list) or not items:
        fail("MissingOrMalformedItems", "order.items must be a non-empty list")
        return errors
    for index, item in enumerate(items):
        where = f"order.items[{index}]"
        if not isinstance(item, dict):
            fail("MissingOrMalformedItems", f"{where} must be an object")
            continue
        if not (isinstance(item.get("refCode"), str) and item["refCode"].strip()):
            fail("MissingOrMalformedItemRefCode", f"{where}.refCode is required")
        qty = item.get("qty")
        if not (isinstance(qty, int) and not isinstance(qty, bool) and qty > 0):
            fail("MissingOrMalformedQty", f"{where}.qty must be a positive whole number")
        if not (is_number(item.get("price")) and item["price"] >= 0):
            fail("MissingOrMalformedPrice", f"{where}.price must be a number, zero or more")
    return errors
