"""The till service: the one place that puts a till together. No Qt here.

    settings -> endpoint -> client -> outbox -> delivery lock -> recovery and pruning -> worker

The window (``posapp.app``, ``posapp.ui``) and the command line (``posapp.commands``) both
use a ``Till``; neither builds a client, takes the delivery lock or starts a worker itself.

A ``Till`` opens what it needs when first asked: ``posapp queue list`` never reads the keyring,
and the window's first paint never waits for the delivery worker. Threads:

* ``outbox``, ``catalog`` and ``customers`` are the calling (GUI or main) thread's connections;
  ``finish_sale`` commits on that thread on purpose: "queued" is true once it returns.
* ``with_outbox(fn)`` runs ``fn`` on a connection kept for background work (status, queue
  views, exports), from any thread, one at a time.
* the delivery worker has its own connection and reads the site token on its own thread (a
  keyring can wait on D-Bus or an unlock prompt).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from posapp.domain.errors import ValidationError
from posapp.outbox.lock import DeliveryBusy, DeliveryLock, LockUnusable
from posapp.outbox.store import Entry, Outbox, OutboxError, OutboxStatus
from posapp.setup.profile import Profile

# Delivery, credentials, the keyring and the settings' validators load when first used: not
# for `posapp queue status`, and not before the window's first paint.
if TYPE_CHECKING:
    from posapp.domain.basket import Basket
    from posapp.domain.customer import Customer
    from posapp.domain.order import Order
    from posapp.lists.catalog import Catalog
    from posapp.lists.customers import Customers
    from posapp.outbox.delivery import Deliverer, Listener
    from posapp.outbox.worker import DeliveryWorker
    from posapp.setup.credentials import TokenSource
    from posapp.setup.settings import Settings
    from posapp.tracker.client import TrackerClient
    from posapp.tracker.token import SiteToken

log = logging.getLogger(__name__)

T = TypeVar("T")
TokenSupplier = Callable[[], "SiteToken | None"]
NO_TOKEN_HELP = "no site token yet: run posapp credentials set (or set POSAPP_SITE_TOKEN)"  # noqa: S105


class NotSetUp(Exception):
    """The till lacks settings it needs; the message says which and how to set them."""


class CannotDeliver(Exception):
    """Why this process cannot deliver now; the orders stay queued."""


class DeliveringElsewhere(CannotDeliver):
    """Another posapp process holds the profile's delivery lock: it sends the orders."""


class DiskAlmostFull(OutboxError):
    """A new sale is refused: the disk's free space is below the reserve kept for delivering
    and marking sent the orders already queued. Nothing was saved."""


MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class TillStatus:
    """What a front end shows about delivery: the outbox's counts and who delivers."""

    outbox: OutboxStatus
    delivering_here: bool  # this till holds the delivery lock (its worker may start later)
    not_delivering: str  # why this process does not deliver ("" when it does, or never tried)


def _endpoint_changed(old: Settings, new: Settings) -> bool:
    keys = ("site", "environment", "domain", "endpoint", "channel")
    return any(getattr(old, key) != getattr(new, key) for key in keys)


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


