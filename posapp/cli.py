"""The command line: ``posapp [--profile DIR] [--demo] COMMAND ...``. No Qt is imported here.

Every command answers bad input with one line on stderr and a non-zero exit, never a traceback:
2 for input to correct, 1 for a failure of the machine or the outbox.

A command's module is imported only when that command runs (the till window, for one, needs
none of them before its first paint): ``main`` finds the command word first and registers just
that command. Anything it is unsure of (help, an unknown word or option) gets the whole parser,
so the parsing and every help text are exactly those of ``build_parser()``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

log = logging.getLogger(__name__)


# Each command group's module is imported in its own function: only when it is registered, and
# by a plain import statement, so that PyInstaller still finds every one of them.
def _send(commands: Any) -> None:
    from posapp.commands import send

    send.register(commands)


def _queue(commands: Any) -> None:
    from posapp.commands import queue

    queue.register(commands)


def _config(commands: Any) -> None:
    from posapp.commands import config

    config.register(commands)


def _credentials(commands: Any) -> None:
    from posapp.commands import credentials

    credentials.register(commands)


def _provision(commands: Any) -> None:
    from posapp.commands import provision

    provision.register(commands)


def _imports(commands: Any) -> None:
    from posapp.commands import imports

    imports.register(commands)


def _logs(commands: Any) -> None:
    from posapp.commands import logs

    logs.register(commands)


def _sandbox(commands: Any) -> None:
    from posapp.commands import common

    common.register_sandbox(commands)


# In the order of the help text: the command words a group registers, and its registration.
_GROUPS: tuple[tuple[tuple[str, ...], Callable[[Any], None]], ...] = (
    (("send",), _send),
    (("queue",), _queue),
    (("config",), _config),
    (("credentials",), _credentials),
    (("provision",), _provision),
    (("catalog", "customers"), _imports),
    (("logs",), _logs),
    (("sandbox",), _sandbox),
)
_EVERY = None  # build_parser(_EVERY): every command


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for (see ``posapp.__init__``)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings, dest, default=argparse.SUPPRESS, nargs=0,
            help="show program's version number and exit",
        )  # fmt: skip

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from posapp import __version__

        print(f"posapp {__version__}")
        parser.exit()


class _Unsure(Exception):
    """The first look at the arguments could not tell the command: use the whole parser."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line and exit 2, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        from posapp.commands.common import UsageError

        raise UsageError(f"{message} (see: {self.prog} --help)")


class _FirstLook(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Unsure(message)


def _add_options(parser: argparse.ArgumentParser) -> None:
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


def build_parser(only: str | None = _EVERY) -> argparse.ArgumentParser:
    """The parser of every command, or (``only``) of the top level and that one command's group."""
    parser = _Parser(
        prog="posapp",
        description="Till companion: send store orders to the offline order tracking endpoint. "
        "Orders are kept in a local outbox until the endpoint has them. Without a command, "
        "the till window opens.",
    )
    parser.add_argument("--version", action=_Version)
    _add_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for words, register in _GROUPS:
        if only is _EVERY or only in words:
            register(commands)
    return parser


def _command_word(argv: list[str]) -> str | None:
    """The command ``argv`` names (``""`` for none: the window); None when unsure."""
    first_look = _FirstLook(prog="posapp", add_help=False)
    _add_options(first_look)
    try:
        _, rest = first_look.parse_known_args(argv)
    except _Unsure:
        return None
    if not rest:
        return ""
    known = {word for words, _ in _GROUPS for word in words}
    return rest[0] if rest[0] in known else None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    word = _command_word(arguments)
    parser = build_parser(_EVERY if word is None else word)
    try:
        args = parser.parse_args(arguments)
        if getattr(args, "run", None) is None:
            from posapp import app  # Qt is imported only when a window is wanted

            if args.self_test:
                return app.self_test(args.profile, demo=args.demo)
            if args.demo:
                return app.run_demo(args.profile)
            return app.run_till(args.profile, kiosk=args.kiosk)
        result: int = args.run(args)
        return result
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        code = _exit_code(exc)
        if code is None:
            raise
        return code


def _exit_code(exc: Exception) -> int | None:
    """Bad input: one line, exit 2. A failure of the machine or the outbox: one line, exit 1.
    Anything else (a bug): None, and the traceback says where."""
    from posapp.commands.common import EXIT_BAD_INPUT, EXIT_FAILED, UsageError
    from posapp.domain.errors import ValidationError
    from posapp.lists.datafile import DataFileError
    from posapp.outbox.lock import DeliveryBusy
    from posapp.outbox.store import OutboxError
    from posapp.setup.credentials import CredentialsError
    from posapp.setup.settings import SettingsError
    from posapp.till import NotSetUp

    if isinstance(exc, UsageError | ValidationError | NotSetUp | SettingsError):
        print(f"posapp: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(exc, OutboxError | DataFileError | CredentialsError | DeliveryBusy | OSError):
        log.error("%s", exc)
        print(f"posapp: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return None
