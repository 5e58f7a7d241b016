"""``posapp provision``: one checked step, exit codes a script can test, the token only in the
keyring. In-process with a keyring in memory, and once as a real process against a real
Secret Service (gnome-keyring in its own D-Bus session)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from posapp.cli import main
from posapp.setup.admin_pin import hash_pin, verify_pin
from posapp.setup.settings import load_settings
from posapp.setup.system_settings import SYSTEM_ENV
from tests.conftest import SITE, TOKEN
from tests.helpers import MemoryKeyring
from tests.integration.test_secret_service import ROOT, secret_service_env  # noqa: F401

STORE = f'site = "{SITE}"\ncurrency = "EUR"\n\n[store]\nstore = "Regent Street"\n'


@pytest.fixture(autouse=True)
def _own_machine_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SYSTEM_ENV, str(tmp_path / "etc" / "settings.toml"))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    store, token = tmp_path / "store.toml", tmp_path / "token"
    store.write_text(STORE)
    token.write_text(TOKEN + "\n")
    return {"store": store, "token": token, "profile": tmp_path / "till"}


def provision(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--profile", str(files["profile"]), "provision", *args])
    out, err = capsys.readouterr()
    return code, out, err


def profile_files(profile: Path) -> list[Path]:
    return [p for p in profile.rglob("*") if p.is_file()] if profile.exists() else []


def test_provision_sets_up_a_till_and_keeps_the_token_only_in_the_keyring(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    pin_hash = hash_pin("2468")
    code, out, err = provision(
        files,
        capsys,
        str(files["store"]),
        "--till-id",
        "regent-02",
        "--token-file",
        str(files["token"]),
        "--pin-hash",
        pin_hash,
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith(f"till REGENT-02 set up for site {SITE}: ")
    assert "site token stored in the keyring" in out
    settings = load_settings(files["profile"] / "settings.toml")
    assert settings is not None
    assert (settings.site, settings.till_id, settings.currency) == (SITE, "REGENT-02", "EUR")
    assert settings.store == {"store": "Regent Street"}
    assert verify_pin("2468", settings.admin_pin_hash)
    assert memory_keyring.secrets[("posapp", f"siteToken:{SITE}")] == TOKEN
    assert TOKEN not in out
    for path in profile_files(files["profile"]):
        assert TOKEN.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"--till-id": "a b"}, "Till ID must be"),
        ({"--till-id": None}, "till_id missing"),
        ({"--pin-hash": "2468"}, "--pin-hash: admin_pin_hash is not a PIN hash made by posapp"),
        ({"--token-file": "/nonexistent/token"}, "cannot read the token file /nonexistent/token"),
        ({"store": 'site = "x y"\n'}, "key 'site'"),
        ({"token": "has spaces inside"}, "the token file"),
        ({"store": "currency = 'GBP'\n"}, "site missing"),
    ],
)
def test_bad_input_is_exit_2_in_one_line_and_changes_nothing(
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
    change: dict[str, str | None],
    words: str,
) -> None:
    if "store" in change:
        files["store"].write_text(str(change.pop("store")))
    if "token" in change:
        files["token"].write_text(str(change.pop("token")))
    options: dict[str, str | None] = {
        "--till-id": "regent-02",
        "--token-file": str(files["token"]),
        "--pin-hash": hash_pin("2468"),
    }
    options.update(change)
    args = [str(files["store"])]
    for option, value in options.items():
        if value is not None:
            args += [option, value]
    code, out, err = provision(files, capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith("posapp: ") and err.count("\n") == 1
    assert words in err
    assert profile_files(files["profile"]) == []
    assert memory_keyring.secrets == {}


def test_no_keyring_is_exit_1_names_the_ways_out_and_changes_nothing(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        code, out, err = provision(
            files,
            capsys,
            str(files["store"]),
            "--till-id",
            "r-2",
            "--token-file",
            str(files["token"]),
        )
    finally:
        keyring.set_keyring(previous)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "no usable keyring" in err and "POSAPP_SITE_TOKEN" in err and "systemd credential" in err
    assert profile_files(files["profile"]) == []


def test_the_machine_wide_file_can_give_everything_but_the_token(
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    system = tmp_path / "etc" / "settings.toml"
    system.parent.mkdir()
    system.write_text(
        f'site = "{SITE}"\ntill_id = "SHOP-9"\nadmin_pin_hash = "{hash_pin("1357")}"\n'
        'locked = ["till_id", "admin_pin_hash"]\n'
    )
    code, out, _ = provision(files, capsys, "--token-file", str(files["token"]))
    assert code == 0
    assert "admin PIN set (machine-wide)" in out
    code, _, err = provision(files, capsys, "--till-id", "other")
    assert code == 2
    assert "till_id is locked by the administrator" in err


def test_provision_against_a_real_secret_service(
    tmp_path: Path,
    files: dict[str, Path],
    secret_service_env: dict[str, str],  # noqa: F811
) -> None:
    (tmp_path / "run").mkdir(mode=0o700)
    posapp = f"{sys.executable} {ROOT / 'main.py'} --profile {files['profile']}"
    script = f"""
eval "$(printf 'unlock-for-the-test' | gnome-keyring-daemon --unlock --components=secrets)"
{posapp} provision {files["store"]} --till-id regent-02 --token-file {files["token"]}
echo "exit $?"
{posapp} credentials check
"""
    env = {**secret_service_env, SYSTEM_ENV: str(tmp_path / "none.toml")}
    result = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert "exit 0" in lines, result.stdout + result.stderr
    assert (
        f"site token for {SITE} found in the keyring (keyring.backends.SecretService.Keyring)"
        in lines
    )
    assert TOKEN not in result.stdout + result.stderr
    for path in profile_files(files["profile"]):
        assert TOKEN.encode() not in path.read_bytes(), path
