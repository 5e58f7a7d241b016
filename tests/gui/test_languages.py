"""The till in each shipped language, on the offscreen platform at the smallest till screen
(1024x768): no button, label or basket header is cut, no two entries of a menu share a
shortcut letter, and switching the language in the settings changes the window's words at
once (and back)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QPushButton, QStyle, QWidget
from pytestqt.qtbot import QtBot

from posapp.app import till_font
from posapp.domain.errors import ValidationError
from posapp.domain.money import parse_quantity
from posapp.i18n import LANGUAGES, ts_file
from posapp.resources import resource_path
from posapp.setup.profile import Profile
from posapp.setup.settings import Settings
from posapp.till import Till
from posapp.tracker.sandbox import Sandbox
from posapp.tracker.token import SiteToken
from posapp.ui import translations
from posapp.ui.domain_text import error_text
from posapp.ui.elided_label import ElidedLabel
from posapp.ui.main_window import MainWindow, use_language
from tests.conftest import TOKEN
from tests.gui.conftest import settings_for
from tests.gui.layouts import settle

SCREEN = (1024, 768 - 40)  # the smallest till screen, less a task bar


@pytest.fixture(autouse=True)
def english_after(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """In the till's own (larger) font; the .qm files built into a temporary cache (a checkout
    has none); the window English again after each test, in the test run's font."""
    translations.language().cache = tmp_path_factory.getbasetemp() / "qm"
    font = qapp.font()
    qapp.setFont(till_font(font))
    yield
    use_language("en")
    qapp.setFont(font)


def open_window(qtbot: QtBot, tmp_path: Path, settings: Settings) -> MainWindow:
    till = Till(Profile.locate(tmp_path / "till"), settings, token=lambda: SiteToken(TOKEN))
    till.__enter__()
    till.catalog.import_csv(resource_path("demo", "catalog.csv"), settings.currency)
    till.customers.import_csv(resource_path("demo", "customers.csv"))
    window = MainWindow(till)

    def closed(widget: QWidget) -> None:
        widget.allow_close()  # type: ignore[attr-defined]
        till.__exit__(None, None, None)

    qtbot.addWidget(window, before_close_func=closed)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.status.pending.text() != "")  # the counts are in
    settle(qtbot)
    return window


