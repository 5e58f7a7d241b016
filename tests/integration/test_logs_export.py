"""``posapp logs export FILE.zip``: logs, settings and queue status for support; never the token."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from posapp.cli import _command_word, build_parser, main
from posapp.setup.admin_pin import hash_pin
from posapp.setup.settings import load_settings, save_settings
from posapp.tracker.sandbox import Sandbox
from tests.conftest import SITE, TOKEN

ROOT = Path(__file__).resolve().parents[2]
ORDER = {"order": {"items": [{"refCode": "CB4551", "qty": 2, "price": 6.5}]}}


def run(profile: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--profile", str(profile), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def profile(
    tmp_path: Path,
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """A till that sold twice (one sent, one queued while the endpoint was down), with the
    token in POSAPP_SITE_TOKEN and its log rotated once."""
    profile = tmp_path / "till"
    for key, value in [
        ("site", SITE),
        ("endpoint", sandbox.url),
        ("till_id", "regent-01"),
        ("store.store", "Regent Street"),
    ]:
        assert run(profile, capsys, "config", "set", key, value)[0] == 0
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    order = tmp_path / "order.json"
    order.write_text(json.dumps(ORDER))
    (profile / "logs").mkdir(exist_ok=True)
    # an old rotated copy that (as from a posapp before the token was known) has it in clear
    (profile / "logs" / "posapp.log.1").write_text(f"2026-11-27 old line with {TOKEN}\n")
    assert run(profile, capsys, "send", str(order))[1].startswith("sent ")
    sandbox.go_offline()
    assert run(profile, capsys, "send", str(order))[1].startswith("queued ")
    return profile


def export(profile: Path, target: Path) -> zipfile.ZipFile:
    """The export run as a person runs it: its own process."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), "logs", "export", str(target)],
        capture_output=True, text=True, env=os.environ.copy(), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (
        done.stdout == f"{target}: 2 log file(s), the settings (no token) and the queue's status\n"
    )
    return zipfile.ZipFile(target)


def test_the_zip_has_logs_settings_and_status_and_never_the_token(
    profile: Path, tmp_path: Path
) -> None:
    target = tmp_path / "support" / "till.zip"
    with export(profile, target) as archive:
        names = archive.namelist()
        texts = {name: archive.read(name).decode() for name in names}
    assert sorted(names) == [
        "about.txt",
        "logs/posapp.log",
        "logs/posapp.log.1",
        "queue-status.json",
        "settings.toml",
    ]
    assert "queued" in texts["logs/posapp.log"] and "sent" in texts["logs/posapp.log"]
    assert texts["logs/posapp.log.1"] == "2026-11-27 old line with ***\n"
    assert 'till_id = "REGENT-01"' in texts["settings.toml"]
    status = json.loads(texts["queue-status.json"])
    assert status["counts"]["pending"] == 1
    assert status["counts"]["sent"] == 1
    assert texts["about.txt"].startswith("posapp ")
    raw = target.read_bytes()
    assert TOKEN.encode() not in raw
    for text in texts.values():
        assert TOKEN not in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["till.zip"]  # no temporary left


def test_the_admin_pin_hash_stays_on_the_till(profile: Path, tmp_path: Path) -> None:
    pin_hash = hash_pin("482913")
    settings = load_settings(profile / "settings.toml")
    assert settings is not None
    save_settings(replace(settings, admin_pin_hash=pin_hash), profile / "settings.toml")
    with export(profile, tmp_path / "till.zip") as archive:
        settings = archive.read("settings.toml").decode()
    assert pin_hash not in settings
    assert 'admin_pin_hash = "(set; not exported)"  # user: ' in settings


def test_an_unwritable_target_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, out, err = run(tmp_path / "till", capsys, "logs", "export", str(blocker / "x.zip"))
    assert code == 1
    assert out == ""
    assert err.startswith(f"posapp: cannot write {blocker / 'x.zip'}: ")
    assert err.count("\n") == 1


def test_a_till_never_used_still_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.zip"
    code, out, err = run(tmp_path / "till", capsys, "logs", "export", str(target))
    assert (code, err) == (0, "")
    assert out.startswith(f"{target}: 0 log file(s)")
    with zipfile.ZipFile(target) as archive:
        assert json.loads(archive.read("queue-status.json"))["outbox"] == "none yet"
        assert "does not exist yet" in archive.read("settings.toml").decode()


@pytest.mark.parametrize("argv", [["logs", "export", "x.zip"], ["logs"], ["logs", "export"]])
def test_logs_is_registered_lazily_and_parses_as_the_whole_parser(argv: list[str]) -> None:
    from posapp.commands.common import UsageError

    def outcome(only: str | None) -> object:
        try:
            return sorted(vars(build_parser(only).parse_args(argv)).items())
        except UsageError as exc:
            return str(exc)

    assert _command_word(argv) == "logs"
    assert outcome("logs") == outcome(None)
