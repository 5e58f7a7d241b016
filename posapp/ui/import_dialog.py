"""Replacing the catalog or the customer directory from the window: a CSV file, imported on a
background thread with a progress bar, then a report of the rows that were not taken."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from posapp.lists.csvfile import Rejected
from posapp.lists.imports import import_list
from posapp.ui.background import run_in_background

SHOWN_REJECTS = 200


class _Progress(QObject):
    rows = Signal(int)


def import_file(
    parent: QWidget,
    kind: str,
    path: Path,
    target: Path,
    currency: str,
    lang: str,
    on_finished: Callable[[str], None],
) -> QProgressDialog:
    """Import ``path`` into the ``kind`` ("catalog" or "customers") file at ``target``."""
    dialog = QProgressDialog(parent.tr("Importing %1…").replace("%1", path.name), "", 0, 0, parent)
    dialog.setCancelButton(None)  # one transaction: it finishes or changes nothing
    dialog.setMinimumDuration(0)
    dialog.setWindowTitle(parent.tr("Import"))
    progress = _Progress(dialog)
    progress.rows.connect(
        lambda n: dialog.setLabelText(parent.tr("Imported %1 rows…").replace("%1", f"{n:,}"))
    )

    def work() -> tuple[int, list[Rejected]]:
        return import_list(kind, path, target, currency, progress.rows.emit, lang)

    def done(result: tuple[int, list[Rejected]]) -> None:
        dialog.close()
        imported, rejected = result
        text = parent.tr("%1 rows imported from %2; %3 rejected.").replace("%1", f"{imported:,}")
        text = text.replace("%2", path.name).replace("%3", f"{len(rejected):,}")
        box = QMessageBox(QMessageBox.Icon.Information if not rejected else QMessageBox.Icon.Warning,
                          parent.tr("Import finished"), text, parent=parent)  # fmt: skip
        if rejected:
            box.setInformativeText(
                parent.tr("The rejected rows were not imported; see the details.")
            )
            lines = [str(row) for row in rejected[:SHOWN_REJECTS]]
            if len(rejected) > SHOWN_REJECTS:
                lines.append(f"... and {len(rejected) - SHOWN_REJECTS} more")
            box.setDetailedText("\n".join(lines))
        box.show()
        on_finished(text)

    def failed(exc: Exception) -> None:
        dialog.close()
        message = parent.tr("Nothing was changed: %1").replace("%1", str(exc))
        QMessageBox.warning(parent, parent.tr("Import failed"), message)
        on_finished(message)

    dialog.show()
    run_in_background(parent, work, done, failed)
    return dialog
