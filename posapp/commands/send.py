"""``posapp send FILE.json | -``: queue one order given in the spec's format and try to send it."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from posapp.commands.common import EXIT_FAILED, EXIT_OK, Subparsers, UsageError, till_for
from posapp.domain.payload import OrderDefaults, parse_payload
from posapp.outbox.delivery import Deliverer, DeliveryEvent
from posapp.outbox.store import State
from posapp.till import CannotDeliver

MAX_INPUT = 1024 * 1024
DEFAULT_TIMEOUT = 5.0


def register(commands: Subparsers) -> None:
    send = commands.add_parser(
        "send",
        help="queue an order (JSON in the endpoint's format) and try to send it now",
        description="Read an order in the endpoint's JSON format, fill in what is absent from "
        "the settings (store attributes, lang, currency, orderDate = now, refCode = the next "
        "order number of this till), check the totals, queue it, and try to send it. Prints "
        "'sent REF' or 'queued REF: reason' (exit 0: the order is safe either way), or "
        "'parked REF: reason' when the endpoint rejected it (exit 1). Invalid input: exit 2, "
        "nothing queued. It answers within --timeout seconds: an endpoint that has not answered "
        "by then leaves the order queued for the next flush or the till window.",
    )
    send.add_argument("file", metavar="FILE", help="the order as JSON, or - to read standard input")
    send.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        help=f"the most time sending may take, in all (default {DEFAULT_TIMEOUT:g})",
    )
    send.set_defaults(run=run_send)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0.1 <= seconds <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0.1 to 600")
    return seconds


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
                event = _attempt(deliverer, ref, args.timeout)
        except CannotDeliver as exc:
            print(f"queued {ref}: {exc}")
            return EXIT_OK
        final = till.outbox.get(ref)
    if final is None:  # only if someone removed it meanwhile: never claim it was sent
        print(f"posapp: order {ref} is no longer in the outbox", file=sys.stderr)
        return EXIT_FAILED
    if final.state is State.PENDING and event is not None:
        if event.outcome is not None and event.outcome.out_of_time:
            print(f"queued {ref}: the endpoint did not answer in {args.timeout:g} s")
            return EXIT_OK
        if event.ref_code != ref:
            print(
                f"queued {ref}: older orders went first and the {args.timeout:g} s were up; "
                "the next flush (or the till window) sends it"
            )
            return EXIT_OK
    if final.state is State.SENT:
        print(f"sent {ref}")
        return EXIT_OK
    if final.state is State.PARKED:
        print(f"parked {ref}: {final.last_error}")
        return EXIT_FAILED
    print(f"queued {ref}: {final.last_error or 'waiting for its turn'}")
    return EXIT_OK


def _attempt(deliverer: Deliverer, ref: str, timeout: float) -> DeliveryEvent | None:
    """Older due orders go first, then this order's one attempt; all within ``timeout`` s.

    Each attempt may take only the time left (the client enforces it on every socket read and
    write), so the command answers in ``timeout`` seconds whatever the endpoint does.
    """
    from posapp.tracker.client import TrackerClient

    client = deliverer.sender
    deadline = time.monotonic() + timeout
    event: DeliveryEvent | None = None
    while (left := deadline - time.monotonic()) > 0:
        if isinstance(client, TrackerClient):
            client.time_limit = left
        event = deliverer.deliver_one()
        if event is None or event.ref_code == ref:
            return event
    return event
