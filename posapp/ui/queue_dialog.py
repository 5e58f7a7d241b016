"""The queue view: pending, parked (with the server's reason) and today's sent orders.

Parked orders can be retried or exported for a support ticket; "Flush now" tries every pending
order at once; the day's summary can be exported as CSV for the end-of-day close. Every read and
write of the outbox here runs in the background (``Till.with_outbox``); the view fills in when
the answer lands.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
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
from posapp.i18n import fill
from posapp.outbox.report import DaySummary, entry_record, local_day, summarise, write_day_csv
from posapp.outbox.store import Entry, Outbox, State
from posapp.till import Till
from posapp.ui.background import op
from posapp.ui.money_text import format_money
from posapp.ui.outbox_model import OutboxModel
from posapp.ui.theme import readable_selection

SHOWN = 2000  # rows per tab; the command line lists everything


@dataclass(frozen=True)
class _Loaded:
    pending: list[Entry]
    parked: list[Entry]
    sent: list[Entry]
    day: DaySummary


def _load(outbox: Outbox) -> _Loaded:
    start, end = local_day()
    sent = list(outbox.sent_between(start, end))[-SHOWN:]
    return _Loaded(
        list(outbox.entries(State.PENDING, SHOWN)),
        list(outbox.entries(State.PARKED, SHOWN)),
        list(reversed(sent)),
        summarise(outbox, start, end),
    )


def _write_parked(outbox: Outbox, path: Path) -> int:
    lines = [json.dumps(entry_record(entry)) + "\n" for entry in outbox.entries(State.PARKED)]
    write_atomically(path, "".join(lines).encode("utf-8"), mode=0o600)
    return len(lines)


class QueueDialog(QDialog):
    def __init__(
        self,
        till: Till,
        parent: QWidget | None = None,
        allow: Callable[[str], bool] = lambda what: True,
    ) -> None:
        super().__init__(parent)
        self.allow = allow  # asks for the admin PIN
        self.setWindowTitle(self.tr("Order queue"))
        self.till = till
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
            view.setPalette(readable_selection(view.palette()))
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
        self._accessible_texts(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._parked_first = True
        self.refresh()

    def _accessible_texts(self, buttons: QHBoxLayout) -> None:
        """What a screen reader says about the queue's tables and buttons (in their order)."""
        for state, name, description in (
            (State.PENDING, self.tr("Pending orders"), self.tr("Orders waiting to be sent")),
            (
                State.PARKED,
                self.tr("Parked orders"),
                self.tr("Orders the endpoint refused, with its reason; select one to retry it"),
            ),
            (State.SENT, self.tr("Orders sent today"), self.tr("Today's orders the endpoint took")),
        ):
            self.views[state].setAccessibleName(name)
            self.views[state].setAccessibleDescription(description)
        self.summary.setAccessibleName(self.tr("Today's summary"))
        self.message.setAccessibleName(self.tr("Message"))
        texts = (
            (self.tr("Retry selected"), self.tr("Send the selected parked orders again")),
            (self.tr("Retry all parked"), self.tr("Send every parked order again")),
            (self.tr("Export parked"), self.tr("Save the parked orders to a file for support")),
            (self.tr("Flush now"), self.tr("Try every pending order now")),
            (
                self.tr("Export day summary"),
                self.tr("Save today's orders as a CSV file for the end-of-day close"),
            ),
            (self.tr("Close"), self.tr("Close the queue")),
        )
        for index, (name, description) in enumerate(texts):
            item = buttons.itemAt(index)
            button = item.widget() if item is not None else None
            assert isinstance(button, QPushButton)
            button.setAccessibleName(name)
            button.setAccessibleDescription(description)

    def present(self) -> None:
        """Show the dialog afresh: it opens on the parked orders when there are any."""
        self._parked_first = True
        self.refresh()
        self.show()
        self.raise_()

    def show_parked(self) -> None:
        self.tabs.setCurrentIndex(1)

    def refresh(self) -> None:
        """Load the tabs and the day's summary in the background."""
        op(self, lambda: self.till.with_outbox(_load)).success(self._show).failure(
            self._failed
        ).run()

    def _show(self, loaded: _Loaded) -> None:
        self.models[State.PENDING].set_entries(loaded.pending)
        self.models[State.PARKED].set_entries(loaded.parked)
        self.models[State.SENT].set_entries(loaded.sent)
        day = loaded.day
        totals = ", ".join(
            format_money(total, currency) for currency, total in day.sent_totals.items()
        )
        self.summary.setText(
            fill(
                self.tr("Today: %n order(s) sent (%1). Pending: %2. Parked: %3.", "", day.sent),
                totals or "0",
                day.pending,
                day.parked,
            )
        )
        if self._parked_first and day.parked:
            self.show_parked()  # what needs a look comes first
        self._parked_first = False

    def _failed(self, exc: Exception) -> None:
        self.message.setText(str(exc))

    def _then(self, work: Callable[[Outbox], int], said: Callable[[int], str]) -> None:
        """Run ``work`` on the outbox in the background, say what it did, send, refresh."""

        def done(count: int) -> None:
            self.message.setText(said(count))
            self.till.expedite()
            self.refresh()

        op(self, lambda: self.till.with_outbox(work)).success(done).failure(self._failed).run()

    def retry_selected(self) -> None:
        if not self.allow(self.tr("retry parked orders")):
            return
        view = self.views[State.PARKED]
        rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
        refs = [self.models[State.PARKED].entries[row].ref_code for row in rows]
        if not refs:
            self.message.setText(self.tr("Select a parked order first."))
            return
        self._then(
            lambda outbox: sum(outbox.retry(ref) for ref in refs),
            lambda count: self.tr("%n order(s) back in the queue.", "", count),
        )

    def retry_all(self) -> None:
        if not self.allow(self.tr("retry parked orders")):
            return
        self._then(
            Outbox.retry_all_parked,
            lambda count: self.tr("%n order(s) back in the queue.", "", count),
        )

    def flush(self) -> None:
        self.till.expedite()
        self.message.setText(self.tr("Trying every pending order now."))

    def export_parked(self, path: Path | None = None) -> Path | None:
        if not self.allow(self.tr("export parked orders")):
            return None
        path = path or self._ask_path(self.tr("Export parked orders"), "parked-orders.jsonl")
        if path is None:
            return None
        op(self, lambda: self.till.with_outbox(lambda outbox: _write_parked(outbox, path))).success(
            lambda count: self.message.setText(
                fill(self.tr("%n parked order(s) written to %1", "", count), path)
            )
        ).failure(self._failed).with_progress(self.tr("Exporting…")).run()
        return path

    def export_day(self, path: Path | None = None) -> Path | None:
        path = path or self._ask_path(self.tr("Export the day's summary"), "day-summary.csv")
        if path is None:
            return None
        start, end = local_day()
        op(
            self, lambda: self.till.with_outbox(lambda o: write_day_csv(o, start, end, path))
        ).success(
            lambda count: self.message.setText(
                fill(self.tr("%n order(s) written to %1", "", count), path)
            )
        ).failure(self._failed).with_progress(self.tr("Exporting…")).run()
        return path

    def _ask_path(self, title: str, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested))
        return Path(name) if name else None
