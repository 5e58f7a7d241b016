"""Colours that stay readable in a light and in a dark theme.

Every colour here is a pair, text and its background, so no text is ever drawn in a fixed
colour on whatever background the system's theme happens to have. Each tone has a light and a
dark pair, both at least WCAG AA (4.5:1, ``posapp.ui.contrast``). Which one is used follows the
application's palette (a window darker than its text is a dark theme); when the palette cannot
tell, Qt's colour scheme (``QStyleHints.colorScheme``) decides.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from posapp.ui.contrast import AA_TEXT, contrast_ratio

# tone name -> (background, text)
LIGHT_TONES = {
    "NEUTRAL": ("#eef1f5", "#1f2d3d"),
    "GOOD": ("#d4f4dd", "#0b4f24"),
    "WAIT": ("#fff1c2", "#5c4300"),
    "BAD": ("#f9d0cc", "#7b1a10"),
}
DARK_TONES = {
    "NEUTRAL": ("#2f3a48", "#e8eef5"),
    "GOOD": ("#17472a", "#b9f3c9"),
    "WAIT": ("#4a3b00", "#ffe28a"),
    "BAD": ("#5c1a13", "#ffd0c9"),
}
# the scan field with the focus: (background, text, placeholder); a refused scan: its border
LIGHT_FOCUS = ("#dbe8fb", "#0a1a33", "#526682")
DARK_FOCUS = ("#1c3d6e", "#ffffff", "#a9bcd8")
LIGHT_FLASH_BORDER = "#c0392b"
DARK_FLASH_BORDER = "#ff8a7a"
# the finish button, the same green in both themes: (background, text, background pressed)
FINISH = ("#1b6e3a", "#ffffff", "#12522a")


def is_dark(palette: QPalette | None = None, scheme: Qt.ColorScheme | None = None) -> bool:
    """True for a dark theme: the palette's window darker than its text; a palette that cannot
    tell (both the same lightness) leaves it to the colour scheme."""
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window).lightness()
    text = palette.color(QPalette.ColorRole.WindowText).lightness()
    if window != text:
        return window < text
    if scheme is None:
        scheme = QGuiApplication.styleHints().colorScheme()
    return scheme == Qt.ColorScheme.Dark


def tone_colours(name: str, dark: bool | None = None) -> tuple[str, str]:
    """(background, text) of the tone called ``name`` in the current (or the given) theme."""
    dark = is_dark() if dark is None else dark
    return (DARK_TONES if dark else LIGHT_TONES)[name]


def focus_colours(dark: bool | None = None) -> tuple[QColor, QColor, QColor]:
    """(background, text, placeholder) of the scan field while it has the focus: its hint is
    read too, so it meets AA as well."""
    dark = is_dark() if dark is None else dark
    background, text, placeholder = DARK_FOCUS if dark else LIGHT_FOCUS
    return QColor(background), QColor(text), QColor(placeholder)


def flash_style(dark: bool | None = None) -> str:
    """The scan field's style sheet for a refused scan: red, with its own text colour."""
    dark = is_dark() if dark is None else dark
    background, text = tone_colours("BAD", dark)
    border = DARK_FLASH_BORDER if dark else LIGHT_FLASH_BORDER
    return f"QLineEdit {{ background: {background}; color: {text}; border: 2px solid {border}; }}"


def colour_label(label: QWidget, tone_name: str | None, *, bold: bool = True) -> None:
    """``label``'s text in the tone's colours, text and background, through its palette (None:
    the application's again). A style sheet's background would do the same but makes a
    word-wrapped label in a form too short for its lines."""
    font = label.font()
    font.setBold(bold and tone_name is not None)
    label.setFont(font)
    if tone_name is None:
        label.setPalette(QPalette())
        label.setAutoFillBackground(False)
        label.setContentsMargins(0, 0, 0, 0)
        return
    background, text = tone_colours(tone_name)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(background))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    label.setPalette(palette)
    label.setAutoFillBackground(True)
    label.setContentsMargins(4, 2, 4, 2)


def readable_selection(palette: QPalette) -> QPalette:
    """``palette`` with its selection colour darkened (or, in a dark theme, lightened) until
    the selected text on it meets AA: Fusion's own blue is 3.7:1 under white text."""
    changed = QPalette(palette)
    text = palette.color(QPalette.ColorRole.HighlightedText)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    for _ in range(40):
        if contrast_ratio(text.name(), highlight.name()) >= AA_TEXT:
            break
        lighter_text = text.lightness() > highlight.lightness()
        highlight = highlight.darker(110) if lighter_text else highlight.lighter(110)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        changed.setColor(group, QPalette.ColorRole.Highlight, highlight)
    return changed


def finish_style() -> str:
    background, text, pressed = FINISH
    return (
        f"QPushButton {{ background: {background}; color: {text}; border-radius: 8px; }}"
        f"QPushButton:pressed {{ background: {pressed}; }}"
    )


def dark_palette() -> QPalette:
    """A dark palette (Fusion's colours), for the screenshots and the tests of the dark theme."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#f0f0f0",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#2f2f2f",
        QPalette.ColorRole.ToolTipBase: "#3a3a3a",
        QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.PlaceholderText: "#a0a0a0",
        QPalette.ColorRole.Text: "#f0f0f0",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#f0f0f0",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Light: "#4a4a4a",
        QPalette.ColorRole.Midlight: "#3e3e3e",
        QPalette.ColorRole.Mid: "#2a2a2a",
        QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.LinkVisited: "#c58af9",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9a9a9a"))
    return palette
