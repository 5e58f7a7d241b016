"""Orders of the outbox as a table, for the queue view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from posapp.outbox import Entry
from posapp.ui.time_text import local_time

Index = QModelIndex | QPersistentModelIndex


class OutboxModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []
        self.headers = (
            self.tr("Order"), self.tr("Total"), self.tr("Created"), self.tr("Sent"),
            self.tr("Tries"), self.tr("Reason / last error"),
        )  # fmt: skip

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

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
