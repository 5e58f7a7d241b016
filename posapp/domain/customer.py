"""The customer of a sale: a pseudonymised ID and the info keys the store agreed with the vendor."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from posapp.domain.errors import Message, ValidationError
from posapp.domain.text import MAX_KEY, parse_label, shorten

MAX_CUSTOMER_ID = 128
_CUSTOMER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")


@dataclass(frozen=True)
class Customer:
    """Who bought: ``id`` is sent to the endpoint; ``name`` only helps the cashier and is never sent."""

    id: str
    info: Mapping[str, str] = field(default_factory=dict)
    name: str = ""

    @property
    def masked_id(self) -> str:
        return mask_customer_id(self.id)


def mask_customer_id(customer_id: str) -> str:
    """The last four characters only, for screens and logs: ``••••efgh``."""
    return "••••" + customer_id[-4:] if len(customer_id) > 4 else "••••"


def parse_customer_id(value: object, field: str = "user.id") -> str:
    """A pseudonymised customer ID. Email addresses are refused: the till never sends one."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            field, Message("Customer ID is empty; scan the loyalty card or type the ID.")
        )
    text = value.strip()
    if "@" in text:
        raise ValidationError(
            field,
            Message(
                "That looks like an email address. Emails are never sent: scan the loyalty card "
                "or type the customer ID instead."
            ),
        )
    if len(text) > MAX_CUSTOMER_ID or not _CUSTOMER_ID.fullmatch(text):
        raise ValidationError(
            field,
            Message(
                "%1 is not a customer ID: use letters, digits, '.', '_', ':' or '-' (at most %2).",
                (repr(shorten(text)), str(MAX_CUSTOMER_ID)),
            ),
        )
    return text


def make_customer(
    customer_id: object,
    info: Mapping[Any, Any] | None = None,
    allowed_keys: Iterable[str] = (),
    name: str = "",
) -> Customer:
    """A checked customer. ``info`` may only use ``allowed_keys`` (agreed with the vendor first)."""
    allowed = set(allowed_keys)
    checked: dict[str, str] = {}
    for key, value in (info or {}).items():
        label = parse_label(key, "user.info", "Customer detail name", MAX_KEY)
        if label not in allowed:
            known = ", ".join(sorted(allowed)) or "none are set up"
            raise ValidationError(
                f"user.info.{label}",
                f"Customer detail {label!r} is not set up for this store (allowed: {known}).",
            )
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # an optional field left empty is simply not sent
        checked[label] = parse_label(value, f"user.info.{label}", f"Customer detail {label!r}")
    return Customer(id=parse_customer_id(customer_id), info=checked, name=name.strip())
