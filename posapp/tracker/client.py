"""The HTTP client of the offline order tracking endpoint, and what each answer means.

Every call ends in one ``Outcome``; it never raises for anything the network or the server does.
The classification follows the spec's table ("Responses").
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

import httpx

from posapp import __version__
from posapp.domain.text import shown
from posapp.tracker.causes import certificate_cause, proxy_cause, proxy_status_cause
from posapp.tracker.deadline import AttemptClock, deadline_transport
from posapp.tracker.endpoint import CHANNELS, check_endpoint_url, parse_choice
from posapp.tracker.network import Network, NetworkSetupError, proxy_for, ssl_context
from posapp.tracker.outcome import Outcome, OutcomeKind, ServerMessage
from posapp.tracker.reply import ACCEPT_ENCODING, read_reply
from posapp.tracker.token import SiteToken

log = logging.getLogger(__name__)

_REJECTED_STATUSES = {400, 404, 409, 413, 422}
_TRANSIENT_STATUSES = {408, 425, 429}
_CREDENTIAL_STATUSES = {401, 403}
_MAX_DETAIL = 300
DEFAULT_TIME_LIMIT = 30.0  # seconds for one whole attempt: connect, send, answer
_READ = httpx.ByteStream(b"")  # what a response's stream is once its body has been read

__all__ = ["Outcome", "OutcomeKind", "ServerMessage", "TrackerClient", "classify_response"]


class TrackerClient:
    """POSTs order payloads to one endpoint over one reused connection.

    Certificates are always verified (with the trust store and CA file ``network`` names) and
    redirects never followed; ``network`` also names the proxy. Every ``Outcome`` it
    returns is already redacted: the site token never appears in it, even when the server
    echoes it, and outside text is redacted before it is cut. One attempt takes at most
    ``time_limit`` seconds in all (``deadline.py``), and at most 64 KiB of any answer is read
    (``reply.py``). ``transport`` exists for the unit tests of this class only.
    """

    def __init__(
        self,
        url: str,
        site: str,
        token: SiteToken,
        channel: str = "store",
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        time_limit: float = DEFAULT_TIME_LIMIT,
        network: Network | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        for noisy in ("httpx", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        self.url = check_endpoint_url(url)
        self.site = site
        self.channel = parse_choice(channel, CHANNELS, "channel", "Channel")
        self._token = token
        self.time_limit = time_limit
        self._attempt = AttemptClock()
        self._host = httpx.URL(self.url).host
        self.proxy: str | None = None
        self.setup_problem = ""  # a network setting that cannot be used: every attempt says so
        if transport is None:
            transport = self._transport(network or Network())
        self._http = httpx.Client(
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=False,
            verify=True,
            trust_env=False,
            transport=transport,
            headers={
                "User-Agent": f"posapp/{__version__}",
                "Accept": "application/json",
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        )

    def _transport(self, network: Network) -> httpx.BaseTransport:
        try:
            self.proxy = proxy_for(self.url, network)
            context = ssl_context(network)
        except NetworkSetupError as exc:
            self.setup_problem = str(exc)
            return deadline_transport(self._attempt)  # never used: each attempt says why
        return deadline_transport(self._attempt, context, self.proxy)

    def __repr__(self) -> str:
        return f"TrackerClient(url={self.url!r}, site={self.site!r}, channel={self.channel!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def post_order(self, body: bytes) -> Outcome:
        """Send one payload within ``time_limit`` seconds; classify whatever happens."""
        if self.setup_problem:
            problem = self.setup_problem.rstrip(".")
            return Outcome(OutcomeKind.TRANSIENT, detail=problem, cause=problem)
        limit = self.time_limit
        self._attempt.start(limit)
        try:
            outcome = self._attempt_once(body, limit)
        finally:
            self._attempt.stop()
        return self._sealed(outcome)

    def _attempt_once(self, body: bytes, limit: float) -> Outcome:
        headers = {
            "site": self.site,
            "siteToken": self._token.reveal(),
            "channel": self.channel,
            "Content-Type": "application/json",
        }
        out_of_time = f"the endpoint did not answer in {round(limit, 1):g} s"
        try:
            with self._http.stream("POST", self.url, content=body, headers=headers) as response:
                reply = read_reply(response)
            # httpx leaves the response and its stream pointing at each other: a cycle per
            # order that only the garbage collector frees, and its full collections hold the
            # GIL (the window's thread too) for tens of ms. Read and closed, it is let go here.
            response.stream = _READ
        except (
            httpx.ConnectError,
            httpx.ConnectTimeout,
            httpx.PoolTimeout,
            httpx.ProxyError,
        ) as exc:
            if self._attempt.expired:
                return Outcome(OutcomeKind.TRANSIENT, detail=out_of_time, out_of_time=True)
            cause = certificate_cause(exc, self._host)
            if not cause and self.proxy is not None:
                cause = proxy_cause(exc, self.proxy)
            if cause:
                return Outcome(OutcomeKind.TRANSIENT, detail=cause, cause=cause)
            return Outcome(
                OutcomeKind.TRANSIENT, detail=self._clean(f"endpoint unreachable: {exc}")
            )
        except (httpx.ReadTimeout, httpx.WriteTimeout) as exc:
            if self._attempt.expired:
                return Outcome(OutcomeKind.UNKNOWN, detail=out_of_time, out_of_time=True)
            return Outcome(OutcomeKind.UNKNOWN, detail=self._clean(f"no answer in time: {exc}"))
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
            return Outcome(
                OutcomeKind.UNKNOWN,
                detail=self._clean(f"connection dropped before an answer: {exc}"),
            )
        except httpx.HTTPError as exc:
            return Outcome(OutcomeKind.TRANSIENT, detail=self._clean(f"request failed: {exc}"))
        if response.status_code == 407 and self.proxy is not None:  # the proxy's answer
            cause = proxy_status_cause(407, self.proxy)
            return Outcome(OutcomeKind.TRANSIENT, 407, detail=cause, cause=cause)
        outcome = classify_response(
            response.status_code, response.headers, reply.content, redact=self._token.redact
        )
        if reply.problem:  # the body was not read: say why, not what an empty body looks like
            said = "" if outcome.detail.rstrip().endswith(":") else outcome.detail
            detail = f"{reply.problem}; {said}" if said else reply.problem
            outcome = replace(outcome, detail=detail)
        return outcome

    def _clean(self, text: str) -> str:
        return outside_text(text, self._token.redact)

    def _sealed(self, outcome: Outcome) -> Outcome:
        """A last pass, so that no path can hand out the token: redaction is idempotent."""
        redact = self._token.redact
        return replace(
            outcome,
            messages=tuple(
                ServerMessage(redact(m.code), redact(m.message)) for m in outcome.messages
            ),
            detail=redact(outcome.detail),
            cause=redact(outcome.cause),
        )


def outside_text(text: str, redact: Callable[[str], str] = str, limit: int = _MAX_DETAIL) -> str:
    """Text from outside (a server, an exception) made fit to store and show: redacted FIRST,
    then made one printable line, then cut. Cutting first would leave a token's prefix."""
    return shown(" ".join(redact(text).split()), limit)


