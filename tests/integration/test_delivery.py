"""The delivery policy against the sandbox endpoint and a real outbox, on an injected clock."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from posapp.outbox.delivery import (
    CREDENTIALS_PAUSE,
    Deliverer,
    DeliveryEvent,
    EventKind,
    RetryPolicy,
)
from posapp.outbox.store import Outbox, State
from posapp.tracker.client import TrackerClient
from posapp.tracker.sandbox import Fault, Sandbox
from posapp.tracker.token import SiteToken
from tests.conftest import SITE, TOKEN
from tests.helpers import FakeClock, simple_order


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def outbox(tmp_path: Path, clock: FakeClock) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.sqlite3", clock=clock) as box:
        yield box


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[TrackerClient]:
    with TrackerClient(sandbox.url, SITE, SiteToken(TOKEN), read_timeout=2.0) as tracker:
        yield tracker


@pytest.fixture
def events() -> list[DeliveryEvent]:
    return []


@pytest.fixture
def deliverer(
    outbox: Outbox, client: TrackerClient, clock: FakeClock, events: list[DeliveryEvent]
) -> Deliverer:
    policy = RetryPolicy(rng=random.Random(7))
    return Deliverer(outbox, client, policy=policy, clock=clock, listener=events.append)


def refs_at(sandbox: Sandbox) -> list[str]:
    return [order["order"]["refCode"] for order in sandbox.orders()]


def drain(deliverer: Deliverer) -> list[EventKind]:
    kinds = []
    while (event := deliverer.deliver_one()) is not None:
        kinds.append(event.kind)
    return kinds


def test_retry_policy_is_full_jitter_under_a_cap() -> None:
    policy = RetryPolicy(rng=random.Random(1))
    for attempts, ceiling in [(1, 2), (2, 4), (3, 8), (9, 512), (10, 600), (50, 600)]:
        waits = [policy.delay(attempts) for _ in range(300)]
        assert all(0 <= w <= ceiling for w in waits)
        assert max(waits) > ceiling * 0.8  # the whole range is used, not just the top
        assert min(waits) < ceiling * 0.2
    assert policy.delay(1, retry_after=30) >= 30
    assert policy.delay(1, retry_after=86400) == 600  # clamped to the cap


def test_offline_then_back_delivers_exactly_one_copy(
    sandbox: Sandbox, outbox: Outbox, deliverer: Deliverer, clock: FakeClock
) -> None:
    outbox.enqueue(simple_order("T-1"))
    sandbox.go_offline()
    assert drain(deliverer) == [EventKind.WILL_RETRY]
    entry = outbox.get("T-1")
    assert entry is not None
    assert entry.state is State.PENDING
    assert "unreachable" in (entry.last_error or "")
    assert not entry.possibly_duplicated  # refused: it surely did not arrive
    sandbox.go_online()
    assert drain(deliverer) == []  # still on hold: no request before the backoff ends
    clock.advance(2.0)
    assert drain(deliverer) == [EventKind.SENT]
    assert refs_at(sandbox) == ["T-1"]
    assert outbox.status().counts == {State.SENT: 1}


def test_503_three_times_then_ok_is_delivered_once_after_four_attempts(
    sandbox: Sandbox, outbox: Outbox, deliverer: Deliverer, clock: FakeClock
) -> None:
    sandbox.fail_next(503, count=3)
    outbox.enqueue(simple_order("T-1"))
    requests_seen = []
    for _ in range(4):
        before = sandbox.requests
        event = deliverer.deliver_one()
        assert event is not None
        requests_seen.append(sandbox.requests - before)
        entry = outbox.get("T-1")
        assert entry is not None
        if event.kind is EventKind.WILL_RETRY:
            assert event.retry_at == entry.next_attempt_at
            wait = entry.next_attempt_at - clock()
            assert 0 <= wait <= 2.0 * 2 ** (entry.attempts - 1)
            # the backoff is respected: nothing is sent a moment before it ends
            clock.advance(max(wait - 0.001, 0))
            if wait > 0.001:
                assert deliverer.deliver_one() is None
            clock.advance(0.001)
    assert requests_seen == [1, 1, 1, 1]
    entry = outbox.get("T-1")
    assert entry is not None
    assert entry.state is State.SENT
    assert entry.attempts == 4
    assert refs_at(sandbox) == ["T-1"]


def test_retry_after_is_honoured(
    sandbox: Sandbox, outbox: Outbox, deliverer: Deliverer, clock: FakeClock
) -> None:
    sandbox.fail_next(429, retry_after="45")
    outbox.enqueue(simple_order("T-1"))
    event = deliverer.deliver_one()
    assert event is not None
    assert event.kind is EventKind.WILL_RETRY
    assert event.retry_at is not None
    assert event.retry_at - clock() >= 45
    clock.advance(44)
    assert deliverer.deliver_one() is None
    clock.advance(1.0 + (event.retry_at - clock()))
    assert drain(deliverer) == [EventKind.SENT]


@pytest.mark.parametrize("how", ["http-400", "fail-answer"])
def test_a_rejected_order_is_parked_with_the_reason_and_the_next_one_goes(
    sandbox: Sandbox, outbox: Outbox, deliverer: Deliverer, how: str
) -> None:
    if how == "http-400":
        sandbox.fail_next(400)
        outbox.enqueue(simple_order("BAD"))
    else:
        outbox.enqueue(simple_order("BAD"))
        outbox._db.execute(
            "UPDATE orders SET payload = CAST(replace(CAST(payload AS TEXT), "
            '\'"currency": "GBP"\', \'"currency": "XXX"\') AS BLOB)'
        )
    outbox.enqueue(simple_order("GOOD"))
    assert drain(deliverer) == [EventKind.PARKED, EventKind.SENT]
    parked = outbox.get("BAD")
    assert parked is not None
    assert parked.state is State.PARKED
    expected = "InjectedFault" if how == "http-400" else "MissingOrMalformedCurrency"
    assert expected in (parked.last_error or "")
    assert refs_at(sandbox) == ["GOOD"]


def test_401_pauses_everything_and_parks_nothing(
    sandbox: Sandbox,
    outbox: Outbox,
    deliverer: Deliverer,
    clock: FakeClock,
    events: list[DeliveryEvent],
) -> None:
    for ref in ("A", "B", "C"):
        outbox.enqueue(simple_order(ref))
    sandbox.fail_next(401)
    assert drain(deliverer) == [EventKind.PAUSED]
    clock.advance(3600)
    assert deliverer.deliver_one() is None  # paused: nothing more is tried
    status = outbox.status()
    assert status.counts == {State.PENDING: 3}
    assert status.paused == CREDENTIALS_PAUSE
    first = outbox.get("A")
    assert first is not None
    assert first.attempts == 0
    # new credentials resume it
    deliverer.use_sender(deliverer.sender)
    assert outbox.status().paused is None
    assert drain(deliverer) == [EventKind.SENT] * 3
    assert [e.kind for e in events][:2] == [EventKind.PAUSED, EventKind.RESUMED]


def test_a_dropped_connection_is_sent_again_and_counted_as_possibly_duplicated(
    sandbox: Sandbox, outbox: Outbox, deliverer: Deliverer, clock: FakeClock
) -> None:
    sandbox.add_fault(Fault("drop", record=True))
    outbox.enqueue(simple_order("T-1"))
    assert drain(deliverer) == [EventKind.WILL_RETRY]
    clock.advance(600)
    assert drain(deliverer) == [EventKind.SENT]
    assert refs_at(sandbox) == ["T-1", "T-1"]  # the server had it the first time too
    assert outbox.status().possibly_duplicated == 1


def test_after_an_outage_the_waiting_orders_go_at_once(
    sandbox: Sandbox, outbox: Outbox, deliverer: Deliverer, clock: FakeClock
) -> None:
    sandbox.go_offline()
    for n in range(5):
        outbox.enqueue(simple_order(f"T-{n}"))
    assert drain(deliverer) == [EventKind.WILL_RETRY]  # T-0 failed; the outbox is on hold
    first = outbox.get("T-0")
    assert first is not None
    # the others failed earlier and wait out long backoffs of their own
    for n in range(1, 5):
        entry = outbox.get(f"T-{n}")
        assert entry is not None
        outbox.reschedule(entry.id, clock() + 500 + 60 * n, "unreachable", unknown=False)
    sandbox.go_online()
    clock.advance(first.next_attempt_at - clock())  # only T-0's turn has come
    assert drain(deliverer) == [EventKind.SENT] * 5
    assert sorted(refs_at(sandbox)) == [f"T-{n}" for n in range(5)]
    assert refs_at(sandbox)[0] == "T-0"


def test_a_dead_endpoint_costs_one_request_per_backoff_not_one_per_order(
    sandbox: Sandbox, outbox: Outbox, deliverer: Deliverer
) -> None:
    sandbox.fail_next(503, count=0)
    for n in range(20):
        outbox.enqueue(simple_order(f"T-{n}"))
    assert drain(deliverer) == [EventKind.WILL_RETRY]
    assert sandbox.requests == 1
    assert deliverer.on_hold()


def test_the_token_never_reaches_the_outbox(
    sandbox: Sandbox, outbox: Outbox, deliverer: Deliverer, tmp_path: Path
) -> None:
    sandbox.fail_next(401)
    outbox.enqueue(simple_order("T-1"))
    deliverer.deliver_one()
    outbox._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in tmp_path.iterdir():
        assert TOKEN.encode() not in path.read_bytes()


def test_flush_now_lifts_a_credentials_pause_on_demand(
    sandbox: Sandbox, outbox: Outbox, deliverer: Deliverer, events: list[DeliveryEvent]
) -> None:
    sandbox.fail_next(401)
    outbox.enqueue(simple_order("T-1"))
    assert drain(deliverer) == [EventKind.PAUSED]
    assert drain(deliverer) == []  # paused
    deliverer.expedite()  # "Send waiting orders now": the manager fixed it on the vendor's side
    assert events[-1].kind is EventKind.RESUMED
    assert drain(deliverer) == [EventKind.SENT]
    deliverer.use_sender(None)
    deliverer.expedite()  # nothing to send with: it stays paused
    assert deliverer.paused is not None
