"""The window's entry points: the self-test packaging relies on, and the demo's menu."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from posapp.app import add_demo_menu
from posapp.outbox.store import State
from posapp.setup.profile import Profile
from posapp.till import Till
from posapp.tracker.sandbox import Sandbox
from posapp.ui.main_window import MainWindow
from posapp.ui.till_messages import Tone

ROOT = Path(__file__).resolve().parents[2]


def test_self_test_builds_and_paints_the_window(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(tmp_path), "--self-test"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("self-test ok in ")
    assert last.endswith(" ms")
    assert "keyring" in result.stdout
    assert (tmp_path / "outbox.sqlite3").exists()


def test_self_test_names_what_failed(tmp_path: Path) -> None:
    (tmp_path / "outbox.sqlite3").write_bytes(b"not a database" * 100)
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(tmp_path), "--self-test"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 1
    assert "self-test FAILED" in result.stderr
    assert str(tmp_path / "outbox.sqlite3") in result.stderr


def test_the_till_refuses_to_open_before_setup(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 2
    assert "not set up yet" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_menu_takes_the_endpoint_down_and_brings_it_back(
    qtbot: QtBot, window: MainWindow, sandbox: Sandbox
) -> None:
    add_demo_menu(window, sandbox)
    down = window.actions_by_name["demo_down"]
    down.setChecked(True)
    assert not sandbox.online
    qtbot.keyClicks(window.scan_field, "TEA-EB")
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    window.finish()
    qtbot.waitUntil(lambda: window.banner.tone is Tone.WAIT, timeout=10_000)
    down.setChecked(False)
    assert sandbox.online
    qtbot.waitUntil(lambda: window.banner.tone is Tone.GOOD, timeout=10_000)
    assert len(sandbox.orders()) == 1


def test_a_second_window_on_the_same_profile_queues_and_says_who_sends(
    qtbot: QtBot, window: MainWindow, sandbox: Sandbox
) -> None:
    with Till(window.till.profile, window.settings) as till:
        second = MainWindow(till)
        assert not till.delivering
        qtbot.addWidget(second)
        second.basket_model.add("TEA-EB", 1, "3.20", "Tea")
        second.finish()
        assert second.banner.tone is Tone.WAIT
        assert "already delivering from this outbox" in second.banner.text()
        ref = second.banner.ref_code
        window.expedite()  # the first window's worker sends it
        qtbot.waitUntil(
            lambda: [o["order"]["refCode"] for o in sandbox.orders()] == [ref], timeout=10_000
        )
        second.close()


def test_a_till_without_a_token_says_sending_is_paused_and_why(
    qtbot: QtBot, tmp_path: Path, sandbox: Sandbox
) -> None:
    from tests.gui.conftest import settings_for

    with Till(Profile.locate(tmp_path), settings_for(sandbox), token=lambda: None) as till:
        window = MainWindow(till)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: "PAUSED" in window.status.endpoint.text(), timeout=10_000)
        assert "no site token set" in window.status.endpoint.text()
        window.basket_model.add("TEA-EB", 1, "3.20", "Tea")
        window.finish()
        assert window.banner.text().endswith(
            "sending is paused (see the status bar). Call the manager."
        )
        assert till.outbox.status().counts == {State.PENDING: 1}
        window.close()
