"""``posapp provision [STORE_FILE] --till-id ID --token-file FILE --pin-hash HASH``: set up a
till in one step, with no questions, for a script or a fleet tool.

Everything is checked before anything is changed. Exit codes: 0 set up; 2 bad input (a store
file, till ID, PIN hash or token that cannot be used, or settings still missing), nothing
changed; 1 a failure of the machine (no usable keyring, a file that cannot be written).
The token file is read and kept nowhere but in the OS keyring; the command never prints it.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from posapp.commands.common import EXIT_FAILED, EXIT_OK, Subparsers, UsageError, till_for
from posapp.commands.config import read_store_file, with_till_id
from posapp.domain.errors import ValidationError
from posapp.setup.admin_pin import check_pin_hash
from posapp.setup.credentials import TOKEN_ENV, keyring_backend, save_token
from posapp.setup.logs import setup_logging
from posapp.setup.settings import Settings, save_settings
from posapp.setup.system_settings import locked_message
from posapp.tracker.token import SiteToken

NO_KEYRING = (
    "no usable keyring on this machine, so the site token was not stored and nothing was "
    f"changed. Give the token to the till's service in the environment variable {TOKEN_ENV} "
    "instead, for example from a systemd credential (LoadCredential= in the unit, exported as "
    f"{TOKEN_ENV}), and run provision again without --token-file."
)


def register(commands: Subparsers) -> None:
    provision = commands.add_parser(
        "provision",
        help="set up this till in one step, for scripts: exit 0 ok, 2 bad input, 1 failure",
        description="Set up this till without questions: the settings from STORE_FILE (a file "
        "written by 'posapp config export'; without it, those already here and in the "
        "machine-wide file), this till's ID, the site token (read from a file, stored only in "
        "the OS keyring) and the admin PIN hash (from 'posapp config pin --print-hash'). "
        "Everything is checked before anything changes. Exit codes: 0 set up; 2 bad input, "
        "nothing changed; 1 a failure of the machine (no keyring, a file not written).",
    )
    provision.add_argument("store_file", metavar="STORE_FILE", nargs="?")
    provision.add_argument("--till-id", help="this till's ID (different on every till)")
    provision.add_argument(
        "--token-file",
        metavar="FILE",
        help="a file holding the site token ('-': standard input); read, stored in the "
        "keyring, copied nowhere else",
    )
    provision.add_argument(
        "--pin-hash",
        metavar="HASH",
        help="the admin PIN's hash, from posapp config pin --print-hash",
    )
    provision.set_defaults(run=run_provision)


def read_token(name: str) -> SiteToken:
    try:
        text = sys.stdin.readline() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"cannot read the token file {name}: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    try:
        return SiteToken(text)
    except ValidationError as exc:
        raise UsageError(f"the token file {name}: {exc.message}") from None


def planned(args: argparse.Namespace, current: Settings) -> Settings:
    """The settings this till will have: checked, complete, or a UsageError (exit 2)."""
    shared = read_store_file(Path(args.store_file)) if args.store_file else current
    settings = with_till_id(shared, current, args.till_id)
    if args.pin_hash is not None:
        if current.is_locked("admin_pin_hash"):
            raise UsageError(locked_message("the admin PIN", current.locked_by))
        try:
            settings = replace(settings, admin_pin_hash=check_pin_hash(args.pin_hash.strip()))
        except ValidationError as exc:
            raise UsageError(f"--pin-hash: {exc.message}") from None
    settings = replace(settings, locked=current.locked, locked_by=current.locked_by)
    missing = settings.missing()
    if missing:
        raise UsageError(
            f"cannot set up this till: {', '.join(missing)} missing (give them in STORE_FILE, "
            "with --till-id, or in the machine-wide settings file); nothing was changed"
        )
    return settings


def run_provision(args: argparse.Namespace) -> int:
    till = till_for(args, log=False)
    settings = planned(args, till.settings())
    token = read_token(args.token_file) if args.token_file else None
    if token is not None and keyring_backend() is None:
        print(f"posapp: {NO_KEYRING}", file=sys.stderr)  # before any log file: nothing changed
        return EXIT_FAILED
    profile = till.profile
    profile.ensure_dirs()
    setup_logging(profile)
    if token is not None:
        where = save_token(settings.site, token)
    save_settings(settings, profile.settings_file)
    print(f"till {settings.till_id} set up for site {settings.site}: {profile.settings_file}")
    if token is not None:
        print(f"site token stored in the {where}")
    elif not os.environ.get(TOKEN_ENV):
        print(
            f"note: no --token-file; the till needs the site token in the keyring "
            f"(posapp credentials set) or in {TOKEN_ENV}"
        )
    if settings.admin_pin_hash:
        print("admin PIN set" + (" (machine-wide)" if settings.is_locked("admin_pin_hash") else ""))
    else:
        print("note: no admin PIN: posapp config pin, or --pin-hash")
    return EXIT_OK
