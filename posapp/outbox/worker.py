"""The delivery worker: a ``Deliverer`` on a background thread of its own. No Qt here.

It can be woken, paused, resumed and stopped, and reports through a plain callback that the
window bridges to Qt. The policy itself is in ``delivery.py``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from posapp.outbox.delivery import (
    Deliverer,
    DeliveryEvent,
    EventKind,
    Listener,
    RetryPolicy,
    Sender,
    ignore_events,
)
from posapp.outbox.store import Outbox, OutboxError

log = logging.getLogger(__name__)

SenderFactory = Callable[[], Sender | None]


class DeliveryWorker:
    """Runs a ``Deliverer`` on its own thread, with its own outbox connection.

    ``wake()`` after enqueueing; ``pause()``/``resume()``; ``stop()`` finishes the request under
    way (bounded by the client's timeouts) and leaves every row consistent.

    ``connect``, when given, makes the sender on the worker's thread: reading the token from
    a keyring can wait on D-Bus or an unlock prompt, which the window must never wait for.
    ``prepare`` runs first, on the worker's thread, with the worker's outbox connection.
    The client is made once, kept for the worker's life and made again only by ``reconnect``
    (new settings or credentials). The window starts its worker after its first paint.
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
                events = deliverer.deliver_batch(keep_going=self._undisturbed)
            except OutboxError as exc:  # a full or failing disk: stop sending, say why
                log.error("delivery paused: %s", exc)
                deliverer.paused = f"the outbox cannot be written: {exc}"
                self._listener(DeliveryEvent(EventKind.PAUSED, reason=deliverer.paused))
                continue
            if events:
                delivered = True
                continue
            if delivered:  # the backlog is drained: the log's space goes back to the disk
                deliverer.outbox.checkpoint()  # busy or failing: the next drain tries again
                delivered = False
            self._wake.wait(self._idle_wait(deliverer))
            self._wake.clear()

    def _undisturbed(self) -> bool:
        """A batch goes on while nobody asks the worker to stop or do something else."""
        return not self._stopping.is_set() and not self._commands

    def _idle_wait(self, deliverer: Deliverer) -> float:
        if deliverer.paused is not None:
            return self._poll
        if deliverer.on_hold():
            return max(0.01, min(deliverer.hold_left(), self._poll))
        due = deliverer.outbox.next_due_at()
        if due is None:
            return self._poll
        return max(0.01, min(due - deliverer.clock(), self._poll))


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
