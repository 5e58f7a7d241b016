"""Draining queued orders against a bare ``httpx.Client`` loop posting the same payloads.

posapp: the till's delivery worker (``DeliveryWorker`` with its own outbox connection, one
request at a time, each outcome recorded) woken with a batch of pending orders; the sample is
the time until the last of them is reported sent. Bare: one keep-alive ``httpx.Client`` posting
the same payload bytes with the same headers and reading each answer. Both post to the same
minimal local server (``ok_server``), in a process of its own, so it is never the bottleneck.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

import httpx

from posapp.domain.payload import encode_payload
from posapp.outbox.delivery import DeliveryEvent, DeliveryWorker, EventKind
from posapp.outbox.store import Outbox
from posapp.tracker.client import TrackerClient
from posapp.tracker.token import SiteToken
from tests.benchmarks.harness import Row, abab
from tests.benchmarks.ok_server import ok_server
from tests.helpers import simple_order

SITE, TOKEN = "bench", "bench-token"


def run(smoke: bool = False) -> list[Row]:
    per_sample, pairs = (10, 1) if smoke else (1000, int(os.environ.get("BENCH_PAIRS", "9")))
    bodies = [encode_payload(simple_order(f"BARE-{n}")) for n in range(per_sample)]
    headers = {"site": SITE, "siteToken": TOKEN, "channel": "store",
               "Content-Type": "application/json"}  # fmt: skip
    with ok_server() as url, tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "outbox.sqlite3"
        filler = Outbox(path)
        sent = [0]
        done = threading.Event()
        goal = [0]

        def listener(event: DeliveryEvent) -> None:
            if event.kind is EventKind.SENT:
                sent[0] += 1
                if sent[0] >= goal[0]:
                    done.set()
            elif event.kind is not EventKind.RESUMED:
                raise RuntimeError(f"drain benchmark: {event.describe()}")

        client = TrackerClient(url, SITE, SiteToken(TOKEN))
        worker = DeliveryWorker(lambda: Outbox(path), client, listener=listener).start()
        batch = [0]

        def ours() -> float:
            batch[0] += 1
            with filler._transaction() as db:  # queue the sample's orders: not timed
                for n in range(per_sample):
                    filler._insert(db, simple_order(f"DRAIN-{batch[0]}-{n}"))
            done.clear()
            goal[0] = sent[0] + per_sample
            start = time.perf_counter()
            worker.wake()
            if not done.wait(600):
                raise RuntimeError("the drain did not finish in 10 minutes")
            return time.perf_counter() - start

        with httpx.Client() as http:

            def bare() -> float:
                start = time.perf_counter()
                for body in bodies:
                    answer = http.post(url, content=body, headers=headers)
                    if answer.json()["status"] != "OK":
                        raise RuntimeError("the server did not answer OK")
                return time.perf_counter() - start

            try:
                bare(), ours()  # warm up: connections, page cache, the worker's start-up
                row = abab(
                    f"drain {per_sample:,} orders (delivery worker) vs httpx loop",
                    ours, bare, pairs=pairs, target=">= 0.8x", unit="ms", higher_is_better=True,
                )  # fmt: skip
            finally:
                worker.stop()
                client.close()
                filler.close()
    return [row]


if __name__ == "__main__":
    from tests.benchmarks.harness import render

    print(render(list(run())))