def classify_response(
    status: int,
    headers: httpx.Headers | dict[str, str],
    content: bytes,
    now: datetime | None = None,
    *,
    redact: Callable[[str], str] = str,
) -> Outcome:
    """The spec's table: what an HTTP status and JSON body mean for the order.

    Every text taken from the answer goes through ``redact`` before it is cut.
    """
    body = _json_object(content)
    messages = _messages(body, "errors", redact)
    if 200 <= status < 300:
        answer = str(body.get("status", "")).lower() if body is not None else ""
        if answer == "ok":
            return Outcome(OutcomeKind.DELIVERED, status)
        if answer == "warning":
            warnings = _messages(body, "warnings", redact)
            return Outcome(OutcomeKind.DELIVERED_WITH_WARNINGS, status, warnings)
        if answer == "fail":
            return Outcome(OutcomeKind.REJECTED, status, messages or (ServerMessage("fail", ""),))
        return Outcome(
            OutcomeKind.UNKNOWN, status, detail=f"unexpected answer: {_snippet(content, redact)}"
        )
    if status in _CREDENTIAL_STATUSES:
        return Outcome(
            OutcomeKind.CREDENTIALS_REJECTED, status, messages,
            detail="the endpoint refused the site or site token",
        )  # fmt: skip
    retry_after = parse_retry_after(headers.get("Retry-After"), now)
    # the body only when it said nothing clearer
    detail = "" if messages else _snippet(content, redact)
    if status in _TRANSIENT_STATUSES or 500 <= status < 600:
        return Outcome(OutcomeKind.TRANSIENT, status, messages, retry_after, detail)
    if 300 <= status < 400:
        where = outside_text(headers.get("Location", ""), redact, 120)
        return Outcome(
            OutcomeKind.TRANSIENT,
            status,
            detail=f"the endpoint redirects to {where!r}: check the endpoint URL",
        )
    if status in _REJECTED_STATUSES or 400 <= status < 500:
        return Outcome(OutcomeKind.REJECTED, status, messages, detail=detail)
    return Outcome(OutcomeKind.UNKNOWN, status, messages, detail=detail)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: ``120`` or an HTTP date; None when absent."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(min(int(text), 86400 * 365))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _json_object(content: bytes) -> dict[str, Any] | None:
    try:
        body = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


def _messages(
    body: dict[str, Any] | None, key: str, redact: Callable[[str], str]
) -> tuple[ServerMessage, ...]:
    entries = body.get(key) if body is not None else None
    if not isinstance(entries, list):
        return ()
    found = []
    for entry in entries[:20]:
        if isinstance(entry, dict):
            code = outside_text(str(entry.get("code", "")), redact, 80)
            message = outside_text(str(entry.get("message", "")), redact)
            found.append(ServerMessage(code or "error", message))
        else:
            found.append(ServerMessage("error", outside_text(str(entry), redact)))
    return tuple(found)


def _snippet(content: bytes, redact: Callable[[str], str]) -> str:
    return outside_text(content.decode("utf-8", errors="replace"), redact)
