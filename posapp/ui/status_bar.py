"""Always visible: is the endpoint reachable, how many orders wait, how many need a look."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from posapp.i18n import fill
from posapp.outbox.store import OutboxStatus
from posapp.ui.elided_label import ElidedLabel
from posapp.ui.retranslating import Retranslating
from posapp.ui.till_messages import Endpoint, Tone, endpoint_state, outbox_counts, style
from posapp.ui.time_text import local_time


class TillStatusBar(Retranslating, QStatusBar):
    parked_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.endpoint = ElidedLabel()
        self.pending = QLabel()
        self.parked = QPushButton()
        self.parked.setFlat(True)
        self.parked.clicked.connect(self.parked_clicked)
        self.last_sent = QLabel()
        self.last_sent.setAccessibleName(self.tr("Last order sent"))
        self.parked.setAccessibleDescription(
            self.tr("Orders the endpoint refused. Opens the queue on them (F9)")
        )
        self.lost = QLabel()  # an outbox lost and started afresh: shown until IT looks at it
        self.lost.setStyleSheet(style(Tone.BAD))
        self.lost.hide()
        self.addPermanentWidget(self.endpoint, 1)  # takes the room there is, elides the rest
        for widget in (self.lost, self.pending, self.parked, self.last_sent):
            self.addPermanentWidget(widget)
        self._endpoint_shown: tuple[Endpoint, str] | None = None
        self._counts_shown: OutboxStatus | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.endpoint.setAccessibleName(self.tr("Endpoint"))
        self.pending.setAccessibleName(self.tr("Pending orders"))
        self.parked.setAccessibleName(self.tr("Parked orders: open the queue"))
        self.parked.setToolTip(self.tr("Orders the endpoint refused. Click to see why (F9)."))
        shown, self._endpoint_shown = self._endpoint_shown, None
        self.show_endpoint(*(shown or (Endpoint.UNKNOWN, "")))
        if self._counts_shown is not None:
            self.show_counts(self._counts_shown)

    @property
    def counts_shown(self) -> OutboxStatus | None:
        """The outbox's counts as last shown (None before the first refresh lands)."""
        return self._counts_shown

    def show_endpoint(self, state: Endpoint, reason: str = "") -> None:
        # Called for every order the worker reports: restyling a label costs a relayout, so
        # only a change is shown (it cost about 200 us of the GUI thread per order sent).
        if self._endpoint_shown == (state, reason):
            return
        self._endpoint_shown = (state, reason)
        said = endpoint_state(state, reason)
        self.endpoint.setText(said.text)
        self.endpoint.setStyleSheet(style(said.tone) + " padding: 0 12px;")

    def show_counts(self, status: OutboxStatus) -> None:
        self._counts_shown = status
        counts = outbox_counts(status)
        self.pending.setText(counts.pending)
        self.parked.setText(counts.parked)
        parked_style = style(counts.parked_tone) if counts.has_parked else ""
        if parked_style != self.parked.styleSheet():  # a restyle costs 150 us and a relayout
            self.parked.setStyleSheet(parked_style)
        sent = local_time(status.last_sent_at) if status.last_sent_at else self.tr("none yet")
        self.last_sent.setText(fill(self.tr("Last sent: %1"), sent))
        self.lost.setText(
            fill(
                self.tr(
                    "The outbox was lost or emptied on %1: orders from before may be missing; "
                    "tell IT"
                ),
                status.lost_on or "",
            )
        )
        self.lost.setVisible(status.lost_on is not None)
