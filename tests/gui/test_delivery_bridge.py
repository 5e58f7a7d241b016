"""The bridge wakes the window once for a burst of reports, and hands them over in order."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from posapp.outbox.delivery import DeliveryEvent, EventKind
from posapp.ui.bridge import DeliveryBridge


def test_a_burst_from_the_worker_wakes_the_window_once_and_keeps_the_order(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bridge = DeliveryBridge()
    got: list[DeliveryEvent] = []
    bridge.delivery_event.connect(got.append)
    takes: list[int] = []
    take = bridge.listener.take

    def counted() -> list[DeliveryEvent]:
        events = take()
        takes.append(len(events))
        return events

    monkeypatch.setattr(bridge.listener, "take", counted)
    sent = [DeliveryEvent(EventKind.SENT, f"T-{n}") for n in range(100)]

    def worker() -> None:  # a batch marked sent: its reports one after the other
        for event in sent:
            bridge.listener(event)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()  # the window's thread was busy meanwhile: all 100 wait for it
    qtbot.waitUntil(lambda: len(got) == 100, timeout=5000)
    assert got == sent
    assert takes == [100]  # one wake-up, not 100
    bridge.listener(DeliveryEvent(EventKind.PAUSED, reason="paused by the operator"))
    qtbot.waitUntil(lambda: len(got) == 101, timeout=5000)  # the next burst wakes it again
    assert takes == [100, 1]
