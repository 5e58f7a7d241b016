"""Hostile endpoints, as small servers on 127.0.0.1: an endpoint that echoes the token, a gzip
bomb, a 50 MB answer, a server that drips one byte at a time, one that never answers.

The client must keep its own secret (no Outcome carries the token, or a prefix of it, even
when the server echoes it after padding), read at most 64 KiB of any answer (compressed or
inflated) without growing, and end every attempt at its time limit.
"""

from __future__ import annotations

import gzip
import json
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from posapp.outbox.delivery import Deliverer
from posapp.outbox.store import Outbox, State
from posapp.tracker.client import TrackerClient
from posapp.tracker.outcome import Outcome, OutcomeKind
from posapp.tracker.reply import MAX_REPLY
from posapp.tracker.sandbox import Sandbox
from posapp.tracker.token import SiteToken
from tests.helpers import simple_order
from tests.integration.hostile_servers import TOKEN, Handler, answer, echo, raw_server, replying


def post(url: str, *, time_limit: float = 30.0) -> Outcome:
    with TrackerClient(url, "mysite", SiteToken(TOKEN), time_limit=time_limit) as client:
        return client.post_order(b'{"order": {}}')


def leaks(outcome: Outcome) -> bool:
    """The token, or any 8-character piece of it, anywhere in what the Outcome says."""
    text = outcome.describe() + repr(outcome)
    return any(TOKEN[i : i + 8] in text for i in range(len(TOKEN) - 7))


# -- the client keeps its own secret ---------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "shape", "kind"),
    [
        (200, "errors", OutcomeKind.REJECTED),
        (400, "errors", OutcomeKind.REJECTED),
        (401, "errors", OutcomeKind.CREDENTIALS_REJECTED),
        (200, "warnings", OutcomeKind.DELIVERED_WITH_WARNINGS),
        (200, "escaped", OutcomeKind.REJECTED),
        (200, "html", OutcomeKind.UNKNOWN),
        (503, "html", OutcomeKind.TRANSIENT),
        (302, "location", OutcomeKind.TRANSIENT),
    ],
)
def test_an_echoing_endpoint_never_gets_the_token_into_an_outcome(
    status: int, shape: str, kind: OutcomeKind
) -> None:
    with raw_server(echo(status, shape)) as url:
        outcome = post(url)
    assert outcome.kind is kind
    assert "***" in outcome.describe()  # the echo arrived, redacted
    assert not leaks(outcome), outcome.describe()


