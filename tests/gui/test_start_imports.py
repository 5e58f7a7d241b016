"""What the till loads before its first paint: the window, its settings and outbox; nothing of
delivery, the network or the keyring (those load with the worker and the token, after it), nor
the lists (opened at their first lookup) or the import machinery."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from posapp.setup.profile import Profile
from posapp.setup.settings import Settings, save_settings

PROGRAM = """
import json, sys
from posapp import app
from posapp.setup.profile import Profile
from posapp.till import Till
qt = app.application()
with Till(Profile.locate(sys.argv[1])) as till:
    window = app.MainWindow(till, deliver=False)
    app._first_paint(qt, window)
    print(json.dumps(sorted(sys.modules)))
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


def test_the_first_paint_loads_no_delivery_network_or_keyring(tmp_path: Path) -> None:
    profile = Profile.locate(tmp_path)
    profile.ensure_dirs()
    save_settings(
        Settings(site="shop", till_id="T-1", endpoint="https://example.invalid/orders",
                 store={"store": "Regent Street"}),
        profile.settings_file,
    )  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=120, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "posapp.ui.main_window" in loaded and "posapp.outbox.store" in loaded
    assert sorted(name for name in NOT_BEFORE_THE_FIRST_PAINT if name in loaded) == []
