"""The worker makes its client after the window's first paint (``WaitsForWindow``), never
while the window builds and paints; without a paint it still sends, ``READY_WAIT`` later."""

from __future__ import annotations

import queue
import threading
from pathlib import Path

import pytest

from posapp.outbox import worker as worker_module
from posapp.outbox.delivery import DeliveryEvent, EventKind
from posapp.outbox.store import Outbox, State
from posapp.outbox.worker import DeliveryWorker, WaitsForWindow
from posapp.tracker.client import TrackerClient
from posapp.tracker.sandbox import Sandbox
from posapp.tracker.token import SiteToken
from tests.conftest import SITE, TOKEN
from tests.helpers import simple_order


class WindowReports:
    """A listener like the window's bridge: events in a queue, ``ready`` at the first paint."""

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.events: queue.Queue[DeliveryEvent] = queue.Queue()

    def __call__(self, event: DeliveryEvent) -> None:
        self.events.put(event)


class Connections:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.made = threading.Event()
        self.clients: list[TrackerClient] = []

    def __call__(self) -> TrackerClient:
        client = TrackerClient(self.sandbox.url, SITE, SiteToken(TOKEN), read_timeout=5.0)
        self.clients.append(client)
        self.made.set()
        return client


def test_the_window_listener_is_recognised() -> None:
    assert isinstance(WindowReports(), WaitsForWindow)
    assert not isinstance(print, WaitsForWindow)


def test_the_client_is_made_after_the_first_paint_and_the_queue_then_drains(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as box:
        box.enqueue(simple_order("T-1"))
    reports, connect = WindowReports(), Connections(sandbox)
    worker = DeliveryWorker(lambda: Outbox(path), connect=connect, listener=reports)
    worker.start()
    try:
        assert not connect.made.wait(0.5)  # no paint yet: no client, nothing sent
        assert sandbox.orders() == []
        reports.ready.set()  # the window has painted
        assert connect.made.wait(10)
        event = reports.events.get(timeout=10)
        assert (event.kind, event.ref_code) == (EventKind.SENT, "T-1")
    finally:
        worker.stop()
    assert worker.error is None
    assert len(connect.clients) == 1  # made once, for the worker's life
    assert len(sandbox.orders()) == 1


def test_without_a_paint_it_sends_anyway_a_little_later(
    tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_module, "READY_WAIT", 0.3)
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as box:
        box.enqueue(simple_order("T-1"))
    reports, connect = WindowReports(), Connections(sandbox)
    worker = DeliveryWorker(lambda: Outbox(path), connect=connect, listener=reports)
    worker.start()
    try:
        event = reports.events.get(timeout=10)
        assert (event.kind, event.ref_code) == (EventKind.SENT, "T-1")
    finally:
        worker.stop()
    assert not reports.ready.is_set()


def test_stopped_before_the_paint_it_never_connects_nor_pauses(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as box:
        box.enqueue(simple_order("T-1"))
    reports, connect = WindowReports(), Connections(sandbox)
    worker = DeliveryWorker(lambda: Outbox(path), connect=connect, listener=reports)
    worker.start()
    worker.stop()
    assert not worker.running
    assert worker.error is None
    assert not connect.made.is_set()
    assert reports.events.empty()
    with Outbox(path) as box:
        status = box.status()
    assert status.counts == {State.PENDING: 1}
    assert status.paused is None
