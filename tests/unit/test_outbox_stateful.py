"""A model of the outbox, checked against the real thing by hypothesis' state machine.

Steps: enqueue, claim, deliver, fail, reject, retry, a crash (the connection dropped with a
transaction open, then a restart that recovers interrupted sends) and a clean restart.
Invariant: every enqueued order is in exactly one state, the one the model expects, and none
vanishes.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from posapp.outbox.store import Outbox, State
from tests.helpers import FakeClock, simple_order


class OutboxMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="outbox-machine-"))
        self.path = self.directory / "outbox.sqlite3"
        self.clock = FakeClock()
        self.box = Outbox(self.path, clock=self.clock)
        self.model: dict[str, State] = {}
        self.duplicated: set[str] = set()
        self.ids: dict[str, int] = {}
        self.count = 0

    def teardown(self) -> None:
        self.box.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def refs_in(self, state: State) -> list[str]:
        return sorted(
            (ref for ref, s in self.model.items() if s is state), key=self.ids.__getitem__
        )

    @rule()
    def enqueue(self) -> None:
        self.count += 1
        ref = f"R{self.count}"
        entry = self.box.enqueue(simple_order(ref))
        self.ids[ref] = entry.id
        self.model[ref] = State.PENDING

    @rule()
    def claim(self) -> None:
        entry = self.box.claim_next(ignore_backoff=True)
        pending = self.refs_in(State.PENDING)
        if not pending:
            assert entry is None
            return
        assert entry is not None
        assert entry.ref_code == pending[0]  # the oldest first
        self.model[entry.ref_code] = State.SENDING

    @precondition(lambda self: self.refs_in(State.SENDING))
    @rule(
        data=st.data(),
        outcome=st.sampled_from(["ok", "transient", "unknown", "rejected", "credentials"]),
    )
    def finish_send(self, data: st.DataObject, outcome: str) -> None:
        ref = data.draw(st.sampled_from(self.refs_in(State.SENDING)))
        entry_id = self.ids[ref]
        if outcome == "ok":
            self.box.mark_sent(entry_id)
            self.model[ref] = State.SENT
        elif outcome == "rejected":
            self.box.park(entry_id, "rejected")
            self.model[ref] = State.PARKED
        elif outcome == "credentials":
            self.box.put_back(entry_id, "credentials rejected")
            self.model[ref] = State.PENDING
        else:
            self.box.reschedule(entry_id, self.clock() + 5, outcome, unknown=outcome == "unknown")
            self.model[ref] = State.PENDING
            if outcome == "unknown":
                self.duplicated.add(ref)

    @precondition(lambda self: self.refs_in(State.PARKED))
    @rule(data=st.data())
    def retry(self, data: st.DataObject) -> None:
        ref = data.draw(st.sampled_from(self.refs_in(State.PARKED)))
        assert self.box.retry(ref)
        self.model[ref] = State.PENDING

    @rule()
    def crash(self) -> None:
        """The process dies with a write half done; the next start recovers."""
        self.box._db.execute("BEGIN IMMEDIATE")
        self.box._db.execute("UPDATE orders SET state = 'sent'")  # never committed
        self.box._db.close()
        self.box = Outbox(self.path, clock=self.clock)
        self.box.recover_interrupted()
        for ref in self.refs_in(State.SENDING):
            self.model[ref] = State.PENDING
            self.duplicated.add(ref)

    @rule()
    def restart(self) -> None:
        self.box.close()
        self.box = Outbox(self.path, clock=self.clock)

    @rule(seconds=st.floats(0, 120))
    def time_passes(self, seconds: float) -> None:
        self.clock.advance(seconds)

    @invariant()
    def every_order_is_in_exactly_the_expected_state(self) -> None:
        stored = [(e.ref_code, e.state) for e in self.box.entries()]
        assert len(stored) == len({ref for ref, _ in stored})  # no order twice
        assert dict(stored) == self.model  # none vanished, none appeared, states as modelled
        counts = self.box.status().counts
        for state in State:
            assert counts.get(state, 0) == len(self.refs_in(state))

    @invariant()
    def possibly_duplicated_is_flagged_exactly_for_unknown_outcomes(self) -> None:
        flagged = {e.ref_code for e in self.box.entries() if e.possibly_duplicated}
        assert flagged == self.duplicated


TestOutboxMachine = OutboxMachine.TestCase
TestOutboxMachine.settings = settings(max_examples=40, stateful_step_count=40, deadline=None)