def cut_texts(window: MainWindow) -> list[str]:
    """Each visible button, label or basket header whose text does not fit its widget; and the
    window itself when its texts make it wider or taller than the till's screen (a layout gives
    a button or a label its whole text by widening the window past the screen's edge)."""
    cut = []
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if least.width() > SCREEN[0] or least.height() > SCREEN[1]:
        cut.append(f"window needs {least.width()}x{least.height()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or isinstance(widget, ElidedLabel):
            continue  # the status bar's endpoint elides on purpose (its tooltip says all)
        texted = isinstance(widget, QPushButton | QLabel) and bool(widget.text())
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if texted and not window.rect().contains(where):  # past the window's edge
            cut.append(
                f"{widget.text()!r} at {where.getCoords()}, out of {window.rect().getCoords()}"
            )
        elif isinstance(widget, QPushButton) and widget.text():
            if widget.width() < widget.sizeHint().width():
                cut.append(
                    f"button {widget.text()!r}: {widget.width()} < {widget.sizeHint().width()}"
                )
        elif isinstance(widget, QLabel) and widget.text() and not widget.pixmap():
            room = widget.contentsRect()
            if widget.wordWrap():
                if widget.height() < widget.heightForWidth(widget.width()):
                    cut.append(f"label {widget.text()!r}: {widget.height()} high")
            else:
                wide = widget.fontMetrics().horizontalAdvance(widget.text())
                if room.width() < wide:
                    cut.append(f"label {widget.text()!r}: {room.width()} < {wide}")
    header = window.table.horizontalHeader()
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    model = window.basket_model
    for column in range(model.columnCount()):
        text = str(model.headerData(column, Qt.Orientation.Horizontal))
        wide = header.fontMetrics().horizontalAdvance(text) + margin
        if header.sectionSize(column) < wide:
            cut.append(f"header {text!r}: {header.sectionSize(column)} < {wide}")
    return cut


def shortcut_clashes(window: MainWindow) -> list[str]:
    """Two entries of the menu bar, or of one menu, with the same &-letter."""

    def letters(texts: list[str]) -> list[str]:
        found = []
        for text in texts:
            at = text.replace("&&", "").find("&")
            if at >= 0:
                found.append(text.replace("&&", "")[at + 1].lower())
        return [letter for letter in set(found) if found.count(letter) > 1]

    bar = window.menuBar().actions()
    clashes = [f"menu bar: {c}" for c in letters([a.text() for a in bar])]
    for action in bar:
        menu = action.menu()
        if isinstance(menu, QMenu):
            clashes += [
                f"{action.text()}: {c}" for c in letters([a.text() for a in menu.actions()])
            ]
    return clashes


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_the_window_in_each_language_cuts_no_text(
    qtbot: QtBot, tmp_path: Path, sandbox: Sandbox, lang: str
) -> None:
    window = open_window(qtbot, tmp_path, replace(settings_for(sandbox), ui_language=lang))
    settle(qtbot)
    assert translations.language().current == lang
    qtbot.keyClicks(window.scan_field, "3*CB4551")  # a line, a total and a message shown
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    window.customer_panel.field.setText("UNKNOWN-77")
    window.customer_panel.look_up()
    settle(qtbot)
    assert cut_texts(window) == []
    assert shortcut_clashes(window) == []


@pytest.mark.parametrize("lang", ["de", "sv"])
def test_the_finished_languages_show_their_own_words(
    qtbot: QtBot, tmp_path: Path, sandbox: Sandbox, lang: str
) -> None:
    window = open_window(qtbot, tmp_path, replace(settings_for(sandbox), ui_language=lang))
    settle(qtbot)
    assert window.finish_button.text() == {"de": "Abschließen  (F12)", "sv": "Slutför  (F12)"}[lang]
    with pytest.raises(ValidationError) as refused:
        parse_quantity("0")
    # the command line's English stays; the window says it in the language
    assert str(refused.value) == "Quantity must be at least 1; remove the line instead."
    assert (
        error_text(refused.value)
        == {
            "de": "Menge muss mindestens 1 sein; sonst die Zeile entfernen.",
            "sv": "Antalet måste vara minst 1; ta bort raden i stället.",
        }[lang]
    )


def visible_texts(window: MainWindow) -> dict[str, str]:
    model = window.basket_model
    return {
        "title": window.windowTitle(),
        "menus": " | ".join(a.text() for a in window.menuBar().actions()),
        "finish": window.finish_button.text(),
        "banner": window.banner.text(),
        "endpoint": window.status.endpoint.text(),
        "pending": window.status.pending.text(),
        "headers": " | ".join(
            str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())
        ),
        "totals": window.totals.text(),
        "customer": window.customer_panel.who.text(),
        "customer field": window.customer_panel.field.placeholderText(),
        "caption": window.customer_panel.caption.text(),
        "scan field": window.scan_field.placeholderText(),
    }


def test_switching_the_language_changes_the_window_at_once_and_back(
    qtbot: QtBot, tmp_path: Path, sandbox: Sandbox
) -> None:
    settings = settings_for(sandbox)
    window = open_window(qtbot, tmp_path, replace(settings, ui_language="en"))
    window.refresh_status()
    qtbot.waitUntil(lambda: window.status.pending.text() != "")
    english = visible_texts(window)

    window.apply_settings(replace(settings, ui_language="de"), None)
    settle(qtbot)
    german = visible_texts(window)
    assert [key for key in english if english[key] == german[key]] == []
    assert german["menus"] == "&Verkauf | &Warteschlange | &Admin | &Hilfe"
    assert window.settings.lang == settings.lang  # the orders' language is another setting

    window.apply_settings(replace(settings, ui_language="en"), None)
    settle(qtbot)
    assert visible_texts(window) == {**english}


