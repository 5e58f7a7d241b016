"""The till's settings: a human-readable TOML file, read with tomllib, written atomically.

Every setting is declared once, on ``Settings`` below (``settings_fields.py`` says what a
declaration holds); reading, writing, ``config set`` and the settings dialog follow from there.
The machine-wide file (``system_settings.py``) is read beneath the user's, and may lock keys.
The site token is never part of the settings: it lives in the keyring (``credentials.py``).
A mistake in a hand-edited file is a ``SettingsError`` that names the file, the line and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from posapp.domain.errors import ValidationError
from posapp.domain.money import parse_currency
from posapp.domain.order import DEFAULT_LANG
from posapp.domain.refcode import parse_till_id
from posapp.domain.text import CheckedAttributes, parse_lang
from posapp.files import write_atomically
from posapp.setup.admin_pin import check_pin_hash
from posapp.setup.settings_fields import (
    CA_FILE,
    CERTIFICATES_SETTING,
    PROXY,
    TRUST_ENVIRONMENT,
    Parser,
    SettingField,
    declared_fields,
    number_in,
    optional,
    parse_bool,
    parse_days,
    parse_names,
    parse_store_name,
    parse_store_value,
    parse_table,
    quote,
    setting,
    table_setting,
    ui_language_setting,
)
from posapp.setup.system_settings import (
    DEFAULT,
    LOCKED_KEY,
    SYSTEM,
    USER,
    SystemLayer,
    locked_message,
    system_settings_file,
)
from posapp.tracker.endpoint import (
    CHANNELS,
    DOMAINS,
    ENVIRONMENTS,
    check_endpoint_url,
    endpoint_url,
    parse_choice,
    parse_site,
)


class SettingsError(Exception):
    """The settings file cannot be used as it is; the message names the file, line and key."""


def _choice(choices: tuple[str, ...], what: str) -> Parser:
    return lambda value, key: parse_choice(value, choices, key, what)


PIN_HELP = "set the admin PIN with: posapp config pin (it is asked for, not typed here)"


@dataclass(frozen=True)
class Settings:
    """The settings, each declared once: default, kind and parser, help, dialog label, rules."""

    environment: str = setting(
        "uat",
        "choice",
        _choice(ENVIRONMENTS, "Environment"),
        "uat or production",
        label="Environment",
        choices=ENVIRONMENTS,
    )
    site: str = setting(
        "", "text", optional(parse_site), "the site code the vendor gave you", label="Site code"
    )
    domain: str = setting(
        DOMAINS[0],
        "choice",
        _choice(DOMAINS, "Domain"),
        " or ".join(DOMAINS),
        label="Production domain",
        choices=DOMAINS,
    )
    endpoint: str = setting(
        "",
        "text",
        optional(check_endpoint_url),
        "an explicit URL; overrides the three above",
        label="Endpoint URL",
        placeholder="optional: an explicit URL, overrides the three above",
    )
    channel: str = setting(
        "store", "choice", _choice(CHANNELS, "Channel"), " or ".join(CHANNELS), choices=CHANNELS
    )
    proxy: str = PROXY  # the network settings, declared in settings_fields.py
    trust_environment: bool = TRUST_ENVIRONMENT
    certificates: str = CERTIFICATES_SETTING
    ca_file: str = CA_FILE
    till_id: str = setting(
        "",
        "text",
        optional(parse_till_id),
        "different on every till; starts each order number",
        label="Till ID",
        placeholder="for example REGENT-01, different on every till",
    )
    store: Mapping[str, str] = table_setting(
        parse_table,
        "sent with every order as order.attributes",
        label="Store details (name = value)",
        placeholder="store = StreamlyCool Regent Street\nstorePostcode = W1B 4HX",
    )
    currency: str = setting(
        "GBP", "text", parse_currency, "a three-letter ISO 4217 code", label="Currency"
    )
    lang: str = setting(
        DEFAULT_LANG, "text", parse_lang, "the orders' language, like en-gb", label="Language"
    )
    ui_language: str = ui_language_setting()
    info_keys: tuple[str, ...] = setting(
        (),
        "names",
        parse_names,
        "customer details agreed with the vendor",
        label="Customer details",
        placeholder="keys agreed with the vendor, e.g. gender, diet",
    )
    retention_days: int = setting(
        30, "days", parse_days, "how long sent orders stay in the outbox (days)"
    )
    disk_reserve_mb: float = setting(
        20,
        "number",
        number_in(0, 100_000, "a whole number of megabytes"),
        "free disk space kept for sending and marking queued orders: below it a new sale is "
        "refused (MB; 0 = no reserve)",
    )
    allow_unknown_items: bool = setting(
        False,
        "flag",
        parse_bool,
        "may the cashier sell an item that is not in the catalog, at a typed price",
        label="Cashiers may sell items that are not in the catalog",
    )
    kiosk: bool = setting(
        False,
        "flag",
        parse_bool,
        "full screen; closing needs the admin PIN",
        label="Kiosk mode: full screen, closing needs the admin PIN",
        needs_pin=True,
    )
    pin_for_price: bool = setting(
        True,
        "flag",
        parse_bool,
        "a price override needs the admin PIN",
        label="A price override needs the admin PIN",
        needs_pin=True,
    )
    max_qty: int = setting(
        99,
        "number",
        number_in(1, 100_000, "a whole number of items"),
        "the largest quantity one line may have",
        label="Largest quantity per line",
    )
    max_line_total: int | float = setting(
        5000,
        "number",
        number_in(1, 1e9, "an amount in the till's currency"),
        "the largest total one line may have, in the till's currency",
        label="Largest line total",
    )
    price_check_above: int | float = setting(
        100,
        "number",
        number_in(0, 1e9, "an amount in the till's currency"),
        "a price changed to 0 or to more than this asks for the PIN and a confirmation",
        label="Confirm price changes above",
    )
    import_max_rejects: int | float = setting(
        1,
        "number",
        number_in(0, 100, "a percentage"),
        "an import that rejects more than this share of its rows (percent) changes nothing",
        label="Import: most rows it may reject (%)",
    )
    import_max_price_changes: int | float = setting(
        25,
        "number",
        number_in(0, 100, "a percentage"),
        "an import changing the price of more than this share of products (percent) asks first",
        label="Import: most prices it may change without asking (%)",
    )
    admin_pin_hash: str = setting(
        "",
        "text",
        optional(lambda v, k: check_pin_hash(str(v))),
        "scrypt hash, never the PIN; set with: posapp config pin",
        cli=False,
        instead=PIN_HELP,
    )
    # Not settings: what the machine-wide file locks, and where it is.
    locked: frozenset[str] = field(default=frozenset(), compare=False)
    locked_by: str = field(default="", compare=False)

    def endpoint_url(self) -> str:
        return endpoint_url(self.environment, self.site, self.domain, self.endpoint or None)

    def missing(self) -> list[str]:
        """The settings a till needs before it can send, in the words of ``config set``."""
        return [key for key in ("site", "till_id") if not getattr(self, key)]

    def is_locked(self, key: str) -> bool:
        return key.split(".", 1)[0] in self.locked

    def with_value(self, key: str, value: str, *, checked: bool = True) -> Settings:
        """A copy with one key set from text, as ``posapp config set KEY VALUE`` does
        (``checked=False``: without the checks that read files, see ``SettingField.check``)."""
        if self.is_locked(key):
            raise ValidationError(key, locked_message(key, self.locked_by))
        if key.startswith("store."):
            name = parse_store_name(key[len("store.") :], key)
            store = dict(self.store)
            if value.strip():
                store[name] = parse_store_value(value, key, name)
            else:
                store.pop(name, None)
            return replace(self, store=CheckedAttributes(store))  # each entry checked
        declared = FIELDS.get(key)
        if declared is None or declared.kind == "table":
            known = ", ".join(SETTING_KEYS)
            raise ValidationError(key, f"Unknown setting {key!r}; the settings are: {known}.")
        changes: dict[str, Any] = {key: declared.from_text(value, checked=checked)}
        return replace(self, **changes)


FIELDS: dict[str, SettingField] = declared_fields(Settings)
SETTING_KEYS = [f"{key}.<name>" if f.kind == "table" else key for key, f in FIELDS.items()]
BOOL_KEYS = tuple(key for key, f in FIELDS.items() if f.kind == "flag")


# -- reading --------------------------------------------------------------------------------
def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot be read ({exc}).") from None


def read_values(text: str, path: Path | str, *, system: bool = False) -> dict[str, Any]:
    """The checked values a settings file sets, by key (``locked`` too, in the system file)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+)", str(exc))
        line = where.group(1) if where else str(max(1, text.count("\n")))
        detail = re.sub(r"\s*\(at [^)]*\)", "", str(exc))
        raise SettingsError(
            f"{path}, line {line}: not valid TOML ({detail}). Fix that line or run the setup again."
        ) from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        try:
            if system and key == LOCKED_KEY:
                values[key] = _parse_locked(value)
            elif key in FIELDS:
                values[key] = FIELDS[key].from_toml(value)
            else:
                raise ValidationError(
                    key, f"{key!r} is not a posapp setting; remove it or check the spelling."
                )
        except ValidationError as exc:
            raise SettingsError(
                f"{path}, line {_line_of(text, key)}, key {key!r}: {exc.message}"
            ) from None
    return values


