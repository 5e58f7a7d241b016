"""The command line: ``posapp [--demo] COMMAND ...``. No Qt is imported here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from posapp import __version__
from posapp.domain.errors import ValidationError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

Command = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="posapp",
        description="Till companion: send store orders to the offline order tracking endpoint.",
    )
    parser.add_argument("--version", action="version", version=f"posapp {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start on the built-in demo setup: no credentials, a local sandbox endpoint",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    sandbox = commands.add_parser(
        "sandbox", help="run a local stand-in of the endpoint (for tests, demos and go-live checks)"
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8080, help="port (default 8080, 0 = any free)")
    sandbox.add_argument("--site", default="demo", help="site code it accepts (default demo)")
    sandbox.add_argument("--token", default="demo-token", help="site token it accepts")
    sandbox.set_defaults(run=run_sandbox)
    return parser


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


def run_demo(args: argparse.Namespace) -> int:
    from posapp.tracker.sandbox import DEMO_SITE, DEMO_TOKEN, serve

    print("posapp demo: the till window is not built yet; starting the sandbox endpoint.")
    serve("127.0.0.1", 0, DEMO_SITE, DEMO_TOKEN)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Command | None = getattr(args, "run", None)
    if run is None:
        run = run_demo if args.demo else None
    if run is None:
        parser.print_help()
        return EXIT_OK
    try:
        return run(args)
    except (UsageError, ValidationError) as exc:
        print(f"posapp: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
