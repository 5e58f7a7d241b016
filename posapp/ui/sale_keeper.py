"""The window's side of the kept sale: bring it back at start, keep it on every change.

``keep_sale(window)`` opens the profile's sale-in-progress file, puts a sale that a crash, a
kill or a power cut left behind back into the basket, and from then on saves the basket and
customer whenever they change: a scan writes the one line it changed (a few tens of
microseconds: one small SQLite commit, not flushed to the disk). A finished or voided sale
empties the basket, which clears the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from posapp.domain.errors import ValidationError
from posapp.outbox.sale_in_progress import (
    SaleInProgress,
    SaleKeepError,
    already_queued,
    queued_from,
)
from posapp.outbox.store import OutboxError
from posapp.ui.domain_text import reason_text

if TYPE_CHECKING:
    from posapp.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class SaleKeeper(QObject):
    def __init__(self, window: MainWindow, kept: SaleInProgress) -> None:
        super().__init__(window)
        self.window = window
        self.kept = kept
        self._failed = False
        self.destroyed.connect(kept.close)

    def restore(self) -> int:
        """Put a left-behind sale back in the basket; returns how many lines came back."""
        window = self.window
        try:
            sale = self.kept.load()
        except SaleKeepError as exc:
            self._say_failed(str(exc))
            return 0
        if sale is None or len(window.basket_model.basket):
            return 0
        try:
            made = window.till.outbox.made_since(queued_from(sale))
            orders = [(entry.created_at, entry.payload) for entry in made]
        except OutboxError:
            orders = []
        if already_queued(sale, orders):  # committed, then the till stopped before clearing
            self.kept.clear()
            return 0
        model = window.basket_model
        if sale.lines and sale.currency != model.basket.currency:
            model.set_currency(sale.currency)
        restored = 0
        for line in sale.lines:
            try:
                model.add(line.ref_code, line.qty, line.unit_price, line.name)
                restored += 1
            except ValidationError as exc:
                log.warning("a kept line could not be restored: %s", exc.message)
        if sale.customer_id is not None:
            panel = window.customer_panel
            panel.field.setText(sale.customer_id)
            panel.look_up()
            for key, value in sale.info.items():
                if key in panel.info_fields:
                    panel.info_fields[key].setText(value)
        if restored:
            window.say(
                self.tr(
                    "The unfinished sale is back: %n line(s). Carry on, or void it.", "", restored
                )
            )
        return restored

    # -- keeping: one row per change ------------------------------------------------------------
    def line_rows_changed(self, first: int, last: int) -> None:
        basket = self.window.basket_model.basket

        def put() -> None:
            for row in range(first, last + 1):
                self.kept.put_line(row, basket.line(row), basket.currency)

        self._keep(put)

    def all_lines_changed(self) -> None:
        basket = self.window.basket_model.basket
        self._keep(lambda: self.kept.put_lines(basket.lines, basket.currency))

    def customer_changed(self) -> None:
        try:
            customer = self.window.customer_panel.customer()
        except ValidationError:  # a half-typed info value: the customer as last kept
            return
        self._keep(lambda: self.kept.put_customer(customer))

    def _keep(self, work: Callable[[], object]) -> None:
        try:
            work()
        except SaleKeepError as exc:
            self._say_failed(str(exc))

    def _say_failed(self, message: str) -> None:
        log.error("%s", message)
        if not self._failed:  # once, not on every scan
            self._failed = True
            self.window.status.showMessage(reason_text(message))


def keep_sale(window: MainWindow) -> SaleKeeper | None:
    """Restore the kept sale into ``window`` and keep it from now on (None: not kept).

    Only the window that holds the profile's delivery lock (it has the worker) is the till:
    a second window on the same profile, or the self-test, neither takes over nor overwrites
    the till's basket.
    """
    if not window.till.delivering:
        return None
    try:
        kept = SaleInProgress(window.till.profile.sale_in_progress_file)
    except SaleKeepError as exc:
        log.error("%s", exc)
        window.status.showMessage(reason_text(str(exc)))
        return None
    keeper = SaleKeeper(window, kept)
    keeper.restore()
    keeper.all_lines_changed()  # the file now says what the basket holds
    keeper.customer_changed()
    model = window.basket_model
    model.rowsInserted.connect(lambda _parent, first, last: keeper.line_rows_changed(first, last))
    model.dataChanged.connect(
        lambda top, bottom, _roles=None: keeper.line_rows_changed(top.row(), bottom.row())
    )
    model.rowsRemoved.connect(keeper.all_lines_changed)
    model.modelReset.connect(keeper.all_lines_changed)
    window.customer_panel.changed.connect(keeper.customer_changed)
    for field in window.customer_panel.info_fields.values():  # the store's customer details
        field.textChanged.connect(keeper.customer_changed)
    return keeper
