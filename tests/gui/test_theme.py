"""Readable in a light and in a dark theme: every text colour comes with its background, and
every pair the till shows meets WCAG AA (4.5:1), computed from the real widgets' style sheets
and palettes with a light and a dark palette set on the application."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from posapp.setup.credentials import NO_BACKEND_HELP
from posapp.setup.settings import Settings
from posapp.ui.contrast import AA_TEXT, contrast_ratio
from posapp.ui.elided_label import ElidedLabel
from posapp.ui.import_dialog import ImportPreview
from posapp.ui.main_window import MainWindow
from posapp.ui.settings_dialog import SettingsDialog
from posapp.ui.theme import (
    DARK_TONES,
    LIGHT_TONES,
    dark_palette,
    flash_style,
    focus_colours,
    is_dark,
    readable_selection,
    tone_colours,
)
from posapp.ui.till_messages import Tone, style
from posapp.ui.wrapping_scroll import WrappingScrollArea
from tests.gui.layouts import settle

WAIT = 10_000
UI = Path(__file__).resolve().parents[2] / "posapp" / "ui"
_COLOR = re.compile(r"(?<![-\w])color\s*:\s*([#\w]+)")
_BACKGROUND = re.compile(r"(?<![-\w])background(?:-color)?\s*:\s*([#\w]+)")


def _hex(colour: str) -> str:
    parsed = QColor(colour)
    assert parsed.isValid(), colour
    return str(parsed.name())


def sheet_colours(sheet: str) -> tuple[list[str], list[str]]:
    """The text colours and the background colours a style sheet sets."""
    return (
        [_hex(c) for c in _COLOR.findall(sheet)],
        [_hex(c) for c in _BACKGROUND.findall(sheet)],
    )


def sheet_problems(widget: QWidget) -> list[str]:
    """What is wrong with ``widget``'s style sheet: a text colour without a background, or a
    pair under 4.5:1 (every text colour against every background it may have)."""
    foregrounds, backgrounds = sheet_colours(widget.styleSheet())
    name = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}"
    if foregrounds and not backgrounds:
        return [f"{name}: text colour {foregrounds} without a background"]
    problems = []
    for fg in foregrounds:
        for bg in backgrounds:
            if contrast_ratio(fg, bg) < AA_TEXT:
                problems.append(f"{name}: {fg} on {bg} is {contrast_ratio(fg, bg):.2f}:1")
    return problems


def palette_ratio(palette: QPalette, text: QPalette.ColorRole, base: QPalette.ColorRole) -> float:
    return contrast_ratio(palette.color(text).name(), palette.color(base).name())


def palette_problems(widget: QWidget) -> list[str]:
    """A widget that fills its own background: its text on it under 4.5:1."""
    if not widget.autoFillBackground():
        return []
    ratio = palette_ratio(
        widget.palette(), QPalette.ColorRole.WindowText, QPalette.ColorRole.Window
    )
    return [f"{type(widget).__name__}: palette text at {ratio:.2f}:1"] if ratio < AA_TEXT else []


def all_problems(root: QWidget) -> list[str]:
    problems = sheet_problems(root) + palette_problems(root)
    for widget in root.findChildren(QWidget):
        problems += sheet_problems(widget) + palette_problems(widget)
    return problems


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The application in a light (Fusion's own) or a dark palette; put before ``window``."""
    before = QApplication.palette()
    if request.param == "dark":
        qapp.setPalette(dark_palette())
    yield str(request.param)
    qapp.setPalette(before)


# -- the colours themselves --------------------------------------------------------------------
@pytest.mark.parametrize("tones", [LIGHT_TONES, DARK_TONES], ids=["light", "dark"])
def test_every_tone_meets_aa_in_both_themes(tones: dict[str, tuple[str, str]]) -> None:
    assert set(tones) == {tone.value for tone in Tone}
    for name, (background, text) in tones.items():
        assert contrast_ratio(text, background) >= AA_TEXT, name


def test_the_theme_follows_the_application_palette(theme: str) -> None:
    assert is_dark() is (theme == "dark")
    palette = QApplication.palette()
    # the palette itself is readable, so text the till does not colour is readable too
    for text, base in (
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    ):
        assert palette_ratio(palette, text, base) >= AA_TEXT, (text, base)
    selection = readable_selection(palette)  # Fusion's own blue is under AA: the tables fix it
    roles = (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight)
    assert palette_ratio(selection, *roles) >= AA_TEXT
    for tone in Tone:
        assert (
            tone_colours(tone.value) == (DARK_TONES if theme == "dark" else LIGHT_TONES)[tone.value]
        )
        assert sheet_problems(_label(style(tone))) == []
    assert sheet_problems(_label(flash_style())) == []
    background, text, placeholder = focus_colours()
    assert contrast_ratio(text.name(), background.name()) >= AA_TEXT
    assert contrast_ratio(placeholder.name(), background.name()) >= AA_TEXT


