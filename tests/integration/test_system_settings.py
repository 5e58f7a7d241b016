"""The machine-wide settings file beneath the user's: values, locks, and where each came from.

The commands run in-process through ``posapp.cli.main``, on a profile in a temporary directory,
with ``POSAPP_SYSTEM_SETTINGS`` naming a machine-wide file there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from posapp.cli import main
from posapp.setup.admin_pin import hash_pin, verify_pin
from posapp.setup.settings import load_settings
from posapp.setup.system_settings import SYSTEM_ENV

SYSTEM = """\
site = "regent"
environment = "production"
currency = "EUR"
locked = ["site", "environment", "admin_pin_hash"]
admin_pin_hash = "{pin}"

[store]
storePostcode = "W1B 4HX"
"""


class Machine:
    """A machine-wide file and one till's profile, driven through the command line."""

    def __init__(self, tmp: Path, capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch):
        self.system = tmp / "etc" / "settings.toml"
        self.profile = tmp / "till"
        self.capsys = capsys
        mp.setenv(SYSTEM_ENV, str(self.system))

    @property
    def user_file(self) -> Path:
        return self.profile / "settings.toml"

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--profile", str(self.profile), *args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def machine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Machine:
    here = Machine(tmp_path, capsys, monkeypatch)
    here.system.parent.mkdir()
    here.system.write_text(SYSTEM.format(pin=hash_pin("9753")))
    return here


def test_a_till_with_only_the_machine_wide_file_uses_it(machine: Machine) -> None:
    settings = load_settings(machine.user_file)
    assert settings is not None
    assert (settings.site, settings.environment, settings.currency) == (
        "regent",
        "production",
        "EUR",
    )
    assert settings.store == {"storePostcode": "W1B 4HX"}
    assert settings.missing() == ["till_id"]
    assert settings.locked == {"site", "environment", "admin_pin_hash"}


def test_the_user_file_overrides_what_is_not_locked_and_never_what_is(machine: Machine) -> None:
    machine.profile.mkdir()
    machine.user_file.write_text(
        'site = "elsewhere"\ncurrency = "GBP"\ntill_id = "T-1"\n[store]\nstore = "Regent Street"\n'
    )
    settings = load_settings(machine.user_file)
    assert settings is not None
    assert settings.site == "regent"  # locked: the administrator's value stands
    assert settings.currency == "GBP"
    assert settings.store == {"storePostcode": "W1B 4HX", "store": "Regent Street"}


@pytest.mark.parametrize(("key", "value"), [("site", "other"), ("environment", "uat")])
def test_config_set_refuses_a_locked_key_in_one_line_and_changes_nothing(
    machine: Machine, key: str, value: str
) -> None:
    assert machine.run("config", "set", "till_id", "T-1")[0] == 0
    before = machine.user_file.read_bytes()
    code, out, err = machine.run("config", "set", key, value)
    assert (code, out) == (2, "")
    assert err == (
        f"posapp: {key} is locked by the administrator in {machine.system}; "
        "it can only be changed there (ask IT).\n"
    )
    assert machine.user_file.read_bytes() == before


def test_a_locked_admin_pin_cannot_be_changed_from_the_till(
    machine: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = machine.run("config", "pin")
    assert code == 2
    assert "the admin PIN is locked by the administrator" in err
    assert not machine.user_file.exists()


def test_config_show_names_where_each_value_came_from(machine: Machine) -> None:
    assert machine.run("config", "set", "till_id", "T-1")[0] == 0
    assert machine.run("config", "set", "currency", "GBP")[0] == 0
    code, out, _ = machine.run("config", "show")
    assert code == 0
    lines = out.splitlines()
    assert f"# system file: {machine.system}" in lines
    assert f'site = "regent"  # system: {machine.system}, locked' in lines
    assert f'currency = "GBP"  # user: {machine.user_file}' in lines
    assert f'till_id = "T-1"  # user: {machine.user_file}' in lines
    assert f'storePostcode = "W1B 4HX"  # system: {machine.system}' in lines
    machine.user_file.unlink()
    machine.system.unlink()
    code, out, _ = machine.run("config", "show")
    assert 'currency = "GBP"  # default' in out.splitlines()
    assert "does not exist yet" in out


def test_the_till_leaves_to_the_machine_wide_file_what_it_decides(machine: Machine) -> None:
    """A saved user file does not copy the system's values, so a later change there arrives."""
    assert machine.run("config", "set", "till_id", "T-1")[0] == 0
    text = machine.user_file.read_text()
    assert "regent" not in text and "EUR" not in text and "W1B 4HX" not in text
    assert f"# site: locked in {machine.system}" in text
    machine.system.write_text(machine.system.read_text().replace('"EUR"', '"USD"'))
    settings = load_settings(machine.user_file)
    assert settings is not None
    assert (settings.currency, settings.till_id) == ("USD", "T-1")


def test_a_broken_machine_wide_file_is_named_with_its_line(machine: Machine) -> None:
    machine.system.write_text('site = "regent"\nlocked = ["sight"]\n')
    code, _, err = machine.run("config", "show")
    assert code == 2
    assert err == (
        f"posapp: {machine.system}, line 2, key 'locked': "
        "locked names 'sight', which is not a setting.\n"
    )


def test_import_keeps_what_is_locked(machine: Machine, tmp_path: Path) -> None:
    shared = tmp_path / "store.toml"
    shared.write_text('site = "elsewhere"\ncurrency = "CHF"\n')
    code, out, _ = machine.run("config", "import", str(shared), "--till-id", "t-9")
    assert (code, out) == (0, f"settings taken from {shared}\n")
    settings = load_settings(machine.user_file)
    assert settings is not None
    assert (settings.site, settings.currency, settings.till_id) == ("regent", "CHF", "T-9")


class _Piped:
    def __init__(self, text: str) -> None:
        self.text = text

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        return self.text


def test_a_pin_hash_for_the_machine_wide_file_is_printed_not_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Machine(tmp_path, capsys, monkeypatch)
    monkeypatch.setattr("sys.stdin", _Piped("8642\n"))
    code, out, _ = here.run("config", "pin", "--print-hash")
    assert code == 0
    assert verify_pin("8642", out.strip())
    assert not here.user_file.exists()


def test_a_setting_that_needs_the_pin_says_so_when_there_is_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Machine(tmp_path, capsys, monkeypatch)
    code, out, _ = here.run("config", "set", "kiosk", "true")
    assert (code, out.splitlines()[-1]) == (
        0,
        "note: kiosk needs an admin PIN, and none is set: posapp config pin",
    )
    code, out, _ = here.run("config", "set", "allow_unknown_items", "true")
    assert (code, out) == (0, "allow_unknown_items set\n")
