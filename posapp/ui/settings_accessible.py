"""What a screen reader says about the settings dialog's fields and buttons: each field's name
is set with its row (its label); here its description (the setting's help) and the buttons'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox

from posapp.setup.settings import FIELDS

if TYPE_CHECKING:
    from posapp.ui.settings_dialog import SettingsDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def describe_settings(dialog: SettingsDialog) -> None:
    for key, widget in dialog.inputs.items():
        widget.setAccessibleDescription(_tr(FIELDS[key].help))
    dialog.token.setAccessibleDescription(
        _tr("The site token from the vendor; it is kept in the system's keyring")
    )
    dialog.pin.setAccessibleDescription(
        _tr("The PIN a manager types to change settings, prices and parked orders")
    )
    dialog.pin_again.setAccessibleDescription(_tr("The same PIN again, to be sure"))
    dialog.check_button.setAccessibleName(_tr("Check connection"))
    dialog.check_button.setAccessibleDescription(
        _tr("Ask the endpoint whether it takes these settings and the site token")
    )
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setAccessibleName(_tr("Save"))
    save.setAccessibleDescription(_tr("Check the settings and use them from now on"))
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setAccessibleName(_tr("Cancel"))
    cancel.setAccessibleDescription(_tr("Close without changing anything"))
    dialog.check_label.setAccessibleName(_tr("Connection check"))
    dialog.problem.setAccessibleName(_tr("Problem"))
