"""Batched delivery (``Deliverer.deliver_batch``) against the sandbox and a real outbox file.

A batch is claimed in one durable commit, posted one order at a time, and its ``sent`` marks
committed together with the next claim. What must hold whatever happens: "sent" is said only
once the mark is on disk; an order that may have reached the endpoint is never left in a state
that would send it again unflagged; orders claimed but never posted go back untouched.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from posapp.outbox.delivery import BATCH, Deliverer, DeliveryEvent, EventKind, RetryPolicy
from posapp.outbox.store import Entry, Outbox, State
from posapp.tracker.client import TrackerClient
from posapp.tracker.outcome import Outcome
from posapp.tracker.sandbox import Sandbox
from posapp.tracker.token import SiteToken
from tests.conftest import SITE, TOKEN
from tests.helpers import FakeClock, simple_order


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


@pytest.fixture
def outbox(path: Path, clock: FakeClock) -> Iterator[Outbox]:
    with Outbox(path, clock=clock) as box:
        yield box


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[TrackerClient]:
    with TrackerClient(sandbox.url, SITE, SiteToken(TOKEN), read_timeout=2.0) as tracker:
        yield tracker


class Posting:
    """The real client, with a hook run before each request (the request's number, from 1)."""

    def __init__(self, client: TrackerClient, before: Callable[[int], None]) -> None:
        self.client = client
        self.before = before
        self.count = 0

    def post_order(self, body: bytes) -> Outcome:
        self.count += 1
        self.before(self.count)
        return self.client.post_order(body)


def refs_at(sandbox: Sandbox) -> list[str]:
    return [order["order"]["refCode"] for order in sandbox.orders()]


def states(path: Path) -> dict[str, tuple[str, int, int]]:
    """refCode -> (state, attempts, possibly_duplicated), read on a connection of its own."""
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT ref_code, state, attempts, possibly_duplicated FROM orders"
        ).fetchall()
    return {ref: (state, attempts, flag) for ref, state, attempts, flag in rows}


def test_a_backlog_goes_in_batches_and_each_sent_is_said_after_its_mark_is_committed(
    sandbox: Sandbox, outbox: Outbox, client: TrackerClient, clock: FakeClock, path: Path
) -> None:
    count = BATCH * 2 + 3
    for n in range(count):
        outbox.enqueue(simple_order(f"T-{n}"))
    seen_on_disk: list[str] = []

    def listener(event: DeliveryEvent) -> None:
        assert event.kind is EventKind.SENT
        assert event.ref_code is not None
        # another connection sees the mark already: it was committed before "sent" was said
        seen_on_disk.append(states(path)[event.ref_code][0])

    deliverer = Deliverer(outbox, client, clock=clock, listener=listener)
    events = deliverer.deliver_batch()
    assert [e.ref_code for e in events] == [f"T-{n}" for n in range(count)]
    assert seen_on_disk == ["sent"] * count
    assert refs_at(sandbox) == [f"T-{n}" for n in range(count)]
    assert outbox.status().counts == {State.SENT: count}


def test_a_failure_mid_batch_sends_back_the_unposted_orders_untouched(
    sandbox: Sandbox, outbox: Outbox, client: TrackerClient, clock: FakeClock, path: Path
) -> None:
    for n in range(6):
        outbox.enqueue(simple_order(f"T-{n}"))

    def before(number: int) -> None:
        if number == 3:
            sandbox.fail_next(503)

    policy = RetryPolicy(rng=random.Random(3))
    deliverer = Deliverer(outbox, Posting(client, before), policy=policy, clock=clock)
    events = deliverer.deliver_batch()
    assert [(e.kind, e.ref_code) for e in events] == [
        (EventKind.SENT, "T-0"), (EventKind.SENT, "T-1"), (EventKind.WILL_RETRY, "T-2"),
    ]  # fmt: skip
    now = states(path)
    assert now["T-0"] == ("sent", 1, 0)
    assert now["T-2"] == ("pending", 1, 0)  # a 503: surely not taken, not flagged
    for n in range(3, 6):  # claimed with the batch, never posted: as they were
        assert now[f"T-{n}"] == ("pending", 0, 0)
    assert refs_at(sandbox) == ["T-0", "T-1"]


def test_a_stop_between_requests_sends_back_the_rest_of_the_batch(
    sandbox: Sandbox, outbox: Outbox, client: TrackerClient, clock: FakeClock, path: Path
) -> None:
    for n in range(5):
        outbox.enqueue(simple_order(f"T-{n}"))
    asked = [0]

    def keep_going() -> bool:
        asked[0] += 1
        return asked[0] < 2  # the operator pauses after the second request

    deliverer = Deliverer(outbox, client, clock=clock)
    events = deliverer.deliver_batch(keep_going=keep_going)
    assert [e.ref_code for e in events] == ["T-0", "T-1"]
    assert {ref: s[0] for ref, s in states(path).items()} == {
        "T-0": "sent", "T-1": "sent", "T-2": "pending", "T-3": "pending", "T-4": "pending",
    }  # fmt: skip
    assert outbox.recover_interrupted() == 0  # nothing left in sending


def test_a_power_cut_before_the_marks_reach_the_disk_flags_every_posted_order(
    sandbox: Sandbox, outbox: Outbox, client: TrackerClient, clock: FakeClock, tmp_path: Path
) -> None:
    """The disk as a power cut would leave it: the files copied just before the commit that
    marks them sent (everything committed before it was fsync'd: synchronous=FULL)."""
    for n in range(5):
        outbox.enqueue(simple_order(f"T-{n}"))
    cut = tmp_path / "after-the-cut"
    cut.mkdir()
    real = outbox.mark_sent_many

    def copy_then_mark(*args: Any, **kwargs: Any) -> list[Entry]:
        if not any(cut.iterdir()):
            for name in ("outbox.sqlite3", "outbox.sqlite3-wal"):
                shutil.copy(tmp_path / name, cut / name)
        return real(*args, **kwargs)

    outbox.mark_sent_many = copy_then_mark  # type: ignore[method-assign]
    deliverer = Deliverer(outbox, client, clock=clock)
    assert len(deliverer.deliver_batch()) == 5
    assert refs_at(sandbox) == [f"T-{n}" for n in range(5)]
    with Outbox(cut / "outbox.sqlite3", clock=clock) as survivor:
        assert survivor.recover_interrupted() == 5
        entries = list(survivor.entries())
        assert [e.ref_code for e in entries] == [f"T-{n}" for n in range(5)]  # none lost
        # each went out and might have arrived: the next attempt is flagged, never silent
        assert all(e.possibly_duplicated and e.state is State.PENDING for e in entries)


def test_one_order_alone_is_claimed_posted_and_marked_by_itself(
    sandbox: Sandbox, outbox: Outbox, client: TrackerClient, clock: FakeClock
) -> None:
    outbox.enqueue(simple_order("T-1"))
    outbox.enqueue(simple_order("T-2"))
    deliverer = Deliverer(outbox, client, clock=clock)
    event = deliverer.deliver_one()
    assert event is not None
    assert event.ref_code == "T-1"
    assert refs_at(sandbox) == ["T-1"]  # deliver_one sends one, not the backlog
    second = outbox.get("T-2")
    assert second is not None
    assert (second.state, second.attempts) == (State.PENDING, 0)
