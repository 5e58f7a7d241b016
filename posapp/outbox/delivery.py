"""Delivery: taking orders out of the outbox and to the endpoint, one request at a time. No Qt.

``Deliverer`` is the policy, step by step, with an injectable clock and random source so tests
never sleep. ``DeliveryWorker`` runs it on a background thread that can be woken, paused,
resumed and stopped, and reports through a plain callback that the window bridges to Qt.

The rules (spec, "Responses"):

* oldest due order first, one request at a time;
* delivered: ``sent``. If orders had been failing, every other pending order is made due now
  (the outbox does it with the mark, whichever front end sent);
* rejected: ``parked`` with the server's reason; the next order goes on;
* credentials rejected: the order goes back untouched and the whole outbox pauses until the
  credentials change or someone resumes it;
* transient or unknown: back off with full jitter (base 2 s, cap 10 min, Retry-After honoured
  within the cap). The hold applies to the whole outbox, so a dead endpoint costs one request
  per backoff, not one per queued order. The hold is measured on the monotonic clock: a
  clock put back or forward never stretches it.

A backlog goes in batches (``deliver_batch``): up to 32 due orders are claimed in one durable
commit, posted one by one, and their ``sent`` marks committed together (one fsync for several
orders, at most ``GROUP_WINDOW`` after the first OK). "Sent" is said for an order only once its
mark is on disk. Until then it is ``sending``: a crash or power cut in between brings it back
as possibly duplicated, never as a silent second copy. Orders of a batch not yet posted when it
stops (a failure, a pause, a stop) go back to pending untouched.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

from posapp.outbox.store import LONGEST_WAIT, Entry, Outbox, OutboxError
from posapp.tracker.outcome import Outcome, OutcomeKind

log = logging.getLogger(__name__)

CREDENTIALS_PAUSE = "credentials rejected: the endpoint refused the site or site token"
NO_TOKEN_PAUSE = "no site token set"  # noqa: S105 - a reason, not a token
BATCH = 32  # the most orders claimed at once (at most this many flagged after a power cut)
GROUP_WINDOW = 0.05  # seconds: the longest an OK waits for its mark to be committed


class Sender(Protocol):
    def post_order(self, body: bytes) -> Outcome: ...


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter: a uniform wait in [0, min(cap, base * 2^(n-1))]."""

    base: float = 2.0
    cap: float = 600.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        cap = min(self.cap, LONGEST_WAIT)  # the outbox treats a later next try as a clock jump
        ceiling = min(cap, self.base * 2 ** min(max(attempts - 1, 0), 30))
        wait = self.rng.uniform(0, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, cap))
        return wait


class EventKind(Enum):
    SENT = "sent"
    WILL_RETRY = "will retry"
    PARKED = "parked"
    PAUSED = "paused"
    RESUMED = "resumed"


@dataclass(frozen=True)
class DeliveryEvent:
    """What happened to one order (or to the outbox), for the window and the command line."""

    kind: EventKind
    ref_code: str | None = None
    outcome: Outcome | None = None
    retry_at: float | None = None
    reason: str = ""  # why delivery paused

    def describe(self) -> str:
        text = f"{self.kind.value} {self.ref_code or ''}".strip()
        if self.outcome is not None and self.kind is not EventKind.SENT:
            text += f": {self.outcome.describe()}"
        return text


Listener = Callable[[DeliveryEvent], None]


def ignore_events(event: DeliveryEvent) -> None:
    """The listener when nobody listens."""


