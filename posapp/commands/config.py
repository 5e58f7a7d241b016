"""``posapp config show|set|pin|import|export``: the till's settings file.

What each command may touch follows from the settings' declarations (``Settings``): which keys
``set`` may change, what to run instead, which need an admin PIN to mean anything. A key the
machine-wide file locks is refused with one line that names that file.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path

from posapp.commands.common import EXIT_OK, Subparsers, UsageError, till_for
from posapp.files import write_atomically
from posapp.setup.admin_pin import hash_pin
from posapp.setup.settings import (
    FIELDS,
    SETTING_KEYS,
    Layers,
    Settings,
    dump_settings,
    load_layers,
    parse_over_system,
    save_settings,
    toml_name,
)
from posapp.setup.settings_fields import quote
from posapp.setup.system_settings import DEFAULT, SYSTEM, locked_message

PIN_KEY = "admin_pin_hash"


def register(commands: Subparsers) -> None:
    config = commands.add_parser("config", help="show or change the settings")
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show",
        help="print the settings and the file each value came from (never the token)",
    )
    show.set_defaults(run=run_show)
    keys = ", ".join(key for key in SETTING_KEYS if FIELDS[key.split(".")[0]].cli)
    change = actions.add_parser(
        "set",
        help="change one setting",
        description=f"Change one setting. Keys: {keys}. An empty store.<name> value removes "
        "that store attribute. A bad key or value, or a key the machine-wide settings file "
        "locks, changes nothing.",
    )
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(run=run_set)
    pin = actions.add_parser(
        "pin",
        help="set the admin PIN (asked for, never shown; stored only as a salted hash)",
    )
    pin.add_argument(
        "--print-hash",
        action="store_true",
        help="print the hash instead of saving it (for the machine-wide file or provision)",
    )
    pin.set_defaults(run=run_pin)
    load = actions.add_parser(
        "import",
        help="take the settings from a shared store file (keeps this till's till_id)",
        description="Take every setting from a store file written by 'posapp config export' "
        "(the same TOML as the settings file, usually without till_id), so that IT can set up "
        "many tills from one file. This till keeps its till_id unless --till-id is given.",
    )
    load.add_argument("file", metavar="FILE")
    load.add_argument("--till-id", help="this till's ID (different on every till)")
    load.set_defaults(run=run_import)
    export = actions.add_parser(
        "export",
        help="write a shared store file: these settings without till_id (the token is never in it)",
    )
    export.add_argument(
        "file", metavar="FILE", nargs="?", default="-", help="default: standard output"
    )
    export.set_defaults(run=run_export)


def run_show(args: argparse.Namespace) -> int:
    till = till_for(args, log=False)
    layers = load_layers(till.profile.settings_file)
    print(show_layers(layers), end="")
    return EXIT_OK


def show_layers(layers: Layers) -> str:
    """The settings as TOML, each value followed by where it came from."""
    system = layers.system
    user = layers.user_file
    lines = [f"# user file: {user}" + ("" if layers.user_exists else " (does not exist yet)")]
    present = bool(system.values or system.locked)
    lines.append(f"# system file: {system.path}" + ("" if present else " (none)"))
    if not layers.user_exists and not present:
        lines.append(f"# {user} does not exist yet: these are the defaults")

    def origin(key: str) -> str:
        source = layers.sources.get(key, DEFAULT)
        if source == DEFAULT:
            return "# default"
        where = system.path if source == SYSTEM else user
        return f"# {source}: {where}" + (", locked" if system.locks(key) else "")

    settings, tables = layers.settings, []
    for key, declared in FIELDS.items():
        if declared.kind == "table":
            tables.append(key)
        else:
            lines.append(f"{key} = {declared.to_shown(getattr(settings, key))}  {origin(key)}")
    for key in tables:
        lines += ["", f"[{key}]" + ("  # locked" if system.locks(key) else "")]
        for name, value in getattr(settings, key).items():
            lines.append(f"{toml_name(name)} = {quote(value)}  {origin(f'{key}.{name}')}")
    return "\n".join(lines) + "\n"


def run_set(args: argparse.Namespace) -> int:
    till = till_for(args)
    settings = till.settings()
    declared = FIELDS.get("admin_pin_hash" if args.key == "admin_pin" else args.key)
    if declared is not None and not declared.cli:
        raise UsageError(declared.instead)
    changed = settings.with_value(args.key, args.value)  # refuses a locked key
    save_settings(changed, till.profile.settings_file)
    print(f"{args.key} set")
    needs_pin = declared is not None and declared.needs_pin
    if needs_pin and getattr(changed, args.key) is True and not changed.admin_pin_hash:
        print(f"note: {args.key} needs an admin PIN, and none is set: posapp config pin")
    return EXIT_OK


def run_pin(args: argparse.Namespace) -> int:
    till = till_for(args, log=not args.print_hash)
    settings = till.settings()
    if settings.is_locked(PIN_KEY) and not args.print_hash:
        raise UsageError(locked_message("the admin PIN", settings.locked_by))
    if sys.stdin.isatty():
        first = getpass.getpass("New admin PIN (4 to 12 digits, not shown): ")
        if getpass.getpass("The same PIN again: ") != first:
            raise UsageError("the two PINs differ; nothing was changed")
    else:
        first = sys.stdin.readline()
    pin_hash = hash_pin(first)
    if args.print_hash:
        print(pin_hash)
        return EXIT_OK
    save_settings(replace(settings, admin_pin_hash=pin_hash), till.profile.settings_file)
    print("admin PIN set")
    return EXIT_OK


def read_store_file(path: Path) -> Settings:
    """A shared store file, as this machine would use it (beneath its machine-wide file)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return parse_over_system(text, path)


def with_till_id(shared: Settings, current: Settings, till_id: str | None) -> Settings:
    """``shared`` with this till's ID: ``till_id`` when given, else the one it has."""
    if till_id is None:
        return shared if current.is_locked("till_id") else replace(shared, till_id=current.till_id)
    if current.is_locked("till_id"):
        raise UsageError(locked_message("till_id", current.locked_by))
    return replace(shared, locked=frozenset()).with_value("till_id", till_id)


def run_import(args: argparse.Namespace) -> int:
    till = till_for(args)
    path = Path(args.file)
    current = till.settings()
    merged = with_till_id(read_store_file(path), current, args.till_id)
    merged = replace(merged, locked=current.locked, locked_by=current.locked_by)
    save_settings(merged, till.profile.settings_file)
    missing = merged.missing()
    print(
        f"settings taken from {path}"
        + (f"; still missing: {', '.join(missing)}" if missing else "")
    )
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    till = till_for(args, log=False)
    text = dump_settings(replace(till.settings(), till_id=""))
    if args.file == "-":
        print(text, end="")
    else:
        write_atomically(Path(args.file), text.encode("utf-8"), mode=0o600)
        print(f"store settings written to {args.file} (without till_id and token)")
    return EXIT_OK
