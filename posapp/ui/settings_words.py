"""The settings dialog's row labels and hints, declared in ``posapp.setup`` (which speaks
English and imports no Qt), marked here for ``pyside6-lupdate``; the dialog translates them in
the context "SettingsDialog". A test keeps this list equal to the declarations."""

from __future__ import annotations

from posapp.i18n import QT_TRANSLATE_NOOP

WORDS = (
    QT_TRANSLATE_NOOP("SettingsDialog", "Environment"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Site code"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Production domain"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Endpoint URL"),
    QT_TRANSLATE_NOOP("SettingsDialog", "optional: an explicit URL, overrides the three above"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Till ID"),
    QT_TRANSLATE_NOOP("SettingsDialog", "for example REGENT-01, different on every till"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Store details (name = value)"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Currency"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Language"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Window language"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Customer details"),
    QT_TRANSLATE_NOOP("SettingsDialog", "keys agreed with the vendor, e.g. gender, diet"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Cashiers may sell items that are not in the catalog"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Kiosk mode: full screen, closing needs the admin PIN"),
    QT_TRANSLATE_NOOP("SettingsDialog", "A price override needs the admin PIN"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Largest quantity per line"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Largest line total"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Confirm price changes above"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Import: most rows it may reject (%)"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Import: most prices it may change without asking (%)"),
)
