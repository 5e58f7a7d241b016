"""The outbox on a real SQLite file in a temporary directory."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest

from posapp.domain.errors import ValidationError
from posapp.outbox.store import SCHEMA_VERSION, Outbox, OutboxError, State
from tests.helpers import FakeClock, simple_order


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def outbox(tmp_path: Path, clock: FakeClock) -> Outbox:
    box = Outbox(tmp_path / "outbox.sqlite3", clock=clock)
    yield box  # type: ignore[misc]
    box.close()


def test_a_new_outbox_is_private_crash_safe_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "outbox.sqlite3"
    with Outbox(path) as box:
        db = box._db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        box.enqueue(simple_order())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_loose_file_mode_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    Outbox(path).close()
    path.chmod(0o644)
    Outbox(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_enqueue_stores_the_exact_payload_and_refuses_a_second_copy(outbox: Outbox) -> None:
    order = simple_order("T-20261127-0001")
    entry = outbox.enqueue(order)
    stored = outbox.get("T-20261127-0001")
    assert stored == entry
    assert stored is not None
    assert stored.state is State.PENDING
    assert json.loads(stored.payload)["order"]["refCode"] == "T-20261127-0001"
    assert stored.total == "13.00"
    with pytest.raises(ValidationError, match="already in the outbox"):
        outbox.enqueue(order)
    assert outbox.status().counts == {State.PENDING: 1}


def seconds_since_midnight(moment: float) -> int:
    local = datetime.fromtimestamp(moment)
    return local.hour * 3600 + local.minute * 60 + local.second


def test_order_numbers_are_drawn_in_the_same_transaction_and_survive_restarts(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "outbox.sqlite3"
    clock.advance(-seconds_since_midnight(clock()) - 86400)  # midnight, the day before
    with Outbox(path, clock=clock) as box:
        clock.advance(86400 + 9 * 3600)  # made yesterday: today's numbers start at 1
        first = box.enqueue_new("REGENT-01", simple_order)

        def bad(ref: str) -> object:
            raise ValidationError("order.items", "The basket is empty")

        with pytest.raises(ValidationError):
            box.enqueue_new("REGENT-01", bad)  # type: ignore[arg-type]
    with Outbox(path, clock=clock) as box:
        second = box.enqueue_new("REGENT-01", simple_order)
        other_till = box.enqueue_new("REGENT-02", simple_order)
        clock.advance(86400)
        next_day = box.enqueue_new("REGENT-01", simple_order)
    day = first.ref_code.split("-")[2]
    assert first.ref_code == f"REGENT-01-{day}-0001"
    assert second.ref_code == f"REGENT-01-{day}-0002"  # the failed build used no number
    assert other_till.ref_code == f"REGENT-02-{day}-0001"
    assert next_day.ref_code.endswith("-0001")
    assert next_day.ref_code != first.ref_code


def test_a_failed_first_sale_of_the_day_uses_no_number_and_two_connections_take_turns(
    tmp_path: Path, clock: FakeClock
) -> None:
    """The day's first number is an INSERT, the next ones one UPDATE ... RETURNING: a build
    that fails on either rolls it back, and two connections (the window and ``posapp send``
    on one profile) draw from the same counter, never the same number."""
    path = tmp_path / "outbox.sqlite3"
    clock.advance(-seconds_since_midnight(clock()) - 86400)
    with Outbox(path, clock=clock) as window, Outbox(path, clock=clock) as send:
        clock.advance(86400 + 9 * 3600)

        def bad(ref: str) -> object:
            raise ValidationError("order.items", "The basket is empty")

        with pytest.raises(ValidationError):
            window.enqueue_new("REGENT-01", bad)  # type: ignore[arg-type]
        drawn = [
            box.enqueue_new("REGENT-01", simple_order).ref_code
            for box in (window, send, send, window, window, send)
        ]
        with pytest.raises(ValidationError):
            send.enqueue_new("REGENT-01", bad)  # type: ignore[arg-type]
        drawn += [box.enqueue_new("REGENT-01", simple_order).ref_code for box in (send, window)]
        rows = window._db.execute("SELECT till_id, last FROM sequences").fetchall()
    assert [ref.rsplit("-", 1)[1] for ref in drawn] == [f"{n:04d}" for n in range(1, 9)]
    assert rows == [("REGENT-01", 8)]


def test_an_outbox_made_during_the_day_cannot_reuse_that_days_numbers(
    tmp_path: Path, clock: FakeClock
) -> None:
    """A till whose outbox was deleted at lunchtime must not hand out 0001 again."""
    clock.advance(-seconds_since_midnight(clock()) + 13 * 3600)  # 13:00
    with Outbox(tmp_path / "outbox.sqlite3", clock=clock) as box:
        first = box.enqueue_new("REGENT-01", simple_order)
        second = box.enqueue_new("REGENT-01", simple_order)
    assert first.ref_code.endswith(f"-{13 * 3600}")
    assert second.ref_code.endswith(f"-{13 * 3600 + 1}")


def test_claims_take_the_oldest_due_order_and_count_the_attempt(
    outbox: Outbox, clock: FakeClock
) -> None:
    a = outbox.enqueue(simple_order("A"))
    clock.advance(1)
    outbox.enqueue(simple_order("B"))
    outbox.reschedule(a.id, clock() + 60, "HTTP 503", unknown=False)
    claimed = outbox.claim_next()
    assert claimed is not None
    assert claimed.ref_code == "B"
    assert claimed.state is State.SENDING
    assert claimed.attempts == 1
    assert outbox.claim_next() is None  # A waits out its backoff
    forced = outbox.claim_next(ignore_backoff=True)
    assert forced is not None
    assert forced.ref_code == "A"
    clock.advance(61)
    assert outbox.claim_next() is None  # A is sending now, not pending


def test_outcomes_move_orders_between_states(outbox: Outbox, clock: FakeClock) -> None:
    for ref in "ABCD":
        outbox.enqueue(simple_order(ref))
    entries = [outbox.claim_next() for _ in range(4)]
    a, b, c, d = (e.id for e in entries if e is not None)
    outbox.mark_sent(a)
    outbox.park(b, "rejected - MalformedJson")
    outbox.reschedule(c, clock() + 10, "no answer in time", unknown=True)
    outbox.put_back(d, "credentials rejected")
    status = outbox.status()
    assert status.counts == {State.SENT: 1, State.PARKED: 1, State.PENDING: 2}
    assert status.possibly_duplicated == 1
    assert status.last_sent_at == clock()
    released = outbox.get("D")
    assert released is not None
    assert released.attempts == 0  # a credentials problem does not count against the order
    parked = outbox.get("B")
    assert parked is not None
    assert parked.last_error == "rejected - MalformedJson"
    assert outbox.retry("B") is True
    assert outbox.retry("B") is False
    assert outbox.retry_all_parked() == 0
    assert outbox.status().counts[State.PENDING] == 3


def test_an_interrupted_send_is_recovered_as_possibly_duplicated(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as box:
        box.enqueue(simple_order("A"))
        assert box.claim_next() is not None
    with Outbox(path) as box:
        assert box.status().counts == {State.SENDING: 1}
        assert box.recover_interrupted() == 1
        entry = box.get("A")
        assert entry is not None
        assert entry.state is State.PENDING
        assert entry.possibly_duplicated
        assert box.status().possibly_duplicated == 1


def test_make_due_brings_every_waiting_order_forward(outbox: Outbox, clock: FakeClock) -> None:
    for ref in "AB":
        entry = outbox.enqueue(simple_order(ref))
        outbox.reschedule(entry.id, clock() + 300, "HTTP 503", unknown=False)
    assert outbox.claim_next() is None
    assert outbox.make_due() == 2
    assert outbox.next_due_at() == clock()


def test_made_since_reads_the_newest_orders_back_to_the_first_older_one(
    outbox: Outbox, clock: FakeClock
) -> None:
    for n in range(1, 4):
        outbox.enqueue(simple_order(f"T-{n}"))
        clock.advance(100)  # made at start, start + 100, start + 200
    start = clock.now - 300
    assert [e.ref_code for e in outbox.made_since(start + 50)] == ["T-3", "T-2"]
    assert [e.ref_code for e in outbox.made_since(start)] == ["T-3", "T-2", "T-1"]
    assert list(outbox.made_since(clock.now)) == []
    # Reading goes back from the newest and stops at the first older order: an order made
    # after a clock was put back hides the ones before it (a crash check needs only the last).
    clock.advance(-1000)
    outbox.enqueue(simple_order("T-4"))
    assert list(outbox.made_since(start + 50)) == []


def test_sent_orders_are_kept_for_the_retention_then_pruned(
    outbox: Outbox, clock: FakeClock
) -> None:
    old = outbox.enqueue(simple_order("OLD"))
    outbox.claim_next()
    outbox.mark_sent(old.id)
    clock.advance(29 * 86400)
    assert outbox.prune_sent(30) == 0
    clock.advance(2 * 86400)
    assert outbox.prune_sent(30) == 1
    assert outbox.get("OLD") is None


def test_a_long_prune_lets_a_sale_in_between_its_batches(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "outbox.sqlite3"
    pruning = Outbox(path, clock=clock)
    for n in range(25):
        entry = pruning.enqueue(simple_order(f"OLD-{n}"))
        pruning.claim_next()
        pruning.mark_sent(entry.id)
    clock.advance(31 * 86400)
    kept = pruning.enqueue(simple_order("PENDING"))  # waiting orders are never forgotten
    till = Outbox(path, clock=clock)  # the window's connection
    till._db.execute("PRAGMA busy_timeout=0")  # a sale that had to wait would fail here
    sold: list[str] = []

    def between(statement: str) -> None:
        # Each batch begins a transaction of its own: the till's sale gets in before the second.
        if statement.startswith("BEGIN") and len(sold) < 2:
            sold.append(till.enqueue(simple_order(f"SALE-{len(sold)}")).ref_code)

    pruning._db.set_trace_callback(between)
    try:
        assert pruning.prune_sent(30, batch=10) == 25
    finally:
        pruning._db.set_trace_callback(None)
    assert sold == ["SALE-0", "SALE-1"]  # in between batches, not after the prune
    with pytest.raises(ValueError, match="at least 1"):  # LIMIT 0 would never end
        pruning.prune_sent(30, batch=0)
    assert {e.ref_code for e in pruning.entries()} == {kept.ref_code, *sold}
    till.close()
    pruning.close()


def test_sent_between_gives_the_orders_sent_in_the_span_in_the_order_they_went(
    outbox: Outbox, clock: FakeClock
) -> None:
    start = clock.now
    for ref in ("A", "B", "C", "D"):
        outbox.enqueue(simple_order(ref))
    outbox.enqueue(simple_order("WAITING"))
    sending = {e.ref_code: e for e in outbox.claim_batch(4)}
    assert sorted(sending) == ["A", "B", "C", "D"]
    for ref in ("C", "A", "D", "B"):  # answered in another order than queued, 10 minutes apart
        outbox.mark_sent(sending[ref].id)
        clock.advance(600)
    went = [e.ref_code for e in outbox.sent_between(start, start + 1800)]  # the first three
    assert went == ["C", "A", "D"]
    assert [e.ref_code for e in outbox.sent_between(start + 600, clock.now)] == ["A", "D", "B"]
    assert list(outbox.sent_between(clock.now, clock.now + 3600)) == []


def test_entries_are_streamed_oldest_first_with_filters(outbox: Outbox) -> None:
    for n in range(5):
        outbox.enqueue(simple_order(f"R{n}"))
    first = outbox.claim_next()
    assert first is not None
    outbox.park(first.id, "no")
    assert [e.ref_code for e in outbox.entries()] == ["R0", "R1", "R2", "R3", "R4"]
    assert [e.ref_code for e in outbox.entries(State.PENDING, limit=2)] == ["R1", "R2"]
    assert [e.ref_code for e in outbox.entries(State.PARKED)] == ["R0"]


def test_a_corrupt_file_is_named_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"this is not a database, it is a shopping list" * 100)
    before = path.read_bytes()
    with pytest.raises(OutboxError) as caught:
        Outbox(path)
    assert str(path) in str(caught.value)
    assert "damaged" in str(caught.value)
    assert path.read_bytes() == before


def test_a_damaged_page_is_found_at_open(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as box:
        for n in range(200):
            box.enqueue(simple_order(f"R{n}"))
        box._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = b"\xff" * page  # scribble over a page of the table
    path.write_bytes(bytes(data))
    with pytest.raises(OutboxError, match="damaged"):
        Outbox(path)
    assert path.read_bytes() == bytes(data)


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE customers (name TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(OutboxError, match="not a posapp outbox"):
        Outbox(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    Outbox(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(OutboxError, match="newer posapp"):
        Outbox(path)


def test_a_failing_insert_or_numbers_file_stores_nothing_and_uses_no_number(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "outbox.sqlite3"
    clock.advance(-seconds_since_midnight(clock()) - 86400)
    with Outbox(path, clock=clock) as box:
        clock.advance(86400 + 9 * 3600)
        first = box.enqueue_new("REGENT-01", simple_order)
        box._db.execute(  # an SQLite failure inside the INSERT, as a failing disk would give
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON orders BEGIN INSERT INTO nowhere VALUES (1); END"
        )
        with pytest.raises(OutboxError, match="cannot be used"):
            box.enqueue_new("REGENT-01", simple_order)
        box._db.execute("DROP TRIGGER boom")
        numbers = Path(f"{path}-numbers")
        numbers.unlink()
        numbers.mkdir()  # the reserved block cannot be written (next day: a new block is due)
        clock.advance(86400)
        with pytest.raises(OutboxError, match="cannot be used"):
            box.enqueue_new("REGENT-01", simple_order)
        numbers.rmdir()
        next_day = box.enqueue_new("REGENT-01", simple_order)
        clock.advance(-86400)
        second = box.enqueue_new("REGENT-01", simple_order)
        assert box._db.execute("SELECT count(*) FROM orders").fetchone()[0] == 3
    assert first.ref_code.endswith("-0001") and second.ref_code.endswith("-0002")
    assert next_day.ref_code.endswith("-0001")
