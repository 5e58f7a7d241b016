"""The command line: ``posapp [--profile DIR] [--demo] COMMAND ...``. No Qt is imported here.

Every command answers bad input with one line on stderr and a non-zero exit, never a traceback:
2 for input to correct, 1 for a failure of the machine or the outbox.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from posapp import __version__
from posapp.commands import common, config, credentials, imports, provision, queue, send
from posapp.commands.common import EXIT_BAD_INPUT, EXIT_FAILED, UsageError
from posapp.domain.errors import ValidationError
from posapp.lists.datafile import DataFileError
from posapp.outbox.lock import DeliveryBusy
from posapp.outbox.store import OutboxError
from posapp.setup.credentials import CredentialsError
from posapp.setup.settings import SettingsError
from posapp.till import NotSetUp

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line and exit 2, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see: {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="posapp",
        description="Till companion: send store orders to the offline order tracking endpoint. "
        "Orders are kept in a local outbox until the endpoint has them. Without a command, "
        "the till window opens.",
    )
    parser.add_argument("--version", action="version", version=f"posapp {__version__}")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="keep settings, outbox and logs under DIR (default: $POSAPP_HOME, else the "
        "user's usual places); two profiles are two independent tills",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the till on a throw-away demo setup: sample catalog, no credentials, "
        "a local sandbox endpoint (with a menu that takes it down and brings it back)",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="full screen, frameless; closing needs the admin PIN (or kiosk = true in the settings)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="build the window on this Qt platform, open outbox and catalog, report, exit "
        "(with --demo: on a throw-away demo profile with the sample catalog loaded)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    send.register(commands)
    queue.register(commands)
    config.register(commands)
    credentials.register(commands)
    provision.register(commands)
    imports.register(commands)
    common.register_sandbox(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "run", None) is None:
            from posapp import app  # Qt is imported only when a window is wanted

            if args.self_test:
                return app.self_test(args.profile, demo=args.demo)
            if args.demo:
                return app.run_demo(args.profile)
            return app.run_till(args.profile, kiosk=args.kiosk)
        result: int = args.run(args)
        return result
    except (UsageError, ValidationError, NotSetUp, SettingsError) as exc:
        print(f"posapp: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OutboxError, DataFileError, CredentialsError, DeliveryBusy, OSError) as exc:
        log.error("%s", exc)
        print(f"posapp: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
