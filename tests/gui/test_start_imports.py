"""What the till loads before its first paint: the window, its settings and outbox; nothing of
delivery, the network or the keyring (those load with the worker and the token, after it), nor
the lists (opened at their first lookup) or the import machinery."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from posapp.setup.profile import Profile
from posapp.setup.settings import Settings, save_settings
from posapp.till import Till
from posapp.ui.main_window import MainWindow

PROGRAM = """
import json, sys
from posapp import app
from posapp.setup.profile import Profile
from posapp.till import Till
qt = app.application()
with Till(Profile.locate(sys.argv[1])) as till:
    window = app.MainWindow(till, deliver=sys.argv[2] == "deliver")
    loaded = []  # what is loaded when the first paint is done
    window.first_painted.connect(lambda: loaded.extend(sorted(sys.modules)))
    app._first_paint(qt, window)
    print(json.dumps(loaded))
"""

NOT_BEFORE_THE_FIRST_PAINT = (
    "httpx",
    "ssl",
    "keyring",
    "truststore",
    "posapp.outbox.delivery",
    "posapp.outbox.worker",
    "posapp.tracker.client",
    "posapp.tracker.outcome",
    "posapp.tracker.token",
    "posapp.setup.credentials",
    "posapp.domain.payload",
    "posapp.lists.customers",  # the lists open at their first lookup
    "posapp.lists.catalog",
    "posapp.lists.listfile",  # the import machinery loads for an import
    "posapp.lists.csvfile",
    "posapp.ui.settings_dialog",
    "posapp.ui.queue_dialog",
)


@pytest.mark.parametrize("deliver", ["deliver", "self-test"])
def test_the_first_paint_loads_no_delivery_network_or_keyring(tmp_path: Path, deliver: str) -> None:
    # The till (deliver) takes the delivery lock at once and starts its worker after the
    # paint; the self-test does not deliver at all. Both paint the same way.
    profile = Profile.locate(tmp_path)
    profile.ensure_dirs()
    save_settings(
        Settings(site="shop", till_id="T-1", endpoint="https://example.invalid/orders",
                 store={"store": "Regent Street"}),
        profile.settings_file,
    )  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path), deliver],
        capture_output=True, text=True, check=False, timeout=120, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "posapp.ui.main_window" in loaded and "posapp.outbox.store" in loaded
    assert sorted(name for name in NOT_BEFORE_THE_FIRST_PAINT if name in loaded) == []


def test_the_till_holds_the_delivery_lock_at_once_and_starts_its_worker_after_painting(
    qtbot: QtBot, tmp_path: Path, till_settings: Settings
) -> None:
    with Till(Profile.locate(tmp_path / "till"), till_settings) as till:
        window = MainWindow(till)
        qtbot.addWidget(window, before_close_func=lambda widget: widget.allow_close())
        assert till.delivering and till.worker is None  # the lock: a second till would queue
        with Till(Profile.locate(tmp_path / "till"), till_settings) as second:
            assert not second.take_delivery()
            assert "already delivering" in second.not_delivering
        window.show()
        qtbot.waitUntil(lambda: till.worker is not None, timeout=5000)
        assert window._painted  # the worker came after the first paint
