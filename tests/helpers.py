"""Builders shared by the tests: a valid order, and the spec's example payload."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from keyring.backend import KeyringBackend

from posapp.domain.customer import make_customer
from posapp.domain.order import Order, make_line, make_order

# The spec's example body (shared/spec/offline-orders-api.md), as the vendor documents it.
SPEC_EXAMPLE = {
    "lang": "en-gb",
    "user": {"id": "abcd1234efgh", "info": {"gender": "male"}},
    "order": {
        "refCode": "orderRef",
        "orderDate": "2016-05-16T14:25:00 GMT",
        "currency": "GBP",
        "shipping": 0.0,
        "subTotal": 90.0,
        "total": 90.0,
        "items": [
            {"refCode": "ref1", "qty": 1, "price": 50.0, "attributes": {"discount": "true"}},
            {"refCode": "ref2", "qty": 2, "price": 20.0, "attributes": {"attr21": "value21"}},
        ],
        "attributes": {"store": "StreamlyCool Regent Street", "storePostcode": "W1B 4HX"},
    },
}


def spec_example_order() -> Order:
    """The spec's example, built through the domain as the till would build it."""
    return make_order(
        ref_code="orderRef",
        order_date=datetime(2016, 5, 16, 14, 25, tzinfo=UTC),
        currency="GBP",
        lines=[
            make_line("ref1", 1, "50", "GBP", {"discount": "true"}),
            make_line("ref2", 2, "20.00", "GBP", {"attr21": "value21"}),
        ],
        store_attributes={"store": "StreamlyCool Regent Street", "storePostcode": "W1B 4HX"},
        customer=make_customer("abcd1234efgh", {"gender": "male"}, ["gender"]),
    )


def simple_order(ref_code: str = "TILL1-20261127-0001") -> Order:
    return make_order(
        ref_code=ref_code,
        order_date=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
        currency="GBP",
        lines=[make_line("CB4551", 2, "6.50", "GBP")],
        store_attributes={"store": "Test Store", "storePostcode": "W1B 4HX"},
    )


class FakeClock:
    """Unix seconds that only move when a test says so."""

    def __init__(self, start: float = 1_795_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class MemoryKeyring(KeyringBackend):
    """A keyring held in memory: for the command-line tests of ``credentials`` only.

    A round trip through a real Secret Service belongs to the setup and keyring work.
    """

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def posapp_sandbox(site: str, token: str) -> Iterator[str]:
    """``posapp sandbox`` in its own process, as a person starts it; yields its endpoint URL."""
    command = [
        sys.executable,
        str(ROOT / "main.py"),
        "sandbox",
        "--port",
        "0",
        "--site",
        site,
        "--token",
        token,
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            assert first.startswith("sandbox endpoint: http://127.0.0.1:"), first
            yield first.split(": ", 1)[1].strip()
        finally:
            process.terminate()
