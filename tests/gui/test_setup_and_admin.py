"""Setup, settings, the admin PIN, kiosk mode and imports, as the IT person and the manager
use them: real dialogs on the offscreen platform, the sandbox endpoint behind."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from posapp.app import settings_or_setup
from posapp.setup.admin_pin import hash_pin, verify_pin
from posapp.setup.credentials import load_token
from posapp.setup.profile import Profile
from posapp.setup.settings import Settings, load_settings
from posapp.till import Till
from posapp.tracker.sandbox import Sandbox
from posapp.ui.basket_model import PRICE
from posapp.ui.import_dialog import ImportPreview
from posapp.ui.main_window import MainWindow
from posapp.ui.settings_dialog import SettingsDialog
from posapp.ui.till_messages import Endpoint, Tone
from tests.conftest import SITE, TOKEN
from tests.gui.conftest import settings_for
from tests.helpers import MemoryKeyring

WAIT = 10_000


@pytest.fixture
def pin_answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the manager types when the admin PIN is asked; warnings are collected."""
    answers: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (answers.pop(0), True))
    return answers


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *rest: said.append(text)
    )
    return said


def fill_setup(qtbot: QtBot, dialog: SettingsDialog, sandbox: Sandbox, token: str = TOKEN) -> None:
    dialog.set_field("site", SITE)
    dialog.set_field("endpoint", sandbox.url)
    dialog.token.setText(token)
    dialog.set_field("till_id", "front-1")
    dialog.set_field("store", "store = High Street\nstorePostcode = AB1 2CD")
    dialog.set_field("currency", "gbp")
    dialog.set_field("info_keys", "gender")
    dialog.pin.setText("2468")
    dialog.pin_again.setText("2468")


def check(qtbot: QtBot, dialog: SettingsDialog) -> str:
    dialog.check_result = None
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=WAIT)
    assert dialog.check_result is not None
    return dialog.check_result.message


def test_setup_drives_a_fresh_profile_to_a_working_send(
    qtbot: QtBot, tmp_path: Path, sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    dialog = SettingsDialog(Settings(), first_run=True)
    qtbot.addWidget(dialog)
    fill_setup(qtbot, dialog, sandbox)
    assert "the site and token were accepted" in check(qtbot, dialog)
    assert sandbox.orders() == []  # the check recorded nothing
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)  # files and the PIN's hash: off the GUI thread
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert dialog.result_settings is not None
    profile = Profile.locate(tmp_path / "till")
    Till(profile).save_settings(dialog.result_settings, dialog.result_token)
    saved = load_settings(profile.settings_file)
    assert saved is not None
    assert saved.till_id == "FRONT-1"
    assert saved.store == {"store": "High Street", "storePostcode": "AB1 2CD"}
    assert TOKEN not in profile.settings_file.read_text()
    # the PIN is kept only as its salted hash (whose hex digits may spell 2468 by chance)
    assert "2468" not in profile.settings_file.read_text().replace(saved.admin_pin_hash, "")
    assert verify_pin("2468", saved.admin_pin_hash)
    assert load_token(SITE).token is not None  # in the keyring
    with Till(profile, saved) as till:  # the token comes from the keyring
        window = MainWindow(till)
        qtbot.addWidget(window)
        window.allow_close()
        window.show()
        window.basket_model.add("CB4551", 2, "6.50", "Mug")
        window.finish()
        qtbot.waitUntil(lambda: window.banner.tone is Tone.GOOD, timeout=WAIT)
        window.close()
    (received,) = sandbox.orders()
    assert received["order"]["attributes"] == {"store": "High Street", "storePostcode": "AB1 2CD"}
    assert received["order"]["refCode"].startswith("FRONT-1-")


