"""Who is buying: one field for a scanned loyalty card or a typed customer ID.

The local directory is asked first (card number or email -> pseudonymised ID and name);
otherwise the text is taken as the pseudonymised ID after a format check. An email is never
sent. Optional fields for exactly the info keys the store agreed with the vendor.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from posapp.domain.customer import Customer, make_customer
from posapp.domain.errors import ValidationError
from posapp.i18n import fill
from posapp.lists.datafile import DataFileError
from posapp.ui.domain_text import error_text
from posapp.ui.retranslating import Retranslating
from posapp.ui.till_messages import Tone, style

if TYPE_CHECKING:  # opened at the first lookup, after the window's first paint
    from posapp.lists.customers import Customers, KnownCustomer

log = logging.getLogger(__name__)


class CustomerPanel(Retranslating, QWidget):
    changed = Signal()
    refused = Signal(str)  # a lookup that failed, in the cashier's words

    def __init__(
        self,
        directory: Callable[[], Customers],
        info_keys: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.directory = directory  # the customer directory, opened when first asked
        self.info_keys = info_keys
        self._customer_id: str | None = None
        self._name = ""
        self._known = False  # found in the directory, or only typed

        self.field = QLineEdit()
        self.field.returnPressed.connect(self.look_up)
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        self.caption = QLabel()

        top = QHBoxLayout()
        top.addWidget(self.caption)
        top.addWidget(self.field, 2)
        top.addWidget(self.who, 2)
        top.addWidget(self.clear_button)
        self.info_fields: dict[str, QLineEdit] = {}
        self.form = QFormLayout()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(top, 3)
        outer.addLayout(self.form, 1)
        self.set_info_keys(info_keys)
        self.retranslate()

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Scan loyalty card or type customer ID, then Enter"))
        self.field.setAccessibleName(self.tr("Customer card or ID"))
        self.who.setAccessibleName(self.tr("Customer"))
        self.clear_button.setText(self.tr("No customer (F8)"))
        self.caption.setText(self.tr("Customer:"))
        for edit in self.info_fields.values():
            edit.setPlaceholderText(self.tr("optional"))
        self._accessible_texts()
        self._show()

    def _accessible_texts(self) -> None:
        """What a screen reader says about the panel's controls."""
        self.field.setAccessibleDescription(
            self.tr("Scan a loyalty card or type the customer ID, then press Enter")
        )
        self.clear_button.setAccessibleName(self.tr("No customer"))
        self.clear_button.setAccessibleDescription(
            self.tr("Send the order without a customer (F8)")
        )

    def set_info_keys(self, info_keys: tuple[str, ...]) -> None:
        """One optional field per customer detail the store agreed with the vendor."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.info_keys = info_keys
        self.info_fields = {}
        for key in info_keys:
            edit = QLineEdit()
            edit.setAccessibleName(key)
            edit.setPlaceholderText(self.tr("optional"))
            self.info_fields[key] = edit
            self.form.addRow(key, edit)
            edit.setAccessibleDescription(
                self.tr("Optional customer detail agreed with the vendor")
            )
        after: QWidget = self.clear_button  # Tab: card or ID, No customer, then the details
        QWidget.setTabOrder(self.field, self.clear_button)
        for edit in self.info_fields.values():
            QWidget.setTabOrder(after, edit)
            after = edit

    def look_up(self) -> None:
        text = self.field.text().strip()
        if not text:
            self.clear()
            return
        usable, known = self._lookup(text)
        if not usable:
            return
        try:
            if known is not None:
                make_customer(known.customer_id)  # still checked
                self._customer_id, self._name = known.customer_id, known.name
            else:
                self._customer_id, self._name = make_customer(text).id, ""
            self._known = known is not None
        except ValidationError as exc:
            self.refused.emit(error_text(exc))
            return
        self.field.clear()
        self._show()
        self.changed.emit()

    def take_card(self, code: str) -> bool:
        """A code scanned into the item field that the customer directory knows: it becomes the
        customer (a loyalty card), and True. Unknown codes stay with the caller."""
        if self._lookup(code)[1] is None:
            return False
        self.field.setText(code)
        self.look_up()
        return True

    def _lookup(self, card: str) -> tuple[bool, KnownCustomer | None]:
        """(usable, the directory's answer); not usable (said out loud, logged) when the
        directory cannot be read, as a damaged file: the sale goes on without it."""
        try:
            return True, self.directory().lookup(card)
        except (DataFileError, sqlite3.Error) as exc:
            log.error("customer directory: %s", exc)
            self.refused.emit(
                fill(self.tr("The customer directory cannot be used; tell the manager: %1"), exc)
            )
            return False, None

    def customer(self) -> Customer | None:
        """The customer for the order (ValidationError for a bad info value)."""
        if self._customer_id is None:
            return None
        info = {key: edit.text() for key, edit in self.info_fields.items()}
        return make_customer(self._customer_id, info, self.info_keys, self._name)

    def clear(self) -> None:
        self._customer_id, self._name = None, ""
        self.field.clear()
        for edit in self.info_fields.values():
            edit.clear()
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        if self._customer_id is None:
            self.who.setText(self.tr("No customer: the order is sent without one"))
            self.who.setStyleSheet(style(Tone.NEUTRAL, bold=False))
            return
        masked = make_customer(self._customer_id).masked_id
        if not self._known:  # a typo here enriches a stranger's profile: say it plainly
            self.who.setText(
                fill(
                    self.tr("%1: not in the customer directory; sent as typed. F8: no customer."),
                    masked,
                )
            )
            self.who.setStyleSheet(style(Tone.WAIT))
            return
        self.who.setText(f"{self._name}  ({masked})" if self._name else masked)
        self.who.setStyleSheet(style(Tone.GOOD))
