"""``posapp send FILE.json | -``: queue one order given in the spec's format and try to send it."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from posapp.commands.common import EXIT_FAILED, EXIT_OK, Subparsers, UsageError, till_for
from posapp.domain.payload import OrderDefaults, parse_payload
from posapp.files import describe_os_error
from posapp.outbox.delivery import Deliverer, DeliveryEvent
from posapp.outbox.store import OutboxError, State
from posapp.setup.credentials import CredentialsError
from posapp.till import Till
from posapp.till_delivery import CannotDeliver

log = logging.getLogger(__name__)

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
    """Queue, then try to send. Once the order is committed every later failure (a full disk
    on the mark, an unusable lock, a keyring, the endpoint, a bug) is reported as ``queued
    REF: what went wrong`` with exit 0: the order is in the outbox, and a caller that sent it
    again would make a duplicate sale."""
    till = till_for(args)
    try:
        ref = _queue(till, args)
    except BaseException:
        till.stop()
        raise
    try:
        code, said = _deliver(till, ref, args.timeout)
    except Exception as exc:
        code, said = EXIT_OK, f"queued {ref}: {_why(exc)}"
    finally:
        try:
            till.stop()
        except Exception as exc:  # closing after the commit: the order is queued all the same
            log.warning("closing after order %s was queued: %s", ref, _why(exc))
    print(said, file=sys.stderr if code == EXIT_FAILED and said.startswith("posapp:") else None)
    return code


def _queue(till: Till, args: argparse.Namespace) -> str:
    """Commit the order; its refCode. Nothing is queued when this raises."""
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
    return till.queue_order(order, numbered=bool(numbered)).ref_code


def _deliver(till: Till, ref: str, timeout: float) -> tuple[int, str]:
    """One try at sending the queued order ``ref``: the exit code and the line to print."""
    try:
        with till.delivering_here() as deliverer:
            event = _attempt(deliverer, ref, timeout)
    except CannotDeliver as exc:
        return EXIT_OK, f"queued {ref}: {exc}"
    final = till.outbox.get(ref)
    if final is None:  # only if someone removed it meanwhile: never claim it was sent
        return EXIT_FAILED, f"posapp: order {ref} is no longer in the outbox"
    if final.state is State.PENDING and event is not None:
        if event.outcome is not None and event.outcome.out_of_time:
            return EXIT_OK, f"queued {ref}: the endpoint did not answer in {timeout:g} s"
        if event.ref_code != ref:
            return EXIT_OK, (
                f"queued {ref}: older orders went first and the {timeout:g} s were up; "
                "the next flush (or the till window) sends it"
            )
    if final.state is State.SENT:
        return EXIT_OK, f"sent {ref}"
    if final.state is State.PARKED:
        return EXIT_FAILED, f"parked {ref}: {final.last_error}"
    return EXIT_OK, f"queued {ref}: {final.last_error or 'waiting for its turn'}"


def _why(exc: Exception) -> str:
    """What stopped the try, in one line; the order stays queued whatever it was."""
    if isinstance(exc, OSError):
        return f"{describe_os_error(exc)}; it stays queued and the next flush sends it"
    if isinstance(exc, OutboxError | CredentialsError):
        return str(exc)
    log.error("order queued, then sending stopped by an unexpected error", exc_info=exc)
    return (
        f"sending stopped by an unexpected error ({type(exc).__name__}, see the log); "
        "it stays queued and the next flush (or the till window) sends it"
    )


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
