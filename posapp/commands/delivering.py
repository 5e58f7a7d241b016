"""Delivery from the command line: the profile's delivery lock, the token, the client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from posapp.outbox.delivery import Deliverer, Listener, ignore_events
from posapp.outbox.lock import DeliveryBusy, DeliveryLock
from posapp.outbox.store import Outbox
from posapp.runtime import Runtime
from posapp.setup.settings import Settings


class CannotDeliver(Exception):
    """Why this process cannot deliver now; the orders stay queued."""


@contextmanager
def delivering(
    rt: Runtime, settings: Settings, outbox: Outbox, listener: Listener | None = None
) -> Iterator[Deliverer]:
    """A Deliverer holding the profile's delivery lock, or ``CannotDeliver`` saying why not."""
    lock = DeliveryLock(rt.profile.lock_file)
    try:
        lock.acquire()
    except DeliveryBusy as exc:
        raise CannotDeliver(str(exc)) from None
    try:
        source = rt.token(settings)
        if source.token is None:
            raise CannotDeliver(
                "no site token yet: run posapp credentials set (or set POSAPP_SITE_TOKEN)"
            )
        outbox.recover_interrupted()
        outbox.set_paused(None)  # a new deliverer tries again; a 401 pauses it again
        with rt.client(settings, source) as client:
            yield Deliverer(
                outbox, client, redact=source.token.redact, listener=listener or ignore_events
            )
    finally:
        lock.release()
