"""``posapp queue status|list|flush|retry|export``: look after the outbox."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from posapp.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    Subparsers,
    UsageError,
    age,
    till_for,
    when,
)
from posapp.files import create_private_file
from posapp.outbox.store import State
from posapp.till import Till
from posapp.till_delivery import CannotDeliver, DeliveringElsewhere

# Delivery and the export's record format load in the commands that use them (flush, list,
# export): `queue status` is a quick read and imports neither.
if TYPE_CHECKING:
    from posapp.outbox.delivery import DeliveryEvent


def register(commands: Subparsers) -> None:
    queue = commands.add_parser(
        "queue", help="look after the outbox: status, list, flush, retry, export"
    )
    actions = queue.add_subparsers(dest="action", metavar="ACTION", required=True)

    status = actions.add_parser(
        "status", help="counts per state, oldest pending, pause, last error"
    )
    status.add_argument(
        "--format",
        choices=("text", "json", "prometheus"),
        default="text",
        help="text for people (default), one JSON object, or Prometheus' text format",
    )
    status.add_argument(
        "--json", dest="format", action="store_const", const="json", help="same as --format json"
    )
    status.add_argument(
        "--output",
        metavar="FILE",
        help="write to FILE (FILE.tmp, then renamed: a reader never sees half) instead of "
        "standard output; readable by all (for node_exporter's textfile collector)",
    )
    status.set_defaults(run=run_status)

    listing = actions.add_parser("list", help="the orders, oldest first")
    listing.add_argument("--state", choices=[s.value for s in State], help="only this state")
    listing.add_argument("--limit", type=int, help="at most this many")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(run=run_list)

    flush = actions.add_parser("flush", help="deliver everything that is due, now")
    flush.add_argument(
        "--now", action="store_true", help="ignore the backoff: try every pending order"
    )
    flush.set_defaults(run=run_flush)

    retry = actions.add_parser("retry", help="put parked orders back in the queue")
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("ref_code", nargs="?", metavar="REFCODE", help="the parked order")
    which.add_argument("--all-parked", action="store_true", help="every parked order")
    retry.set_defaults(run=run_retry)

    lost = actions.add_parser(
        "acknowledge-lost",
        help="the lost outbox was looked into: stop reporting it (status bar, queue status)",
    )
    lost.set_defaults(run=run_acknowledge_lost)

    export = actions.add_parser("export", help="write orders as JSON lines (for a support ticket)")
    export.add_argument("--state", choices=[s.value for s in State], default="parked")
    export.add_argument("file", metavar="FILE", help="where to write, or - for standard output")
    export.set_defaults(run=run_export)


def status_json(till: Till) -> dict[str, Any]:
    """``queue status --json``'s object (also in ``posapp logs export``)."""
    if not till.profile.outbox_file.exists():
        return {"counts": {s.value: 0 for s in State}, "outbox": "none yet"}
    with till:
        status = till.outbox.status()
    return {**status.to_json(time.time()), "deliverer_running": till.deliverer_elsewhere()}


def run_status(args: argparse.Namespace) -> int:
    till = till_for(args, log=False)
    if args.format == "prometheus":
        return _print(args.output, _prometheus_status(till))
    if args.format == "json":
        return _print(args.output, json.dumps(status_json(till)))
    if not till.profile.outbox_file.exists():
        return _print(args.output, "no outbox yet: no order was ever queued")
    with till:
        status = till.outbox.status()
    now = time.time()
    delivering_now = till.deliverer_elsewhere()
    counts = status.counts
    oldest = (
        ""
        if status.oldest_pending_at is None
        else f" (oldest {age(now - status.oldest_pending_at)} old)"
    )
    lines = [
        f"pending:  {counts.get(State.PENDING, 0)}{oldest}",
        f"sending:  {counts.get(State.SENDING, 0)}",
        f"sent:     {counts.get(State.SENT, 0)}",
        f"parked:   {counts.get(State.PARKED, 0)}",
        f"possibly duplicated: {status.possibly_duplicated}",
        f"delivery: {'paused: ' + status.paused if status.paused else 'not paused'}"
        f"{'; a posapp is delivering now' if delivering_now else ''}",
        f"last sent: {when(status.last_sent_at)}",
        f"last error: {status.last_error or 'none'}",
    ]
    if status.lost:
        lines.append(f"WARNING: {status.lost}")
    return _print(args.output, "\n".join(lines))


def _prometheus_status(till: Till) -> str:
    """The exposition text. The delivery lock is never probed: a timer running this every
    minute must not make a starting till believe another posapp is delivering."""
    from posapp import __version__
    from posapp.outbox.metrics import exposition  # here: a plain ``queue status`` needs none

    status = None
    if till.profile.outbox_file.exists():
        with till:
            status = till.outbox.status()
    till_id = till.settings().till_id
    return exposition(status, till_id=till_id, version=__version__, now=time.time())