class Till:
    """One till: its profile, settings, outbox, lists, credentials and delivery."""

    def __init__(
        self,
        profile: Profile,
        settings: Settings | None = None,
        *,
        token: TokenSupplier | None = None,
    ) -> None:
        """``settings`` None: the profile's file (defaults when there is none yet). ``token``
        None: the environment variable or the keyring, read when delivery starts."""
        self.profile = profile
        self._settings = settings
        self._token = token
        self._stack = ExitStack()
        self._outbox: Outbox | None = None
        self._catalog: Catalog | None = None
        self._customers: Customers | None = None
        self._background: Outbox | None = None
        self._background_lock = threading.Lock()
        self._lock: DeliveryLock | None = None
        self._worker: DeliveryWorker | None = None
        self.not_delivering = ""
        self._stopped = False

    # -- settings -------------------------------------------------------------------------------
    def settings(self) -> Settings:
        """The till's settings: as given, else the saved ones, else the defaults."""
        if self._settings is None:
            from posapp.setup.settings import Settings, load_settings

            self._settings = load_settings(self.profile.settings_file) or Settings()
        return self._settings

    def ready_settings(self) -> Settings:
        """Settings complete enough to build and send orders, or ``NotSetUp``."""
        settings = self.settings()
        missing = settings.missing()
        if missing:
            commands = "; ".join(f"posapp config set {key} VALUE" for key in missing)
            raise NotSetUp(f"posapp is not set up yet: {', '.join(missing)} missing ({commands}).")
        return settings

    def save_settings(self, settings: Settings, token: SiteToken | None = None) -> None:
        """Save the settings (atomically) and a newly typed token (in the keyring only).

        Blocking (disk, keyring): a window calls it off the GUI thread, then ``apply_settings``.
        """
        from posapp.setup.credentials import (
            NO_BACKEND_HELP,
            TOKEN_ENV,
            CredentialsError,
            keyring_backend,
            save_token,
        )
        from posapp.setup.settings import save_settings

        if token is not None:
            if keyring_backend() is None and os.environ.get(TOKEN_ENV):
                raise CredentialsError(
                    f"No keyring here to keep the token in; {TOKEN_ENV} is set and is used instead."
                )
            if keyring_backend() is None:
                raise CredentialsError(NO_BACKEND_HELP)
            save_token(settings.site, token)
        self.profile.ensure_dirs()
        save_settings(settings, self.profile.settings_file)

    def apply_settings(self, settings: Settings, token: SiteToken | None = None) -> None:
        """New settings take effect now; with new credentials or another endpoint the worker
        makes a new client on its own thread (and a pause for the old credentials ends)."""
        old = self.settings()
        self._settings = settings
        if token is not None:
            self._token = lambda: token
        if self._worker is not None and (token is not None or _endpoint_changed(old, settings)):
            self._worker.reconnect(self.connect)

    # -- files ----------------------------------------------------------------------------------
    @property
    def outbox(self) -> Outbox:
        """The calling thread's outbox connection (the window's: the GUI thread's)."""
        if self._outbox is None:
            self._outbox = self._open(self.open_outbox)
        return self._outbox

    def open_outbox(self) -> Outbox:
        """A new connection of the caller's own (one per thread); the caller closes it."""
        self.profile.ensure_dirs()
        return Outbox(self.profile.outbox_file)

    def with_outbox(self, work: Callable[[Outbox], T]) -> T:
        """Run ``work`` on the connection kept for background work: any thread, one at a time.
        ``OutboxError`` once the till has stopped."""
        with self._background_lock:
            if self._stopped:
                raise OutboxError("The till is closing; the outbox is not read any more.")
            if self._background is None:
                self.profile.ensure_dirs()
                self._background = self._open(
                    lambda: Outbox(self.profile.outbox_file, any_thread=True)
                )
            return work(self._background)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from posapp.lists.catalog import Catalog

            self.profile.ensure_dirs()
            self._catalog = self._open(lambda: Catalog(self.profile.catalog_file))
        return self._catalog

    @property
    def customers(self) -> Customers:
        if self._customers is None:
            from posapp.lists.customers import Customers

            self.profile.ensure_dirs()
            self._customers = self._open(lambda: Customers(self.profile.customers_file))
        return self._customers

    def _open(self, opener: Callable[[], T]) -> T:
        opened = opener()
        close = getattr(opened, "close", None)
        if close is not None:
            self._stack.callback(close)
        return opened

    # -- sales ----------------------------------------------------------------------------------
    def finish_sale(
        self, basket: Basket, customer: Customer | None, now: datetime | None = None
    ) -> Entry:
        """Number the order, commit it to the outbox and wake the deliverer.

        This is the one write a front end makes on its own thread, on purpose: it returns after
        COMMIT (synchronous=FULL), which is what makes "queued" true. ``ValidationError`` for an
        order that cannot be made (an empty basket); ``OutboxError`` when nothing was saved.
        """
        settings = self.ready_settings()
        if not len(basket):
            raise ValidationError(
                "order.items", "The basket is empty: scan at least one item first."
            )
        when = now or datetime.now(UTC)
        self.check_space()
        entry = self.outbox.enqueue_new(
            settings.till_id,
            lambda ref: basket.to_order(
                ref_code=ref,
                order_date=when,
                store_attributes=settings.store,
                lang=settings.lang,
                customer=customer,
            ),
        )
        self.wake()
        return entry

    def queue_order(self, order: Order, *, numbered: bool) -> Entry:
        """Commit an order made elsewhere (``posapp send``); ``numbered``: give it the till's
        next refCode in the same transaction."""
        self.check_space()
        if numbered:
            from dataclasses import replace

            till_id = self.ready_settings().till_id
            return self.outbox.enqueue_new(till_id, lambda ref: replace(order, ref_code=ref))
        return self.outbox.enqueue(order)

    def check_space(self) -> None:
        """``DiskAlmostFull`` when the outbox's disk has less free space than the reserve
        (``disk_reserve_mb``): delivering and marking sent need room to write, and a sale that
        cannot be marked sent is sent again. One ``statvfs``: no disk I/O, no wait."""
        reserve = self.settings().disk_reserve_mb * MEGABYTE
        if reserve <= 0:
            return
        directory = self.outbox.path.parent
        try:
            free = shutil.disk_usage(directory).free
        except OSError:  # cannot tell: the commit itself says what is wrong
            return
        if free < reserve:
            log.error("sale refused: %d MB free, the reserve is %g MB", free // MEGABYTE,
                      self.settings().disk_reserve_mb)  # fmt: skip
            raise DiskAlmostFull(
                "The till's disk is almost full: the sale is not taken; tell IT "
                f"({free / MEGABYTE:.0f} MB free)."
            )

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

    def status(self) -> TillStatus:
        """The outbox's counts and who delivers; a read, so call it off the GUI thread."""
        counts = self.with_outbox(Outbox.status)
        return TillStatus(counts, self.delivering, self.not_delivering)

    # -- the end --------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop the worker (it finishes the request under way), let go of the lock, close every
        file; in the reverse order of opening, and never under a background read."""
        with self._background_lock:
            self._stopped = True
            self._worker = None
            self._stack.close()
            self._outbox = self._catalog = self._customers = self._background = None

    def __enter__(self) -> Till:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
