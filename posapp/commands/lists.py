"""``posapp catalog show|export|restore`` and ``posapp customers show|export|restore``: look a
code up as the till sees it, write the list back out as CSV, go back to the list an import
replaced. (``import`` is in ``commands.imports``, which registers these next to it.)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from posapp.commands.common import EXIT_FAILED, EXIT_OK, Subparsers, UsageError, till_for, when
from posapp.lists.catalog import Catalog
from posapp.lists.customers import Customers, card_key
from posapp.lists.export import export_catalog, export_customers
from posapp.lists.imports import ListKind, restore_list
from posapp.lists.listfile import ListInfo


def register_actions(actions: Subparsers, kind: ListKind) -> None:
    what = kind.what
    show = actions.add_parser(
        "show",
        help="what the till has for a refCode or barcode"
        if kind == "catalog"
        else "what the till has for a loyalty card number or email",
    )
    show.add_argument("code", metavar="CODE" if kind == "catalog" else "CARD")
    show.set_defaults(run=run_show, kind=kind)
    export = actions.add_parser(
        "export",
        help=f"write the {what} to a CSV file that imports again to the same list",
        description=f"Write the {what} to a CSV file (UTF-8) that 'posapp {kind} import' reads "
        "back to the same list."
        + (
            " Customers known by their email are left out unless --include-emails is given: "
            "emails are personal data."
            if kind == "customers"
            else ""
        ),
    )
    export.add_argument("file", metavar="FILE.csv")
    if kind == "customers":
        export.add_argument(
            "--include-emails",
            action="store_true",
            help="also write customers known by their email address (personal data)",
        )
    export.set_defaults(run=run_export, kind=kind)
    restore = actions.add_parser(
        "restore",
        help=f"bring back the {what} the last import replaced (run again to undo)",
    )
    restore.set_defaults(run=run_restore, kind=kind)


def _target(args: argparse.Namespace) -> Path:
    till = till_for(args)
    till.profile.ensure_dirs()
    kind: ListKind = args.kind
    return kind.file(till.profile)


def _about(info: ListInfo | None, unit: str) -> str:
    if info is None:
        return "none"
    source = f", from {info.source} ({when(info.imported_at)})" if info.source else ""
    return f"{info.rows:,} {unit}{source}"


def run_show(args: argparse.Namespace) -> int:
    target = _target(args)
    if args.kind == "catalog":
        catalog = Catalog(target)
        try:
            product, info = catalog.lookup(args.code.strip()), catalog.info()
        finally:
            catalog.close()
        if product is None:
            print(
                f"posapp: no product has the refCode or barcode {args.code.strip()!r}; "
                f"the catalog has {_about(info, 'products')}",
                file=sys.stderr,
            )
            return EXIT_FAILED
        print(f"refCode  {product.ref_code}")
        print(f"name     {product.name}")
        print(f"price    {product.price}")
        print(f"barcode  {product.barcode or '-'}")
        return EXIT_OK
    directory = Customers(target)
    try:
        known, info = directory.lookup(args.code), directory.info()
    finally:
        directory.close()
    if known is None:
        print(
            f"posapp: no customer has the card or email {args.code.strip()!r}; "
            f"the directory has {_about(info, 'customers')}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"card         {card_key(args.code)}")
    print(f"customerId   {known.customer_id}")
    print(f"name         {known.name or '-'}")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    out = Path(args.file)
    if out.is_dir():
        raise UsageError(f"{out} is a folder; name the CSV file to write")
    target = _target(args)
    if args.kind == "catalog":
        print(f"{export_catalog(target, out):,} products written to {out}")
        return EXIT_OK
    written, left_out = export_customers(target, out, args.include_emails)
    print(f"{written:,} customers written to {out}")
    if left_out:
        print(
            f"{left_out:,} customers known by their email were left out (personal data); "
            "add --include-emails to write them too"
        )
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    kind: ListKind = args.kind
    what = kind.what
    info = restore_list(kind, _target(args))
    if info is None:
        print(
            f"posapp: there is no previous {what} to restore (one is kept from the "
            f"first import that replaces the {what})",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"The previous {what} is back: {_about(info, kind.unit)}.")
    print(f"The one it replaced is kept: 'posapp {args.kind} restore' again undoes this.")
    return EXIT_OK
