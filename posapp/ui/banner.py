"""The banner above the basket: what became of the last order, without a modal dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

from posapp.ui.till_messages import Said, Tone


class Banner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(48)
        self.ref_code: str | None = None
        self.tone = Tone.NEUTRAL
        self.remake: Callable[[], Said] | None = self.ready  # says it again in a new language
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Last order"))
        if self.remake is not None:
            self.show_said(self.remake(), self.ref_code, self.remake)

    def ready(self) -> Said:
        return Said(self.tr("Ready for the first customer"), Tone.NEUTRAL)

    def show_said(
        self, said: Said, ref_code: str | None = None, remake: Callable[[], Said] | None = None
    ) -> None:
        """Show ``said``; ``remake`` makes it again, in the new language after a change."""
        self.say(said.text, said.tone, ref_code)
        self.remake = remake

    def say(self, text: str, tone: Tone, ref_code: str | None = None) -> None:
        self.remake = None
        self.ref_code = ref_code
        self.tone = tone
        background, foreground = tone.value
        self.setText(text)
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {foreground}; border-radius: 6px; "
            "padding: 8px; font-size: 18pt; font-weight: bold; }"
        )
