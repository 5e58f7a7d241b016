"""What the banner and the status bar say, as pure functions: state or event in, words and tone
out. No widgets here, so every sentence a cashier reads is tested without a window.

Cashiers get plain words and what to do; the technical reason (HTTP status, the server's error
code) stays in the queue view's details and the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from posapp.i18n import fill
from posapp.outbox.store import OutboxStatus, State
from posapp.ui.domain_text import reason_text
from posapp.ui.theme import tone_colours

if TYPE_CHECKING:  # delivery loads with the worker, after the window's first paint
    from posapp.outbox.delivery import DeliveryEvent

translate = QCoreApplication.translate  # lupdate reads the context and text at each call


class Tone(Enum):
    """How a message looks; its (background, text colour) pair, for a light or a dark theme,
    is in ``posapp.ui.theme``."""

    NEUTRAL = "NEUTRAL"
    GOOD = "GOOD"
    WAIT = "WAIT"
    BAD = "BAD"


class Endpoint(Enum):
    """What the till knows about the endpoint, from the worker's last report."""

    UNKNOWN = "unknown"
    REACHABLE = "reachable"
    OFFLINE = "offline"
    CREDENTIALS = "credentials rejected"
    PAUSED = "paused"  # no token, a keyring that failed, a disk that cannot be written
    ELSEWHERE = "elsewhere"  # another posapp on this profile delivers; this one only queues


@dataclass(frozen=True)
class Said:
    text: str
    tone: Tone


def endpoint_after(event: DeliveryEvent) -> Endpoint:
    """The endpoint's state once the worker reported ``event``."""
    from posapp.outbox.delivery import EventKind
    from posapp.tracker.outcome import OutcomeKind

    if event.kind in (EventKind.SENT, EventKind.PARKED):
        return Endpoint.REACHABLE
    if event.kind is EventKind.WILL_RETRY:
        return Endpoint.OFFLINE
    if event.kind is EventKind.PAUSED:
        rejected = event.outcome is not None and (
            event.outcome.kind is OutcomeKind.CREDENTIALS_REJECTED
        )
        return Endpoint.CREDENTIALS if rejected else Endpoint.PAUSED
    return Endpoint.UNKNOWN  # RESUMED: nothing is known until the next answer


def endpoint_state(state: Endpoint, reason: str = "") -> Said:
    """The status bar's endpoint label."""
    if state is Endpoint.REACHABLE:
        return Said(translate("TillMessages", "Endpoint: reachable"), Tone.GOOD)
    if state is Endpoint.OFFLINE:
        return Said(translate("TillMessages", "Endpoint: OFFLINE, orders are queued"), Tone.WAIT)
    if state is Endpoint.CREDENTIALS:
        return Said(
            translate("TillMessages", "Endpoint: CREDENTIALS REJECTED, call the manager"), Tone.BAD
        )
    if state is Endpoint.PAUSED:
        return Said(
            fill(
                translate("TillMessages", "Sending PAUSED, orders are queued: %1"),
                reason_text(reason),
            ),
            Tone.BAD,
        )
    if state is Endpoint.ELSEWHERE:
        return Said(
            fill(
                translate("TillMessages", "Queued here, not sent from this window: %1"),
                reason_text(reason),
            ),
            Tone.WAIT,
        )
    return Said(translate("TillMessages", "Endpoint: no order sent yet"), Tone.NEUTRAL)


def after_commit(
    ref: str, total: str, endpoint: Endpoint, delivering: bool, not_delivering: str
) -> Said:
    """The banner once a sale is committed to the outbox (the order is safe from here on)."""
    if not delivering:
        return Said(
            fill(translate("TillMessages", "Queued %1: %2"), ref, reason_text(not_delivering)),
            Tone.WAIT,
        )
    if endpoint in (Endpoint.CREDENTIALS, Endpoint.PAUSED):
        return Said(
            fill(
                translate(
                    "TillMessages",
                    "Queued %1: sending is paused (see the status bar). Call the manager.",
                ),
                ref,
            ),
            Tone.BAD,
        )
    if endpoint is Endpoint.OFFLINE:
        return queued_offline(ref)
    return Said(fill(translate("TillMessages", "Sending %1 (%2)…"), ref, total), Tone.NEUTRAL)


def queued_offline(ref: str) -> Said:
    return Said(
        fill(translate("TillMessages", "Queued (offline) %1: it will be sent by itself"), ref),
        Tone.WAIT,
    )


def sale_started() -> Said:
    """The banner once the next sale's first item is in: the last order's news is over."""
    return Said(
        translate("TillMessages", "New sale: scan the next item, F12 finishes."), Tone.NEUTRAL
    )


def after_delivery(event: DeliveryEvent, total: str, sale_in_progress: bool = False) -> Said | None:
    """The banner when the worker reports on the last order; None: leave it as it is. During
    the next sale only bad news about the last order takes the banner back."""
    from posapp.outbox.delivery import EventKind

    ref = event.ref_code or ""
    if sale_in_progress and event.kind not in (EventKind.PARKED, EventKind.PAUSED):
        return None
    if event.kind is EventKind.SENT:
        return Said(fill(translate("TillMessages", "Sent %1 (%2)"), ref, total), Tone.GOOD)
    if event.kind is EventKind.WILL_RETRY:
        return queued_offline(ref)
    if event.kind is EventKind.PARKED:
        return Said(
            fill(
                translate(
                    "TillMessages",
                    "Not accepted by the vendor: %1. The sale is kept; a manager can see why in "
                    "the queue (F9).",
                ),
                ref,
            ),
            Tone.BAD,
        )
    if event.kind is EventKind.PAUSED:
        return Said(
            fill(
                translate(
                    "TillMessages",
                    "Queued %1: the endpoint refused our credentials. Call the manager.",
                ),
                ref,
            ),
            Tone.BAD,
        )
    return None


class TillMessages(QObject):
    """The context of the plurals above (lupdate reads a ``%n`` plural only from a ``tr`` call
    with the count, and ``self.tr``'s context is the class's name)."""

    def counts(self, pending: int, parked: int) -> tuple[str, str]:
        return self.tr("Pending: %n", "", pending), self.tr("Parked: %n", "", parked)


@dataclass(frozen=True)
class Counts:
    pending: str
    parked: str
    parked_tone: Tone
    has_parked: bool


def outbox_counts(status: OutboxStatus) -> Counts:
    """The status bar's counts: pending (sending ones included) and parked."""
    pending = status.counts.get(State.PENDING, 0) + status.counts.get(State.SENDING, 0)
    parked = status.counts.get(State.PARKED, 0)
    return Counts(
        *TillMessages().counts(pending, parked),
        Tone.BAD if parked else Tone.NEUTRAL,
        parked > 0,
    )


def style(tone: Tone, *, bold: bool = True) -> str:
    """A label's style sheet for ``tone``: a text colour always with its background."""
    background, foreground = tone_colours(tone.value)
    weight = " font-weight: bold;" if bold else ""
    return f"color: {foreground}; background: {background};{weight}"
