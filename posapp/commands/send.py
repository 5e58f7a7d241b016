"""``posapp send FILE.json | -``: queue one order given in the spec's format and try to send it."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from posapp.commands.common import EXIT_FAILED, EXIT_OK, Subparsers, UsageError, till_for
from posapp.domain.payload import OrderDefaults, parse_payload
from posapp.outbox.store import State
from posapp.till import CannotDeliver

MAX_INPUT = 1024 * 1024


def register(commands: Subparsers) -> None:
    send = commands.add_parser(
        "send",
        help="queue an order (JSON in the endpoint's format) and try to send it now",
        description="Read an order in the endpoint's JSON format, fill in what is absent from "
        "the settings (store attributes, lang, currency, orderDate = now, refCode = the next "
        "order number of this till), check the totals, queue it, and try to send it. Prints "
        "'sent REF' or 'queued REF: reason' (exit 0: the order is safe either way), or "
        "'parked REF: reason' when the endpoint rejected it (exit 1). Invalid input: exit 2, "
        "nothing queued.",
    )
    send.add_argument("file", metavar="FILE", help="the order as JSON, or - to read standard input")
    send.set_defaults(run=run_send)


def read_input(name: str) -> bytes:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT + 1)
    else:
        try:
            with Path(name).open("rb") as handle:
                data = handle.read(MAX_INPUT + 1)
        except OSError as exc:
            raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    if len(data) > MAX_INPUT:
        raise UsageError(f"{name} is larger than 1 MB; an order is never that big")
    return data


def run_send(args: argparse.Namespace) -> int:
    with till_for(args) as till:
        settings = till.ready_settings()
        data = read_input(args.file)
        defaults = OrderDefaults(
            currency=settings.currency,
            lang=settings.lang,
            store_attributes=settings.store,
            info_keys=settings.info_keys,
        )
        numbered: list[bool] = []

        def needs_number() -> str:
            numbered.append(True)
            return "UNNUMBERED"  # replaced by the outbox's next number, in the same transaction

        order = parse_payload(data, defaults, now=datetime.now(UTC), new_ref_code=needs_number)
        ref = till.queue_order(order, numbered=bool(numbered)).ref_code
        try:
            with till.delivering_here() as deliverer:
                # Older due orders go first; stop after this order's one attempt.
                while (event := deliverer.deliver_one()) is not None and event.ref_code != ref:
                    pass
        except CannotDeliver as exc:
            print(f"queued {ref}: {exc}")
            return EXIT_OK
        final = till.outbox.get(ref)
    if final is None:  # only if someone removed it meanwhile: never claim it was sent
        print(f"posapp: order {ref} is no longer in the outbox", file=sys.stderr)
        return EXIT_FAILED
    if final.state is State.SENT:
        print(f"sent {ref}")
        return EXIT_OK
    if final.state is State.PARKED:
        print(f"parked {ref}: {final.last_error}")
        return EXIT_FAILED
    print(f"queued {ref}: {final.last_error or 'waiting for its turn'}")
    return EXIT_OK
