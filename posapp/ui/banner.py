"""The banner above the basket: what became of the last order, without a modal dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from posapp.ui.till_messages import Said, Tone


class Banner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Last order"))
        self.setMinimumHeight(48)
        self.ref_code: str | None = None
        self.tone = Tone.NEUTRAL
        self.say(self.tr("Ready for the first customer"), Tone.NEUTRAL)

    def show_said(self, said: Said, ref_code: str | None = None) -> None:
        self.say(said.text, said.tone, ref_code)

    def say(self, text: str, tone: Tone, ref_code: str | None = None) -> None:
        self.ref_code = ref_code
        self.tone = tone
        background, foreground = tone.value
        self.setText(text)
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {foreground}; border-radius: 6px; "
            "padding: 8px; font-size: 18pt; font-weight: bold; }"
        )
