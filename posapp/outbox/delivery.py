"""Delivery: taking orders out of the outbox and to the endpoint, one at a time. No Qt here.

``Deliverer`` is the policy, step by step, with an injectable clock and random source so tests
never sleep. ``DeliveryWorker`` runs it on a background thread that can be woken, paused,
resumed and stopped, and reports through a plain callback that the window bridges to Qt.

The rules (spec, "Responses"):

* oldest due order first, one request at a time;
* delivered: ``sent``. If orders had been failing, every other pending order is made due now;
* rejected: ``parked`` with the server's reason; the next order goes on;
* credentials rejected: the order goes back untouched and the whole outbox pauses until the
  credentials change or someone resumes it;
* transient or unknown: back off with full jitter (base 2 s, cap 10 min, Retry-After honoured
  within the cap). The hold applies to the whole outbox, so a dead endpoint costs one request
  per backoff, not one per queued order.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from posapp.outbox.store import Entry, Outbox, OutboxError
from posapp.tracker.outcome import Outcome, OutcomeKind

log = logging.getLogger(__name__)

CREDENTIALS_PAUSE = "credentials rejected: the endpoint refused the site or site token"
NO_TOKEN_PAUSE = "no site token set"  # noqa: S105 - a reason, not a token


class Sender(Protocol):
    def post_order(self, body: bytes) -> Outcome: ...


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter: a uniform wait in [0, min(cap, base * 2^(n-1))]."""

    base: float = 2.0
    cap: float = 600.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        ceiling = min(self.cap, self.base * 2 ** min(max(attempts - 1, 0), 30))
        wait = self.rng.uniform(0, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.cap))
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
    """One step at a time: claim the oldest due order, post it, record what happened."""

    def __init__(
        self,
        outbox: Outbox,
        sender: Sender | None,
        *,
        policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        listener: Listener = ignore_events,
    ) -> None:
        self.outbox = outbox
        self.sender = sender
        self.policy = policy or RetryPolicy()
        self.clock = clock
        self.listener = listener
        self.hold_until = 0.0
        self.paused: str | None = None if sender is not None else NO_TOKEN_PAUSE
        self._failing = False

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
        return self.clock() < self.hold_until

    def deliver_one(self, *, ignore_backoff: bool = False) -> DeliveryEvent | None:
        """Deliver the oldest due order. None when paused, on hold or nothing is due."""
        if self.paused is not None or self.sender is None:
            return None
        if not ignore_backoff and self.on_hold():
            return None
        entry = self.outbox.claim_next(ignore_backoff=ignore_backoff)
        if entry is None:
            return None
        try:
            outcome = self.sender.post_order(entry.payload)
        except Exception as exc:  # a bug must not strand the order in "sending"
            log.exception("order %s: sending failed unexpectedly", entry.ref_code)
            outcome = Outcome(OutcomeKind.UNKNOWN, detail=f"internal error: {type(exc).__name__}")
        event = self._record(entry, outcome)
        self.listener(event)
        return event

    def _record(self, entry: Entry, outcome: Outcome) -> DeliveryEvent:
        ref = entry.ref_code
        said = outcome.describe()  # the client has redacted it (the token never reaches it)
        if outcome.delivered:
            note = said if outcome.kind is OutcomeKind.DELIVERED_WITH_WARNINGS else None
            self.outbox.mark_sent(entry.id, note)
            log.info(
                "order %s sent (attempt %d)%s", ref, entry.attempts, f": {note}" if note else ""
            )
            if self._failing:
                self._failing = False
                self.hold_until = 0.0
                made_due = self.outbox.make_due()
                if made_due:
                    log.info("endpoint answers again: %d waiting orders go now", made_due)
            return DeliveryEvent(EventKind.SENT, ref, outcome)
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
        self.hold_until = retry_at
        self._failing = True
        log.warning(
            "order %s not delivered (attempt %d, %s), next try in %.1f s%s",
            ref, entry.attempts, said, wait, "; it may have arrived" if unknown else "",
        )  # fmt: skip
        return DeliveryEvent(EventKind.WILL_RETRY, ref, outcome, retry_at)


SenderFactory = Callable[[], Sender | None]


