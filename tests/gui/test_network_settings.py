"""The network settings in the settings dialog: under a "Network" heading, and used by Check
connection as typed (the proxy, the company CA file), with the cause named. Real widgets on the
offscreen platform, the sandbox over HTTPS on 127.0.0.1 with a test CA."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from posapp.setup.settings import Settings
from posapp.tracker.causes import UNTRUSTED
from posapp.ui.settings_dialog import SettingsDialog
from tests.integration.network_servers import connect_proxy, dead_port, https_sandbox, make_ca

WAIT = 20_000
TOKEN = "tok-abc"


@pytest.fixture(autouse=True)
def no_proxy_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def checked(qtbot: QtBot, dialog: SettingsDialog) -> str:
    dialog.check_result = None
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=WAIT)
    assert dialog.check_result is not None
    return dialog.check_result.message


def test_check_connection_uses_the_network_settings_as_typed(qtbot: QtBot, tmp_path: Path) -> None:
    ca = make_ca(tmp_path)
    with https_sandbox(ca, token=TOKEN) as sandbox, connect_proxy() as (proxy, seen):
        dialog = SettingsDialog(
            Settings(site="mysite", endpoint=sandbox.url, till_id="T-1"), first_run=True
        )
        qtbot.addWidget(dialog)
        assert dialog.network_heading.text() == "Network"
        dialog.token.setText(TOKEN)
        assert checked(qtbot, dialog) == UNTRUSTED + "."
        dialog.set_field("ca_file", str(ca.pem))
        assert checked(qtbot, dialog).startswith("Connected")
        assert seen.lines == []
        dialog.set_field("proxy", proxy)
        assert checked(qtbot, dialog).startswith("Connected")
        assert len(seen.connects) == 1
        port = dead_port()
        dialog.set_field("proxy", f"http://till:s3cret@127.0.0.1:{port}")
        said = checked(qtbot, dialog)
        assert said.startswith(f"The proxy at 127.0.0.1:{port} did not answer")
        assert "s3cret" not in said
        dialog.set_field("ca_file", str(tmp_path / "missing.pem"))
        said = checked(qtbot, dialog)
        assert "does not exist" in said
