"""Draining 10,000 queued orders into the sandbox, against a bare httpx keep-alive loop
posting the same payloads to the same sandbox, in the same run."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import httpx

from posapp.outbox.delivery import Deliverer
from posapp.outbox.store import Outbox, State
from posapp.tracker.client import TrackerClient
from posapp.tracker.token import SiteToken
from tests.benchmarks.sandbox_process import SITE, TOKEN, sandbox_process
from tests.helpers import simple_order

N = 10_000


def bare_loop(url: str, payloads: list[bytes]) -> float:
    headers = {
        "site": SITE,
        "siteToken": TOKEN,
        "channel": "store",
        "Content-Type": "application/json",
    }
    with httpx.Client() as client:
        start = time.perf_counter()
        for body in payloads:
            response = client.post(url, content=body, headers=headers)
            assert response.json()["status"] == "OK"
        return time.perf_counter() - start


def drain(url: str, path: Path, prefix: str) -> float:
    with Outbox(path) as outbox:
        with outbox._transaction() as db:  # fill fast: one transaction
            for n in range(N):
                outbox._insert(db, simple_order(f"{prefix}-{n}"))
        with TrackerClient(url, SITE, SiteToken(TOKEN)) as client:
            deliverer = Deliverer(outbox, client)
            start = time.perf_counter()
            while deliverer.deliver_one() is not None:
                pass
            elapsed = time.perf_counter() - start
        assert outbox.status().counts == {State.SENT: N}
    return elapsed


def main() -> None:
    payloads = [simple_order(f"BARE-{n}") for n in range(N)]
    from posapp.domain.payload import encode_payload

    bodies = [encode_payload(order) for order in payloads]
    with sandbox_process() as url, tempfile.TemporaryDirectory() as directory:
        bare_loop(url, bodies[:200])  # warm up both sides
        bare = bare_loop(url, bodies)
        ours = drain(url, Path(directory) / "outbox.sqlite3", "DRAIN")
    print(f"drain {N:,} orders into the sandbox (separate process):")
    print(f"  bare httpx keep-alive loop: {bare:6.2f} s  {N / bare:8.0f} orders/s")
    print(f"  outbox + delivery:          {ours:6.2f} s  {N / ours:8.0f} orders/s")
    print(f"  throughput ratio: {bare / ours:.2f}x of the bare loop (target: at least 0.8x)")


if __name__ == "__main__":
    main()