def test_the_check_sees_a_cut_button_label_and_header(
    qtbot: QtBot, tmp_path: Path, sandbox: Sandbox
) -> None:
    window = open_window(qtbot, tmp_path, settings_for(sandbox))
    settle(qtbot)
    assert cut_texts(window) == []
    window.customer_panel.clear_button.setText("Kein Kunde " * 30)
    window.finish_button.setFixedWidth(40)  # a button held narrower than its text
    window.basket_model.headers = ("Code", "Artikel", "Stückzahl insgesamt", "", "", "")
    settle(qtbot)
    cut = " ".join(cut_texts(window))
    assert "window needs " in cut
    assert "button 'Abschließen" in cut or "button 'Finish sale" in cut
    assert "header 'Stückzahl insgesamt'" in cut
    window.customer_panel.clear_button.setText("Kein Kunde")
    window.finish_button.setMinimumWidth(0)
    window.finish_button.setMaximumWidth(10_000)
    window.basket_model.retranslate()
    settle(qtbot)
    assert cut_texts(window) == []
    window.status.last_sent.setText("Zuletzt gesendet: " * 12)  # a status bar past the edge
    settle(qtbot)
    cut = " ".join(cut_texts(window))  # past the edge, or a window wider than the screen
    assert "'Zuletzt gesendet: " in cut or "window needs " in cut


def settings_form_width(qtbot: QtBot, lang: str) -> tuple[int, int]:
    """The least width the settings form needs in ``lang``, and the width it has (on a 1024x768
    screen); its buttons are checked on the way."""
    from posapp.ui.settings_dialog import SettingsDialog

    use_language(lang)
    dialog = SettingsDialog(Settings(ui_language=lang), first_run=True)
    qtbot.addWidget(dialog)
    dialog.fit_to(QRect(0, 0, 1024, 768))
    dialog.show()
    settle(qtbot)
    for widget in dialog.findChildren(QPushButton):
        if widget.isVisibleTo(dialog) and widget.text():
            assert widget.width() >= widget.sizeHint().width(), widget.text()
    return (
        dialog.form_scroll.widget().minimumSizeHint().width(),
        dialog.form_scroll.viewport().width(),
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_language_makes_the_settings_dialog_cut_more_than_english(
    qtbot: QtBot, lang: str
) -> None:
    """The form never scrolls sideways: what is wider than its view is cut at the edge. A
    language fits the view, or at least needs no more room than the English (whose tick boxes
    are a few pixels too wide for the 920 px a 1024 screen gives the dialog: a layout matter,
    not a language's)."""
    english, _room = settings_form_width(qtbot, "en")
    needed, room = settings_form_width(qtbot, lang)
    assert needed <= max(room, english)


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_the_queue_view_in_each_language_fits_1024_wide(
    qtbot: QtBot, tmp_path: Path, sandbox: Sandbox, lang: str
) -> None:
    window = open_window(qtbot, tmp_path, replace(settings_for(sandbox), ui_language=lang))
    dialog = window.open_queue()
    qtbot.waitUntil(lambda: dialog.summary.text() != "")
    dialog.resize(*SCREEN)
    settle(qtbot)
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    assert least.width() <= SCREEN[0], [b.text() for b in dialog.findChildren(QPushButton)]
    for button in dialog.findChildren(QPushButton):
        if button.isVisibleTo(dialog) and button.text():
            assert button.width() >= button.sizeHint().width(), button.text()


def test_a_checkout_without_qm_builds_it_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import posapp.i18n

    package = tmp_path / "package"  # a wheel or checkout with the .ts and no .qm
    package.mkdir()
    (package / "posapp_sv.ts").write_bytes(ts_file("sv").read_bytes())
    monkeypatch.setattr(posapp.i18n, "HERE", package)
    monkeypatch.setattr(translations, "HERE", package)
    built = translations.qm_file("sv", tmp_path / "cache")
    assert built == tmp_path / "cache" / "posapp_sv.qm"
    assert built.stat().st_size > 1000
    assert translations.qm_file("fi", tmp_path / "cache") is None  # no .ts, nothing to build


def test_the_settings_dialogs_refusals_come_in_the_windows_language(qtbot: QtBot) -> None:
    """The till ID's rule (from the domain) and the no-keyring advice (from the setup layer)
    are said in the window's language, with their values filled in."""
    from posapp.ui.settings_dialog import SettingsDialog

    use_language("de")
    dialog = SettingsDialog(Settings(ui_language="de"), first_run=True)
    qtbot.addWidget(dialog)
    dialog.set_field("till_id", "REGENT 01")
    dialog._form_settings({"till_id"})
    assert dialog.errors["till_id"].text().startswith("Die Kassen-ID besteht aus 1 bis 24 ")
    dialog._keyring_answered(False)
    advice = dialog.errors["site_token"].text()
    assert "Schlüsselbund" in advice and "posapp-site-token" in advice
    assert "POSAPP_SITE_TOKEN" in advice
