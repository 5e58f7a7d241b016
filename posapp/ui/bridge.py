"""The one bridge from the delivery worker's thread to the window: a Qt signal, once per burst.

The worker calls ``listener`` on its own thread, once per order (a batch of orders marked sent
together reports them all at once). The events wait in a list, and the window's thread is
woken once for all of them: it runs ``delivery_event`` for each, in order, in one go. One
wake-up per burst instead of one per order: each wake-up has to win the GIL back from a busy
worker, which is what stalled the window during a drain. The GUI thread never waits on the
network. (The worker itself starts after the window's first paint: ``MainWindow``.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:  # delivery loads with the worker, after the window's first paint
    from posapp.outbox.delivery import DeliveryEvent


class Reports:
    """What the worker calls, from any thread: the event joins the waiting ones, and
    ``wake`` is called only when it is the first of them (the window has taken the others)."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self._wake = wake
        self._lock = threading.Lock()
        self._waiting: list[DeliveryEvent] = []

    def __call__(self, event: DeliveryEvent) -> None:
        with self._lock:
            first = not self._waiting
            self._waiting.append(event)
        if first:
            self._wake()

    def take(self) -> list[DeliveryEvent]:
        """Every event waiting, oldest first; none wait afterwards."""
        with self._lock:
            events, self._waiting = self._waiting, []
        return events


class DeliveryBridge(QObject):
    delivery_event = Signal(object)  # a DeliveryEvent, on the GUI thread, in the order reported
    _arrived = Signal()  # from the worker's thread: events are waiting

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listener = Reports(self._arrived.emit)  # give this to the DeliveryWorker
        self._arrived.connect(self._hand_over, Qt.ConnectionType.QueuedConnection)

    def _hand_over(self) -> None:
        for event in self.listener.take():
            self.delivery_event.emit(event)
