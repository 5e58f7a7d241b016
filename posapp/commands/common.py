"""What the commands share: exit codes, the till from ``--profile``, times for people."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from posapp.setup.profile import Profile
from posapp.till import Till

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

Subparsers = Any  # argparse's private _SubParsersAction


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit code 2."""


def till_for(args: argparse.Namespace, *, log: bool = True) -> Till:
    """The till of ``--profile`` (nothing opened yet); ``log``: its log file is written too."""
    profile = Profile.locate(args.profile)
    if log:
        from posapp.setup.logs import setup_logging  # not for the quick reads (queue status)

        profile.ensure_dirs()
        setup_logging(profile)
    return Till(profile)


def when(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def age(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 120:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    return f"{hours // 24} days"


def register_sandbox(commands: Subparsers) -> None:
    sandbox = commands.add_parser(
        "sandbox", help="run a local stand-in of the endpoint (for tests, demos and go-live checks)"
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8080, help="port (default 8080, 0 = any free)")
    sandbox.add_argument("--site", default="demo", help="site code it accepts (default demo)")
    sandbox.add_argument("--token", default="demo-token", help="site token it accepts")
    sandbox.set_defaults(run=run_sandbox)


def run_sandbox(args: argparse.Namespace) -> int:
    from posapp.tracker.sandbox import serve

    try:
        serve(args.host, args.port, args.site, args.token)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        print(f"posapp: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
