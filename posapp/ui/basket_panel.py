"""The sale in progress: the scan field, the basket table, the total, and the line edits.

Scans look items up in the local catalog (a local read, part of the sale path); nothing here
touches the network. A refused scan or edit changes nothing and says why in the message line.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.basket import Basket
from posapp.domain.errors import ValidationError
from posapp.domain.money import parse_amount
from posapp.domain.scan import Scan
from posapp.i18n import fill
from posapp.lists.datafile import DataFileError
from posapp.ui.basket_model import PRICE, BasketModel
from posapp.ui.domain_text import error_text
from posapp.ui.money_text import amount_from_text, format_money
from posapp.ui.pin_dialog import AdminGate, ask_no_by_default
from posapp.ui.price_prompt import PricePrompt
from posapp.ui.retranslating import Retranslating
from posapp.ui.scan_field import ScanField
from posapp.ui.theme import finish_style, readable_selection
from posapp.ui.till_messages import Tone, style

if TYPE_CHECKING:  # the catalog's code loads with the first scan, after the first paint
    from posapp.lists.catalog import Catalog


class BasketPanel(Retranslating, QWidget):
    """Scan field, basket table, total and message line, with the cashier's edits."""

    finish_requested = Signal()
    sale_started = Signal()  # the first line of a new sale is in

    def __init__(
        self,
        basket: Basket,
        catalog: Callable[[], Catalog],
        admin: AdminGate,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.admin = admin
        self.allow_unknown_items = False
        self._catalog_trouble: str | None = None  # why the catalog failed a scan of this burst
        self.pin_for_price = True
        self.model = BasketModel(basket, self)
        self.scan_field = ScanField()
        self.table = QTableView()
        self.totals = QLabel()
        self.message = QLabel()
        self.finish_button = QPushButton()
        self.price_prompt = PricePrompt()
        # a code the catalog does not know may be a loyalty card: the window offers it there
        self.customer_card: Callable[[str], bool] = lambda _code: False
        self._error_shown = False
        self._layout()
        self.scan_field.scanned.connect(self.add_scans)
        self.scan_field.refused.connect(self.refuse)
        self.model.rejected.connect(self.refuse)
        self.model.totals_changed.connect(self.show_totals)
        self.finish_button.clicked.connect(self.finish_requested)
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)
        self.price_prompt.priced.connect(self._priced)
        self.price_prompt.skipped.connect(self._skipped)
        self.model.price_to_confirm.connect(self._confirm_price)
        self.retranslate()

    def retranslate(self) -> None:
        self.finish_button.setText(self.tr("Finish sale  (F12)"))
        self.table.setAccessibleName(self.tr("Basket"))
        self.totals.setAccessibleName(self.tr("Basket total"))
        self.message.setAccessibleName(self.tr("Message"))
        self.finish_button.setAccessibleName(self.tr("Finish sale"))
        self.model.retranslate()
        self.show_totals()

    def _layout(self) -> None:
        scan_font = QFont(self.font())
        scan_font.setPointSize(scan_font.pointSize() + 5)
        self.scan_field.setFont(scan_font)
        self.scan_field.setMinimumHeight(44)
        table = self.table
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        em = table.fontMetrics().height()  # sizes in the font's height: they grow with it
        table.verticalHeader().setDefaultSectionSize(round(em * 1.7))
        # No row numbers: the cashier reads codes and names, and the header would be asked about
        # every row on each scan.
        table.verticalHeader().hide()
        for column, width in enumerate((7.5, 17, 3.5, 7, 7.5)):
            table.setColumnWidth(column, round(em * width))
        table.horizontalHeader().setStretchLastSection(True)
        table.setAlternatingRowColors(True)
        table.setPalette(readable_selection(table.palette()))  # the scanned line, selected
        totals_font = QFont(self.font())
        totals_font.setPointSize(totals_font.pointSize() + 12)
        totals_font.setBold(True)
        self.totals.setFont(totals_font)
        self.message.setWordWrap(True)
        button_font = QFont(self.font())
        button_font.setPointSize(button_font.pointSize() + 8)
        button_font.setBold(True)
        self.finish_button.setFont(button_font)
        self.finish_button.setMinimumSize(300, 72)
        self.finish_button.setStyleSheet(finish_style())
        self.finish_button.setAccessibleName(self.tr("Finish sale"))
        bottom = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.totals)
        left.addWidget(self.message)
        bottom.addLayout(left, 1)
        bottom.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.price_prompt)
        layout.addWidget(table, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.scan_field, table)
        QWidget.setTabOrder(table, self.finish_button)
        QWidget.setTabOrder(self.scan_field, self.price_prompt.field)  # shown above the basket
        QWidget.setTabOrder(self.price_prompt.field, self.price_prompt.skip)
        self._accessible_texts()

    def _accessible_texts(self) -> None:
        """What a screen reader says about the basket's controls."""
        self.table.setAccessibleDescription(
            self.tr(
                "The lines of the sale. F2 changes the quantity of the selected line, F3 its "
                "price, Ctrl+Del removes it"
            )
        )
        self.finish_button.setAccessibleDescription(
            self.tr("Save the sale and send the order, then start the next sale (F12)")
        )

    @property
    def basket(self) -> Basket:
        return self.model.basket

    # -- scanning -------------------------------------------------------------------------------
    def add_scans(self, scans: list[Scan]) -> None:
        added: list[str] = []
        for scan in scans:
            if not self._add_one(scan):
                break
            added.append(scan.code)
        waiting = self.price_prompt.current
        trouble, self._catalog_trouble = self._catalog_trouble, None
        if trouble is not None and waiting is not None:
            text = self.tr("The catalog cannot be used; type the price of %1. Tell the manager: %2")
            self.refuse(fill(text, waiting.code, trouble))
        elif added:
            text = fill(self.tr("Added: %1"), ", ".join(added[-5:]))
            if waiting is not None:
                text += " " + fill(self.tr("Waiting for the price of %1."), waiting.code)
            self.say(text)
        if waiting is not None:
            self.price_prompt.field.setFocus()
        else:
            self.scan_field.setFocus()

    def _add_one(self, scan: Scan) -> bool:
        """True when the scan is in the basket, or waits for its price; False stops a burst."""
        try:
            product = self.catalog().lookup(scan.code)
        except (DataFileError, sqlite3.Error) as exc:  # a damaged catalog file: said, logged
            logging.getLogger(__name__).error("catalog: %s", exc)
            if isinstance(exc, DataFileError):  # the file is damaged or not a catalog
                if self.customer_card(scan.code):
                    return True  # a loyalty card: the customer directory may well be fine
                if self.allow_unknown_items:
                    # the store sells items its catalog lacks: it sells on so, the price typed
                    self._catalog_trouble = str(exc)
                    self.price_prompt.ask(scan)
                    return True
            self.scan_field.flash(
                fill(self.tr("The catalog cannot be used; tell the manager: %1"), exc)
            )
            return False
        if product is None and self.customer_card(scan.code):
            return True  # a loyalty card scanned into the item field: it went to the customer
        if product is None and self.allow_unknown_items:
            self.price_prompt.ask(scan)
            return True
        if product is None:
            self.scan_field.flash(
                fill(
                    self.tr(
                        "Unknown item %1: it is not in the catalog. Check the code or call the manager."
                    ),
                    scan.code,
                )
            )
            return False
        return self._add_line(scan, product.ref_code, product.price, product.name)

    def _add_line(self, scan: Scan, ref_code: str, price: object, name: str = "") -> bool:
        first = not len(self.basket)
        try:
            row = self.model.add(ref_code, scan.qty, price, name)
        except ValidationError as exc:
            self.scan_field.flash(error_text(exc))
            return False
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)  # selects the row (SelectRows), cheaper than selectRow
        self.table.scrollTo(index)
        if first:
            self.sale_started.emit()
        return True

    def _priced(self, scan: Scan, text: str) -> None:
        try:
            price = parse_amount(amount_from_text(text), self.basket.currency, "price")
        except ValidationError as exc:
            self.refuse(error_text(exc))
            self.price_prompt.field.selectAll()
            return
        if not self._price_confirmed(scan.code, price):
            self.price_prompt.field.selectAll()
            return
        if self._add_line(scan, scan.code, price):
            self.price_prompt.accepted()
            self.say(fill(self.tr("Added: %1"), scan.code))
        else:
            self.price_prompt.field.selectAll()  # the message says what is wrong with it
            return
        if self.price_prompt.current is None:
            self.scan_field.setFocus()

    def _skipped(self, scan: Scan) -> None:
        self.refuse(fill(self.tr("Not added: %1 (no price was typed)."), scan.code))
        if self.price_prompt.current is not None:
            self.price_prompt.field.setFocus()

    def _price_confirmed(self, code: str, price: Decimal) -> bool:
        """A price of 0, or above the store's threshold: a deliberate Yes and the admin PIN."""
        if price != 0 and price <= self.model.price_check_above:
            return True
        shown = format_money(price, self.basket.currency)
        question = self.tr("Sell %1 at %2? That is unusual for this store.")
        if not ask_no_by_default(
            self, self.tr("Check the price"), fill(question, code, shown)
        ) or not self.admin.allow(self, fill(self.tr("sell at %1"), shown)):
            self.refuse(fill(self.tr("The price of %1 was not changed."), code))
            return False
        return True

    def _confirm_price(self, row: int, price: Decimal) -> None:
        code = self.basket.line(row).ref_code
        if self._price_confirmed(code, price):
            self.model.set_price(row, price)
            self.say(fill(self.tr("Price of %1 changed (marked ✎ in the basket)."), code))

    @property
    def waiting_for_price(self) -> str | None:
        """The code of an unknown item that still waits for its price, if any."""
        scan = self.price_prompt.current
        return scan.code if scan is not None else None

    # -- editing --------------------------------------------------------------------------------
    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self.basket) - 1 if len(self.basket) else None

    def price_needs_pin(self) -> bool:
        return self.pin_for_price and self.admin.has_pin

    def edit_selected(self, column: int) -> None:
        row = self.selected_row()
        if row is None:
            self.refuse(self.tr("The basket is empty."))
            return
        if column == PRICE and self.price_needs_pin():
            if not self.admin.allow(self, self.tr("change a price")):
                self.scan_field.setFocus()
                return
            self.model.unlocked_row = row
        index = self.model.index(row, column)
        self.table.setFocus()
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _editor_closed(self, *_args: object) -> None:
        self.model.unlocked_row = None  # one PIN, one price change
        self.scan_field.setFocus()

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.refuse(self.tr("The basket is empty."))
            return
        code = self.basket.line(row).ref_code
        self.model.remove(row)
        self.say(fill(self.tr("Removed %1"), code))
        self.scan_field.setFocus()

    def void_basket(self, confirm: bool = True) -> None:
        if not len(self.basket):
            self.scan_field.setFocus()
            return
        if confirm and not ask_no_by_default(
            self,
            self.tr("Void the basket"),
            self.tr("Remove all %n line(s) from the basket?", "", len(self.basket)),
        ):
            self.scan_field.setFocus()
            return
        self.model.void()
        self.price_prompt.clear()
        self.say(self.tr("Basket voided."))
        self.scan_field.setFocus()

    # -- feedback -------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self._message(text, style(Tone.NEUTRAL, bold=False))

    def refuse(self, text: str) -> None:
        self._message(text, style(Tone.BAD))
        self.scan_field.setFocus()

    def _message(self, text: str, sheet: str) -> None:
        if self.message.styleSheet() != sheet:  # restyling costs a relayout: only on a change
            self.message.setStyleSheet(sheet)
        self.message.setText(text)
        self._error_shown = sheet == style(Tone.BAD)

    def show_totals(self) -> None:
        """The total line; a change that went through also clears an error about an earlier one."""
        if self._error_shown:
            self.say("")
        basket = self.basket
        self.totals.setText(
            fill(
                self.tr("Total %1   (%n item(s))", "", basket.item_count),
                format_money(basket.subtotal, basket.currency),
            )
        )
