"""The settings dialog's inputs: one widget for each kind of setting (a choice, a flag, a
table of ``name = value`` lines, a line of text), read and written as the text ``posapp config
set`` takes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from posapp.i18n import NATIVE_NAMES, SYSTEM
from posapp.setup.settings_fields import SettingField


def make_input(declared: SettingField, value: object) -> QWidget:
    """The widget for one kind of setting, showing ``value``."""
    text = declared.to_text(value)
    if declared.kind == "choice":
        combo = QComboBox()
        for choice in declared.choices:
            combo.addItem(choice_text(declared.key, choice), choice)
        set_input_text(combo, text)
        return combo
    if declared.kind == "flag":
        box = QCheckBox(label_text(declared.label))
        box.setChecked(bool(value))
        return box
    if declared.kind == "table":
        lines = QPlainTextEdit(text)
        lines.setPlaceholderText(declared.placeholder)
        lines.setFixedHeight(lines.fontMetrics().lineSpacing() * 4 + 10)  # four lines
        return lines
    line = QLineEdit(text)
    line.setPlaceholderText(label_text(declared.placeholder))
    return line


def input_text(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return str(widget.currentData())
    if isinstance(widget, QCheckBox):
        return "true" if widget.isChecked() else "false"
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def set_input_text(widget: QWidget, text: str) -> None:
    if isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(widget.findData(text), 0))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(text == "true")
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        assert isinstance(widget, QLineEdit)
        widget.setText(text)


def make_read_only(widget: QWidget) -> None:
    """Shown, greyed, not editable (the reason is written under it)."""
    widget.setEnabled(False)


def label_text(text: str) -> str:
    """A declared label or placeholder in the window's language (marked for lupdate in
    ``settings_words``, under the dialog's context)."""
    return QCoreApplication.translate("SettingsDialog", text) if text else ""


def choice_text(key: str, choice: str) -> str:
    """How a choice reads in its list: the window's languages by their own names."""
    if key != "ui_language":
        return choice
    if choice == SYSTEM:
        return QCoreApplication.translate("SettingsDialog", "The system's language")
    return NATIVE_NAMES.get(choice, choice)
