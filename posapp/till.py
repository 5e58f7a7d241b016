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
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from posapp.domain.errors import Message, ValidationError
from posapp.outbox.lock import DeliveryLock
from posapp.outbox.store import Entry, Outbox, OutboxError, OutboxStatus
from posapp.setup.profile import Profile
from posapp.till_delivery import TillDelivery

# Delivery, credentials, the keyring and the settings' validators load when first used: not
# for `posapp queue status`, and not before the window's first paint.
if TYPE_CHECKING:
    from posapp.domain.basket import Basket
    from posapp.domain.customer import Customer
    from posapp.domain.order import Order
    from posapp.lists.catalog import Catalog
    from posapp.lists.customers import Customers
    from posapp.outbox.worker import DeliveryWorker
    from posapp.setup.settings import Settings
    from posapp.tracker.token import SiteToken

log = logging.getLogger(__name__)

T = TypeVar("T")
TokenSupplier = Callable[[], "SiteToken | None"]


class NotSetUp(Exception):
    """The till lacks settings it needs; the message says which and how to set them."""


class DiskAlmostFull(OutboxError):
    """A new sale is refused: the disk's free space is below the reserve kept for delivering
    and marking sent the orders already queued. Nothing was saved."""


MEGABYTE = 1024 * 1024
DISK_ALMOST_FULL = "The till's disk is almost full: the sale is not taken; tell IT (%1 MB free)."


@dataclass(frozen=True)
class TillStatus:
    """What a front end shows about delivery: the outbox's counts and who delivers."""

    outbox: OutboxStatus
    delivering_here: bool  # this till holds the delivery lock (its worker may start later)
    not_delivering: str  # why this process does not deliver ("" when it does, or never tried)


def _endpoint_changed(old: Settings, new: Settings) -> bool:
    keys = ("site", "environment", "domain", "endpoint", "channel")
    return any(getattr(old, key) != getattr(new, key) for key in keys)


class Till(TillDelivery):
    """One till: its profile, settings, outbox, lists, credentials and delivery (the last two
    in ``TillDelivery``)."""

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
            raise DiskAlmostFull(str(Message(DISK_ALMOST_FULL, (f"{free / MEGABYTE:.0f}",))))

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
