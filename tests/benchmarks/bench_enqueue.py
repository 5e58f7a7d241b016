"""The till's enqueue path against a bare INSERT + COMMIT.

posapp: ``Outbox.enqueue_new`` exactly as the window's Finish calls it (the next order number
drawn in the same transaction, the order built from a basket, the payload encoded), with the
rotating log file on, the store details as the settings file gives them (``Till.finish_sale``
passes ``settings.store``, checked when the settings load). Bare: one INSERT of the same payload bytes into a one-table database and
COMMIT, WAL and ``synchronous=FULL`` too. Both on the same disk, in the same process.

``python -m tests.benchmarks.bench_enqueue --cpu-only`` runs the same pairs with
``synchronous=OFF`` on both sides (no fsync: what the CPU does), a figure for the record, not
the target's.
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from posapp.domain.basket import Basket
from posapp.domain.payload import encode_payload
from posapp.outbox.store import Outbox
from posapp.setup.logs import setup_logging
from posapp.setup.profile import Profile
from posapp.setup.settings import parse_settings
from tests.benchmarks.harness import Row, abab

SETTINGS = """
till_id = "BENCH"
[store]
store = "Bench Store"
storePostcode = "W1B 4HX"
"""


def _basket() -> Basket:
    basket = Basket("GBP")
    basket.add("CB4551", 2, "6.50", name="Notebook")
    basket.add("TEA-EB", 1, "4.25", name="Tea")
    return basket


def run(smoke: bool = False, *, cpu_only: bool = False) -> list[Row]:
    per_sample, pairs = (5, 2) if smoke else (200, 9)
    synchronous = "OFF" if cpu_only else "FULL"
    basket = _basket()
    settings = parse_settings(SETTINGS)
    now = datetime.now(UTC)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    with tempfile.TemporaryDirectory() as directory:
        profile = Profile.locate(Path(directory) / "till")
        profile.ensure_dirs()
        setup_logging(profile)  # the log file is on, as in the till
        outbox = Outbox(profile.outbox_file)
        if cpu_only:  # the outbox sets FULL itself; it changes it back only for another level
            outbox._db.execute("PRAGMA synchronous=OFF")
        bare_db = sqlite3.connect(Path(directory) / "bare.sqlite3", isolation_level=None)
        bare_db.execute("PRAGMA journal_mode=WAL")
        bare_db.execute(f"PRAGMA synchronous={synchronous}")
        bare_db.execute(
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, ref_code TEXT UNIQUE, payload BLOB)"
        )
        counter = [0]
        payload = encode_payload(
            basket.to_order(ref_code="BENCH-0", order_date=now, store_attributes=settings.store)
        )

        def ours() -> float:
            start = time.perf_counter()
            for _ in range(per_sample):
                outbox.enqueue_new(  # as Till.finish_sale calls it
                    settings.till_id,
                    lambda ref: basket.to_order(
                        ref_code=ref,
                        order_date=now,
                        store_attributes=settings.store,
                        lang=settings.lang,
                        customer=None,
                    ),
                )
            return (time.perf_counter() - start) / per_sample

        def bare() -> float:
            start = time.perf_counter()
            for _ in range(per_sample):
                counter[0] += 1
                bare_db.execute("BEGIN IMMEDIATE")
                bare_db.execute(
                    "INSERT INTO orders (ref_code, payload) VALUES (?, ?)",
                    (f"BARE-{counter[0]}", payload),
                )
                bare_db.execute("COMMIT")
            return (time.perf_counter() - start) / per_sample

        try:
            ours(), bare()  # warm both files up
            row = abab(
                "enqueue one order (enqueue_new, log on) vs INSERT+COMMIT"
                + (", synchronous=OFF both" if cpu_only else ""),
                ours, bare, pairs=pairs, target="-" if cpu_only else "<= 1.5x", unit="us",
                scale=1e6,
            )  # fmt: skip
        finally:
            outbox.close()
            bare_db.close()
            for handler in root.handlers[:]:
                if handler not in handlers:
                    root.removeHandler(handler)
                    handler.close()
            root.setLevel(level)
    return [row]


if __name__ == "__main__":
    import sys

    from tests.benchmarks.harness import render

    print(render(list(run(cpu_only="--cpu-only" in sys.argv[1:]))))
