"""What the banner and the status bar say, without a widget: event or state in, words out."""

from __future__ import annotations

import pytest

from posapp.outbox.delivery import DeliveryEvent, EventKind
from posapp.outbox.store import OutboxStatus, State
from posapp.tracker.outcome import Outcome, OutcomeKind, ServerMessage
from posapp.ui.theme import tone_colours
from posapp.ui.till_messages import (
    Endpoint,
    Tone,
    after_commit,
    after_delivery,
    endpoint_after,
    endpoint_state,
    outbox_counts,
    style,
)

REF = "TILL1-20261128-0007"
REJECTED = Outcome(
    OutcomeKind.REJECTED, 400, (ServerMessage("MalformedJson", "bad price at items[0]"),)
)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (DeliveryEvent(EventKind.SENT, REF, Outcome(OutcomeKind.DELIVERED)), Endpoint.REACHABLE),
        (DeliveryEvent(EventKind.PARKED, REF, REJECTED), Endpoint.REACHABLE),
        (
            DeliveryEvent(EventKind.WILL_RETRY, REF, Outcome(OutcomeKind.TRANSIENT)),
            Endpoint.OFFLINE,
        ),
        (
            DeliveryEvent(
                EventKind.PAUSED, REF, Outcome(OutcomeKind.CREDENTIALS_REJECTED, 401), reason="x"
            ),
            Endpoint.CREDENTIALS,
        ),
        (DeliveryEvent(EventKind.PAUSED, reason="no site token set"), Endpoint.PAUSED),
        (DeliveryEvent(EventKind.RESUMED), Endpoint.UNKNOWN),
    ],
)
def test_each_report_moves_the_endpoint_state(event: DeliveryEvent, expected: Endpoint) -> None:
    assert endpoint_after(event) is expected


def test_a_commit_says_sending_when_the_endpoint_is_fine_and_queued_when_it_is_not() -> None:
    sending = after_commit(REF, "12.00 GBP", Endpoint.REACHABLE, True, "")
    assert sending.text == f"Sending {REF} (12.00 GBP)…"
    assert sending.tone is Tone.NEUTRAL
    offline = after_commit(REF, "12.00 GBP", Endpoint.OFFLINE, True, "")
    assert offline.text.startswith(f"Queued (offline) {REF}")
    assert offline.tone is Tone.WAIT
    paused = after_commit(REF, "12.00 GBP", Endpoint.CREDENTIALS, True, "")
    assert "Call the manager" in paused.text
    assert paused.tone is Tone.BAD
    elsewhere = after_commit(REF, "1 GBP", Endpoint.UNKNOWN, False, "another posapp sends")
    assert elsewhere.text == f"Queued {REF}: another posapp sends"


def test_a_parked_order_is_told_in_plain_words_without_the_technical_reason() -> None:
    said = after_delivery(DeliveryEvent(EventKind.PARKED, REF, REJECTED), "5.00 GBP")
    assert said is not None
    assert said.tone is Tone.BAD
    assert said.text.startswith(f"Not accepted by the vendor: {REF}")
    assert "queue (F9)" in said.text
    for technical in ("HTTP", "400", "MalformedJson", "rejected -"):
        assert technical not in said.text


def test_a_sent_order_shows_its_total_and_a_resume_changes_no_banner() -> None:
    sent = after_delivery(
        DeliveryEvent(EventKind.SENT, REF, Outcome(OutcomeKind.DELIVERED)), "7.50 GBP"
    )
    assert sent is not None
    assert (sent.text, sent.tone) == (f"Sent {REF} (7.50 GBP)", Tone.GOOD)
    assert after_delivery(DeliveryEvent(EventKind.RESUMED), "") is None


def test_the_paused_label_carries_the_reason() -> None:
    said = endpoint_state(Endpoint.PAUSED, "the outbox cannot be written: disk full")
    assert said.text.endswith("the outbox cannot be written: disk full")
    assert said.tone is Tone.BAD


def test_counts_add_orders_being_sent_to_pending_and_mark_parked() -> None:
    status = OutboxStatus(
        counts={State.PENDING: 3, State.SENDING: 1, State.PARKED: 2},
        oldest_pending_at=None,
        next_due_at=None,
        possibly_duplicated=0,
        paused=None,
        last_error=None,
        last_sent_at=None,
    )
    counts = outbox_counts(status)
    assert (counts.pending, counts.parked, counts.has_parked) == ("Pending: 4", "Parked: 2", True)
    assert counts.parked_tone is Tone.BAD
    calm = outbox_counts(OutboxStatus({}, None, None, 0, None, None, None))  # an empty outbox
    assert (calm.pending, calm.has_parked, calm.parked_tone) == ("Pending: 0", False, Tone.NEUTRAL)


@pytest.mark.parametrize("tone", list(Tone))
def test_a_style_never_sets_a_text_colour_without_its_background(tone: Tone) -> None:
    sheet = style(tone)
    background, foreground = tone_colours(tone.value)
    assert f"color: {foreground}" in sheet
    assert f"background: {background}" in sheet