class Deliverer:
    """One batch at a time: claim the oldest due orders, post them, record what happened.

    ``clock`` gives the Unix time stored in the outbox; ``monotonic`` measures the hold (by
    default the injected clock when one is given, so tests drive both with one fake)."""

    def __init__(
        self,
        outbox: Outbox,
        sender: Sender | None,
        *,
        policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] | None = None,
        listener: Listener = ignore_events,
    ) -> None:
        self.outbox = outbox
        self.sender = sender
        self.policy = policy or RetryPolicy()
        self.clock = clock
        self.monotonic = monotonic or (time.monotonic if clock is time.time else clock)
        self.listener = listener
        self.hold_until = 0.0  # on the monotonic clock
        self.paused: str | None = None if sender is not None else NO_TOKEN_PAUSE
        self._round_trip = 0.0  # the requests' recent time, to size the next batch

    def use_sender(self, sender: Sender | None) -> None:
        """New credentials: send with them from now on, and resume a pause for the old ones."""
        self.sender = sender
        if sender is None:
            self.pause(NO_TOKEN_PAUSE)
        else:
            self.resume()

    def resume(self) -> None:
        was = self.paused
        self.paused = None
        self.hold_until = 0.0
        if was is not None:
            self.outbox.set_paused(None)
            log.info("delivery resumed (was paused: %s)", was)
            self.listener(DeliveryEvent(EventKind.RESUMED))

    def pause(self, reason: str) -> None:
        self._set_paused(reason)
        self.listener(DeliveryEvent(EventKind.PAUSED, reason=reason))

    def _set_paused(self, reason: str) -> None:
        self.paused = reason
        self.outbox.set_paused(reason)
        log.warning("delivery paused: %s", reason)

    def expedite(self) -> None:
        """Ignore the backoff once: every pending order is due now. A pause is lifted too (the
        operator asked: "on demand"), unless there is nothing to send with."""
        if self.paused is not None and self.sender is not None:
            self.resume()
        self.hold_until = 0.0
        self.outbox.make_due()

    def on_hold(self) -> bool:
        return self.monotonic() < self.hold_until

    def hold_left(self) -> float:
        """Seconds until the hold ends (0 when there is none)."""
        return max(0.0, self.hold_until - self.monotonic())

    def deliver_one(self, *, ignore_backoff: bool = False) -> DeliveryEvent | None:
        """Deliver the oldest due order. None when paused, on hold or nothing is due."""
        events = self.deliver_batch(1, ignore_backoff=ignore_backoff, keep_going=lambda: False)
        return events[0] if events else None

    def deliver_batch(
        self,
        limit: int = BATCH,
        *,
        ignore_backoff: bool = False,
        keep_going: Callable[[], bool] = lambda: True,
    ) -> list[DeliveryEvent]:
        """Deliver due orders, oldest first, ``limit`` claimed at a time, until none is due, one
        fails or ``keep_going`` (asked before each request after the first) says stop; the
        events, in the order they were reported. Empty when paused, on hold or nothing is due.

        One durable commit per batch: the ``sent`` marks of a batch and the claim of the next
        (or the marks alone, when ``GROUP_WINDOW`` has passed since the first unmarked OK)."""
        if self.paused is not None or self.sender is None:
            return []
        if not ignore_backoff and self.on_hold():
            return []
        batch = self.outbox.claim_batch(self._size(limit), ignore_backoff=ignore_backoff)
        events: list[DeliveryEvent] = []
        delivered: list[tuple[Entry, Outcome]] = []
        first_ok = 0.0
        while batch:
            posted = 0
            try:
                for entry in batch:
                    if (events or delivered) and not keep_going():
                        break
                    outcome = self._post(entry)
                    posted += 1
                    if not outcome.delivered:
                        events += self._mark_sent(delivered)
                        event = self._record(entry, outcome)
                        self.listener(event)
                        events.append(event)
                        if event.kind is EventKind.PARKED:
                            continue  # the next order goes on
                        return events  # on hold or paused: the rest wait
                    if not delivered:
                        first_ok = time.monotonic()
                    delivered.append((entry, outcome))
                    if time.monotonic() - first_ok >= GROUP_WINDOW:
                        events += self._mark_sent(delivered)
            finally:
                # Never posted: back as they were. (If even that fails they stay ``sending``
                # and come back flagged possibly duplicated: a false flag, never a lost order.)
                self._release(batch[posted:])
            if posted < len(batch) or not keep_going():
                break
            # The batch is through: its marks and the next claim in one commit.
            batch = []
            events += self._mark_sent(
                delivered,
                then_claim=self._size(limit),
                ignore_backoff=ignore_backoff,
                claimed=batch,
            )
        events += self._mark_sent(delivered)
        return events

    def _size(self, limit: int) -> int:
        # A slow endpoint gets batches of one: few orders wait in ``sending`` at a time.
        return 1 if self._round_trip > GROUP_WINDOW else max(1, limit)

    def _post(self, entry: Entry) -> Outcome:
        assert self.sender is not None
        start = time.monotonic()
        try:
            outcome = self.sender.post_order(entry.payload)
        except Exception as exc:  # a bug must not strand the order in "sending"
            log.exception("order %s: sending failed unexpectedly", entry.ref_code)
            outcome = Outcome(OutcomeKind.UNKNOWN, detail=f"internal error: {type(exc).__name__}")
        took = time.monotonic() - start  # smoothed: one request held up by the machine is no trend
        self._round_trip = took if not self._round_trip else 0.8 * self._round_trip + 0.2 * took
        return outcome

    def _release(self, entries: list[Entry]) -> None:
        try:
            self.outbox.release([entry.id for entry in entries])
        except OutboxError as exc:
            log.error("%d claimed order(s) stay in sending: %s", len(entries), exc)

    def _mark_sent(
        self,
        delivered: list[tuple[Entry, Outcome]],
        *,
        then_claim: int = 0,
        ignore_backoff: bool = False,
        claimed: list[Entry] | None = None,
    ) -> list[DeliveryEvent]:
        """Commit the marks of ``delivered`` (one fsync; with ``then_claim``, the next batch's
        claim too, put in ``claimed``), then say "sent" for each; empties ``delivered``. If the
        commit fails they stay ``sending`` (recovered as possibly duplicated)."""
        if not delivered and not then_claim:
            return []
        marks = [(entry.id, _note(outcome)) for entry, outcome in delivered]
        got = self.outbox.mark_sent_many(
            marks, then_claim=then_claim, ignore_backoff=ignore_backoff
        )
        if claimed is not None:
            claimed += got
        events = []
        for (entry, outcome), (_, note) in zip(delivered, marks, strict=True):
            log.info(
                "order %s sent (attempt %d)%s", entry.ref_code, entry.attempts,
                f": {note}" if note else "",
            )  # fmt: skip
            event = DeliveryEvent(EventKind.SENT, entry.ref_code, outcome)
            self.listener(event)
            events.append(event)
        if delivered:
            self.hold_until = 0.0
        delivered.clear()
        return events

    def _record(self, entry: Entry, outcome: Outcome) -> DeliveryEvent:
        """A request that did not deliver: park, pause or back off."""
        ref = entry.ref_code
        said = outcome.describe()  # the client has redacted it (the token never reaches it)
        if outcome.kind is OutcomeKind.REJECTED:
            self.outbox.park(entry.id, said)
            log.warning("order %s parked: %s", ref, said)
            return DeliveryEvent(EventKind.PARKED, ref, outcome)
        if outcome.kind is OutcomeKind.CREDENTIALS_REJECTED:
            self.outbox.put_back(entry.id, said)
            self._set_paused(CREDENTIALS_PAUSE)
            return DeliveryEvent(EventKind.PAUSED, ref, outcome, reason=CREDENTIALS_PAUSE)
        unknown = outcome.kind is OutcomeKind.UNKNOWN
        wait = self.policy.delay(entry.attempts, outcome.retry_after)
        retry_at = self.clock() + wait
        self.outbox.reschedule(entry.id, retry_at, said, unknown=unknown)
        self.hold_until = self.monotonic() + wait
        log.warning(
            "order %s not delivered (attempt %d, %s), next try in %.1f s%s",
            ref, entry.attempts, said, wait, "; it may have arrived" if unknown else "",
        )  # fmt: skip
        return DeliveryEvent(EventKind.WILL_RETRY, ref, outcome, retry_at)


def _note(outcome: Outcome) -> str | None:
    """What is kept with a sent order: the server's warnings, if it gave any."""
    return outcome.describe() if outcome.kind is OutcomeKind.DELIVERED_WITH_WARNINGS else None


def __getattr__(name: str) -> Any:
    """``DeliveryWorker`` lives in ``worker.py``; this name keeps older imports working."""
    if name == "DeliveryWorker":
        from posapp.outbox.worker import DeliveryWorker

        return DeliveryWorker
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
