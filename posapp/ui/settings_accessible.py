"""What a screen reader says about the settings dialog's fields and buttons: each field's name
is set with its row (its label); here its description (the setting's help) and the buttons'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox

from posapp.setup.settings import FIELDS

if TYPE_CHECKING:
    from posapp.ui.settings_dialog import SettingsDialog


translate = QCoreApplication.translate  # lupdate reads translate("SettingsDialog", "...")


def describe_settings(dialog: SettingsDialog) -> None:
    for key, widget in dialog.inputs.items():
        widget.setAccessibleDescription(
            translate("SettingsDialog", FIELDS[key].help)
        )  # settings_words
    dialog.token.setAccessibleDescription(
        translate(
            "SettingsDialog", "The site token from the vendor; it is kept in the system's keyring"
        )
    )
    dialog.pin.setAccessibleDescription(
        translate(
            "SettingsDialog", "The PIN a manager types to change settings, prices and parked orders"
        )
    )
    dialog.pin_again.setAccessibleDescription(
        translate("SettingsDialog", "The same PIN again, to be sure")
    )
    dialog.check_button.setAccessibleName(translate("SettingsDialog", "Check connection"))
    dialog.check_button.setAccessibleDescription(
        translate(
            "SettingsDialog", "Ask the endpoint whether it takes these settings and the site token"
        )
    )
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setAccessibleName(translate("SettingsDialog", "Save"))
    save.setAccessibleDescription(
        translate("SettingsDialog", "Check the settings and use them from now on")
    )
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setAccessibleName(translate("SettingsDialog", "Cancel"))
    cancel.setAccessibleDescription(translate("SettingsDialog", "Close without changing anything"))
    dialog.check_label.setAccessibleName(translate("SettingsDialog", "Connection check"))
    dialog.problem.setAccessibleName(translate("SettingsDialog", "Problem"))
