"""The till's settings: a human-readable TOML file, read with tomllib, written atomically.

The site token is never part of the settings: it lives in the keyring (``credentials.py``).
A mistake in a hand-edited file is a ``SettingsError`` that names the line and the key.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from posapp.domain.errors import ValidationError
from posapp.domain.money import parse_currency
from posapp.domain.order import DEFAULT_LANG
from posapp.domain.refcode import parse_till_id
from posapp.domain.text import MAX_KEY, parse_label, parse_lang
from posapp.files import write_atomically
from posapp.setup.admin_pin import check_pin_hash
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


@dataclass(frozen=True)
class Settings:
    site: str = ""
    environment: str = "uat"
    domain: str = DOMAINS[0]
    endpoint: str = ""
    channel: str = "store"
    lang: str = DEFAULT_LANG
    currency: str = "GBP"
    till_id: str = ""
    store: Mapping[str, str] = field(default_factory=dict)
    info_keys: tuple[str, ...] = ()
    retention_days: int = 30
    allow_unknown_items: bool = False
    kiosk: bool = False
    pin_for_price: bool = True  # a price override needs the admin PIN
    admin_pin_hash: str = ""  # scrypt hash; never the PIN itself

    def endpoint_url(self) -> str:
        return endpoint_url(self.environment, self.site, self.domain, self.endpoint or None)

    def missing(self) -> list[str]:
        """The settings a till needs before it can send, in the words of ``config set``."""
        needed = []
        if not self.site:
            needed.append("site")
        if not self.till_id:
            needed.append("till_id")
        return needed

    def with_value(self, key: str, value: str) -> Settings:
        """A copy with one key set from text, as ``posapp config set KEY VALUE`` does."""
        if key.startswith("store."):
            name = parse_label(key[len("store.") :], key, "Store detail name", MAX_KEY)
            store = dict(self.store)
            if value.strip():
                store[name] = parse_label(value, key, f"Store detail {name!r}")
            else:
                store.pop(name, None)
            return replace(self, store=store)
        if key == "info_keys":
            return replace(self, info_keys=_parse_info_keys(value.split(","), key))
        if key == "retention_days":
            return replace(self, retention_days=_parse_retention(value, key))
        if key in BOOL_KEYS:
            flags: dict[str, Any] = {key: _parse_bool(value, key)}
            return replace(self, **flags)
        if key not in SETTABLE:
            known = ", ".join(SETTING_KEYS)
            raise ValidationError(key, f"Unknown setting {key!r}; the settings are: {known}.")
        changes: dict[str, Any] = {key: SETTABLE[key](value, key)}
        return replace(self, **changes)


def _parse_info_keys(values: object, key: str) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise ValidationError(key, "info_keys must be a list of names, like gender, diet.")
    names = [parse_label(v, key, "Customer detail name", MAX_KEY) for v in values if str(v).strip()]
    return tuple(dict.fromkeys(names))


def _parse_retention(value: object, key: str) -> int:
    try:
        days = int(str(value).strip())
    except ValueError:
        days = -1
    if not 1 <= days <= 3650:
        raise ValidationError(key, "retention_days must be a whole number of days from 1 to 3650.")
    return days


def _parse_bool(value: object, key: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1", "on"}:
        return True
    if text in {"false", "no", "0", "off"}:
        return False
    raise ValidationError(key, f"{key} must be true or false.")


def _optional_url(value: object, key: str) -> str:
    return "" if isinstance(value, str) and not value.strip() else check_endpoint_url(value, key)


def _optional_till(value: object, key: str) -> str:
    return "" if isinstance(value, str) and not value.strip() else parse_till_id(value, key)


SETTABLE: dict[str, Any] = {
    "site": lambda v, k: "" if isinstance(v, str) and not v.strip() else parse_site(v, k),
    "environment": lambda v, k: parse_choice(v, ENVIRONMENTS, k, "Environment"),
    "domain": lambda v, k: parse_choice(v, DOMAINS, k, "Domain"),
    "endpoint": _optional_url,
    "channel": lambda v, k: parse_choice(v, CHANNELS, k, "Channel"),
    "lang": parse_lang,
    "currency": parse_currency,
    "till_id": _optional_till,
}
_TOP_LEVEL = [f.name for f in fields(Settings)]
BOOL_KEYS = ("allow_unknown_items", "kiosk", "pin_for_price")
SETTABLE["admin_pin_hash"] = lambda v, k: check_pin_hash(v) if str(v).strip() else ""
SETTING_KEYS = [*SETTABLE, "store.<name>", "info_keys", "retention_days", *BOOL_KEYS]


def load_settings(path: Path) -> Settings | None:
    """The settings in ``path``; None when there is no file yet (a till not set up)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot be read ({exc}).") from None
    return parse_settings(text, path)


