"""The settings dialog as the form the declarations make: locked keys read-only and why, the
keyring asked off the GUI thread, a dialog that fits a 768-pixel screen. Real widgets on the
offscreen platform."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from posapp.setup.admin_pin import hash_pin, verify_pin
from posapp.setup.credentials import NO_BACKEND_HELP
from posapp.setup.settings import FIELDS, Settings
from posapp.tracker.sandbox import Sandbox
from posapp.ui import settings_saving
from posapp.ui.settings_dialog import SettingsDialog
from tests.conftest import SITE, TOKEN
from tests.helpers import MemoryKeyring
from tests.integration.network_servers import make_ca

WAIT = 10_000
SYSTEM_FILE = "/etc/xdg/posapp/settings.toml"
LOCKED = Settings(
    site=SITE,
    environment="production",
    till_id="T-1",
    admin_pin_hash=hash_pin("9753"),
    locked=frozenset({"site", "environment", "kiosk", "store", "admin_pin_hash"}),
    locked_by=SYSTEM_FILE,
)


def open_dialog(qtbot: QtBot, settings: Settings, *, first_run: bool = False) -> SettingsDialog:
    dialog = SettingsDialog(settings, first_run=first_run)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.keyring_found is not None, timeout=WAIT)
    return dialog


def test_the_form_has_a_row_for_each_declared_setting_with_a_label(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, Settings())
    assert list(dialog.inputs) == [key for key, f in FIELDS.items() if f.label]
    assert "retention_days" not in dialog.inputs and "admin_pin_hash" not in dialog.inputs


def test_locked_settings_are_read_only_and_say_why(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    dialog = open_dialog(qtbot, LOCKED)
    for key in ("site", "environment", "kiosk", "store"):
        assert not dialog.inputs[key].isEnabled(), key
        assert SYSTEM_FILE in dialog.notes[key].text()
        assert not dialog.notes[key].isHidden()
    assert dialog.inputs["till_id"].isEnabled()
    assert dialog.notes["till_id"].isHidden()
    assert not dialog.pin.isEnabled() and not dialog.pin_again.isEnabled()
    assert "Locked by the administrator" in dialog.notes["admin_pin"].text()
    dialog.set_field("till_id", "t-2")
    dialog.set_field("currency", "eur")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)  # files and the PIN's hash: off the GUI thread
    assert dialog.result_settings is not None
    saved = dialog.result_settings
    assert (saved.till_id, saved.currency, saved.site) == ("T-2", "EUR", SITE)
    assert saved.admin_pin_hash == LOCKED.admin_pin_hash  # no PIN asked: it is the machine's


def test_the_keyring_is_asked_off_the_gui_thread(qtbot: QtBot) -> None:
    release = threading.Event()
    asked_on: list[threading.Thread] = []

    class SlowKeyring(MemoryKeyring):
        @property  # type: ignore[override]
        def priority(self) -> float:
            asked_on.append(threading.current_thread())
            release.wait(WAIT / 1000)
            return 1.0

    previous = keyring.get_keyring()
    keyring.set_keyring(SlowKeyring())
    try:
        dialog = SettingsDialog(Settings(), first_run=True)  # returns while the keyring waits
        qtbot.addWidget(dialog)
        assert dialog.keyring_found is None
        assert dialog.notes["site_token"].text() == "Checking the keyring…"
        assert not dialog.notes["site_token"].isHidden()
        release.set()
        qtbot.waitUntil(lambda: dialog.keyring_found is not None, timeout=WAIT)
    finally:
        release.set()
        keyring.set_keyring(previous)
    assert dialog.keyring_found is True
    assert dialog.notes["site_token"].isHidden()
    assert dialog.errors["site_token"].isHidden()
    assert asked_on and threading.main_thread() not in asked_on


def test_no_keyring_is_said_at_the_token(qtbot: QtBot) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        dialog = open_dialog(qtbot, Settings(), first_run=True)
    finally:
        keyring.set_keyring(previous)
    assert dialog.keyring_found is False
    assert dialog.errors["site_token"].text() == NO_BACKEND_HELP


def test_check_connection_reads_the_stored_token_off_the_gui_thread(
    qtbot: QtBot, sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password("posapp", f"siteToken:{SITE}", TOKEN)
    read_on: list[threading.Thread] = []
    real_get = memory_keyring.get_password

    def get_password(service: str, username: str) -> str | None:
        read_on.append(threading.current_thread())
        return real_get(service, username)

    memory_keyring.get_password = get_password  # type: ignore[method-assign]
    dialog = open_dialog(qtbot, Settings(site=SITE, endpoint=sandbox.url, till_id="T-1"))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=WAIT)
    assert dialog.check_result is not None
    assert "the site and token were accepted" in dialog.check_result.message
    assert read_on and threading.main_thread() not in read_on


@pytest.fixture
def shown(qtbot: QtBot) -> SettingsDialog:
    """The settings with every note and error showing: the tallest the form gets."""
    dialog = open_dialog(qtbot, LOCKED)
    dialog.set_field("till_id", "")
    dialog.set_field("currency", "POUNDS")
    dialog.token.setText("has spaces")
    dialog.save()
    dialog.show()
    return dialog


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1366, 768), (800, 600)])
def test_the_dialog_fits_the_screen_the_form_scrolls_and_the_buttons_stay(
    qtbot: QtBot, shown: SettingsDialog, width: int, height: int
) -> None:
    shown.fit_to(QRect(0, 0, width, height))
    QApplication.processEvents()
    assert shown.width() <= width and shown.height() <= height - 40
    save = shown.buttons.button(shown.buttons.StandardButton.Save)
    assert save.isVisible()
    assert shown.rect().contains(save.mapTo(shown, save.rect().bottomRight()))
    bar = shown.form_scroll.verticalScrollBar()
    form_height = shown.form_scroll.widget().sizeHint().height()
    assert (bar.maximum() > 0) == (form_height > shown.form_scroll.viewport().height())
    if height == 600:
        assert bar.maximum() > 0  # the small screen scrolls the form, not the buttons


def test_saving_reads_the_ca_file_and_hashes_the_pin_off_the_gui_thread(
    qtbot: QtBot, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A CA file on a network share that hangs, or scrypt on a slow kiosk, never freezes the form.
    threads: dict[str, threading.Thread] = {}
    real_check, real_hash = FIELDS["ca_file"].check, settings_saving.hash_pin
    assert real_check is not None

    def check(value: object, key: str) -> None:
        threads["ca_file"] = threading.current_thread()
        real_check(value, key)

    def hashing(pin: str) -> str:
        threads["pin"] = threading.current_thread()
        return real_hash(pin)

    monkeypatch.setitem(FIELDS, "ca_file", dataclasses.replace(FIELDS["ca_file"], check=check))
    monkeypatch.setattr(settings_saving, "hash_pin", hashing)
    dialog = open_dialog(qtbot, Settings(site=SITE, till_id="T-1"))
    dialog.set_field("ca_file", str(tmp_path / "missing.pem"))
    dialog.pin.setText("2468")
    dialog.pin_again.setText("2468")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=WAIT)
    assert dialog.result_settings is None  # not saved: the file is named at its field
    assert "does not exist" in dialog.errors["ca_file"].text()
    assert not dialog.errors["ca_file"].isHidden()
    assert threads["ca_file"] is not threading.main_thread()
    pem = make_ca(tmp_path).pem
    dialog.set_field("ca_file", str(pem))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=WAIT)
    assert dialog.result_settings is not None
    assert dialog.result_settings.ca_file == str(pem)
    assert threads["pin"] is not threading.main_thread()
    assert verify_pin("2468", dialog.result_settings.admin_pin_hash)