class DeliveryWorker:
    """Runs a ``Deliverer`` on its own thread, with its own outbox connection.

    ``wake()`` after enqueueing; ``pause()``/``resume()``; ``stop()`` finishes the request under
    way (bounded by the client's timeouts) and leaves every row consistent.

    ``connect``, when given, makes the sender on the worker's thread: reading the token from
    a keyring can wait on D-Bus or an unlock prompt, which the window must never wait for.
    ``prepare`` runs first, on the worker's thread, with the worker's outbox connection.
    """

    def __init__(
        self,
        open_outbox: Callable[[], Outbox],
        sender: Sender | None = None,
        *,
        connect: SenderFactory | None = None,
        listener: Listener = ignore_events,
        policy: RetryPolicy | None = None,
        poll_interval: float = 5.0,
        prepare: Callable[[Outbox], None] | None = None,
    ) -> None:
        self._open_outbox = open_outbox
        self._sender = sender
        self._connect = connect
        self._listener = listener
        self._policy = policy
        self._poll = poll_interval
        self._prepare = prepare
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._commands: list[Callable[[Deliverer], None]] = []
        self._commands_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="posapp-delivery", daemon=True)
        self.error: Exception | None = None

    def start(self) -> DeliveryWorker:
        """Start the thread (once; later calls do nothing)."""
        if self._thread.ident is None:
            self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def _later(self, command: Callable[[Deliverer], None]) -> None:
        with self._commands_lock:
            self._commands.append(command)
        self._wake.set()

    def pause(self, reason: str = "paused by the operator") -> None:
        self._later(lambda d: d.pause(reason))

    def resume(self) -> None:
        self._later(Deliverer.resume)

    def expedite(self) -> None:
        """Ignore the backoff once: every pending order is tried now (a pause is lifted too)."""
        self._later(Deliverer.expedite)

    def use_sender(self, sender: Sender | None) -> None:
        self._later(lambda d: d.use_sender(sender))

    def reconnect(self, connect: SenderFactory) -> None:
        """New settings or credentials: make a new sender on the worker's thread and use it."""

        def swap(deliverer: Deliverer) -> None:
            old = deliverer.sender
            sender, problem = _connect_safely(connect)
            deliverer.use_sender(sender)
            if problem:
                deliverer.pause(problem)
            if old is not sender and old is not self._sender:
                _close(old)

        self._later(swap)

    def stop(self, timeout: float = 30.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            outbox = self._open_outbox()
        except Exception as exc:
            self.error = exc
            log.error("delivery cannot start: %s", exc)
            return
        try:
            if self._prepare is not None:
                self._prepare(outbox)  # the till service's start-up steps (posapp.till)
            sender, problem = self._sender_now()
            deliverer = Deliverer(
                outbox, sender, policy=self._policy, listener=self._listener,
            )  # fmt: skip
            if problem or deliverer.paused is not None:
                # tell the window why nothing will be sent
                deliverer.pause(problem or deliverer.paused or "")
            self._loop(deliverer)
            if self._connect is not None or deliverer.sender is not self._sender:
                _close(deliverer.sender)  # one the worker made: its connection ends here
        except Exception as exc:
            self.error = exc
            log.exception("delivery stopped by an error")
        finally:
            outbox.close()

    def _sender_now(self) -> tuple[Sender | None, str]:
        if self._connect is None:
            return self._sender, ""
        return _connect_safely(self._connect)

    def _loop(self, deliverer: Deliverer) -> None:
        delivered = False  # since the write-ahead log was last given back to the disk
        while not self._stopping.is_set():
            with self._commands_lock:
                commands, self._commands = self._commands, []
            for command in commands:
                command(deliverer)
            try:
                event = deliverer.deliver_one()
            except OutboxError as exc:  # a full or failing disk: stop sending, say why
                log.error("delivery paused: %s", exc)
                deliverer.paused = f"the outbox cannot be written: {exc}"
                self._listener(DeliveryEvent(EventKind.PAUSED, reason=deliverer.paused))
                continue
            if event is not None:
                delivered = True
                continue
            if delivered:  # the backlog is drained: the log's space goes back to the disk
                deliverer.outbox.checkpoint()  # busy or failing: the next drain tries again
                delivered = False
            self._wake.wait(self._idle_wait(deliverer))
            self._wake.clear()

    def _idle_wait(self, deliverer: Deliverer) -> float:
        now = deliverer.clock()
        if deliverer.paused is not None:
            return self._poll
        if deliverer.on_hold():
            return max(0.01, min(deliverer.hold_until - now, self._poll))
        due = deliverer.outbox.next_due_at()
        if due is None:
            return self._poll
        return max(0.01, min(due - now, self._poll))


def _close(sender: Sender | None) -> None:
    close = getattr(sender, "close", None)
    if close is not None:
        close()


def _connect_safely(connect: SenderFactory) -> tuple[Sender | None, str]:
    """The sender ``connect`` makes, or none and why (a keyring that fails must not stop the
    worker: nothing is sent, and the window says why)."""
    try:
        sender = connect()
    except Exception as exc:
        log.error("the site token could not be read: %s", exc)
        return None, f"the site token could not be read: {exc}"
    return sender, ""
