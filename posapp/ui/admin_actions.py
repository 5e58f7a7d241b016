"""The manager's actions in the till window, each behind the admin PIN: the settings, and
replacing the catalog or the customer directory from a CSV file.

Saving settings touches the disk and the keyring, so it runs in the background; the window
applies the new settings once they are saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from posapp.i18n import fill
from posapp.lists.imports import ListKind
from posapp.ui.background import op
from posapp.ui.list_words import noun
from posapp.ui.pin_dialog import ask_no_by_default

if TYPE_CHECKING:
    from posapp.ui.main_window import MainWindow
    from posapp.ui.settings_dialog import SettingsDialog


class AdminActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def open_settings(self) -> SettingsDialog | None:
        window = self.window
        if not window.admin.allow(window, self.tr("change the settings")):
            return None
        from posapp.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(window.settings, first_run=False, parent=window)
        dialog.accepted.connect(lambda: self._save(dialog))
        dialog.show()
        return dialog

    def _save(self, dialog: SettingsDialog) -> None:
        settings, token = dialog.result_settings, dialog.result_token
        assert settings is not None
        window = self.window

        def failed(exc: Exception) -> None:
            QMessageBox.warning(window, self.tr("Settings"), str(exc))

        (
            op(window, lambda: window.till.save_settings(settings, token))
            .success(lambda _saved: window.apply_settings(settings, token))
            .failure(failed)
            .with_progress(self.tr("Saving the settings…"))
            .run()
        )

    def import_catalog(self, path: Path | None = None) -> None:
        self._import(ListKind.CATALOG, path)

    def import_customers(self, path: Path | None = None) -> None:
        self._import(ListKind.CUSTOMERS, path)

    def _import(self, kind: ListKind, path: Path | None) -> None:
        window = self.window
        if not window.admin.allow(window, fill(self.tr("replace the %1"), noun(kind.what))):
            return
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                window, self.tr("CSV file"), str(Path.home()), "CSV (*.csv *.txt)"
            )
            if not name:
                return
            path = Path(name)
        from posapp.lists.listfile import Limits
        from posapp.ui.import_dialog import import_file

        settings = window.settings
        limits = Limits(
            max_rejects=settings.import_max_rejects / 100,
            max_changed=settings.import_max_price_changes / 100,
        )
        import_file(
            window,
            kind,
            path,
            kind.file(window.till.profile),
            settings.currency,
            settings.lang,
            window.say,
            limits,
        )

    def restore(self, kind: ListKind) -> None:
        """Bring back the list an import replaced (asks first)."""
        window = self.window
        what = self.tr("catalog") if kind is ListKind.CATALOG else self.tr("customer directory")
        if not window.admin.allow(window, fill(self.tr("restore the previous %1"), what)):
            return
        from posapp.ui.import_dialog import restore_previous

        def ask(text: str) -> bool:  # swapping a whole list: Enter (or a scan) answers No
            return ask_no_by_default(window, self.tr("Restore"), text)

        restore_previous(window, kind, kind.file(window.till.profile), ask, window.say)
