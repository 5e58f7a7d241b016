"""An unwritable log never stops a sale (issue 17): ``posapp send`` still queues and delivers,
says so in one warning line, and no traceback reaches the cashier.

The till runs as its own process, as a person or a script runs it. As root, permissions bind
only without the DAC capabilities: the child runs under ``setpriv`` with them dropped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from posapp.cli import main
from posapp.tracker.sandbox import Sandbox
from tests.conftest import SITE, TOKEN

ROOT = Path(__file__).resolve().parents[2]
ORDER = {"order": {"items": [{"refCode": "CB4551", "qty": 2, "price": 6.5}]}}
AS_ROOT = os.geteuid() == 0
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def log_is_a_directory(logs: Path) -> None:
    (logs / "posapp.log").mkdir(parents=True)


def logs_is_a_file(logs: Path) -> None:
    logs.write_text("not a folder\n")


def read_only_log_dir(logs: Path) -> None:
    logs.mkdir()
    logs.chmod(0o500)


def someone_elses_log_dir(logs: Path) -> None:
    if not AS_ROOT:
        pytest.skip("only root can give the log folder to another user")
    logs.mkdir(mode=0o700)
    os.chown(logs, 12345, 12345)


def someone_elses_log_file(logs: Path) -> None:
    if not AS_ROOT:
        pytest.skip("only root can give the log file to another user")
    logs.mkdir(mode=0o700)
    (logs / "posapp.log").write_text("")
    (logs / "posapp.log").chmod(0o600)
    os.chown(logs / "posapp.log", 12345, 12345)


CASES: dict[str, Callable[[Path], None]] = {
    "the log file is a folder": log_is_a_directory,
    "the log folder is a file": logs_is_a_file,
    "the log folder is read-only": read_only_log_dir,
    "the log folder is someone else's": someone_elses_log_dir,
    "the log file is someone else's": someone_elses_log_file,
}


@pytest.fixture
def profile(tmp_path: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> Path:
    profile = tmp_path / "till"
    for key, value in [
        ("site", SITE),
        ("endpoint", sandbox.url),
        ("till_id", "regent-01"),
        ("store.store", "Regent Street"),
    ]:
        assert main(["--profile", str(profile), "config", "set", key, value]) == 0
    capsys.readouterr()
    shutil.rmtree(profile / "logs", ignore_errors=True)
    return profile


def send(profile: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    order = tmp_path / "order.json"
    order.write_text(json.dumps(ORDER))
    env = {k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"}
    env["POSAPP_SITE_TOKEN"] = TOKEN
    command = [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), "send", str(order)]
    return subprocess.run(
        (NO_DAC if AS_ROOT else []) + command,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def assert_sold_with_one_warning(done: subprocess.CompletedProcess[str], sandbox: Sandbox) -> None:
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("sent REGENT-01-"), done.stdout
    assert "Traceback" not in done.stderr
    assert "Logging error" not in done.stderr
    (warning,) = [line for line in done.stderr.splitlines() if "log" in line]
    assert warning.startswith("posapp: WARNING: cannot write the log file "), warning
    assert "logging to standard error" in warning
    assert done.stderr.count("\n") == 1, done.stderr  # nothing else on the way
    assert TOKEN not in done.stderr
    (received,) = sandbox.orders()
    assert received["order"]["refCode"] == done.stdout.split()[1]


@pytest.mark.parametrize("breakage", CASES.values(), ids=list(CASES))
def test_a_broken_log_never_stops_a_sale(
    breakage: Callable[[Path], None], profile: Path, tmp_path: Path, sandbox: Sandbox
) -> None:
    breakage(profile / "logs")
    try:
        assert_sold_with_one_warning(send(profile, tmp_path), sandbox)
    finally:
        if (profile / "logs").is_dir():
            (profile / "logs").chmod(0o700)


@pytest.fixture
def read_only_mount(profile: Path) -> Iterator[Path]:
    logs = profile / "logs"
    logs.mkdir()
    if not AS_ROOT or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(logs)], capture_output=True, check=False).returncode:  # fmt: skip
        pytest.skip("mounting a file system needs root (and a system that allows it)")
    try:
        subprocess.run(["mount", "-o", "remount,ro", str(logs)], check=True)
        yield logs
    finally:
        subprocess.run(["umount", str(logs)], check=True)


def test_a_read_only_file_system_under_the_log_never_stops_a_sale(
    read_only_mount: Path, profile: Path, tmp_path: Path, sandbox: Sandbox
) -> None:
    done = send(profile, tmp_path)
    assert_sold_with_one_warning(done, sandbox)
    assert "Read-only file system" in done.stderr


def test_a_full_disk_under_the_log_drops_lines_with_one_warning(
    profile: Path, tmp_path: Path, sandbox: Sandbox
) -> None:
    logs = profile / "logs"
    logs.mkdir()
    if not AS_ROOT or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(logs)], capture_output=True, check=False).returncode:  # fmt: skip
        pytest.skip("mounting a file system needs root (and a system that allows it)")
    try:
        (logs / "filler").write_bytes(b"x" * 4096)  # full: the log opens, every write fails
        done = send(profile, tmp_path)
    finally:
        subprocess.run(["umount", str(logs)], check=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("sent REGENT-01-"), done.stdout
    assert "Traceback" not in done.stderr
    (warning,) = done.stderr.splitlines()
    assert warning.startswith("posapp: the log file ")
    assert warning.endswith("cannot be written (No space left on device): lines dropped")
