"""``posapp credentials set|check``: the site token, in the OS keyring (or found in the
environment or a systemd credential). Never printed."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from posapp.commands.common import EXIT_FAILED, EXIT_OK, Subparsers, UsageError, till_for
from posapp.setup.credentials import (
    CREDENTIAL_NAME,
    TOKEN_ENV,
    credential_file,
    describe_backend,
    save_token,
)
from posapp.setup.settings import Settings
from posapp.tracker.token import SiteToken


def register(commands: Subparsers) -> None:
    credentials = commands.add_parser("credentials", help="store or check the site token")
    actions = credentials.add_subparsers(dest="action", metavar="ACTION", required=True)
    store = actions.add_parser(
        "set",
        help="store the site token in the OS keyring",
        description="Read the site token from a hidden prompt (or from standard input when "
        "piped) and store it in the OS keyring for the configured site.",
    )
    store.set_defaults(run=run_set)
    check = actions.add_parser(
        "check",
        help="say where the site token is found (never prints it)",
        description=f"Look for the site token as posapp does: the environment variable "
        f"{TOKEN_ENV}, then the systemd credential {CREDENTIAL_NAME} "
        "($CREDENTIALS_DIRECTORY), then the OS keyring; say which one it came from.",
    )
    check.set_defaults(run=run_check)


def _require_site(settings: Settings) -> str:
    if not settings.site:
        raise UsageError("set the site first: posapp config set site SITECODE")
    return settings.site


def run_set(args: argparse.Namespace) -> int:
    site = _require_site(till_for(args).settings())
    if sys.stdin.isatty():
        text = getpass.getpass(f"Site token for {site} (not shown): ")
    else:
        text = sys.stdin.readline()
    token = SiteToken(text)
    where = save_token(site, token)
    print(f"site token for {site} stored in the {where}")
    if os.environ.get(TOKEN_ENV):
        print(f"note: {TOKEN_ENV} is set in this environment and wins over the keyring")
    elif credential_file() is not None:
        print(
            f"note: the systemd credential {CREDENTIAL_NAME} is given here and wins over the keyring"
        )
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    till = till_for(args)
    settings = till.settings()
    _require_site(settings)
    source = till.token_source()
    if source.token is None:
        print(
            f"no site token for {settings.site} (keyring backend: {describe_backend()}); "
            f"run posapp credentials set, set {TOKEN_ENV}, or give the systemd credential "
            f"{CREDENTIAL_NAME}"
        )
        return EXIT_FAILED
    print(f"site token for {settings.site} found in the {source.where}")
    return EXIT_OK