def test_check_connection_says_what_a_wrong_token_and_no_endpoint_mean(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    dialog = SettingsDialog(Settings(), first_run=True)
    qtbot.addWidget(dialog)
    fill_setup(qtbot, dialog, sandbox, token="not-the-token")
    assert "refused the site code or the site token" in check(qtbot, dialog)
    sandbox.go_offline()
    assert "No answer from the endpoint" in check(qtbot, dialog)


def test_each_mistake_is_shown_at_its_field_and_nothing_is_saved(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    dialog = SettingsDialog(Settings(), first_run=True)
    qtbot.addWidget(dialog)
    fill_setup(qtbot, dialog, sandbox)
    dialog.set_field("currency", "POUNDS")
    dialog.set_field("till_id", "")
    dialog.set_field("store", "just words")
    dialog.pin_again.setText("1357")
    dialog.save()
    assert dialog.result_settings is None
    shown = {key: label.text() for key, label in dialog.errors.items() if not label.isHidden()}
    assert "ISO 4217" in shown["currency"]
    assert "Needed before the till can send" in shown["till_id"]
    assert "name = value" in shown["store"]
    assert "differ" in shown["admin_pin_again"]


def test_a_hand_broken_settings_file_is_named_and_does_not_crash(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = Profile.locate(tmp_path)
    profile.ensure_dirs()
    profile.settings_file.write_text('site = "shop"\ntill_id = "T1"\ncurrency = 12\n')
    from PySide6.QtWidgets import QApplication

    assert settings_or_setup(QApplication.instance(), profile) is None  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert "line 3, key 'currency'" in err
    dialog = SettingsDialog(
        Settings(), first_run=False, problem="settings.toml, line 3, key 'currency': ..."
    )
    qtbot.addWidget(dialog)
    assert not dialog.problem.isHidden()
    assert "line 3" in dialog.problem.text()


# -- the admin PIN, kiosk mode, price overrides, settings that apply at once -------------------
@pytest.fixture
def till_settings(sandbox: Sandbox) -> Settings:
    """The window of these tests has an admin PIN: 2468."""
    return dataclasses.replace(settings_for(sandbox), admin_pin_hash=hash_pin("2468"))


def test_pin_right_wrong_and_after_repeated_wrong_attempts(
    window: MainWindow, pin_answers: list[str], warnings: list[str]
) -> None:
    pin_answers += ["2468"]
    assert window.admin.allow(window, "test") is True
    pin_answers += ["1111", "2222", "3333", "2468"]
    assert [window.admin.allow(window, "test") for _ in range(4)] == [False, False, False, False]
    assert warnings[:3] == ["Wrong PIN."] * 3
    assert warnings[3].startswith("Too many wrong PINs: try again in")


def test_a_price_override_needs_the_pin(
    qtbot: QtBot, window: MainWindow, pin_answers: list[str], warnings: list[str]
) -> None:
    window.basket_model.add("CB4551", 1, "6.50", "Mug")
    price = window.basket_model.index(0, PRICE)
    assert not (window.basket_model.flags(price) & Qt.ItemFlag.ItemIsEditable)
    assert window.basket_model.setData(price, "1.00") is False
    pin_answers.append("0000")
    window.edit_selected(PRICE)
    assert warnings == ["Wrong PIN."]
    assert window.basket_model.unlocked_row is None
    pin_answers.append("2468")
    window.edit_selected(PRICE)
    assert window.basket_model.unlocked_row == 0
    assert window.basket_model.setData(price, "5.00") is True
    assert window.basket_model.basket.line(0).unit_price == 5


def test_the_kiosk_window_is_full_screen_and_refuses_to_close_without_the_pin(
    qtbot: QtBot, window: MainWindow, pin_answers: list[str], warnings: list[str]
) -> None:
    window.apply_settings(dataclasses.replace(window.settings, kiosk=True), None)
    window.show_for_till()
    qtbot.waitUntil(window.isFullScreen)
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    pin_answers.append("9999")
    window.close()  # Alt+F4 comes here too
    assert window.isVisible()
    assert warnings == ["Wrong PIN."]
    pin_answers.append("2468")
    window.close()
    assert not window.isVisible()


def test_new_credentials_take_effect_without_a_restart(
    qtbot: QtBot,
    window: MainWindow,
    sandbox: Sandbox,
    pin_answers: list[str],
    memory_keyring: MemoryKeyring,
) -> None:
    sandbox.fail_next(401)
    window.basket_model.add("TEA-EB", 1, "3.20", "Tea")
    window.finish()
    qtbot.waitUntil(lambda: window.endpoint is Endpoint.CREDENTIALS, timeout=WAIT)
    pin_answers.append("2468")
    dialog = window.open_settings()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.token.setText(TOKEN)
    dialog.pin.setText("")
    dialog.save()
    qtbot.waitUntil(lambda: len(sandbox.orders()) == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: window.status.pending.text() == "Pending: 0", timeout=WAIT)
    assert memory_keyring.secrets[("posapp", f"siteToken:{SITE}")] == TOKEN


def test_the_catalog_is_replaced_from_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, pin_answers: list[str]
) -> None:
    path = tmp_path / "new.csv"
    path.write_text("refCode;name;price\nNEW-1;New thing;4,20\n")
    pin_answers.append("2468")
    window.import_catalog(path)
    qtbot.waitUntil(lambda: window.findChild(ImportPreview) is not None, timeout=WAIT)
    preview = window.findChild(ImportPreview)
    assert not preview.replace_button.isEnabled()  # 10 products to 1: needs the manager's tick
    preview.confirm.setChecked(True)
    preview.replace_button.click()
    qtbot.waitUntil(lambda: "replaced" in window.message.text(), timeout=WAIT)
    found = window.till.catalog.lookup("NEW-1")
    assert found is not None
    assert str(found.price) == "4.20"
    assert window.till.catalog.lookup("CB4551") is None
