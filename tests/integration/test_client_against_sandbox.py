"""The tracker client against the project's own sandbox endpoint: every outcome class, for real."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from posapp.domain.payload import encode_payload
from posapp.tracker.client import OutcomeKind, TrackerClient
from posapp.tracker.sandbox import Fault, Sandbox
from posapp.tracker.token import SiteToken
from tests.conftest import SITE, TOKEN
from tests.helpers import simple_order, spec_example_order


def client_for(
    sandbox: Sandbox, token: str = TOKEN, site: str = SITE, **kwargs: float
) -> TrackerClient:
    return TrackerClient(sandbox.url, site, SiteToken(token), **kwargs)


def test_an_order_is_delivered_and_recorded_exactly_as_sent(sandbox: Sandbox) -> None:
    body = encode_payload(spec_example_order())
    with client_for(sandbox) as client:
        outcome = client.post_order(body)
    assert outcome.kind is OutcomeKind.DELIVERED
    assert outcome.http_status == 200
    assert sandbox.orders() == [json.loads(body)]


def test_the_connection_is_reused(sandbox: Sandbox) -> None:
    with client_for(sandbox) as client:
        for n in range(5):
            assert client.post_order(
                encode_payload(simple_order(f"T-20261127-{n + 1:04d}"))
            ).delivered
    assert len(sandbox.orders()) == 5
    assert sandbox.connections_opened == 1


def test_a_warning_still_counts_as_delivered(sandbox: Sandbox) -> None:
    sandbox.add_fault(Fault("warning"))
    with client_for(sandbox) as client:
        outcome = client.post_order(encode_payload(simple_order()))
    assert outcome.kind is OutcomeKind.DELIVERED_WITH_WARNINGS
    assert outcome.messages[0].code == "InjectedWarning"
    assert len(sandbox.orders()) == 1


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda b: b["order"].pop("currency"), "MissingOrMalformedCurrency"),
        (lambda b: b["order"].update(currency="XXX"), "MissingOrMalformedCurrency"),
        (lambda b: b["order"].pop("total"), "MissingOrMalformedTotal"),
        (lambda b: b["order"].update(total="90"), "MissingOrMalformedTotal"),
        (lambda b: b["order"].pop("refCode"), "MissingOrMalformedRefCode"),
        (lambda b: b["order"].update(orderDate="2016-05-16"), "MissingOrMalformedOrderDate"),
        (lambda b: b["order"].update(items=[]), "MissingOrMalformedItems"),
        (lambda b: b["order"]["items"][0].update(qty=0), "MissingOrMalformedQty"),
        (lambda b: b["order"]["items"][0].update(price="5"), "MissingOrMalformedPrice"),
        (lambda b: b.update(lang="English"), "MalformedLang"),
        (lambda b: b.update(user={"info": {}}), "MissingOrMalformedUser"),
    ],
)
def test_the_sandbox_rejects_what_the_spec_requires(
    sandbox: Sandbox, mutate: object, code: str
) -> None:
    body = json.loads(encode_payload(spec_example_order()))
    mutate(body)  # type: ignore[operator]
    with client_for(sandbox) as client:
        outcome = client.post_order(json.dumps(body).encode())
    assert outcome.kind is OutcomeKind.REJECTED
    assert code in [message.code for message in outcome.messages]
    assert sandbox.orders() == []


def test_malformed_json_and_an_empty_body_are_rejected(sandbox: Sandbox) -> None:
    with client_for(sandbox) as client:
        for body in (b"{not json", b""):
            outcome = client.post_order(body)
            assert outcome.kind is OutcomeKind.REJECTED
            assert outcome.messages[0].code == "MalformedJson"


@pytest.mark.parametrize(("token", "site"), [("wrong-token", SITE), (TOKEN, "othersite")])
def test_wrong_credentials_are_401(sandbox: Sandbox, token: str, site: str) -> None:
    with client_for(sandbox, token=token, site=site) as client:
        outcome = client.post_order(encode_payload(simple_order()))
    assert outcome.kind is OutcomeKind.CREDENTIALS_REJECTED
    assert outcome.http_status == 401
    assert sandbox.orders() == []


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (500, OutcomeKind.TRANSIENT),
        (503, OutcomeKind.TRANSIENT),
        (429, OutcomeKind.TRANSIENT),
        (400, OutcomeKind.REJECTED),
        (401, OutcomeKind.CREDENTIALS_REJECTED),
        (403, OutcomeKind.CREDENTIALS_REJECTED),
    ],
)
def test_injected_statuses(sandbox: Sandbox, status: int, kind: OutcomeKind) -> None:
    sandbox.fail_next(status)
    with client_for(sandbox) as client:
        first = client.post_order(encode_payload(simple_order()))
        second = client.post_order(encode_payload(simple_order()))
    assert first.kind is kind and first.http_status == status
    assert second.kind is OutcomeKind.DELIVERED
    assert len(sandbox.orders()) == 1


def test_retry_after_is_read_from_a_429(sandbox: Sandbox) -> None:
    sandbox.fail_next(429, retry_after="17")
    with client_for(sandbox) as client:
        outcome = client.post_order(encode_payload(simple_order()))
    assert outcome.kind is OutcomeKind.TRANSIENT
    assert outcome.retry_after == 17.0


@pytest.mark.parametrize("recorded", [False, True])
def test_a_dropped_connection_after_the_request_is_an_unknown_outcome(
    sandbox: Sandbox, recorded: bool
) -> None:
    sandbox.add_fault(Fault("drop", record=recorded))
    with client_for(sandbox) as client:
        outcome = client.post_order(encode_payload(simple_order()))
        assert outcome.kind is OutcomeKind.UNKNOWN
        assert "connection dropped" in outcome.detail
        assert len(sandbox.orders()) == (1 if recorded else 0)
        assert client.post_order(encode_payload(simple_order())).kind is OutcomeKind.DELIVERED


def test_a_slow_answer_past_the_read_timeout_is_an_unknown_outcome(sandbox: Sandbox) -> None:
    sandbox.add_fault(Fault("delay", seconds=1.0))
    with client_for(sandbox, read_timeout=0.2) as client:
        outcome = client.post_order(encode_payload(simple_order()))
    assert outcome.kind is OutcomeKind.UNKNOWN
    assert "no answer in time" in outcome.detail


def test_a_refused_connection_is_transient_and_recovery_works(sandbox: Sandbox) -> None:
    with client_for(sandbox) as client:
        assert client.post_order(encode_payload(simple_order("T-1"))).delivered
        sandbox.go_offline()
        outcome = client.post_order(encode_payload(simple_order("T-2")))
        assert outcome.kind is OutcomeKind.TRANSIENT
        assert "unreachable" in outcome.detail
        sandbox.go_online()
        assert client.post_order(encode_payload(simple_order("T-2"))).delivered
    assert [o["order"]["refCode"] for o in sandbox.orders()] == ["T-1", "T-2"]


def test_faults_are_switchable_over_http_while_it_runs(sandbox: Sandbox) -> None:
    control = httpx.Client(base_url=sandbox.base_url)
    assert (
        control.post(
            "/_sandbox/faults", json={"kind": "status", "status": 503, "count": 2}
        ).status_code
        == 200
    )
    assert control.post("/_sandbox/faults", json={"kind": "bogus"}).status_code == 400
    assert control.get("/_sandbox/faults").json()[0]["count"] == 2
    with client_for(sandbox) as client:
        kinds = [client.post_order(encode_payload(simple_order())).kind for _ in range(3)]
    assert kinds == [OutcomeKind.TRANSIENT, OutcomeKind.TRANSIENT, OutcomeKind.DELIVERED]
    assert len(control.get("/_sandbox/orders").json()) == 1
    assert control.get("/_sandbox/stats").json() == {"requests": 3, "accepted": 1}
    control.post("/_sandbox/faults", json={"kind": "status", "status": 500, "count": 0})
    assert control.delete("/_sandbox/faults").status_code == 200
    assert control.delete("/_sandbox/orders").json() == {"status": "OK"}
    assert control.get("/_sandbox/orders").json() == []
    control.close()


def test_the_token_never_reaches_a_log_line(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        with client_for(sandbox) as client:
            client.post_order(encode_payload(simple_order()))
            sandbox.fail_next(401)
            client.post_order(encode_payload(simple_order()))
        assert logging.getLogger("httpx").level == logging.WARNING
        assert logging.getLogger("httpcore").level == logging.WARNING
    assert TOKEN not in caplog.text


def test_posting_leaves_no_reference_cycles_for_the_collector(sandbox: Sandbox) -> None:
    """A cycle per order makes full garbage collections during a drain, and a full collection
    holds the GIL: the window's thread stalls for tens of ms (tests/benchmarks/bench_gui_stall)."""
    import gc

    with client_for(sandbox) as client:
        client.post_order(encode_payload(simple_order("T-20261127-0001")))  # warm: the pool
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for n in range(2, 12):
                assert client.post_order(
                    encode_payload(simple_order(f"T-20261127-{n:04d}"))
                ).delivered
            gc.collect()
            left = [type(o).__qualname__ for o in gc.garbage if _from_the_client(o)]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    assert left == []


def _from_the_client(thing: object) -> bool:
    module = type(thing).__module__
    return module.split(".")[0] in {"httpx", "httpcore", "h11", "posapp"}
