"""``posapp catalog import FILE.csv`` and ``posapp customers import FILE.csv``.

Each import replaces the whole list in one transaction: a file that fails midway leaves the
old list as it was. Rows that cannot be used are listed with their line and the reason.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from posapp.commands.common import EXIT_FAILED, EXIT_OK, Subparsers, UsageError, runtime
from posapp.lists.csvfile import CsvError, Rejected
from posapp.lists.imports import NAMES, import_list

SHOWN_REJECTS = 50


def register(commands: Subparsers) -> None:
    for name, what, columns, description, run in (
        (
            "catalog", "the product list (refCode, name, price, barcode)",
            "refCode,name,price[,barcode]",
            "A header row is optional; fields may be separated by , or ; (with ;, or when the "
            "store's language writes numbers that way, a price may use a decimal comma: 6,50); "
            "UTF-8 with or without BOM. Bad rows are listed and skipped.",
            run_catalog_import,
        ),
        (
            "customers", "the customer directory (card or email -> ID)",
            "card,customerId[,name]",
            "card may be a loyalty card number or an email; customerId is the pseudonymised ID "
            "that is sent; name is only shown to the cashier. Emails are never sent.",
            run_customers_import,
        ),
    ):  # fmt: skip
        group = commands.add_parser(name, help=what)
        actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
        load = actions.add_parser(
            "import",
            help=f"replace the {NAMES[name]} with a CSV file: {columns}",
            description=f"Replace the {NAMES[name]} with a CSV file of {columns}. {description}",
        )
        load.add_argument("file", metavar="FILE.csv")
        load.set_defaults(run=run)


def _report(kind: str, imported: int, rejected: list[Rejected]) -> int:
    print(f"{imported} {kind} imported; {len(rejected)} row(s) rejected")
    for row in rejected[:SHOWN_REJECTS]:
        print(f"  {row}")
    if len(rejected) > SHOWN_REJECTS:
        print(f"  ... and {len(rejected) - SHOWN_REJECTS} more")
    return EXIT_OK if imported or not rejected else EXIT_FAILED


def _file(name: str) -> Path:
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"cannot read {name}: no such file")
    return path


def run_catalog_import(args: argparse.Namespace) -> int:
    return _import(args, "catalog", "products")


def run_customers_import(args: argparse.Namespace) -> int:
    return _import(args, "customers", "customers")


def _import(args: argparse.Namespace, kind: str, rows: str) -> int:
    rt = runtime(args)
    settings = rt.settings()
    path = _file(args.file)
    rt.profile.ensure_dirs()
    target = rt.profile.catalog_file if kind == "catalog" else rt.profile.customers_file
    try:
        imported, rejected = import_list(kind, path, target, settings.currency, lang=settings.lang)
    except CsvError as exc:
        print(f"posapp: {path}: {exc}; the {NAMES[kind]} was not changed", file=sys.stderr)
        return EXIT_FAILED
    return _report(rows, imported, rejected)
