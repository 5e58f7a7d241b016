"""A real Secret Service: gnome-keyring-daemon in its own D-Bus session, unlocked by the test.

The site token goes in through ``posapp credentials set`` and comes back through
``posapp credentials check`` and a send; it never appears in any file of the profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SITE, TOKEN

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("dbus-run-session", "gnome-keyring-daemon")


@pytest.fixture
def secret_service_env(tmp_path: Path) -> dict[str, str]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(
                f"{', '.join(missing)} missing: dev.py check installs gnome-keyring and dbus"
            )
        pytest.skip(f"needs {', '.join(missing)} (Debian packages gnome-keyring, dbus)")
    home = tmp_path / "home"
    home.mkdir()
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def test_a_token_round_trip_through_a_real_secret_service(
    tmp_path: Path, secret_service_env: dict[str, str]
) -> None:
    (tmp_path / "run").mkdir(mode=0o700)
    profile = tmp_path / "till"
    posapp = f"{sys.executable} {ROOT / 'main.py'} --profile {profile}"
    script = f"""
set -e
eval "$(printf 'unlock-for-the-test' | gnome-keyring-daemon --unlock --components=secrets)"
{posapp} config set site {SITE} >/dev/null
printf '%s\\n' '{TOKEN}' | {posapp} credentials set
{posapp} credentials check
{sys.executable} -c "from posapp.setup.credentials import load_token; print('read back:', load_token('{SITE}').token.reveal() == '{TOKEN}')"
"""
    result = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", script],
        capture_output=True, text=True, timeout=120, env=secret_service_env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == f"site token for {SITE} stored in the keyring (keyring.backends.SecretService.Keyring)"
    )
    assert (
        lines[1]
        == f"site token for {SITE} found in the keyring (keyring.backends.SecretService.Keyring)"
    )
    assert lines[2] == "read back: True"
    assert TOKEN not in result.stdout
    for path in profile.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path
