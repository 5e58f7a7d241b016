"""Outbox.enqueue per order against a bare sqlite3 INSERT + COMMIT with the same pragmas."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from posapp.domain.payload import encode_payload
from posapp.outbox.store import Outbox
from tests.helpers import simple_order

N = 3000
ROUNDS = 3


def bare(path: Path, payloads: list[tuple[str, bytes]]) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, ref_code TEXT UNIQUE, payload BLOB)")
    start = time.perf_counter()
    for ref, payload in payloads:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO orders (ref_code, payload) VALUES (?, ?)", (ref, payload))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed / len(payloads)


def ours(path: Path, orders: list[object]) -> float:
    with Outbox(path) as outbox:
        start = time.perf_counter()
        for order in orders:
            outbox.enqueue(order)  # type: ignore[arg-type]
        return (time.perf_counter() - start) / len(orders)


def main() -> None:
    orders = [simple_order(f"B-{n}") for n in range(N)]
    payloads = [(order.ref_code, encode_payload(order)) for order in orders]
    bare_times, our_times = [], []
    for round_no in range(ROUNDS):
        with tempfile.TemporaryDirectory() as directory:
            bare_times.append(bare(Path(directory) / f"bare{round_no}.db", payloads))
            our_times.append(ours(Path(directory) / f"ours{round_no}.db", orders))
    b, o = statistics.median(bare_times), statistics.median(our_times)
    print(f"enqueue, {N} orders x {ROUNDS} rounds, median per order:")
    print(f"  bare INSERT+COMMIT (WAL, synchronous=FULL): {b * 1e6:8.1f} us")
    print(f"  Outbox.enqueue (payload encoding included):  {o * 1e6:8.1f} us")
    print(f"  ratio: {o / b:.2f}x  (target: at most 1.5x)")


if __name__ == "__main__":
    main()