def _parse_locked(value: object) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(LOCKED_KEY, 'locked must be a list of setting names, like ["site"].')
    unknown = [v for v in value if v not in FIELDS]
    if unknown:
        raise ValidationError(LOCKED_KEY, f"locked names {unknown[0]!r}, which is not a setting.")
    return frozenset(value)


def _line_of(text: str, key: str) -> int | str:
    pattern = re.compile(rf"^\s*(\[\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\])", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else "?"


def parse_settings(text: str, path: Path | str = "settings.toml") -> Settings:
    """The settings one file sets, over the defaults (no machine-wide file beneath)."""
    return _compose(SystemLayer(Path()), read_values(text, path))[0]


def parse_over_system(text: str, path: Path | str, system: SystemLayer | None = None) -> Settings:
    """A store file's settings as this machine would use them: over the machine-wide file
    (whose locked keys stand), over the defaults."""
    return _compose(system or load_system_layer(), read_values(text, path))[0]


def load_system_layer(path: Path | None = None) -> SystemLayer:
    """The machine-wide file's values and locks; empty when there is no such file."""
    path = path or system_settings_file()
    text = _read(path)
    if text is None:
        return SystemLayer(path)
    values = read_values(text, path, system=True)
    locked = values.pop(LOCKED_KEY, frozenset())
    return SystemLayer(path, values, locked)


@dataclass(frozen=True)
class Layers:
    """The settings in use, where each value came from (``default``, ``system``, ``user``)."""

    settings: Settings
    sources: Mapping[str, str]  # by key, and by ``store.<name>`` for each store detail
    system: SystemLayer
    user_file: Path
    user_exists: bool


def load_layers(path: Path, system_file: Path | None = None) -> Layers:
    """The user's file ``path`` read over the machine-wide file, read over the defaults."""
    system = load_system_layer(system_file)
    text = _read(path)
    settings, sources = _compose(system, read_values(text, path) if text is not None else {})
    return Layers(settings, sources, system, path, text is not None)


def load_settings(path: Path) -> Settings | None:
    """The settings in ``path`` over the machine-wide file; None when neither file exists yet
    (a till not set up)."""
    layers = load_layers(path)
    if not layers.user_exists and not layers.system.values:
        return None
    return layers.settings


def _compose(system: SystemLayer, user: Mapping[str, Any]) -> tuple[Settings, dict[str, str]]:
    sources = {key: DEFAULT for key, f in FIELDS.items() if f.kind != "table"}
    changes: dict[str, Any] = {}
    store: dict[str, str] = {}
    for source, values in ((SYSTEM, system.values), (USER, user)):
        for key, value in values.items():
            if source == USER and system.locks(key):
                continue  # the administrator's value stands
            if FIELDS[key].kind == "table":
                store.update(value)
                sources.update({f"{key}.{name}": source for name in value})
            else:
                changes[key] = value
                sources[key] = source
    settings = replace(
        Settings(),
        **changes,
        store=CheckedAttributes(store),  # the layers' tables, each checked by parse_table
        locked=system.locked,
        locked_by=str(system.path) if system.locked else "",
    )
    return settings, sources


# -- writing --------------------------------------------------------------------------------
HEADER = (
    "# posapp settings. The site token is not here: it is in the OS keyring\n"
    "# (posapp credentials set) or in the environment variable POSAPP_SITE_TOKEN."
)


def dump_settings(settings: Settings, system: SystemLayer | None = None) -> str:
    """TOML text for the settings, with a comment a person can follow.

    With ``system`` (the file the till writes), what the machine-wide file locks or already
    says is left to it, so that a change there reaches this till."""
    below: Mapping[str, Any] = system.values if system else {}
    lines = [HEADER]
    tables = []
    for key, declared in FIELDS.items():
        value = getattr(settings, key)
        if declared.kind == "table":
            tables.append((key, declared))
        elif system and system.locks(key):
            lines.append(f"# {key}: locked in {system.path}")
        elif key in below and below[key] == value:
            lines.append(f"# {key}: as in {system.path if system else ''}")
        else:
            lines += [f"# {declared.help}", f"{key} = {declared.to_toml(value)}"]
    for key, declared in tables:
        lines += ["", f"[{key}]  # {declared.help}"]
        if system and system.locks(key):
            lines.append(f"# locked in {system.path}")
            continue
        inherited = below.get(key, {})
        for name, item in getattr(settings, key).items():
            if inherited.get(name) != item:
                lines.append(f"{toml_name(name)} = {quote(item)}")
    return "\n".join(lines) + "\n"


def toml_name(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else quote(name)


def save_settings(settings: Settings, path: Path) -> None:
    """Write the user's file (atomically), leaving to the machine-wide file what it decides."""
    write_atomically(path, dump_settings(settings, load_system_layer()).encode("utf-8"))
