"""Always visible: is the endpoint reachable, how many orders wait, how many need a look."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from posapp.outbox.store import OutboxStatus, State
from posapp.ui.time_text import local_time


class Endpoint(Enum):
    UNKNOWN = "unknown"
    REACHABLE = "reachable"
    OFFLINE = "offline"
    CREDENTIALS = "credentials rejected"
    PAUSED = "paused"  # no token, a keyring that failed, a disk that cannot be written


class TillStatusBar(QStatusBar):
    parked_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.endpoint = QLabel()
        self.endpoint.setAccessibleName(self.tr("Endpoint"))
        self.pending = QLabel()
        self.pending.setAccessibleName(self.tr("Pending orders"))
        self.parked = QPushButton()
        self.parked.setFlat(True)
        self.parked.setAccessibleName(self.tr("Parked orders: open the queue"))
        self.parked.setToolTip(self.tr("Orders the endpoint refused. Click to see why (F9)."))
        self.parked.clicked.connect(self.parked_clicked)
        self.last_sent = QLabel()
        for widget in (self.endpoint, self.pending, self.parked, self.last_sent):
            self.addPermanentWidget(widget)
        self._endpoint_shown: tuple[Endpoint, str] | None = None
        self.show_endpoint(Endpoint.UNKNOWN)

    def show_endpoint(self, state: Endpoint, reason: str = "") -> None:
        # Called for every order the worker reports: restyling a label costs a relayout, so
        # only a change is shown (it cost about 200 us of the GUI thread per order sent).
        if self._endpoint_shown == (state, reason):
            return
        self._endpoint_shown = (state, reason)
        text, colour = {
            Endpoint.UNKNOWN: (self.tr("Endpoint: no order sent yet"), "#555"),
            Endpoint.REACHABLE: (self.tr("Endpoint: reachable"), "#0b6e2e"),
            Endpoint.OFFLINE: (self.tr("Endpoint: OFFLINE, orders are queued"), "#9a6700"),
            Endpoint.CREDENTIALS: (
                self.tr("Endpoint: CREDENTIALS REJECTED, call the manager"),
                "#b3261e",
            ),
            Endpoint.PAUSED: (self.tr("Sending PAUSED, orders are queued: %1"), "#b3261e"),
        }[state]
        self.endpoint.setText(text.replace("%1", reason))
        self.endpoint.setStyleSheet(f"color: {colour}; font-weight: bold; padding: 0 12px;")

    def show_counts(self, status: OutboxStatus) -> None:
        pending = status.counts.get(State.PENDING, 0) + status.counts.get(State.SENDING, 0)
        parked = status.counts.get(State.PARKED, 0)
        self.pending.setText(self.tr("Pending: %n", "", pending))
        self.parked.setText(self.tr("Parked: %n", "", parked))
        self.parked.setStyleSheet("color: #b3261e; font-weight: bold;" if parked else "")
        sent = local_time(status.last_sent_at) if status.last_sent_at else self.tr("none yet")
        self.last_sent.setText(self.tr("Last sent: %1").replace("%1", sent))
