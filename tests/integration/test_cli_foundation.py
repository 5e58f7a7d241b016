"""The command line as a person runs it: a real subprocess."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from posapp.domain.payload import encode_payload
from posapp.tracker.client import OutcomeKind, TrackerClient
from posapp.tracker.token import SiteToken
from tests.helpers import posapp_sandbox, simple_order

ROOT = Path(__file__).resolve().parents[2]


def posapp(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def test_help_lists_the_commands() -> None:
    result = posapp("--help")
    assert result.returncode == 0
    assert "sandbox" in result.stdout and "--demo" in result.stdout


def test_main_py_and_the_module_are_the_same_program() -> None:
    via_module = subprocess.run(
        [sys.executable, "-m", "posapp", "--version"], capture_output=True, text=True, check=False
    )
    assert via_module.stdout == posapp("--version").stdout
    assert via_module.stdout.startswith("posapp ")


def test_the_sandbox_refuses_a_non_loopback_address() -> None:
    result = posapp("sandbox", "--host", "0.0.0.0", "--port", "0")  # noqa: S104 - the point of the test
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "this machine only" in result.stderr
    assert "Traceback" not in result.stderr


def test_posapp_sandbox_serves_orders() -> None:
    with posapp_sandbox("shop", "tkn") as url:
        with TrackerClient(url, "shop", SiteToken("tkn")) as client:
            assert client.post_order(encode_payload(simple_order())).delivered
        with TrackerClient(url, "shop", SiteToken("nope")) as client:
            outcome = client.post_order(encode_payload(simple_order()))
        assert outcome.kind is OutcomeKind.CREDENTIALS_REJECTED


def test_the_sandbox_stops_cleanly_on_sigterm_even_with_ctrl_c_ignored() -> None:
    # A shell script's background job starts with SIGINT ignored; SIGTERM (kill, a service
    # manager) still stops it, and cleanly.
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "sandbox", "--port", "0"],
        stdout=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # noqa: PLW1509
    )  # fmt: skip
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("sandbox endpoint: ")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
