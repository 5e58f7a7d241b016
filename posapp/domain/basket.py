"""The basket of the sale in progress: the lines the cashier builds before finishing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from posapp.domain.customer import Customer
from posapp.domain.errors import Message, ValidationError
from posapp.domain.money import MAX_QTY, parse_amount, parse_quantity, round_to_currency
from posapp.domain.order import DEFAULT_LANG, LineItem, Order, make_line, make_order


class Basket:
    """Lines in scan order. Every change is checked first and changes nothing when it fails.

    The subtotal and the item count are kept as running sums, changed with each line, so that a
    scan costs the same with 5 lines or 5,000 (the window shows both after every scan). The sum
    is exact (``Decimal``): rounding to the currency happens only when it is read, as
    ``lines_subtotal`` does.
    """

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self._lines: list[LineItem] = []
        self._index: dict[tuple[str, Decimal, tuple[tuple[str, str], ...]], int] = {}
        self._sum = Decimal(0)
        self._items = 0

    @property
    def lines(self) -> tuple[LineItem, ...]:
        return tuple(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def line(self, row: int) -> LineItem:
        return self._lines[self._checked_row(row)]

    @property
    def subtotal(self) -> Decimal:
        return round_to_currency(self._sum, self.currency)

    @property
    def item_count(self) -> int:
        return self._items

    def add(
        self,
        ref_code: object,
        qty: object,
        unit_price: object,
        *,
        name: str = "",
        attributes: Mapping[str, str] | None = None,
    ) -> int:
        """Add items; a repeat of the same refCode, price and attributes raises that line's qty.

        Returns the row of the line that now holds the items.
        """
        return self.add_line(make_line(ref_code, qty, unit_price, self.currency, attributes, name))

    def row_of(self, line: LineItem) -> int | None:
        """The row a repeat of ``line`` would merge into, or None when it makes a new line."""
        return self._index.get(_merge_key(line))

    def add_line(self, line: LineItem) -> int:
        """Add a checked line (``make_line``), merging a repeat; returns its row."""
        key = _merge_key(line)
        row = self._index.get(key)
        if row is None:
            self._lines.append(line)
            self._index[key] = len(self._lines) - 1
            self._count(None, line)
            return len(self._lines) - 1
        existing = self._lines[row]
        merged = existing.qty + line.qty
        if merged > MAX_QTY:
            raise ValidationError(
                "qty",
                Message(
                    "Quantity would be %1, more than %2; check the number.",
                    (f"{merged:,}", f"{MAX_QTY:,}"),
                ),
            )
        self._put(row, replace(existing, qty=merged))
        return row

    def set_qty(self, row: int, qty: object) -> None:
        line = self.line(row)
        self._put(row, replace(line, qty=parse_quantity(qty)))

    def set_price(self, row: int, unit_price: object) -> None:
        """A price override. Lines keep their own row even when two now share a price."""
        line = self.line(row)
        price = parse_amount(unit_price, self.currency, "price")
        self._put(row, replace(line, unit_price=price))
        self._reindex()

    def remove(self, row: int) -> LineItem:
        line = self.line(row)
        del self._lines[row]
        self._count(line, None)
        if row == len(self._lines) and self._index.get(_merge_key(line)) == row:
            del self._index[_merge_key(line)]  # the last line (an undone scan): nothing moves
        else:
            self._reindex()
        return line

    def void(self) -> None:
        self._lines.clear()
        self._index.clear()
        self._sum = Decimal(0)
        self._items = 0

    def to_order(
        self,
        *,
        ref_code: str,
        order_date: datetime,
        store_attributes: Mapping[str, str],
        lang: str = DEFAULT_LANG,
        customer: Customer | None = None,
        shipping: object = 0,
    ) -> Order:
        return make_order(
            ref_code=ref_code,
            order_date=order_date,
            currency=self.currency,
            lines=self._lines,
            shipping=shipping,
            # the settings' checked table goes as it is (make_order checks any other)
            store_attributes=(
                store_attributes if isinstance(store_attributes, dict) else dict(store_attributes)
            ),
            lang=lang,
            customer=customer,
        )

    def _put(self, row: int, line: LineItem) -> None:
        self._count(self._lines[row], line)
        self._lines[row] = line

    def _count(self, old: LineItem | None, new: LineItem | None) -> None:
        """Keep the running sums: ``old`` leaves the basket, ``new`` enters it."""
        if old is not None:
            self._sum -= old.line_total
            self._items -= old.qty
        if new is not None:
            self._sum += new.line_total
            self._items += new.qty

    def _checked_row(self, row: int) -> int:
        if not 0 <= row < len(self._lines):
            raise ValidationError("row", Message("That line is no longer in the basket."))
        return row

    def _reindex(self) -> None:
        self._index = {}
        for row, line in enumerate(self._lines):
            self._index.setdefault(_merge_key(line), row)


def _merge_key(line: LineItem) -> tuple[str, Decimal, tuple[tuple[str, str], ...]]:
    return (line.ref_code, line.unit_price, tuple(sorted(line.attributes.items())))
