"""The till service against a real outbox file and the sandbox endpoint: the one place that
puts a till together, used by the window and the command line alike."""

from __future__ import annotations

import queue
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from posapp.domain.basket import Basket
from posapp.domain.errors import ValidationError
from posapp.outbox.delivery import DeliveryEvent, EventKind
from posapp.outbox.store import Outbox, OutboxError, State
from posapp.setup.profile import Profile
from posapp.setup.settings import Settings
from posapp.till import NotSetUp, Till
from posapp.till_delivery import CannotDeliver
from posapp.tracker.sandbox import Sandbox
from posapp.tracker.token import SiteToken
from tests.conftest import SITE, TOKEN
from tests.helpers import simple_order

WAIT = 10.0


def settings_for(sandbox: Sandbox) -> Settings:
    return Settings(site=SITE, endpoint=sandbox.url, till_id="TILL-1", store={"store": "Here"})


def basket(*codes: str) -> Basket:
    made = Basket("GBP")
    for code in codes:
        made.add(code, 1, "2.50")
    return made


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.locate(tmp_path / "till")


def test_a_finished_sale_is_committed_numbered_and_delivered_by_the_worker(
    profile: Profile, sandbox: Sandbox
) -> None:
    events: queue.Queue[DeliveryEvent] = queue.Queue()
    with Till(profile, settings_for(sandbox), token=lambda: SiteToken(TOKEN)) as till:
        assert till.start_delivering(events.put)
        entry = till.finish_sale(basket("CB4551", "TEA-EB"), None)
        # on disk once finish_sale returned: another connection sees it
        with Outbox(profile.outbox_file) as other:
            assert other.get(entry.ref_code) is not None
        event = events.get(timeout=WAIT)
        assert (event.kind, event.ref_code) == (EventKind.SENT, entry.ref_code)
    assert entry.ref_code.startswith("TILL-1-")
    sent = sandbox.orders()
    assert [o["order"]["refCode"] for o in sent] == [entry.ref_code]
    assert sent[0]["order"]["attributes"] == {"store": "Here"}


def test_an_empty_basket_or_a_till_not_set_up_commits_nothing(
    profile: Profile, sandbox: Sandbox
) -> None:
    with Till(profile, settings_for(sandbox)) as till:
        with pytest.raises(ValidationError, match="basket is empty"):
            till.finish_sale(Basket("GBP"), None)
        assert till.outbox.status().counts == {}
    with Till(profile, Settings()) as bare, pytest.raises(NotSetUp, match="site, till_id missing"):
        bare.finish_sale(basket("X"), None)


def test_only_one_till_on_a_profile_delivers_and_the_other_says_who(
    profile: Profile, sandbox: Sandbox
) -> None:
    settings = settings_for(sandbox)
    with Till(profile, settings, token=lambda: SiteToken(TOKEN)) as first:
        assert first.start_delivering()
        with Till(profile, settings, token=lambda: SiteToken(TOKEN)) as second:
            assert not second.start_delivering()
            assert "already delivering from this outbox" in second.not_delivering
            assert second.deliverer_elsewhere()
            with (
                pytest.raises(CannotDeliver, match=r"another posapp is delivering \(pid \d+\)"),
                second.delivering_here(),
            ):
                pass
            ref = second.finish_sale(basket("A"), None).ref_code
            first.expedite()  # the first one sends what the second queued
            status = second.status()
            assert not status.delivering_here
            assert "already delivering" in status.not_delivering
        deadline = datetime.now(UTC).timestamp() + WAIT
        while first.status().outbox.counts.get(State.SENT, 0) < 1:
            assert datetime.now(UTC).timestamp() < deadline
    assert [o["order"]["refCode"] for o in sandbox.orders()] == [ref]


def test_delivering_here_recovers_an_interrupted_order_first_and_flags_it(
    profile: Profile, sandbox: Sandbox
) -> None:
    settings = settings_for(sandbox)
    profile.ensure_dirs()
    with Outbox(profile.outbox_file) as box:
        box.enqueue(simple_order("T-1"))
        assert box.claim_next() is not None  # a deliverer died mid-send
        box.set_paused("credentials rejected: from an earlier run")
    with Till(profile, settings, token=lambda: SiteToken(TOKEN)) as till:
        with till.delivering_here() as deliverer:
            event = deliverer.deliver_one()
        assert event is not None
        assert event.kind is EventKind.SENT
        status = till.outbox.status()
    assert status.possibly_duplicated == 1
    assert status.paused is None


def test_no_token_means_nothing_is_sent_and_the_reason_names_the_way_out(
    profile: Profile, sandbox: Sandbox
) -> None:
    with Till(profile, settings_for(sandbox), token=lambda: None) as till:
        till.finish_sale(basket("A"), None)
        with pytest.raises(CannotDeliver, match="posapp credentials set"), till.delivering_here():
            pass
    assert sandbox.orders() == []


def test_new_credentials_reach_the_running_worker(profile: Profile, sandbox: Sandbox) -> None:
    events: queue.Queue[DeliveryEvent] = queue.Queue()
    settings = settings_for(sandbox)
    with Till(profile, settings, token=lambda: SiteToken("wrong-token")) as till:
        till.start_delivering(events.put)
        till.finish_sale(basket("A"), None)
        while events.get(timeout=WAIT).kind is not EventKind.PAUSED:
            pass
        till.apply_settings(replace(settings), SiteToken(TOKEN))
        kinds = [events.get(timeout=WAIT).kind for _ in range(2)]
    assert kinds == [EventKind.RESUMED, EventKind.SENT]
    assert len(sandbox.orders()) == 1


def test_a_stopped_till_reads_nothing_more(profile: Profile, sandbox: Sandbox) -> None:
    till = Till(profile, settings_for(sandbox))
    assert till.status().outbox.counts == {}
    till.stop()
    with pytest.raises(OutboxError, match="closing"):
        till.status()
