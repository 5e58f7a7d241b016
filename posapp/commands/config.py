"""``posapp config show|set|pin|import|export``: the till's settings file."""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path

from posapp.commands.common import EXIT_OK, Subparsers, UsageError, runtime
from posapp.files import write_atomically
from posapp.setup.admin_pin import hash_pin
from posapp.setup.settings import (
    SETTING_KEYS,
    dump_settings,
    parse_settings,
    save_settings,
)


def register(commands: Subparsers) -> None:
    config = commands.add_parser("config", help="show or change the settings")
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the settings (never the token)")
    show.set_defaults(run=run_show)
    keys = ", ".join(SETTING_KEYS)
    change = actions.add_parser(
        "set",
        help="change one setting",
        description=f"Change one setting. Keys: {keys}. An empty store.<name> value removes "
        "that store attribute. A bad key or value changes nothing.",
    )
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(run=run_set)
    pin = actions.add_parser(
        "pin",
        help="set the admin PIN (asked for, never shown; stored only as a salted hash)",
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
    rt = runtime(args, log=False)
    path = rt.profile.settings_file
    if not path.exists():
        print(f"# {path} does not exist yet: these are the defaults")
    else:
        print(f"# {path}")
    print(dump_settings(rt.settings()), end="")
    return EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    rt = runtime(args)
    if args.key in {"admin_pin", "admin_pin_hash"}:
        raise UsageError(
            "set the admin PIN with: posapp config pin (it is asked for, not typed here)"
        )
    changed = rt.settings().with_value(args.key, args.value)
    save_settings(changed, rt.profile.settings_file)
    print(f"{args.key} set")
    return EXIT_OK


def run_pin(args: argparse.Namespace) -> int:
    rt = runtime(args)
    settings = rt.settings()
    if sys.stdin.isatty():
        first = getpass.getpass("New admin PIN (4 to 12 digits, not shown): ")
        if getpass.getpass("The same PIN again: ") != first:
            raise UsageError("the two PINs differ; nothing was changed")
    else:
        first = sys.stdin.readline()
    save_settings(replace(settings, admin_pin_hash=hash_pin(first)), rt.profile.settings_file)
    print("admin PIN set")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    rt = runtime(args)
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    shared = parse_settings(text, path)
    till_id = rt.settings().till_id
    if args.till_id is not None:
        till_id = shared.with_value("till_id", args.till_id).till_id
    merged = replace(shared, till_id=till_id)
    save_settings(merged, rt.profile.settings_file)
    missing = merged.missing()
    print(
        f"settings taken from {path}"
        + (f"; still missing: {', '.join(missing)}" if missing else "")
    )
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    rt = runtime(args, log=False)
    text = dump_settings(replace(rt.settings(), till_id=""))
    if args.file == "-":
        print(text, end="")
    else:
        write_atomically(Path(args.file), text.encode("utf-8"), mode=0o644)
        print(f"store settings written to {args.file} (without till_id and token)")
    return EXIT_OK