def parse_settings(text: str, path: Path | str = "settings.toml") -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+)", str(exc))
        line = where.group(1) if where else str(max(1, text.count("\n")))
        detail = re.sub(r"\s*\(at [^)]*\)", "", str(exc))
        raise SettingsError(
            f"{path}, line {line}: not valid TOML ({detail}). Fix that line or run the setup again."
        ) from None
    settings = Settings()
    for key, value in data.items():
        try:
            settings = _apply(settings, key, value)
        except ValidationError as exc:
            raise SettingsError(
                f"{path}, line {_line_of(text, key)}, key {key!r}: {exc.message}"
            ) from None
    return settings


def _apply(settings: Settings, key: str, value: Any) -> Settings:
    if key == "store":
        if not isinstance(value, dict):
            raise ValidationError(key, "[store] must be a table of names and values.")
        for name, item in value.items():
            if not isinstance(item, str) or not item.strip():
                raise ValidationError(
                    key, f"Store detail {name!r} must be non-empty text in quotes."
                )
            settings = settings.with_value(f"store.{name}", item)
        return settings
    if key == "info_keys":
        return replace(settings, info_keys=_parse_info_keys(value, key))
    if key in BOOL_KEYS:
        if not isinstance(value, bool):
            raise ValidationError(key, f"{key} must be true or false (no quotes).")
        flag: dict[str, Any] = {key: value}
        return replace(settings, **flag)
    if key == "retention_days":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(key, "retention_days must be a whole number of days.")
        return replace(settings, retention_days=_parse_retention(value, key))
    if key not in _TOP_LEVEL:
        raise ValidationError(
            key, f"{key!r} is not a posapp setting; remove it or check the spelling."
        )
    if not isinstance(value, str):
        raise ValidationError(key, f"{key} must be text in quotes.")
    return settings.with_value(key, value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _line_of(text: str, key: str) -> int | str:
    pattern = re.compile(rf"^\s*(\[\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\])", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else "?"


def dump_settings(settings: Settings) -> str:
    """TOML text for the settings, with a comment a person can follow."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [
        "# posapp settings. The site token is not here: it is in the OS keyring",
        "# (posapp credentials set) or in the environment variable POSAPP_SITE_TOKEN.",
        f"site = {q(settings.site)}",
        f"environment = {q(settings.environment)}  # uat or production",
        f"domain = {q(settings.domain)}  # peerius.com or peerius.episerver.net",
        f"endpoint = {q(settings.endpoint)}  # an explicit URL; overrides the three above",
        f"channel = {q(settings.channel)}",
        f"lang = {q(settings.lang)}",
        f"currency = {q(settings.currency)}",
        f"till_id = {q(settings.till_id)}",
        f"info_keys = [{', '.join(q(k) for k in settings.info_keys)}]",
        f"retention_days = {settings.retention_days}",
        f"allow_unknown_items = {_bool(settings.allow_unknown_items)}"
        "  # may the cashier sell an item that is not in the catalog, at a typed price",
        f"kiosk = {_bool(settings.kiosk)}  # full screen; closing needs the admin PIN",
        f"pin_for_price = {_bool(settings.pin_for_price)}  # a price override needs the admin PIN",
        f"admin_pin_hash = {q(settings.admin_pin_hash)}  # set with: posapp config pin",
        "",
        "[store]  # sent with every order as order.attributes",
    ]
    for name, value in settings.store.items():
        bare = re.fullmatch(r"[A-Za-z0-9_-]+", name)
        lines.append(f"{name if bare else q(name)} = {q(value)}")
    return "\n".join(lines) + "\n"


def save_settings(settings: Settings, path: Path) -> None:
    write_atomically(path, dump_settings(settings).encode("utf-8"))
