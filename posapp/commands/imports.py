"""``posapp catalog import FILE.csv`` and ``posapp customers import FILE.csv`` (``--check``,
``--yes``, ``--max-rejects``); the other actions on the two lists are in ``commands.lists``.

Each import replaces the whole list in one transaction and keeps the replaced one for
``restore``. A file that cannot be read right, that would lose more than a few rows, or that
would change the list a lot without ``--yes`` changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from posapp.commands import lists
from posapp.commands.common import EXIT_FAILED, EXIT_OK, Subparsers, UsageError, till_for
from posapp.lists.csvfile import CsvError
from posapp.lists.imports import ListKind, details, import_list, outcome, summary
from posapp.lists.listfile import Limits

SHOWN_REJECTS = 50


def register(commands: Subparsers) -> None:
    for name, what, columns, description in (
        (
            ListKind.CATALOG,
            "the product list (refCode, name, price, barcode)",
            "refCode,name,price[,barcode]",
            "A header row is optional; fields may be separated by , ; or tabs, decided from the "
            "first lines of the file (with ; or tabs, or when the store's language writes "
            "numbers that way, a price may use a decimal comma: 6,50); UTF-8 with or without "
            "BOM. Bad rows are listed and skipped.",
        ),
        (
            ListKind.CUSTOMERS,
            "the customer directory (card or email -> ID)",
            "card,customerId[,name]",
            "card may be a loyalty card number or an email; customerId is the pseudonymised ID "
            "that is sent; name is only shown to the cashier. Emails are never sent.",
        ),
    ):
        group = commands.add_parser(name.value, help=what)
        actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
        load = actions.add_parser(
            "import",
            help=f"replace the {name.what} with a CSV file: {columns}",
            description=f"Replace the {name.what} with a CSV file of {columns}. {description} "
            f"Nothing is replaced when more than --max-rejects of the rows cannot be used; a "
            f"file that would shrink the {name.what} by more than half, or change many "
            f"{'prices' if name == 'catalog' else 'customer IDs'}, needs --yes. The replaced "
            f"{name.what} is kept: 'posapp {name} restore' brings it back.",
        )
        load.add_argument("file", metavar="FILE.csv")
        load.add_argument(
            "--check",
            action="store_true",
            help="only show what the file would change (added, removed, changed, rejected); "
            "change nothing",
        )
        load.add_argument(
            "--yes",
            action="store_true",
            help="replace even when the list would shrink by more than half or change a lot",
        )
        load.add_argument(
            "--max-rejects",
            metavar="PERCENT",
            type=_percent,
            default=None,
            help="the share of rows that may be rejected, in percent (default: the setting "
            "import_max_rejects, 1); above it nothing is replaced",
        )
        load.set_defaults(run=run_import, kind=name)
        lists.register_actions(actions, name)


def _percent(text: str) -> float:
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage from 0 to 100")
    return value


def _file(name: str) -> Path:
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"cannot read {name}: no such file")
    return path


def run_import(args: argparse.Namespace) -> int:
    kind: ListKind = args.kind
    till = till_for(args)
    settings = till.settings()
    path = _file(args.file)
    till.profile.ensure_dirs()
    target = kind.file(till.profile)
    percent = settings.import_max_rejects if args.max_rejects is None else args.max_rejects
    limits = Limits(
        max_rejects=percent / 100,
        max_changed=settings.import_max_price_changes / 100,
        confirmed=args.yes,
    )
    try:
        plan = import_list(
            kind,
            path,
            target,
            settings.currency,
            lang=settings.lang,
            limits=limits,
            check_only=args.check,
        )
    except CsvError as exc:
        print(f"posapp: {path}: {exc}; the {kind.what} was not changed", file=sys.stderr)
        return EXIT_FAILED
    print(summary(plan))
    for line in details(plan, SHOWN_REJECTS):
        print(line)
    print(outcome(plan, "If that is what you want, run the import again with --yes."))
    if plan.replaced:
        print(f"('posapp {kind} restore' brings the previous {kind.what} back)")
    would_go = not plan.refused and (not plan.to_confirm or args.yes)
    return EXIT_OK if plan.replaced or (args.check and would_go) else EXIT_FAILED