def _label(sheet: str) -> QLabel:
    label = QLabel("x")
    label.setStyleSheet(sheet)
    return label


def test_a_palette_that_cannot_tell_leaves_it_to_the_colour_scheme() -> None:
    grey = QPalette()
    grey.setColor(QPalette.ColorRole.Window, QColor("#808080"))
    grey.setColor(QPalette.ColorRole.WindowText, QColor("#808080"))
    assert is_dark(grey, Qt.ColorScheme.Dark)
    assert not is_dark(grey, Qt.ColorScheme.Light)
    assert not is_dark(grey, Qt.ColorScheme.Unknown)
    assert is_dark(dark_palette(), Qt.ColorScheme.Light)  # the palette is what is painted


def test_the_checker_finds_a_text_colour_without_its_background(qtbot: QtBot) -> None:
    lone = _label("color: #1f2d3d; font-weight: bold;")
    faint = _label("color: #777777; background: #ffffff;")
    qtbot.addWidget(lone)
    qtbot.addWidget(faint)
    assert sheet_problems(lone) and sheet_problems(faint)


def test_colours_are_written_only_in_the_theme() -> None:
    """A colour literal anywhere else in the window's code would be a colour without its
    dark-theme twin."""
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|QColor\(\s*[\"']|Qt\.GlobalColor")
    found = [
        f"{path.name}:{number}"
        for path in sorted(UI.glob("*.py"))
        if path.name != "theme.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line.split("  # ")[0])
    ]
    assert found == []


# -- the real widgets ----------------------------------------------------------------------------
def test_the_till_window_is_readable_in_every_state(
    theme: str, qtbot: QtBot, window: MainWindow
) -> None:
    window.basket_model.basket  # noqa: B018 - the window is up
    assert all_problems(window) == []
    qtbot.keyClicks(window.scan_field, "NOPE-404")  # a refused scan: flash and a red message
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    assert "NOPE-404" in window.message.text()
    assert window.scan_field.styleSheet() and window.message.styleSheet()
    assert all_problems(window) == []
    qtbot.keyClicks(window.customer_panel.field, "CUST-TYPED-1")  # not in the directory: WAIT
    qtbot.keyClick(window.customer_panel.field, Qt.Key.Key_Return)
    assert all_problems(window) == []
    for tone in Tone:
        window.banner.say(f"A banner in {tone.name}", tone)
        assert all_problems(window) == []
    window.scan_field.setFocus()
    qtbot.waitUntil(window.scan_field.hasFocus)
    selected = window.table.palette()
    roles = (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight)
    assert palette_ratio(selected, *roles) >= AA_TEXT
    focused = window.scan_field.palette()
    assert palette_ratio(focused, QPalette.ColorRole.Text, QPalette.ColorRole.Base) >= AA_TEXT
    hint = palette_ratio(focused, QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base)
    assert hint >= AA_TEXT


def test_the_banner_turns_with_the_theme(
    qtbot: QtBot, window: MainWindow, qapp: QApplication
) -> None:
    window.banner.say("Sent", Tone.GOOD)
    assert sheet_colours(window.banner.styleSheet())[1] == [LIGHT_TONES["GOOD"][0]]
    before = QApplication.palette()
    qapp.setPalette(dark_palette())
    try:
        qtbot.waitUntil(
            lambda: sheet_colours(window.banner.styleSheet())[1] == [DARK_TONES["GOOD"][0]]
        )
        assert window.banner.text() == "Sent"
    finally:
        qapp.setPalette(before)
    qtbot.waitUntil(
        lambda: sheet_colours(window.banner.styleSheet())[1] == [LIGHT_TONES["GOOD"][0]]
    )


def test_the_settings_dialog_is_readable_with_its_notes_and_errors(
    theme: str, qtbot: QtBot
) -> None:
    dialog = SettingsDialog(Settings(), first_run=True, problem="The settings file is damaged.")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.keyring_found is not None, timeout=WAIT)
    dialog.set_field("site", "a site with spaces")
    dialog.save()  # errors at the fields
    shown = [label for label in dialog.errors.values() if not label.isHidden()]
    assert shown
    assert all(label.autoFillBackground() for label in shown)  # coloured, with a background
    assert all_problems(dialog) == []


