"""The kiosk unit hands the site token to posapp as the systemd credential
``$CREDENTIALS_DIRECTORY/posapp-site-token``; posapp reads that file itself (after
``POSAPP_SITE_TOKEN``, before the keyring) and ``credentials check`` names the source."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from posapp.cli import main
from posapp.setup.credentials import SERVICE
from tests.conftest import SITE, TOKEN
from tests.helpers import MemoryKeyring

KEYRING_TOKEN = "keyring-token-0123456789"


@pytest.fixture
def profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> Iterator[Path]:
    monkeypatch.delenv("POSAPP_SITE_TOKEN", raising=False)
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.delenv("POSAPP_HOME", raising=False)
    memory_keyring.set_password(SERVICE, f"siteToken:{SITE}", KEYRING_TOKEN)
    directory = tmp_path / "till"
    assert main(["--profile", str(directory), "config", "set", "site", SITE]) == 0
    root = logging.getLogger()
    before = list(root.handlers)
    yield directory
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def credentials_dir(tmp_path: Path, content: str | bytes) -> Path:
    directory = tmp_path / "credentials"
    directory.mkdir()
    path = directory / "posapp-site-token"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    path.chmod(0o400)
    return directory


def check(profile: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--profile", str(profile), "credentials", "check"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_credential_wins_over_the_keyring_and_is_named(
    profile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = check(profile, capsys)
    assert (code, "keyring" in out) == (0, True)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials_dir(tmp_path, TOKEN + "\n")))
    code, out, err = check(profile, capsys)
    assert code == 0
    assert "systemd credential posapp-site-token" in out
    assert TOKEN not in out + err
    from posapp.setup.credentials import load_token

    source = load_token(SITE)
    assert source.token is not None
    assert source.token.reveal() == TOKEN


def test_the_environment_variable_wins_over_the_credential(
    profile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials_dir(tmp_path, TOKEN)))
    monkeypatch.setenv("POSAPP_SITE_TOKEN", "from-the-environment-123")
    code, out, _ = check(profile, capsys)
    assert code == 0
    assert "environment variable POSAPP_SITE_TOKEN" in out


def test_a_directory_without_the_credential_falls_back_to_the_keyring(
    profile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path / "empty"))
    code, out, _ = check(profile, capsys)
    assert code == 0
    assert "keyring" in out


@pytest.mark.parametrize("content", ["   \n", "two words", b"\xff\xfe"])
def test_a_bad_credential_is_one_line_and_never_shown(
    profile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str | bytes,
) -> None:
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials_dir(tmp_path, content)))
    code, out, err = check(profile, capsys)
    assert code != 0
    assert out == ""
    assert err.startswith("posapp: ")
    assert err.count("\n") == 1
    assert "systemd credential posapp-site-token" in err
    assert "two words" not in err
    assert "Traceback" not in err
