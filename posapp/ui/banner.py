"""The banner above the basket: what became of the last order, without a modal dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from posapp.ui.accessibility import announce
from posapp.ui.retranslating import Retranslating
from posapp.ui.theme import is_dark, tone_colours
from posapp.ui.till_messages import Said, Tone

FONT_SCALE = 1.4  # of the application's font: large, and it grows with the system's size


class Banner(Retranslating, QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(48)
        self._scale_font()
        self._dark = is_dark()
        app = QApplication.instance()
        if isinstance(app, QApplication):  # a child with its own font and style sheet gets
            app.paletteChanged.connect(self._palette_changed)  # no application-wide events
            app.fontChanged.connect(self._scale_font)
        self.ref_code: str | None = None
        self.tone = Tone.NEUTRAL
        self.remake: Callable[[], Said] | None = self.ready  # says it again in a new language
        self.retranslate()

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
        self.setText(text)
        self._restyle()
        announce(self, text)  # a screen reader says what became of the order

    def _restyle(self) -> None:
        self._dark = is_dark()
        background, foreground = tone_colours(self.tone.value, self._dark)
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {foreground}; border-radius: 6px; "
            "padding: 8px; font-weight: bold; }"
        )

    def _scale_font(self) -> None:
        """Larger than the application's font, and it follows the system's size."""
        font = QFont(QApplication.font(self))
        font.setPointSizeF(font.pointSizeF() * FONT_SCALE)
        self.setFont(font)

    def _palette_changed(self) -> None:
        """The system's theme turned light or dark: the same words in that theme's colours."""
        if is_dark() != self._dark:
            self._restyle()
