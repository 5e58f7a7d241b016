"""The till's side of delivery: the site token and the client, the profile's delivery lock,
and the delivery worker (or, for the command line, delivering on the calling thread). No Qt.

A mixin of ``posapp.till.Till``, which puts the rest of the till together; the worker reads the
token and builds the client on its own thread (a keyring can wait on D-Bus or an unlock prompt).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from posapp.outbox.lock import DeliveryBusy, DeliveryLock, LockUnusable
from posapp.outbox.store import Outbox
from posapp.setup.profile import Profile

if TYPE_CHECKING:  # delivery, credentials, the keyring and httpx load when first used
    from posapp.outbox.delivery import Deliverer, Listener
    from posapp.outbox.worker import DeliveryWorker
    from posapp.setup.credentials import TokenSource
    from posapp.setup.settings import Settings
    from posapp.tracker.client import TrackerClient
    from posapp.tracker.token import SiteToken

log = logging.getLogger(__name__)

NO_TOKEN_HELP = "no site token yet: run posapp credentials set (or set POSAPP_SITE_TOKEN)"  # noqa: S105


class CannotDeliver(Exception):
    """Why this process cannot deliver now; the orders stay queued."""


class DeliveringElsewhere(CannotDeliver):
    """Another posapp process holds the profile's delivery lock: it sends the orders."""


def ready_for_delivery(outbox: Outbox, retention_days: int) -> None:
    """What every deliverer does first, in this order: orders interrupted mid-send go back to
    pending (flagged possibly duplicated), an old pause is lifted (a 401 pauses it again), and
    sent orders past their retention are forgotten."""
    recovered = outbox.recover_interrupted()
    if recovered:
        log.warning("%d order(s) were interrupted mid-send; sending again", recovered)
    outbox.set_paused(None)
    pruned = outbox.prune_sent(retention_days)
    if pruned:
        log.info("forgot %d sent orders older than %d days", pruned, retention_days)


class TillDelivery:
    """The delivery half of ``Till``: it needs the profile, the settings, the calling thread's
    outbox and the till's stack of things to close."""

    profile: Profile
    not_delivering: str
    _token: Callable[[], SiteToken | None] | None
    _stack: ExitStack
    _lock: DeliveryLock | None
    _worker: DeliveryWorker | None
    _stopped: bool

    def settings(self) -> Settings:
        raise NotImplementedError  # Till's

    @property
    def outbox(self) -> Outbox:
        raise NotImplementedError  # Till's

    # -- credentials and client -----------------------------------------------------------------
    def token_source(self) -> TokenSource:
        """The site token and where it was found (blocking: the keyring may wait)."""
        from posapp.setup.credentials import TokenSource, load_token
        from posapp.setup.logs import scrub_token_from_logs

        if self._token is not None:
            token = self._token()
            source = TokenSource(token, "given to this process")
        else:
            source = load_token(self.settings().site)
        if source.token is not None:
            scrub_token_from_logs(source.token.redact)
        return source

    def connect(self) -> TrackerClient | None:
        """A client for the endpoint with the current settings and token; None when there is
        no token. The one place a ``TrackerClient`` is made (it redacts what it reports).
        Blocking."""
        from posapp.tracker.client import TrackerClient  # httpx loads here, off the GUI thread
        from posapp.tracker.network import Network

        token = self.token_source().token
        if token is None:
            return None
        settings = self.settings()
        return TrackerClient(
            settings.endpoint_url(),
            settings.site,
            token,
            settings.channel,
            network=Network.of(settings),
        )

    # -- delivery -------------------------------------------------------------------------------
    def _take_lock(self) -> None:
        lock = DeliveryLock(self.profile.lock_file)
        lock.acquire()  # DeliveryBusy names the process that has it
        self._lock = lock
        self._stack.callback(self._drop_lock)

    def _drop_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def take_delivery(self) -> bool:
        """Become the profile's deliverer: take its delivery lock (the worker may start later,
        ``start_delivering``). False, with ``not_delivering`` saying why, when another posapp
        delivers already: this till still queues, and that one sends."""
        if self._lock is not None:
            return True
        if self._stopped:
            return False
        try:
            self._take_lock()
        except DeliveryBusy as exc:
            self.not_delivering = str(exc)
            log.info("not delivering: %s", exc)
            return False
        self.not_delivering = ""
        return True

    def start_delivering(self, listener: Listener | None = None) -> bool:
        """Deliver in the background from now on: the delivery lock (``take_delivery``) and
        the worker (which gets ready for delivery and reads the token on its own thread).
        False when another posapp delivers, or this till was stopped."""
        if self._worker is not None:
            return True
        if self._stopped or not self.take_delivery():
            return False
        from posapp.outbox.delivery import ignore_events
        from posapp.outbox.worker import DeliveryWorker

        settings = self.settings()
        worker = DeliveryWorker(
            lambda: Outbox(self.profile.outbox_file),
            connect=self.connect,
            listener=listener or ignore_events,
            prepare=lambda outbox: ready_for_delivery(outbox, settings.retention_days),
        )
        self._stack.callback(worker.stop)  # the worker stops before the lock is let go
        self._worker = worker.start()
        return True

    @property
    def delivering(self) -> bool:
        """This till is the profile's deliverer (it holds the delivery lock)."""
        return self._lock is not None

    @property
    def worker(self) -> DeliveryWorker | None:
        return self._worker

    @contextmanager
    def delivering_here(self, listener: Listener | None = None) -> Iterator[Deliverer]:
        """Deliver on the calling thread (the command line), step by step, or ``CannotDeliver``
        saying why not; the orders stay queued either way."""
        try:
            self._take_lock()
        except LockUnusable as exc:  # nobody can hold it: say what is wrong with it
            raise CannotDeliver(str(exc)) from None
        except DeliveryBusy:
            raise DeliveringElsewhere(
                f"another posapp is delivering (pid {self._lock_holder()}); it will send them"
            ) from None
        try:
            client = self.connect()
            if client is None:
                raise CannotDeliver(NO_TOKEN_HELP)
            with client:
                ready_for_delivery(self.outbox, self.settings().retention_days)
                from posapp.outbox.delivery import Deliverer, ignore_events

                yield Deliverer(self.outbox, client, listener=listener or ignore_events)
        finally:
            self._drop_lock()

    def _lock_holder(self) -> str:
        """The process id the delivery lock's holder wrote in it, if it can be read."""
        try:
            holder = self.profile.lock_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return "unknown"
        return holder if holder.isdigit() else "unknown"

    def wake(self) -> None:
        """A new order is there: the worker looks now instead of at its next poll."""
        if self._worker is not None:
            self._worker.wake()

    def expedite(self) -> None:
        """Send waiting orders now: the backoff is ignored once, and a pause is lifted."""
        if self._worker is not None:
            self._worker.expedite()

    def deliverer_elsewhere(self) -> bool:
        """True when another process holds this profile's delivery lock."""
        if self._lock is not None:
            return False
        probe = DeliveryLock(self.profile.lock_file)
        try:
            probe.acquire()
        except LockUnusable:  # nobody can hold it: no one else delivers either
            return False
        except DeliveryBusy:
            return True
        probe.release()
        return False
