"""Big outboxes for the scale benchmarks, made by bulk SQL into the real schema.

The rows are what the till would have written: a real encoded payload (its refCode made
unique per row), and a mix of states like a till's after weeks of trading: mostly sent, a
tail of pending, a few parked and possibly duplicated orders.
"""

from __future__ import annotations

import time
from pathlib import Path

from posapp.domain.payload import encode_payload
from posapp.outbox.store import Outbox
from tests.helpers import simple_order

TEMPLATE_REF = "FILL-TEMPLATE-REF"


def fill_outbox(path: Path, orders: int, pending: int = 200) -> None:
    """An outbox at ``path`` holding ``orders`` orders (made with the real schema), the last
    ``pending`` of them (at most) waiting to be sent, due now."""
    payload = encode_payload(simple_order(TEMPLATE_REF)).decode("utf-8")
    now = time.time()
    with Outbox(path) as outbox, outbox._transaction() as db:
        db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO orders (ref_code, payload, state, attempts, next_attempt_at, "
            "last_error, created_at, sent_at, possibly_duplicated, currency, total) "
            "SELECT 'BULK-' || i, CAST(replace(?, ?, 'BULK-' || i) AS BLOB), "
            "CASE WHEN i > ? THEN 'pending' WHEN i % 1000 = 7 THEN 'parked' ELSE 'sent' END, "
            "1, ? - (? - i) * 0.5, NULL, ? - (? - i) * 0.5, "
            "CASE WHEN i % 1000 = 7 OR i > ? THEN NULL ELSE ? - (? - i) * 0.5 + 1 END, "
            "CASE WHEN i % 5000 = 11 THEN 1 ELSE 0 END, 'GBP', '13.00' FROM n",
            (
                orders, payload, TEMPLATE_REF, orders - min(orders, pending),
                now, orders, now, orders, orders - min(orders, pending), now, orders,
            ),
        )  # fmt: skip
