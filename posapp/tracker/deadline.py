"""A total time limit for one attempt, enforced on every socket operation.

httpx's timeouts apply to each connect, read and write on its own, so an endpoint that drips
one byte every 2 s never trips a 20 s read timeout and can hold an attempt for minutes. Here
the connection pool's network backend gives every operation at most the time left until the
attempt's deadline, and none at all once it has passed; so no attempt outlives its limit
(by more than one TLS handshake step), whatever the server does, on new and reused
connections alike.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

_WRITE_CHUNK = 64 * 1024


class AttemptClock:
    """The deadline of the attempt under way, if any (one attempt at a time per client)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._deadline: float | None = None

    def start(self, seconds: float) -> None:
        self._deadline = self._clock() + seconds

    def stop(self) -> None:
        self._deadline = None

    @property
    def expired(self) -> bool:
        return self._deadline is not None and self._clock() >= self._deadline

    def bound(self, timeout: float | None, error: type[Exception]) -> float | None:
        """``timeout`` cut to the time left; ``error`` when none is left."""
        if self._deadline is None:
            return timeout
        left = self._deadline - self._clock()
        if left <= 0:
            raise error("the attempt's time limit has passed")
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, clock: AttemptClock) -> None:
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clock.bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        for start in range(0, len(buffer), _WRITE_CHUNK):
            chunk = buffer[start : start + _WRITE_CHUNK]
            self._inner.write(chunk, self._clock.bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = self._clock.bound(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, bounded), self._clock)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, clock: AttemptClock) -> None:
        self._inner = httpcore.SyncBackend()
        self._clock = clock

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = self._clock.bound(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _Stream(stream, self._clock)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:  # pragma: no cover - posapp never talks over a unix socket
        bounded = self._clock.bound(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, bounded, socket_options), self._clock)

    def sleep(self, seconds: float) -> None:  # pragma: no cover - retries are off
        self._inner.sleep(seconds)


def deadline_transport(
    clock: AttemptClock, context: ssl.SSLContext | None = None, proxy: str | None = None
) -> httpx.HTTPTransport:
    """httpx's own transport (certificates verified with ``context``, by default certifi's)
    over a connection pool whose every socket operation ``clock`` bounds: direct, or through
    the http:// ``proxy`` (a CONNECT tunnel for https://, whose socket is bounded the same)."""
    context = context or httpx.create_ssl_context(verify=True, trust_env=False)
    transport = httpx.HTTPTransport(verify=context, trust_env=False)
    # httpx offers no public way to give its pool a network backend; the drip-server tests
    # (tests/integration/test_hostile_endpoints.py, test_network_setup.py) fail if this ever
    # stops working.
    pool: dict[str, Any] = {
        "ssl_context": context,
        "max_connections": 10,
        "max_keepalive_connections": 1,
        "keepalive_expiry": 5.0,
        "network_backend": _Backend(clock),
    }
    if proxy is None:
        transport._pool = httpcore.ConnectionPool(**pool)
        return transport
    via = httpx.Proxy(proxy)  # the user and password in the URL become its raw_auth
    transport._pool = httpcore.HTTPProxy(
        proxy_url=httpcore.URL(
            scheme=via.url.raw_scheme,
            host=via.url.raw_host,
            port=via.url.port,
            target=via.url.raw_path,
        ),
        proxy_auth=via.raw_auth,
        proxy_headers=via.headers.raw,
        **pool,
    )
    return transport
