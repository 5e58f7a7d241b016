"""``posapp config show|set``: the till's settings file."""

from __future__ import annotations

import argparse

from posapp.commands.common import EXIT_OK, Subparsers, runtime
from posapp.settings import SETTING_KEYS, dump_settings, save_settings


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
    changed = rt.settings().with_value(args.key, args.value)
    save_settings(changed, rt.profile.settings_file)
    print(f"{args.key} set")
    return EXIT_OK
