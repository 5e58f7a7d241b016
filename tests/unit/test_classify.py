"""Unit tests of the client's classification, with httpx.MockTransport standing in for the network."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest

from posapp.tracker.client import OutcomeKind, TrackerClient, classify_response, parse_retry_after
from posapp.tracker.token import SiteToken

TOKEN = SiteToken("tok-SECRET-42")


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (200, b'{"status":"OK"}', OutcomeKind.DELIVERED),
        (200, b'{"status":"ok"}', OutcomeKind.DELIVERED),
        (
            202,
            b'{"status":"warning","warnings":[{"code":"W","message":"m"}]}',
            OutcomeKind.DELIVERED_WITH_WARNINGS,
        ),
        (
            200,
            b'{"status":"fail","errors":[{"code":"MalformedJson","message":"bad"}]}',
            OutcomeKind.REJECTED,
        ),
        (200, b"<html>captive portal</html>", OutcomeKind.UNKNOWN),
        (200, b"", OutcomeKind.UNKNOWN),
        (400, b"", OutcomeKind.REJECTED),
        (404, b"", OutcomeKind.REJECTED),
        (409, b"", OutcomeKind.REJECTED),
        (413, b"", OutcomeKind.REJECTED),
        (422, b'{"status":"fail"}', OutcomeKind.REJECTED),
        (401, b"", OutcomeKind.CREDENTIALS_REJECTED),
        (403, b"", OutcomeKind.CREDENTIALS_REJECTED),
        (408, b"", OutcomeKind.TRANSIENT),
        (425, b"", OutcomeKind.TRANSIENT),
        (429, b"", OutcomeKind.TRANSIENT),
        (500, b"", OutcomeKind.TRANSIENT),
        (502, b"<html>", OutcomeKind.TRANSIENT),
        (503, b"", OutcomeKind.TRANSIENT),
        (301, b"", OutcomeKind.TRANSIENT),
        (102, b"", OutcomeKind.UNKNOWN),
    ],
)
def test_every_status_has_its_class(status: int, body: bytes, kind: OutcomeKind) -> None:
    assert classify_response(status, {}, body).kind is kind


def test_server_errors_are_kept_for_the_person_who_looks() -> None:
    outcome = classify_response(
        200,
        {},
        b'{"status":"fail","errors":[{"code":"MissingOrMalformedTotal","message":"total missing"}]}',
    )
    assert outcome.messages[0].code == "MissingOrMalformedTotal"
    assert "MissingOrMalformedTotal: total missing" in outcome.describe()


NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("0", 0.0),
        ("Fri, 27 Nov 2026 12:00:30 GMT", 30.0),
        ("Fri, 27 Nov 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
        ("99999999999999", 86400 * 365.0),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, NOW) == seconds


def test_retry_after_reaches_the_outcome() -> None:
    outcome = classify_response(429, {"Retry-After": "7"}, b"")
    assert outcome.kind is OutcomeKind.TRANSIENT and outcome.retry_after == 7.0


def client_raising(exc: Callable[[httpx.Request], Exception]) -> TrackerClient:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc(request)

    return TrackerClient(
        "https://uat.example/x", "site", TOKEN, transport=httpx.MockTransport(handler)
    )


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (
            lambda r: httpx.ConnectError("refused SECRET tok-SECRET-42", request=r),
            OutcomeKind.TRANSIENT,
        ),
        (lambda r: httpx.ConnectTimeout("slow", request=r), OutcomeKind.TRANSIENT),
        (lambda r: httpx.PoolTimeout("pool", request=r), OutcomeKind.TRANSIENT),
        (lambda r: httpx.ReadTimeout("no answer", request=r), OutcomeKind.UNKNOWN),
        (lambda r: httpx.WriteTimeout("stuck", request=r), OutcomeKind.UNKNOWN),
        (lambda r: httpx.ReadError("reset", request=r), OutcomeKind.UNKNOWN),
        (
            lambda r: httpx.RemoteProtocolError("Server disconnected", request=r),
            OutcomeKind.UNKNOWN,
        ),
    ],
)
def test_network_failures_are_classified_and_never_raise(
    error: Callable[[httpx.Request], Exception], kind: OutcomeKind
) -> None:
    with client_raising(error) as client:
        outcome = client.post_order(b"{}")
    assert outcome.kind is kind
    assert "tok-SECRET-42" not in outcome.describe()


def test_headers_and_body_are_sent_as_the_spec_says() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "OK"})

    with TrackerClient(
        "https://uat.example/x", "mysite", TOKEN, transport=httpx.MockTransport(handler)
    ) as client:
        assert client.post_order(b'{"a": 1}').kind is OutcomeKind.DELIVERED
        assert "SECRET" not in repr(client)
    request = seen[0]
    assert request.method == "POST"
    assert request.headers["site"] == "mysite"
    assert request.headers["siteToken"] == "tok-SECRET-42"
    assert request.headers["channel"] == "store"
    assert request.headers["Content-Type"] == "application/json"
    assert request.content == b'{"a": 1}'


def test_plain_http_to_a_remote_host_is_refused_before_any_request() -> None:
    from posapp.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="https"):
        TrackerClient("http://uat.peerius.com/tracker/smart-api/orders/offline", "s", TOKEN)