def _print(output: str | None, text: str) -> int:
    """``text`` (with its line end) on standard output, or atomically into ``output``."""
    text = text if text.endswith("\n") else text + "\n"
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    from posapp.files import write_atomically

    try:
        write_atomically(Path(output), text.encode("utf-8"), mode=0o644)
    except OSError as exc:
        print(f"posapp: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from posapp.outbox.report import entry_record

    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    till = till_for(args, log=False)
    with till.open_outbox() as outbox:
        state = State(args.state) if args.state else None
        for entry in outbox.entries(state, args.limit):
            if args.json:
                print(json.dumps(entry_record(entry)))
            else:
                error = f"  {entry.last_error}" if entry.last_error else ""
                print(
                    f"{entry.ref_code}  {entry.state.value:<7}  {entry.total} {entry.currency}  "
                    f"tries {entry.attempts}  {when(entry.created_at)}{error}"
                )
    return EXIT_OK


def run_flush(args: argparse.Namespace) -> int:
    till = till_for(args)
    till.ready_settings()
    from posapp.outbox.delivery import EventKind

    tally = {kind: 0 for kind in EventKind}
    show_progress = sys.stdout.isatty()

    def progress(event: DeliveryEvent) -> None:
        tally[event.kind] += 1
        if show_progress:
            print(
                f"\rsent {tally[EventKind.SENT]}, parked {tally[EventKind.PARKED]}, "
                f"to retry {tally[EventKind.WILL_RETRY]}",
                end="",
                flush=True,
            )

    with till:
        stopped = ""
        try:
            with till.delivering_here(progress) as deliverer:
                while True:
                    events = deliverer.deliver_batch(ignore_backoff=args.now)
                    if not events:
                        stopped = deliverer.paused or ""
                        break
                    if events[-1].kind in {EventKind.WILL_RETRY, EventKind.PAUSED}:
                        stopped = events[-1].describe()
                        break
        except DeliveringElsewhere as exc:  # the window delivers: nothing is wrong
            print(str(exc))
            return EXIT_OK
        except CannotDeliver as exc:
            stopped = str(exc)
        pending = till.outbox.status().counts.get(State.PENDING, 0)
    waiting = pending and not stopped
    if waiting:
        stopped = "they wait for their next try; --now tries them at once"
    if show_progress:
        print()
    print(
        f"flushed: {tally[EventKind.SENT]} sent, {tally[EventKind.PARKED]} parked, "
        f"{pending} still pending" + (f" ({stopped})" if stopped else "")
    )
    return EXIT_FAILED if pending and not waiting else EXIT_OK


def run_retry(args: argparse.Namespace) -> int:
    till = till_for(args)
    with till.open_outbox() as outbox:
        if args.all_parked:
            count = outbox.retry_all_parked()
            print(f"{count} parked order(s) back in the queue")
            return EXIT_OK
        if not outbox.retry(args.ref_code):
            entry = outbox.get(args.ref_code)
            where = "no order has that refCode" if entry is None else f"it is {entry.state.value}"
            print(f"posapp: {args.ref_code} is not parked: {where}", file=sys.stderr)
            return EXIT_FAILED
    print(f"{args.ref_code} back in the queue")
    return EXIT_OK


def run_acknowledge_lost(args: argparse.Namespace) -> int:
    till = till_for(args)
    with till.open_outbox() as outbox:
        day = outbox.acknowledge_lost()
    if day is None:
        print("no lost outbox is reported: nothing to acknowledge")
    else:
        print(f"the outbox lost on {day} is no longer reported (the log keeps the record)")
    return EXIT_OK


@contextmanager
def _output(name: str) -> Iterator[IO[str]]:
    if name == "-":
        yield sys.stdout
        return
    path = Path(name)
    temp = path.with_name(f".{path.name}.partial")
    try:
        temp.unlink(missing_ok=True)  # a partial file left behind: made anew, 0600
        create_private_file(temp)
        with temp.open("w", encoding="utf-8") as handle:
            yield handle
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)


def run_export(args: argparse.Namespace) -> int:
    from posapp.outbox.report import entry_record

    till = till_for(args)
    count = 0
    with till.open_outbox() as outbox, _output(args.file) as out:
        for entry in outbox.entries(State(args.state)):
            out.write(json.dumps(entry_record(entry)) + "\n")
            count += 1
    if args.file != "-":
        print(f"{count} {args.state} order(s) written to {args.file}")
    return EXIT_OK
