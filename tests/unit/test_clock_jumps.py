"""Waits that a clock correction cannot stretch, and a success that ends every backoff.

The wall clock is injected (``FakeClock``) and moved by hand; nothing here sleeps.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from posapp.outbox.delivery import Deliverer, RetryPolicy
from posapp.outbox.store import LONGEST_WAIT, Outbox, State
from posapp.tracker.outcome import Outcome, OutcomeKind
from tests.helpers import FakeClock, simple_order


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def outbox(tmp_path: Path, clock: FakeClock) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.sqlite3", clock=clock) as box:
        yield box


class Answers:
    """A sender that answers from a script (the HTTP side is proven against the sandbox)."""

    def __init__(self, *kinds: OutcomeKind) -> None:
        self.kinds = list(kinds)
        self.posted = 0

    def post_order(self, body: bytes) -> Outcome:
        self.posted += 1
        return Outcome(self.kinds.pop(0) if self.kinds else OutcomeKind.DELIVERED)


def test_retry_policy_never_waits_longer_than_the_outbox_believes(clock: FakeClock) -> None:
    policy = RetryPolicy(cap=86400.0, rng=random.Random(1))
    assert max(policy.delay(40) for _ in range(200)) <= LONGEST_WAIT
    assert policy.delay(1, retry_after=86400) == LONGEST_WAIT


def test_a_next_try_set_before_the_clock_went_back_is_due_now(
    outbox: Outbox, clock: FakeClock
) -> None:
    entry = outbox.enqueue(simple_order("T-1"))
    claimed = outbox.claim_next()
    assert claimed is not None
    outbox.reschedule(entry.id, clock() + 60, "endpoint unreachable", unknown=False)
    assert outbox.claim_next() is None  # a real backoff is waited out
    assert outbox.next_due_at() == clock() + 60
    clock.advance(-86400)  # the clock is corrected back a day: that try is now "a day away"
    assert outbox.next_due_at() == clock()  # due now, not in a day
    again = outbox.claim_next()
    assert again is not None
    assert again.ref_code == "T-1"


def test_the_hold_runs_on_the_monotonic_clock_not_the_wall_clock(
    outbox: Outbox, clock: FakeClock
) -> None:
    steady = FakeClock(start=1000.0)
    sender = Answers(OutcomeKind.TRANSIENT)
    policy = RetryPolicy(base=60.0, rng=random.Random(5))
    deliverer = Deliverer(outbox, sender, policy=policy, clock=clock, monotonic=steady)
    outbox.enqueue(simple_order("T-1"))
    deliverer.deliver_one()
    assert deliverer.on_hold()
    left = deliverer.hold_left()
    assert 0 < left <= 60
    clock.advance(-7200)  # the wall clock goes back two hours: the hold does not grow
    assert deliverer.hold_left() == left
    clock.advance(+86400)  # nor does it end when the wall clock jumps ahead
    assert deliverer.on_hold()
    steady.advance(left)
    assert not deliverer.on_hold()


def test_the_first_success_makes_every_waiting_order_due_whoever_sends(
    outbox: Outbox, clock: FakeClock, tmp_path: Path
) -> None:
    for ref in ("A", "B", "C"):
        outbox.enqueue(simple_order(ref))
    for _ in range(3):
        claimed = outbox.claim_next()
        assert claimed is not None
        outbox.reschedule(claimed.id, clock() + 500, "endpoint unreachable", unknown=False)
    # another front end, with its own connection and no memory of the failures, sends one
    with Outbox(tmp_path / "outbox.sqlite3", clock=clock) as other:
        other.enqueue(simple_order("D"))
        fresh = Deliverer(other, Answers(), clock=clock)
        event = fresh.deliver_one()
        assert event is not None
        assert event.ref_code == "D"
    waiting = [e for e in outbox.entries(State.PENDING)]
    assert [e.ref_code for e in waiting] == ["A", "B", "C"]
    assert all(e.next_attempt_at <= clock() for e in waiting)  # due now, not in 500 s
    # and only once: a later success does not touch a new backoff's wait
    first = outbox.claim_next()
    assert first is not None
    outbox.reschedule(first.id, clock() + 500, "endpoint unreachable", unknown=False)
    outbox.mark_sent_many([])
    later = outbox.get("A")
    assert later is not None
    assert later.next_attempt_at == clock() + 500


def test_a_success_without_failures_before_it_leaves_the_others_alone(
    outbox: Outbox, clock: FakeClock
) -> None:
    outbox.enqueue(simple_order("A"))
    outbox.enqueue(simple_order("B"))
    deliverer = Deliverer(outbox, Answers(), clock=clock)
    assert deliverer.deliver_one() is not None
    second = outbox.get("B")
    assert second is not None
    assert (second.state, second.attempts) == (State.PENDING, 0)
