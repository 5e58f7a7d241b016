"""The one bridge from the delivery worker's thread to the window: a Qt signal.

The worker calls ``listener`` on its own thread; Qt queues the signal to the GUI thread, where
the window reacts. The GUI thread never waits on the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # delivery loads with the worker, after the window's first paint
    from posapp.outbox.delivery import DeliveryEvent


class DeliveryBridge(QObject):
    delivery_event = Signal(object)  # a DeliveryEvent, delivered on the GUI thread

    def listener(self, event: DeliveryEvent) -> None:
        """Give this to the DeliveryWorker; safe to call from any thread."""
        self.delivery_event.emit(event)
