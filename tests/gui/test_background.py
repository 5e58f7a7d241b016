"""The one way the window runs blocking work: off the GUI thread, landed back on it."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import keyring
import pytest
from PySide6.QtCore import QElapsedTimer, QObject, QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from posapp.setup.profile import Profile
from posapp.till import Till
from posapp.tracker.sandbox import Sandbox
from posapp.tracker.token import SiteToken
from posapp.ui.background import op
from posapp.ui.main_window import MainWindow
from tests.conftest import SITE, TOKEN
from tests.gui.conftest import settings_for
from tests.helpers import MemoryKeyring

BLOCK = 3.0  # seconds a keyring call takes: a D-Bus timeout, an unlock prompt nobody answers


class SlowKeyring(MemoryKeyring):
    """A keyring whose every call blocks, as a Secret Service behind a dead D-Bus does."""

    def __init__(self) -> None:
        super().__init__()
        self.calls_on: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls_on.append(threading.current_thread().name)
        time.sleep(BLOCK)
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls_on.append(threading.current_thread().name)
        time.sleep(BLOCK)
        super().set_password(service, username, password)


@pytest.fixture
def slow_keyring() -> Iterator[SlowKeyring]:
    previous = keyring.get_keyring()
    store = SlowKeyring()
    store.secrets[("posapp", f"siteToken:{SITE}")] = TOKEN
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


def longest_gap_while(qtbot: QtBot, done: object, timeout_ms: int) -> float:
    """Run a 1 ms timer until ``done()`` is true; the longest gap between its ticks, in ms."""
    clock = QElapsedTimer()
    clock.start()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    timer.start()
    qtbot.waitUntil(done, timeout=timeout_ms)  # type: ignore[arg-type]
    timer.stop()
    return float(max(b - a for a, b in itertools.pairwise(ticks)))


def test_a_keyring_that_blocks_for_seconds_never_stalls_the_window(
    qtbot: QtBot, tmp_path: Path, sandbox: Sandbox, slow_keyring: SlowKeyring
) -> None:
    settings = settings_for(sandbox)
    with Till(Profile.locate(tmp_path), settings) as till:  # the token comes from the keyring
        window = MainWindow(till)
        qtbot.addWidget(window)
        window.show()
        window.basket_model.add("CB4551", 1, "6.50", "Mug")
        window.finish()
        # the worker reads the token (3 s), then sends: the window keeps ticking meanwhile
        start_gap = longest_gap_while(qtbot, lambda: len(sandbox.orders()) == 1, 15_000)
        # saving new settings with a new token writes the keyring (3 s) in the background
        dialog = SimpleNamespace(result_settings=settings, result_token=SiteToken(TOKEN + "2"))
        window.admin_actions._save(dialog)  # type: ignore[arg-type]
        save_gap = longest_gap_while(
            qtbot, lambda: "Settings saved" in window.message.text(), 15_000
        )
        window.close()
    print(f"longest GUI-thread gap: {start_gap:.0f} ms at start, {save_gap:.0f} ms on save")
    # The keyring took 3 s each time; a gap anywhere near that would mean the GUI thread waited
    # on it. (The bound is far from any machine's speed; the figures are printed above.)
    assert start_gap < BLOCK * 1000 / 3
    assert save_gap < BLOCK * 1000 / 3
    assert "MainThread" not in slow_keyring.calls_on
    assert len(slow_keyring.calls_on) >= 2


def test_an_op_lands_its_result_on_the_gui_thread(qtbot: QtBot) -> None:
    parent = QObject()
    seen: list[tuple[object, bool]] = []
    gui = QApplication.instance().thread()  # type: ignore[union-attr]
    op(parent, lambda: QThread.currentThread() is not gui).success(
        lambda off_gui: seen.append((off_gui, QThread.currentThread() is gui))
    ).run()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(True, True)]


def test_an_op_that_fails_hands_the_exception_to_failure(qtbot: QtBot) -> None:
    parent = QObject()
    failures: list[Exception] = []

    def broken() -> None:
        raise OSError("disk on fire")

    op(parent, broken).success(lambda _r: pytest.fail("no success")).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures))
    assert str(failures[0]) == "disk on fire"


def test_an_op_whose_window_closed_meanwhile_calls_nobody(qtbot: QtBot) -> None:
    parent = QObject()
    release = threading.Event()
    heard: list[object] = []
    op(parent, lambda: release.wait(5)).success(heard.append).run()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent))
    release.set()
    qtbot.wait(200)
    assert heard == []


def _alive(obj: QObject) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))
