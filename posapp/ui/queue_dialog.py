"""The queue view: pending, parked (with the server's reason) and today's sent orders.

Parked orders can be retried or exported for a support ticket; "Flush now" tries every pending
order at once; the day's summary can be exported as CSV for the end-of-day close.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from posapp.files import write_atomically
from posapp.outbox.report import entry_record, local_day, summarise, write_day_csv
from posapp.outbox.store import Outbox, OutboxError, State
from posapp.ui.money_text import format_money
from posapp.ui.outbox_model import OutboxModel

SHOWN = 2000  # rows per tab; the command line lists everything


class QueueDialog(QDialog):
    def __init__(
        self,
        outbox: Outbox,
        flush_now: Callable[[], None],
        parent: QWidget | None = None,
        allow: Callable[[str], bool] = lambda what: True,
    ) -> None:
        super().__init__(parent)
        self.allow = allow  # asks for the admin PIN
        self.setWindowTitle(self.tr("Order queue"))
        self.outbox = outbox
        self.flush_now = flush_now
        self.resize(980, 560)
        self.models = {
            state: OutboxModel(self) for state in (State.PENDING, State.PARKED, State.SENT)
        }
        self.tabs = QTabWidget()
        self.views: dict[State, QTableView] = {}
        for state, title in (
            (State.PENDING, self.tr("Pending")),
            (State.PARKED, self.tr("Parked: need attention")),
            (State.SENT, self.tr("Sent today")),
        ):
            view = QTableView()
            view.setModel(self.models[state])
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.horizontalHeader().setStretchLastSection(True)
            view.verticalHeader().hide()
            self.views[state] = view
            self.tabs.addTab(view, title)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Retry selected"), self.retry_selected),
            (self.tr("Retry all parked"), self.retry_all),
            (self.tr("Export parked…"), lambda: self.export_parked()),  # noqa: PLW0108 - not clicked(bool) as a path
            (self.tr("Flush now"), self.flush),
            (self.tr("Export day summary (CSV)…"), lambda: self.export_day()),  # noqa: PLW0108
            (self.tr("Close"), self.close),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    def show_parked(self) -> None:
        self.tabs.setCurrentIndex(1)

    def refresh(self) -> None:
        start, end = local_day()
        try:
            for state in (State.PENDING, State.PARKED):
                self.models[state].set_entries(list(self.outbox.entries(state, SHOWN)))
            sent = list(self.outbox.sent_between(start, end))[-SHOWN:]
            self.models[State.SENT].set_entries(list(reversed(sent)))
            day = summarise(self.outbox, start, end)
        except OutboxError as exc:
            self.message.setText(str(exc))
            return
        totals = ", ".join(
            format_money(total, currency) for currency, total in day.sent_totals.items()
        )
        self.summary.setText(
            self.tr("Today: %1 orders sent (%2). Pending: %3. Parked: %4.")
            .replace("%1", str(day.sent))
            .replace("%2", totals or "0")
            .replace("%3", str(day.pending))
            .replace("%4", str(day.parked))
        )

    def retry_selected(self) -> None:
        if not self.allow(self.tr("retry parked orders")):
            return
        view = self.views[State.PARKED]
        rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
        refs = [self.models[State.PARKED].entries[row].ref_code for row in rows]
        if not refs:
            self.message.setText(self.tr("Select a parked order first."))
            return
        for ref in refs:
            self.outbox.retry(ref)
        self.message.setText(self.tr("%n order(s) back in the queue.", "", len(refs)))
        self.flush_now()
        self.refresh()

    def retry_all(self) -> None:
        if not self.allow(self.tr("retry parked orders")):
            return
        count = self.outbox.retry_all_parked()
        self.message.setText(self.tr("%n order(s) back in the queue.", "", count))
        self.flush_now()
        self.refresh()

    def flush(self) -> None:
        self.flush_now()
        self.message.setText(self.tr("Trying every pending order now."))

    def export_parked(self, path: Path | None = None) -> Path | None:
        if not self.allow(self.tr("export parked orders")):
            return None
        path = path or self._ask_path(self.tr("Export parked orders"), "parked-orders.jsonl")
        if path is None:
            return None
        lines = [
            json.dumps(entry_record(entry)) + "\n" for entry in self.outbox.entries(State.PARKED)
        ]
        write_atomically(path, "".join(lines).encode("utf-8"), mode=0o600)
        self.message.setText(self.tr("%n parked order(s) written to ", "", len(lines)) + str(path))
        return path

    def export_day(self, path: Path | None = None) -> Path | None:
        path = path or self._ask_path(self.tr("Export the day's summary"), "day-summary.csv")
        if path is None:
            return None
        start, end = local_day()
        count = write_day_csv(self.outbox, start, end, path)
        self.message.setText(self.tr("%n order(s) written to ", "", count) + str(path))
        return path

    def _ask_path(self, title: str, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested))
        return Path(name) if name else None
