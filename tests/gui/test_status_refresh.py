"""The status bar during a long drain: refreshed every 100 ms or so, never once per order, and
never starved by a steady stream of delivery reports."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from posapp.outbox.delivery import DeliveryEvent, EventKind
from posapp.till import TillStatus
from posapp.ui.main_window import MainWindow


def test_a_steady_stream_of_sent_reports_refreshes_the_status_now_and_then(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.wait(300)  # the start's own refresh is done
    window._poll_timer.stop()  # only the reports may cause a refresh here
    reads: list[int] = []
    real: Callable[[], TillStatus] = window.till.status

    def counted() -> TillStatus:
        reads.append(1)
        return real()

    monkeypatch.setattr(window.till, "status", counted)
    reports = [0]

    def report() -> None:  # 20 orders reported every 20 ms, for a second: 1,000 reports
        for _ in range(20):
            reports[0] += 1
            window.on_delivery_event(DeliveryEvent(EventKind.SENT, f"T-{reports[0]}"))

    stream = QTimer()
    stream.setInterval(20)
    stream.timeout.connect(report)
    stream.start()
    qtbot.waitUntil(lambda: reports[0] >= 1000, timeout=20000)
    stream.stop()
    # a timer restarted by every report would never fire while they keep coming (0 reads);
    # one read per report would be 1,000
    assert 1 <= len(reads) < reports[0] // 20
    qtbot.waitUntil(lambda: not window._refreshing, timeout=5000)


def test_the_parked_count_is_restyled_only_when_its_tone_changes(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posapp.outbox.entries import OutboxStatus
    from posapp.outbox.store import State

    def status(parked: int) -> OutboxStatus:
        counts = {State.SENT: 5, State.PARKED: parked} if parked else {State.SENT: 5}
        return OutboxStatus(counts, None, None, 0, None, None, None)

    bar = window.status
    restyled: list[str] = []
    real = bar.parked.setStyleSheet
    monkeypatch.setattr(bar.parked, "setStyleSheet", lambda s: (restyled.append(s), real(s)))
    bar.show_counts(status(2))
    assert bar.parked.styleSheet() != ""  # parked orders stand out
    bar.show_counts(status(3))
    bar.show_counts(status(0))
    assert bar.parked.styleSheet() == ""
    bar.show_counts(status(0))
    assert len(restyled) == 2  # on, then off: not once per refresh
