"""Orders of the outbox as a table, for the queue view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from posapp.outbox.store import Entry
from posapp.ui.table_model import HeaderedTableModel, Index
from posapp.ui.time_text import local_time


class OutboxModel(HeaderedTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []
        self.headers = (
            self.tr("Order"),
            self.tr("Total"),
            self.tr("Created"),
            self.tr("Sent"),
            self.tr("Tries"),
            self.tr("Reason / last error"),
        )

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry = self.entries[index.row()]
        values = (
            entry.ref_code,
            f"{entry.total} {entry.currency}",
            local_time(entry.created_at, with_date=True),
            local_time(entry.sent_at) if entry.sent_at else "",
            str(entry.attempts),
            (entry.last_error or "")
            + (self.tr(" (possibly duplicated)") if entry.possibly_duplicated else ""),
        )
        return values[index.column()]
