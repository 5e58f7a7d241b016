"""The delivery worker on its own thread, against the sandbox and a real outbox file."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from posapp.outbox.delivery import DeliveryEvent, DeliveryWorker, EventKind
from posapp.outbox.lock import DeliveryBusy, DeliveryLock
from posapp.outbox.store import Entry, Outbox, State
from posapp.tracker.client import TrackerClient
from posapp.tracker.sandbox import Fault, Sandbox
from posapp.tracker.token import SiteToken
from tests.conftest import SITE, TOKEN
from tests.helpers import simple_order

WAIT = 10.0


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


@pytest.fixture
def events() -> queue.Queue[DeliveryEvent]:
    return queue.Queue()


@pytest.fixture
def worker(
    path: Path, sandbox: Sandbox, events: queue.Queue[DeliveryEvent]
) -> Iterator[DeliveryWorker]:
    client = TrackerClient(sandbox.url, SITE, SiteToken(TOKEN), read_timeout=5.0)
    running = DeliveryWorker(lambda: Outbox(path), client, listener=events.put, poll_interval=0.2)
    running.start()
    yield running
    running.stop()
    client.close()
    assert not running.running
    assert running.error is None


def next_event(events: queue.Queue[DeliveryEvent]) -> DeliveryEvent:
    return events.get(timeout=WAIT)


def test_a_woken_worker_sends_at_once_and_reports(
    worker: DeliveryWorker, path: Path, events: queue.Queue[DeliveryEvent], sandbox: Sandbox
) -> None:
    with Outbox(path) as box:
        box.enqueue(simple_order("T-1"))
        worker.wake()
        event = next_event(events)
        assert (event.kind, event.ref_code) == (EventKind.SENT, "T-1")
        assert box.status().counts == {State.SENT: 1}
    assert len(sandbox.orders()) == 1


def test_pause_holds_orders_and_resume_sends_them(
    worker: DeliveryWorker, path: Path, events: queue.Queue[DeliveryEvent], sandbox: Sandbox
) -> None:
    worker.pause()
    assert next_event(events).kind is EventKind.PAUSED
    with Outbox(path) as box:
        box.enqueue(simple_order("T-1"))
        worker.wake()
        with pytest.raises(queue.Empty):
            events.get(timeout=0.5)
        assert sandbox.orders() == []
        worker.resume()
        assert next_event(events).kind is EventKind.RESUMED
        assert next_event(events).kind is EventKind.SENT


def test_stop_during_a_send_leaves_every_row_consistent(
    worker: DeliveryWorker, path: Path, events: queue.Queue[DeliveryEvent], sandbox: Sandbox
) -> None:
    sandbox.add_fault(Fault("delay", seconds=0.5))
    with Outbox(path) as box:
        box.enqueue(simple_order("T-1"))
        box.enqueue(simple_order("T-2"))
        worker.wake()
        deadline = threading.Event()
        while sandbox.requests == 0 and not deadline.wait(0.01):
            pass
        worker.stop()
        counts = box.status().counts
    assert State.SENDING not in counts
    assert counts.get(State.SENT, 0) + counts.get(State.PENDING, 0) == 2


def test_expedite_ignores_the_backoff(
    worker: DeliveryWorker, path: Path, events: queue.Queue[DeliveryEvent], sandbox: Sandbox
) -> None:
    sandbox.fail_next(503, retry_after="500")
    with Outbox(path) as box:
        box.enqueue(simple_order("T-1"))
        worker.wake()
        assert next_event(events).kind is EventKind.WILL_RETRY
        worker.expedite()
        assert next_event(events).kind is EventKind.SENT


def test_new_credentials_resume_a_paused_worker(
    worker: DeliveryWorker, path: Path, events: queue.Queue[DeliveryEvent], sandbox: Sandbox
) -> None:
    sandbox.fail_next(401)
    with Outbox(path) as box:
        box.enqueue(simple_order("T-1"))
        worker.wake()
        assert next_event(events).kind is EventKind.PAUSED
        assert box.status().paused is not None
        with TrackerClient(sandbox.url, SITE, SiteToken(TOKEN)) as fresh:
            worker.use_sender(fresh)
            assert next_event(events).kind is EventKind.RESUMED
            assert next_event(events).kind is EventKind.SENT
            worker.use_sender(None)
            assert next_event(events).kind is EventKind.PAUSED


def test_only_one_process_delivers_from_an_outbox(tmp_path: Path) -> None:
    first = DeliveryLock(tmp_path / "delivery.lock")
    first.acquire()
    try:
        with pytest.raises(DeliveryBusy, match="already delivering"):
            DeliveryLock(tmp_path / "delivery.lock").acquire()
    finally:
        first.release()
    with DeliveryLock(tmp_path / "delivery.lock") as again:
        assert again.held


def test_a_worker_on_a_damaged_outbox_stops_and_says_why(tmp_path: Path, sandbox: Sandbox) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    with TrackerClient(sandbox.url, SITE, SiteToken(TOKEN)) as client:
        worker = DeliveryWorker(lambda: Outbox(path), client).start()
        worker.stop()
    assert worker.error is not None
    assert "damaged" in str(worker.error)
    assert path.read_bytes() == b"garbage" * 1000


def test_an_outbox_that_cannot_be_written_pauses_delivery_and_says_why(
    path: Path, sandbox: Sandbox, events: queue.Queue[DeliveryEvent]
) -> None:
    from posapp.outbox.store import OutboxError

    class FullDisk(Outbox):
        def mark_sent_many(self, *args: Any, **kwargs: Any) -> list[Entry]:
            raise OutboxError(
                f"The outbox {self.path} could not be written (database or disk is full)."
            )

    with TrackerClient(sandbox.url, SITE, SiteToken(TOKEN)) as client, Outbox(path) as box:
        worker = DeliveryWorker(
            lambda: FullDisk(path), client, listener=events.put, poll_interval=0.2
        ).start()
        box.enqueue(simple_order("T-1"))
        worker.wake()
        event = next_event(events)
        assert event.kind is EventKind.PAUSED
        assert "cannot be written" in event.reason
        assert "disk is full" in event.reason
        assert worker.running  # still there: the window keeps its status, nothing crashed
        worker.stop()
        assert worker.error is None
    with Outbox(path) as box:
        assert (
            box.recover_interrupted() == 1
        )  # sent again on the next start, counted as possibly duplicated
        assert box.status().possibly_duplicated == 1
