"""Replacing the catalog or the customer directory from the window, and going one step back.

A file is first checked on a background thread (nothing changes); a preview shows what it
would change: added, removed, new prices (the largest listed), rejected rows with their line.
Only then, and when the manager says so, is it imported, again off the GUI thread. A file that
would lose too many rows cannot be imported; one that would shrink the list by more than half
or change many prices needs a tick in the box that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.errors import Message
from posapp.i18n import fill
from posapp.lists.imports import UNITS, ListKind, details, import_list, restore_list, summary
from posapp.lists.listfile import ImportPlan, Limits, ListInfo
from posapp.ui.background import run_in_background
from posapp.ui.domain_text import message_text
from posapp.ui.list_words import noun
from posapp.ui.theme import colour_label
from posapp.ui.till_messages import Tone

SHOWN_REJECTS = 200
translate = QCoreApplication.translate


class ImportDialog(QObject):
    """The context of the import's plurals (lupdate reads ``%n`` only from ``self.tr``)."""

    def rows(self, n: int) -> str:
        return self.tr("Imported %n row(s)…", "", n)


class _Progress(QObject):
    rows = Signal(int)


class ImportPreview(QDialog):
    """What a file would change; Replace is offered only when the import may go ahead."""

    def __init__(self, plan: ImportPlan, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.plan = plan
        self.setWindowTitle(self.tr("Import: what would change"))
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        self.summary = QLabel(message_text(summary(plan)))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit(
            "\n".join(message_text(line) for line in details(plan, SHOWN_REJECTS))
        )
        self.details.setReadOnly(True)
        self.details.setVisible(bool(plan.largest or plan.rejected))
        layout.addWidget(self.details)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.confirm = QCheckBox(fill(self.tr("Yes, replace it anyway: %1"), _to_confirm(plan)))
        self.confirm.setVisible(bool(plan.to_confirm) and not plan.refused)
        layout.addWidget(self.confirm)
        buttons = QDialogButtonBox()
        self.replace_button = QPushButton(fill(self.tr("Replace the %1"), noun(plan.what)))
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._accessible_texts(buttons)
        if plan.refused:
            self.verdict.setText(
                fill(
                    self.tr("This file cannot replace the %1: %2."),
                    noun(plan.what),
                    _refused(plan),
                )
            )
            colour_label(self.verdict, Tone.BAD.value)
            self.replace_button.setEnabled(False)
        elif plan.to_confirm:
            self.verdict.setText(self.tr("Check the changes above before you replace the list."))
            self.replace_button.setEnabled(False)
            self.confirm.toggled.connect(self.replace_button.setEnabled)
        else:
            self.verdict.setText(
                fill(
                    self.tr(
                        "Nothing has changed yet. The current %1 will be kept "
                        "and can be restored from the Admin menu."
                    ),
                    noun(plan.what),
                )
            )

    def _accessible_texts(self, buttons: QDialogButtonBox) -> None:
        """What a screen reader says about the preview's controls."""
        self.summary.setAccessibleName(self.tr("What the file would change"))
        self.details.setAccessibleName(self.tr("Details"))
        self.details.setAccessibleDescription(
            self.tr("The largest price changes and the rows that cannot be used, with their line")
        )
        self.verdict.setAccessibleName(self.tr("Verdict"))
        self.confirm.setAccessibleName(self.tr("Replace it anyway"))
        self.confirm.setAccessibleDescription(self.confirm.text())
        self.replace_button.setAccessibleName(self.tr("Replace the list"))
        self.replace_button.setAccessibleDescription(
            self.tr("Import the file; the current list is kept and can be restored")
        )
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Change nothing"))


def import_file(
    parent: QWidget,
    kind: ListKind,
    path: Path,
    target: Path,
    currency: str,
    lang: str,
    on_finished: Callable[[str], None],
    limits: Limits | None = None,
) -> QProgressDialog:
    """Check ``path`` against the ``kind`` ("catalog" or "customers") file at ``target``, show
    the preview, and import it if the manager says so."""
    chosen = limits or Limits()
    busy = _busy(parent, fill(translate("ImportDialog", "Reading %1…"), path.name))

    def check() -> ImportPlan:
        return import_list(kind, path, target, currency, None, lang, chosen, check_only=True)

    def checked(plan: ImportPlan) -> None:
        busy.close()
        preview = ImportPreview(plan, parent)
        preview.accepted.connect(lambda: _replace(preview.confirm.isChecked()))
        preview.rejected.connect(
            lambda: on_finished(translate("ImportDialog", "Nothing was changed."))
        )
        preview.open()

    def _replace(confirmed: bool) -> None:
        working = _busy(parent, fill(translate("ImportDialog", "Importing %1…"), path.name))
        progress = _Progress(working)
        progress.rows.connect(lambda n: working.setLabelText(ImportDialog().rows(n)))
        sure = replace(chosen, confirmed=confirmed)

        def work() -> ImportPlan:
            return import_list(kind, path, target, currency, progress.rows.emit, lang, sure)

        def done(plan: ImportPlan) -> None:
            working.close()
            if not plan.replaced:  # the file changed since the preview
                failed(ValueError(_refused(plan) or _to_confirm(plan)))
                return
            on_finished(
                fill(
                    translate(
                        "ImportDialog",
                        "%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); "
                        "the previous one is kept.",
                    ),
                    noun(plan.what).capitalize(),
                    number(plan.new),
                    noun(plan.unit),
                    path.name,
                    number(plan.added),
                    number(plan.removed),
                    number(plan.changed),
                )
            )

        run_in_background(parent, work, done, failed)

    def failed(exc: Exception) -> None:
        busy.close()
        message = fill(translate("ImportDialog", "Nothing was changed: %1"), exc)
        QMessageBox.warning(parent, translate("ImportDialog", "Import failed"), message)
        on_finished(message)

    run_in_background(parent, check, checked, failed)
    return busy


def restore_previous(
    parent: QWidget,
    kind: ListKind,
    target: Path,
    ask: Callable[[str], bool],
    on_finished: Callable[[str], None],
) -> None:
    """Swap the ``kind`` list with the one its last import replaced, once ``ask`` agrees."""
    what = noun(kind.what)

    def about(info: ListInfo) -> str:
        source = fill(translate("ImportDialog", ", from %1"), info.source) if info.source else ""
        return f"{count_of(kind, info.rows)}{source}"

    def look() -> ListInfo | None:
        holder = kind.open(target)
        try:
            return holder.info("previous")
        finally:
            holder.close()

    def looked(info: ListInfo | None) -> None:
        if info is None:
            on_finished(
                fill(translate("ImportDialog", "There is no previous %1 to restore."), what)
            )
            return
        question = fill(
            translate(
                "ImportDialog",
                "Bring back the previous %1 (%2)? The current one is kept, so you can switch back.",
            ),
            what,
            about(info),
        )
        if not ask(question):
            on_finished(translate("ImportDialog", "Nothing was changed."))
            return
        run_in_background(parent, lambda: restore_list(kind, target), restored, failed)

    def restored(info: ListInfo | None) -> None:
        if info is None:
            on_finished(
                fill(translate("ImportDialog", "There is no previous %1 to restore."), what)
            )
            return
        on_finished(
            fill(translate("ImportDialog", "The previous %1 is back (%2)."), what, about(info))
        )

    def failed(exc: Exception) -> None:
        message = fill(translate("ImportDialog", "Nothing was changed: %1"), exc)
        QMessageBox.warning(parent, translate("ImportDialog", "Restore failed"), message)
        on_finished(message)

    run_in_background(parent, look, looked, failed)


def number(count: int) -> str:
    """A count in the locale's digits ("1,204", "1.204")."""
    return QLocale().toString(count)


def _refused(plan: ImportPlan) -> str:
    """Why the file cannot replace the list, in the window's language ("" when it can)."""
    return message_text(plan.refused_text) if plan.refused_text else plan.refused


def _to_confirm(plan: ImportPlan) -> str:
    """What the manager has to confirm, in the window's language."""
    if len(plan.confirm_texts) != len(plan.to_confirm):
        return "; ".join(plan.to_confirm)
    return "; ".join(message_text(text) for text in plan.confirm_texts)


def count_of(kind: ListKind, rows: int) -> str:
    """``1 product``, ``1.204 Produkte``: the list's rows in the window's language."""
    return message_text(Message(UNITS[kind.unit], n=rows))


def _busy(parent: QWidget, text: str) -> QProgressDialog:
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)  # one transaction: it finishes or changes nothing
    dialog.setMinimumDuration(0)
    dialog.setWindowTitle(translate("ImportDialog", "Import"))
    dialog.show()
    return dialog
