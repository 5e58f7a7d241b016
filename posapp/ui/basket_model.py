"""The basket as a table: refCode, name, qty, unit price, line total, item attributes.

Quantity and price are edited in place; a bad value is refused with a message and changes
nothing. Adding a line or raising a quantity touches one row only, so a basket of 1,000 lines
stays instant.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QLocale,
    QModelIndex,
    Qt,
    Signal,
)

from posapp.domain.basket import Basket
from posapp.domain.errors import ValidationError
from posapp.domain.money import parse_amount, parse_quantity
from posapp.domain.order import LineItem, make_line
from posapp.ui.domain_text import error_text
from posapp.ui.money_text import amount_from_text, format_money
from posapp.ui.table_model import HeaderedTableModel, Index

COLUMNS = ("refCode", "name", "qty", "price", "total", "attributes")
QTY, PRICE = COLUMNS.index("qty"), COLUMNS.index("price")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_SELECTABLE = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable


class BasketModel(HeaderedTableModel):
    rejected = Signal(str)  # a refused edit, in the cashier's words
    price_to_confirm = Signal(int, object)  # (row, Decimal): 0 or above the store's threshold
    totals_changed = Signal()

    def __init__(self, basket: Basket, parent: Any = None) -> None:
        super().__init__(parent)
        self.basket = basket
        self.locale = QLocale()
        self._text_cache: dict[int, tuple[LineItem, tuple[str, ...]]] = {}
        # When a price override needs the admin PIN, only the row unlocked by it is editable.
        self.price_needs_unlock = False
        self.unlocked_row: int | None = None
        # The store's guards (settings): the largest quantity and line total, and the price
        # above which (or at 0) a change needs a confirmation and the PIN.
        self.max_qty = 99
        self.max_line_total = Decimal(5000)
        self.price_check_above = Decimal(100)
        self.overridden: set[str] = set()  # refCodes whose price the cashier changed
        self.retranslate()

    def retranslate(self) -> None:
        """The column headers in the current language (the panel calls it on a change)."""
        self.headers = (
            self.tr("Code"), self.tr("Item"), self.tr("Qty"), self.tr("Unit price"),
            self.tr("Line total"), self.tr("Details"),
        )  # fmt: skip
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.headers) - 1)

    # -- the table ------------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.basket)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role on each repaint: the common answers first.
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(self.basket.line(index.row()))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if index.column() in (QTY, PRICE, 4) else None
        if role == Qt.ItemDataRole.EditRole:
            line = self.basket.line(index.row())
            if index.column() == QTY:
                return str(line.qty)
            if index.column() == PRICE:
                return f"{line.unit_price:f}".replace(".", self.locale.decimalPoint())
        return None

    def _texts(self, line: LineItem) -> tuple[str, ...]:
        """The row's display texts; lines are immutable, so they are made once per line."""
        texts = self._text_cache.get(id(line))
        if texts is None or texts[0] is not line:
            currency = self.basket.currency
            made = (
                line.ref_code,
                line.name,
                str(line.qty),
                ("✎ " if line.ref_code in self.overridden else "")
                + format_money(line.unit_price, currency, self.locale),
                format_money(line.line_total, currency, self.locale),
                ", ".join(f"{k}: {v}" for k, v in line.attributes.items()),
            )
            if len(self._text_cache) > 4 * len(self.basket) + 64:
                self._text_cache.clear()
            texts = (line, made)
            self._text_cache[id(line)] = texts
        return texts[1]

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked for every visible cell on each repaint: answered from constants.
        if not index.isValid():
            return _NO_FLAGS
        if index.column() == QTY or self._price_open(index.row(), index.column()):
            return _EDITABLE
        return _SELECTABLE

    def _price_open(self, row: int, column: int) -> bool:
        return column == PRICE and (not self.price_needs_unlock or row == self.unlocked_row)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = index.row()
        line = self.basket.line(row)
        try:
            if index.column() == QTY:
                qty = parse_quantity(str(value))
                self._check_limits(qty, line.unit_price)
                self.basket.set_qty(row, qty)
            elif self._price_open(row, index.column()):
                price = parse_amount(
                    amount_from_text(str(value), self.locale), self.basket.currency, "price"
                )
                self._check_limits(line.qty, price)
                if price == 0 or price > self.price_check_above:
                    self.price_to_confirm.emit(row, price)  # the panel asks, then sets it
                    return False
                self.set_price(row, price)
                return True
            else:
                return False
        except ValidationError as exc:
            self.rejected.emit(error_text(exc))
            return False
        self._row_changed(row)
        return True

    def set_price(self, row: int, price: Decimal) -> None:
        """A price override, marked on its line (checked by the caller)."""
        self.basket.set_price(row, price)
        self.overridden.add(self.basket.line(row).ref_code)
        self._text_cache.clear()  # the mark shows on the line
        self._row_changed(row)

    def _check_limits(self, qty: int, price: Decimal) -> None:
        if qty > self.max_qty:
            raise ValidationError(
                "qty",
                f"At most {self.max_qty:,} of one item per line in this store; check the number.",
            )
        if qty * price > self.max_line_total:
            limit = format_money(self.max_line_total, self.basket.currency, self.locale)
            raise ValidationError(
                "price",
                f"A line may total at most {limit} in this store; check the price and quantity.",
            )

    # -- what the window does -------------------------------------------------------------------
    def add(self, ref_code: str, qty: int, price: Any, name: str = "") -> int:
        """Add items (ValidationError when refused, nothing changed); returns their row."""
        line = make_line(ref_code, qty, price, self.basket.currency, name=name)
        row = self.basket.row_of(line)
        before = self.basket.line(row).qty if row is not None else 0
        self._check_limits(before + line.qty, line.unit_price)
        if row is not None:
            self.basket.add_line(line)
            self._row_changed(row)
            return row
        row = len(self.basket)
        self.beginInsertRows(QModelIndex(), row, row)
        self.basket.add_line(line)
        self.endInsertRows()
        self.totals_changed.emit()
        return row

    def set_currency(self, currency: str) -> None:
        """A new store currency; only for an empty basket (lines keep the currency they had)."""
        if len(self.basket):
            raise ValueError("the basket must be empty to change its currency")
        self.beginResetModel()
        self.basket = Basket(currency)
        self._text_cache.clear()
        self.endResetModel()
        self.totals_changed.emit()

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        self.basket.remove(row)
        self.endRemoveRows()
        self.totals_changed.emit()

    def void(self) -> None:
        self.beginResetModel()
        self.basket.void()
        self.overridden.clear()
        self.endResetModel()
        self.totals_changed.emit()

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        self.totals_changed.emit()