def test_an_echoed_token_reaches_neither_the_outbox_nor_the_log_without_delivery_redacting(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with raw_server(echo(400, "errors")) as url, Outbox(tmp_path / "o.sqlite3") as outbox:
        outbox.enqueue(simple_order())
        with TrackerClient(url, "mysite", SiteToken(TOKEN)) as client:
            Deliverer(outbox, client).deliver_one()  # redact: the default, which does nothing
        (entry,) = outbox.entries()
    assert entry.state is State.PARKED
    assert "***" in (entry.last_error or "")
    assert TOKEN[:8] not in (entry.last_error or "")
    assert TOKEN[:8] not in caplog.text
    assert TOKEN.encode()[:8] not in (tmp_path / "o.sqlite3").read_bytes()


def test_a_hostile_answer_cannot_write_to_the_terminal() -> None:
    body = json.dumps(
        {"status": "fail", "errors": [{"code": "X\x1b[2J", "message": "a\nb\u202ec"}]}
    )
    with raw_server(replying(answer(400, body.encode()))) as url:
        outcome = post(url)
    assert outcome.kind is OutcomeKind.REJECTED
    said = outcome.describe()
    assert said.isprintable(), said
    assert "\\u001b" in said


# -- answers are bounded ---------------------------------------------------------------------


def peak_while(action: Callable[[], Outcome]) -> tuple[Outcome, int]:
    tracemalloc.start()
    try:
        outcome = action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return outcome, peak


def streaming(head: bytes, chunks: Callable[[], Iterator[bytes]]) -> Handler:
    def handler(conn: socket.socket, request: bytes) -> None:
        conn.sendall(head)
        for chunk in chunks():
            conn.sendall(chunk)

    return handler


def test_a_50_mb_answer_is_not_read_and_memory_does_not_grow() -> None:
    size = 50 * 1024 * 1024
    block = b"x" * 65536
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n".encode()
    with raw_server(streaming(head, lambda: iter([block] * (size // len(block))))) as url:
        outcome, peak = peak_while(lambda: post(url))
    assert outcome.kind is OutcomeKind.UNKNOWN  # a 2xx whose answer cannot be read
    assert "larger than 64 KiB" in outcome.detail
    assert peak < 4 * MAX_REPLY + 1024 * 1024, peak


def gzip_bomb(inflated_mb: int) -> bytes:
    squeezer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    return b"".join(squeezer.compress(zeros) for _ in range(inflated_mb)) + squeezer.flush()


@pytest.mark.parametrize(
    ("bomb", "raw_cap_holds"),
    [
        # 50 KB that inflate to 50 MB: fits under the raw cap, so the inflating cap must hold
        (lambda: gzip_bomb(50), False),
        # 1 MB that inflates to 1 GiB (1,024 gzip members of 1 MiB of zeros each)
        (lambda: gzip.compress(bytes(1024 * 1024), 9) * 1024, True),
    ],
)
def test_a_gzip_bomb_does_not_inflate_in_memory(
    bomb: Callable[[], bytes], raw_cap_holds: bool
) -> None:
    body = bomb()
    assert (len(body) > MAX_REPLY) is raw_cap_holds
    reply = answer(200, body, {"Content-Encoding": "gzip", "Content-Type": "application/json"})
    with raw_server(replying(reply)) as url:
        outcome, peak = peak_while(lambda: post(url))
    assert outcome.kind is OutcomeKind.UNKNOWN
    assert "larger than 64 KiB" in outcome.detail
    assert peak < 4 * MAX_REPLY + 1024 * 1024, peak


def test_a_small_gzip_answer_is_read() -> None:
    body = gzip.compress(b'{"status": "OK"}')
    with raw_server(replying(answer(200, body, {"Content-Encoding": "gzip"}))) as url:
        assert post(url).kind is OutcomeKind.DELIVERED
    body = zlib.compress(b'{"status": "fail", "errors": [{"code": "E", "message": "m"}]}')
    with raw_server(replying(answer(200, body, {"Content-Encoding": "deflate"}))) as url:
        assert post(url).kind is OutcomeKind.REJECTED


# -- every attempt ends at its time limit ----------------------------------------------------


def dripping(data: bytes, interval: float, sent: list[int]) -> Handler:
    """Sends ``data`` one byte every ``interval`` s; ``sent`` counts what got out."""

    def handler(conn: socket.socket, request: bytes) -> None:
        for byte in data:
            conn.sendall(bytes([byte]))
            sent[0] += 1
            time.sleep(interval)

    return handler


def test_a_dripping_server_cannot_hold_an_attempt_past_its_limit() -> None:
    whole = answer(200, b'{"status": "OK"}')
    # Given all the time it needs, the same drip is a delivered order: the drip is the only
    # thing that stands between the client and "delivered".
    sent = [0]
    with raw_server(dripping(whole, 0.02, sent)) as url:
        assert post(url, time_limit=60).kind is OutcomeKind.DELIVERED
    assert sent[0] == len(whole)
    # With a limit, it ends there: every byte comes well within the 20 s read timeout, so
    # only the limit on the whole attempt can end it.
    sent = [0]
    with raw_server(dripping(whole, 0.3, sent)) as url:
        outcome = post(url, time_limit=1.0)
        stopped_at = sent[0]
    assert outcome.kind is OutcomeKind.UNKNOWN
    assert outcome.out_of_time
    assert outcome.detail == "the endpoint did not answer in 1 s"
    assert stopped_at < len(whole)


def test_a_silent_endpoint_is_an_unknown_outcome_at_the_limit() -> None:
    def silent(conn: socket.socket, request: bytes) -> None:
        time.sleep(5)

    with raw_server(silent) as url:
        outcome = post(url, time_limit=0.5)
    assert outcome.kind is OutcomeKind.UNKNOWN
    assert outcome.detail == "the endpoint did not answer in 0.5 s"


# -- the sandbox bounds what it reads too ---------------------------------------------------


def raw_request(sandbox: Sandbox, head: str, body: bytes = b"") -> bytes:
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=10) as conn:
        conn.sendall(head.encode() + b"\r\n\r\n" + body)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
        return received


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("Content-Length: 1000000000000", b"413"),  # never read: no body follows at all
        ("Content-Length: 99999999999999999999999", b"400"),
        ("Content-Length: -5", b"400"),
        ("Transfer-Encoding: chunked", b"411"),
    ],
)
def test_the_sandbox_refuses_a_body_it_would_have_to_read_unbounded(
    sandbox: Sandbox, header: str, status: bytes
) -> None:
    head = f"POST /tracker/smart-api/orders/offline HTTP/1.1\r\nHost: x\r\n{header}"
    reply = raw_request(sandbox, head)
    assert reply.split(b" ")[1] == status
    assert sandbox.orders() == []
