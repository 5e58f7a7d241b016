"""`posapp queue status` is a quick read: it loads no network, keyring or order-building code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from posapp.outbox.store import Outbox
from tests.helpers import simple_order

PROGRAM = """
import json, sys
from posapp.cli import main
code = main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
sys.exit(code)
"""

NOT_FOR_A_STATUS_READ = (
    "httpx",
    "keyring",
    "posapp.outbox.delivery",
    "posapp.outbox.worker",
    "posapp.outbox.report",
    "posapp.domain.payload",
    "posapp.setup.credentials",
    "posapp.setup.settings",
    "posapp.setup.logs",
    "posapp.tracker.client",
    "posapp.tracker.token",
    "importlib.metadata",  # for posapp.__version__: only --version needs it
)


def test_queue_status_imports_only_what_it_reads(tmp_path: Path) -> None:
    with Outbox(tmp_path / "outbox.sqlite3") as outbox:
        outbox.enqueue(simple_order("T-1"))
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, "--profile", str(tmp_path), "queue", "status"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("pending:  1")
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "posapp.outbox.store" in loaded  # it did read the outbox
    assert sorted(name for name in NOT_FOR_A_STATUS_READ if name in loaded) == []
