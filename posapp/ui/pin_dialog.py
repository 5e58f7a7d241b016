"""Asking for the admin PIN before a manager's action."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from posapp.i18n import fill
from posapp.setup.admin_pin import PinGuard, PinLocked

translate = QCoreApplication.translate


class AdminGate:
    """Holds the PIN guard; ``allow(parent, what)`` asks for the PIN when one is set."""

    def __init__(self, stored_hash: str) -> None:
        self.guard = PinGuard(stored_hash) if stored_hash else None

    @property
    def has_pin(self) -> bool:
        return self.guard is not None

    def set_hash(self, stored_hash: str) -> None:
        self.guard = PinGuard(stored_hash) if stored_hash else None

    def allow(self, parent: QWidget, what: str) -> bool:
        """True when no PIN is set, or the right PIN was typed."""
        if self.guard is None:
            return True
        pin, ok = QInputDialog.getText(
            parent,
            translate("AdminGate", "Admin PIN"),
            fill(translate("AdminGate", "Admin PIN to %1:"), what),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return False
        return self.check(parent, pin)

    def check(self, parent: QWidget, pin: str) -> bool:
        assert self.guard is not None
        try:
            if self.guard.check(pin):
                return True
            message = translate("AdminGate", "Wrong PIN.")
        except PinLocked as exc:
            message = fill(
                translate("AdminGate", "Too many wrong PINs: try again in %1 s."),
                f"{exc.seconds:.0f}",
            )
        QMessageBox.warning(parent, translate("AdminGate", "Admin PIN"), message)
        return False


def ask_no_by_default(parent: QWidget, title: str, question: str) -> bool:
    """A Yes/No question whose default and Escape answer is No: an Enter (a scanner's too)
    never destroys work. True only for a deliberate Yes."""
    no = QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, question, QMessageBox.StandardButton.Yes | no, no)
    return answer == QMessageBox.StandardButton.Yes