def test_a_refused_import_is_readable(
    theme: str, qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "garbage.csv"
    path.write_text("nothing,useful\n1,2\n", encoding="utf-8")
    window.import_catalog(path)
    qtbot.waitUntil(lambda: window.findChild(ImportPreview) is not None, timeout=WAIT)
    preview = window.findChild(ImportPreview)
    assert isinstance(preview, ImportPreview)
    assert preview.verdict.autoFillBackground()
    assert all_problems(preview) == []
    preview.reject()


# -- a larger system font ------------------------------------------------------------------------
@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[float]:
    """The system's font at 150%, as a till set to large text has it; put before ``window``."""
    before = QApplication.font()
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * 1.5)
    qapp.setFont(font)
    yield font.pointSizeF()
    qapp.setFont(before)


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons too small for their text: a wrapped label shorter than its
    lines, a one-line one narrower than its text (an ElidedLabel ends in "…" on purpose)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or isinstance(widget, ElidedLabel):
            continue
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                short = widget.height() < widget.heightForWidth(widget.width())
            else:
                short = widget.width() < widget.minimumSizeHint().width()
            short = short or widget.height() < widget.fontMetrics().height()
        elif isinstance(widget, QPushButton) and widget.text():
            short = (
                widget.width() < widget.minimumSizeHint().width()
                or widget.height() < widget.minimumSizeHint().height()
            )
        else:
            continue
        if short:
            found.append(f"{type(widget).__name__} {widget.text()[:40]!r}")
    return found


def test_the_till_follows_a_larger_system_font_without_clipping(
    large_font: float, qtbot: QtBot, window: MainWindow, qapp: QApplication
) -> None:
    window.resize(1024, 768)  # the smallest screen tills have
    qtbot.keyClicks(window.scan_field, "CB4551")
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    window.banner.say(
        "Not accepted by the vendor: DEMO-01-20261128-00001. The sale is kept; a manager can "
        "see why in the queue (F9).",
        Tone.BAD,
    )
    window.sale.refuse("Unknown item NOPE-404: it is not in the catalog. Check the code.")
    settle(qtbot)
    assert clipped(window) == []
    table = window.table
    assert table.rowHeight(0) >= table.fontMetrics().height() + 6
    header = table.horizontalHeader()
    for column in range(window.basket_model.columnCount() - 1):
        title = str(window.basket_model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title
    assert window.banner.font().pointSizeF() == pytest.approx(large_font * 1.4)
    bigger = QFont(QApplication.font())
    bigger.setPointSizeF(large_font * 1.2)
    qapp.setFont(bigger)  # the system's size changed while the till runs: the banner follows
    qtbot.waitUntil(
        lambda: window.banner.font().pointSizeF() == pytest.approx(large_font * 1.2 * 1.4)
    )


def test_the_settings_form_shows_its_errors_whole_with_a_larger_font(
    large_font: float, qtbot: QtBot
) -> None:
    dialog = SettingsDialog(Settings(), first_run=True)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.keyring_found is not None, timeout=WAIT)
    dialog.set_field("site", "streamlycool")
    dialog.set_field("till_id", "REGENT 01")
    dialog.save()
    dialog.show()
    settle(qtbot)
    dialog.resize(1024, 768)
    settle(qtbot)
    assert [label for label in dialog.errors.values() if label.isVisible()]
    assert clipped(dialog) == []
    dialog.show_error("site_token", NO_BACKEND_HELP)  # a message that comes while shown
    settle(qtbot)
    assert clipped(dialog) == []
    store = dialog.inputs["store"]
    assert store.height() >= store.fontMetrics().lineSpacing() * 4


@pytest.mark.parametrize("area", [WrappingScrollArea, QScrollArea])
def test_a_form_that_scrolls_gives_a_message_all_its_lines(
    qtbot: QtBot, area: type[QScrollArea]
) -> None:
    """What the settings form stands on: a message that wraps onto more lines once shown gets
    the height they need (a plain QScrollArea sizes its form by a guess that ignores wrapping
    and cuts the message at top and bottom)."""
    inner = QWidget()
    stack = QVBoxLayout(inner)
    form = QFormLayout()
    stack.addLayout(form)
    stack.addStretch(1)
    messages = []
    for row in range(12):  # as the settings form: a field with a hidden message under it
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLineEdit())
        message = QLabel()
        message.setWordWrap(True)
        message.hide()
        column.addWidget(message)
        form.addRow(f"Field {row}", cell)
        messages.append(message)
    scroll = area()
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    qtbot.addWidget(scroll)
    scroll.resize(420, 300)
    scroll.show()
    settle(qtbot)
    for message in messages[:4]:
        message.setText("A short one.")
        message.show()
    settle(qtbot)
    for message in messages[:4]:
        message.setText("A message long enough to wrap onto several lines at this width. " * 4)
    settle(qtbot)
    short = [m for m in messages if m.height() < m.heightForWidth(m.width())]
    assert (short == []) is (area is WrappingScrollArea)
