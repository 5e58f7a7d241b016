"""What a setting is: one ``SettingField`` per key, declared on the ``Settings`` dataclass itself.

A field knows its kind (text, a choice, a flag, a number of days, a list of names, a table), how
to read it from what a person types (``config set``, the settings dialog) and from a TOML file,
how to write it back, its help text, its label in the settings dialog, whether ``config set`` may
change it, and whether it only makes sense once an admin PIN is set. Loading, ``config
set/show/export/import``, the file the till writes and the dialog's form are all derived from
these declarations, so adding a setting is one ``setting(...)`` line plus, for a new kind, its
widget.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from posapp.domain.errors import ValidationError
from posapp.domain.text import MAX_KEY, CheckedAttributes, parse_label
from posapp.i18n import SYSTEM, UI_LANGUAGES
from posapp.tracker.network import (
    CERTIFICATES,
    check_ca_file,
    parse_ca_file,
    parse_certificates,
    parse_proxy,
    redact_proxy,
)

T = TypeVar("T")
Kind = Literal["text", "choice", "flag", "days", "number", "names", "table"]
Parser = Callable[[object, str], Any]
_META = "posapp.setting"


@dataclass(frozen=True)
class SettingField:
    kind: Kind
    parse: Parser  # typed text or a TOML value -> the setting's value, or ValidationError
    help: str  # the comment in the settings file and the command line's help
    label: str = ""  # the row in the settings dialog; "" keeps the setting out of the dialog
    choices: tuple[str, ...] = ()
    placeholder: str = ""  # the dialog's hint in an empty field
    cli: bool = True  # may ``posapp config set`` change it
    instead: str = ""  # what to run when ``config set`` may not
    needs_pin: bool = False  # only makes sense once an admin PIN is set
    check: Parser | None = None  # a further check of what a person types (not of files)
    hide: Callable[[str], str] | None = None  # what ``config show`` shows of a secret part
    key: str = ""  # filled in from the attribute's name

    def from_text(self, text: str, *, checked: bool = True) -> Any:
        """The value from what a person typed (``config set KEY VALUE``, a field of the dialog).
        ``checked=False`` leaves out ``check`` (it may read a file): the settings dialog runs
        it off the GUI thread."""
        if self.kind == "names":
            return self.parse(text.split(","), self.key)
        value = self.parse(text, self.key)
        if checked and self.check is not None:
            self.check(value, self.key)
        return value

    def from_toml(self, value: object) -> Any:
        """The value from a settings file, where TOML already has types: a wrong type is named."""
        key = self.key
        if self.kind == "flag" and not isinstance(value, bool):
            raise ValidationError(key, f"{key} must be true or false (no quotes).")
        if self.kind == "days" and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValidationError(key, f"{key} must be a whole number of days.")
        if self.kind == "number" and (
            not isinstance(value, int | float) or isinstance(value, bool)
        ):
            raise ValidationError(key, f"{key} must be a number (no quotes).")
        if self.kind in ("text", "choice") and not isinstance(value, str):
            raise ValidationError(key, f"{key} must be text in quotes.")
        return self.parse(value, key)

    def to_toml(self, value: Any) -> str:
        """The value as TOML (a table's entries are written by ``table_lines``)."""
        if self.kind == "flag":
            return "true" if value else "false"
        if self.kind in ("days", "number"):
            return str(value)
        if self.kind == "names":
            return f"[{', '.join(quote(v) for v in value)}]"
        return quote(str(value))

    def to_shown(self, value: Any) -> str:
        """The value as TOML for a person to read (``config show``): a secret part hidden."""
        return self.to_toml(self.hide(value) if self.hide is not None else value)

    def to_text(self, value: Any) -> str:
        """The value as a person would type it back."""
        if self.kind == "flag":
            return "true" if value else "false"
        if self.kind == "names":
            return ", ".join(value)
        if self.kind == "table":
            return "\n".join(f"{k} = {v}" for k, v in value.items())
        return str(value)


def setting(
    default: T, kind: Kind, parse: Parser, help: str, *, in_repr: bool = True, **more: Any
) -> T:
    """A ``Settings`` attribute with its declaration (see ``SettingField``); ``in_repr=False``
    keeps a value that may hold a secret out of the settings' repr."""
    declared = SettingField(kind, parse, help, **more)
    return dataclasses.field(default=default, repr=in_repr, metadata={_META: declared})


def table_setting(parse: Parser, help: str, **more: Any) -> Any:
    """A ``Settings`` attribute holding a table of names and texts (``[store]``)."""
    declared = SettingField("table", parse, help, **more)
    return dataclasses.field(default_factory=dict, metadata={_META: declared})


def declared_fields(cls: type) -> dict[str, SettingField]:
    """The declarations of a settings dataclass, by key, in the order they are written."""
    return {
        f.name: dataclasses.replace(f.metadata[_META], key=f.name)
        for f in dataclasses.fields(cls)
        if _META in f.metadata
    }


# -- the parsers the declarations use ---------------------------------------------------------
def quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def parse_bool(value: object, key: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1", "on"}:
        return True
    if text in {"false", "no", "0", "off"}:
        return False
    raise ValidationError(key, f"{key} must be true or false.")


def parse_days(value: object, key: str) -> int:
    try:
        days = int(str(value).strip())
    except ValueError:
        days = -1
    if not 1 <= days <= 3650:
        raise ValidationError(key, f"{key} must be a whole number of days from 1 to 3650.")
    return days


def number_in(low: float, high: float, what: str) -> Parser:
    """A parser for a number from ``low`` to ``high`` (whole numbers stay whole)."""

    def parse(value: object, key: str) -> int | float:
        text = str(value).strip().replace(",", ".").rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not low <= number <= high:  # NaN fails this too
            raise ValidationError(key, f"{key} must be {what} from {low:g} to {high:g}.")
        return int(number) if number.is_integer() else number

    return parse


def parse_names(values: object, key: str) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise ValidationError(key, f"{key} must be a list of names, like gender, diet.")
    names = [parse_label(v, key, "Customer detail name", MAX_KEY) for v in values if str(v).strip()]
    return tuple(dict.fromkeys(names))


def optional(parse: Parser) -> Parser:
    """Empty text means "not set" (""); anything else must pass ``parse``."""

    def parse_optional(value: object, key: str) -> Any:
        return "" if isinstance(value, str) and not value.strip() else parse(value, key)

    return parse_optional


def parse_store_name(name: str, key: str) -> str:
    return str(parse_label(name, key, "Store detail name", MAX_KEY))


def parse_store_value(value: object, key: str, name: str) -> str:
    return str(parse_label(value, key, f"Store detail {name!r}"))


def parse_table(value: object, key: str) -> CheckedAttributes:
    """The ``[store]`` table, checked as ``parse_attributes`` checks attributes: every sale
    takes it as it is (``CheckedAttributes``), without checking it again."""
    if not isinstance(value, dict):
        raise ValidationError(key, f"[{key}] must be a table of names and values.")
    table: dict[str, str] = {}
    for name, item in value.items():
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(key, f"Store detail {name!r} must be non-empty text in quotes.")
        checked = parse_store_name(name, f"{key}.{name}")
        table[checked] = parse_store_value(item, f"{key}.{name}", checked)
    return CheckedAttributes(table)


# -- the network settings: how the till reaches the endpoint (posapp/tracker/network.py) ---------
# One block, named by ``Settings`` (proxy, trust_environment, certificates, ca_file).
PROXY: str = setting(
    "",
    "text",
    optional(parse_proxy),
    "an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none",
    label="Proxy",
    placeholder="optional: http://proxy.example:3128",
    hide=redact_proxy,
    in_repr=False,  # its password
)
TRUST_ENVIRONMENT: bool = setting(
    False,
    "flag",
    parse_bool,
    "use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)",
    label="Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)",
)
CERTIFICATES_SETTING: str = setting(
    "system",
    "choice",
    parse_certificates,
    "which certificate authorities to trust: system (this computer's) or bundled (posapp's)",
    label="Trusted certificates",
    choices=CERTIFICATES,
)
CA_FILE: str = setting(
    "",
    "text",
    optional(parse_ca_file),
    "a PEM file of extra certificate authorities (your company CA), trusted as well",
    label="Company CA file",
    placeholder="optional: a .pem file, if your network inspects HTTPS",
    check=check_ca_file,
)


# -- the window's language (the orders' ``lang`` is another setting and is not affected) --------
def parse_ui_language(value: object, key: str) -> str:
    """``system`` (the machine's language), ``en`` or one of the shipped translations."""
    text = str(value).strip().lower().replace("_", "-")
    if text in UI_LANGUAGES:
        return text
    raise ValidationError(key, f"{key} must be one of: {', '.join(UI_LANGUAGES)}.")


def ui_language_setting() -> Any:
    """The ``ui_language`` attribute of ``Settings``: the language of the window's words."""
    return setting(
        SYSTEM,
        "choice",
        parse_ui_language,
        "the window's language: " + ", ".join(UI_LANGUAGES) + " (system: the machine's)",
        label="Window language",
        choices=UI_LANGUAGES,
    )
