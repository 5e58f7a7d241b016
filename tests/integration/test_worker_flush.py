"""The delivery worker's sent marks: flushed to the disk beside the next request, and a disk
that refuses the flush pauses delivery with the reason, like any outbox that cannot be written."""

from __future__ import annotations

import os
import queue
from pathlib import Path

import pytest

from posapp.outbox import walsync
from posapp.outbox.delivery import DeliveryEvent, DeliveryWorker, EventKind
from posapp.outbox.store import Outbox, State
from posapp.tracker.client import TrackerClient
from posapp.tracker.sandbox import Sandbox
from posapp.tracker.token import SiteToken
from tests.conftest import SITE, TOKEN
from tests.helpers import simple_order

WAIT = 10.0


def test_marks_are_flushed_by_the_worker_and_on_stop(tmp_path: Path, sandbox: Sandbox) -> None:
    path = tmp_path / "outbox.sqlite3"
    flushed: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    events: queue.Queue[DeliveryEvent] = queue.Queue()
    with pytest.MonkeyPatch.context() as patch, Outbox(path) as box:
        patch.setattr(walsync.os, "fsync", spy)
        for n in range(3):
            box.enqueue(simple_order(f"F-{n}"))
        with TrackerClient(sandbox.url, SITE, SiteToken(TOKEN)) as client:
            worker = DeliveryWorker(lambda: Outbox(path), client, listener=events.put).start()
            kinds = [events.get(timeout=WAIT).kind for _ in range(3)]
            worker.stop()
        assert kinds == [EventKind.SENT] * 3
        assert box.status().counts == {State.SENT: 3}
    assert flushed  # the write-ahead log itself, by the flushing thread and at the stop
    assert {Path(name).name for name in flushed} == {"outbox.sqlite3-wal"}


def test_a_flush_the_disk_refuses_pauses_delivery(tmp_path: Path, sandbox: Sandbox) -> None:
    path = tmp_path / "outbox.sqlite3"

    def failing(fd: int) -> None:
        raise OSError(5, "Input/output error")

    events: queue.Queue[DeliveryEvent] = queue.Queue()
    with pytest.MonkeyPatch.context() as patch, Outbox(path) as box:
        patch.setattr(walsync.os, "fsync", failing)
        box.enqueue(simple_order("E-1"))
        box.enqueue(simple_order("E-2"))
        with TrackerClient(sandbox.url, SITE, SiteToken(TOKEN)) as client:
            worker = DeliveryWorker(
                lambda: Outbox(path), client, listener=events.put, poll_interval=0.2
            ).start()
            seen = [events.get(timeout=WAIT)]
            while seen[-1].kind is EventKind.SENT and len(seen) < 3:  # the flush fails after
                seen.append(events.get(timeout=WAIT))
            paused = seen[-1]
            assert paused.kind is EventKind.PAUSED
            assert "cannot be written" in paused.reason
            assert "Input/output error" in paused.reason
            assert worker.running
            worker.stop()
        assert worker.error is None
