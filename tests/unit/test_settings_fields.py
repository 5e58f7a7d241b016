"""Each setting declared once: the file, ``config set`` and the dialog all follow the table."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import certifi
import pytest

from posapp.domain.errors import ValidationError
from posapp.setup.admin_pin import hash_pin
from posapp.setup.settings import (
    FIELDS,
    SETTING_KEYS,
    Settings,
    SettingsError,
    dump_settings,
    parse_settings,
)

# A value other than the default for every setting in the table.
CHANGED = Settings(
    environment="production",
    site="regent",
    domain="peerius.episerver.net",
    endpoint="https://example.test/tracking",
    channel="tv",
    proxy="http://till:pw@proxy.example:3128",
    trust_environment=True,
    certificates="bundled",
    ca_file=certifi.where(),  # a real PEM file: a CA file a person sets is read and checked
    till_id="REGENT-07",
    store={"store": "Regent Street", "odd name": 'Ümlaut "quoted"'},
    currency="EUR",
    lang="de-de",
    ui_language="sv",
    info_keys=("gender", "diet"),
    retention_days=90,
    disk_reserve_mb=50,
    allow_unknown_items=True,
    kiosk=True,
    pin_for_price=False,
    max_qty=12,
    max_line_total=750,
    price_check_above=49.5,
    import_max_rejects=0.5,
    import_max_price_changes=40,
    admin_pin_hash=hash_pin("2468"),
)


def test_every_setting_differs_from_its_default_in_the_example() -> None:
    defaults = Settings()
    assert [key for key in FIELDS if getattr(CHANGED, key) == getattr(defaults, key)] == []


def test_the_file_round_trips_every_setting() -> None:
    text = dump_settings(CHANGED)
    assert parse_settings(text) == CHANGED
    assert parse_settings(dump_settings(Settings())) == Settings()
    assert tomllib.loads(text)["kiosk"] is True


def test_config_set_round_trips_every_setting_as_typed() -> None:
    settings = Settings()
    for key, declared in FIELDS.items():
        if declared.kind == "table":
            for name, value in getattr(CHANGED, key).items():
                settings = settings.with_value(f"{key}.{name}", value)
        else:
            settings = settings.with_value(key, declared.to_text(getattr(CHANGED, key)))
    assert settings == CHANGED


def test_every_setting_has_help_and_is_named_in_the_keys() -> None:
    for key, declared in FIELDS.items():
        assert declared.help, key
        assert declared.key == key
        assert any(name.split(".")[0] == key for name in SETTING_KEYS)
        assert f"# {declared.help}" in dump_settings(Settings()) or declared.kind == "table"
    assert not FIELDS["admin_pin_hash"].cli
    assert FIELDS["kiosk"].needs_pin


def test_an_unknown_key_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings().with_value("colour", "red")
    assert "Unknown setting 'colour'" in caught.value.message
    assert "store.<name>" in caught.value.message


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('kiosk = "yes"', "key 'kiosk': kiosk must be true or false (no quotes)."),
        ("retention_days = 1.5", "key 'retention_days': retention_days must be a whole number"),
        ("currency = 12", "key 'currency': currency must be text in quotes."),
        ('info_keys = "gender"', "info_keys must be a list of names"),
        ('colour = "red"', "key 'colour': 'colour' is not a posapp setting"),
        ('store = "x"', "key 'store': [store] must be a table"),
        ('locked = ["site"]', "key 'locked': 'locked' is not a posapp setting"),
    ],
)
def test_a_wrong_type_in_the_file_names_file_line_and_key(line: str, words: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_settings(f'site = "regent"\n{line}\n', Path("/x/settings.toml"))
    assert str(caught.value).startswith("/x/settings.toml, line 2, key ")
    assert words in str(caught.value)


def test_a_declaration_drives_a_new_kind_of_settings_class() -> None:
    """The table is the dataclass: a subclass with one more field needs no other change."""
    from posapp.setup.settings_fields import declared_fields, parse_days, setting

    @dataclasses.dataclass(frozen=True)
    class More(Settings):
        grace_days: int = setting(7, "days", parse_days, "days of grace")

    more = declared_fields(More)
    assert list(more)[-1] == "grace_days"
    assert more["grace_days"].from_text("12") == 12
    assert more["grace_days"].to_toml(12) == "12"


@pytest.mark.parametrize("dirs", [None, "", "/opt/conf:/etc/xdg", " /srv/xdg ", "conf:/srv/xdg"])
def test_the_machine_wide_directory_is_platformdirs_own(
    monkeypatch: pytest.MonkeyPatch, dirs: str | None
) -> None:
    import sys

    import platformdirs

    from posapp.setup import system_settings

    if dirs is None:
        monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_DIRS", dirs)
    monkeypatch.delitem(sys.modules, "platformdirs")  # the path worked out without it
    ours = system_settings.site_config_dir()
    monkeypatch.setitem(sys.modules, "platformdirs", platformdirs)
    assert ours == platformdirs.site_config_dir("posapp", appauthor=False)
    assert system_settings.site_config_dir() == ours
